"""Reading a number the way participants type it: "35", " 35 % ", "2,5", "4 h".

Shared by the steps that ask for a number (05's exposure, 06's hours); each step keeps its
own range and its own kind message, and raises its own error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def read_number(value: Any, units: Sequence[str] = ()) -> int | float | None:
    """The number in ``value`` (a number, or text with an optional unit from ``units`` at the
    end and a decimal comma allowed); None when there is none to read (blank, words, NaN,
    true/false). Longer units must come before their endings ("hours" before "h")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = value.strip().lower()
        for unit in units:
            if text.endswith(unit):
                text = text[: -len(unit)].strip()
                break
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None
    if not isinstance(value, int | float) or value != value:  # NaN is not a number here
        return None
    return value

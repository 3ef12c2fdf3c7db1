"""Build one part of a step's exercise, as the step registry (``steps.py``) names it.

A notebook cell calls ``step.exercise("part")``; with no name, the step's first part.
"""

from __future__ import annotations

from typing import Any

from .. import steps


def build(session, part: str | None = None) -> Any:
    try:
        builder = steps.get(session.step.id).part(part)
    except LookupError as exc:
        raise LookupError(f"{session.step.title} {exc}.") from None
    return builder(session)

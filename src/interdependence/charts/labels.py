"""Participant text as chart labels: wrapped, shortened, and never read as maths."""

from __future__ import annotations

import textwrap


def plain(text: object) -> str:
    """Text matplotlib shows as typed: a ``$`` would otherwise start a formula."""
    return str(text).replace("$", r"\$")


def wrapped(text: object, width: int = 34, lines: int = 2) -> str:
    """Wrap to ``width`` characters and at most ``lines`` lines, ending in … if cut."""
    parts = textwrap.wrap(" ".join(str(text).split()), width=width) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return plain("\n".join(parts))

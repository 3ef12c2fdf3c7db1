"""Untrusted text (file names, reasons from a cohort folder) made safe to show a person.

Used by the command line and by the report and dashboard tables of set-aside files, so a
file name can neither drive a terminal nor reorder what a page shows.
"""

from __future__ import annotations

import unicodedata

#: Unicode categories that can move the cursor, clear the screen, reorder what a terminal
#: shows or stop it printing at all: controls (C0, DEL, C1, ESC), format characters (bidi
#: overrides and isolates such as U+202E, U+2066..U+2069), line and paragraph separators,
#: and lone surrogates (an undecodable byte in a file name).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def safe_text(text: object) -> str:
    """``text`` made safe to print on a terminal: every control or invisible formatting
    character is shown as a visible escape (ESC as ``\\x1b``, U+202E as ``\\u202e``), so a
    file name or a reason from a cohort folder cannot clear the screen, start a new line or
    reorder what the facilitator reads. Everything else is kept as it is."""
    text = str(text)
    if text.isprintable():  # the usual case: nothing to do
        return text
    return "".join(_escape(c) if c != " " and unicodedata.category(c) in _UNSAFE_CATEGORIES
                   else c for c in text)

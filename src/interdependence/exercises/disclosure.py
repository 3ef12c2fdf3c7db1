"""Step 05, practice vulnerability: the disclosure ladder, sentence completions, practice plan.

Journal keys (see ``exercises/__init__.py``): ``disclosures`` is a list of
{"id", "text", "exposure" 0-100, "person"}; ``completions`` maps a sentence-stem id to the
participant's ending; ``practice`` is {"what", "who", "date" (YYYY-MM-DD or None)}.
Plain functions over the journal: no widgets, no charts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from .. import steps

STEP_ID = steps.DISCLOSURE.id
EXPOSURE_MESSAGE = "Please give a number from 0 to 100 for how exposed it would feel."
TEXT_MESSAGE = "Please write a few words about what you could share."
DATE_MESSAGE = "Please give the date as year-month-day, for example 2026-05-14."
PLAN_FIELDS = ("what", "who", "date")


# ---- checking what was typed ---------------------------------------------------------------


def parse_exposure(value: Any) -> int:
    """0-100 from a number or typed text; ValueError with a plain message otherwise."""
    if isinstance(value, bool):
        raise ValueError(EXPOSURE_MESSAGE)
    if isinstance(value, str):
        value = value.strip().rstrip("%").strip()
        try:
            value = float(value.replace(",", "."))
        except ValueError:
            raise ValueError(EXPOSURE_MESSAGE) from None
    if not isinstance(value, int | float) or value != value or not 0 <= value <= 100:
        raise ValueError(EXPOSURE_MESSAGE)
    return int(round(value))


def parse_date(value: Any) -> str | None:
    """An ISO date string (YYYY-MM-DD) from a date or typed text; None when left blank."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(DATE_MESSAGE) from None


# ---- the ladder ----------------------------------------------------------------------------


def disclosures(journal) -> list[dict]:
    """The entries in the order they were added."""
    return journal.exercise(STEP_ID, "disclosures", []) or []


def _entry(text: Any, exposure: Any, person: Any) -> dict:
    text = str(text or "").strip()
    if not text:
        raise ValueError(TEXT_MESSAGE)
    return {"text": text, "exposure": parse_exposure(exposure),
            "person": str(person or "").strip()}


def add_disclosure(journal, text: Any, exposure: Any, person: Any = "") -> dict:
    """Add one rung; returns it (with its new id). Raises ValueError for bad input."""
    entry = {"id": uuid.uuid4().hex[:8], **_entry(text, exposure, person)}
    journal.set_exercise(STEP_ID, "disclosures", [*disclosures(journal), entry])
    return entry


def update_disclosure(journal, entry_id: str, text: Any, exposure: Any,
                      person: Any = "") -> dict:
    changed = _entry(text, exposure, person)
    entries = disclosures(journal)
    for entry in entries:
        if entry["id"] == entry_id:
            entry.update(changed)
            journal.set_exercise(STEP_ID, "disclosures", entries)
            return entry
    raise KeyError(entry_id)


def remove_disclosure(journal, entry_id: str) -> None:
    entries = [e for e in disclosures(journal) if e["id"] != entry_id]
    journal.set_exercise(STEP_ID, "disclosures", entries)


def ladder(journal) -> list[dict]:
    """The rungs from least to most exposed; equal exposures keep the order they were added."""
    return sorted(disclosures(journal), key=lambda e: e["exposure"])


# ---- sentence completions ------------------------------------------------------------------


def completions(journal) -> dict[str, str]:
    return journal.exercise(STEP_ID, "completions", {}) or {}


def set_completion(journal, stem_id: str, text: Any) -> None:
    """Save one ending; a blank one is removed, so it counts as not answered."""
    saved = completions(journal)
    text = str(text or "").strip()
    if text:
        saved[stem_id] = text
    else:
        saved.pop(stem_id, None)
    journal.set_exercise(STEP_ID, "completions", saved)


# ---- the practice plan ---------------------------------------------------------------------


def practice(journal) -> dict:
    saved = journal.exercise(STEP_ID, "practice", {}) or {}
    return {"what": saved.get("what", ""), "who": saved.get("who", ""),
            "date": saved.get("date")}


def set_practice(journal, what: Any = "", who: Any = "", date: Any = None) -> dict:
    """Save the whole plan; the date is checked and stored as YYYY-MM-DD (or None)."""
    plan = {"what": str(what or "").strip(), "who": str(who or "").strip(),
            "date": parse_date(date)}
    journal.set_exercise(STEP_ID, "practice", plan)
    return plan


def plan_date(plan: dict) -> dt.date | None:
    return dt.date.fromisoformat(plan["date"]) if plan.get("date") else None

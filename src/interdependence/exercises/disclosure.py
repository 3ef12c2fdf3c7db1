"""Step 05, practice vulnerability: the disclosure ladder, sentence completions, practice plan.

Journal keys (see ``exercises/__init__.py``), all under this step:

- ``disclosures``: list of {"id", "text", "exposure" 0-100, "person"}, in the order they
  were added (a :class:`~interdependence.exercises.keyed_list.KeyedList`);
- ``completions``: {sentence-stem id: the participant's ending};
- ``practice``: {"what", "who", "date" (YYYY-MM-DD or None)}.

The step shares no summary with the group: everything here is the participant's own words.
Each problem with the participant's input raises :class:`DisclosureError` with a message
meant for them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import steps
from .keyed_list import Entry, KeyedList, ListRules
from .model import ExerciseError, ExerciseModel
from .numbers import read_number

EXPOSURE_MESSAGE = "Please give a number from 0 to 100 for how exposed it would feel."
TEXT_MESSAGE = "Please write a few words about what you could share."
DATE_MESSAGE = "Please give the date as year-month-day, for example 2026-05-14."
PLAN_FIELDS = ("what", "who", "date")


class DisclosureError(ExerciseError):
    """Input that cannot be saved; the message is written for the participant."""


# ---- checking what was typed ---------------------------------------------------------------


def parse_exposure(value: Any) -> int:
    """0-100 from a number or typed text ("35", " 35 % ", "12,6")."""
    number = read_number(value, units=("%",))
    if number is None or not 0 <= number <= 100:
        raise DisclosureError(EXPOSURE_MESSAGE)
    return int(round(number))


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
        raise DisclosureError(DATE_MESSAGE) from None


def clean_disclosure(values: dict[str, Any], others: list[Entry]) -> dict[str, Any]:
    """The stored fields of a rung, checked: some words first, then a number 0-100."""
    text = str(values.get("text") or "").strip()
    if not text:
        raise DisclosureError(TEXT_MESSAGE)
    return {"text": text, "exposure": parse_exposure(values.get("exposure")),
            "person": str(values.get("person") or "").strip()}


def exposure_of(entry: Entry) -> int | float | None:
    """A rung's exposure, or None when it is missing or damaged."""
    value = entry.get("exposure")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def plan_date(plan: dict[str, Any]) -> dt.date | None:
    """The plan's date as a date (None when there is none, or it cannot be read)."""
    try:
        return dt.date.fromisoformat(plan["date"]) if plan.get("date") else None
    except (TypeError, ValueError):
        return None


def _rank(entry: Entry) -> tuple[bool, float]:
    number = exposure_of(entry)
    return (number is None, number or 0)


RULES = ListRules(
    prefix="d", clean=clean_disclosure,
    gone="That rung is no longer on your ladder.",
    error=DisclosureError,
)


class DisclosureLadder(ExerciseModel):
    """Step 05 of one journal. ``disclosures`` is the ladder's list (add, update, remove,
    restore); the sentence endings and the practice plan are saved whole."""

    STEP_ID = steps.DISCLOSURE.id

    def __init__(self, journal: Any):
        super().__init__(journal)
        self.disclosures = KeyedList(self, "disclosures", RULES)

    # ---- the ladder ---------------------------------------------------------------------

    def ladder(self) -> list[Entry]:
        """The rungs from least to most exposed; equal exposures keep the order they were
        added. A rung without a readable number (a damaged entry) goes to the top, where it
        can still be changed or removed."""
        return sorted(self.disclosures.items(), key=_rank)

    def chart_rungs(self) -> list[Entry]:
        """Chart data: the ladder's rungs that have a number, least exposed first."""
        return [e for e in self.ladder() if exposure_of(e) is not None]

    # ---- sentence completions -----------------------------------------------------------

    def completions(self) -> dict[str, str]:
        saved = self.read("completions", {})
        if not isinstance(saved, dict):
            return {}
        return {k: v for k, v in saved.items() if isinstance(v, str)}

    def set_completion(self, stem_id: str, text: Any) -> None:
        """Save one ending; a blank one is removed, so it counts as not answered."""
        saved = self.completions()
        text = str(text or "").strip()
        if text:
            saved[stem_id] = text
        else:
            saved.pop(stem_id, None)
        self.save({"completions": saved})

    # ---- the practice plan --------------------------------------------------------------

    def practice(self) -> dict[str, Any]:
        saved = self.read("practice", {})
        saved = saved if isinstance(saved, dict) else {}
        return {"what": str(saved.get("what") or ""), "who": str(saved.get("who") or ""),
                "date": saved.get("date")}

    def set_practice(self, what: Any = "", who: Any = "", date: Any = None) -> dict[str, Any]:
        """Save the whole plan; the date is checked and stored as YYYY-MM-DD (or None)."""
        plan = {"what": str(what or "").strip(), "who": str(who or "").strip(),
                "date": parse_date(date)}
        self.save({"practice": plan})
        return plan

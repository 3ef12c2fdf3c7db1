"""Step 05, practice vulnerability: the disclosure ladder, sentence completions, practice plan.

Journal keys (see ``exercises/__init__.py``), all under this step:

- ``disclosures``: list of {"id", "text", "exposure" 0-100, "person"}, in the order they
  were added (a :class:`~interdependence.exercises.keyed_list.KeyedList`);
- ``completions``: {sentence-stem id: the participant's ending};
- ``practice``: {"what", "who", "date" (YYYY-MM-DD or None)}. The date is typed in UK
  order ("12 May 2026", "12/05/2026", "2026-05-12": :func:`read_date`) and always stored
  as YYYY-MM-DD, as it has been since the step began.

The step shares no summary with the group: everything here is the participant's own words.
Each problem with the participant's input raises :class:`DisclosureError` with a message
meant for them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from .. import steps
from .keyed_list import Entry, KeyedList, ListRules
from .model import ExerciseError, ExerciseModel
from .numbers import read_number

EXPOSURE_MESSAGE = "Please give a number from 0 to 100 for how exposed it would feel."
TEXT_MESSAGE = "Please write a few words about what you could share."
DATE_MESSAGE = ("I could not read “{typed}” as a date. Please write it like 12 May 2026 or "
                "12/05/2026 (the day first), or leave it empty.")
#: Month names and their usual short forms, in English: 1 to 12.
MONTHS = {name.lower(): n for n in range(1, 13)
          for name in (calendar.month_name[n], calendar.month_abbr[n])}
MONTHS["sept"] = 9
_WEEKDAYS = {d.lower() for d in (*calendar.day_name, *calendar.day_abbr)}
_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")
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


def parse_date(value: Any, today: dt.date | None = None) -> str | None:
    """An ISO date string (YYYY-MM-DD) from a date or typed text; None when left blank.
    Typed text is read in UK order (:func:`read_date`)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    when = read_date(str(value), today=today)
    return when.isoformat() if when else None


def read_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """A date typed as people in the UK write one: "12 May 2026", "Tuesday 12th May",
    "12/05/2026" or "12.5.26" (the day first), "2026-05-12"; None for an empty box.
    A date with no year is the next such day from ``today``. Anything else raises
    :class:`DisclosureError`, whose message repeats what was typed (nothing is lost)."""
    typed = " ".join(str(text or "").split())
    if not typed:
        return None
    try:
        found = _read(typed.lower().replace(",", " "), today or dt.date.today())
    except ValueError:  # 31/02/2026, a month of 13: a date that does not exist
        found = None
    if found is None:
        raise DisclosureError(DATE_MESSAGE.format(typed=typed[:40]))
    return found


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)


def _read(text: str, today: dt.date) -> dt.date | None:
    iso = _ISO.fullmatch(text)
    if iso:
        return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        return dt.date(_year(numeric[3]), int(numeric[2]), int(numeric[1]))
    words = [w for w in text.replace(".", " ").split() if w not in _WEEKDAYS and w != "of"]
    day = [w for w in words if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w)]
    month = [MONTHS[w] for w in words if w in MONTHS]
    year = [w for w in words if re.fullmatch(r"\d{4}", w)]
    if len(day) != 1 or len(month) != 1 or len(year) > 1 or len(words) != 2 + len(year):
        return None
    number = int(re.sub(r"\D", "", day[0]))
    if year:
        return dt.date(int(year[0]), month[0], number)
    when = dt.date(today.year, month[0], number)
    return when if when >= today else dt.date(today.year + 1, month[0], number)


def date_in_words(when: dt.date) -> str:
    """A date as the plan says it: "Tuesday 12 May 2026"."""
    return f"{calendar.day_name[when.weekday()]} {when.day} {calendar.month_name[when.month]} " \
           f"{when.year}"


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
        """Save the whole plan; the date is checked and stored as YYYY-MM-DD (or None).

        A date that cannot be read raises :class:`DisclosureError` after the rest of the
        plan is saved, with the date kept as it was: what was typed is never lost."""
        plan: dict[str, Any] = {"what": str(what or "").strip(), "who": str(who or "").strip()}
        try:
            plan["date"] = parse_date(date)
        except DisclosureError:
            self.save({"practice": {**plan, "date": self.practice()["date"]}})
            raise
        self.save({"practice": plan})
        return plan

"""Step 06, set self boundaries: the load audit, one decision per task, scripts.

Journal keys (see ``exercises/__init__.py``), all under this step:

- ``load``: list of {"id", "task", "hours" per week, "only_me": bool,
  "energy": low|medium|high|None, "decision": keep|drop|delegate|ask|None}
  (a :class:`~interdependence.exercises.keyed_list.KeyedList`);
- ``hours_available``: a number or None;
- ``scripts``: list of {"id", "kind": say_no|ask_for_help, "situation", "feeling",
  "request", "why"} (a KeyedList too).

``energy`` is how draining a task is. Hours alone miss that two hours of a hard
conversation can cost more than ten of a routine job. None means "prefer not to say" (or not
answered yet); tasks saved before energy was asked have no ``energy`` key and read as None.

Each problem with the participant's input raises :class:`BoundaryError` with a message meant
for them. The share summary holds numbers only, never a task's name or a script's words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .. import steps
from .keyed_list import Entry, KeyedList, ListRules
from .model import ExerciseError, ExerciseModel
from .numbers import read_number

HOURS_IN_A_WEEK = steps.HOURS_IN_A_WEEK
HOURS_MESSAGE = "Please give the hours as a number from 0 to 168, for example 4 or 2.5."
TASK_MESSAGE = "Please write a few words naming the responsibility."
SCRIPT_MESSAGE = "Please write at least one part of the script first."
HOUR_UNITS = ("hours", "hour", "hrs", "hr", "h")

#: How draining a task is, as stored in the journal (and the step YAML's ``energy_levels``
#: ids), from least to most. None: prefer not to say.
ENERGY = ("low", "medium", "high")
ENERGY_MESSAGE = "Please choose low, medium or high, or prefer not to say."

#: The decisions as stored in the journal, in the order they are offered.
DECISIONS = ("keep", "drop", "delegate", "ask")
#: The step YAML's ids for the decisions and script parts -> the journal's keys. The YAML
#: ids are stable content ids; the journal keys are the contract other modules read.
DECISION_KEYS = {"keep": "keep", "drop": "drop", "delegate": "delegate",
                 "ask_for_help": "ask", "ask": "ask"}
SCRIPT_KINDS = ("say_no", "ask_for_help")
SCRIPT_PARTS = ("situation", "feeling", "request", "why")
SCRIPT_PART_KEYS = {"situation": "situation", "feeling": "feeling", "request": "request",
                    "why_both": "why", "why": "why"}


class BoundaryError(ExerciseError):
    """Input that cannot be saved; the message is written for the participant."""


# ---- checking what was typed ---------------------------------------------------------------


def parse_hours(value: Any, allow_blank: bool = False) -> int | float | None:
    """Hours per week, 0-168, from a number or typed text ("2.5", "2,5", "4 h")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_blank:
            return None
        raise BoundaryError(HOURS_MESSAGE)
    number = read_number(value, units=HOUR_UNITS)
    if number is None or not 0 <= number <= HOURS_IN_A_WEEK:
        raise BoundaryError(HOURS_MESSAGE)
    return _tidy(number)


def _tidy(number: float) -> int | float:
    """Hours rounded to two places, and a whole number as an int (40, not 40.0)."""
    number = round(float(number), 2)
    return int(number) if number.is_integer() else number


def decision_key(option_id: str | None) -> str | None:
    """The stored decision for a YAML option id (``ask_for_help`` -> ``ask``), or None."""
    if option_id in (None, ""):
        return None
    try:
        return DECISION_KEYS[str(option_id)]
    except KeyError:
        raise BoundaryError(f"{option_id!r} is not one of keep, drop, delegate or ask") from None


def energy_of(entry: Mapping[str, Any]) -> str | None:
    """A task's energy, None when not given (or saved before energy was asked)."""
    value = entry.get("energy")
    return value if value in ENERGY else None


def parse_energy(value: Any) -> str | None:
    """low / medium / high, or None for "prefer not to say" (None or "")."""
    if value in (None, ""):
        return None
    if value not in ENERGY:
        raise BoundaryError(ENERGY_MESSAGE)
    return str(value)


def clean_task(values: dict[str, Any], others: list[Entry]) -> dict[str, Any]:
    """The stored fields of a responsibility, checked. ``energy`` and ``decision`` are
    stored only when given, so changing the words keeps the decision already made (and the
    energy, when none is given; a task from before energy was asked stays without one)."""
    task = str(values.get("task") or "").strip()
    if not task:
        raise BoundaryError(TASK_MESSAGE)
    fields = {"task": task, "hours": parse_hours(values.get("hours")),
              "only_me": bool(values.get("only_me"))}
    if "energy" in values:
        fields["energy"] = parse_energy(values["energy"])
    if "decision" in values:
        fields["decision"] = decision_key(values["decision"])
    return fields


def script_fields(kind: Any, parts: Mapping[str, Any]) -> dict[str, str]:
    """A script's stored fields from its kind and its parts keyed by YAML part id."""
    if kind not in SCRIPT_KINDS:
        raise BoundaryError(f"A script is for saying no or asking for help, not {kind!r}")
    fields = dict.fromkeys(SCRIPT_PARTS, "")
    for part_id, text in parts.items():
        key = SCRIPT_PART_KEYS.get(part_id)
        if key is None:
            raise BoundaryError(f"{part_id!r} is not a part of a script")
        fields[key] = str(text or "").strip()
    return {"kind": str(kind), **fields}


def clean_script(values: dict[str, Any], others: list[Entry]) -> dict[str, str]:
    """``values``: {"kind", part id: text, ...}; a script needs at least one part written."""
    parts = {k: v for k, v in values.items() if k not in ("kind", "id")}
    fields = script_fields(values.get("kind"), parts)
    if is_blank(fields):
        raise BoundaryError(SCRIPT_MESSAGE)
    return fields


def is_blank(script: Mapping[str, Any]) -> bool:
    return not any(str(script.get(p) or "").strip() for p in SCRIPT_PARTS)


def _sentence(text: Any) -> str:
    text = " ".join(str(text or "").split())
    if text and text[-1] not in ".!?…\"'”’)":
        text += "."
    return text[:1].upper() + text[1:]


def script_text(script: Mapping[str, Any]) -> str:
    """The finished words: the parts that were written, in order, as one short paragraph."""
    return " ".join(s for s in (_sentence(script.get(p, "")) for p in SCRIPT_PARTS) if s)


# ---- sums ----------------------------------------------------------------------------------


def _hours_of(entries: list[Entry], keep: Callable[[Entry], Any] | None = None) -> int | float:
    return _tidy(sum(float(e.get("hours") or 0) for e in entries if keep is None or keep(e)))


def load_totals(entries: list[Entry], available: int | float | None) -> dict[str, Any]:
    """Total hours and how they compare with the hours available.

    ``over`` is True/False when the hours available are known, None when not;
    ``difference`` is total minus available (positive = over).
    """
    total = _hours_of(entries)
    return {"tasks": len(entries), "hours": total,
            "only_me_hours": _hours_of(entries, lambda e: bool(e.get("only_me"))),
            "available": available,
            "over": None if available is None else total > available,
            "difference": None if available is None else _tidy(total - available)}


def energy_counts(entries: list[Entry]) -> dict[str, int]:
    """How many tasks are low, medium or high energy; "prefer not to say" is left out."""
    counts = dict.fromkeys(ENERGY, 0)
    for entry in entries:
        level = energy_of(entry)
        if level is not None:
            counts[level] += 1
    return counts


def energy_hours(entries: list[Entry]) -> dict[str, int | float]:
    """The hours a week at each energy level; tasks without one are left out."""
    def at(level: str) -> Callable[[Entry], bool]:
        return lambda entry: energy_of(entry) == level

    return {level: _hours_of(entries, at(level)) for level in ENERGY}


def decision_counts(entries: list[Entry]) -> dict[str, int]:
    """How many tasks got each decision; undecided ones are left out."""
    counts = dict.fromkeys(DECISIONS, 0)
    for entry in entries:
        if entry.get("decision") in counts:
            counts[entry["decision"]] += 1
    return counts


TASK_RULES = ListRules(
    prefix="t", clean=clean_task,
    gone="That responsibility is no longer on your list.",
    error=BoundaryError,
    defaults={"energy": None, "decision": None},
)
SCRIPT_RULES = ListRules(
    prefix="s", clean=clean_script,
    gone="That script is no longer in your list.",
    error=BoundaryError,
)


class Boundaries(ExerciseModel):
    """Step 06 of one journal. ``tasks`` (journal key ``load``) and ``scripts`` are lists
    (add, update, remove, restore); the hours available are one number."""

    STEP_ID = steps.BOUNDARIES.id

    def __init__(self, journal: Any):
        super().__init__(journal)
        self.tasks = KeyedList(self, "load", TASK_RULES)
        self.scripts = KeyedList(self, "scripts", SCRIPT_RULES)

    # ---- the load audit -----------------------------------------------------------------

    def set_decision(self, task_id: str, option_id: str | None) -> Entry:
        """Keep, drop, delegate, ask for help (a YAML option id), or None: not decided."""
        entry = self.tasks.find(task_id)
        if entry is None:
            raise BoundaryError(TASK_RULES.gone)
        return self.tasks.update(task_id, {**entry, "decision": option_id})

    def hours_available(self) -> int | float | None:
        value = self.read("hours_available")
        return None if isinstance(value, bool) or not isinstance(value, int | float) else value

    def set_hours_available(self, value: Any) -> int | float | None:
        """Save the hours the participant really has in a week; blank clears it."""
        hours = parse_hours(value, allow_blank=True)
        self.save({"hours_available": hours})
        return hours

    def totals(self) -> dict[str, Any]:
        return load_totals(self.tasks.items(), self.hours_available())

    def load_data(self, energy_labels: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Chart data: the responsibilities (each with its energy, if given), the hours
        available, and the words for each energy level."""
        return {"tasks": self.tasks.items(), "available": self.hours_available(),
                "energy_labels": dict(energy_labels or {})}

    # ---- scripts ------------------------------------------------------------------------

    def write_script(self, script_id: str | None, values: dict[str, Any]) -> Entry | None:
        """Autosave of the script being written (``values``: "kind" and parts by part id):
        add it, or change the one with ``script_id``. A script emptied by hand is removed;
        then None is returned (and nothing is written for an empty new one)."""
        if is_blank(script_fields(values.get("kind"), {k: v for k, v in values.items()
                                                       if k != "kind"})):
            if script_id is not None:
                self.scripts.remove(script_id)
            return None
        if script_id is not None and self.scripts.find(script_id) is not None:
            return self.scripts.update(script_id, values)
        return self.scripts.add(values)

    def script_number(self, script_id: str) -> int | None:
        """A script's place in the list, from 1 (None if it is not there)."""
        ids = self.scripts.ids()
        return ids.index(script_id) + 1 if script_id in ids else None

    # ---- what the group may see ---------------------------------------------------------

    def share_summary(self) -> dict[str, Any]:
        """Numbers only, for the cohort dashboard: never a task name or a word of a script."""
        entries = self.tasks.items()
        summary = load_totals(entries, self.hours_available())
        return {
            "tasks": len(entries),
            "hours": summary["hours"],
            "hours_available": summary["available"],
            "decisions": decision_counts(entries),
            "energy": energy_counts(entries),
            "scripts": sum(1 for s in self.scripts.items() if not is_blank(s)),
        }

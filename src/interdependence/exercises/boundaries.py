"""Step 06, set self boundaries: the load audit, one decision per task, scripts.

Journal keys (see ``exercises/__init__.py``): ``load`` is a list of {"id", "task", "hours"
per week, "only_me": bool, "energy": low|medium|high|None, "decision":
keep|drop|delegate|ask|None}; ``hours_available``
is a number or None; ``scripts`` is a list of {"id", "kind": say_no|ask_for_help,
"situation", "feeling", "request", "why"}. Plain functions: no widgets, no charts.

``energy`` is how draining a task is. Hours alone miss that two hours of a hard
conversation can cost more than ten of a routine job. None means "prefer not to say" (or not
answered yet); tasks saved before energy was asked have no ``energy`` key and read as None.
"""

from __future__ import annotations

import uuid
from typing import Any

from .. import steps

STEP_ID = steps.BOUNDARIES.id
HOURS_IN_A_WEEK = 168
HOURS_MESSAGE = "Please give the hours as a number from 0 to 168, for example 4 or 2.5."
TASK_MESSAGE = "Please write a few words naming the responsibility."
SCRIPT_MESSAGE = "Please write at least one part of the script first."

#: How draining a task is, as stored in the journal (and the step YAML's ``energy_levels``
#: ids), from least to most. None: prefer not to say.
ENERGY = ("low", "medium", "high")
ENERGY_MESSAGE = "Please choose low, medium or high, or prefer not to say."
_KEEP = object()  # update_task: leave the saved energy as it is

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


# ---- checking what was typed ---------------------------------------------------------------


def parse_hours(value: Any, allow_blank: bool = False) -> float | None:
    """Hours per week, 0-168, from a number or typed text ("2.5", "2,5", "4 h")."""
    if isinstance(value, bool):
        raise ValueError(HOURS_MESSAGE)
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_blank:
            return None
        raise ValueError(HOURS_MESSAGE)
    if isinstance(value, str):
        text = value.strip().lower()
        for unit in ("hours", "hour", "hrs", "hr", "h"):
            if text.endswith(unit):
                text = text[: -len(unit)].strip()
                break
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(HOURS_MESSAGE) from None
    if not isinstance(value, int | float) or value != value:
        raise ValueError(HOURS_MESSAGE)
    if not 0 <= value <= HOURS_IN_A_WEEK:
        raise ValueError(HOURS_MESSAGE)
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def decision_key(option_id: str | None) -> str | None:
    """The stored decision for a YAML option id (``ask_for_help`` -> ``ask``), or None."""
    if option_id in (None, ""):
        return None
    try:
        return DECISION_KEYS[option_id]
    except KeyError:
        raise ValueError(f"{option_id!r} is not one of keep, drop, delegate or ask") from None


# ---- the load audit ------------------------------------------------------------------------


def tasks(journal) -> list[dict]:
    """The responsibilities in the order they were added."""
    return journal.exercise(STEP_ID, "load", []) or []


def energy_of(entry: dict) -> str | None:
    """A task's energy, None when not given (or saved before energy was asked)."""
    value = entry.get("energy")
    return value if value in ENERGY else None


def parse_energy(value: Any) -> str | None:
    """low / medium / high, or None for "prefer not to say" (None or "")."""
    if value in (None, ""):
        return None
    if value not in ENERGY:
        raise ValueError(ENERGY_MESSAGE)
    return value


def _task_fields(task: Any, hours: Any, only_me: Any) -> dict:
    task = str(task or "").strip()
    if not task:
        raise ValueError(TASK_MESSAGE)
    return {"task": task, "hours": parse_hours(hours), "only_me": bool(only_me)}


def add_task(journal, task: Any, hours: Any, only_me: Any = False, energy: Any = None) -> dict:
    entry = {"id": uuid.uuid4().hex[:8], **_task_fields(task, hours, only_me),
             "energy": parse_energy(energy), "decision": None}
    journal.set_exercise(STEP_ID, "load", [*tasks(journal), entry])
    return entry


def update_task(journal, task_id: str, task: Any, hours: Any, only_me: Any = False,
                energy: Any = _KEEP) -> dict:
    """Change the words, hours, "only me" or energy; the decision already made is kept
    (and the energy too, when none is given)."""
    changed = _task_fields(task, hours, only_me)
    if energy is not _KEEP:
        changed["energy"] = parse_energy(energy)
    return _change(journal, task_id, changed)


def set_decision(journal, task_id: str, decision: str | None) -> dict:
    return _change(journal, task_id, {"decision": decision_key(decision)})


def _change(journal, task_id: str, changed: dict) -> dict:
    entries = tasks(journal)
    for entry in entries:
        if entry["id"] == task_id:
            entry.update(changed)
            journal.set_exercise(STEP_ID, "load", entries)
            return entry
    raise KeyError(task_id)


def remove_task(journal, task_id: str) -> None:
    journal.set_exercise(STEP_ID, "load", [t for t in tasks(journal) if t["id"] != task_id])


def hours_available(journal) -> float | None:
    return journal.exercise(STEP_ID, "hours_available")


def set_hours_available(journal, value: Any) -> float | None:
    """Save the hours the participant really has in a week; blank clears it."""
    hours = parse_hours(value, allow_blank=True)
    journal.set_exercise(STEP_ID, "hours_available", hours)
    return hours


def load_totals(entries: list[dict], available: float | None) -> dict:
    """Total hours and how they compare with the hours available.

    ``over`` is True/False when the hours available are known, None when not;
    ``difference`` is total minus available (positive = over).
    """
    total = round(sum(float(e.get("hours") or 0) for e in entries), 2)
    total = int(total) if float(total).is_integer() else total
    only_me = round(sum(float(e.get("hours") or 0) for e in entries if e.get("only_me")), 2)
    only_me = int(only_me) if float(only_me).is_integer() else only_me
    if available is None:
        return {"tasks": len(entries), "hours": total, "only_me_hours": only_me,
                "available": None, "over": None, "difference": None}
    difference = round(total - available, 2)
    difference = int(difference) if float(difference).is_integer() else difference
    return {"tasks": len(entries), "hours": total, "only_me_hours": only_me,
            "available": available, "over": total > available, "difference": difference}


def totals(journal) -> dict:
    return load_totals(tasks(journal), hours_available(journal))


def energy_counts(entries: list[dict]) -> dict[str, int]:
    """How many tasks are low, medium or high energy; "prefer not to say" is left out."""
    counts = dict.fromkeys(ENERGY, 0)
    for entry in entries:
        if energy_of(entry) is not None:
            counts[energy_of(entry)] += 1
    return counts


def energy_hours(entries: list[dict]) -> dict[str, float]:
    """The hours a week at each energy level; tasks without one are left out."""
    hours = dict.fromkeys(ENERGY, 0.0)
    for entry in entries:
        if energy_of(entry) is not None:
            hours[energy_of(entry)] += float(entry.get("hours") or 0)
    return {k: int(v) if float(v).is_integer() else round(v, 2) for k, v in hours.items()}


def decision_counts(entries: list[dict]) -> dict[str, int]:
    """How many tasks got each decision; undecided ones are left out."""
    counts = dict.fromkeys(DECISIONS, 0)
    for entry in entries:
        if entry.get("decision") in counts:
            counts[entry["decision"]] += 1
    return counts


# ---- scripts -------------------------------------------------------------------------------


def scripts(journal) -> list[dict]:
    return journal.exercise(STEP_ID, "scripts", []) or []


def script_fields(kind: str, parts: dict) -> dict:
    if kind not in SCRIPT_KINDS:
        raise ValueError(f"A script is for saying no or asking for help, not {kind!r}")
    fields = dict.fromkeys(SCRIPT_PARTS, "")
    for part_id, text in parts.items():
        key = SCRIPT_PART_KEYS.get(part_id)
        if key is None:
            raise ValueError(f"{part_id!r} is not a part of a script")
        fields[key] = str(text or "").strip()
    return {"kind": kind, **fields}


def is_blank(script: dict) -> bool:
    return not any(str(script.get(p) or "").strip() for p in SCRIPT_PARTS)


def save_script(journal, kind: str, parts: dict, script_id: str | None = None) -> dict:
    """Add a script, or replace the one with ``script_id``. Parts are keyed by part id."""
    fields = script_fields(kind, parts)
    if is_blank(fields):
        raise ValueError(SCRIPT_MESSAGE)
    saved = scripts(journal)
    for script in saved:
        if script["id"] == script_id:
            script.update(fields)
            journal.set_exercise(STEP_ID, "scripts", saved)
            return script
    script = {"id": script_id or uuid.uuid4().hex[:8], **fields}
    journal.set_exercise(STEP_ID, "scripts", [*saved, script])
    return script


def remove_script(journal, script_id: str) -> None:
    journal.set_exercise(STEP_ID, "scripts",
                         [s for s in scripts(journal) if s["id"] != script_id])


def _sentence(text: str) -> str:
    text = " ".join(str(text or "").split())
    if text and text[-1] not in ".!?…\"'”’)":
        text += "."
    return text[:1].upper() + text[1:]


def script_text(script: dict) -> str:
    """The finished words: the parts that were written, in order, as one short paragraph."""
    return " ".join(s for s in (_sentence(script.get(p, "")) for p in SCRIPT_PARTS) if s)


# ---- what the group may see ----------------------------------------------------------------


def share_summary(journal) -> dict:
    """Numbers only, for the cohort dashboard: never a task name or a word of a script."""
    entries = tasks(journal)
    summary = load_totals(entries, hours_available(journal))
    return {
        "tasks": len(entries),
        "hours": summary["hours"],
        "hours_available": summary["available"],
        "decisions": decision_counts(entries),
        "energy": energy_counts(entries),
        "scripts": sum(1 for s in scripts(journal) if not is_blank(s)),
    }

"""Step 03, the ask ladder: small asks ranked by expected discomfort, one picked, reported on.

Journal keys (see ``exercises/__init__.py``), all under step ``03-start-small``:

- ``asks``: list of {"id", "text", "discomfort" 0-100}, in the order they were added;
- ``chosen``: the id of this week's ask, or None;
- ``outcomes``: {ask id: {"done": bool, "actual": 0-100 | None, "note": str}}.

Plain functions over the journal. Each change is saved at once; each problem with the
participant's input raises :class:`AskError` with a message meant for them.
"""

from __future__ import annotations

import secrets
from typing import Any

STEP_ID = "03-start-small"
MIN_ASKS = 5
MAX_ASKS = 12
MAX_TEXT = 200


class AskError(ValueError):
    """Input that cannot be saved; the message is written for the participant."""


class LadderFull(AskError):
    """A 13th ask: kindly refused."""


# ---- reading ----------------------------------------------------------------------------


def asks(journal) -> list[dict[str, Any]]:
    """The asks in the order they were added."""
    return journal.exercise(STEP_ID, "asks", []) or []


def ladder(journal) -> list[dict[str, Any]]:
    """The asks from the easiest rung (lowest expected discomfort) to the hardest.

    Equal discomfort keeps the order the asks were added in.
    """
    return sorted(asks(journal), key=lambda a: a["discomfort"])


def find(journal, ask_id: str | None) -> dict[str, Any] | None:
    return next((a for a in asks(journal) if a["id"] == ask_id), None)


def chosen(journal) -> dict[str, Any] | None:
    """This week's ask, or None if none is picked (or the picked one was removed)."""
    return find(journal, journal.exercise(STEP_ID, "chosen"))


def outcomes(journal) -> dict[str, dict[str, Any]]:
    return journal.exercise(STEP_ID, "outcomes", {}) or {}


def outcome(journal, ask_id: str) -> dict[str, Any] | None:
    return outcomes(journal).get(ask_id)


def still_needed(journal, minimum: int = MIN_ASKS) -> int:
    """How many more asks make a ladder of ``minimum`` rungs (0 when there are enough)."""
    return max(0, minimum - len(asks(journal)))


# ---- checking input ----------------------------------------------------------------------


def parse_discomfort(value: Any, *, required: bool = True) -> int | None:
    """A whole number 0-100 from a widget value ("35", 35, 35.0); None if blank and allowed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise AskError("Please give a number from 0 to 100 for how uncomfortable it feels.")
        return None
    if isinstance(value, bool):
        raise AskError("Please give a number from 0 to 100.")
    text = str(value).strip().rstrip("%").strip()
    try:
        number = float(text)
    except ValueError:
        raise AskError(f'"{text}" is not a number. Please give a number from 0 to 100.') from None
    if number != number or not 0 <= number <= 100:  # NaN or out of range
        raise AskError("Please give a number from 0 to 100.")
    return round(number)


def clean_text(text: Any) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise AskError("Please write a few words about the ask first, such as "
                       '"Ask R to take in a parcel".')
    if len(text) > MAX_TEXT:
        raise AskError(f"Please keep each ask short (up to {MAX_TEXT} characters); "
                       f"this one has {len(text)}.")
    return text


# ---- changing ----------------------------------------------------------------------------


def add_ask(journal, text: Any, discomfort: Any, maximum: int = MAX_ASKS) -> dict[str, Any]:
    """Add one rung. Refuses a rung beyond ``maximum`` with :class:`LadderFull`."""
    current = asks(journal)
    if len(current) >= maximum:
        raise LadderFull(
            f"Your ladder already has {maximum} asks, which is plenty to climb. To add a "
            "new one, remove or change one you are less interested in.")
    text, number = clean_text(text), parse_discomfort(discomfort)
    if any(a["text"].casefold() == text.casefold() for a in current):
        raise AskError("That ask is already on your ladder.")
    taken = {a["id"] for a in current} | set(outcomes(journal))
    ask_id = _new_id(taken)
    ask = {"id": ask_id, "text": text, "discomfort": number}
    journal.set_exercise(STEP_ID, "asks", [*current, ask])
    return ask


def update_ask(journal, ask_id: str, text: Any, discomfort: Any) -> dict[str, Any]:
    current = asks(journal)
    ask = next((a for a in current if a["id"] == ask_id), None)
    if ask is None:
        raise AskError("That ask is no longer on your ladder.")
    text, number = clean_text(text), parse_discomfort(discomfort)
    if any(a["text"].casefold() == text.casefold() for a in current if a["id"] != ask_id):
        raise AskError("That ask is already on your ladder.")
    ask.update(text=text, discomfort=number)
    journal.set_exercise(STEP_ID, "asks", current)
    return ask


def remove_ask(journal, ask_id: str) -> dict[str, Any] | None:
    """Remove a rung, its pick and what was noted about it; returns what :func:`restore_ask`
    needs to put it all back, or None if there was no such ask."""
    current = asks(journal)
    index = next((i for i, a in enumerate(current) if a["id"] == ask_id), None)
    if index is None:
        return None
    removed = {"ask": current.pop(index), "index": index,
               "chosen": journal.exercise(STEP_ID, "chosen") == ask_id}
    changes: dict[str, Any] = {"asks": current}
    if removed["chosen"]:
        changes["chosen"] = None
    notes = outcomes(journal)
    removed["outcome"] = notes.pop(ask_id, None)
    if removed["outcome"] is not None:
        changes["outcomes"] = notes
    journal.set_exercises(STEP_ID, changes)  # one write: the rung, its pick and its outcome
    return removed


def restore_ask(journal, removed: dict[str, Any], maximum: int = MAX_ASKS) -> None:
    """Undo :func:`remove_ask`: the rung, its pick and its outcome come back."""
    current = asks(journal)
    ask = removed["ask"]
    if any(a["id"] == ask["id"] for a in current):
        return
    if len(current) >= maximum:
        raise LadderFull(f"Your ladder has {maximum} asks again, so the removed one cannot "
                         "come back. Remove another first if you would like it back.")
    current.insert(min(removed["index"], len(current)), ask)
    changes: dict[str, Any] = {"asks": current}
    if removed.get("chosen") and journal.exercise(STEP_ID, "chosen") is None:
        changes["chosen"] = ask["id"]
    if removed.get("outcome") is not None:
        notes = outcomes(journal)
        notes[ask["id"]] = removed["outcome"]
        changes["outcomes"] = notes
    journal.set_exercises(STEP_ID, changes)


def choose(journal, ask_id: str | None) -> None:
    """Pick this week's ask (None: no pick, which is fine)."""
    if ask_id is not None and find(journal, ask_id) is None:
        raise AskError("That ask is no longer on your ladder.")
    journal.set_exercise(STEP_ID, "chosen", ask_id)


def record_outcome(journal, ask_id: str, done: bool, actual: Any = None,
                   note: Any = "") -> dict[str, Any]:
    """What happened with an ask: done or not yet, how it felt (optional), a note (optional)."""
    if find(journal, ask_id) is None:
        raise AskError("That ask is no longer on your ladder.")
    entry = {"done": bool(done), "actual": parse_discomfort(actual, required=False),
             "note": str(note or "").strip()}
    notes = outcomes(journal)
    notes[ask_id] = entry
    journal.set_exercise(STEP_ID, "outcomes", notes)
    return entry


def _new_id(taken: set[str]) -> str:
    while True:
        ask_id = "a" + secrets.token_hex(3)
        if ask_id not in taken:
            return ask_id


# ---- data for the charts and the group ----------------------------------------------------


def ladder_rungs(journal) -> list[dict[str, Any]]:
    """Chart data, easiest rung first: text, discomfort, and whether picked or done."""
    picked = journal.exercise(STEP_ID, "chosen")
    notes = outcomes(journal)
    return [{"text": a["text"], "discomfort": a["discomfort"], "chosen": a["id"] == picked,
             "done": bool(notes.get(a["id"], {}).get("done"))} for a in ladder(journal)]


def predicted_vs_actual(journal) -> list[dict[str, Any]]:
    """Chart data, one row per ask with an actual discomfort noted, in ladder order."""
    notes = outcomes(journal)
    rows = []
    for ask in ladder(journal):
        note = notes.get(ask["id"])
        if note and note.get("actual") is not None:
            rows.append({"text": ask["text"], "expected": ask["discomfort"],
                         "actual": note["actual"], "done": bool(note.get("done"))})
    return rows


def share_summary(journal) -> dict[str, Any]:
    """Numbers only, for the group's charts: never the words of an ask or a note.

    ``first_ask_done``: at least one ask was made; ``expected``/``actual``: this week's ask.
    """
    notes = outcomes(journal)
    known = {a["id"] for a in asks(journal)}
    pick = chosen(journal)
    actual = notes.get(pick["id"], {}).get("actual") if pick else None
    return {
        "asks": len(known),
        "first_ask_done": any(n.get("done") for k, n in notes.items() if k in known),
        "expected": int(pick["discomfort"]) if pick else None,
        "actual": int(actual) if actual is not None else None,
    }

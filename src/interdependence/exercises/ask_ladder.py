"""Step 03, the ask ladder: small asks ranked by expected discomfort, one picked, reported on.

Journal keys (see ``exercises/__init__.py``), all under this step:

- ``asks``: list of {"id", "text", "discomfort" 0-100}, in the order they were added
  (a :class:`~interdependence.exercises.keyed_list.KeyedList`);
- ``chosen``: the id of this week's ask, or None;
- ``outcomes``: {ask id: {"done": bool, "actual": 0-100 | None, "note": str}}.

Removing an ask takes its pick and its outcome with it, in the same write; undo puts all
three back. Each problem with the participant's input raises :class:`AskError` with a
message meant for them.
"""

from __future__ import annotations

from typing import Any

from .. import steps
from .keyed_list import Entry, KeyedList, ListRules
from .model import ExerciseError, ExerciseModel

MIN_ASKS = 5
MAX_ASKS = steps.MAX_ASKS  # the submission's bounds say the same (one number, in steps.py)
MAX_TEXT = 200


class AskError(ExerciseError):
    """Input that cannot be saved; the message is written for the participant."""


class LadderFull(AskError):
    """A 13th ask: kindly refused."""


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


def clean_ask(values: dict[str, Any], others: list[Entry]) -> dict[str, Any]:
    """The stored fields of an ask, checked: words, a number, not already on the ladder."""
    text, number = clean_text(values.get("text")), parse_discomfort(values.get("discomfort"))
    if any(str(a.get("text", "")).casefold() == text.casefold() for a in others):
        raise AskError("That ask is already on your ladder.")
    return {"text": text, "discomfort": number}


def discomfort_of(ask: Entry) -> int | float | None:
    """An ask's expected discomfort, or None when it is missing or damaged."""
    value = ask.get("discomfort")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _rank(ask: Entry) -> tuple[bool, float]:
    # Unrated asks go to the top of the ladder: the least known, not the least uncomfortable.
    number = discomfort_of(ask)
    return (number is None, number or 0)


RULES = ListRules(
    prefix="a", clean=clean_ask, maximum=MAX_ASKS,
    full=("Your ladder already has {maximum} asks, which is plenty to climb. To add a new "
          "one, remove or change one you are less interested in."),
    full_again=("Your ladder has {maximum} asks again, so the removed one cannot come back. "
                "Remove another first if you would like it back."),
    gone="That ask is no longer on your ladder.",
    error=AskError, full_error=LadderFull,
    id_links=("chosen",), dict_links=("outcomes",),
)


class AskLadder(ExerciseModel):
    """The ask ladder of one journal. ``asks`` is the list (add, update, remove, restore)."""

    STEP_ID = steps.ASK_LADDER.id

    def __init__(self, journal: Any):
        super().__init__(journal)
        self.asks = KeyedList(self, "asks", RULES)

    # ---- reading ----------------------------------------------------------------------

    def ladder(self) -> list[Entry]:
        """The asks from the easiest rung (lowest expected discomfort) to the hardest.

        Equal discomfort keeps the order the asks were added in; an ask with no number
        (a damaged entry) goes to the top. The close reads the ladder through here too.
        """
        return sorted(self.asks.items(), key=_rank)

    def chosen(self) -> Entry | None:
        """This week's ask, or None if none is picked (or the picked one was removed)."""
        return self.asks.find(self.read("chosen"))

    def outcomes(self) -> dict[str, dict[str, Any]]:
        notes = self.read("outcomes", {})
        if not isinstance(notes, dict):
            return {}
        return {k: v for k, v in notes.items() if isinstance(v, dict)}

    def outcome(self, ask_id: str) -> dict[str, Any] | None:
        return self.outcomes().get(ask_id)

    def still_needed(self, minimum: int = MIN_ASKS) -> int:
        """How many more asks make a ladder of ``minimum`` rungs (0 when there are enough)."""
        return max(0, minimum - len(self.asks))

    def is_high(self, ask_id: str) -> bool:
        """Whether an ask is among the harder rungs (the top third of a ladder of 3 or more)."""
        ranks = [a["id"] for a in self.ladder()]
        return ask_id in ranks and ranks.index(ask_id) >= max(2, (2 * len(ranks)) // 3)

    # ---- changing ---------------------------------------------------------------------

    def choose(self, ask_id: str | None) -> None:
        """Pick this week's ask (None: no pick, which is fine)."""
        if ask_id is not None and self.asks.find(ask_id) is None:
            raise AskError(RULES.gone)
        self.save({"chosen": ask_id})

    def record_outcome(self, ask_id: str, done: bool, actual: Any = None,
                       note: Any = "") -> dict[str, Any]:
        """What happened with an ask: done or not yet, how it felt (optional), a note."""
        if self.asks.find(ask_id) is None:
            raise AskError(RULES.gone)
        entry = {"done": bool(done), "actual": parse_discomfort(actual, required=False),
                 "note": str(note or "").strip()}
        notes = self.read("outcomes", {})
        notes = notes if isinstance(notes, dict) else {}
        notes[ask_id] = entry
        self.save({"outcomes": notes})
        return entry

    # ---- data for the charts and the group ------------------------------------------------

    def ladder_rungs(self) -> list[dict[str, Any]]:
        """Chart data, easiest rung first: text, discomfort, and whether picked or done."""
        picked, notes = self.read("chosen"), self.outcomes()
        return [{"text": a["text"], "discomfort": a["discomfort"], "chosen": a["id"] == picked,
                 "done": bool(notes.get(a["id"], {}).get("done"))}
                for a in self.ladder() if discomfort_of(a) is not None]

    def predicted_vs_actual(self) -> list[dict[str, Any]]:
        """Chart data, one row per ask with an actual discomfort noted, in ladder order."""
        notes = self.outcomes()
        rows = []
        for ask in self.ladder():
            note = notes.get(ask["id"])
            if note and note.get("actual") is not None and discomfort_of(ask) is not None:
                rows.append({"text": ask["text"], "expected": ask["discomfort"],
                             "actual": note["actual"], "done": bool(note.get("done"))})
        return rows

    def share_summary(self) -> dict[str, Any]:
        """Numbers only, for the group's charts: never the words of an ask or a note.

        ``first_ask_done``: at least one ask was made; ``expected``/``actual``: this week's.
        """
        notes = self.outcomes()
        known = set(self.asks.ids())
        pick = self.chosen()
        expected = discomfort_of(pick) if pick else None
        actual = notes.get(pick["id"], {}).get("actual") if pick else None
        return {
            "asks": len(known),
            "first_ask_done": any(n.get("done") for k, n in notes.items() if k in known),
            "expected": int(expected) if expected is not None else None,
            "actual": int(actual) if actual is not None else None,
        }

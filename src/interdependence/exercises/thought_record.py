"""Step 02: thought records, a belief about needing help weighed against the evidence.

Journal key ``records`` (step 02 in ``steps.py``): a list of ``{"id", "situation",
"belief", "belief_before" 0-100|None, "emotion", "emotion_before" 0-100|None,
"evidence_for", "evidence_against", "traps": [trap ids], "balanced", "belief_after"
0-100|None, "emotion_after" 0-100|None}``, kept by a
:class:`~interdependence.exercises.keyed_list.KeyedList` (one journal write per change).
``emotion`` is the feeling that came with the belief, in a word or two; the record promises
to look at how that feeling changes, so it is rated before and after like the belief.
Records saved before the feeling was asked have no ``emotion*`` keys; they read as "" and
None (see :func:`field`).

The records themselves stay in the journal; only the step's ratings and the reflections a
participant ticks can ever be shared, so :class:`ThoughtRecords` keeps the base model's
empty ``share_summary``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import curriculum, steps
from .keyed_list import Entry, KeyedList, ListRules
from .model import ExerciseError, ExerciseModel
from .timeline import short_label

KEY = "records"
TEXT_FIELDS = ("situation", "belief", "emotion", "evidence_for", "evidence_against",
               "balanced")
RATING_FIELDS = ("belief_before", "emotion_before", "belief_after", "emotion_after")
MAX_TEXT = 5000
MAX_EMOTION = 60  # a word or two, such as "anxious" or "ashamed and tired"
GONE = ("That thought record is no longer in your journal; it may have been removed. "
        "Start a new one to carry on.")


class RecordError(ExerciseError):
    """A record cannot be saved; the message is written for the participant."""


# ---- checking input ----------------------------------------------------------------------


def clean_rating(value: Any) -> int | None:
    """A belief rating: a whole number from 0 to 100, or None for "not rated"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RecordError("Please give a number from 0 to 100.")
    try:
        number = float(str(value).strip().rstrip("%")) if isinstance(value, str) else float(value)
    except ValueError:
        raise RecordError("Please give a number from 0 to 100.") from None
    if not 0 <= number <= 100 or number != number:  # the last test catches NaN
        raise RecordError("Please give a number from 0 to 100.")
    return int(round(number))


def clean_record(fields: Mapping[str, Any], known_traps: Iterable[str]) -> dict[str, Any]:
    """Check and tidy a record's fields (all optional); raises RecordError in plain words."""
    known_traps = list(known_traps)
    record: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        text = str(fields.get(key) or "").strip()
        if len(text) > MAX_TEXT:
            raise RecordError(f"One box holds more than {MAX_TEXT} characters; please shorten it.")
        record[key] = text
    if len(record["emotion"]) > MAX_EMOTION:
        raise RecordError("Please name the feeling in a word or two "
                          f"(up to {MAX_EMOTION} characters).")
    for key in RATING_FIELDS:
        record[key] = clean_rating(fields.get(key))
    ticked = set(fields.get("traps") or [])
    if ticked - set(known_traps):
        raise RecordError("Please tick thinking traps from the list only.")
    record["traps"] = [t for t in known_traps if t in ticked]
    return record


def field(record: Mapping[str, Any], key: str) -> Any:
    """A record's value, with the default for a key that an older record never had."""
    default = None if key in RATING_FIELDS else [] if key == "traps" else ""
    value = record.get(key, default)
    return default if value is None and key not in RATING_FIELDS else value


def is_empty(record: Mapping[str, Any]) -> bool:
    return (not any((record.get(k) or "").strip() for k in TEXT_FIELDS)
            and all(record.get(k) is None for k in RATING_FIELDS)
            and not record.get("traps"))


# ---- naming a record -----------------------------------------------------------------------


def title(number: int, item: Mapping[str, Any], width: int = 60) -> str:
    """How a record is named in the list and on the chart: its number and belief."""
    belief = " ".join((item.get("belief") or "").split())
    if belief:
        return f"{number}. {_shortened(belief, width)}"
    # no belief yet: the situation, in brackets that stay paired when it is shortened
    # ("1. (My washing machine broke and my neighbour…" left a lone bracket)
    situation = " ".join((item.get("situation") or "").split())
    return f"{number}. ({_shortened(situation, width - 2) or 'no belief written yet'})"


def _chart_title(number: int, item: Mapping[str, Any], width: int) -> str:
    """A record's title wrapped for the chart; a bracket opened is closed when it is cut."""
    label = short_label(title(number, item, width=200), width=width)
    return label + ")" if label.count("(") > label.count(")") else label


def _shortened(text: str, width: int) -> str:
    return text[: width - 1].rstrip() + "…" if len(text) > width else text


def feeling_label(item: Mapping[str, Any], width: int = 24) -> str:
    """How a record's feeling is named on the chart: "feeling: anxious"."""
    emotion = " ".join(str(field(item, "emotion")).split()) or "(not named)"
    return short_label(f"feeling: {emotion}", width=width)


# ---- the chart's data ------------------------------------------------------------------------


def _mean(rows: list[dict[str, Any]], key: str) -> float | None:
    paired = [r for r in rows if r["change"] is not None]
    return round(sum(r[key] for r in paired) / len(paired), 1) if paired else None


def belief_change(items: Sequence[Mapping[str, Any]], width: int = 24) -> dict[str, Any]:
    """Chart data: belief and feeling strength before and after, per record with a rating.

    Returns ``{"rows": [{"id", "number", "label", "before", "after", "change"}],
    "feelings": the same shape for the feeling's ratings (label "feeling: WORD"),
    "unrated": how many records have no rating at all, "paired", "mean_before",
    "mean_after" (beliefs), "feelings_paired", "feeling_mean_before",
    "feeling_mean_after"}``; the means use only records rated both times, so they compare
    like with like. :meth:`ThoughtRecords.chart_data` gives it for a journal's records.
    """
    rows: list[dict[str, Any]] = []
    feelings: list[dict[str, Any]] = []
    unrated = 0
    for number, item in enumerate(items, start=1):
        rated = False
        for kind, target in (("belief", rows), ("emotion", feelings)):
            before, after = field(item, f"{kind}_before"), field(item, f"{kind}_after")
            if before is None and after is None:
                continue
            rated = True
            label = (_chart_title(number, item, width) if kind == "belief"
                     else feeling_label(item, width))
            target.append({
                "id": item.get("id"),
                "number": number,
                "label": label,
                "before": before,
                "after": after,
                "change": None if before is None or after is None else after - before,
            })
        unrated += not rated
    return {
        "rows": rows,
        "feelings": feelings,
        "unrated": unrated,
        "paired": sum(r["change"] is not None for r in rows),
        "mean_before": _mean(rows, "before"),
        "mean_after": _mean(rows, "after"),
        "feelings_paired": sum(r["change"] is not None for r in feelings),
        "feeling_mean_before": _mean(feelings, "before"),
        "feeling_mean_after": _mean(feelings, "after"),
    }


# ---- the model ---------------------------------------------------------------------------------


class ThoughtRecords(ExerciseModel):
    """The thought records of one journal. ``records`` is the list (add, update, remove,
    restore); :meth:`keep` is how the notebook's form saves as the participant types.

    ``traps``: the thinking traps a record may tick, in the order the step lists them; by
    default the bundled curriculum's (``exercise.thinking_traps`` of step 02).
    """

    STEP_ID = steps.THOUGHT_RECORD.id

    def __init__(self, journal: Any, traps: Iterable[str] | None = None):
        super().__init__(journal)
        self._traps = None if traps is None else tuple(traps)
        self.records = KeyedList(self, KEY, ListRules(prefix="r", clean=self._clean,
                                                      gone=GONE, error=RecordError))

    def trap_ids(self) -> tuple[str, ...]:
        if self._traps is None:
            exercise = curriculum.default().step(self.STEP_ID).exercise
            self._traps = tuple(t["id"] for t in exercise.get("thinking_traps", ()))
        return self._traps

    def _clean(self, values: dict[str, Any], _others: list[Entry]) -> dict[str, Any]:
        return clean_record(values, self.trap_ids())  # records may repeat each other

    def keep(self, record_id: str | None, values: Mapping[str, Any]) -> Entry | None:
        """Save the form as typed: change record ``record_id``, or add a new record when it
        is None. A new record with nothing in it yet is not saved (returns None), so
        opening the form and leaving it leaves nothing behind. One journal write."""
        if record_id is not None:
            return self.records.update(record_id, dict(values))
        if is_empty(clean_record(values, self.trap_ids())):
            return None
        return self.records.add(dict(values))

    def chart_data(self, width: int = 24) -> dict[str, Any]:
        """The chart's data (:func:`belief_change`) for the records in the journal now."""
        return belief_change(self.records.items(), width)

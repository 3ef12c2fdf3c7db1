"""Step 08, the close: signs before and after, the look back, the summary and the action plan.

Journal keys owned here: ``look_back``: {stem id: text}; ``plan``: list of 3
{"commitment", "supporter", "check_in"}. The summary only READS what other steps saved
(03, 04 and 06 through their models, ``AskLadder``, ``SupportMap`` and ``Boundaries``), and
reads it warily: a damaged or half-written entry is skipped, never a reason to fail.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .. import steps
from .ask_ladder import AskLadder, discomfort_of
from .boundaries import Boundaries, script_text  # the same finished words step 06 previews
from .model import ExerciseError, ExerciseModel
from .support_map import SupportMap, kinds_of
from .therapy import crisis_resources  # the same crisis lines step 07 shows

STEP_ID = steps.CLOSING.id
MAP_STEP = steps.SUPPORT_MAP.id
SCRIPTS_STEP = steps.BOUNDARIES.id
CRISIS_STEP = steps.THERAPY.id
PLAN_FIELDS = ("commitment", "supporter", "check_in")

# Why a sign is or is not in the before/after chart, in words a participant reads.
STATUS_WORDS = {
    "compared": "",
    "check_in_only": "answered at the check-in only",
    "today_only": "answered today only",
    "prefer_not_to_say": '"prefer not to say"',
    "unanswered": "not answered yet",
}


@dataclass(frozen=True)
class SignsChartData:
    """The before/after chart's data (``Closing.signs_chart``): equal data, same picture."""

    rows: list[dict[str, Any]]
    same_day: bool
    notes: tuple[str, ...]
    empty: str  # the sentence shown instead of the chart while ``rows`` is empty


# ---- the seven signs, before and after -------------------------------------------------------


def sign_steps(curriculum) -> tuple[str, str]:
    """The check-in step and the closing step: the first and last steps that rate the signs."""
    ids = [s.id for s in curriculum.steps if s.has_signs]
    if len(ids) < 2:
        raise LookupError("The curriculum needs two steps that rate the seven signs.")
    return ids[0], ids[-1]


def _status(before: Any, after: Any, had_before: bool, had_after: bool) -> str:
    """Why a sign is compared or not (the keys of STATUS_WORDS)."""
    if before is not None and after is not None:
        return "compared"
    if (had_before and before is None) or (had_after and after is None):
        return "prefer_not_to_say"
    if before is not None:
        return "check_in_only"
    return "today_only" if after is not None else "unanswered"


def dumbbell_data(comparison: list[dict]) -> list[dict[str, Any]]:
    """The chart's rows: only signs with a scale answer both times, in the item bank's order.
    ``points``: the labels of the signs' one scale, 1 to 5, for the chart's axis."""
    return [
        {"sign": r["sign"], "before": r["before"], "after": r["after"],
         "before_label": r["before_label"], "after_label": r["after_label"],
         "points": r.get("points", ())}
        for r in comparison if r["status"] == "compared"
    ]


def left_out_note(comparison: list[dict]) -> str:
    """A sentence naming the signs the chart leaves out, and why; '' when none are. A sign
    the participant preferred not to say is left out as their choice, not as owed ("yet")."""
    left_out = [r for r in comparison if r["status"] != "compared"]
    if not left_out or len(left_out) == len(comparison):
        return ""
    waiting = [f'{r["sign"]} ({STATUS_WORDS[r["status"]]})'
               for r in left_out if r["status"] != "prefer_not_to_say"]
    chosen = [r["sign"] for r in left_out if r["status"] == "prefer_not_to_say"]
    said = []
    if waiting:
        said.append("Not in the chart, because there is nothing to compare yet: "
                    + "; ".join(waiting) + ".")
    if chosen:
        said.append("Left out, as you preferred not to say, and that is fine: "
                    + "; ".join(chosen) + ".")
    return " ".join(said)


def empty_chart_message(comparison: list[dict]) -> str:
    answered_today = any(r["after_answered"] for r in comparison)
    answered_before = any(r["before_answered"] for r in comparison)
    if not answered_today and not answered_before:
        return ("Your chart will appear here once you have rated the seven signs above, and at "
                "the check-in. Nothing is answered yet, and that is fine.")
    if not answered_before:
        return ("There is nothing to compare yet: the check-in (the welcome part) has no "
                "answers to the seven signs. You can still rate them there, if you like.")
    if not answered_today:
        return ("Your chart will appear here once you rate the seven signs above. Your "
                "check-in answers are saved and ready to compare.")
    return ("There is nothing to compare yet: no sign has an answer on the scale both at the "
            "check-in and today. That is fine; skipped answers stay skipped.")


def filled_plan(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The commitments with anything written in them, trimmed."""
    out = []
    for row in rows:
        clean = {f: row.get(f, "").strip() for f in PLAN_FIELDS}
        if any(clean.values()):
            out.append(clean)
    return out


# ---- the summary of steps 03, 04 and 06 ------------------------------------------------------


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _labels(curriculum, step_id: str, key: str) -> dict[str, str]:
    try:
        step = curriculum.step(step_id)
    except KeyError:
        return {}
    return {e["id"]: e.get("label", e["id"]) for e in step.exercise.get(key, ())
            if isinstance(e, Mapping) and "id" in e}


def ladder_summary(journal) -> dict[str, Any]:
    """Step 03's asks in ladder order (its model's ``ladder()``: least uncomfortable first),
    the chosen one, and what happened with each."""
    model = AskLadder(journal)
    pick = model.chosen()
    chosen, outcomes = (pick["id"] if pick else None), model.outcomes()
    asks = []
    for ask in model.ladder():
        text = _text(ask.get("text"))
        if not text:
            continue
        outcome = outcomes.get(ask["id"], {})
        asks.append({
            "text": text,
            "discomfort": discomfort_of(ask),
            "chosen": chosen is not None and ask["id"] == chosen,
            "done": bool(outcome.get("done")) if outcome else None,
            "actual": _number(outcome.get("actual")),
            "note": _text(outcome.get("note")),
        })
    return {"asks": asks, "chosen": next((a for a in asks if a["chosen"]), None)}


def map_summary(journal, curriculum) -> dict[str, Any]:
    """Step 04's people (through its model, ``SupportMap``): counts per circle and per kind
    of support, names per circle, and the person to move a step closer."""
    circle_labels = _labels(curriculum, MAP_STEP, "circles") or {
        "inner": "Inner circle", "middle": "Middle circle", "outer": "Outer circle"}
    kind_labels = _labels(curriculum, MAP_STEP, "kinds")
    model = SupportMap(journal)
    people = [p for p in model.people.items() if _text(p.get("name"))]
    circles = []
    for cid, label in circle_labels.items():
        names = [_text(p["name"]) for p in people if p.get("circle") == cid]
        circles.append({"id": cid, "label": label, "count": len(names), "names": names})
    kinds = {}
    for kid in kind_labels:
        kinds[kid] = sum(1 for p in people if kid in kinds_of(p))
    chosen = model.closer()
    closer = (_text(chosen.get("name")) or None) if chosen else None
    return {"total": len(people), "circles": circles, "kinds": kinds,
            "kind_labels": kind_labels, "move_closer": closer}


def scripts_summary(journal, curriculum) -> list[dict[str, str]]:
    kind_labels = _labels(curriculum, SCRIPTS_STEP, "script_kinds")
    out = []
    for script in Boundaries(journal).scripts.items():
        text = script_text(script)
        if text:
            kind = script.get("kind")
            out.append({"kind": kind_labels.get(str(kind), "Script"), "text": text})
    return out


# ---- everything the export needs -------------------------------------------------------------


def crisis_section(curriculum) -> dict[str, Any] | None:
    """Step 07's crisis lines, heading and note, read from the curriculum (never retyped),
    so the plan a participant keeps says where to turn; None if step 07 has none."""
    try:
        exercise = curriculum.step(CRISIS_STEP).exercise
    except KeyError:
        return None
    lines = crisis_resources(exercise)
    if not lines:
        return None
    part: Mapping[str, Any] = next(
        (p for p in exercise.get("parts", ()) if p.get("id") == "crisis"), {})
    return {"title": part.get("label", "If you need help now"), "help": part.get("help", ""),
            "lines": lines, "note": exercise.get("crisis_note", "")}


# ---- the model -------------------------------------------------------------------------------


class ClosingError(ExerciseError):
    """Input that cannot be saved; the message is written for the participant."""


class Waiting(Protocol):
    """Something holding typing not saved yet (a text box that saves when typing pauses)."""

    def flush(self) -> None: ...


class Closing(ExerciseModel):
    """The close of one journal: owns ``look_back`` ({stem id: text}) and ``plan`` (a fixed
    number of commitment slots, each {"commitment", "supporter", "check_in"}); reads the
    seven signs at the check-in and today, and steps 03, 04 and 06 for the summary.

    The plan is not a :class:`KeyedList`: it is the YAML's ``commitments`` slots, filled in
    place, never added to or removed from, and its entries have no ids that anything links
    to. Each change is ONE journal write. ``curriculum`` is where the stems, the plan's size,
    the signs and the other steps' labels come from; by default the bundled one, which every
    notebook opens.
    """

    STEP_ID = steps.CLOSING.id

    def __init__(self, journal: Any, curriculum: Any = None):
        super().__init__(journal)
        if curriculum is None:
            from .. import curriculum as _curriculum

            curriculum = _curriculum.default()
        self.curriculum = curriculum
        self._waiting: weakref.WeakSet[Any] = weakref.WeakSet()

    @property
    def exercise(self) -> Mapping[str, Any]:
        """The ``exercise:`` section of the close's YAML."""
        return self.curriculum.step(self.STEP_ID).exercise

    # ---- the seven signs, before and after ----------------------------------------------

    def sign_comparison(self) -> list[dict[str, Any]]:
        """One row per sign: the check-in and today's answers, labels, and a ``status``.

        ``status`` is ``compared`` when both answers are on the scale; otherwise it says why
        the sign cannot be compared (see STATUS_WORDS). "Prefer not to say" is never turned
        into a number.
        """
        before_step, after_step = sign_steps(self.curriculum)
        journal, rows = self.journal, []
        for sign in self.curriculum.signs:
            had_before = journal.has_rating(before_step, sign.id)
            had_after = journal.has_rating(after_step, sign.id)
            before = journal.rating(before_step, sign.id, None)
            after = journal.rating(after_step, sign.id, None)
            rows.append({
                "id": sign.id, "sign": sign.short or sign.id, "text": sign.text,
                "before": before, "after": after,
                "before_label": sign.scale.label(before) if had_before else "",
                "after_label": sign.scale.label(after) if had_after else "",
                "before_answered": had_before, "after_answered": had_after,
                "status": _status(before, after, had_before, had_after),
                "points": tuple(label for _, label in sign.scale.points),
            })
        return rows

    def same_day(self) -> bool:
        """Whether the signs were last rated at the check-in and at the close on the same
        day. Then the chart is no before and after: a few hours cannot show a habit
        changing, so it is read as how the signs feel today. Unknown dates (an older
        journal) count as not."""
        before_step, after_step = sign_steps(self.curriculum)
        before = self.journal.rated_on(before_step)
        return before is not None and before == self.journal.rated_on(after_step)

    def earlier_note(self) -> str:
        """A sentence for signs answered under an earlier version of the workshop; '' if none.

        Those answers are kept in the journal (shown under each notebook's ratings) but never
        set beside today's: the statements changed, so the two would not be comparable.
        """
        if not any(self.journal.earlier(step_id) for step_id in sign_steps(self.curriculum)):
            return ""
        return ("Some of your answers to the signs were given to an earlier wording of them. "
                "They are kept, under the ratings of the part where you gave them, but are "
                "not in this chart, because a reworded statement cannot be compared with the "
                "old one.")

    def signs_chart(self) -> SignsChartData:
        """Everything the before/after chart shows: its rows, whether both ratings are of
        one day, the notes under it, and the sentence shown instead when it is empty."""
        comparison = self.sign_comparison()
        notes = tuple(n for n in (left_out_note(comparison), self.earlier_note()) if n)
        return SignsChartData(rows=dumbbell_data(comparison), same_day=self.same_day(),
                              notes=notes, empty=empty_chart_message(comparison))

    def ratings_saved(self) -> None:
        """The close's ratings panel saved a sign: the chart of them redraws."""
        self._changed()

    # ---- look back ----------------------------------------------------------------------

    def stems(self) -> list[Mapping[str, Any]]:
        return list(self.exercise.get("look_back_stems", ()))

    def look_back(self) -> dict[str, str]:
        """{stem id: text} as saved (a damaged entry reads as nothing written)."""
        saved = self.read("look_back", {}) or {}
        return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}

    def set_look_back(self, stem_id: str, text: str) -> None:
        """Save the words finishing one look-back sentence (one write)."""
        if stem_id not in [s["id"] for s in self.stems()]:
            raise ClosingError(f"There is no look-back sentence called {stem_id!r}.")
        saved = self.look_back()
        saved[stem_id] = str(text)
        self.save({"look_back": saved})

    def look_back_answers(self) -> list[dict[str, str]]:
        """Answered stems, in the step's order: {"stem", "text"}."""
        saved = self.look_back()
        return [{"stem": s["label"], "text": saved[s["id"]].strip()}
                for s in self.stems() if saved.get(s["id"], "").strip()]

    # ---- the action plan ----------------------------------------------------------------

    def commitments(self) -> int:
        """How many commitment slots the plan has (the YAML's ``commitments``, 3)."""
        return int(self.exercise.get("commitments", 3))

    def plan(self) -> list[dict[str, str]]:
        """Always ``commitments()`` rows, each with every field (empty when not written)."""
        saved = self.read("plan", []) or []
        if not isinstance(saved, list):
            saved = []
        rows = []
        for i in range(self.commitments()):
            entry = saved[i] if i < len(saved) and isinstance(saved[i], dict) else {}
            rows.append({f: str(entry.get(f) or "") for f in PLAN_FIELDS})
        return rows

    def set_plan_field(self, index: int, field: str, text: str) -> None:
        """Save one field of one commitment (one write of the whole plan)."""
        if field not in PLAN_FIELDS:
            raise ClosingError(f"A plan has no field called {field!r}.")
        rows = self.plan()
        if not 0 <= index < len(rows):
            raise ClosingError(f"The plan has {len(rows)} commitments; there is no number "
                               f"{index + 1}.")
        rows[index][field] = str(text)
        self.save({"plan": rows})

    # ---- typing not saved yet -----------------------------------------------------------

    def waiting(self, box: Waiting) -> None:
        """Remember (weakly) a text box that saves when typing pauses, so
        :meth:`save_waiting` can save what it holds before the export reads the journal."""
        self._waiting.add(box)

    def save_waiting(self) -> None:
        """Save any typing still waiting (a commitment typed just before "Save my plan")."""
        for box in list(self._waiting):
            box.flush()

    # ---- the summary and the export -----------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Steps 03, 04 and 06, read through their own readers (never written here)."""
        return {
            "ladder": ladder_summary(self.journal),
            "map": map_summary(self.journal, self.curriculum),
            "scripts": scripts_summary(self.journal, self.curriculum),
        }

    def export_content(self) -> dict[str, Any]:
        """The plain data of the export (no HTML, no Markdown): see ``plan_export``."""
        step = self.curriculum.step(self.STEP_ID)
        comparison = self.sign_comparison()
        reflections = self.journal.reflections(self.STEP_ID)
        return {
            "title": "My interdependence plan",
            "signs": comparison,
            "same_day": self.same_day(),
            "left_out_note": left_out_note(comparison),
            "empty_chart_message": empty_chart_message(comparison),
            "look_back": self.look_back_answers(),
            "summary": self.summary(),
            "plan": filled_plan(self.plan()),
            "plan_labels": {f["id"]: f["label"] for f in self.exercise.get("plan_fields", ())},
            "crisis": crisis_section(self.curriculum),
            "reflections": [{"prompt": p.text, "text": reflections[p.id].strip()}
                            for p in step.prompts if reflections.get(p.id, "").strip()],
        }

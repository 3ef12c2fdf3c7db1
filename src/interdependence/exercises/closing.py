"""Step 08, the close: signs before and after, the look back, the summary and the action plan.

Journal keys owned here: ``look_back``: {stem id: text}; ``plan``: list of 3
{"commitment", "supporter", "check_in"}. The summary only READS what other steps saved
(03, 04 and 06 through their models, ``AskLadder``, ``SupportMap`` and ``Boundaries``), and
reads it warily: a damaged or half-written entry is skipped, never a reason to fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import steps
from .ask_ladder import AskLadder, discomfort_of
from .boundaries import Boundaries, script_text  # the same finished words step 06 previews
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


# ---- the seven signs, before and after -------------------------------------------------------


def sign_steps(curriculum) -> tuple[str, str]:
    """The check-in step and the closing step: the first and last steps that rate the signs."""
    ids = [s.id for s in curriculum.steps if s.has_signs]
    if len(ids) < 2:
        raise LookupError("The curriculum needs two steps that rate the seven signs.")
    return ids[0], ids[-1]


def sign_comparison(journal, curriculum) -> list[dict[str, Any]]:
    """One row per sign: the check-in and today's answers, labels, and a ``status``.

    ``status`` is ``compared`` when both answers are on the scale; otherwise it says why the
    sign cannot be compared (see STATUS_WORDS). "Prefer not to say" is never turned into a
    number.
    """
    before_step, after_step = sign_steps(curriculum)
    rows = []
    for sign in curriculum.signs:
        had_before = journal.has_rating(before_step, sign.id)
        had_after = journal.has_rating(after_step, sign.id)
        before = journal.rating(before_step, sign.id, None)
        after = journal.rating(after_step, sign.id, None)
        if before is not None and after is not None:
            status = "compared"
        elif (had_before and before is None) or (had_after and after is None):
            status = "prefer_not_to_say"
        elif before is not None:
            status = "check_in_only"
        elif after is not None:
            status = "today_only"
        else:
            status = "unanswered"
        rows.append({
            "id": sign.id, "sign": sign.short or sign.id, "text": sign.text,
            "before": before, "after": after,
            "before_label": sign.scale.label(before) if had_before else "",
            "after_label": sign.scale.label(after) if had_after else "",
            "before_answered": had_before, "after_answered": had_after,
            "status": status, "points": tuple(label for _, label in sign.scale.points),
        })
    return rows


def dumbbell_data(comparison: list[dict]) -> list[dict[str, Any]]:
    """The chart's rows: only signs with a scale answer both times, in the item bank's order.
    ``points``: the labels of the signs' one scale, 1 to 5, for the chart's axis."""
    return [
        {"sign": r["sign"], "before": r["before"], "after": r["after"],
         "before_label": r["before_label"], "after_label": r["after_label"],
         "points": r.get("points", ())}
        for r in comparison if r["status"] == "compared"
    ]


def same_day(journal, curriculum) -> bool:
    """Whether the signs were last rated at the check-in and at the close on the same day.

    Then the chart is no before and after: a few hours cannot show a habit changing, so it
    is read as how the signs feel today. Unknown dates (an older journal) count as not.
    """
    before_step, after_step = sign_steps(curriculum)
    before, after = journal.rated_on(before_step), journal.rated_on(after_step)
    return before is not None and before == after


def left_out_note(comparison: list[dict]) -> str:
    """A sentence naming the signs the chart leaves out, and why; '' when none are."""
    missing = [f'{r["sign"]} ({STATUS_WORDS[r["status"]]})'
               for r in comparison if r["status"] != "compared"]
    if not missing or len(missing) == len(comparison):
        return ""
    return ("Not in the chart, because there is nothing to compare yet: "
            + "; ".join(missing) + ".")


def earlier_note(journal, curriculum) -> str:
    """A sentence for signs answered under an earlier version of the workshop; '' if none.

    Those answers are kept in the journal (shown under each notebook's ratings) but never
    set beside today's: the statements changed, so the two would not be comparable.
    """
    steps = sign_steps(curriculum)
    if not any(journal.earlier(step_id) for step_id in steps):
        return ""
    return ("Some of your answers to the signs were given to an earlier wording of them. They "
            "are kept, under the ratings of the notebook where you gave them, but are not in "
            "this chart, because a reworded statement cannot be compared with the old one.")


def movement(data: list[dict]) -> dict[str, int]:
    """How many compared signs moved lower, stayed the same, or moved higher."""
    out = {"lower": 0, "same": 0, "higher": 0}
    for row in data:
        key = ("lower" if row["after"] < row["before"]
               else "higher" if row["after"] > row["before"] else "same")
        out[key] += 1
    return out


def empty_chart_message(comparison: list[dict]) -> str:
    answered_today = any(r["after_answered"] for r in comparison)
    answered_before = any(r["before_answered"] for r in comparison)
    if not answered_today and not answered_before:
        return ("Your chart will appear here once you have rated the seven signs above, and at "
                "the check-in. Nothing is answered yet, and that is fine.")
    if not answered_before:
        return ("There is nothing to compare yet: the check-in notebook (00-welcome) has no "
                "answers to the seven signs. You can still rate them there, if you like.")
    if not answered_today:
        return ("Your chart will appear here once you rate the seven signs above. Your "
                "check-in answers are saved and ready to compare.")
    return ("There is nothing to compare yet: no sign has an answer on the scale both at the "
            "check-in and today. That is fine; skipped answers stay skipped.")


# ---- look back -------------------------------------------------------------------------------


def look_back(journal) -> dict[str, str]:
    saved = journal.exercise(STEP_ID, "look_back", {}) or {}
    return {str(k): str(v) for k, v in saved.items()} if isinstance(saved, dict) else {}


def set_look_back(journal, exercise: Mapping, stem_id: str, text: str) -> None:
    if stem_id not in [s["id"] for s in exercise.get("look_back_stems", ())]:
        raise KeyError(f"There is no look-back sentence called {stem_id!r}.")
    saved = look_back(journal)
    saved[stem_id] = str(text)
    journal.set_exercise(STEP_ID, "look_back", saved)


def look_back_answers(journal, exercise: Mapping) -> list[dict[str, str]]:
    """Answered stems, in the step's order: {"stem", "text"}."""
    saved = look_back(journal)
    return [{"stem": s["label"], "text": saved[s["id"]].strip()}
            for s in exercise.get("look_back_stems", ()) if saved.get(s["id"], "").strip()]


# ---- the action plan -------------------------------------------------------------------------


def commitments(exercise: Mapping) -> int:
    return int(exercise.get("commitments", 3))


def plan(journal, exercise: Mapping) -> list[dict[str, str]]:
    """Always ``commitments`` rows, each with every field (empty when not written)."""
    saved = journal.exercise(STEP_ID, "plan", []) or []
    if not isinstance(saved, list):
        saved = []
    rows = []
    for i in range(commitments(exercise)):
        entry = saved[i] if i < len(saved) and isinstance(saved[i], dict) else {}
        rows.append({f: str(entry.get(f) or "") for f in PLAN_FIELDS})
    return rows


def set_plan_field(journal, exercise: Mapping, index: int, field: str, text: str) -> None:
    if field not in PLAN_FIELDS:
        raise KeyError(f"A plan has no field called {field!r}.")
    rows = plan(journal, exercise)
    if not 0 <= index < len(rows):
        raise IndexError(f"The plan has {len(rows)} commitments; there is no number {index + 1}.")
    rows[index][field] = str(text)
    journal.set_exercise(STEP_ID, "plan", rows)


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


def _entries(journal, step_id: str, key: str) -> list[dict]:
    value = journal.exercise(step_id, key, []) or []
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


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
    chosen, outcomes = model.read("chosen"), model.outcomes()
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
            out.append({"kind": kind_labels.get(kind, "Script"), "text": text})
    return out


def summary(journal, curriculum) -> dict[str, Any]:
    return {
        "ladder": ladder_summary(journal),
        "map": map_summary(journal, curriculum),
        "scripts": scripts_summary(journal, curriculum),
    }


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
    part = next((p for p in exercise.get("parts", ()) if p.get("id") == "crisis"), {})
    return {"title": part.get("label", "If you need help now"), "help": part.get("help", ""),
            "lines": lines, "note": exercise.get("crisis_note", "")}



def export_content(journal, curriculum) -> dict[str, Any]:
    """The plain data of the export (no HTML, no Markdown): see ``exercises.export``."""
    step = curriculum.step(STEP_ID)
    comparison = sign_comparison(journal, curriculum)
    reflections = journal.reflections(STEP_ID)
    return {
        "title": "My interdependence plan",
        "signs": comparison,
        "same_day": same_day(journal, curriculum),
        "left_out_note": left_out_note(comparison),
        "empty_chart_message": empty_chart_message(comparison),
        "look_back": look_back_answers(journal, step.exercise),
        "summary": summary(journal, curriculum),
        "plan": filled_plan(plan(journal, step.exercise)),
        "plan_labels": {f["id"]: f["label"] for f in step.exercise.get("plan_fields", ())},
        "crisis": crisis_section(curriculum),
        "reflections": [{"prompt": p.text, "text": reflections[p.id].strip()}
                        for p in step.prompts if reflections.get(p.id, "").strip()],
    }

"""Step 07, consider therapy: the barriers checklist, and the reference lists of the step.

Journal key (owned here): ``barriers``: {barrier id: bool}. Everything in this step except
the readiness ratings is private, so there is no ``share_summary``: nothing here is ever
sent to the group.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import steps

STEP_ID = steps.THERAPY.id


def barrier_ids(exercise: Mapping) -> list[str]:
    return [b["id"] for b in exercise.get("barriers", ())]


def barriers(journal) -> dict[str, bool]:
    """The ticked state of each barrier the participant has touched (missing = unticked)."""
    saved = journal.exercise(STEP_ID, "barriers", {}) or {}
    if not isinstance(saved, dict):  # damaged by hand-editing: start the checklist again
        return {}
    return {str(k): bool(v) for k, v in saved.items()}


def set_barrier(journal, exercise: Mapping, barrier_id: str, ticked: bool) -> dict[str, bool]:
    """Tick or untick one barrier; returns the whole checklist as saved."""
    if barrier_id not in barrier_ids(exercise):
        raise KeyError(f"There is no barrier called {barrier_id!r} in this step.")
    saved = barriers(journal)
    saved[barrier_id] = bool(ticked)
    journal.set_exercise(STEP_ID, "barriers", saved)
    return saved


def ticked(journal, exercise: Mapping) -> list[str]:
    """Ids of the ticked barriers, in the order the step lists them."""
    saved = barriers(journal)
    return [b for b in barrier_ids(exercise) if saved.get(b)]


def crisis_resources(exercise: Mapping) -> list[dict[str, str]]:
    """The crisis lines as plain dicts (region, label, how), in the step's order."""
    return [dict(r) for r in exercise.get("crisis_resources", ())]

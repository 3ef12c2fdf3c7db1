"""Step 07, consider therapy: the barriers checklist, and the reference lists of the step.

Journal key (this step's): ``barriers``: {barrier id: bool}, one entry for each barrier the
participant has ticked or unticked (missing = unticked). Everything in this step except the
readiness ratings is private, so :class:`Therapy` keeps the base model's empty
``share_summary``: nothing here is ever sent to the group.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import steps
from .model import ExerciseError, ExerciseModel, step_content


class BarrierError(ExerciseError):
    """A tick that cannot be saved; the message is written for the participant."""


class Therapy(ExerciseModel):
    """The barriers checklist of one journal. The barriers there are come from ``content``,
    the step's ``exercise:`` YAML (the bundled curriculum's unless given)."""

    STEP_ID = steps.THERAPY.id

    def __init__(self, journal: Any, content: Mapping[str, Any] | None = None):
        super().__init__(journal)
        self.content = content if content is not None else step_content(self.STEP_ID)

    def barrier_ids(self) -> list[str]:
        """Every barrier of the step, in the order the step lists them."""
        return [b["id"] for b in self.content.get("barriers", ())]

    def barriers(self) -> dict[str, bool]:
        """The ticked state of each barrier the participant has touched (missing = unticked)."""
        saved = self.read("barriers", {})
        if not isinstance(saved, dict):  # damaged by hand-editing: start the checklist again
            return {}
        return {str(k): bool(v) for k, v in saved.items()}

    def ticked(self) -> list[str]:
        """Ids of the ticked barriers, in the order the step lists them."""
        saved = self.barriers()
        return [b for b in self.barrier_ids() if saved.get(b)]

    def tick(self, barrier_id: str, ticked: bool) -> dict[str, bool]:
        """Tick or untick one barrier (one journal write); returns the checklist as saved."""
        if barrier_id not in self.barrier_ids():
            raise BarrierError("That is not one of the barriers in this step, so it was not "
                               "saved. Please tick one from the list.")
        saved = self.barriers()
        saved[barrier_id] = bool(ticked)
        self.save({"barriers": saved})
        return saved


def crisis_resources(exercise: Mapping) -> list[dict[str, str]]:
    """The crisis lines of a step's YAML (region, label, how), in the step's order. Content,
    not the participant's data: the close (step 08) reads the same lines through here."""
    return [dict(r) for r in exercise.get("crisis_resources", ())]

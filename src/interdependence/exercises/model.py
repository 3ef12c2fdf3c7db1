"""The base of every exercise model: one step's data in one journal, and who is watching it.

A model is plain Python (no widgets, no matplotlib, no pandas), so the share summary, the
close and the cohort tools can use it as well as the notebook's cells. It

- reads from the journal every time (never a cached copy: another open notebook of the same
  participant may have saved since), through :meth:`ExerciseModel.read`;
- writes through :meth:`ExerciseModel.save`, one journal write for any number of keys, and
  then tells its observers, so every cell showing this step redraws;
- raises a subclass of :class:`ExerciseError` for input it cannot save, with a message
  written for the participant.

One :class:`~interdependence.session.StepSession` holds one model (``session.model``), so
all cells of a notebook share it and update each other through it. See
``exercises/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..journal import KEEP, Observers

__all__ = ["KEEP", "Callback", "ExerciseError", "ExerciseModel", "step_content"]


class ExerciseError(ValueError):
    """Input that cannot be saved; the message is written for the participant."""


Callback = Callable[[], None]


class ExerciseModel:
    """One step's exercise data in one journal. Subclasses set ``STEP_ID`` (from
    :mod:`interdependence.steps`) and add their own reading and changing methods."""

    STEP_ID: str = ""

    def __init__(self, journal: Any):
        if not self.STEP_ID:
            raise TypeError(f"{type(self).__name__} needs a STEP_ID")
        self.journal = journal
        self._observers = Observers()  # weak, at most KEEP per slot (journal.Observers)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self.journal.path}>"

    # ---- the journal --------------------------------------------------------------------

    def read(self, key: str, default: Any = None) -> Any:
        """A fresh copy of one journal key of this step (``default`` when it is absent)."""
        return self.journal.exercise(self.STEP_ID, key, default)

    def save(self, values: dict[str, Any]) -> None:
        """Write several keys of this step in ONE journal write, then tell the observers."""
        self.journal.set_exercises(self.STEP_ID, values)
        self._changed()

    # ---- observers ----------------------------------------------------------------------

    def observe(self, callback: Callback, slot: str | None = None) -> Callable[[], None]:
        """Call ``callback()`` after every change; returns a function that stops it.

        A bound method is held by weak reference. ``slot`` names what the observer shows
        (a view's part): only the newest :data:`KEEP` observers of a slot are kept, so a
        cell re-run many times does not pile up views nobody sees.
        """
        return self._observers.add(callback, slot)

    def observer_count(self, slot: str | None = None) -> int:
        """How many live observers there are (of one slot, if given): for tests."""
        return self._observers.count(slot)

    def _changed(self) -> None:
        """Tell every live observer that the data changed (views guard their own errors)."""
        self._observers.tell()

    def ratings_saved(self) -> None:
        """The step's ratings panel saved a rating (``StepSession.ratings``). Ratings are not
        exercise data, so most models ignore this; one whose views draw them (the close's
        before/after chart) tells its observers."""

    # ---- sharing ------------------------------------------------------------------------

    def share_summary(self) -> dict[str, Any]:
        """Numbers only, for the group's charts (see ``cohort/submission.py``): never the
        participant's words. Steps that share nothing keep this empty default."""
        return {}


def step_content(step_id: str) -> Mapping[str, Any]:
    """The ``exercise:`` section of a step's YAML in the bundled curriculum: what a model
    whose rules come from the YAML (periods, themes, barriers) checks against by default.
    Every notebook opens the bundled curriculum (``open_step``)."""
    from .. import curriculum

    return curriculum.default().step(step_id).exercise

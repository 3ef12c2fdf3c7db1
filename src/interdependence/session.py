"""What a notebook cell calls: ``step = open_step("02-...")`` then ``step.ratings()`` etc.

A StepSession ties one step of the curriculum to the participant's journal and hands out
the widgets for that notebook. It holds no logic of its own beyond choosing what to build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import curriculum as _curriculum
from .journal import Journal, open_journal

if TYPE_CHECKING:
    from .exercises.model import ExerciseModel


class StepSession:
    def __init__(self, step_id: str, journal: Journal | None = None,
                 curriculum: _curriculum.Curriculum | None = None):
        self.curriculum = curriculum or _curriculum.default()
        self.step = self.curriculum.step(step_id)
        self.journal = journal or open_journal()
        self._model: ExerciseModel | None = None

    @property
    def model(self) -> ExerciseModel | None:
        """This step's exercise model (see ``steps.py``), made once: every cell of the
        notebook shares it, so a change in one cell redraws the others."""
        if self._model is None:
            from . import steps  # not needed to show a page: only once a model is asked for

            self._model = steps.get(self.step.id).new_model(self.journal)
        return self._model

    def __repr__(self) -> str:
        return f"<{self.step.label}: {self.step.title}>"

    # every notebook
    def header(self):
        from .views.page import step_header

        return step_header(self.journal, self.step)

    def ratings(self):
        from .views.ratings import ratings_panel

        return ratings_panel(self.journal, self.curriculum, self.step,
                             on_saved=self._ratings_saved)

    def _ratings_saved(self) -> None:
        # Tell the step's model, so its cells that draw the ratings (08's chart) redraw.
        if self.model is not None:
            self.model.ratings_saved()

    def reflections(self):
        from .views.reflections import reflections_panel

        return reflections_panel(self.journal, self.step)

    def progress(self):
        from .views.page import progress_view

        return progress_view(self.journal, self.curriculum)

    def next_step(self):
        from .views.page import next_step_link

        return next_step_link(self.curriculum, self.step)

    def exercise(self, part: str | None = None):
        """The widget for one part of this step's exercise (see ``steps.py``)."""
        from .views.exercises import build

        return build(self, part)

    def share(self):
        """The optional "share my ratings for this step with my group" panel."""
        from .views.share import share_panel

        return share_panel(self)

    # the welcome notebook
    def your_data(self):
        from .views.welcome import your_data

        return your_data(self.journal)

    def cohort_code(self):
        from .views.welcome import cohort_code

        return cohort_code(self.journal)

    def cohort_location(self):
        """Where shared answers go: a group folder, or a note that the hub sets it."""
        from .views.share import cohort_location

        return cohort_location(self.journal)


def open_step(step_id: str) -> StepSession:
    """Start a notebook: load its questions and the participant's saved answers.

    In the app's pre-heated kernels (app.py) the questions and the widget code are loaded
    ahead, and the answers only once the page is opened (``mode.wait_for_page``), so the
    page shows the journal as it is at that moment.
    """
    from .views.mode import wait_for_page

    curriculum = _curriculum.default()
    wait_for_page()
    return StepSession(step_id, curriculum=curriculum)

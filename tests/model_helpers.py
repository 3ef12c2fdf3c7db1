"""Checks every converted step's tests share: one journal write per change, few observers
after a cell is re-run, and the parts observing the model
(the old global list, views/refresh.py, is gone)."""

from __future__ import annotations

from interdependence.journal import Journal


class SpyJournal(Journal):
    """A real journal that counts its writes."""

    def __init__(self, path):
        super().__init__(path)
        self.writes: list[dict] = []

    def set_exercises(self, step_id, values):
        self.writes.append(dict(values))
        super().set_exercises(step_id, values)


def assert_few_observers_after_reruns(session, parts, slots, runs=20):
    """Each part's cell run ``runs`` times leaves at most KEEP live observers per slot."""
    from interdependence.exercises.model import KEEP

    for _ in range(runs):
        for part in parts:
            session.exercise(part)
    for slot in slots:
        assert session.model.observer_count(slot) <= KEEP, slot


def assert_no_global_refresh(session, parts):
    """Cells hear of each other only through the step's model: the old global list of
    listeners (views/refresh.py) is gone, and building the parts observes the model."""
    import importlib.util

    assert importlib.util.find_spec("interdependence.views.refresh") is None
    before = session.model.observer_count()
    for part in parts:
        session.exercise(part)
    assert session.model.observer_count() > before


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)


def assert_no_shared_layouts(session, parts):
    """Hiding one widget must never hide another: a Layout is the widget's own, or one of
    views/shared.py's, which refuse any change (tests/test_shared_widgets.py)."""
    from interdependence.views.shared import is_shared

    layouts = [widget.layout for part in parts
               for widget in descendants(session.exercise(part))]
    own = [id(layout) for layout in layouts if not is_shared(layout)]
    assert len(own) == len(set(own))

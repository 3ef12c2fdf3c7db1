"""A line that says what just happened ("Saved.", "Added and saved.") keeps the room of one
line while it is empty, so the page under it does not jump when the words come and go (a
reviewer saw the text under a rating or an exercise part move about 25 px). The room is the
CSS of ``.interdep-status-line`` (views/style.py) and of a rating's status (views/choices.py);
tests/browser/test_voila.py measures that nothing under them moves."""

import pytest

from interdependence.session import StepSession
from interdependence.views.exercise_parts import STATUS_LINE

#: Every part of a step with a line that says "Saved." or what was just done, and that line.
LINES = [
    ("02-reframe-help-as-strength", "records", lambda v: v.status),
    ("03-start-small", "ladder", lambda v: v.message),
    ("03-start-small", "pick", lambda v: v.note),
    ("03-start-small", "report", lambda v: v.message),
    ("04-build-a-support-network", "people", lambda v: v.message),
    ("04-build-a-support-network", "closer", lambda v: v.note),
    ("05-practice-vulnerability", "ladder", lambda v: v.message),
    ("05-practice-vulnerability", "stems", lambda v: v.boxes[0].status),
    ("06-set-self-boundaries", "audit", lambda v: v.message),
    ("06-set-self-boundaries", "chart", lambda v: v.message),
    ("06-set-self-boundaries", "script", lambda v: v.message),
    ("08-embracing-interdependence", "look_back", lambda v: next(iter(v.boxes.values())).status),
    ("08-embracing-interdependence", "plan", lambda v: v.boxes[0]["commitment"].status),
]


@pytest.mark.parametrize(("step", "part", "line"), LINES, ids=lambda v: v if isinstance(v, str)
                         else None)
def test_each_saved_line_keeps_its_room_while_empty(journal, step, part, line):
    widget = line(StepSession(step, journal=journal).exercise(part))
    assert STATUS_LINE in widget._dom_classes


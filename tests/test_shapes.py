"""The TypedDicts in shapes.py say what the code really keeps and sends, and cannot drift.

mypy checks the code against them; these tests check them against the allow-lists and the
data the kit writes, so a field added to one and not the other fails here.
"""

import datetime as dt
import typing

from interdependence import shapes
from interdependence.cohort import submission as sub
from interdependence.curriculum import default


def _keys(kind) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(kind.__required_keys__), frozenset(kind.__optional_keys__)


def test_submission_shape_is_the_validators_allow_list():
    required, optional = _keys(shapes.Submission)
    assert required == sub.FIELDS
    assert optional == sub.OPTIONAL_FIELDS
    assert frozenset(typing.get_type_hints(shapes.SharedStep)) == sub.STEP_FIELDS


def test_a_built_submission_has_exactly_the_submission_shape(journal):
    curriculum = default()
    step = next(s for s in curriculum.steps if s.shareable and s.items)
    journal.set_rating(step.id, step.items[0].id, 4)
    built = sub.build_submission(journal, curriculum, {step.id: []}, "TEST-1",
                                 today=dt.date(2026, 11, 27), min_group=5)
    required, optional = _keys(shapes.Submission)
    assert required <= built.keys() <= required | optional
    for body in built["steps"].values():
        assert body.keys() == typing.get_type_hints(shapes.SharedStep).keys()
    assert built["steps"][step.id]["ratings"] == {step.items[0].id: 4}


def test_a_fresh_and_a_saved_journal_have_the_journal_shape(journal):
    required, _ = _keys(shapes.JournalData)
    assert journal.data.keys() == required
    journal.set_reflection("00-welcome", "welcome.hopes", "to ask once")
    journal.set_rating("00-welcome", "sign.asking", None)
    step = journal.data["steps"]["00-welcome"]
    assert step.keys() <= frozenset(typing.get_type_hints(shapes.StepRecord))
    reflection = step["reflections"]["welcome.hopes"]
    assert reflection.keys() == typing.get_type_hints(shapes.Reflection).keys()

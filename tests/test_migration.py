"""Answers given under the version-1 item bank survive it (review #11 item 3).

The fixtures were made with the kit as it was before the item bank changed: a journal with an
answer to every rating of every step, and the submission it shared. A journal carries over
with nothing dropped; a version-1 submission still loads, without mixing two versions of a
statement in one chart.
"""

import json
import shutil
from pathlib import Path

import pytest
from cohort_helpers import cohort, submission

from interdependence import curriculum as _curriculum
from interdependence.cohort import load_cohort
from interdependence.cohort.submission import Invalid, rules_for, validate
from interdependence.journal import SCHEMA, Journal

FIXTURES = Path(__file__).parent / "fixtures"
CURRICULUM = _curriculum.default()
MIGRATION = CURRICULUM.migration


@pytest.fixture
def old_journal(tmp_path):
    path = tmp_path / "journal.json"
    shutil.copy(FIXTURES / "journal-schema1.json", path)
    return path


def _old_answers():
    data = json.loads((FIXTURES / "journal-schema1.json").read_text())
    assert data["schema"] == 1
    return {(step, item): value for step, body in data["steps"].items()
            for item, value in body.get("ratings", {}).items()}


def test_the_fixture_answers_every_rating_of_version_1():
    answers = _old_answers()
    for step in CURRICULUM.steps:
        assert {i for s, i in answers if s == step.id} == MIGRATION.earlier_ids(step), step.id


def test_a_version_1_journal_carries_over_with_nothing_dropped(old_journal):
    journal = Journal(old_journal)
    assert journal.set_aside is None
    assert journal.data["schema"] == SCHEMA
    answers = _old_answers()
    carried = retired = 0
    for (step, item), value in answers.items():
        if item in MIGRATION.retired:
            kept = journal.earlier(step)[item]
            assert kept["value"] == value
            assert kept["version"] == 1
            assert kept["text"] == MIGRATION.retired[item].text
            assert kept["answer"]
            assert not journal.has_rating(step, item)
            retired += 1
        else:
            assert journal.rating(step, MIGRATION.moves.get(item, item)) == value
            carried += 1
    assert carried
    assert retired
    assert carried + retired == len(answers) == 44
    # the prefer-not-to-say answer stays one, wherever it went
    assert None in [journal.rating(s, MIGRATION.moves.get(i, i), None) for s, i in answers
                    if i not in MIGRATION.retired] + [
        e["value"] for s in journal.data["steps"] for e in journal.earlier(s).values()]
    # reflections come through untouched
    assert journal.reflection("00-welcome", "welcome.hopes").startswith("A note written")


def test_the_carried_over_journal_is_saved_as_schema_2_and_reads_back_the_same(old_journal):
    journal = Journal(old_journal)
    journal.set_rating("00-welcome", "sign.uneasy_relying", 3)  # any change saves it
    saved = json.loads(old_journal.read_text())
    assert saved["schema"] == SCHEMA
    again = Journal(old_journal)
    assert again.data == journal.data
    assert again.earlier("00-welcome") == journal.earlier("00-welcome")


def test_the_step_shows_answers_from_an_earlier_version_under_its_ratings(old_journal):
    from interdependence.views.ratings import ratings_panel

    journal = Journal(old_journal)
    box = ratings_panel(journal, CURRICULUM, CURRICULUM.step("00-welcome"))
    note = box.earlier.value
    assert "From an earlier version" in note
    assert "Depending on other people makes me feel uneasy." in note
    assert "Disagree" in note  # the answer as it was given (2 on the agreement scale)
    fresh = ratings_panel(Journal(old_journal.with_name("new.json")), CURRICULUM,
                          CURRICULUM.step("00-welcome"))
    assert fresh.earlier is None  # no note, not an empty one
    assert fresh.children[-1] is fresh.controls[-1]  # the ratings end the panel


def test_schema_1_and_schema_2_submissions_load_together(tmp_path):
    store = cohort(tmp_path / "c", 0, code="SAMPLE")
    old = json.loads((FIXTURES / "submission-schema1.json").read_text())
    assert old["schema"] == 1
    store.put(old)
    new = [submission(code="SAMPLE") for _ in range(2)]
    for sub in new:
        assert sub["schema"] == 2
        store.put(sub)
    data = load_cohort(tmp_path / "c", today=None)
    assert data.rejected == []
    assert data.accepted == 3
    mine = data.ratings[data.ratings["token"] == old["token"]]
    items = set(mine["item"])
    assert "sign.asking" in items
    assert "reframe.burden" in items
    assert not items & set(MIGRATION.retired)  # meaning changed: left out, never mixed in
    assert not items - {i.id for s in CURRICULUM.steps for i in s.items}
    warning = next(w for w in data.warnings if "earlier version" in w)
    assert warning.startswith("1 submission(s) came from an earlier version")


def test_a_schema_1_submission_may_not_use_an_id_that_version_1_did_not_have():
    old = json.loads((FIXTURES / "submission-schema1.json").read_text())
    old["steps"] = {"00-welcome": {"ratings": {"sign.uneasy_relying": 3}}}
    with pytest.raises(Invalid, match="unknown item id 'sign.uneasy_relying'"):
        validate(old, rules_for(CURRICULUM))
    old["schema"] = 2
    validate(old, rules_for(CURRICULUM))  # the same answer is fine in a version-2 submission


def test_a_migration_table_naming_an_unknown_id_is_refused(tmp_path):
    folder = tmp_path / "curriculum"
    shutil.copytree(_curriculum.paths.curriculum_dir(), folder)
    table = folder / "migrations.yaml"
    table.write_text(table.read_text().replace("to: sign.asking ", "to: sign.nowhere "))
    with pytest.raises(_curriculum.CurriculumError, match="sign.nowhere"):
        _curriculum.load(folder)


def test_the_close_chart_says_why_earlier_answers_are_not_in_it(old_journal):
    from interdependence.session import StepSession

    journal = Journal(old_journal)
    box = StepSession("08-embracing-interdependence", journal=journal).exercise("chart")
    # sign.asking and sign.delegating carried over at both ends: they are compared
    assert [r["sign"] for r in box.rows] == ["Hard to ask for help", "Keeping every task"]
    assert "earlier wording" in box.note.value


def test_a_carried_over_journal_shares_as_schema_2_without_its_earlier_answers(old_journal):
    import datetime as dt

    from interdependence.cohort.submission import build_submission

    journal = Journal(old_journal)
    shared = {s.id: [] for s in CURRICULUM.steps if s.shareable}
    sent = build_submission(journal, CURRICULUM, shared, "SAMPLE", today=dt.date(2026, 11, 30))
    assert sent["schema"] == 2
    ids = {i for body in sent["steps"].values() for i in body["ratings"]}
    assert "sign.asking" in ids
    assert not ids & set(MIGRATION.retired)
    assert "earlier" not in json.dumps(sent)

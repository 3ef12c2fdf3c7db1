"""Step 07, consider therapy: driven through its widgets, then checked in the journal; its
model (Therapy) checked on its own."""

import json
from pathlib import Path

import pytest

from interdependence import steps
from interdependence.exercises.therapy import BarrierError, Therapy
from interdependence.journal import Journal
from interdependence.session import StepSession
from interdependence.views.style import esc

STEP = "07-consider-therapy"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / f"{STEP}.ipynb"
CRISIS_MUST_SAY = ["988", "988lifeline.org", "116 123", "Samaritans", "findahelpline.com",
                   "emergency number", "911", "999", "112"]


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    """What the participant sees after a kernel restart and re-running the notebook."""
    return StepSession(STEP, journal=Journal(session.journal.path))


def test_the_checklist_has_the_five_barriers_from_the_yaml(session):
    box = session.exercise("barriers")
    assert list(box.checks) == ["cost", "time", "stigma", "where_to_start",
                                "bad_past_experience"]
    assert all(not c.value for c in box.checks.values())
    assert all(a.layout.display == "none" for a in box.answers.values())
    assert "Nothing ticked" in box.status.value


def test_ticking_a_barrier_saves_it_and_reveals_its_answer(session):
    box = session.exercise("barriers")
    box.checks["cost"].value = True
    box.checks["where_to_start"].value = True

    stored = Journal(session.journal.path).exercise(STEP, "barriers")
    assert stored == {"cost": True, "where_to_start": True}
    assert box.answers["cost"].layout.display is None
    assert box.answers["where_to_start"].layout.display is None
    assert box.answers["time"].layout.display == "none"
    cost = next(b for b in session.step.exercise["barriers"] if b["id"] == "cost")
    assert esc(cost["answer"]) in box.answers["cost"].value
    assert "2 barriers ticked" in box.status.value


def test_unticking_saves_false_and_hides_the_answer_again(session):
    box = session.exercise("barriers")
    box.checks["stigma"].value = True
    box.checks["stigma"].value = False
    assert Journal(session.journal.path).exercise(STEP, "barriers") == {"stigma": False}
    assert box.answers["stigma"].layout.display == "none"
    assert Therapy(session.journal).ticked() == []


def test_ticked_barriers_and_their_answers_come_back_after_a_restart(session):
    box = session.exercise("barriers")
    box.checks["time"].value = True
    box.checks["bad_past_experience"].value = True

    again = rebuilt(session).exercise("barriers")
    assert {k for k, c in again.checks.items() if c.value} == {"time", "bad_past_experience"}
    assert again.answers["time"].layout.display is None
    assert again.answers["cost"].layout.display == "none"
    assert "2 barriers ticked" in again.status.value


def test_an_unknown_barrier_is_refused_plainly_and_nothing_is_saved(journal):
    with pytest.raises(BarrierError, match="not one of the barriers"):
        Therapy(journal).tick("money", True)
    assert journal.exercise(STEP, "barriers") is None


def test_a_damaged_barriers_entry_starts_the_checklist_afresh(journal, session):
    journal.set_exercise(STEP, "barriers", ["cost"])
    box = session.exercise("barriers")
    assert not any(c.value for c in box.checks.values())
    box.checks["cost"].value = True
    assert journal.exercise(STEP, "barriers") == {"cost": True}


def test_finding_a_therapist_and_first_call_questions_show_every_yaml_line(session):
    finding = session.exercise("finding").value
    questions = session.exercise("questions").value
    for line in session.step.exercise["finding_a_therapist"]:
        assert esc(line["label"]) in finding
    for line in session.step.exercise["first_call_questions"]:
        assert esc(line["label"]) in questions
    assert finding.count("<li>") == len(session.step.exercise["finding_a_therapist"]) == 6
    assert "<details" in questions
    assert "<summary>" in questions


def test_crisis_resources_are_all_in_the_widget_with_the_check_locally_note(session):
    text = session.exercise("crisis").value
    for needle in CRISIS_MUST_SAY:
        assert needle in text, needle
    assert "check the ones that" in text
    assert "where you live" in text


def test_crisis_websites_are_links_that_open_in_a_new_tab(session):
    text = session.exercise("crisis").value
    for site in ("988lifeline.org", "findahelpline.com"):
        assert (f'<a href="https://{site}" target="_blank" rel="noopener noreferrer">'
                f"{site}</a>") in text, site
    # a line with no website stays plain words
    assert "116 123" in text
    assert text.count("<a ") == 2


def test_crisis_websites_are_links_in_the_notebooks_markdown_too():
    for notebook in (NOTEBOOK, NOTEBOOK.parent / "00-welcome.ipynb"):
        cells = json.loads(notebook.read_text())["cells"]
        markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        for site in ("findahelpline.com",):
            assert (f'<a href="https://{site}" target="_blank" rel="noopener noreferrer">'
                    f"{site}</a>") in markdown, notebook.name
        # every mention is a link (each link names the site twice: address and words)
        assert markdown.count(">findahelpline.com</a>") == markdown.count("findahelpline.com") // 2


def test_crisis_resources_are_in_a_markdown_cell_of_the_notebook_too():
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for needle in CRISIS_MUST_SAY:
        assert needle in markdown, needle
    assert "where you live" in markdown


def test_only_the_readiness_ratings_can_ever_be_shared(session):
    assert len(session.step.items) == 4
    assert all(item.shareable for item in session.step.items)
    assert all(item.id.startswith("therapy.") for item in session.step.items)
    assert session.step.prompts
    assert not any(p.shareable for p in session.step.prompts)
    # nothing from the exercise goes to the group: there is no summary to submit
    assert session.model.share_summary() == {}
    assert steps.THERAPY.summary_bounds is None
    assert not steps.THERAPY.shares_summary


def test_every_part_is_reachable_from_the_notebook_call(session):
    for part in ("barriers", "finding", "questions", "crisis"):
        assert session.exercise(part) is not None
    assert session.exercise().checks  # the default part is the checklist


# ---- the model -----------------------------------------------------------------------------


def test_each_tick_is_one_journal_write_of_the_barriers_key(journal, monkeypatch):
    writes = []
    real = journal.set_exercises
    monkeypatch.setattr(journal, "set_exercises",
                        lambda step_id, values: (writes.append(dict(values)),
                                                 real(step_id, values)))
    model = Therapy(journal)
    model.tick("cost", True)
    model.tick("time", True)
    model.tick("cost", False)
    assert writes == [{"barriers": {"cost": True}},
                      {"barriers": {"cost": True, "time": True}},
                      {"barriers": {"cost": False, "time": True}}]
    assert model.ticked() == ["time"]


def test_ticked_barriers_keep_the_order_of_the_yaml(journal, session):
    model = Therapy(journal)
    for barrier in ("bad_past_experience", "cost", "stigma"):
        model.tick(barrier, True)
    assert model.ticked() == ["cost", "stigma", "bad_past_experience"]
    assert model.barrier_ids() == [b["id"] for b in session.step.exercise["barriers"]]


def test_the_model_takes_its_barriers_from_the_content_it_is_given(journal):
    model = Therapy(journal, {"barriers": [{"id": "weather", "label": "W", "answer": "A"}]})
    model.tick("weather", True)
    with pytest.raises(BarrierError):
        model.tick("cost", True)
    assert model.ticked() == ["weather"]


def test_the_share_summary_is_empty_whatever_is_ticked(session):
    box = session.exercise("barriers")
    for check in box.checks.values():
        check.value = True
    assert session.model.share_summary() == {}


def test_two_checklists_update_each_other_through_the_model(session, monkeypatch):
    """The checklist shown twice in one notebook: a tick in one shows in the other, its
    answer opens there too, and the other cell does not write the tick a second time."""
    first, second = session.exercise("barriers"), session.exercise("barriers")
    assert first.model is second.model is session.model
    writes = []
    real = session.journal.set_exercises
    monkeypatch.setattr(session.journal, "set_exercises",
                        lambda step_id, values: (writes.append(values), real(step_id, values)))
    first.checks["stigma"].value = True
    assert second.checks["stigma"].value is True
    assert second.answers["stigma"].layout.display is None
    assert "1 barrier ticked" in second.status.value
    second.checks["stigma"].value = False
    assert first.checks["stigma"].value is False
    assert first.answers["stigma"].layout.display == "none"
    assert len(writes) == 2


def test_a_checklist_run_twenty_times_leaves_only_a_few_live_observers(session):
    from interdependence.exercises.model import KEEP

    for _ in range(20):
        session.exercise("barriers")
    assert session.model.observer_count("barriers") <= KEEP
    newest = session.exercise("barriers")
    newest.checks["time"].value = True
    assert "1 barrier ticked" in newest.status.value

"""Step 03, the ask ladder, driven as a participant would: type, click, then read the journal
and the data the charts were drawn from."""

import json

import pytest

from interdependence.exercises.ask_ladder import AskLadder
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "03-start-small"


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    """What a participant sees after restarting the kernel and re-running the notebook."""
    return StepSession(STEP, journal=Journal(session.journal.path))


def add(panel, text, discomfort):
    panel.text.value, panel.discomfort.value = text, str(discomfort)
    panel.save_button.click()


def saved(session, key, default=None):
    return Journal(session.journal.path).exercise(STEP, key, default)


def test_the_ladder_sorts_itself_from_the_easiest_rung(session):
    ladder = session.exercise("ladder")
    chart = session.exercise("chart")
    pick = session.exercise("pick")
    add(ladder, "Ask my manager to move a deadline", 65)
    add(ladder, "Ask R to take in a parcel", 15)
    add(ladder, "Ask K a question", 30)
    assert [a["text"] for a in saved(session, "asks")] == [
        "Ask my manager to move a deadline", "Ask R to take in a parcel", "Ask K a question"]
    # the list reads like a ladder: the hardest at the top, the easiest at the bottom
    assert [r.label.value.split(" · ")[0] for r in ladder.rows] == ["<b>65</b>", "<b>30</b>",
                                                                     "<b>15</b>"]
    # the chart, already on screen, redrew itself: easiest rung first (the bottom bar)
    assert [r["discomfort"] for r in chart.data] == [15, 30, 65]
    assert "from 15 on the bottom rung to 65 at the top" in chart.caption
    assert [label for label, _ in pick.choice.options] == [
        "Not chosen yet", "15 · Ask R to take in a parcel", "30 · Ask K a question",
        "65 · Ask my manager to move a deadline"]


def test_equal_discomfort_keeps_the_order_asks_were_added(journal):
    model = AskLadder(journal)
    for text in ("first", "second", "third"):
        model.asks.add({"text": text, "discomfort": 40})
    model.asks.add({"text": "easier", "discomfort": 10})
    assert [a["text"] for a in model.ladder()] == ["easier", "first", "second", "third"]


def test_fewer_than_five_asks_says_how_many_more_without_an_error(session):
    ladder = session.exercise("ladder")
    assert "Add at least 5 more" in ladder.count.value
    add(ladder, "Ask K a question", 30)
    add(ladder, "Ask R to take in a parcel", 15)
    assert "You have 2 so far. Add at least 3 more to build your ladder" in ladder.count.value
    assert ladder.errors.value == ""
    assert "interdep-notice" not in ladder.count.value
    for n in range(3):
        add(ladder, f"Small ask number {n}", 20 + n)
    assert "5 asks, enough for a ladder" in ladder.count.value


def test_a_thirteenth_ask_is_refused_kindly(session):
    ladder = session.exercise("ladder")
    for n in range(12):
        add(ladder, f"Ask number {n}", n * 5)
    assert "12 asks, which is plenty" in ladder.count.value
    add(ladder, "One more", 50)
    assert "already has 12 asks" in ladder.message.value
    assert "remove or change one" in ladder.message.value
    assert len(saved(session, "asks")) == 12
    assert ladder.text.value == "One more"  # kept on screen, not lost
    assert ladder.errors.value == ""


@pytest.mark.parametrize("typed", ["abc", "150", "-5", "", "  "])
def test_discomfort_must_be_a_number_from_0_to_100(session, typed):
    ladder = session.exercise("ladder")
    add(ladder, "Ask K a question", typed)
    assert "Please give a number from 0 to 100" in ladder.message.value
    assert saved(session, "asks") is None


@pytest.mark.parametrize(("typed", "stored"), [("0", 0), ("100", 100), ("42.4", 42),
                                                (" 35% ", 35)])
def test_discomfort_accepts_what_people_type(session, typed, stored):
    add(session.exercise("ladder"), "Ask K a question", typed)
    assert saved(session, "asks")[0]["discomfort"] == stored


def test_an_ask_needs_words_and_is_not_added_twice(session):
    ladder = session.exercise("ladder")
    add(ladder, "   ", 20)
    assert "write a few words" in ladder.message.value
    add(ladder, "Ask K a question", 20)
    add(ladder, "ask k a question", 25)
    assert "already on your ladder" in ladder.message.value
    assert len(saved(session, "asks")) == 1


def test_an_example_is_added_with_one_click(session):
    ladder = session.exercise("ladder")
    example = session.step.exercise["example_asks"][0]
    button = ladder.example_buttons[example["id"]]
    assert example["label"] in button.description
    button.click()
    assert saved(session, "asks")[0]["text"] == example["label"]
    assert saved(session, "asks")[0]["discomfort"] == example["discomfort"]
    assert button.disabled  # already on the ladder
    assert len(ladder.rows) == 1


def test_the_example_ideas_are_made_when_first_opened(session):
    """A closed list of ideas builds no buttons (issue 14); opening it shows its help and
    every example, those already on the ladder greyed out, and each adds with one click."""
    ladder = session.exercise("ladder")
    examples = session.step.exercise["example_asks"]
    add(ladder, examples[1]["label"], 40)
    panel = ladder.ideas.children[0]
    assert ladder.ideas.selected_index is None
    assert panel.children == ()
    ladder.ideas.selected_index = 0  # the participant opens "ideas"
    help_text, *buttons = panel.children
    assert session.step.exercise["parts"][0]["examples_help"][:20] in help_text.value
    assert [b.description for b in buttons] == [
        f"+ {ex['label']} ({ex['discomfort']})" for ex in examples]
    assert [b.disabled for b in buttons] == [ex is examples[1] for ex in examples]
    buttons[0].click()
    assert saved(session, "asks")[-1]["text"] == examples[0]["label"]
    assert buttons[0].disabled
    ladder.ideas.selected_index = None
    ladder.ideas.selected_index = 0
    assert panel.children[1] is buttons[0]  # made once, kept


def test_change_an_ask_then_remove_it_and_undo(session):
    ladder = session.exercise("ladder")
    add(ladder, "Ask K a question", 30)
    add(ladder, "Ask R to take in a parcel", 15)
    row = next(r for r in ladder.rows if "Ask K" in r.label.value)
    row.edit_button.click()
    assert ladder.text.value == "Ask K a question"
    assert ladder.discomfort.value == "30"
    assert ladder.save_button.description == "Save changes"
    ladder.discomfort.value = "5"
    ladder.save_button.click()
    asks = saved(session, "asks")
    assert [(a["text"], a["discomfort"]) for a in asks] == [("Ask K a question", 5),
                                                            ("Ask R to take in a parcel", 15)]
    assert ladder.rows[-1].entry_id == asks[0]["id"]  # now the bottom rung
    ladder.rows[-1].remove_button.click()
    assert [a["text"] for a in saved(session, "asks")] == ["Ask R to take in a parcel"]
    ladder.undo_button.click()
    assert [a["text"] for a in saved(session, "asks")] == ["Ask K a question",
                                                           "Ask R to take in a parcel"]


def test_cancel_changing_leaves_the_ask_as_it_was(session):
    ladder = session.exercise("ladder")
    add(ladder, "Ask K a question", 30)
    ladder.rows[0].edit_button.click()
    ladder.discomfort.value = "90"
    ladder.cancel_button.click()
    assert saved(session, "asks")[0]["discomfort"] == 30
    assert ladder.save_button.description == "Add to my ladder"
    assert ladder.text.value == ""


def test_picking_this_weeks_ask_is_saved_and_comes_back(session):
    ladder, pick = session.exercise("ladder"), session.exercise("pick")
    chart = session.exercise("chart")
    add(ladder, "Ask K a question", 30)
    add(ladder, "Ask R to take in a parcel", 15)
    assert pick.choice.label == "Not chosen yet"  # nothing picked yet: said, not blank
    k = next(a["id"] for a in saved(session, "asks") if a["text"] == "Ask K a question")
    pick.choice.value = k
    assert saved(session, "chosen") == k
    assert "this week you will try “Ask K a question”" in pick.note.value
    assert [r["chosen"] for r in chart.data] == [False, True]
    assert "this week" in ladder.rows[0].label.value
    again = rebuilt(session).exercise("pick")
    assert again.choice.value == k
    again.choice.value = None
    assert saved(session, "chosen") is None


def test_picking_a_hard_rung_gets_a_gentle_note(session):
    ladder, pick = session.exercise("ladder"), session.exercise("pick")
    for n, text in enumerate(["a", "b", "c", "d", "e", "f"]):
        add(ladder, f"Ask {text}", n * 15)
    pick.choice.value = pick.choice.options[-1][1]
    assert session.step.exercise["parts"][2]["high"] in pick.note.value
    pick.choice.value = pick.choice.options[1][1]
    assert "harder rungs" not in pick.note.value


def test_how_it_went_is_recorded_and_shown_against_the_prediction(session):
    ladder, pick = session.exercise("ladder"), session.exercise("pick")
    report, compare = session.exercise("report"), session.exercise("compare")
    chart = session.exercise("chart")
    assert "Choose this week&#x27;s ask above first" in report.which.value
    assert report.form.layout.display == "none"
    assert compare.data == []
    assert "side by side" in compare.caption
    add(ladder, "Ask K a question", 30)
    pick.choice.value = saved(session, "asks")[0]["id"]
    assert "Ask K a question" in report.which.value
    assert report.form.layout.display is None
    report.done.value = "done"
    report.actual.value = "10"
    report.what.value = "K answered in two minutes."
    report.save_button.click()
    ask_id = saved(session, "asks")[0]["id"]
    assert saved(session, "outcomes") == {
        ask_id: {"done": True, "actual": 10, "note": "K answered in two minutes."}}
    assert "You expected 30; it felt like 10." in report.message.value
    assert compare.data == [{"text": "Ask K a question", "expected": 30, "actual": 10,
                             "done": True}]
    assert "it felt 20 points less uncomfortable than expected" in compare.caption
    assert chart.data[0]["done"] is True
    again = rebuilt(session).exercise("report")
    assert (again.done.value, again.actual.value, again.what.value) == (
        "done", "10", "K answered in two minutes.")


def test_not_yet_with_no_number_is_fine(session):
    ladder, pick = session.exercise("ladder"), session.exercise("pick")
    report = session.exercise("report")
    add(ladder, "Ask K a question", 30)
    pick.choice.value = saved(session, "asks")[0]["id"]
    report.done.value = "not_yet"
    report.save_button.click()
    assert list(saved(session, "outcomes").values()) == [
        {"done": False, "actual": None, "note": ""}]
    assert session.model.predicted_vs_actual() == []
    report.actual.value = "lots"
    report.save_button.click()
    assert "is not a number" in report.message.value


def test_removing_the_chosen_ask_clears_the_pick_and_its_note_until_undone(session):
    ladder, pick = session.exercise("ladder"), session.exercise("pick")
    report = session.exercise("report")
    add(ladder, "Ask K a question", 30)
    ask_id = saved(session, "asks")[0]["id"]
    pick.choice.value = ask_id
    report.done.value, report.actual.value = "done", "10"
    report.save_button.click()
    ladder.rows[0].remove_button.click()
    assert saved(session, "chosen") is None
    assert saved(session, "outcomes") == {}
    assert pick.choice.value is None
    assert pick.choice.label == "Not chosen yet"  # said, not a blank box (participant review)
    assert "Choose this week&#x27;s ask above first" in report.which.value
    ladder.undo_button.click()
    assert saved(session, "chosen") == ask_id
    assert saved(session, "outcomes")[ask_id]["actual"] == 10
    assert pick.choice.value == ask_id


def test_everything_comes_back_after_a_restart(session):
    ladder = session.exercise("ladder")
    add(ladder, "Ask K a question", 30)
    add(ladder, "Ask R to take in a parcel", 15)
    again = rebuilt(session)
    assert [r.entry_id for r in again.exercise("ladder").rows] == [r.entry_id for r in ladder.rows]
    assert [r["discomfort"] for r in again.exercise("chart").data] == [15, 30]


def test_participant_words_are_escaped_in_html(session):
    ladder, pick = session.exercise("ladder"), session.exercise("pick")
    report = session.exercise("report")
    add(ladder, "<img src=x onerror=alert(1)> & co", 20)
    assert "<img" not in ladder.rows[0].label.value
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in ladder.rows[0].label.value
    pick.choice.value = saved(session, "asks")[0]["id"]
    assert "<img" not in pick.note.value
    assert "<img" not in report.which.value


def test_the_ladder_chart_draws_one_bar_per_rung_in_order():
    from interdependence.charts import ask_ladder as charts
    from interdependence.charts.style import new_figure

    data = [{"text": "Buy $5 of stamps for me", "discomfort": 5, "chosen": False,
             "done": True},
            {"text": "Ask K", "discomfort": 30, "chosen": True, "done": False}]
    fig, ax = new_figure(*charts.figure_size(2))
    bars = charts.ladder_chart(ax, data)[0]
    assert [b.get_width() for b in bars] == [5, 30]
    assert [b.get_y() + b.get_height() / 2 for b in bars] == [0, 1]  # the easiest lowest
    assert bars[1].get_linewidth() > 0
    assert bars[0].get_linewidth() == 0
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == r"Buy \$5 of stamps for me"  # shown as typed, not as maths
    fig.canvas.draw()


def test_chart_panels_show_a_kind_sentence_then_a_captioned_picture(session):
    chart = session.exercise("chart")
    assert "once you add your first ask" in chart.picture.value
    assert "<img" not in chart.picture.value
    add(session.exercise("ladder"), "Ask K a question", 30)
    assert '<img src="data:image/png;base64,' in chart.picture.value
    assert f'alt="{chart.caption}"' in chart.picture.value


def test_share_summary_holds_numbers_only(session):
    ladder, pick = session.exercise("ladder"), session.exercise("pick")
    report = session.exercise("report")
    assert session.model.share_summary() == {
        "asks": 0, "first_ask_done": False, "expected": None, "actual": None}
    add(ladder, "Ask Quentin about the zebra", 40)
    add(ladder, "Borrow a ladder from Xavier", 20)
    pick.choice.value = next(a["id"] for a in saved(session, "asks") if "Quentin" in a["text"])
    report.done.value, report.actual.value = "done", "15"
    report.what.value = "Quentin laughed kindly"
    report.save_button.click()
    summary = session.model.share_summary()
    assert summary == {"asks": 2, "first_ask_done": True, "expected": 40, "actual": 15}
    text = json.dumps(summary).lower()
    for word in ("quentin", "zebra", "xavier", "borrow", "laughed"):
        assert word not in text
    assert all(isinstance(v, int | bool | type(None)) for v in summary.values())


def test_the_summary_passes_the_submission_allow_list_unchanged(session):
    from interdependence.cohort.submission import summary_for

    add(session.exercise("ladder"), "Ask K a question", 30)
    session.exercise("pick").choice.value = saved(session, "asks")[0]["id"]
    assert summary_for(STEP, session.journal) == session.model.share_summary()


def test_removing_the_chosen_ask_saves_rung_pick_and_outcome_in_one_write(journal, monkeypatch):
    from interdependence import journal as journal_module

    journal.set_exercises("03-start-small", {
        "asks": [{"id": "a1", "text": "Ask for a lift", "discomfort": 30}],
        "chosen": "a1", "outcomes": {"a1": {"done": True, "actual": 10, "note": ""}}})
    writes = []
    real = journal_module.atomic_write_text
    monkeypatch.setattr(journal_module, "atomic_write_text",
                        lambda path, text: (writes.append(path), real(path, text)))
    removed = AskLadder(journal).asks.remove("a1")
    assert len(writes) == 1
    assert journal.exercise("03-start-small", "chosen") is None
    assert journal.exercise("03-start-small", "outcomes") == {}
    AskLadder(journal).asks.restore(removed)
    assert len(writes) == 2
    assert journal.exercise("03-start-small", "chosen") == "a1"
    assert journal.exercise("03-start-small", "outcomes")["a1"]["actual"] == 10


def test_two_cells_update_each_other_through_the_model(session):
    """Two editors and a pick in one notebook share one model: a change in either cell shows
    in the other without re-running it."""
    first, second = session.exercise("ladder"), session.exercise("ladder")
    pick, report = session.exercise("pick"), session.exercise("report")
    assert first.model is second.model is session.model
    add(first, "Ask K a question", 30)
    assert [r.label.value for r in second.rows] == [r.label.value for r in first.rows]
    second.rows[0].edit_button.click()
    second.discomfort.value = "45"
    second.save_button.click()
    assert first.rows[0].label.value.startswith("<b>45</b>")
    assert [label for label, _ in pick.choice.options][1] == "45 · Ask K a question"
    pick.choice.value = first.rows[0].entry_id
    assert "this week" in first.rows[0].label.value
    assert "this week" in second.rows[0].label.value
    assert "Ask K a question" in report.which.value
    first.rows[0].remove_button.click()
    assert second.rows == []
    assert pick.choice.value is None
    assert "No asks yet" in second.listing.children[0].value


def test_a_cell_run_twenty_times_leaves_only_a_few_live_observers(session):
    from model_helpers import assert_few_observers_after_reruns

    from interdependence.exercises.model import KEEP

    assert_few_observers_after_reruns(session, ("ladder", "chart"), ("ladder", "chart"))
    assert session.model.observer_count() <= 2 * KEEP  # the two slots, nothing else
    newest = session.exercise("ladder")
    add(newest, "Ask K a question", 30)  # the newest still redraws
    assert len(newest.rows) == 1


def test_step_03_parts_hear_of_changes_through_the_model_only(session):
    from model_helpers import assert_no_global_refresh

    assert_no_global_refresh(session, ("ladder", "chart", "pick", "report", "compare"))

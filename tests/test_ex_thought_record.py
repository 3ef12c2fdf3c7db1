"""Step 02, thought records: driven through the widgets, checked in the journal and chart."""

import ipywidgets as w
import pytest

from interdependence.exercises import thought_record as logic
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "02-reframe-help-as-strength"


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    return StepSession(STEP, journal=Journal(session.journal.path))


def stored(session):
    return Journal(session.journal.path).exercise(STEP, "records")


def fill_marcus(panel):
    panel.situation.value = "My car broke down; Dee drives past my street."
    panel.example_pick.value = "burden"
    panel.before.slider.value = 80
    panel.evidence_for.value = "Dee is busy with two kids."
    panel.evidence_against.value = "Dee gave a colleague a lift last term."
    panel.traps["mind_reading"].value = True
    panel.traps["overgeneralising"].value = True
    panel.balanced.value = "Dee might say no, and that would be fine."
    panel.after.slider.value = 45


def test_a_record_filled_in_through_the_widgets_is_saved_with_its_re_rating(session):
    panel = session.exercise("records")
    fill_marcus(panel)
    [record] = stored(session)
    assert record == {
        "id": panel.editing,
        "situation": "My car broke down; Dee drives past my street.",
        "belief": "If I ask, I will be a burden.",
        "belief_before": 80,
        "emotion": "",
        "emotion_before": None,
        "evidence_for": "Dee is busy with two kids.",
        "evidence_against": "Dee gave a colleague a lift last term.",
        "traps": ["mind_reading", "overgeneralising"],
        "balanced": "Dee might say no, and that would be fine.",
        "belief_after": 45,
        "emotion_after": None,
    }
    assert "Saved at" in panel.status.value
    assert "80 out of 100, then 45" in panel.rows[0].label.value


def test_picking_an_example_belief_fills_in_the_words_which_can_then_be_edited(session):
    panel = session.exercise("records")
    panel.example_pick.value = "owe"
    assert panel.belief.value == "If someone helps me, I will owe them."
    panel.belief.value = "If someone helps me, I will owe them forever."
    assert stored(session)[0]["belief"] == "If someone helps me, I will owe them forever."


def test_a_belief_is_not_rated_until_the_slider_is_touched_and_can_be_cleared(session):
    """No "Not rated yet" tick box (a double negative once unticked): unrated, words say
    so and how to rate; rated, the number is said once, in words, with "Clear my rating"
    to go back to not rated."""
    panel = session.exercise("records")
    panel.belief.value = "Needing help means I am weak."
    assert not hasattr(panel.before, "unrated")  # no tick box
    assert panel.before.value is None
    assert panel.before.slider.unset  # drawn as a bare line: no handle sitting at 50
    assert "Not rated yet: tap the line to rate it." in panel.before.readout.value
    assert panel.before.clear_button.layout.display == "none"
    assert panel.before.slider.readout is False  # the number is said in words only
    assert "Not rated yet." in panel.rows[0].label.value
    assert stored(session)[0]["belief_before"] is None
    assert stored(session)[0]["belief_after"] is None
    panel.before.slider.value = 71
    assert stored(session)[0]["belief_before"] == 71
    assert not panel.before.slider.unset
    assert panel.before.slider.readout is False
    assert "You rated it <b>71</b> out of 100." in panel.before.readout.value
    assert panel.before.clear_button.layout.display != "none"
    assert panel.before.clear_button.description == "Clear my rating"
    panel.before.clear_button.click()
    assert stored(session)[0]["belief_before"] is None
    assert panel.before.slider.unset
    assert "Not rated yet" in panel.before.readout.value
    assert panel.before.clear_button.layout.display == "none"


def test_the_record_list_says_its_ratings_as_a_person_would(session):
    """'belief 71, not re-rated yet · feeling "ashamed" 61, not re-rated yet' read like a
    status line."""
    panel = session.exercise("records")
    panel.belief.value = "If I ask, I will be a burden."
    panel.before.slider.value = 71
    panel.emotion.value = "ashamed"
    panel.emotion_before.slider.value = 61
    shown = panel.rows[0].label.value
    assert ("You believed it 71 out of 100; feeling ashamed, 61. Not rated again yet."
            in shown), shown
    for status_word in ("re-rated", "·", "“"):
        assert status_word not in shown
    panel.after.slider.value = 45
    panel.emotion_after.slider.value = 40
    assert ("You believed it 71 out of 100, then 45; feeling ashamed, 61, then 40."
            in panel.rows[0].label.value)


def test_a_record_without_a_belief_has_no_lone_bracket(session):
    """'1. (My washing machine broke and my neighbour offered her car…' opened a bracket
    and never closed it."""
    panel = session.exercise("records")
    panel.situation.value = ("My washing machine broke and my neighbour offered her car "
                             "to take the laundry to the launderette.")
    shown = panel.rows[0].label.value
    assert "(My washing machine broke" in shown
    assert shown.count("(") == shown.count(")"), shown


def test_a_tap_on_the_unset_slider_where_its_handle_rests_is_a_rating(session):
    """The browser clears ``unset`` when the bare line is tapped, even at the value the
    hidden handle already had: that is a rating, so it is saved."""
    panel = session.exercise("records")
    panel.belief.value = "Needing help means I am weak."
    assert stored(session)[0]["belief_before"] is None
    panel.before.slider.unset = False  # what the front-end sends on a tap at the middle
    assert panel.before.value == 50
    assert stored(session)[0]["belief_before"] == 50
    assert "You rated it <b>50</b>" in panel.before.readout.value


def test_an_untouched_new_record_is_not_saved(session):
    panel = session.exercise("records")
    panel.new_button.click()
    panel.situation.value = "   "
    assert not stored(session)
    assert panel.editing is None


def test_several_records_can_be_kept_reopened_and_edited(session):
    panel = session.exercise("records")
    fill_marcus(panel)
    first = panel.editing
    panel.new_button.click()
    assert panel.editing is None
    assert panel.situation.value == ""
    assert panel.before.value is None
    assert panel.after.value is None
    assert not any(c.value for c in panel.traps.values())
    panel.belief.value = "It is quicker if I just do it myself."
    panel.before.slider.value = 90
    second = panel.editing
    assert [r["id"] for r in stored(session)] == [first, second]
    # Re-open the first one: its answers are back in the form; change the re-rating.
    panel.rows[0].edit_button.click()
    assert panel.editing == first
    assert panel.after.slider.value == 45
    assert panel.traps["mind_reading"].value
    assert panel.rows[0].edit_button.disabled
    assert not panel.rows[1].edit_button.disabled
    panel.after.slider.value = 40
    records = stored(session)
    assert [r["belief_after"] for r in records] == [40, None]
    assert records[1]["belief_before"] == 90


def test_records_come_back_after_a_restart_with_the_last_one_open(session):
    panel = session.exercise("records")
    fill_marcus(panel)
    panel.new_button.click()
    panel.belief.value = "People will think less of me."
    again = rebuilt(session).exercise("records")
    assert len(again.rows) == 2
    assert again.belief.value == "People will think less of me."
    again.rows[0].edit_button.click()
    assert again.before.slider.value == 80
    assert again.before.value is not None
    assert again.example_pick.value == "burden"


def test_remove_a_record_and_undo(session):
    panel = session.exercise("records")
    fill_marcus(panel)
    panel.new_button.click()
    panel.belief.value = "Second"
    records = stored(session)
    panel.rows[0].remove_button.click()
    assert [r["belief"] for r in stored(session)] == ["Second"]
    panel.undo_button.click()
    assert stored(session) == records


def test_removing_the_open_record_empties_the_form(session):
    panel = session.exercise("records")
    panel.belief.value = "Only one"
    panel.rows[0].remove_button.click()
    assert stored(session) == []
    assert panel.editing is None
    assert panel.belief.value == ""


def test_participant_text_is_escaped_in_the_list(session):
    panel = session.exercise("records")
    panel.belief.value = "<b onmouseover=alert(1)>bold</b>"
    html = panel.rows[0].label.value
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover" in html


def test_ratings_are_checked_with_a_plain_message():
    assert logic.clean_rating(None) is None
    assert logic.clean_rating(" ") is None
    assert logic.clean_rating("80") == 80
    assert logic.clean_rating(44.6) == 45
    assert logic.clean_rating("70%") == 70
    for bad in (101, -1, "abc", True, float("nan")):
        with pytest.raises(logic.RecordError, match="Please give a number from 0 to 100"):
            logic.clean_rating(bad)
    with pytest.raises(logic.RecordError, match="traps from the list"):
        logic.clean_record({"traps": ["astrology"]}, ["mind_reading"])


# ---- the chart ---------------------------------------------------------------------------


def test_chart_shows_a_kind_empty_state_until_a_belief_is_rated(session):
    chart = session.exercise("chart")
    assert "interdep-empty" in chart.picture.value
    assert chart.data["rows"] == []
    panel = session.exercise("records")
    panel.belief.value = "Not rated yet"
    assert chart.data["rows"] == []
    assert chart.data["unrated"] == 1
    assert "interdep-empty" in chart.picture.value


def test_chart_data_pairs_before_and_after_per_record_and_redraws_itself(session):
    chart = session.exercise("chart")
    panel = session.exercise("records")
    fill_marcus(panel)
    panel.new_button.click()
    panel.belief.value = "Needing help means I am weak."
    panel.before.slider.value = 60
    panel.new_button.click()
    panel.belief.value = "Nothing rated here"
    rows = chart.data["rows"]
    assert [(r["number"], r["before"], r["after"], r["change"]) for r in rows] == [
        (1, 80, 45, -35), (2, 60, None, None)]
    assert rows[0]["label"].startswith("1. If I ask")
    assert chart.data["unrated"] == 1
    assert chart.data["paired"] == 1
    assert (chart.data["mean_before"], chart.data["mean_after"]) == (80, 45)
    assert "went from 80 to 45" in chart.caption
    assert chart.picture.value.startswith("<figure")
    assert chart.caption in chart.picture.value
    # A fresh chart cell after a restart shows the same thing.
    assert rebuilt(session).exercise("chart").data == chart.data


def test_the_dumbbells_sit_at_the_ratings_with_labelled_distinct_markers():
    from matplotlib.colors import to_hex

    from interdependence.charts import thought_record as charts
    from interdependence.charts.style import new_figure

    data = logic.belief_change([
        {"id": "a", "belief": "Burden", "belief_before": 80, "belief_after": 45},
        {"id": "b", "belief": "Weak", "belief_before": 60, "belief_after": None},
        {"id": "c", "belief": "Same", "belief_before": 50, "belief_after": 50},
    ])
    fig, ax = new_figure(*charts.figure_size(data))
    artists = charts.belief_chart(ax, data)
    lines = [a for a in artists if hasattr(a, "get_xdata")]
    segments = [list(a.get_xdata()) for a in lines if len(a.get_xdata()) == 2]
    assert segments == [[80, 45], [50, 50]]
    before = {(a.get_xdata()[0], a.get_ydata()[0]) for a in lines if a.get_marker() == "o"}
    after = {(a.get_xdata()[0], a.get_ydata()[0]) for a in lines if a.get_marker() == "D"}
    assert before == {(80, 0), (60, 1), (50, 2)}
    assert after == {(45, 0), (50, 2)}
    colours = {to_hex(a.get_markerfacecolor()) for a in lines if a.get_marker() in "oD"}
    assert len(colours) == 2
    legend = next(a for a in artists if hasattr(a, "get_texts"))
    assert [t.get_text() for t in legend.get_texts()] == [charts.BEFORE_LABEL,
                                                          charts.AFTER_LABEL]
    texts = [a.get_text() for a in artists if hasattr(a, "get_text")]
    assert "not re-rated yet" in texts
    assert "50 (no change)" in texts
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1. Burden", "2. Weak", "3. Same"]
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_a_dollar_sign_in_a_belief_is_shown_as_typed_not_as_a_formula(session):
    chart = session.exercise("chart")
    panel = session.exercise("records")
    panel.belief.value = "I'd owe them $20"
    panel.before.slider.value = 30
    assert chart.data["rows"][0]["label"] == "1. I'd owe them $20"
    assert chart.picture.value.startswith("<figure")
    from interdependence.charts import thought_record as charts
    from interdependence.charts.style import new_figure

    fig, ax = new_figure(*charts.figure_size(chart.data))
    charts.belief_chart(ax, chart.data)
    assert [t.get_text() for t in ax.get_yticklabels()] == [r"1. I'd owe them \$20"]
    import matplotlib.pyplot as plt

    plt.close(fig)


# ---- the feeling (review #11 item 11) ----------------------------------------------------


def test_the_feeling_and_its_strength_before_and_after_are_kept_and_listed(session):
    panel = session.exercise("records")
    fill_marcus(panel)
    panel.emotion.value = "worried"
    panel.emotion_before.slider.value = 70
    panel.emotion_after.slider.value = 40
    [record] = stored(session)
    assert (record["emotion"], record["emotion_before"], record["emotion_after"]) == (
        "worried", 70, 40)
    assert "feeling worried, 70, then 40." in panel.rows[0].label.value
    again = rebuilt(session).exercise("records")
    assert again.emotion.value == "worried"
    assert (again.emotion_before.slider.value, again.emotion_after.slider.value) == (70, 40)
    assert again.emotion_before.value is not None


def test_the_feeling_is_asked_in_the_form_with_words_from_the_curriculum(session):
    parts = {p["id"]: p for p in session.step.exercise["parts"]}
    assert {"emotion", "emotion_rating", "emotion_rerating"} <= set(parts)
    panel = session.exercise("records")

    def texts(widget):
        yield getattr(widget, "value", "") if isinstance(widget, w.HTML) else ""
        for child in getattr(widget, "children", ()):
            yield from texts(child)

    shown = " ".join(texts(panel))
    for part in ("emotion", "emotion_rating", "emotion_rerating"):
        assert parts[part]["label"] in shown
        assert parts[part]["help"] in shown
    assert shown.index(parts["belief_rating"]["label"]) < shown.index(
        parts["emotion"]["label"]) < shown.index(parts["evidence_for"]["label"])
    assert panel.emotion_before.value is None
    assert panel.emotion_after.value is None


def test_an_older_record_without_a_feeling_opens_saves_and_charts_as_before(session):
    old = {"id": "r0ld", "situation": "Car", "belief": "Burden", "belief_before": 80,
           "evidence_for": "", "evidence_against": "", "traps": [], "balanced": "",
           "belief_after": 50}
    session.journal.set_exercise(STEP, "records", [old])
    panel = session.exercise("records")
    assert panel.emotion.value == ""
    assert panel.emotion_before.value is None
    assert "feeling" not in panel.rows[0].label.value
    chart = session.exercise("chart")
    assert chart.data["feelings"] == []
    assert chart.data["rows"][0]["before"] == 80
    assert "feeling" not in chart.caption
    panel.balanced.value = "Maybe not."
    panel.debouncer.flush()
    [record] = stored(session)
    assert record["emotion"] == ""
    assert record["emotion_before"] is None
    assert record["belief_before"] == 80
    assert record["balanced"] == "Maybe not."


def test_a_feeling_is_a_word_or_two_not_an_essay():
    with pytest.raises(logic.RecordError, match="word or two"):
        logic.clean_record({"emotion": "x" * (logic.MAX_EMOTION + 1)}, [])
    assert logic.clean_record({"emotion": "  worried "}, [])["emotion"] == "worried"
    assert not logic.is_empty(logic.clean_record({"emotion_before": 30}, []))


def test_the_chart_draws_each_feeling_under_its_belief_and_says_so():
    from interdependence.charts import thought_record as charts
    from interdependence.charts.style import new_figure

    data = logic.belief_change([
        {"id": "a", "belief": "Burden", "belief_before": 80, "belief_after": 45,
         "emotion": "worried", "emotion_before": 70, "emotion_after": 40},
        {"id": "b", "belief": "Weak", "belief_before": 60, "belief_after": None},
        {"id": "c", "belief": "", "emotion": "ashamed", "emotion_before": 90},
    ])
    assert [(r["number"], r["label"], r["before"], r["after"]) for r in data["feelings"]] == [
        (1, "feeling: worried", 70, 40), (3, "feeling: ashamed", 90, None)]
    assert (data["feeling_mean_before"], data["feeling_mean_after"]) == (70, 40)
    assert data["unrated"] == 0
    fig, ax = new_figure(*charts.figure_size(data))
    artists = charts.belief_chart(ax, data)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "1. Burden", "feeling: worried", "2. Weak", "feeling: ashamed"]
    segments = [list(a.get_xdata()) for a in artists
                if hasattr(a, "get_xdata") and len(a.get_xdata()) == 2]
    assert segments == [[80, 45], [70, 40]]
    caption = charts.caption(data)
    assert "The 2 rows marked “feeling” show how strong the feeling was" in caption
    assert "went from 70 to 40" in caption
    one = logic.belief_change([{"id": "a", "belief": "Burden", "belief_before": 80,
                                "emotion": "worried", "emotion_before": 70}])
    assert "The row marked “feeling” shows how strong" in charts.caption(one)  # not "show"
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_notebook_02_tells_participants_the_evidence_for_a_belief_can_be_real():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "notebooks" / f"{STEP}.ipynb"
    markdown = " ".join(" ".join("".join(c["source"]).split())
                        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                        if c["cell_type"] == "markdown")
    assert "Sometimes the evidence for the belief is real." in markdown
    assert "name the feeling that comes with it" in markdown  # what the step asks of you
    assert "**The feeling:** worried" in markdown  # and the worked example has one


# ---- the model: ThoughtRecords (issue 13) --------------------------------------------------


@pytest.fixture
def writes(journal, monkeypatch):
    """The journal writes made from here on (each one a whole-file save)."""
    from interdependence import journal as journal_module

    made = []
    real = journal_module.atomic_write_text
    monkeypatch.setattr(journal_module, "atomic_write_text",
                        lambda path, text: (made.append(path), real(path, text)))
    return made


def test_each_change_to_a_record_is_one_journal_write(journal, writes):
    model = logic.ThoughtRecords(journal)
    assert model.keep(None, {"situation": "  "}) is None  # an empty new record: not saved
    assert writes == []
    assert model.records.items() == []
    first = model.keep(None, {"belief": "Burden", "belief_before": "80"})
    assert len(writes) == 1
    assert first["belief_before"] == 80
    model.keep(first["id"], {**first, "belief_after": 45})
    assert len(writes) == 2
    assert journal.exercise(STEP, "records")[0]["belief_after"] == 45
    removed = model.records.remove(first["id"])
    assert len(writes) == 3
    assert journal.exercise(STEP, "records") == []
    model.records.restore(removed)
    assert len(writes) == 4
    assert journal.exercise(STEP, "records")[0]["id"] == first["id"]


def test_the_model_checks_input_with_its_own_plain_errors(journal):
    from interdependence.exercises.model import ExerciseError

    model = logic.ThoughtRecords(journal)
    assert issubclass(logic.RecordError, ExerciseError)
    with pytest.raises(logic.RecordError, match="traps from the list"):
        model.keep(None, {"belief": "Burden", "traps": ["astrology"]})
    with pytest.raises(logic.RecordError, match="word or two"):
        model.keep(None, {"emotion": "x" * (logic.MAX_EMOTION + 1)})
    with pytest.raises(logic.RecordError, match="Please give a number from 0 to 100"):
        model.records.add({"belief_before": "lots"})
    with pytest.raises(logic.RecordError, match="no longer in your journal"):
        model.keep("r-gone", {"belief": "Burden"})
    assert journal.exercise(STEP, "records") is None  # nothing was written


def test_traps_are_the_curriculums_and_kept_in_its_order(session, journal):
    model = logic.ThoughtRecords(journal)
    assert list(model.trap_ids()) == [t["id"] for t in session.step.exercise["thinking_traps"]]
    record = model.keep(None, {"traps": ["overgeneralising", "mind_reading"]})
    assert record["traps"] == ["mind_reading", "overgeneralising"]
    assert logic.ThoughtRecords(journal, traps=["a", "b"]).keep(
        None, {"traps": ["b", "a"]})["traps"] == ["a", "b"]


def test_the_step_shares_no_summary_so_no_words_can_leave(session):
    from interdependence import steps
    from interdependence.cohort.submission import summary_for

    fill_marcus(session.exercise("records"))
    assert session.model.share_summary() == {}
    assert summary_for(STEP, session.journal) == {}
    assert not steps.THOUGHT_RECORD.shares_summary


def test_an_input_problem_is_said_kindly_and_what_was_typed_stays(session):
    panel = session.exercise("records")
    panel.belief.value = "Burden"
    panel.emotion.value = "x" * (logic.MAX_EMOTION + 1)
    assert "word or two" in panel.status.value
    assert "interdep-notice" in panel.status.value
    assert stored(session)[0]["emotion"] == ""  # the earlier, good save stands
    assert panel.emotion.value == "x" * (logic.MAX_EMOTION + 1)
    assert panel.errors.value == ""  # not a failure of the kit


def test_two_cells_update_each_other_through_the_model(session):
    """Two record cells and a chart in one notebook share one model: what is saved in one
    shows in the others without re-running them."""
    first, second = session.exercise("records"), session.exercise("records")
    chart = session.exercise("chart")
    assert first.model is second.model is session.model
    fill_marcus(first)
    assert [r.entry_id for r in second.rows] == [first.editing]
    assert "80 out of 100, then 45" in second.rows[0].label.value
    assert first.rows[0].edit_button.description == "Editing below"
    assert first.rows[0].edit_button.disabled
    assert second.rows[0].edit_button.description == "Open"  # the second cell's form is new
    assert not second.rows[0].edit_button.disabled
    assert [r["after"] for r in chart.data["rows"]] == [45]
    second.rows[0].edit_button.click()
    assert second.editing == first.editing
    assert second.after.value == 45
    second.after.slider.value = 30
    assert "80 out of 100, then 30" in first.rows[0].label.value
    assert [r["after"] for r in chart.data["rows"]] == [30]
    first.rows[0].remove_button.click()
    assert second.rows == []
    assert second.editing is None
    assert second.belief.value == ""
    assert "No thought records yet" in second.listing.children[0].value
    assert chart.data["rows"] == []
    first.undo_button.click()
    assert len(second.rows) == 1


def test_a_cell_run_twenty_times_leaves_only_a_few_live_observers(session):
    from model_helpers import assert_few_observers_after_reruns

    assert_few_observers_after_reruns(session, ("records", "chart"), ("records", "chart"))
    newest = session.exercise("records")
    newest.belief.value = "Burden"  # the newest still redraws
    assert len(newest.rows) == 1


def test_step_02_parts_hear_of_changes_through_the_model_only(session):
    from model_helpers import assert_no_global_refresh

    assert_no_global_refresh(session, ("records", "chart"))


def test_the_chart_part_reads_its_words_from_the_steps_chart_section(session):
    from interdependence.views.exercise_parts import part_text

    assert part_text(session, "chart") is session.step.exercise["chart"]
    assert part_text(session, "situation")["label"] == "The situation"
    with pytest.raises(KeyError, match="no exercise part 'nope'"):
        part_text(session, "nope")


def test_on_a_phone_the_chart_keeps_not_re_rated_yet_inside_the_plot(tmp_path):
    """At 390 px "not re-rated yet" ran across the 75 and 100 gridlines and past the axis
    end, and the axis title wrapped as "…100 / = completely)"."""
    from interdependence.charts import thought_record as charts
    from interdependence.charts.style import new_figure

    data = {"rows": [{"label": "1. If I ask, I will be a burden.", "number": 1,
                      "before": 71, "after": None},
                     {"label": "2. Weak", "number": 2, "before": 95, "after": None}],
            "feelings": [{"label": "feeling: ashamed", "number": 1, "before": 61,
                          "after": None}], "paired": 0}
    fig, ax = new_figure(*charts.figure_size(data, phone=True))
    artists = charts.belief_chart(ax, data)
    fig.savefig(tmp_path / "chart.png", dpi=110)
    renderer = fig.canvas.get_renderer()
    plot = ax.get_window_extent(renderer)
    notes = [a for a in artists if hasattr(a, "get_text") and a.get_text() == "not re-rated yet"]
    numbers = [a for a in artists if hasattr(a, "get_text") and a.get_text().isdigit()]
    assert len(notes) == 3
    for note in notes:
        box = note.get_window_extent(renderer)
        assert plot.x0 <= box.x0, (box, plot)  # inside the axis
        assert box.x1 <= plot.x1, (box, plot)
        assert not any(box.overlaps(n.get_window_extent(renderer)) for n in numbers)
        ground = note.get_bbox_patch()  # the gridlines it crosses go under it
        assert ground is not None
        assert ground.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    title = ax.get_xlabel().split("\n")
    assert title == ["How strong it is", "(0 = not at all, 100 = completely)"], title
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_above_the_form_each_thing_is_said_once(session):
    """Five sentences in a row said it saves itself, there are no right answers, it is a
    private journal, it is saved as you type, and "It is saved as soon as you write or rate
    something"; a numbered list of nine repeated each box's own hint."""
    import json
    import re
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[1] / "notebooks"
                        / "02-reframe-help-as-strength.ipynb").read_text())["cells"]
    markdown = next("".join(c["source"]) for c in cells
                    if "".join(c["source"]).startswith("## My thought record"))
    panel = session.exercise("records")

    def texts(widget):
        if widget is panel.form_title:
            yield widget.value
            return
        yield getattr(widget, "value", "") if isinstance(widget, w.HTML) else ""
        for child in getattr(widget, "children", ()):
            yield from texts(child)

    above = []
    for child in panel.children:  # up to and including the line under the form's title
        above += list(texts(child))
        if child is panel.form_title:
            break
    shown = re.sub(r"<style>.*?</style>", " ", " ".join(above), flags=re.S)
    words = re.sub(r"<[^>]+>", " ", markdown + " " + shown).lower()
    for thing in (r"\bsav(e|es|ed)\b", r"private", r"right answers", r"top to bottom",
                  r"empty|optional"):
        assert len(re.findall(thing, words)) == 1, (thing, words)
    assert not re.search(r"^\d+\. ", markdown, re.M)  # no list of what the boxes say
    parts = session.step.exercise["parts"]
    assert not any(p["help"].lower()[:30] in words for p in parts)

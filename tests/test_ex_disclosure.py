"""Step 05, practice vulnerability, driven through its widgets: ladder, chart, stems, plan."""

import datetime as dt
import html

import pytest
from model_helpers import (
    SpyJournal,
    assert_few_observers_after_reruns,
    assert_no_global_refresh,
    assert_no_shared_layouts,
)

from interdependence.exercises import disclosure as logic
from interdependence.exercises.disclosure import DisclosureLadder
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "05-practice-vulnerability"

PARTS = ("ladder", "chart", "stems", "plan")


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    """What a participant sees after restarting the kernel and re-running the notebook."""
    return StepSession(STEP, journal=Journal(session.journal.path))


def add(ladder, text, exposure, person=""):
    ladder.text.value, ladder.exposure.value, ladder.person.value = text, str(exposure), person
    ladder.save_button.click()


def stored(session, key):
    return Journal(session.journal.path).exercise(STEP, key)


def exposure(session, row):
    return session.model.disclosures.find(row.entry_id)["exposure"]


# ---- the ladder ----------------------------------------------------------------------------


def test_rungs_are_saved_and_the_chart_ranks_them_least_exposed_first(session):
    ladder, chart = session.exercise("ladder"), session.exercise("chart")
    add(ladder, "I have felt lonely since I moved", 60, "Sam")
    add(ladder, "I am more tired than I let on", 15, "Jo")
    add(ladder, "The rota change worries me", 40)
    add(ladder, "I could use a hand with shopping", 40, "my sister")

    saved = stored(session, "disclosures")
    assert [(d["text"], d["exposure"], d["person"]) for d in saved] == [
        ("I have felt lonely since I moved", 60, "Sam"),
        ("I am more tired than I let on", 15, "Jo"),
        ("The rota change worries me", 40, ""),
        ("I could use a hand with shopping", 40, "my sister"),
    ]
    assert len({d["id"] for d in saved}) == 4
    # the chart in another cell redrew itself: lowest first, equal ones in the order added
    assert [r["exposure"] for r in chart.data] == [15, 40, 40, 60]
    assert [r["text"] for r in chart.data][1:3] == ["The rota change worries me",
                                                    "I could use a hand with shopping"]
    assert "4 things you could share" in chart.caption
    assert "from 15" in chart.caption
    assert "<img" in chart.picture.value
    assert "data:image/png;base64," in chart.picture.value
    # the list under the form shows the same order, and the form is cleared for the next one
    assert [exposure(session, row) for row in ladder.rows] == [15, 40, 40, 60]
    assert "Your ladder, from least to most exposed (4)" in ladder.heading.value
    assert ladder.text.value == ladder.exposure.value == ""


def test_the_ladder_comes_back_after_a_restart(session):
    add(session.exercise("ladder"), "I am more tired than I let on", 15, "Jo")
    again = rebuilt(session)
    rows = again.exercise("ladder").rows
    assert ["I am more tired than I let on" in r.label.value for r in rows] == [True]
    assert again.exercise("chart").data[0]["person"] == "Jo"


@pytest.mark.parametrize("typed", ["", "abc", "101", "-5", "fifty"])
def test_an_exposure_outside_0_to_100_gets_a_plain_message_and_saves_nothing(session, typed):
    ladder = session.exercise("ladder")
    add(ladder, "That I am tired", typed)
    assert "Please give a number from 0 to 100" in ladder.message.value
    assert stored(session, "disclosures") is None
    assert ladder.text.value == "That I am tired"  # what they typed is still there


def test_a_rung_needs_some_words(session):
    ladder = session.exercise("ladder")
    add(ladder, "   ", 20)
    assert "Please write a few words" in ladder.message.value
    assert stored(session, "disclosures") is None


def test_typed_exposures_are_read_kindly():
    assert logic.parse_exposure("35") == 35
    assert logic.parse_exposure(" 35 % ") == 35
    assert logic.parse_exposure("12,6") == 13
    assert logic.parse_exposure(0) == 0
    assert logic.parse_exposure(100) == 100
    for bad in (True, None, float("nan"), 100.5, "1e9"):
        with pytest.raises(ValueError, match="from 0 to 100"):
            logic.parse_exposure(bad)


def test_editing_a_rung_moves_it_on_the_ladder(session):
    ladder, chart = session.exercise("ladder"), session.exercise("chart")
    add(ladder, "Tired", 15)
    add(ladder, "Lonely", 60)
    lonely = next(r for r in ladder.rows if "Lonely" in r.label.value)
    lonely.edit_button.click()
    assert (ladder.text.value, ladder.exposure.value) == ("Lonely", "60")
    assert ladder.save_button.description == "Save changes"
    ladder.exposure.value = "10"
    ladder.person.value = "Sam"
    ladder.save_button.click()
    assert [(r["text"], r["exposure"]) for r in chart.data] == [("Lonely", 10), ("Tired", 15)]
    assert len(stored(session, "disclosures")) == 2
    assert ladder.save_button.description == "Add to my ladder"


def test_cancel_leaves_the_rung_as_it_was(session):
    ladder = session.exercise("ladder")
    add(ladder, "Tired", 15)
    ladder.rows[0].edit_button.click()
    ladder.exposure.value = "90"
    ladder.cancel_button.click()
    assert stored(session, "disclosures")[0]["exposure"] == 15
    assert ladder.exposure.value == ""


def test_removing_a_rung_takes_it_off_the_ladder_and_the_chart(session):
    ladder, chart = session.exercise("ladder"), session.exercise("chart")
    add(ladder, "Tired", 15)
    add(ladder, "Lonely", 60)
    ladder.rows[0].remove_button.click()
    assert [d["text"] for d in stored(session, "disclosures")] == ["Lonely"]
    assert [r["text"] for r in chart.data] == ["Lonely"]
    assert "Removed from your ladder." in ladder.message.value
    ladder.rows[0].remove_button.click()
    assert stored(session, "disclosures") == []
    assert chart.data == []
    assert "<img" not in chart.picture.value
    ladder.undo_button.click()  # undo puts the last one removed back, in its place
    assert [d["text"] for d in stored(session, "disclosures")] == ["Lonely"]
    assert [r["text"] for r in chart.data] == ["Lonely"]


def test_the_list_escapes_what_was_written(session):
    ladder = session.exercise("ladder")
    add(ladder, "<script>alert(1)</script>", 20, "<b>Jo</b>")
    html = ladder.rows[0].label.value
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html


# ---- the ladder chart ----------------------------------------------------------------------


def test_empty_chart_shows_the_kind_sentence_from_the_yaml(session):
    chart = session.exercise("chart")
    empty = next(p for p in session.step.exercise["parts"] if p["id"] == "chart")["empty"]
    assert chart.data == []
    assert empty in chart.picture.value
    assert "<img" not in chart.picture.value


def test_ladder_chart_puts_the_least_exposed_rung_at_the_bottom():
    from interdependence.charts import disclosure as charts
    from interdependence.charts.style import new_figure

    rungs = [{"text": "Lonely", "exposure": 60, "person": "Sam"},
             {"text": "Costs me $5 and $10", "exposure": 15, "person": ""},
             {"text": "Not coping", "exposure": 85, "person": "a counsellor"}]
    fig, ax = new_figure(10, charts.ladder_height(rungs))
    bars, texts = charts.ladder_chart(ax, rungs)
    fig.canvas.draw()  # a "$" pair in a label must not break drawing
    assert [b.get_width() for b in bars] == [15, 60, 85]
    assert [b.get_y() + b.get_height() / 2 for b in bars] == [0, 1, 2]  # bottom = y 0
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].replace("\\$", "$") == "Costs me $5 and $10"
    assert labels[1:] == ["Lonely", "Not coping"]
    assert texts[2].get_text() == "85  ·  to tell: a counsellor"
    assert texts[1].get_text() == "60  ·  to tell: Sam"
    assert texts[0].get_text() == "15"  # nobody named: nothing after the number
    phone_fig, phone_ax = new_figure(*charts.figure_size(rungs, phone=True))
    charts.ladder_chart(phone_ax, rungs)
    said = [t.get_text() for t in phone_ax.texts]
    assert any(t.endswith("Not coping\nto tell: a counsellor") for t in said), said
    assert ax.get_xlim() == (0, 100)
    colours = {tuple(b.get_facecolor()) for b in bars}
    assert len(colours) == 3  # exposure shows in colour as well as length


def test_ladder_caption_is_one_sentence_about_the_chart():
    from interdependence.charts import disclosure as charts

    one = charts.caption([{"text": "x", "exposure": 30, "person": ""}])
    assert "one rung" in one
    assert "30" in one
    assert one.count(".") == 1
    many = charts.caption([{"text": "secret words", "exposure": e, "person": "Jo"}
                           for e in (70, 20, 45)])
    assert "3 things" in many
    assert "from 20" in many
    assert "70 at the top" in many
    assert "secret words" not in many
    assert "Jo" not in many


# ---- sentence completions ------------------------------------------------------------------


def test_one_box_per_stem_from_the_yaml(session):
    stems = session.exercise("stems")
    yaml_stems = session.step.exercise["sentence_stems"]
    assert [b.stem_id for b in stems.boxes] == [s["id"] for s in yaml_stems]
    assert "When I let someone see I am struggling, I fear" in stems.boxes[0].children[0].value
    # a participant's review: in two lines a longer ending scrolled its start out of sight
    assert {b.answer.rows for b in stems.boxes} == {3}


def test_completions_save_come_back_and_blank_ones_are_removed(session):
    stems = session.exercise("stems")
    fear, hope = stems.boxes[0], stems.boxes[2]
    fear.answer.value = "they will stop relying on me"
    hope.answer.value = "listen without fixing"
    assert stored(session, "completions") == {"fear": "they will stop relying on me",
                                              "hope": "listen without fixing"}
    assert fear.status.value.count("Saved.") == 1
    hope.answer.value = "   "
    assert stored(session, "completions") == {"fear": "they will stop relying on me"}
    again = rebuilt(session).exercise("stems").boxes
    assert again[0].answer.value == "they will stop relying on me"
    assert again[2].answer.value == ""


# ---- the practice plan ---------------------------------------------------------------------


def test_plan_date_is_typed_in_uk_order_stored_as_iso_and_shown_back_in_words(session):
    plan = session.exercise("plan")
    plan.what.value = "That I am tired"
    plan.who.value = "Jo"
    plan.when.value = "06/03/2031"  # the day first, as in the UK: 6 March, not 3 June
    assert stored(session, "practice") == {"what": "That I am tired", "who": "Jo",
                                           "date": "2031-03-06"}
    assert plan.when.value == "Thursday 6 March 2031"  # said back in words
    assert "Thursday 6 March 2031" in plan.summary.value
    again = rebuilt(session).exercise("plan")
    assert again.when.value == "Thursday 6 March 2031"
    assert (again.what.value, again.who.value) == ("That I am tired", "Jo")


def test_a_date_saved_by_the_date_picker_still_loads(session):
    """Dates were always stored as YYYY-MM-DD: the ones saved before still load."""
    session.journal.set_exercise(STEP, "practice", {"what": "x", "who": "", "date": "2026-05-12"})
    plan = rebuilt(session).exercise("plan")
    assert plan.when.value == "Tuesday 12 May 2026"
    assert "Tuesday 12 May 2026" in plan.summary.value


def test_clearing_the_date_stores_none(session):
    plan = session.exercise("plan")
    plan.when.value = "6 March 2031"
    plan.when.value = ""
    assert stored(session, "practice")["date"] is None
    assert rebuilt(session).exercise("plan").when.value == ""


def test_a_date_it_cannot_read_is_said_kindly_and_nothing_is_lost(session):
    plan = session.exercise("plan")
    plan.when.value = "12 May 2031"
    plan.what.value = "That I am tired"
    plan.when.value = "32/05/2031"  # a slip of the finger
    note = html.unescape(plan.date_note.value)
    assert "I could not read “32/05/2031” as a date" in note
    assert "12 May 2026 or 12/05/2026" in note
    assert plan.when.value == "32/05/2031"  # still there to correct
    assert stored(session, "practice") == {"what": "That I am tired", "who": "",
                                           "date": "2031-05-12"}  # the rest is saved
    plan.who.value = "Jo"  # saving again (and every redraw) keeps the typing
    assert plan.when.value == "32/05/2031"
    assert stored(session, "practice")["who"] == "Jo"
    plan.when.value = "30/05/2031"
    assert plan.date_note.value == ""
    assert stored(session, "practice")["date"] == "2031-05-30"


def test_a_past_date_gets_a_kind_nudge(session):
    plan = session.exercise("plan")
    plan.when.value = (dt.date.today() - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    assert "That date has passed" in plan.summary.value
    plan.when.value = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    assert "That date has passed" not in plan.summary.value


@pytest.mark.parametrize(("typed", "day"), [
    ("12 May 2026", "2026-05-12"), ("12/05/2026", "2026-05-12"), ("2026-05-12", "2026-05-12"),
    ("Tuesday 12th May 2026", "2026-05-12"), ("12.5.26", "2026-05-12"),
    ("12 of May, 2026", "2026-05-12"), ("Tuesday 12 May 2026", "2026-05-12"),
    ("1/12/2026", "2026-12-01"), ("12 May", "2027-05-12"), ("30 Nov", "2026-11-30")])
def test_typed_dates_are_read_in_uk_order(typed, day):
    assert logic.parse_date(typed, today=dt.date(2026, 11, 30)) == day


def test_typed_dates_are_checked():
    assert logic.parse_date(dt.datetime(2026, 5, 14, 9, 30)) == "2026-05-14"
    assert logic.parse_date(dt.date(2026, 5, 14)) == "2026-05-14"
    assert logic.parse_date("  ") is None
    assert logic.parse_date(None) is None
    for bad in ("32/05/2026", "2026-13-01", "31/02/2026", "next Tuesday", "May", "12 May 2026 4"):
        with pytest.raises(logic.DisclosureError, match="could not read"):
            logic.parse_date(bad)


def test_picking_a_rung_fills_in_the_plan_and_the_list_follows_the_ladder(session):
    plan = session.exercise("plan")
    assert plan.pick.layout.display == "none"  # nothing to pick from yet
    ladder = session.exercise("ladder")
    add(ladder, "Lonely", 60, "Sam")
    add(ladder, "Tired", 15, "Jo")
    assert [label for label, _ in plan.pick.options][1:] == ["15: Tired", "60: Lonely"]
    assert plan.pick.layout.display is None
    assert plan.pick.label == "(choose a rung to copy it below)"  # shown, not a blank box
    plan.pick.value = plan.pick.options[1][1]
    assert (plan.what.value, plan.who.value) == ("Tired", "Jo")
    assert stored(session, "practice") == {"what": "Tired", "who": "Jo", "date": None}


def test_plan_summary_escapes_the_words(session):
    plan = session.exercise("plan")
    plan.what.value = "<img src=x onerror=alert(1)>"
    assert "<img" not in plan.summary.value
    assert "&lt;img" in plan.summary.value


def test_hiding_the_empty_rung_picker_hides_nothing_else(session):
    """A Layout shared between widgets once hid the whole ladder form in the browser."""
    ladder = session.exercise("ladder")
    plan = session.exercise("plan")
    assert plan.pick.layout.display == "none"
    assert ladder.text.layout.display is None
    assert plan.what.layout.display is None
    assert_no_shared_layouts(session, PARTS)


# ---- the model: DisclosureLadder --------------------------------------------------------------


def test_the_model_checks_input_with_its_own_kind_error(journal):
    model = DisclosureLadder(journal)
    with pytest.raises(logic.DisclosureError, match="a few words about what you could share"):
        model.disclosures.add({"text": " ", "exposure": 20})
    with pytest.raises(logic.DisclosureError, match="how exposed it would feel"):
        model.disclosures.add({"text": "Tired", "exposure": "lots"})
    with pytest.raises(logic.DisclosureError, match="could not read “next week” as a date"):
        model.set_practice("Tired", "Jo", "next week")
    assert issubclass(logic.DisclosureError, logic.ExerciseError)
    assert journal.exercise(STEP, "disclosures") is None
    # the words are kept; the date stays as it was (none yet)
    assert journal.exercise(STEP, "practice") == {"what": "Tired", "who": "Jo", "date": None}


def test_each_change_is_one_journal_write(private_home):
    spy = SpyJournal(private_home / "journal.json")
    model = DisclosureLadder(spy)
    rung = model.disclosures.add({"text": "Tired", "exposure": "15", "person": " Jo "})
    assert rung == {"id": rung["id"], "text": "Tired", "exposure": 15, "person": "Jo"}
    model.disclosures.update(rung["id"], {"text": "Very tired", "exposure": 20})
    removed = model.disclosures.remove(rung["id"])
    model.disclosures.restore(removed)
    model.set_completion("fear", "  they will stop relying on me ")
    model.set_completion("fear", "")
    model.set_practice("Tired", "Jo", dt.date(2031, 3, 6))
    assert len(spy.writes) == 7
    assert model.completions() == {}
    assert model.practice() == {"what": "Tired", "who": "Jo", "date": "2031-03-06"}
    assert [r["text"] for r in model.ladder()] == ["Very tired"]


def test_damaged_rungs_stay_listed_to_remove_but_are_not_charted(journal):
    journal.set_exercise(STEP, "disclosures", [
        {"id": "d1", "text": "Lonely", "exposure": 60}, {"id": "d2", "text": "Broken"},
        "not a rung", {"id": "d3", "text": "Tired", "exposure": 15}])
    model = DisclosureLadder(journal)
    assert [r["text"] for r in model.ladder()] == ["Tired", "Lonely", "Broken"]
    assert [r["text"] for r in model.chart_rungs()] == ["Tired", "Lonely"]
    journal.set_exercise(STEP, "practice", {"what": "x", "date": "not a date"})
    assert logic.plan_date(model.practice()) is None


def test_step_05_shares_nothing_with_the_group(session):
    from interdependence import steps

    add(session.exercise("ladder"), "Secret words", 30, "Jo")
    assert session.model.share_summary() == {}
    assert not steps.get(STEP).shares_summary


def test_two_cells_update_each_other_through_the_model(session):
    """Two ladder cells, the plan and two sentence cells share one model: a change in one
    shows in the others without re-running them."""
    first, second = session.exercise("ladder"), session.exercise("ladder")
    plan, chart = session.exercise("plan"), session.exercise("chart")
    assert first.model is second.model is plan.model is session.model
    add(first, "Tired", 15, "Jo")
    assert [r.label.value for r in second.rows] == [r.label.value for r in first.rows]
    second.rows[0].edit_button.click()
    second.exposure.value = "45"
    second.save_button.click()
    assert first.rows[0].label.value.startswith("<b>45</b>")
    assert [label for label, _ in plan.pick.options][1:] == ["45: Tired"]
    assert chart.data[0]["exposure"] == 45
    first.rows[0].remove_button.click()
    assert second.rows == []
    assert plan.pick.layout.display == "none"
    stems, stems_again = session.exercise("stems"), session.exercise("stems")
    stems.boxes[1].answer.value = "was a weakness"
    assert stems_again.boxes[1].answer.value == "was a weakness"
    plan_again = session.exercise("plan")
    plan.who.value = "my sister"
    assert plan_again.who.value == "my sister"
    assert "with my sister" in plan_again.summary.value


def test_typing_not_yet_saved_is_not_overwritten_by_another_cell(session):
    import asyncio

    stems = session.exercise("stems")
    box = stems.boxes[0]
    box.debouncer._loop = asyncio.new_event_loop()  # a kernel: saving waits for a pause
    try:
        box.answer.value = "still typing"
        assert box.debouncer.pending
        stems.boxes[2].answer.value = "listen"  # saves at once, and tells every cell
        assert box.answer.value == "still typing"
        box.debouncer.flush()
    finally:
        box.debouncer._loop.close()
    assert stored(session, "completions") == {"fear": "still typing", "hope": "listen"}


def test_a_cell_run_twenty_times_leaves_only_a_few_live_observers(session):
    assert_few_observers_after_reruns(session, PARTS, PARTS)
    newest = session.exercise("ladder")
    add(newest, "Tired", 15)
    assert len(newest.rows) == 1


def test_step_05_does_not_use_the_global_refresh_list(session):
    assert_no_global_refresh(session, PARTS)

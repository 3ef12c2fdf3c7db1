"""Step 05, practice vulnerability, driven through its widgets: ladder, chart, stems, plan."""

import datetime as dt

import pytest

from interdependence.exercises import disclosure as logic
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "05-practice-vulnerability"


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    """What a participant sees after restarting the kernel and re-running the notebook."""
    return StepSession(STEP, journal=Journal(session.journal.path))


def add(ladder, text, exposure, person=""):
    ladder.text.value, ladder.exposure.value, ladder.person.value = text, str(exposure), person
    ladder.add.click()


def stored(session, key):
    return Journal(session.journal.path).exercise(STEP, key)


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
    assert "4 things you could share" in chart.caption and "from 15" in chart.caption
    assert "<img" in chart.picture.value and "data:image/png;base64," in chart.picture.value
    # the list under the form shows the same order, and the form is cleared for the next one
    assert [row.entry["exposure"] for row in ladder.rows.children] == [15, 40, 40, 60]
    assert ladder.text.value == ladder.exposure.value == ""


def test_the_ladder_comes_back_after_a_restart(session):
    add(session.exercise("ladder"), "I am more tired than I let on", 15, "Jo")
    again = rebuilt(session)
    rows = again.exercise("ladder").rows.children
    assert [r.entry["text"] for r in rows] == ["I am more tired than I let on"]
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
    assert logic.parse_exposure(0) == 0 and logic.parse_exposure(100) == 100
    for bad in (True, None, float("nan"), 100.5, "1e9"):
        with pytest.raises(ValueError, match="from 0 to 100"):
            logic.parse_exposure(bad)


def test_editing_a_rung_moves_it_on_the_ladder(session):
    ladder, chart = session.exercise("ladder"), session.exercise("chart")
    add(ladder, "Tired", 15)
    add(ladder, "Lonely", 60)
    lonely = next(r for r in ladder.rows.children if r.entry["text"] == "Lonely")
    lonely.edit.click()
    assert (ladder.text.value, ladder.exposure.value) == ("Lonely", "60")
    assert ladder.add.description == "Save changes"
    ladder.exposure.value = "10"
    ladder.person.value = "Sam"
    ladder.add.click()
    assert [(r["text"], r["exposure"]) for r in chart.data] == [("Lonely", 10), ("Tired", 15)]
    assert len(stored(session, "disclosures")) == 2
    assert ladder.add.description == "Add to my ladder"


def test_cancel_leaves_the_rung_as_it_was(session):
    ladder = session.exercise("ladder")
    add(ladder, "Tired", 15)
    ladder.rows.children[0].edit.click()
    ladder.exposure.value = "90"
    ladder.cancel.click()
    assert stored(session, "disclosures")[0]["exposure"] == 15
    assert ladder.exposure.value == ""


def test_removing_a_rung_takes_it_off_the_ladder_and_the_chart(session):
    ladder, chart = session.exercise("ladder"), session.exercise("chart")
    add(ladder, "Tired", 15)
    add(ladder, "Lonely", 60)
    ladder.rows.children[0].remove.click()
    assert [d["text"] for d in stored(session, "disclosures")] == ["Lonely"]
    assert [r["text"] for r in chart.data] == ["Lonely"]
    ladder.rows.children[0].remove.click()
    assert stored(session, "disclosures") == []
    assert chart.data == [] and "<img" not in chart.picture.value


def test_the_list_escapes_what_was_written(session):
    ladder = session.exercise("ladder")
    add(ladder, "<script>alert(1)</script>", 20, "<b>Jo</b>")
    html = ladder.rows.children[0].children[0].value
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html


# ---- the ladder chart ----------------------------------------------------------------------


def test_empty_chart_shows_the_kind_sentence_from_the_yaml(session):
    chart = session.exercise("chart")
    empty = next(p for p in session.step.exercise["parts"] if p["id"] == "chart")["empty"]
    assert chart.data == []
    assert empty in chart.picture.value and "<img" not in chart.picture.value


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
    assert "with a counsellor" in texts[2].get_text()
    assert ax.get_xlim() == (0, 100)
    colours = {tuple(b.get_facecolor()) for b in bars}
    assert len(colours) == 3  # exposure shows in colour as well as length


def test_ladder_caption_is_one_sentence_about_the_chart():
    from interdependence.charts import disclosure as charts

    one = charts.caption([{"text": "x", "exposure": 30, "person": ""}])
    assert "one rung" in one and "30" in one and one.count(".") == 1
    many = charts.caption([{"text": "secret words", "exposure": e, "person": "Jo"}
                           for e in (70, 20, 45)])
    assert "3 things" in many and "from 20" in many and "70 at the top" in many
    assert "secret words" not in many and "Jo" not in many


# ---- sentence completions ------------------------------------------------------------------


def test_one_box_per_stem_from_the_yaml(session):
    stems = session.exercise("stems")
    yaml_stems = session.step.exercise["sentence_stems"]
    assert [b.stem_id for b in stems.boxes] == [s["id"] for s in yaml_stems]
    assert "When I let someone see I am struggling, I fear" in stems.boxes[0].children[0].value


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


def test_plan_date_is_stored_as_an_iso_string_and_comes_back_as_a_date(session):
    plan = session.exercise("plan")
    plan.what.value = "That I am tired"
    plan.who.value = "Jo"
    plan.when.value = dt.date(2031, 3, 6)
    assert stored(session, "practice") == {"what": "That I am tired", "who": "Jo",
                                           "date": "2031-03-06"}
    assert "Thursday 6 March 2031" in plan.summary.value
    again = rebuilt(session).exercise("plan")
    assert again.when.value == dt.date(2031, 3, 6)
    assert (again.what.value, again.who.value) == ("That I am tired", "Jo")


def test_clearing_the_date_stores_none(session):
    plan = session.exercise("plan")
    plan.when.value = dt.date(2031, 3, 6)
    plan.when.value = None
    assert stored(session, "practice")["date"] is None
    assert rebuilt(session).exercise("plan").when.value is None


def test_a_past_date_gets_a_kind_nudge(session):
    plan = session.exercise("plan")
    plan.when.value = dt.date.today() - dt.timedelta(days=3)
    assert "That date has passed" in plan.summary.value
    plan.when.value = dt.date.today() + dt.timedelta(days=3)
    assert "That date has passed" not in plan.summary.value


def test_typed_dates_are_checked():
    assert logic.parse_date("2026-05-14") == "2026-05-14"
    assert logic.parse_date(dt.datetime(2026, 5, 14, 9, 30)) == "2026-05-14"
    assert logic.parse_date("  ") is None and logic.parse_date(None) is None
    for bad in ("14/05/2026", "2026-13-01", "next Tuesday"):
        with pytest.raises(ValueError, match="year-month-day"):
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
    assert "<img" not in plan.summary.value and "&lt;img" in plan.summary.value


def test_hiding_the_empty_rung_picker_hides_nothing_else(session):
    """A Layout shared between widgets once hid the whole ladder form in the browser."""
    ladder = session.exercise("ladder")
    plan = session.exercise("plan")
    assert plan.pick.layout.display == "none"
    assert ladder.text.layout.display is None and plan.what.layout.display is None
    layouts = [id(widget.layout) for part in ("ladder", "chart", "stems", "plan")
               for widget in descendants(session.exercise(part))]
    assert len(layouts) == len(set(layouts))


def descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from descendants(child)

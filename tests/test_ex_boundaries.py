"""Step 06, set self boundaries, driven through its widgets: audit, chart, decisions, scripts."""

import json

import pytest
from model_helpers import (
    SpyJournal,
    assert_few_observers_after_reruns,
    assert_no_global_refresh,
    assert_no_shared_layouts,
)

from interdependence.exercises import boundaries as logic
from interdependence.exercises.boundaries import Boundaries
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "06-set-self-boundaries"
MARCUS = [("Work", "42", True), ("Football coaching", "5", False),
          ("Mum's garden", "4 h", False), ("Mum's paperwork", "2", True),
          ("Team newsletter", "1,5", False)]

PARTS = ("audit", "chart", "decisions", "script")


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    return StepSession(STEP, journal=Journal(session.journal.path))


def stored(session, key):
    return Journal(session.journal.path).exercise(STEP, key)


def task_of(session, row):
    return session.model.tasks.find(row.entry_id)["task"]


def add(audit, task, hours, only_me=False):
    audit.task.value, audit.hours.value, audit.only_me.value = task, hours, only_me
    audit.save_button.click()


def fill(audit, tasks=MARCUS):
    for task in tasks:
        add(audit, *task)


# ---- the load audit ------------------------------------------------------------------------


def test_responsibilities_are_saved_with_hours_as_numbers(session):
    audit = session.exercise("audit")
    fill(audit)
    saved = stored(session, "load")
    assert [(t["task"], t["hours"], t["only_me"], t["decision"]) for t in saved] == [
        ("Work", 42, True, None), ("Football coaching", 5, False, None),
        ("Mum's garden", 4, False, None), ("Mum's paperwork", 2, True, None),
        ("Team newsletter", 1.5, False, None)]
    assert "5, adding up to 54.5 hours a week" in audit.heading.value
    assert "Work" in audit.rows[0].label.value
    assert audit.task.value == audit.hours.value == ""
    assert audit.only_me.value is False


@pytest.mark.parametrize("typed", ["", "lots", "200", "-1", "nan"])
def test_hours_outside_0_to_168_get_a_plain_message_and_save_nothing(session, typed):
    audit = session.exercise("audit")
    add(audit, "Cooking", typed)
    assert "Please give the hours as a number from 0 to 168" in audit.message.value
    assert stored(session, "load") is None
    assert audit.task.value == "Cooking"


def test_a_responsibility_needs_a_name(session):
    audit = session.exercise("audit")
    add(audit, "  ", "3")
    assert "naming the responsibility" in audit.message.value
    assert stored(session, "load") is None


def test_editing_keeps_the_decision_and_removing_takes_it_away(session):
    audit, decisions = session.exercise("audit"), session.exercise("decisions")
    fill(audit, MARCUS[:2])
    decisions.rows[1].choice.value = "ask_for_help"
    audit.rows[1].edit_button.click()
    assert (audit.task.value, audit.hours.value) == ("Football coaching", "5")
    audit.hours.value = "6"
    audit.save_button.click()
    assert stored(session, "load")[1] | {"id": None} == {
        "id": None, "task": "Football coaching", "hours": 6, "only_me": False,
        "energy": None, "decision": "ask"}
    audit.rows[0].remove_button.click()
    assert [t["task"] for t in stored(session, "load")] == ["Football coaching"]
    assert [task_of(session, r) for r in decisions.rows] == ["Football coaching"]
    assert decisions.rows[0].choice.value == "ask_for_help"
    audit.undo_button.click()  # the task comes back in its place, with its decision
    assert [task_of(session, r) for r in decisions.rows] == ["Work", "Football coaching"]
    assert [r.choice.value for r in decisions.rows] == ["", "ask_for_help"]


# ---- energy: how draining each task is (review #11 item 10) --------------------------------


def test_how_draining_a_task_is_is_chosen_saved_listed_and_can_be_skipped(session):
    audit = session.exercise("audit")
    levels = [v for _, v in audit.energy.options]
    assert levels == ["low", "medium", "high", ""]  # "" is "prefer not to say"
    assert audit.energy.options[-1][0] == "Prefer not to say"
    assert audit.energy.value is None  # nothing chosen until the participant chooses
    audit.task.value, audit.hours.value, audit.energy.value = "Mum's paperwork", "2", "high"
    audit.save_button.click()
    assert audit.energy.value is None  # the form is fresh for the next task
    audit.task.value, audit.hours.value, audit.energy.value = "Newsletter", "1", ""
    audit.save_button.click()
    add(audit, "Work", "40")  # not answered at all
    assert [t["energy"] for t in stored(session, "load")] == ["high", None, None]
    assert "high drain" in audit.rows[0].label.value
    assert "drain" not in audit.rows[1].label.value
    decisions = session.exercise("decisions")
    assert "high drain" in decisions.rows[0].label.value
    # Editing shows the saved level and can change it, or take it back.
    audit.rows[0].edit_button.click()
    assert audit.energy.value == "high"
    audit.energy.value = ""
    audit.save_button.click()
    assert stored(session, "load")[0]["energy"] is None
    audit.rows[0].edit_button.click()
    assert audit.energy.value is None


def test_energy_is_counted_for_the_group_without_the_skipped_ones(journal):
    model = Boundaries(journal)
    for task, hours, energy in (("A", 3, "high"), ("B", 2, "high"), ("C", 4, "low"),
                                ("D", 5, "")):
        model.tasks.add({"task": task, "hours": hours, "energy": energy})
    assert model.share_summary()["energy"] == {"low": 1, "medium": 0, "high": 2}
    assert logic.energy_hours(model.tasks.items()) == {"low": 4, "medium": 0, "high": 5}
    with pytest.raises(logic.BoundaryError, match="low, medium or high"):
        model.tasks.add({"task": "E", "hours": 1, "energy": "exhausting"})


def test_a_journal_from_before_energy_still_lists_charts_edits_and_shares(session):
    old = [{"id": "t1", "task": "Work", "hours": 40, "only_me": False, "decision": "keep"},
           {"id": "t2", "task": "Garden", "hours": 4, "only_me": True, "decision": None}]
    session.journal.set_exercise(STEP, "load", old)
    audit, chart = session.exercise("audit"), session.exercise("chart")
    assert "2, adding up to 44 hours a week" in audit.heading.value
    assert "drain" not in chart.panel.caption
    assert chart.panel.picture.value.startswith("<figure")
    assert session.model.share_summary()["energy"] == {"low": 0, "medium": 0, "high": 0}
    session.model.tasks.update("t1", {"task": "Work", "hours": 38})  # no energy: none added
    assert "energy" not in stored(session, "load")[0]
    assert "38 h a week" in audit.rows[0].label.value  # the other cell heard of it
    audit.rows[1].edit_button.click()
    assert audit.energy.value is None  # nothing chosen: it was never answered
    audit.energy.value = "medium"
    audit.save_button.click()
    assert stored(session, "load")[1] | {"id": None} == {
        "id": None, "task": "Garden", "hours": 4, "only_me": True, "energy": "medium",
        "decision": None}


def test_update_without_energy_keeps_the_saved_level(journal):
    model = Boundaries(journal)
    task = model.tasks.add({"task": "Care", "hours": 10, "energy": "high"})
    model.tasks.update(task["id"], {"task": "Care for Dad", "hours": 12})
    assert model.tasks.items()[0]["energy"] == "high"


def test_the_load_chart_says_in_words_how_draining_each_task_is():
    from interdependence.charts import boundaries as charts
    from interdependence.charts.style import new_figure

    data = {"tasks": [{"task": "Work", "hours": 30, "only_me": False, "energy": "medium"},
                      {"task": "Care", "hours": 10, "only_me": True, "energy": "high"},
                      {"task": "Paperwork", "hours": 2, "only_me": False, "energy": "high"},
                      {"task": "Walk", "hours": 3, "only_me": False}],
            "available": 40, "energy_labels": {"low": "Low", "medium": "Medium",
                                               "high": "High"}}
    fig, ax = new_figure(10, charts.load_height(data))
    segments, _line, texts = charts.load_chart(ax, data)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Work (30 h, medium drain)", "Care (10 h, only me, high drain)",
                      "Paperwork (2 h, high drain)", "Walk (3 h)"]
    under = [t.get_text() for t in texts if "drain" in t.get_text()]
    assert under == ["medium drain", "high drain"]  # 2 h is too narrow to write under
    assert [p.get_width() for p in (b.patches[0] for b in segments)] == [30, 10, 2, 3]
    caption = charts.caption(data)
    assert caption.endswith("The 2 you said drain you most take 12 of those hours.")
    assert "5 hours over the 40 you have" in caption
    import matplotlib.pyplot as plt

    plt.close(fig)


# ---- totals and the chart ------------------------------------------------------------------


def test_load_totals_sum_the_hours_and_compare_with_the_hours_available():
    tasks = [{"hours": 42, "only_me": True}, {"hours": 5}, {"hours": 4.5, "only_me": True}]
    assert logic.load_totals(tasks, 48) == {
        "tasks": 3, "hours": 51.5, "only_me_hours": 46.5, "available": 48, "over": True,
        "difference": 3.5}
    assert logic.load_totals(tasks, 60)["over"] is False
    assert logic.load_totals(tasks, 60)["difference"] == -8.5
    assert logic.load_totals(tasks, 51.5)["over"] is False  # exactly full is not over
    assert logic.load_totals(tasks, None)["over"] is None
    assert logic.load_totals([], 40) == {"tasks": 0, "hours": 0, "only_me_hours": 0,
                                         "available": 40, "over": False, "difference": -40}


def test_chart_says_clearly_when_the_load_is_over_the_hours_available(session):
    audit, chart = session.exercise("audit"), session.exercise("chart")
    fill(audit)
    assert chart.panel.data["available"] is None
    assert "Add the hours you really have" in chart.sentence.value
    chart.available.value = "48"
    assert stored(session, "hours_available") == 48
    assert chart.totals["hours"] == 54.5
    assert chart.totals["over"] is True
    assert "You are over" in chart.sentence.value
    assert "6.5 more than the 48" in \
        chart.sentence.value
    assert chart.panel.data == {"tasks": stored(session, "load"), "available": 48,
                                "energy_labels": {"low": "Low", "medium": "Medium",
                                                  "high": "High"}}
    assert "6.5 hours over the 48 you have" in chart.panel.caption
    assert "<img" in chart.panel.picture.value
    chart.available.value = "60"
    assert chart.totals["over"] is False
    assert "within the 60 you have (5.5 to spare)" in chart.sentence.value


def test_chart_redraws_when_the_audit_changes_in_another_cell(session):
    chart = session.exercise("chart")
    empty = next(p for p in session.step.exercise["parts"] if p["id"] == "chart")["empty"]
    assert empty in chart.panel.picture.value
    assert "<img" not in chart.panel.picture.value
    audit = session.exercise("audit")
    add(audit, "Cooking", "7")
    assert [t["task"] for t in chart.panel.data["tasks"]] == ["Cooking"]
    assert "7 hours a week" in chart.sentence.value
    assert "<img" in chart.panel.picture.value


def test_hours_available_is_checked_cleared_and_comes_back(session):
    chart = session.exercise("chart")
    chart.available.value = "a lot"
    assert "from 0 to 168" in chart.message.value
    assert stored(session, "hours_available") is None
    chart.available.value = "37.5"
    assert rebuilt(session).exercise("chart").available.value == "37.5"
    chart.available.value = ""
    assert stored(session, "hours_available") is None
    assert rebuilt(session).exercise("chart").available.value == ""


def test_load_chart_stacks_the_hours_and_marks_the_hours_available():
    from interdependence.charts import boundaries as charts
    from interdependence.charts.style import new_figure

    data = {"tasks": [{"task": "Work", "hours": 42, "only_me": True},
                      {"task": "Costs $5 a $6 week", "hours": 5, "only_me": False},
                      {"task": "Nothing", "hours": 0, "only_me": False}],
            "available": 40}
    fig, ax = new_figure(10, charts.load_height(data))
    segments, line, texts = charts.load_chart(ax, data)
    fig.canvas.draw()
    patches = [bar.patches[0] for bar in segments]
    assert [(p.get_x(), p.get_width()) for p in patches] == [(0, 42), (42, 5)]
    assert patches[0].get_hatch() == "//"
    assert patches[1].get_hatch() is None
    assert line.get_xdata()[0] == 40
    assert "7 more than the 40 you have" in ax.get_title(loc="left")
    legend = [t.get_text().replace("\\$", "$") for t in ax.get_legend().get_texts()]
    assert legend == ["Work (42 h, only me)", "Costs $5 a $6 week (5 h)"]
    assert len({tuple(p.get_facecolor()) for p in patches}) == 2


def test_load_chart_without_hours_available_has_no_line():
    from interdependence.charts import boundaries as charts
    from interdependence.charts.style import new_figure

    data = {"tasks": [{"task": "Work", "hours": 10, "only_me": False}], "available": None}
    fig, ax = new_figure()
    _segments, line, _texts = charts.load_chart(ax, data)
    assert line is None
    assert ax.get_title(loc="left") == "Your responsibilities: 10 hours a week"
    assert "add the hours you have" in charts.caption(data)
    assert "hatched" not in charts.caption(data)


# ---- decisions -----------------------------------------------------------------------------


def test_every_yaml_decision_is_stored_as_one_of_the_four_journal_keys(session):
    ids = [d["id"] for d in session.step.exercise["decisions"]]
    assert [logic.decision_key(i) for i in ids] == list(logic.DECISIONS)
    with pytest.raises(logic.BoundaryError):
        logic.decision_key("ignore")


def test_decisions_are_saved_counted_and_come_back(session):
    audit, decisions = session.exercise("audit"), session.exercise("decisions")
    fill(audit)
    rows = decisions.rows
    assert [task_of(session, r) for r in rows] == [t[0] for t in MARCUS]  # followed the audit
    for row, choice in zip(rows, ["keep", "ask_for_help", "delegate", "keep", "drop"],
                           strict=True):
        row.choice.value = choice
    assert [t["decision"] for t in stored(session, "load")] == [
        "keep", "ask", "delegate", "keep", "drop"]
    assert "Keep: 2 · Drop: 1 · Hand over: 1 · Ask for help: 1 · Not decided yet: 0" in \
        decisions.counts.value
    rows[4].choice.value = ""  # "not decided yet"
    assert stored(session, "load")[4]["decision"] is None
    again = rebuilt(session).exercise("decisions").rows
    assert [r.choice.value for r in again] == ["keep", "ask_for_help", "delegate", "keep", ""]


def test_decisions_without_a_list_say_what_to_do_first(session):
    decisions = session.exercise("decisions")
    assert decisions.rows == []
    assert "Add a responsibility" in decisions.listing.children[0].value


# ---- scripts -------------------------------------------------------------------------------


def write(builder, **parts):
    for part_id, text in parts.items():
        builder.parts[part_id].value = text


def test_preview_joins_the_parts_into_finished_escaped_words(session):
    builder = session.exercise("script")
    assert "will appear here" in builder.preview.value
    builder.kind.value = "ask_for_help"
    write(builder, situation="work has been heavy <this> month",
          feeling="I am worn out", request="Could you take over Mum's garden?",
          why_both="It gives me my Sundays back, and Mum sees more of you")
    expected = ("Work has been heavy <this> month. I am worn out. Could you take over Mum's "
                "garden? It gives me my Sundays back, and Mum sees more of you.")
    assert builder.preview_text == expected
    assert "&lt;this&gt;" in builder.preview.value
    assert "<this>" not in builder.preview.value
    assert "Mum&#x27;s garden?" in builder.preview.value
    assert stored(session, "scripts")[0] | {"id": None} == {
        "id": None, "kind": "ask_for_help", "situation": "work has been heavy <this> month",
        "feeling": "I am worn out", "request": "Could you take over Mum's garden?",
        "why": "It gives me my Sundays back, and Mum sees more of you"}


def test_preview_leaves_out_parts_not_written():
    assert logic.script_text({"situation": "", "feeling": " tired ", "request": "no thanks!",
                              "why": ""}) == "Tired. No thanks!"


def test_several_scripts_can_be_saved_edited_and_removed(session):
    builder = session.exercise("script")
    builder.kind.value = "say_no"
    write(builder, request="I am going to say no to the party")
    builder.new_button.click()
    assert all(box.value == "" for box in builder.parts.values())
    builder.kind.value = "ask_for_help"
    write(builder, request="Could you do the school run on Tuesdays?")
    saved = stored(session, "scripts")
    assert [(s["kind"], s["request"]) for s in saved] == [
        ("say_no", "I am going to say no to the party"),
        ("ask_for_help", "Could you do the school run on Tuesdays?")]
    assert len(builder.rows) == 2

    builder.rows[0].edit_button.click()
    assert builder.kind.value == "say_no"
    assert builder.parts["request"].value == "I am going to say no to the party"
    write(builder, feeling="I am stretched thin")
    assert stored(session, "scripts")[0]["feeling"] == "I am stretched thin"
    assert len(stored(session, "scripts")) == 2

    builder.rows[1].remove_button.click()
    assert [s["kind"] for s in stored(session, "scripts")] == ["say_no"]
    assert "Script removed." in builder.message.value
    again = rebuilt(session).exercise("script")
    assert "I am stretched thin" in again.rows[0].label.value


def test_the_script_being_written_comes_back_in_the_form_after_a_restart(session):
    builder = session.exercise("script")
    builder.kind.value = "ask_for_help"
    write(builder, situation="Work has been heavy", request="Could you do Tuesdays?")
    again = rebuilt(session).exercise("script")  # a restart: a new kernel, the same journal
    assert again.kind.value == "ask_for_help"
    assert again.parts["situation"].value == "Work has been heavy"
    assert again.parts["request"].value == "Could you do Tuesdays?"
    assert again.preview_text == "Work has been heavy. Could you do Tuesdays?"
    assert "Editing this script" in again.message.value
    write(again, feeling="I am worn out")  # carrying on changes that script, no new one
    [script] = stored(session, "scripts")
    assert (script["situation"], script["feeling"]) == ("Work has been heavy", "I am worn out")


def test_the_last_of_several_scripts_is_the_one_that_comes_back(session):
    builder = session.exercise("script")
    write(builder, request="No to the party")
    builder.new_button.click()
    write(builder, request="Yes to a walk")
    again = rebuilt(session).exercise("script")
    assert again.parts["request"].value == "Yes to a walk"
    assert len(again.rows) == 2
    fresh = StepSession(STEP, journal=Journal(session.journal.path.with_name("new.json")))
    assert all(box.value == "" for box in fresh.exercise("script").parts.values())


def test_a_script_emptied_by_hand_is_removed(session):
    builder = session.exercise("script")
    write(builder, situation="Busy week")
    assert len(stored(session, "scripts")) == 1
    write(builder, situation="")
    assert stored(session, "scripts") == []
    assert "empty now" in builder.message.value


def test_examples_follow_the_kind_of_script(session):
    builder = session.exercise("script")
    parts = {p["id"]: p for p in session.step.exercise["script_parts"]}
    builder.kind.value = "say_no"
    assert parts["request"]["example_say_no"] in builder.parts["request"].placeholder
    builder.kind.value = "ask_for_help"
    assert parts["request"]["example"] in builder.parts["request"].placeholder


# ---- what the group may see ----------------------------------------------------------------


def test_share_summary_has_numbers_only_and_no_words_from_the_journal(session):
    audit, chart = session.exercise("audit"), session.exercise("chart")
    decisions, builder = session.exercise("decisions"), session.exercise("script")
    fill(audit)
    chart.available.value = "48"
    for row, choice in zip(decisions.rows, ["keep", "ask_for_help", "delegate"],
                           strict=False):
        row.choice.value = choice
    write(builder, situation="Secret situation", request="Secret request to Jo")
    builder.new_button.click()
    write(builder, feeling="Secret feeling")

    summary = Boundaries(Journal(session.journal.path)).share_summary()
    assert summary == {"tasks": 5, "hours": 54.5, "hours_available": 48,
                       "decisions": {"keep": 1, "drop": 0, "delegate": 1, "ask": 1},
                       "energy": {"low": 0, "medium": 0, "high": 0},
                       "scripts": 2}
    flat = json.dumps(summary)
    words = [t[0] for t in MARCUS] + ["Secret", "Jo", "situation", "feeling", "request"]
    assert not [word for word in words if word.lower() in flat.lower()]

    def numbers_only(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and numbers_only(v) for k, v in value.items())
        return value is None or (isinstance(value, int | float) and not isinstance(value, bool))

    assert numbers_only(summary)


def test_share_summary_of_an_empty_journal(journal):
    assert Boundaries(journal).share_summary() == {
        "tasks": 0, "hours": 0, "hours_available": None,
        "decisions": {"keep": 0, "drop": 0, "delegate": 0, "ask": 0},
        "energy": {"low": 0, "medium": 0, "high": 0}, "scripts": 0}


def test_no_two_widgets_share_a_layout(session):
    """Hiding one widget must never hide another (a shared Layout would)."""
    fill(session.exercise("audit"), MARCUS[:2])
    session.exercise("script").parts["request"].value = "No thanks"
    assert_no_shared_layouts(session, PARTS)


# ---- the model: Boundaries ----------------------------------------------------------------------


def test_the_model_checks_input_with_its_own_kind_error(journal):
    model = Boundaries(journal)
    cases = [(lambda: model.tasks.add({"task": " ", "hours": 3}), "naming the responsibility"),
             (lambda: model.tasks.add({"task": "Cook", "hours": "200"}), "from 0 to 168"),
             (lambda: model.set_hours_available("lots"), "from 0 to 168"),
             (lambda: model.set_decision("nope", "keep"), "no longer on your list"),
             (lambda: model.scripts.add({"kind": "say_no"}), "at least one part")]
    for action, words in cases:
        with pytest.raises(logic.BoundaryError, match=words):
            action()
    assert issubclass(logic.BoundaryError, logic.ExerciseError)
    assert journal.exercise(STEP, "load") is None
    assert journal.exercise(STEP, "scripts") is None
    assert logic.parse_hours("4 hours") == 4
    assert logic.parse_hours("2,5h") == 2.5


def test_each_change_is_one_journal_write(private_home):
    spy = SpyJournal(private_home / "journal.json")
    model = Boundaries(spy)
    task = model.tasks.add({"task": "Work", "hours": "40", "only_me": True})
    assert task == {"id": task["id"], "task": "Work", "hours": 40, "only_me": True,
                    "energy": None, "decision": None}
    model.set_decision(task["id"], "ask_for_help")
    model.tasks.update(task["id"], {"task": "Work", "hours": 38, "energy": "high"})
    model.set_hours_available("37,5")
    script = model.write_script(None, {"kind": "say_no", "request": "No thanks"})
    model.write_script(script["id"], {"kind": "say_no", "request": "No, thank you"})
    assert model.write_script(script["id"], {"kind": "say_no", "request": " "}) is None
    assert model.write_script(None, {"kind": "say_no"}) is None  # nothing to write
    assert len(spy.writes) == 7
    assert model.tasks.items()[0]["decision"] == "ask"  # kept through the change
    assert model.scripts.items() == []
    assert model.hours_available() == 37.5


def test_two_cells_update_each_other_through_the_model(session):
    """Two audits, the chart and the decisions share one model: a change in one cell shows
    in the others without re-running them."""
    first, second = session.exercise("audit"), session.exercise("audit")
    chart, decisions = session.exercise("chart"), session.exercise("decisions")
    assert first.model is second.model is chart.model is session.model
    add(first, "Cooking", "7")
    assert [r.label.value for r in second.rows] == [r.label.value for r in first.rows]
    second.rows[0].edit_button.click()
    second.hours.value = "9"
    second.save_button.click()
    assert "9 h a week" in first.rows[0].label.value
    assert "9 hours a week" in chart.sentence.value
    assert "9 h a week" in \
        decisions.rows[0].label.value
    other_chart = session.exercise("chart")
    chart.available.value = "20"
    assert other_chart.available.value == "20"
    assert "within the 20" in other_chart.sentence.value
    other = session.exercise("decisions")
    decisions.rows[0].choice.value = "drop"
    assert other.rows[0].choice.value == "drop"
    assert "Drop: 1" in other.counts.value
    first.rows[0].remove_button.click()
    assert second.rows == []
    assert decisions.rows == []
    assert chart.panel.data["tasks"] == []


def test_a_decision_keeps_its_row_and_a_script_leaves_the_other_cells_alone(session):
    """Redraws only what changed: a row being used keeps the keyboard focus, and the
    chart is not drawn again while a script is typed."""
    audit, chart = session.exercise("audit"), session.exercise("chart")
    decisions, builder = session.exercise("decisions"), session.exercise("script")
    fill(audit, MARCUS[:2])
    drawn, draw = [], chart.panel.draw
    def spy(data, phone=False):  # counts drawings (each draws its phone layout after it)
        if not phone:
            drawn.append(data)
        return draw(data, phone)

    chart.panel.draw = spy
    row, audit_rows = decisions.rows[0], list(audit.rows)
    row.choice.value = "keep"
    assert decisions.rows[0] is row
    assert stored(session, "load")[0]["decision"] == "keep"
    write(builder, request="No thanks")
    assert len(stored(session, "scripts")) == 1
    assert audit.rows == audit_rows
    assert decisions.rows[0] is row
    assert len(drawn) == 1  # the decision is in the chart's data; the script is not
    add(audit, "Cooking", "7")
    assert len(drawn) == 2
    assert audit.rows != audit_rows


def test_a_cell_run_twenty_times_leaves_only_a_few_live_observers(session):
    assert_few_observers_after_reruns(session, PARTS, (*PARTS, "chart-verdict"))
    newest = session.exercise("audit")
    add(newest, "Cooking", "7")
    assert len(newest.rows) == 1


def test_step_06_does_not_use_the_global_refresh_list(session):
    assert_no_global_refresh(session, PARTS)

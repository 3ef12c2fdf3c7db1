"""Step 01, the private timeline: driven through its widgets, checked in the journal and chart;
its model (Timeline) checked on its own."""

import json
from pathlib import Path

import pytest

from interdependence import steps
from interdependence.exercises import timeline as logic
from interdependence.exercises.timeline import MomentError, Timeline
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "01-pinpoint-the-root-cause"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    """What a participant sees after restarting the kernel and re-running the notebook."""
    return StepSession(STEP, journal=Journal(session.journal.path))


def add(panel, period="", what="", lesson="", themes=()):
    panel.period.value = period
    panel.what.value = what
    panel.lesson.value = lesson
    for tid in themes:
        panel.themes[tid].value = True
    panel.save_button.click()


def stored(session):
    return Journal(session.journal.path).exercise(STEP, "timeline")


def test_adding_a_moment_saves_it_under_the_timeline_key_and_clears_the_form(session):
    panel = session.exercise("timeline")
    add(panel, "teens", "  A friend shared my secret ", "Keep things to myself",
        ["something_else", "let_down"])
    [moment] = stored(session)
    assert set(moment) == {"id", "period", "what", "lesson", "themes"}
    assert moment["period"] == "teens"
    assert moment["what"] == "A friend shared my secret"
    assert moment["lesson"] == "Keep things to myself"
    assert moment["themes"] == ["let_down", "something_else"]  # YAML order, not click order
    assert panel.what.value == ""
    assert panel.period.value == ""
    assert not any(c.value for c in panel.themes.values())
    assert "Added to your timeline" in panel.message.value
    assert [r.entry_id for r in panel.rows] == [moment["id"]]
    assert "A friend shared my secret" in panel.rows[0].label.value


def test_moments_come_back_after_a_restart_listed_in_life_order(session):
    panel = session.exercise("timeline")
    add(panel, "recent", "Opened the bakery alone", themes=["work"])
    add(panel, "", "", "", ["breakup_or_loss"])
    add(panel, "childhood", "Got my brother ready for school", themes=["grew_up_early"])
    again = rebuilt(session).exercise("timeline")
    texts = [r.label.value for r in again.rows]
    assert len(texts) == 3
    assert "Childhood" in texts[0]
    assert "The last few years" in texts[1]
    assert "No period given" in texts[2]
    assert "A breakup or a loss" in texts[2]


def test_an_empty_moment_is_not_saved_and_the_message_says_what_to_do(session):
    panel = session.exercise("timeline")
    panel.what.value = "   "
    panel.save_button.click()
    assert stored(session) is None
    assert "There is nothing to add yet" in panel.message.value
    assert "interdep-notice" in panel.message.value  # said as a problem with the input
    assert panel.errors.value == ""  # not as a failure of the kit


def test_a_theme_alone_is_enough_for_a_moment(session):
    panel = session.exercise("timeline")
    add(panel, themes=["work"])
    assert stored(session)[0] | {"id": None} == {
        "id": None, "period": None, "what": "", "lesson": "", "themes": ["work"]}


def test_editing_a_moment_changes_it_in_place(session):
    panel = session.exercise("timeline")
    add(panel, "teens", "First version", themes=["let_down"])
    add(panel, "adult", "Another moment")
    first_id = stored(session)[0]["id"]
    row = next(r for r in panel.rows if r.entry_id == first_id)
    row.edit_button.click()
    assert panel.what.value == "First version"
    assert panel.themes["let_down"].value
    assert panel.save_button.description == "Save changes"
    panel.what.value = "Second version"
    panel.themes["let_down"].value = False
    panel.themes["work"].value = True
    panel.save_button.click()
    moments = stored(session)
    assert len(moments) == 2
    assert moments[0] == {"id": first_id, "period": "teens", "what": "Second version",
                          "lesson": "", "themes": ["work"]}
    assert panel.save_button.description == "Add this moment"


def test_cancel_editing_leaves_the_moment_unchanged(session):
    panel = session.exercise("timeline")
    add(panel, "teens", "Keep me")
    panel.rows[0].edit_button.click()
    panel.what.value = "Changed my mind"
    panel.cancel_button.click()
    assert stored(session)[0]["what"] == "Keep me"
    assert panel.what.value == ""


def test_remove_takes_a_moment_off_and_undo_puts_it_back_in_place(session):
    panel = session.exercise("timeline")
    add(panel, "childhood", "One")
    add(panel, "teens", "Two")
    add(panel, "adult", "Three")
    before = stored(session)
    panel.rows[1].remove_button.click()
    assert [m["what"] for m in stored(session)] == ["One", "Three"]
    assert panel.undo_button.layout.display is None
    panel.undo_button.click()
    assert stored(session) == before
    assert panel.undo_button.layout.display == "none"


def test_participant_text_is_escaped_in_the_list(session):
    panel = session.exercise("timeline")
    add(panel, "teens", "<img src=x onerror=alert(1)>")
    html = panel.rows[0].label.value
    assert "<img" not in html
    assert "&lt;img" in html


def test_the_panel_shows_the_pause_note_and_only_the_one_line_private_mark(session):
    panel = session.exercise("timeline")
    text = " ".join(getattr(c, "value", "") for c in panel.children if hasattr(c, "value"))
    # why nothing here is shared is said in the notebook's "What this step is"; the panel
    # wears only the one-line private mark every private exercise wears
    assert text.count("shared") == 1
    assert text.count('class="interdep-private"') == 1
    assert "Private: what you write here is never shared." in text
    assert session.step.exercise["pause_note"][:60] in text
    assert "Step 7" in session.step.exercise["pause_note"]


def test_nothing_in_step_one_is_shareable_and_the_notebook_has_no_share_cell(session):
    step = session.step
    assert step.shareable is False
    assert not any(i.shareable for i in step.items)
    assert not any(p.shareable for p in step.prompts)
    assert Timeline(session.journal).share_summary() == {}
    assert steps.TIMELINE.summary_bounds is None
    assert not steps.TIMELINE.shares_summary
    cells = json.loads((ROOT / "notebooks" / f"{STEP}.ipynb").read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells]
    assert not any("share" in s for c, s in zip(cells, sources, strict=True)
                   if c["cell_type"] == "code")
    assert any("can ever be shared" in s or "never be shared" in s for s in sources)


# ---- the chart ---------------------------------------------------------------------------


def test_chart_shows_a_kind_empty_state_before_any_moment(session):
    chart = session.exercise("chart")
    assert chart.data["points"] == []
    assert "interdep-empty" in chart.picture.value
    assert chart.caption == session.step.exercise["parts"][1]["empty"]
    assert "<img" not in chart.picture.value
    # that nothing here is shared is said once, in the notebook's "What this step is"
    assert "shared" not in chart.children[1].value


def test_chart_data_puts_periods_in_life_order_and_stacks_moments(session):
    panel = session.exercise("timeline")
    add(panel, "recent", "Bakery", themes=["work"])
    add(panel, "childhood", "Mum worked nights", themes=["grew_up_early", "let_down"])
    add(panel, "", "Somewhere", themes=[])
    add(panel, "childhood", "Teacher's comment", themes=["something_else"])
    chart = session.exercise("chart")
    data = chart.data
    assert data["columns"] == ["Childhood", "Teenage years", "Young adulthood", "Adult life",
                               "The last few years", "No period given"]
    points = {p["label"].replace("\n", " "): p for p in data["points"]}
    assert (points["Mum worked nights"]["x"], points["Mum worked nights"]["y"]) == (0, 0)
    assert (points["Teacher's comment"]["x"], points["Teacher's comment"]["y"]) == (0, 1)
    assert (points["Bakery"]["x"], points["Bakery"]["y"]) == (4, 0)
    assert points["Somewhere"]["x"] == 5
    # The marker follows the first theme in YAML order; untagged moments are flagged.
    assert points["Mum worked nights"]["theme"] == "let_down"
    assert points["Somewhere"]["theme"] is None
    assert data["untagged"] is True
    assert [t["id"] for t in data["themes"]] == ["let_down", "work", "something_else"]
    assert "4 moments across 3 periods" in chart.caption
    assert chart.picture.value.startswith("<figure")
    assert chart.caption in chart.picture.value


def test_chart_redraws_itself_when_a_moment_is_added_in_the_same_kernel(session):
    chart = session.exercise("chart")
    panel = session.exercise("timeline")
    add(panel, "teens", "A friend let me down", themes=["let_down"])
    assert [p["label"] for p in chart.data["points"]] == ["A friend let me\ndown"]
    panel.rows[0].remove_button.click()
    assert chart.data["points"] == []
    assert "interdep-empty" in chart.picture.value


def test_long_text_is_cut_to_two_short_lines_with_an_ellipsis():
    label = logic.short_label("Supercalifragilisticexpialidocious and then a great deal more",
                              width=16)
    lines = label.split("\n")
    assert len(lines) == 2
    assert all(len(line) <= 16 for line in lines)
    assert label.endswith("…")
    assert logic.short_label("Dad left") == "Dad left"
    assert logic.short_label("   ") == ""


def test_chart_labels_do_not_overlap_even_when_crowded(session):
    from interdependence.charts import timeline as charts
    from interdependence.charts.style import new_figure

    long = "My mother worked nights, so from about nine I got my brother ready for school"
    items = [{"id": f"m{i}", "period": period, "what": long if i % 2 else "Short one",
              "lesson": "", "themes": ["work"]}
             for i, period in enumerate(["childhood"] * 4 + ["teens", "young_adult", "adult",
                                                             "recent", "recent", None])]
    exercise = session.step.exercise
    data = logic.chart_data(items, exercise["periods"], exercise["themes"])
    fig, ax = new_figure(*charts.figure_size(data))
    artists = charts.timeline_chart(ax, data, [t["id"] for t in exercise["themes"]])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [a for a in artists if hasattr(a, "get_text") and a.get_text()]
    assert len(labels) == len(items)
    boxes = [label.get_window_extent(renderer) for label in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two moment labels overlap"
    figure_box = fig.bbox
    assert all(b.x1 <= figure_box.x1 and b.x0 >= figure_box.x0 for b in boxes)
    # Nor does a label run into the markers of the next period along.
    for point, box in zip(data["points"], boxes, strict=True):
        next_column = ax.transData.transform((point["x"] + 1, 0))[0]
        assert box.x1 < next_column - 10, f"label {point['label']!r} reaches the next period"
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_clean_moment_rejects_unknown_periods_and_themes_plainly():
    with pytest.raises(logic.MomentError, match="choose a period"):
        logic.clean_moment("middle_ages", "x", "", [], ["teens"], ["work"])
    with pytest.raises(logic.MomentError, match="themes from the list"):
        logic.clean_moment("teens", "x", "", ["astrology"], ["teens"], ["work"])
    with pytest.raises(logic.MomentError, match="a lot of text"):
        logic.clean_moment("teens", "x" * (logic.MAX_TEXT + 1), "", [], ["teens"], ["work"])


def test_a_dollar_sign_in_a_moment_is_shown_as_typed_not_as_a_formula(session):
    panel = session.exercise("timeline")
    add(panel, "adult", "I owe $50 + $6")
    chart = session.exercise("chart")
    assert chart.data["points"][0]["label"] == "I owe $50 + $6"
    assert chart.picture.value.startswith("<figure")
    from interdependence.charts import timeline as charts
    from interdependence.charts.style import new_figure

    fig, ax = new_figure(*charts.figure_size(chart.data))
    texts = [a.get_text() for a in charts.timeline_chart(ax, chart.data) if hasattr(a, "get_text")]
    assert r"I owe \$50 + \$6" in texts
    fig.canvas.draw()
    import matplotlib.pyplot as plt

    plt.close(fig)


# ---- the model ---------------------------------------------------------------------------


def test_the_model_checks_moments_against_the_yaml_and_says_what_is_wrong(journal):
    model = Timeline(journal)
    with pytest.raises(MomentError, match="choose a period"):
        model.moments.add({"period": "middle_ages", "what": "x"})
    with pytest.raises(MomentError, match="themes from the list"):
        model.moments.add({"what": "x", "themes": ["astrology"]})
    with pytest.raises(MomentError, match="nothing to add yet"):
        model.moments.add({"period": "", "what": "  ", "lesson": "", "themes": []})
    assert model.moments.items() == []
    assert journal.exercise(STEP, "timeline") is None
    moment = model.moments.add({"period": "teens", "what": " Moved school ",
                                "themes": ["work", "let_down"]})
    assert moment == {"id": moment["id"], "period": "teens", "what": "Moved school",
                      "lesson": "", "themes": ["let_down", "work"]}
    with pytest.raises(MomentError, match="no longer in your timeline"):
        model.moments.update("m-gone", {"what": "x"})
    assert issubclass(MomentError, ValueError)


def test_the_model_takes_its_periods_and_themes_from_the_content_it_is_given(journal):
    content = {"periods": [{"id": "now", "label": "Now"}],
               "themes": [{"id": "t", "label": "T"}]}
    model = Timeline(journal, content)
    with pytest.raises(MomentError, match="choose a period"):
        model.moments.add({"period": "teens", "what": "x"})
    model.moments.add({"period": "now", "what": "x", "themes": ["t"]})
    assert model.chart_data()["columns"] == ["Now"]


def test_each_change_of_a_moment_is_one_journal_write(journal, monkeypatch):
    writes = []
    real = journal.set_exercises
    monkeypatch.setattr(journal, "set_exercises",
                        lambda step_id, values: (writes.append(values), real(step_id, values)))
    model = Timeline(journal)
    first = model.moments.add({"period": "teens", "what": "One"})
    model.moments.add({"period": "childhood", "what": "Two"})
    model.moments.update(first["id"], {"period": "adult", "what": "One, later"})
    removed = model.moments.remove(first["id"])
    model.moments.restore(removed)
    assert len(writes) == 5
    assert all(set(w) == {"timeline"} for w in writes)
    assert [m["what"] for m in model.in_life_order()] == ["Two", "One, later"]


def test_damaged_entries_are_skipped_not_a_reason_to_fail(session):
    session.journal.set_exercise(STEP, "timeline", ["oops", {"what": "no id"},
                                                    {"id": "m1", "period": "teens",
                                                     "what": "Kept", "lesson": "",
                                                     "themes": []}])
    panel = session.exercise("timeline")
    assert [r.entry_id for r in panel.rows] == ["m1"]
    assert session.exercise("chart").data["points"][0]["label"] == "Kept"


def test_the_share_summary_is_empty_whatever_is_written(session):
    add(session.exercise("timeline"), "teens", "Quentin kept my secret", "Trust nobody",
        ["let_down"])
    summary = session.model.share_summary()
    assert summary == {}
    text = json.dumps(summary).lower()
    assert "quentin" not in text
    assert "trust" not in text


def test_two_cells_update_each_other_through_the_model(session):
    """Two timeline cells and a chart of one notebook share one model: a change in either
    cell shows in the others without re-running them."""
    first, second = session.exercise("timeline"), session.exercise("timeline")
    chart = session.exercise("chart")
    assert first.model is second.model is chart.model is session.model
    add(first, "teens", "First words")
    assert [r.label.value for r in second.rows] == [r.label.value for r in first.rows]
    assert len(chart.data["points"]) == 1
    second.rows[0].edit_button.click()
    second.what.value = "Second words"
    second.save_button.click()
    assert "Second words" in first.rows[0].label.value
    assert chart.data["points"][0]["label"] == "Second words"
    first.rows[0].edit_button.click()
    second.rows[0].remove_button.click()  # removed in the other cell while being changed
    assert first.rows == []
    assert first.editing is None
    assert first.save_button.description == "Add this moment"
    assert "No moments yet" in first.listing.children[0].value
    assert chart.data["points"] == []
    second.undo_button.click()
    assert [r.entry_id for r in first.rows] == [r.entry_id for r in second.rows] != []


def test_a_cell_run_twenty_times_leaves_only_a_few_live_observers(session):
    from model_helpers import assert_few_observers_after_reruns

    assert_few_observers_after_reruns(session, ("timeline", "chart"), ("timeline", "chart"))
    newest, chart = session.exercise("timeline"), session.exercise("chart")
    add(newest, "adult", "Still redraws")
    assert len(newest.rows) == 1
    assert len(chart.data["points"]) == 1


def test_step_01_parts_hear_of_changes_through_the_model_only(session):
    from model_helpers import assert_no_global_refresh

    assert_no_global_refresh(session, ("timeline", "chart"))


def test_the_list_editor_words_come_from_the_yaml(session):
    panel = session.exercise("timeline")
    part = next(p for p in session.step.exercise["parts"] if p["id"] == "timeline")
    assert panel.save_button.description == part["add"] == "Add this moment"
    assert panel.cancel_button.description == part["cancel"]
    assert "Add a moment" in panel.form_title.value
    add(panel, "teens", "One")
    assert panel.rows[0].edit_button.description == "Edit"
    panel.rows[0].edit_button.click()
    assert "Editing a moment" in panel.form_title.value
    assert panel.message.value == ""
    panel.cancel_button.click()
    assert "Nothing was changed" in panel.message.value
    panel.rows[0].remove_button.click()
    assert "The moment was removed from your timeline." in panel.message.value
    panel.undo_button.click()
    assert "The moment is back on your timeline." in panel.message.value

"""Step 08, the close: signs re-rated, the before/after chart, summary, plan and export.

Driven as a participant would (set .value, .click()), then checked in the journal, the
chart's data and artists, and the exported files.
"""

import asyncio
import base64
import re

import pytest

from interdependence import plan_export
from interdependence.exercises import closing, export
from interdependence.exercises.closing import Closing
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "08-embracing-interdependence"
SIGNS = ["sign.asking", "sign.uneasy_relying", "sign.overcommitting",
         "sign.support_as_weakness", "sign.hiding_struggles", "sign.delegating",
         "sign.guilt_when_helped"]


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


@pytest.fixture
def welcome(journal):
    return StepSession("00-welcome", journal=journal)


def rebuilt(session):
    return StepSession(session.step.id, journal=Journal(session.journal.path))


def rate(session, answers):
    """Answer signs through the ratings panel: a number, or None for prefer not to say."""
    controls = {c.tooltip: c for c in session.ratings().controls}
    texts = {s.id: s.text for s in session.curriculum.signs}
    for sign_id, value in answers.items():
        control = controls[texts[sign_id]]
        if value is None:
            control.skipped = True
        else:
            control.value = value


# ---- the seven signs and the dumbbell chart --------------------------------------------------


def test_the_close_chart_reads_one_way_lower_means_easier(session, welcome):
    rate(welcome, {"sign.asking": 5, "sign.hiding_struggles": 4})
    rate(session, {"sign.asking": 4, "sign.hiding_struggles": 2})
    box = session.exercise("chart")
    assert [r["sign"] for r in box.rows] == ["Hard to ask for help", "Hiding struggles"]
    assert "lower means easier" in box.caption.lower()
    from interdependence.views.closing import signs_figure

    fig, _caption = signs_figure(box.rows)
    ax = fig.axes[0]
    assert "lower means easier" in ax.get_xlabel().lower()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0].endswith("Never")
    assert ticks[-1].endswith("Almost always")
    assert not any("agree" in t.lower() for t in ticks)  # one scale: how often


def test_a_close_on_the_check_in_day_is_read_as_how_it_feels_today(session, welcome):
    rate(welcome, {"sign.asking": 5})
    rate(session, {"sign.asking": 3})
    assert Closing(session.journal).same_day()
    today = session.exercise("chart").caption
    assert "rather than a before and after" in today
    assert "feel to you today" in today
    # a check-in on another day: the chart compares the two, as a before and after
    session.journal.change(lambda d: d["steps"]["00-welcome"].update(rated_on="2026-10-01"))
    assert not Closing(session.journal).same_day()
    later = session.exercise("chart").caption
    assert "before and after" not in later
    assert "lower means easier" in later


def test_the_close_rates_the_same_seven_signs_as_the_check_in(session, welcome):
    assert [i.id for i in session.step.items] == SIGNS
    assert [i.id for i in welcome.step.items] == SIGNS


def test_dumbbell_data_pairs_check_in_and_today_and_leaves_out_the_rest(session, welcome):
    rate(welcome, {"sign.asking": 5, "sign.uneasy_relying": 4, "sign.overcommitting": 3,
                   "sign.support_as_weakness": None, "sign.hiding_struggles": 4,
                   "sign.delegating": 2})
    rate(session, {"sign.asking": 3, "sign.uneasy_relying": 4, "sign.overcommitting": None,
                   "sign.support_as_weakness": 2, "sign.hiding_struggles": 5,
                   "sign.guilt_when_helped": 1})

    box = session.exercise("chart")
    points = ("Never", "Rarely", "Sometimes", "Often", "Almost always")
    assert box.rows == [
        {"sign": "Hard to ask for help", "before": 5, "after": 3,
         "before_label": "Almost always", "after_label": "Sometimes", "points": points},
        {"sign": "Uneasy relying on others", "before": 4, "after": 4,
         "before_label": "Often", "after_label": "Often", "points": points},
        {"sign": "Hiding struggles", "before": 4, "after": 5,
         "before_label": "Often", "after_label": "Almost always", "points": points},
    ]
    note = box.note.value
    # null today and null at the check-in: the person's choice, said apart, with no "yet"
    assert ("Left out, as you preferred not to say, and that is fine: Taking on too much; "
            "Needing support felt weak.") in note
    assert "Keeping every task (answered at the check-in only)" in note
    assert "Guilt when helped (answered today only)" in note
    assert "data:image/png;base64," in box.picture.value
    assert "1 moved lower, 1 stayed the same and 1 moved higher" in box.caption
    assert box.caption in box.picture.value  # the caption is the alt text and under the image


def test_prefer_not_to_say_is_never_plotted_as_a_number(journal, session):
    journal.set_rating("00-welcome", "sign.asking", None)
    journal.set_rating(STEP, "sign.asking", 3)
    rows = Closing(journal).sign_comparison()
    asking = rows[0]
    assert asking["status"] == "prefer_not_to_say"
    assert asking["before"] is None
    assert closing.dumbbell_data(rows) == []


def test_the_chart_function_draws_each_answer_where_the_data_says(session):
    from interdependence.charts import closing as chart
    from interdependence.charts.style import new_figure
    from interdependence.palette import AFTER, BEFORE

    data = [{"sign": "A", "before": 5, "after": 2, "before_label": "x", "after_label": "y"},
            {"sign": "B", "before": 3, "after": 3, "before_label": "z", "after_label": "z"}]
    fig, ax = new_figure(*chart.figure_size(data))
    artists = chart.signs_dumbbell_chart(ax, data)
    assert artists["before"].get_offsets().tolist() == [[5, 0], [3, 1]]
    assert artists["after"].get_offsets().tolist() == [[2, 0], [3, 1]]
    assert [line.get_xdata().tolist() for line in artists["lines"]] == [[5, 2], [3, 3]]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    assert [t.get_text() for t in artists["labels"]] == ["x → y", "z, both times"]
    assert BEFORE != AFTER
    assert artists["before"].get_facecolor()[0][:3].tolist() == [1, 1, 1]
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_with_nothing_answered_the_chart_is_a_kind_sentence_not_an_axis(session):
    box = session.exercise("chart")
    assert box.rows == []
    assert "interdep-empty" in box.picture.value
    assert "<img" not in box.picture.value
    assert "Nothing is answered yet" in box.picture.value
    assert box.note.value == ""


def test_without_check_in_answers_the_empty_state_says_so(session):
    rate(session, {"sign.asking": 2})
    box = session.exercise("chart")
    assert box.rows == []
    assert "the check-in (the welcome part) has no answers" in box.picture.value


def test_the_chart_updates_on_a_click_after_more_answers(session, welcome):
    box = session.exercise("chart")
    assert box.rows == []
    rate(welcome, {"sign.asking": 4})
    rate(session, {"sign.asking": 2})
    box.refresh_button.click()
    assert [(r["before"], r["after"]) for r in box.rows] == [(4, 2)]
    assert "<img" in box.picture.value


@pytest.mark.parametrize(("part", "button", "changed"), [
    ("chart", "Update my chart", "your answers"),
    ("summary", "Update my summary", "steps 3, 4 or 6"),
])
def test_each_update_button_says_it_is_only_needed_after_a_change_elsewhere(
        session, part, button, changed):
    """The chart and the summary redraw by themselves after a change on this page; a reviewer
    could not tell when to press Update. One plain sentence right under the button says so."""
    import html as html_module

    box = session.exercise(part)
    shown = list(box.children)
    at = shown.index(box.refresh_button)
    assert box.refresh_button.description == button
    said = html_module.unescape(re.sub(r"<[^>]+>", "", shown[at + 1].value))
    assert said.startswith("Only needed if you changed "), said
    assert changed in said
    assert "notebook" not in said  # a word the app's pages never use: "another part"
    assert "another part" in said or "since this part opened" in said
    assert len(re.findall(r"[.!?]( |$)", said)) == 1  # one sentence


# ---- look back and plan ----------------------------------------------------------------------


def test_look_back_saves_each_sentence_and_brings_it_back(session):
    box = session.exercise("look_back")
    assert list(box.texts) == ["would_have_said", "now_notice", "still_true"]
    box.texts["would_have_said"].value = "asking wastes people's time"
    box.texts["now_notice"].value = "most people seem glad"
    assert Journal(session.journal.path).exercise(STEP, "look_back") == {
        "would_have_said": "asking wastes people's time", "now_notice": "most people seem glad"}
    again = rebuilt(session).exercise("look_back")
    assert again.texts["would_have_said"].value == "asking wastes people's time"
    assert again.texts["still_true"].value == ""


def test_the_plan_saves_three_commitments_with_supporter_and_check_in(session):
    box = session.exercise("plan")
    assert len(box.texts) == 3
    assert box.texts[0]["commitment"].placeholder.startswith("for example")
    box.texts[0]["commitment"].value = "Hand the Friday invoices to Leah"
    box.texts[0]["supporter"].value = "Leah"
    box.texts[0]["check_in"].value = "last Friday of the month"
    box.texts[2]["commitment"].value = "Book a first call with a counsellor"

    stored = Journal(session.journal.path).exercise(STEP, "plan")
    assert stored == [
        {"commitment": "Hand the Friday invoices to Leah", "supporter": "Leah",
         "check_in": "last Friday of the month"},
        {"commitment": "", "supporter": "", "check_in": ""},
        {"commitment": "Book a first call with a counsellor", "supporter": "", "check_in": ""},
    ]
    again = rebuilt(session).exercise("plan")
    assert again.texts[0]["supporter"].value == "Leah"
    assert again.texts[2]["commitment"].value == "Book a first call with a counsellor"
    assert closing.filled_plan(Closing(session.journal).plan()) == [
        stored[0], stored[2]]


# ---- the summary of 03, 04 and 06 -----------------------------------------------------------


def write_other_steps(journal):
    """What steps 03, 04 and 06 save, with the keys in exercises/__init__.py."""
    journal.set_exercise("03-start-small", "asks", [
        {"id": "a1", "text": "Ask Sam to cover Tuesday pickup", "discomfort": 60},
        {"id": "a2", "text": "Borrow a ladder from next door", "discomfort": 15},
        {"id": "a3", "text": "Ask my manager for a deadline extension", "discomfort": 85},
    ])
    journal.set_exercise("03-start-small", "chosen", "a2")
    journal.set_exercise("03-start-small", "outcomes",
                         {"a2": {"done": True, "actual": 5, "note": "He offered a drill too"}})
    journal.set_exercise("04-build-a-support-network", "people", [
        {"id": "p1", "name": "J", "circle": "inner", "kinds": ["emotional", "company"],
         "direction": "both"},
        {"id": "p2", "name": "Aunt <M>", "circle": "inner", "kinds": ["practical"],
         "direction": "receive"},
        {"id": "p3", "name": "Leah", "circle": "outer", "kinds": ["practical", "advice"],
         "direction": "give"},
    ])
    journal.set_exercise("04-build-a-support-network", "move_closer", "p3")
    journal.set_exercise("06-set-self-boundaries", "scripts", [
        {"id": "s1", "kind": "ask_for_help", "situation": "I am covering two roles",
         "feeling": "I feel stretched thin", "request": "Could you take Tuesdays?",
         "why": "I would be better company at the weekend"},
    ])


def test_the_summary_reads_the_ladder_map_and_scripts_from_their_steps(journal, session):
    write_other_steps(journal)
    data = Closing(journal).summary()
    assert [a["text"] for a in data["ladder"]["asks"]] == [
        "Borrow a ladder from next door", "Ask Sam to cover Tuesday pickup",
        "Ask my manager for a deadline extension"]
    assert data["ladder"]["chosen"]["text"] == "Borrow a ladder from next door"
    assert data["ladder"]["chosen"]["done"] is True
    assert data["ladder"]["chosen"]["actual"] == 5
    counts = {c["id"]: c["count"] for c in data["map"]["circles"]}
    assert counts == {"inner": 2, "middle": 0, "outer": 1}
    assert data["map"]["kinds"] == {"practical": 2, "emotional": 1, "advice": 1, "company": 1}
    assert data["map"]["move_closer"] == "Leah"
    assert data["scripts"] == [{"kind": "Ask for help", "text": (
        "I am covering two roles. I feel stretched thin. Could you take Tuesdays? "
        "I would be better company at the weekend.")}]


def test_the_summary_widget_shows_them_in_ladder_order_with_names_escaped(journal, session):
    write_other_steps(journal)
    html = session.exercise("summary").content.value
    order = [html.index(t) for t in ("Borrow a ladder", "Ask Sam", "Ask my manager")]
    assert order == sorted(order)
    assert "this week&#x27;s ask" in html or "this week's ask" in html
    assert "Inner circle</b> (2)" in html
    assert "Outer circle</b> (1)" in html
    assert "Aunt &lt;M&gt;" in html
    assert "Aunt <M>" not in html
    assert "Could you take Tuesdays?" in html


def test_the_summary_has_a_friendly_line_for_each_step_with_nothing_yet(session):
    html = session.exercise("summary").content.value
    assert "No ask ladder yet" in html
    assert "No support map yet" in html
    assert "No scripts yet" in html


def test_the_summary_updates_on_a_click(journal, session):
    box = session.exercise("summary")
    write_other_steps(journal)
    box.refresh_button.click()
    assert "Borrow a ladder" in box.content.value


def test_half_written_or_damaged_entries_from_other_steps_are_skipped(journal, session):
    journal.set_exercise("03-start-small", "asks", [
        "not a dict", {"id": "a1"}, {"id": "a2", "text": "Ask for a lift", "discomfort": "x"}])
    journal.set_exercise("03-start-small", "outcomes", ["broken"])
    journal.set_exercise("04-build-a-support-network", "people", {"not": "a list"})
    journal.set_exercise("06-set-self-boundaries", "scripts", [{"kind": "say_no"}])
    data = Closing(journal).summary()
    assert [a["text"] for a in data["ladder"]["asks"]] == ["Ask for a lift"]
    assert data["ladder"]["asks"][0]["discomfort"] is None
    assert data["map"]["total"] == 0
    assert data["scripts"] == []
    assert "Ask for a lift" in session.exercise("summary").content.value


def test_the_summary_reads_step_03_through_its_model_in_the_same_order(journal, session):
    """The close lists the asks exactly as step 03's ladder() sorts them: equal discomfort
    in the order added, an ask with no number (damaged) at the top."""
    from interdependence.exercises.ask_ladder import AskLadder

    journal.set_exercise("03-start-small", "asks", [
        {"id": "a1", "text": "Second at 40", "discomfort": 40},
        {"id": "a2", "text": "No number", "discomfort": None},
        {"id": "a3", "text": "Easiest", "discomfort": 5},
        {"id": "a4", "text": "Third at 40", "discomfort": 40},
        {"id": "a5", "text": "Hardest", "discomfort": 90}])
    from_model = [a["text"] for a in AskLadder(journal).ladder()]
    assert from_model == ["Easiest", "Second at 40", "Third at 40", "Hardest", "No number"]
    data = Closing(journal).summary()
    assert [a["text"] for a in data["ladder"]["asks"]] == from_model


# ---- the export ------------------------------------------------------------------------------

NASTY = '<script>alert("x")</script> & *bold* | pipe'


def fill_everything(session, welcome):
    rate(welcome, {"sign.asking": 5, "sign.uneasy_relying": 4, "sign.overcommitting": 4})
    rate(session, {"sign.asking": 3, "sign.uneasy_relying": 4, "sign.overcommitting": None})
    look = session.exercise("look_back")
    look.texts["would_have_said"].value = "asking wastes time"
    plan = session.exercise("plan")
    plan.texts[0]["commitment"].value = "Hand the Friday invoices to Leah"
    plan.texts[0]["supporter"].value = "Leah"
    plan.texts[0]["check_in"].value = "last Friday of the month"
    plan.texts[1]["commitment"].value = NASTY
    plan.texts[2]["commitment"].value = "Book a first call with a counsellor"
    plan.texts[2]["check_in"].value = "15 June"
    write_other_steps(session.journal)


def test_export_writes_html_with_the_commitments_and_the_chart_embedded(
        session, welcome, private_home):
    fill_everything(session, welcome)
    box = session.exercise("export")
    assert str(private_home / "exports") in box.where.value
    box.save_button.click()

    result = box.result
    assert result.folder == private_home / "exports"
    assert result.html.parent == result.markdown.parent == private_home / "exports"
    page = result.html.read_text(encoding="utf-8")
    for text in ("Hand the Friday invoices to Leah", "last Friday of the month",
                 "Book a first call with a counsellor", "15 June", "asking wastes time",
                 "Borrow a ladder from next door", "Inner circle", "I feel stretched thin"):
        assert text in page, text
    # the chart is inside the page, as a real PNG, with its caption as alt text
    match = re.search(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]+)"', page)
    assert match, "no embedded chart"
    assert base64.b64decode(match.group(1)).startswith(export.PNG_SIGNATURE)
    assert "2 of the seven signs" in match.group(2)
    # participant text is escaped, never live HTML
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; *bold* | pipe" in page
    assert "Aunt &lt;M&gt;" in page
    # standalone and printable: nothing fetched from elsewhere
    assert "@media print" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    # the widget names the files with their full paths
    assert str(result.html) in box.message.value
    assert str(result.markdown) in box.message.value


def test_export_writes_markdown_with_the_chart_png_beside_it(session, welcome):
    fill_everything(session, welcome)
    box = session.exercise("export")
    box.save_button.click()
    result = box.result
    text = result.markdown.read_text(encoding="utf-8")
    assert "| 1 | Hand the Friday invoices to Leah | Leah | last Friday of the month |" in text
    assert "Book a first call with a counsellor" in text
    assert r'\<script\>alert("x")\</script\> \& \*bold\* \| pipe' in text
    assert "<script>" not in text
    assert len(result.images) == 1
    png = result.images[0]
    assert png.parent == result.markdown.parent
    assert png.read_bytes().startswith(
        export.PNG_SIGNATURE)
    assert f"]({png.name})" in text
    assert "| Taking on too much | Often | prefer not to say |" in text


def test_export_picks_up_a_commitment_typed_just_before_the_click(session, monkeypatch):
    import interdependence.views.autosave as autosave

    # Stand in for a live kernel, whose loop delays autosave until typing pauses.
    monkeypatch.setattr(autosave, "kernel_loop", asyncio.get_running_loop)

    async def type_then_export():
        plan = session.exercise("plan")
        plan.texts[0]["commitment"].value = "Ask Sam about Tuesdays"  # saving is now waiting
        assert session.journal.exercise(STEP, "plan") is None
        box = session.exercise("export")
        box.save_button.click()
        return box.result

    result = asyncio.run(type_then_export())
    assert "Ask Sam about Tuesdays" in result.html.read_text(encoding="utf-8")
    assert session.journal.exercise(STEP, "plan")[0]["commitment"] == "Ask Sam about Tuesdays"


def test_export_with_nothing_answered_still_saves_kind_pages_without_a_chart(session):
    box = session.exercise("export")
    box.save_button.click()
    page = box.result.html.read_text(encoding="utf-8")
    assert "data:image/png" not in page
    assert box.result.images == ()
    assert "No commitments written yet" in page
    assert "Nothing is answered yet" in page
    assert "No ask ladder yet" in page


def test_export_into_a_folder_that_cannot_be_made_says_so_plainly(session, private_home):
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "exports").write_text("a file where the folder should be")
    box = session.exercise("export")
    box.save_button.click()
    assert box.result is None
    assert "could not be saved" in box.message.value
    assert "still safe in your journal" in box.message.value


def test_saving_again_the_same_day_replaces_the_files(session, welcome):
    box = session.exercise("export")
    box.save_button.click()
    first = box.result
    plan = session.exercise("plan")
    plan.texts[0]["commitment"].value = "A new commitment"
    box.save_button.click()
    assert box.result.html == first.html
    assert "A new commitment" in first.html.read_text(encoding="utf-8")
    assert len(list(first.folder.glob("*.html"))) == 1


def test_export_refuses_a_chart_that_is_not_a_png(tmp_path, journal, session):
    content = Closing(journal).export_content()
    good = export.ChartImage("signs", "c", export.PNG_SIGNATURE + b"rest")
    with pytest.raises(ValueError, match="'other' is not a PNG image"):
        plan_export.export_plan(content, [good, export.ChartImage("other", "c", b"GIF89a")],
                                folder=tmp_path / "exports")
    assert not (tmp_path / "exports").exists()  # refused before anything was written


def test_markdown_escaping_keeps_participant_text_from_formatting_anything():
    assert plan_export.md("- <b>hi</b> | [x](y)") == r"\- \<b\>hi\</b\> \| \[x\](y)"
    assert plan_export.md("1. first\nsecond") == r"1\. first<br>second"
    assert plan_export.h('<a href="x">\nnext') == "&lt;a href=&quot;x&quot;&gt;<br>next"


def test_the_summary_reads_what_steps_03_04_and_06_really_save(journal, session):
    """The same data, written through those steps' own logic, so a drift in keys shows here."""
    from interdependence.exercises import boundaries
    from interdependence.exercises.ask_ladder import AskLadder
    from interdependence.exercises.boundaries import Boundaries
    from interdependence.exercises.support_map import SupportMap

    ladder = AskLadder(journal)
    easy = ladder.asks.add({"text": "Borrow a ladder from next door", "discomfort": 15})
    ladder.asks.add({"text": "Ask my manager for a deadline extension", "discomfort": 85})
    ladder.choose(easy["id"])
    ladder.record_outcome(easy["id"], True, 5, "He offered a drill too")
    support = SupportMap(journal)
    leah = support.people.add({"name": "Leah", "circle": "outer", "kinds": ["practical"],
                               "direction": "give"})
    support.people.add({"name": "J", "circle": "inner", "kinds": ["emotional"],
                        "direction": "both"})
    support.choose_closer(leah["id"])
    Boundaries(journal).scripts.add({
        "kind": "say_no", "situation": "I have three deadlines", "feeling": "I am worried",
        "request": "So I will say no this time", "why_both": "I keep my promises to you"})

    data = Closing(journal).summary()
    assert [a["text"] for a in data["ladder"]["asks"]] == [
        "Borrow a ladder from next door", "Ask my manager for a deadline extension"]
    chosen = data["ladder"]["chosen"]
    assert (chosen["text"], chosen["done"], chosen["actual"], chosen["note"]) == (
        "Borrow a ladder from next door", True, 5, "He offered a drill too")
    assert {c["id"]: c["names"] for c in data["map"]["circles"]} == {
        "inner": ["J"], "middle": [], "outer": ["Leah"]}
    assert data["map"]["move_closer"] == "Leah"
    assert data["scripts"] == [{"kind": "Say no", "text": boundaries.script_text(
        Boundaries(journal).scripts.items()[0])}]
    assert "I keep my promises to you" in data["scripts"][0]["text"]


def test_signs_chart_redraws_when_a_sign_is_rated_in_the_same_kernel(journal):
    from interdependence.session import StepSession

    start = StepSession("00-welcome", journal=journal)
    close = StepSession("08-embracing-interdependence", journal=journal)
    chart = close.exercise("chart")
    assert not chart.rows
    start.ratings().controls[0].value = 4
    close.ratings().controls[0].value = 2
    assert chart.rows, "the chart should have redrawn with the pair of answers"


# ---- crisis lines in the export (review #11 item 12) --------------------------------------


def test_the_exported_plan_carries_step_07s_crisis_lines_in_html_and_markdown(session):
    step_07 = session.curriculum.step("07-consider-therapy").exercise
    lines = step_07["crisis_resources"]
    assert len(lines) >= 4
    box = session.exercise("export")
    box.save_button.click()
    page = box.result.html.read_text(encoding="utf-8")
    text = box.result.markdown.read_text(encoding="utf-8")
    heading = next(p["label"] for p in step_07["parts"] if p["id"] == "crisis")
    assert f"<h2>{plan_export.h(heading)}</h2>" in page
    assert f"## {plan_export.md(heading)}" in text
    for line in lines:
        assert f"<b>{plan_export.h(line['region'])}: {plan_export.h(line['label'])}.</b> " \
               f"{plan_export.h(line['how'])}" in page
        assert f"- **{plan_export.md(line['region'])}: {plan_export.md(line['label'])}.** " \
               f"{plan_export.md(line['how'])}" in text
    assert plan_export.h(step_07["crisis_note"].strip()) in page
    assert page.index("<h2>My action plan</h2>") < page.index(
        f"<h2>{plan_export.h(heading)}</h2>")


def test_the_crisis_lines_come_from_the_curriculum_not_from_the_code(tmp_path, journal):
    import datetime as dt
    import shutil

    import yaml

    from interdependence import curriculum as curriculum_module
    from interdependence import paths

    folder = tmp_path / "curriculum"
    shutil.copytree(paths.curriculum_dir(), folder)
    step_file = folder / "steps" / "07-consider-therapy.yaml"
    data = yaml.safe_load(step_file.read_text(encoding="utf-8"))
    data["exercise"]["crisis_resources"] = [
        {"id": "test_line", "region": "Testland", "label": "Test Line",
         "how": "Call 000 at any hour."}]
    step_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    changed = curriculum_module.load(folder)
    crisis = Closing(journal, changed).export_content()["crisis"]
    assert [r["label"] for r in crisis["lines"]] == ["Test Line"]
    page = plan_export.render_html(Closing(journal, changed).export_content(), [],
                                   dt.date(2026, 6, 1))
    assert "Testland: Test Line.</b> Call 000 at any hour." in page
    assert "988" not in page


def test_an_export_without_crisis_lines_in_its_content_still_renders():
    import datetime as dt

    content = {"title": "T", "plan": [], "plan_labels": {}, "signs": [], "left_out_note": "",
               "empty_chart_message": "None", "look_back": [], "reflections": [],
               "summary": {"ladder": {"asks": []}, "map": {"total": 0}, "scripts": []}}
    assert "<h2>My action plan</h2>" in plan_export.render_html(content, [], dt.date(2026, 1, 1))
    assert "## My action plan" in plan_export.render_markdown(content, [], dt.date(2026, 1, 1))


# ---- the model: its checks, one write per change, nothing shared ---------------------------


def count_writes(monkeypatch) -> list:
    from interdependence import journal as journal_module

    writes: list = []
    real = journal_module.atomic_write_text
    monkeypatch.setattr(journal_module, "atomic_write_text",
                        lambda path, text: (writes.append(path), real(path, text)))
    return writes


def test_the_model_refuses_what_the_close_does_not_have_in_plain_words(journal):
    from interdependence.exercises.model import ExerciseError

    model = Closing(journal)
    with pytest.raises(closing.ClosingError, match="no look-back sentence called 'nope'"):
        model.set_look_back("nope", "words")
    with pytest.raises(closing.ClosingError, match="A plan has no field called 'when'"):
        model.set_plan_field(0, "when", "soon")
    with pytest.raises(closing.ClosingError, match="3 commitments; there is no number 4"):
        model.set_plan_field(3, "commitment", "a fourth")
    assert issubclass(closing.ClosingError, ExerciseError)
    assert journal.exercise(STEP, "look_back") is None
    assert journal.exercise(STEP, "plan") is None


def test_each_change_of_the_close_is_one_journal_write(journal, monkeypatch):
    model = Closing(journal)
    writes = count_writes(monkeypatch)
    model.set_look_back("now_notice", "people seem glad")
    assert len(writes) == 1
    model.set_plan_field(1, "supporter", "Sam")
    assert len(writes) == 2
    assert Journal(journal.path).exercise(STEP, "plan")[1] == {
        "commitment": "", "supporter": "Sam", "check_in": ""}


def test_a_damaged_look_back_or_plan_reads_as_nothing_written(journal):
    journal.set_exercises(STEP, {"look_back": ["not", "a dict"], "plan": [None, "x", {
        "commitment": 5}]})
    model = Closing(journal)
    assert model.look_back() == {}
    assert model.look_back_answers() == []
    empty = {"commitment": "", "supporter": "", "check_in": ""}
    assert model.plan() == [empty, empty, {**empty, "commitment": "5"}]


def test_the_close_shares_no_summary_and_none_of_its_words(session, welcome, journal):
    from interdependence import steps
    from interdependence.cohort.submission import build_submission

    fill_everything(session, welcome)
    assert session.model.share_summary() == {}
    assert steps.CLOSING.share_summary(journal) == {}
    sent = build_submission(journal, session.curriculum, {STEP: []}, "SPRING-26")
    text = str(sent)
    for words in ("asking wastes time", "Hand the Friday invoices", "Leah", "15 June",
                  "Borrow a ladder", "stretched thin"):
        assert words not in text, words
    assert sent["steps"][STEP]["summary"] == {}


# ---- cells of one notebook update each other through the model ----------------------------


def test_two_cells_of_the_close_update_each_other_through_the_model(session):
    first, second = session.exercise("look_back"), session.exercise("look_back")
    assert first.model is second.model is session.model
    first.texts["now_notice"].value = "most people seem glad"
    assert second.texts["now_notice"].value == "most people seem glad"
    assert "Saved." in second.boxes["now_notice"].status.value
    plan, other_plan = session.exercise("plan"), session.exercise("plan")
    other_plan.texts[1]["supporter"].value = "Sam"
    assert plan.texts[1]["supporter"].value == "Sam"
    assert plan.texts[0]["supporter"].value == ""
    assert session.journal.exercise(STEP, "plan")[1]["supporter"] == "Sam"


def test_words_still_being_typed_in_one_cell_are_not_overwritten_by_another(
        session, monkeypatch):
    import interdependence.views.autosave as autosave

    monkeypatch.setattr(autosave, "kernel_loop", asyncio.get_running_loop)

    async def type_in_both():
        first, second = session.exercise("look_back"), session.exercise("look_back")
        second.texts["still_true"].value = "I like doing things well"  # waiting to save
        first.texts["still_true"].value = "something else"
        first.boxes["still_true"].flush()  # saved: the other cell is told
        assert second.texts["still_true"].value == "I like doing things well"
        second.boxes["still_true"].flush()
        assert first.texts["still_true"].value == "I like doing things well"

    asyncio.run(type_in_both())
    assert session.journal.exercise(STEP, "look_back") == {
        "still_true": "I like doing things well"}


def test_rating_a_sign_in_the_close_redraws_its_chart_through_the_model(session, welcome):
    rate(welcome, {"sign.asking": 5})
    chart = session.exercise("chart")
    assert chart.rows == []
    assert "check-in answers are saved" in chart.picture.value
    rate(session, {"sign.asking": 3})
    assert [(r["before"], r["after"]) for r in chart.rows] == [(5, 3)]
    assert chart.caption in chart.picture.value


def test_a_problem_saving_is_said_under_the_box_in_plain_words():
    import ipywidgets as w

    from interdependence.views.closing import SavingText

    def refuse(_text):
        raise closing.ClosingError("There is no look-back sentence called 'gone'.")

    box = SavingText(label="L", value="", placeholder="", save=refuse, errors=w.HTML(""),
                     heading=w.HTML(""))
    box.text.value = "words"
    assert "interdep-notice" in box.status.value
    assert "called" in box.status.value


def test_a_close_cell_run_twenty_times_leaves_only_a_few_live_observers(session):
    from interdependence.exercises.model import KEEP

    for _ in range(20):
        for part in ("look_back", "chart", "plan"):
            session.exercise(part)
    for part in ("look_back", "chart", "plan"):
        assert session.model.observer_count(part) <= KEEP
    kept = session.exercise("plan")
    session.exercise("plan").texts[2]["check_in"].value = "in June"  # typed in a newer one
    assert kept.texts[2]["check_in"].value == "in June"  # the newest cells still redraw


def test_step_08_parts_hear_of_changes_through_the_model_only(session):
    from model_helpers import assert_no_global_refresh

    session.ratings()
    assert_no_global_refresh(session, ("look_back", "chart", "summary", "plan", "export"))


def test_the_caption_says_none_rather_than_a_bare_zero():
    from interdependence.charts.closing import caption

    points = ("Never", "Rarely", "Sometimes", "Often", "Almost always")
    rows = [{"sign": "Hard to ask for help", "before": 5, "after": 3, "points": points},
            {"sign": "Hiding struggles", "before": 4, "after": 4, "points": points}]
    text = caption(rows)
    assert "1 moved lower, 1 stayed the same and none moved higher" in text
    assert " 0 " not in text

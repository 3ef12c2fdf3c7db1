"""The cohort dashboard's tidy data, charts and captions, with the privacy gate applied."""

import html

import pandas as pd
import pytest
from cohort_fakes import CHECK_IN, CLOSE, cohort, realistic

from interdependence import curriculum as _curriculum
from interdependence.charts import cohort as charts
from interdependence.cohort import aggregate
from interdependence.palette import LIKERT_COLOURS, NEUTRAL_GREY
from interdependence.privacy import PrivacyError, hidden_message

CURRICULUM = _curriculum.default()
SMALL = "03-start-small"
THERAPY = "07-consider-therapy"


def _step(step_id):
    return CURRICULUM.step(step_id)


def _ratings_for(people, step_id, item_id, values):
    return [(f"p{i}", step_id, item_id, v) for i, v in zip(range(people), values, strict=True)]


def _same_scale(step):
    """The step's items on the scale of its first item (one chart shows one scale)."""
    return [i for i in step.items if i.scale.id == step.items[0].scale.id]


def _draw(panel):
    fig = charts.figure(panel)
    return fig, fig.axes[0]


def _close(fig):
    import matplotlib.pyplot as plt

    plt.close(fig)


# ---- the gate ------------------------------------------------------------------------------


def test_a_step_with_four_contributors_is_hidden_with_the_exact_message():
    step = _step(SMALL)
    item = step.items[0].id
    data = cohort(_ratings_for(4, SMALL, item, [1, 2, 4, 5]))
    panel = aggregate.likert(data, step, _same_scale(step), min_group=5)
    assert panel.n == 4
    assert not panel.visible
    assert panel.data is None
    assert panel.hidden_message == "Fewer than 5 people shared this — hidden to protect anonymity"
    assert charts.caption(panel) == hidden_message(5)


def test_five_contributors_show_the_chart():
    step = _step(SMALL)
    item = step.items[0].id
    data = cohort(_ratings_for(5, SMALL, item, [1, 2, 3, 4, 5]))
    panel = aggregate.likert(data, step, _same_scale(step), min_group=5)
    assert panel.visible
    assert panel.n == 5


def test_prefer_not_to_say_is_left_out_of_n_and_of_shares():
    step = _step(SMALL)
    item = step.items[0].id
    # six people, one of them "prefer not to say": n is 5, the shares are of 5 answers
    data = cohort(_ratings_for(6, SMALL, item, [1, 2, 3, 4, 5, None]))
    panel = aggregate.likert(data, step, step.items[:1], min_group=5)
    assert panel.n == 5
    row = panel.data["rows"].iloc[0]
    assert row["n"] == 5
    assert [row[f"p{v}"] for v in (1, 2, 3, 4, 5)] == pytest.approx([20.0] * 5)
    # the same six with two prefer-not-to-say fall below the threshold
    data = cohort(_ratings_for(6, SMALL, item, [1, 2, 3, 4, None, None]))
    assert not aggregate.likert(data, step, step.items[:1], min_group=5).visible


def test_an_item_fewer_people_answered_keeps_its_row_but_no_numbers():
    step = _step(SMALL)
    first, second = step.items[0].id, step.items[1].id
    rows = _ratings_for(6, SMALL, first, [1, 2, 3, 4, 5, 5])
    rows += _ratings_for(3, SMALL, second, [5, 5, 5])  # only three answered this one
    panel = aggregate.likert(cohort(rows), step, step.items[:2], min_group=5)
    table = panel.data["rows"].set_index("item")
    assert bool(table.loc[first, "shown"])
    assert table.loc[first, "p5"] == pytest.approx(100 / 3)
    assert not table.loc[second, "shown"]
    assert pd.isna(table.loc[second, "p5"])
    assert pd.isna(table.loc[second, "n"])  # three is a count below min_group: not kept
    fig, ax = _draw(panel)
    texts = [t.get_text() for t in ax.texts]
    assert "Fewer than 5 answered — hidden" in texts
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[1].endswith("(fewer than 5)")
    assert "n = 3" not in "".join(labels)
    # no bar was drawn on the hidden row (row 1)
    assert all(abs(p.get_y() + p.get_height() / 2 - 1) > 0.01 for p in ax.patches)
    assert "one statement is hidden" in charts.caption(panel)
    _close(fig)


def test_a_larger_min_group_may_be_asked_for_but_not_a_smaller_one():
    data = realistic(CURRICULUM, people=8, min_group=5)
    assert aggregate.min_group_of(data) == 5
    assert aggregate.min_group_of(data, 7) == 7
    with pytest.raises(PrivacyError):
        aggregate.all_panels(data, CURRICULUM, min_group=4)
    strict = aggregate.all_panels(data, CURRICULUM, min_group=50)
    assert strict
    assert not any(p.visible for p in strict)


def test_participation_hides_a_step_fewer_people_shared():
    rows = []
    for i in range(6):
        rows.append((f"p{i}", CHECK_IN, "sign.asking", 3))
    for i in range(4):
        rows.append((f"p{i}", SMALL, "small.stuck_alone", 2))
    rows.append(("p5", CLOSE, "sign.asking", None))  # prefer not to say: not counted
    panel = aggregate.participation(cohort(rows), CURRICULUM, min_group=5)
    table = panel.data["rows"].set_index("step")
    assert table.loc[CHECK_IN, "people"] == 6
    assert not table.loc[SMALL, "shown"]
    assert pd.isna(table.loc[SMALL, "people"])
    assert pd.isna(table.loc[CLOSE, "people"])
    assert "01-pinpoint-the-root-cause" not in table.index  # never shared
    fig, ax = _draw(panel)
    assert any("hidden" in t.get_text() for t in ax.texts)
    assert "6" in [t.get_text() for t in ax.texts]
    _close(fig)


def test_an_empty_cohort_hides_everything_without_error():
    panels = aggregate.all_panels(cohort(), CURRICULUM)
    assert panels
    assert not any(p.visible for p in panels if p.kind != "reflections")
    assert all(charts.caption(p) == hidden_message(5) for p in panels)


# ---- diverging stacked bars ----------------------------------------------------------------


def test_diverging_lefts_centre_the_neutral_segment_on_zero():
    shares = [10.0, 20.0, 30.0, 25.0, 15.0]
    lefts = charts.diverging_lefts(shares)
    assert lefts[2] == pytest.approx(-15.0)
    assert lefts[2] + shares[2] == pytest.approx(15.0)
    assert lefts[0] == pytest.approx(-45.0)
    assert lefts[4] + shares[4] == pytest.approx(55.0)


def test_the_drawn_neutral_bar_straddles_zero_for_every_sign():
    data = realistic(CURRICULUM, people=30, seed=11)
    before = aggregate.signs(data, CURRICULUM, 5)[0]
    fig, ax = _draw(before)
    neutral = [p for p in ax.patches if _hex(p.get_facecolor()) == NEUTRAL_GREY.lower()]
    assert len(neutral) == len(CURRICULUM.signs)
    for bar in neutral:
        assert bar.get_x() < 0 < bar.get_x() + bar.get_width()
        assert bar.get_x() + bar.get_width() / 2 == pytest.approx(0.0, abs=1e-9)
    # every segment is one of the five Likert colours, lowest answers left of the neutral one
    colours = {_hex(p.get_facecolor()) for p in ax.patches}
    assert colours <= {c.lower() for c in LIKERT_COLOURS}
    lowest = [p for p in ax.patches if _hex(p.get_facecolor()) == LIKERT_COLOURS[0].lower()]
    assert all(p.get_x() + p.get_width() <= 1e-9 for p in lowest)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    # the signs' one scale, and only it: never "Often / Agree"
    assert legend == ["Never", "Rarely", "Sometimes", "Often", "Almost always"]
    _close(fig)


def _hex(rgba):
    from matplotlib.colors import to_hex

    return to_hex(rgba)


def test_shares_in_the_likert_rows_add_to_100_and_n_is_in_the_label():
    data = realistic(CURRICULUM, people=25, seed=5)
    step = _step("05-practice-vulnerability")
    items = [i for i in step.items if i.scale.id == "agreement"]
    panel = aggregate.likert(data, step, items, 5)
    rows = panel.data["rows"]
    totals = rows[[f"p{v}" for v in (1, 2, 3, 4, 5)]].sum(axis=1)
    assert list(totals) == pytest.approx([100.0] * len(rows))
    answered = data.ratings[(data.ratings["step"] == step.id) & data.ratings["value"].notna()]
    assert list(rows["n"]) == [int((answered["item"] == i.id).sum()) for i in items]
    fig, ax = _draw(panel)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert all(f"(n = {n})" in label for label, n in zip(labels, rows["n"], strict=True))
    _close(fig)


# ---- the seven signs before and after ------------------------------------------------------


def test_dumbbell_gives_the_share_agreeing_before_and_after():
    rows = _ratings_for(5, CHECK_IN, "sign.asking", [4, 5, 5, 2, 1])
    rows += _ratings_for(6, CLOSE, "sign.asking", [4, 1, 2, 2, 3, None])
    panel = aggregate.agreeing_before_after(cohort(rows), CURRICULUM, 5)
    table = panel.data["rows"].set_index("item")
    assert table.loc["sign.asking", "before"] == pytest.approx(60.0)
    assert table.loc["sign.asking", "after"] == pytest.approx(20.0)
    assert table.loc["sign.asking", "n_after"] == 5
    assert pd.isna(table.loc["sign.uneasy_relying", "before"])  # nobody answered it
    fig, ax = _draw(panel)
    texts = [t.get_text() for t in ax.texts]
    assert "60%" in texts
    assert "20%" in texts
    assert "Check-in (n = 5)" in [t.get_text() for t in fig.legends[0].get_texts()]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Hard to ask for help"
    assert labels[1].endswith("(check-in and close: fewer than 5, hidden)")
    dots_y = {round(float(y)) for c in ax.collections for _, y in c.get_offsets()}
    assert dots_y == {0}  # only the answered sign has dots
    caption = charts.caption(panel)
    assert "went down" not in caption
    assert "of the 1 signs" not in caption
    assert "not a score" in caption
    _close(fig)


def test_dumbbell_is_hidden_while_either_end_has_too_few_people():
    rows = _ratings_for(8, CHECK_IN, "sign.asking", [4] * 8)
    rows += _ratings_for(4, CLOSE, "sign.asking", [2] * 4)
    assert not aggregate.agreeing_before_after(cohort(rows), CURRICULUM, 5).visible


# ---- exercise summaries --------------------------------------------------------------------


def _summaries(step, key, values):
    return [(f"p{i}", step, key, v) for i, v in enumerate(values)]


def test_support_map_circles_and_kinds():
    step = "04-build-a-support-network"
    # the shape of SupportMap.share_summary: circles as bare keys, kinds nested;
    # p5 shared the step without drawing a map (all zeros) and is not counted
    rows = (_summaries(step, "inner", [1, 2, 2, 3, 4, 0])
            + _summaries(step, "outer", [0, 5, 5, 6, 9, 0])
            + _summaries(step, "kinds.emotional", [0, 0, 1, 2, 3, 0])
            + _summaries(step, "kinds.practical", [1, 1, 1, 1, 1, 0]))
    data = cohort(summaries=rows)
    assert aggregate.support_circles(data, CURRICULUM, 5).n == 5
    circles = aggregate.support_circles(data, CURRICULUM, 5)
    table = circles.data["rows"].set_index("circle")
    assert list(table.index) == ["inner", "outer"]  # the step's order, only circles present
    assert table.loc["inner", "median"] == 2
    assert table.loc["outer", "median"] == 5
    assert table.loc["inner", "label"] == "Inner circle"
    # one dot a person: how many placed each count in the circle
    assert table.loc["inner", "dots"] == ((1, 1), (2, 2), (3, 1), (4, 1))
    assert sum(people for _, people in table.loc["outer", "dots"]) == 5
    kinds = aggregate.support_kinds(data, CURRICULUM, 5).data["rows"].set_index("kind")
    assert kinds.loc["emotional", "share"] == pytest.approx(60.0)
    assert kinds.loc["practical", "share"] == pytest.approx(100.0)
    assert list(kinds.index) == ["practical", "emotional"]


def test_ask_ladder_first_ask_and_discomfort():
    rows = (_summaries(SMALL, "asks", [5, 6, 7, 5, 8, 9, 0])  # p6 has no ladder yet
            + _summaries(SMALL, "first_ask_done", [1, 1, 0, 1, 0, 1, 0])
            + _summaries(SMALL, "expected", [60, 50, 40, 70, 80, None])
            + _summaries(SMALL, "actual", [30, 50, 45, 20, None, None]))
    data = cohort(summaries=rows)
    first = aggregate.first_ask(data, CURRICULUM, 5)
    assert first.data["done"] == 4
    assert first.n == 6
    # four is below the smallest group (and two did not): the caption says nothing of either
    # side, no count and no share (67% of 6 would give the four back)
    assert charts.caption(first) == ("Of the 6 people who shared their ask ladder: who had "
                                     "tried a first ask and who had not yet.")
    # only four people reported both numbers: hidden
    assert not aggregate.discomfort(data, CURRICULUM, 5).visible
    rows += _summaries(SMALL, "expected", [None] * 5 + [90]) + [("p4", SMALL, "actual", 10)]
    more = cohort(summaries=rows + [("p5", SMALL, "actual", 95)])
    discomfort = aggregate.discomfort(more, CURRICULUM, 5)
    assert discomfort.n == 6
    assert discomfort.data["expected"]["median"] == pytest.approx(65.0)
    assert discomfort.data["easier"] == 3
    assert discomfort.data["harder"] == 2


def test_boundaries_hours_and_decisions():
    step = "06-set-self-boundaries"
    rows = (_summaries(step, "hours", [40, 50, 60, 30, 45])
            + _summaries(step, "hours_available", [35, 35, 50, 40, 45])
            + _summaries(step, "decisions.keep", [2, 1, 1, 3, 1])
            + _summaries(step, "decisions.drop", [0, 0, 0, 1, 0])
            + [("p9", step, "decisions.keep", 0), ("p9", step, "hours", 0)])  # no audit
    data = cohort(summaries=rows)
    hours = aggregate.load_hours(data, CURRICULUM, 5)
    assert hours.data["load"]["median"] == 45
    assert hours.data["available"]["median"] == 40
    assert hours.data["over"] == 3
    assert aggregate.decisions(data, CURRICULUM, 5).n == 5
    decisions = aggregate.decisions(data, CURRICULUM, 5).data["rows"].set_index("decision")
    assert decisions.loc["keep", "tasks"] == 8
    assert decisions.loc["keep", "people"] == 5
    # one person dropped one task: the row is hidden, its tasks and people never shown
    assert not decisions.loc["drop", "shown"]
    assert decisions.loc["drop", "label"] == "Drop"
    assert decisions.loc["drop", ["tasks", "people", "n"]].isna().all()


def test_step_7_ratings_are_drawn_once_as_its_diverging_chart():
    """The readiness ratings had a second chart of their own in a one-off colour; now the
    step's one diverging chart shows them, like every other step's statements."""
    data = realistic(CURRICULUM, people=20, seed=3)
    panels = [p for p in aggregate.all_panels(data, CURRICULUM) if p.step == THERAPY]
    charts_of_7 = [p for p in panels if p.kind != "reflections"]
    assert [p.kind for p in charts_of_7] == ["likert"]
    drawn = set(charts_of_7[0].data["rows"]["item"])
    assert drawn == {i.id for i in CURRICULUM.step(THERAPY).items}
    assert "readiness" not in charts.CHARTS
    assert not hasattr(aggregate, "readiness")


# ---- reflections ---------------------------------------------------------------------------


def _reflections(prompt, step, count, text="said {i}"):
    return [{"step": step, "prompt": prompt, "text": text.format(i=i)} for i in range(count)]


def test_reflections_are_gated_per_prompt_shuffled_and_carry_no_token():
    shared = (_reflections("welcome.hopes", CHECK_IN, 12)
              + _reflections("close.what_shifted", CLOSE, 4))
    panels = aggregate.reflections(cohort(reflections=shared), CURRICULUM, 5, seed=2)
    by_key = {p.key.rsplit(".reflections.", 1)[1]: p for p in panels}
    assert not by_key["close.what_shifted"].visible
    hopes = by_key["welcome.hopes"].data["rows"]
    assert sorted(hopes) == sorted(f"said {i}" for i in range(12))
    assert hopes != [f"said {i}" for i in range(12)]  # shuffled
    assert all(isinstance(t, str) for t in hopes)  # texts only: no token, no date


def test_a_script_tag_in_a_reflection_is_shown_as_text():
    shared = _reflections("welcome.hopes", CHECK_IN, 5, text="<script>alert({i})</script>")
    panel = aggregate.reflections(cohort(reflections=shared), CURRICULUM, 5, seed=1)[0]
    out = charts.reflections_html(panel.data)
    assert "<script>" not in out
    assert html.escape("<script>alert(0)</script>") in out


# ---- every chart, drawn from a realistic cohort --------------------------------------------


def test_every_visible_panel_draws_and_has_a_one_sentence_caption():
    data = realistic(CURRICULUM, people=24, seed=7)
    panels = aggregate.all_panels(data, CURRICULUM, seed=1)
    kinds = {p.kind for p in panels if p.visible}
    assert kinds == set(charts.CHARTS) | {"reflections"}
    for panel in panels:
        text = charts.caption(panel)
        assert text.endswith("."), text
        assert text.count(". ") == 0, text
        # the participation chart names no total across steps (it could move by one
        # person); a diverging chart names what its rows say, how many answered each
        assert (str(panel.n) in text
                or panel.kind in ("reflections", "participation", "likert")), text
        if panel.visible and panel.kind != "reflections":
            fig, ax = _draw(panel)
            assert ax.get_title(loc="left") == panel.title
            _close(fig)


def test_panels_come_in_teaching_order():
    data = realistic(CURRICULUM, people=24, seed=7)
    steps = [p.step for p in aggregate.all_panels(data, CURRICULUM) if p.step]
    order = [s.id for s in CURRICULUM.steps]
    assert steps == sorted(steps, key=order.index)
    assert "01-pinpoint-the-root-cause" not in steps


def test_the_signs_at_check_in_and_close_share_one_scale():
    data = realistic(CURRICULUM, people=30, seed=11)
    before, after, _ = aggregate.signs(data, CURRICULUM, 5)
    limits = []
    for panel in (before, after):
        fig, ax = _draw(panel)
        limits.append(ax.get_xlim())
        _close(fig)
    assert limits[0] == limits[1]


def test_exercise_charts_read_the_keys_the_real_share_summaries_send(tmp_path):
    """Submissions made the participant's way (share_summary -> build_submission -> file)
    must fill every exercise chart: a renamed summary key would leave one empty."""
    from interdependence.cohort.demo import write_demo_cohort
    from interdependence.cohort.loader import load_cohort

    write_demo_cohort(tmp_path / "demo", count=40, seed=3)
    data = load_cohort(tmp_path / "demo", set_aside=False)
    for build in (aggregate.first_ask, aggregate.discomfort, aggregate.support_circles,
                  aggregate.support_kinds, aggregate.load_hours, aggregate.decisions):
        panel = build(data, CURRICULUM, 5)
        assert panel.visible, (build.__name__, panel.n)
        assert panel.n >= 5, (build.__name__, panel.n)


# ---- reading direction and one scale per chart (review #11 items 1 and 2) -----------------


def _sign_panels(people=30, seed=11):
    return aggregate.signs(realistic(CURRICULUM, people=people, seed=seed), CURRICULUM, 5)


def test_every_chart_of_the_signs_labels_its_rows_with_direction_and_says_lower_is_easier():
    shorts = [s.short for s in CURRICULUM.signs]
    for panel in _sign_panels():
        assert panel.visible
        assert list(panel.data["rows"]["label"]) == shorts  # the data that feeds the chart
        assert "lower means easier" in charts.caption(panel).lower(), panel.key
        fig, ax = _draw(panel)
        assert "lower means easier" in ax.get_xlabel().lower(), panel.key
        ticks = " ".join(t.get_text() for t in ax.get_yticklabels())
        assert "Hard to ask for help" in ticks
        assert "Asking for help" not in ticks
        _close(fig)


def test_no_chart_pools_two_answer_scales():
    data = realistic(CURRICULUM, people=30, seed=4)
    panels = [p for p in aggregate.all_panels(data, CURRICULUM, 5) if p.visible]
    likert = [p for p in panels if p.kind == "likert"]
    for panel in likert:
        step = CURRICULUM.step(panel.step)
        rows = panel.data["rows"]
        assert rows["scale"].nunique() == 1, panel.key
        scale = CURRICULUM.scales[rows["scale"].iloc[0]]
        assert panel.data["scale_labels"] == [label for _, label in scale.points]
        assert all(i.scale.id == scale.id for i in step.items if i.id in set(rows["item"]))
        fig, _ax = _draw(panel)
        legend = [t.get_text() for t in fig.legends[0].get_texts()]
        assert not any("/" in text for text in legend), legend  # never "Often / Agree"
        _close(fig)
    # a step with statements on two scales gets two charts, one per scale
    small = [p for p in likert if p.step == SMALL]
    assert sorted(p.data["scale"] for p in small) == ["agreement", "frequency"]
    # shares of the top two answers name the one scale they count
    dumbbell = next(p for p in panels if p.kind == "dumbbell")
    assert dumbbell.data["top_two"] == "Often or Almost always"
    fig, ax = _draw(dumbbell)
    assert "Often or Almost always" in ax.get_xlabel()
    assert "agree" not in ax.get_xlabel()
    _close(fig)


def test_a_chart_refuses_statements_on_two_scales():
    step = _step(SMALL)
    assert len({i.scale.id for i in step.items}) == 2
    with pytest.raises(aggregate.MixedScales):
        aggregate.likert(cohort([]), step, step.items, min_group=5)


def test_row_labels_use_the_kit_s_one_label_helper_shown_as_typed_and_cut_at_three_lines():
    """charts/cohort.py has no copy of plain/wrap: its labels come from charts/labels.py."""
    from types import SimpleNamespace

    from interdependence.charts import labels

    assert not hasattr(charts, "_plain")
    assert not hasattr(charts, "_wrap")
    long = "Costs $5 or $6 " + "and then some more words to wrap " * 4
    row = SimpleNamespace(label=long, n=7, shown=True)
    label = charts._row_label(row, 20, 5)
    assert label == f"{labels.wrapped(long, 20, charts.LABEL_LINES)}\n(n = 7)"
    text, count = label.rsplit("\n", 1)
    assert r"\$5" in text
    assert "$5" not in text.replace(r"\$", "")
    assert len(text.split("\n")) == charts.LABEL_LINES == 3
    assert text.endswith("…")
    assert count == "(n = 7)"


# ---- a facilitator review: counts of 1,000 or more; the dumbbell's n -----------------------

FOUR_DIGITS = r"(?<![\d,.])\d{4,}(?![\d,])"  # "1519" and not "1,519"


def _chart_words(fig) -> list[str]:
    """Every word drawn in a figure: texts, tick labels, axis labels, legends, titles."""
    words = []
    for ax in fig.axes:
        words += [t.get_text() for t in ax.texts]
        words += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
        words += [ax.get_xlabel(), ax.get_title()]
    for legend in fig.legends:
        words += [t.get_text() for t in legend.get_texts()]
    return words


def test_counts_of_a_thousand_or_more_have_a_thousands_separator_in_charts_and_captions():
    """A facilitator review: "1519 people". Every caption and every word drawn in a chart of a
    cohort over 1,000 writes its counts as "1,519"."""
    import re

    data = realistic(CURRICULUM, people=1200, seed=5)
    panels = [p for p in aggregate.all_panels(data, CURRICULUM)
              if p.visible and p.kind != "reflections"]
    kinds = {p.kind for p in panels}
    assert {"participation", "likert", "dumbbell", "decisions", "support_circles"} <= kinds
    said = []
    for panel in panels:
        fig = charts.figure(panel)
        words = [charts.caption(panel), *_chart_words(fig)]
        _close(fig)
        said += words
        assert not [w for w in words if re.search(FOUR_DIGITS, w)], panel.key
    every = " ".join(said)
    assert re.search(r"\b1,\d{3}\b", every)  # the counts over 1,000 are there, separated
    participation = next(p for p in panels if p.kind == "participation")
    most = int(participation.data["rows"]["people"].max())
    assert most >= 1000
    assert f"{most:,}" in charts.caption(participation)


def _signs(people, step, values_by_sign):
    """(token, step, item, value) for ``people``, each sign's value (None: prefer not to say)."""
    return [(f"p{i}", step, sign, values_by_sign(i, sign)) for i in range(people)
            for sign in (s.id for s in CURRICULUM.signs)]


def test_the_dumbbell_s_n_counts_only_the_people_whose_answers_are_drawn():
    """A facilitator review: the legend's n counted people who answered "Prefer not to say"
    as if they had answered. At check-in 11 people shared; 3 of them preferred not to say on
    every sign but the first, so 8 answers are drawn for six signs and 11 for one."""
    rows = _signs(11, CHECK_IN, lambda i, sign: 4 if i < 8 else
                  (2 if sign == "sign.asking" else None))
    rows += _signs(6, CLOSE, lambda i, sign: 2)
    panel = aggregate.agreeing_before_after(cohort(rows), CURRICULUM, 5)
    table = panel.data["rows"].set_index("item")
    assert table.loc["sign.asking", "before"] == pytest.approx(100 * 8 / 11)
    assert table.loc["sign.uneasy_relying", "before"] == pytest.approx(100.0)
    fig, _ax = _draw(panel)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    _close(fig)
    assert "Check-in (n = 11)" not in legend
    assert legend == ["Check-in (n = 8–11 per sign)", "Close (n = 6)"]
    caption = charts.caption(panel)
    assert "at check-in (8 to 11 people per sign) and at close (6 people)" in caption
    assert "prefer-not-to-say left out" in caption
    assert "11 people)" not in caption

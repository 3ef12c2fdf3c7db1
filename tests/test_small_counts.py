"""No count of fewer than ``min_group`` people (or of what fewer than ``min_group`` people
sent) is ever printed for the facilitator: dashboard, report, chart texts and `check` say
"fewer than N" instead. Every shareable prompt is listed, shared or not."""

import re

import matplotlib
import pytest
from cohort_fakes import CHECK_IN, cohort, realistic, write_folder
from cohort_helpers import cohort as cohort_folder

from interdependence import cli, curriculum
from interdependence.charts import cohort as charts
from interdependence.cohort import aggregate
from interdependence.report.build import write_report
from interdependence.report.page import render_report
from interdependence.views import dashboard as dashboard_view

matplotlib.use("Agg")
CURRICULUM = curriculum.default()
BOUNDARIES = "06-set-self-boundaries"
SMALL = "03-start-small"


def _summaries(step, key, values):
    return [(f"p{i}", step, key, v) for i, v in enumerate(values) if v is not None]


def _texts(panel) -> str:
    """Every word a panel shows: its caption and every text drawn in its figure."""
    import matplotlib.pyplot as plt

    fig = charts.figure(panel)
    words = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    plt.close(fig)
    return charts.caption(panel) + "\n" + "\n".join(words)


def test_a_decision_made_by_one_person_shows_no_task_count():
    rows = (_summaries(BOUNDARIES, "decisions.keep", [2, 1, 1, 3, 1, 2])
            + _summaries(BOUNDARIES, "decisions.drop", [0, 0, 0, 3, 0, 0]))
    panel = aggregate.decisions(cohort(summaries=rows), CURRICULUM, 5)
    assert panel.visible
    shown = _texts(panel)
    assert "by 1 person" not in shown
    assert "3 tasks" not in shown
    assert "3 drop" not in shown
    assert "10 tasks, by 6 people" in shown  # keep: six people, shown
    assert "Fewer than 5 chose this" in shown


def test_captions_say_nothing_of_a_split_with_fewer_than_5_on_one_side():
    """A facilitator review: "fewer than 5 people listed more hours than they have" says that
    one to four did, and "for all (11 people)" that nobody did not. Neither side of a split
    below min_group is described, in the caption or on the chart."""
    rows = (_summaries(SMALL, "asks", [5, 6, 7, 5, 8, 9])
            + _summaries(SMALL, "first_ask_done", [1, 0, 0, 0, 0, 1])
            + _summaries(SMALL, "expected", [60, 50, 40, 70, 80, 90])
            + _summaries(SMALL, "actual", [30, 50, 45, 70, 80, 95])
            + _summaries(BOUNDARIES, "hours", [40, 30, 20, 30, 45, 10])
            + _summaries(BOUNDARIES, "hours_available", [35, 35, 50, 40, 45, 20]))
    data = cohort(summaries=rows)
    first = _texts(aggregate.first_ask(data, CURRICULUM, 5))
    assert "fewer than 5 people had tried" not in first
    assert "(33%)" not in first  # no share beside a hidden count: 33% of 6 gives the 2 back
    assert not re.search(r"\b2\b", first.replace("(n = 6)", ""))
    assert "who had tried a first ask and who had not yet" in first
    discomfort = _texts(aggregate.discomfort(data, CURRICULUM, 5))
    hours = _texts(aggregate.load_hours(data, CURRICULUM, 5))
    for text in (discomfort, hours):
        assert "fewer than 5 people" not in text
    assert "easier than expected" not in discomfort.lower()
    assert "more hours than they have" not in hours.lower()


def _pairs(count, easier, over):
    """``count`` people: ``easier`` felt their ask easier than expected, ``over`` listed
    more hours than they have."""
    return (_summaries(SMALL, "expected", [60] * count)
            + _summaries(SMALL, "actual", [30] * easier + [70] * (count - easier))
            + _summaries(BOUNDARIES, "hours", [50] * over + [20] * (count - over))
            + _summaries(BOUNDARIES, "hours_available", [40] * count))


@pytest.mark.parametrize(("easier", "over"), [(11, 11), (8, 7), (0, 0)])
def test_a_split_with_fewer_than_5_on_the_other_side_is_not_described_either(easier, over):
    """All eleven (or 8 of 11, leaving three) is a statement about the three or none who did
    not: "for all (11 people)" tells each person's answer."""
    data = cohort(summaries=_pairs(11, easier, over))
    discomfort = _texts(aggregate.discomfort(data, CURRICULUM, 5))
    hours = _texts(aggregate.load_hours(data, CURRICULUM, 5))
    assert "all (11" not in discomfort + hours
    assert "easier than expected" not in discomfort.lower()
    assert "more hours than they have" not in hours.lower()


def test_a_split_with_5_or_more_on_each_side_is_said_in_words_and_numbers():
    data = cohort(summaries=_pairs(12, 7, 6))
    discomfort = _texts(aggregate.discomfort(data, CURRICULUM, 5))
    hours = _texts(aggregate.load_hours(data, CURRICULUM, 5))
    assert "it felt easier than expected for most (7 people)." in discomfort
    assert "Felt easier than expected: most (7 people)" in discomfort
    assert "; about half (6 people) listed more hours than they have." in hours


def test_every_shareable_prompt_is_listed_shared_or_not():
    nobody = aggregate.all_panels(cohort(), CURRICULUM)
    listed = {p.key.rsplit(".reflections.", 1)[1] for p in nobody if p.kind == "reflections"}
    shareable = {p.id for s in CURRICULUM.steps if s.shareable for p in s.prompts
                 if p.shareable}
    assert listed == shareable
    one = aggregate.all_panels(cohort(reflections=[
        {"step": CHECK_IN, "prompt": "welcome.hopes", "text": "only me"}]), CURRICULUM)
    # one shared text changes nothing a facilitator can see: same panels, all hidden
    assert [(p.key, p.visible, p.title) for p in one if p.kind == "reflections"] == \
        [(p.key, p.visible, p.title) for p in nobody if p.kind == "reflections"]
    page, _ = render_report(cohort(), CURRICULUM, reflections=True)
    for step in CURRICULUM.steps:
        for prompt in step.prompts:
            if step.shareable and prompt.shareable:
                assert f'id="{step.id}.reflections.{prompt.id}"' in page


def test_report_says_fewer_than_for_a_small_group(tmp_path):
    folder = cohort_folder(tmp_path / "c", 3).path
    out = tmp_path / "r.html"
    result = write_report(folder, out)
    assert result.summary().startswith("fewer than 5 people in the charts")
    page = out.read_text()
    assert "fewer than 5 people in the charts" in page
    assert "3 submissions accepted" not in page


def test_check_says_fewer_than_for_a_small_group_and_still_lists_the_files(tmp_path, capsys):
    store = cohort_folder(tmp_path / "c", 2)
    assert cli.main(["check", str(store.path)]) == 0
    out = capsys.readouterr().out
    assert "Valid submissions: fewer than 5" in out
    assert "Valid submissions: 2" not in out
    assert out.count("  ok        ") == 2


@pytest.mark.parametrize("people", [3, 8])
def test_dashboard_never_prints_a_small_count(tmp_path, people):
    folder = write_folder(tmp_path / "c", realistic(CURRICULUM, people=people, seed=1))
    dash = dashboard_view.open_dashboard(str(folder))
    status = dash.status.value
    if people < 5:
        assert "Showing fewer than 5 people in the charts" in status
    else:
        assert f"Showing {people} people in the charts" in status
    assert " of " not in status.split("Showing", 1)[1].split("·")[0]  # no total to subtract

"""Every chart in its phone layout stays readable at a phone's width (issue 12, item 2).

Each exercise chart (``ModelChart.draw(data, phone=True)``) and each kind of cohort chart
(``charts.cohort.figure(panel, phone=True)``) is drawn on realistic answers. A picture is
saved at 110 dpi and shown at most as wide as a 390 px phone's column (366 CSS px), so a
point of text shows as ``dpi / 72 * min(1, 366 / width_px)`` CSS px.

No text may have an axis line running through it (a row label above its row starts at the
plot's left edge, where the left axis line is). The floor is 11 CSS px for every visible
text. WCAG sets no minimum size; 11 to 12 px is
the usual floor for chart labels, and 11 px keeps the densest charts (the support map's key,
a row label of six lines) on one phone screen. The legend must not cover the plot either.
"""

from __future__ import annotations

import os

import pytest
from browser.full_journal import fill

from interdependence import curriculum as _curriculum
from interdependence import steps
from interdependence.charts.render import PHONE_MEDIA
from interdependence.charts.style import PHONE_DISPLAY, PHONE_WIDTH
from interdependence.cohort import aggregate
from interdependence.exercises.disclosure import DisclosureLadder
from interdependence.exercises.thought_record import ThoughtRecords
from interdependence.exercises.timeline import Timeline
from interdependence.journal import Journal
from interdependence.session import StepSession
from interdependence.views.chart_panel import ModelChart

FLOOR_PX = 11.0
DPI = 110
CURRICULUM = _curriculum.default()
LONG = ("the time I had to move house on my own after the flat flooded and I told nobody "
        "at work for weeks")


def _fill_private_steps(journal: Journal) -> None:
    """Steps 01, 02 and 05, which full_journal leaves empty, with long realistic answers."""
    timeline = Timeline(journal)
    periods, themes = timeline.period_ids(), timeline.theme_ids()
    for n in range(7):
        timeline.moments.add({"period": periods[n % len(periods)], "what": LONG,
                              "lesson": "Asking would have been fine",
                              "themes": [themes[n % len(themes)]]})
    records = ThoughtRecords(journal)
    for n, (before, after) in enumerate(((80, 45), (60, 60), (90, None))):
        records.keep(None, {"belief": f"If I ask I will be a burden to everyone ({n})",
                            "emotion": "anxious and ashamed", "belief_before": before,
                            "belief_after": after, "emotion_before": 70,
                            "emotion_after": 40})
    ladder = DisclosureLadder(journal)
    for n, exposure in enumerate((10, 35, 55, 70, 90)):
        ladder.disclosures.add({"text": f"{LONG} ({n})", "exposure": exposure,
                                "person": "my oldest friend from school, Sam"})


def _model_charts(widget) -> list[ModelChart]:
    found = [widget] if isinstance(widget, ModelChart) else []
    for child in getattr(widget, "children", ()):
        found += _model_charts(child)
    return found


@pytest.fixture(scope="module")
def exercise_charts(tmp_path_factory):
    """Every exercise chart on the filled journal, as (name, chart)."""
    home = tmp_path_factory.mktemp("phone")
    journal = Journal(fill(home))
    _fill_private_steps(journal)
    charts = []
    for step in steps.ALL:
        for part in step.parts:
            for chart in _model_charts(StepSession(step.id, journal=journal).exercise(part)):
                charts.append((f"{step.id}:{part}:{type(chart).__name__}", chart))
    return charts


def _phone_px(fig, points: float) -> float:
    """CSS px of text ``points`` high in ``fig`` saved at DPI, shown on a 390 px phone."""
    width_px = fig.get_figwidth() * DPI
    return points * DPI / 72 * min(1.0, PHONE_DISPLAY / width_px)


def _problems(fig) -> list[str]:
    """Texts smaller than the floor, and legends over the plot, in the drawn figure."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    small = sorted({f"{t.get_text()[:30]!r} at {_phone_px(fig, t.get_fontsize()):.1f} px"
                    for t in fig.findobj(Text)
                    if t.get_visible() and t.get_text().strip()
                    and _phone_px(fig, t.get_fontsize()) < FLOOR_PX})
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    crossing = sorted({f"{t.get_text()[:30]!r} crosses the {side} axis line"
                       for ax in fig.axes if ax.axison
                       for side in ("left", "right") if ax.spines[side].get_visible()
                       for t in texts if _crosses(t.get_window_extent(renderer),
                                                  ax.spines[side].get_window_extent(renderer))})
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    covering = []
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for ax in fig.axes:
            plot = ax.get_window_extent(renderer)
            if ax.axison and box.overlaps(plot):
                covering.append(f"legend {box.bounds} over the plot {plot.bounds}")
    return small + crossing + covering + _cut_or_overlapping(fig, renderer)


def _cut_or_overlapping(fig, renderer) -> list[str]:
    """Texts running past the figure's edge (cut off in the picture), and row labels over
    one another or over a legend (a facilitator review found both on a phone report)."""
    from matplotlib.text import Text

    edge = fig.bbox
    unseen = {id(label) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
              for lo, hi in [sorted(axis.get_view_interval())]
              for tick in axis.get_major_ticks() if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9
              for label in (tick.label1, tick.label2)}  # ticks out of view are not drawn
    cut = sorted({f"{t.get_text()[:30]!r} runs past the figure's edge"
                  for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
                  and id(t) not in unseen
                  for box in [t.get_window_extent(renderer)]
                  if box.x0 < edge.x0 - 1 or box.x1 > edge.x1 + 1
                  or box.y0 < edge.y0 - 1 or box.y1 > edge.y1 + 1})
    legends = [legend.get_window_extent(renderer) for legend in fig.legends]
    over = []
    for ax in fig.axes:
        labels = [t for t in ax.get_yticklabels() if t.get_visible() and t.get_text().strip()]
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i, (text, box) in enumerate(zip(labels, boxes, strict=True)):
            over += [f"{text.get_text()[:30]!r} over {labels[j].get_text()[:30]!r}"
                     for j in range(i + 1, len(boxes)) if box.overlaps(boxes[j])]
            over += [f"{text.get_text()[:30]!r} under a legend" for legend in legends
                     if box.overlaps(legend)]
    return cut + sorted(set(over))


def _crosses(text, line) -> bool:
    """A vertical axis line runs through a text's box, or along its edge (a label starting
    exactly on the line has its first letter drawn over)."""
    x = (line.x0 + line.x1) / 2
    return text.x0 - 1 <= x <= text.x1 + 1 and text.y0 < line.y1 and line.y0 < text.y1


def test_every_exercise_chart_is_drawn(exercise_charts):
    names = {name.split(":")[0] for name, _ in exercise_charts}
    assert len(exercise_charts) >= 9
    assert len(names) == 7  # steps 01 to 06 and 08 have charts
    assert all(chart.data for _, chart in exercise_charts), "every chart has data to draw"


def test_exercise_charts_in_their_phone_layout_keep_every_text_readable(exercise_charts):
    import matplotlib.pyplot as plt

    found = {}
    for name, chart in exercise_charts:
        fig, caption = chart.draw(chart.data, phone=True)
        assert fig.get_figwidth() == PHONE_WIDTH
        assert caption == chart.caption  # one alt text for both layouts
        found[name] = _problems(fig)
        if os.environ.get("PHONE_CHART_PNGS"):  # to look at them: a folder to save into
            fig.savefig(os.path.join(os.environ["PHONE_CHART_PNGS"],
                                     name.replace(":", "_") + ".png"), dpi=DPI)
        plt.close(fig)
    assert not {name: p for name, p in found.items() if p}


def test_the_wide_layout_is_unchanged_and_the_picture_offers_both(exercise_charts):
    for _name, chart in exercise_charts:
        fig, _ = chart.draw(chart.data)
        assert fig.get_figwidth() > PHONE_WIDTH
        assert chart.picture.value.count("<img") == 1
        assert f'<source media="{PHONE_MEDIA}" srcset="data:image/png;base64,' in (
            chart.picture.value)
        import matplotlib.pyplot as plt

        plt.close(fig)


def test_every_cohort_chart_kind_in_its_phone_layout_keeps_every_text_readable():
    import matplotlib.pyplot as plt
    from cohort_fakes import realistic

    from interdependence.charts import cohort as charts

    panels = aggregate.all_panels(realistic(CURRICULUM, people=20, seed=4), CURRICULUM)
    drawn = {p.kind: p for p in panels if p.visible and p.kind in charts.CHARTS}
    assert set(drawn) == set(charts.CHARTS), "a realistic cohort shows every kind of chart"
    found = {}
    for kind, panel in drawn.items():
        fig = charts.figure(panel, phone=True)
        found[kind] = _problems(fig)
        if os.environ.get("PHONE_CHART_PNGS"):
            fig.savefig(os.path.join(os.environ["PHONE_CHART_PNGS"], f"cohort_{kind}.png"),
                        dpi=DPI)
        plt.close(fig)
    assert not {kind: p for kind, p in found.items() if p}


def test_every_cohort_chart_in_its_phone_layout_keeps_its_labels_apart_and_inside():
    """Every chart of a cohort, not one of each kind: step 4's two long statements once
    wrapped onto each other and over the legend, with the title cut at the right edge."""
    import matplotlib.pyplot as plt
    from cohort_fakes import realistic

    from interdependence.charts import cohort as charts

    panels = aggregate.all_panels(realistic(CURRICULUM, people=20, seed=4), CURRICULUM)
    found = {}
    for panel in panels:
        if panel.visible and panel.kind in charts.CHARTS:
            fig = charts.figure(panel, phone=True)
            fig.canvas.draw()
            found[panel.key] = _cut_or_overlapping(fig, fig.canvas.get_renderer())
            plt.close(fig)
    assert len(found) > 15
    assert not {key: p for key, p in found.items() if p}


def test_a_share_written_in_a_bar_fits_inside_its_segment_on_a_phone():
    """White on a narrow segment, a share wider than the segment lost its first digit past
    the bar's end ("17%" read as "7%"; facilitator review): each one drawn fits its segment."""
    import matplotlib.pyplot as plt
    from cohort_fakes import realistic
    from matplotlib.patches import Rectangle

    from interdependence.charts import cohort as charts

    checked, hidden = 0, 0
    for people in (20, 1000):
        panels = aggregate.all_panels(realistic(CURRICULUM, people=people, seed=4), CURRICULUM)
        for panel in panels:
            if not (panel.visible and panel.kind == "likert"):
                continue
            fig = charts.figure(panel, phone=True)
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            ax = fig.axes[0]
            bars = [p.get_window_extent(renderer) for p in ax.patches if isinstance(p, Rectangle)]
            for text in ax.texts:
                if not text.get_text().endswith("%"):
                    continue
                if not text.get_visible():
                    hidden += 1
                    continue
                box = text.get_window_extent(renderer)
                middle = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
                [bar] = [b for b in bars if b.contains(*middle)]
                assert bar.x0 <= box.x0, (panel.key, text.get_text())
                assert box.x1 <= bar.x1, (panel.key, text.get_text())
                checked += 1
            plt.close(fig)
    assert checked > 50
    assert hidden > 0  # the narrow ones are left out, not squeezed

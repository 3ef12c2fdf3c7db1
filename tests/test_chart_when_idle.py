"""Run All (issue 14, item 2): a chart's phone layout waits until the kernel is idle.

In a live kernel the wide picture is drawn at once; the phone layout (the ``<source>`` of the
``<picture>``) is drawn once no cell has run for ``WhenIdle.quiet`` seconds, so the cells
queued by Run All are all drawn first. Outside a kernel both are drawn at once.
"""

from __future__ import annotations

import asyncio
import html

import pytest
from browser.full_journal import fill

from interdependence.charts.render import PHONE_MEDIA
from interdependence.journal import Journal
from interdependence.session import StepSession
from interdependence.views import chart_panel

PHONE = f'<source media="{PHONE_MEDIA}"'


@pytest.fixture
def session(tmp_path):
    return StepSession("03-start-small", journal=Journal(fill(tmp_path / "home")))


@pytest.fixture
def live_kernel(monkeypatch):
    """A stand-in for a kernel: its running loop, and a count of cells run."""
    import interdependence.views.autosave as autosave

    cells = [0]
    monkeypatch.setattr(autosave, "kernel_loop", asyncio.get_running_loop)
    monkeypatch.setattr(chart_panel, "_cells_run", lambda: cells[0])
    monkeypatch.setattr(chart_panel.WhenIdle, "quiet", 0.05)
    return cells


def test_outside_a_kernel_both_layouts_are_drawn_at_once(session):
    chart = session.exercise("chart")
    assert PHONE in chart.picture.value


def test_the_phone_layout_waits_until_no_cell_has_run_for_a_moment(session, live_kernel):
    async def run_all():
        chart = session.exercise("chart")
        assert "<img" in chart.picture.value
        assert PHONE not in chart.picture.value
        for _ in range(4):  # Run All: more cells keep running, each sooner than quiet
            await asyncio.sleep(0.03)
            live_kernel[0] += 1
            assert PHONE not in chart.picture.value
        await asyncio.sleep(0.2)  # the kernel is idle now
        return chart

    chart = asyncio.run(run_all())
    assert chart.picture.value.count(PHONE) == 1
    assert html.escape(chart.caption) in chart.picture.value


def test_a_newer_drawing_drops_the_older_phone_layout(session, live_kernel):
    async def change_then_wait():
        chart = session.exercise("chart")
        drawn = []
        real = chart.draw
        chart.draw = lambda data, phone=False: (drawn.append((data, phone)), real(data, phone))[1]
        first = chart._phone_later
        chart.picture.value = ""  # the next redraw draws again, as a new answer would
        chart.redraw()
        assert first.action is None  # the older one will never be drawn
        await asyncio.sleep(0.3)
        return chart, drawn

    chart, drawn = asyncio.run(change_then_wait())
    assert [phone for _data, phone in drawn] == [False, True]  # one phone layout, the newest
    assert PHONE in chart.picture.value

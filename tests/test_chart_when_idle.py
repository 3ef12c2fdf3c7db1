"""Run All (issue 14, item 2): a chart's other layout waits until the kernel is idle.

In a live kernel the layout the person's screen shows (wide unless the browser said it is
narrow, ``views/viewport.py``) is drawn at once; the other (for a wide screen, the phone
layout: the ``<source>`` of the ``<picture>``) once no cell has run for ``WhenIdle.quiet``
seconds, so the cells queued by Run All are all drawn first. Until then the other layout
keeps its last picture. Outside a kernel both are drawn at once.
"""

from __future__ import annotations

import asyncio
import html

import pytest
from browser.full_journal import fill

from interdependence.charts.render import PHONE_MEDIA
from interdependence.journal import Journal
from interdependence.session import StepSession
from interdependence.views import chart_panel, viewport

PHONE = f'<source media="{PHONE_MEDIA}"'
#: The stand-in kernel's quiet time: long enough that a busy machine's late wake-ups between
#: "cells" (every 0.03 s below) never look like quiet.
QUIET = 0.5


async def drawn_all(chart, timeout: float = 60.0) -> None:
    """Until ``chart`` has nothing left waiting for the kernel to be idle."""
    import time

    end = time.monotonic() + timeout
    while chart._later is not None:
        assert time.monotonic() < end, "the other layout was never drawn"
        await asyncio.sleep(0.02)


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
    monkeypatch.setattr(chart_panel.WhenIdle, "quiet", QUIET)
    monkeypatch.setattr(viewport, "_SCREEN", None)  # each test asks its own "browser"
    return cells


def screen_is(narrow: bool) -> None:
    """The browser has said whether the screen is narrow (as viewport.py's JavaScript does)."""
    shown = viewport.screen()
    assert shown is not None  # in a (stand-in) kernel, the chart asked for one
    shown.narrow = narrow


def recorded(chart) -> list[tuple[object, bool]]:
    """Every drawing ``chart`` makes from now on: (data, phone)."""
    drawn: list[tuple[object, bool]] = []
    real = chart.draw
    chart.draw = lambda data, phone=False: (drawn.append((data, phone)), real(data, phone))[1]
    return drawn


def sources(value: str) -> tuple[str, str | None]:
    """(the <img> picture, the phone <source> picture or None) of a chart's markup."""
    import re

    img = re.search(r'<img src="([^"]+)"', value)
    phone = re.search(r'<source media="[^"]+" srcset="([^"]+)"', value)
    assert img is not None
    return img.group(1), phone.group(1) if phone else None


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
        await drawn_all(chart)  # the kernel is idle now
        return chart

    chart = asyncio.run(run_all())
    assert chart.picture.value.count(PHONE) == 1
    assert html.escape(chart.caption) in chart.picture.value


def test_a_newer_drawing_drops_the_older_phone_layout(session, live_kernel):
    async def change_then_wait():
        chart = session.exercise("chart")
        drawn = recorded(chart)
        first = chart._later
        chart.picture.value = ""  # the next redraw draws again, as a new answer would
        chart.redraw()
        assert first.action is None  # the older one will never be drawn
        await drawn_all(chart)
        return chart, drawn

    chart, drawn = asyncio.run(change_then_wait())
    assert [phone for _data, phone in drawn] == [False, True]  # one phone layout, the newest
    assert PHONE in chart.picture.value


def test_a_narrow_screen_gets_its_phone_layout_first(session, live_kernel):
    """On a phone a change redraws the phone picture at once; the wide one waits for idle,
    and meanwhile the wide <img> keeps its last picture (the person never sees it)."""
    async def change_on_a_phone():
        chart = session.exercise("chart")
        await drawn_all(chart)  # first drawing done: both layouts
        old_wide, old_phone = sources(chart.picture.value)
        assert old_phone is not None
        screen_is(narrow=True)
        drawn = recorded(chart)
        chart.picture.value, data = "", chart.data
        chart.data = None
        chart.redraw()  # a change (the same answers drawn again: new pictures, same bytes)
        now = sources(chart.picture.value)
        assert drawn == [(data, True)]  # only the phone layout so far
        assert now[0] == old_wide  # the wide <img> is the old one, not redrawn yet
        assert now[1] is not None
        await drawn_all(chart)
        return drawn, data

    drawn, data = asyncio.run(change_on_a_phone())
    assert drawn == [(data, True), (data, False)]


def test_a_wide_screen_keeps_the_old_phone_picture_until_the_new_one(session, live_kernel):
    async def change_on_a_laptop():
        chart = session.exercise("chart")
        await drawn_all(chart)
        _old_wide, old_phone = sources(chart.picture.value)
        screen_is(narrow=False)
        drawn = recorded(chart)
        chart.picture.value = ""
        chart.data = None
        chart.redraw()
        assert [phone for _data, phone in drawn] == [False]
        assert sources(chart.picture.value)[1] == old_phone  # never a wide-only <picture>
        await drawn_all(chart)
        return drawn

    assert [phone for _data, phone in asyncio.run(change_on_a_laptop())] == [False, True]


def test_the_first_drawing_on_a_phone_stands_in_for_both_layouts(session, live_kernel):
    async def open_on_a_phone():
        screen_is_later = viewport.screen()  # the page said "narrow" before the chart drew
        assert screen_is_later is not None
        screen_is_later.narrow = True
        chart = session.exercise("chart")
        drawn = recorded(chart)
        first = sources(chart.picture.value)
        assert first[0] == first[1]  # the phone picture, whatever the screen
        await drawn_all(chart)
        return chart, drawn

    chart, drawn = asyncio.run(open_on_a_phone())
    assert [phone for _data, phone in drawn] == [False]  # then the wide one, on idle
    wide, phone = sources(chart.picture.value)
    assert wide != phone


def test_the_viewport_asks_the_same_question_as_the_picture():
    from interdependence.charts.render import PHONE_MEDIA as PICTURE_MEDIA

    assert viewport.PHONE_MEDIA == PICTURE_MEDIA
    assert viewport.Viewport().media == PICTURE_MEDIA


def test_each_picture_states_its_size_so_a_redraw_keeps_its_room(session):
    """The <img> and the phone <source> carry the PNG's pixel width and height: the browser
    keeps the picture's room while a new one decodes, so the page does not jump."""
    import base64
    import io
    import re

    from PIL import Image

    value = session.exercise("chart").picture.value
    found = re.findall(r'(?:src|srcset)="data:image/png;base64,([^"]+)"[^>]*?'
                       r' width="(\d+)" height="(\d+)"', value)
    assert len(found) == 2  # the wide <img> and the phone <source>
    for data, width, height in found:
        with Image.open(io.BytesIO(base64.b64decode(data))) as picture:
            assert picture.size == (int(width), int(height))
    assert found[0][1:] != found[1][1:]  # two layouts, two sizes

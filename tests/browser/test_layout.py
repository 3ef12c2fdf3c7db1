"""Every page at a phone's width (390 px) and a projector's (1280 px): nothing scrolls
sideways, every control keeps its whole label, charts fit the screen, no blank stretch
taller than 80 px, and axe-core finds no accessibility problem of any impact.

The pages: the landing page, every notebook as an app (00 to 08), the cohort dashboard app,
all on a journal with answers in every part (full_journal.py), so the lists, tables and
charts a person fills are on the page; and the facilitator's report. Screenshots of each
page at both widths go to tests/artifacts/ (layout-<page>-<width>.png).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from browser_ui import (
    ARTIFACTS,
    CALLBACK_ERROR,
    HARMLESS_CONSOLE,
    ROOT,
    VoilaPage,
    project_notebooks,
    screenshot_whole,
)
from page_checks import AXE, AXE_HINT, WIDTHS, axe_violations, blank_gaps, layout_problems
from playwright.sync_api import expect

from interdependence import steps

pytestmark = pytest.mark.browser

APPS = [f"notebooks/{p.name}" for p in project_notebooks("notebooks")]
DASHBOARD = "facilitator_guide/cohort-dashboard.ipynb"
PAGES = ["", *APPS, DASHBOARD]
# What every page is done drawing when: widgets that load late (charts, lists) are in.
SETTLED_JS = """
() => !document.getElementById('loading')
  && ![...document.querySelectorAll('.jupyter-widgets')].some(
       e => /Loading widget|Error displaying widget/.test(e.textContent))
"""


def page_name(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".ipynb") or "landing"


@pytest.fixture
def sized_page(page, request):
    page.set_viewport_size(WIDTHS[request.param])
    page.width_name = request.param
    return page


def open_settled(page, server, path: str) -> None:
    """Open a page and wait until every widget and chart is drawn and stays put."""
    app = VoilaPage(page, server)
    if not path:
        app.open_landing()
        return
    app.open_app(path)
    page.wait_for_function(SETTLED_JS, timeout=120_000)
    if path == DASHBOARD:
        expect(page.locator(".interdep-chart img").first).to_be_visible(timeout=60_000)
    # the widgets keep arriving for a moment after the spinner goes: wait for a still page
    last = -1
    for _ in range(40):
        count = page.locator(".jupyter-widgets").count()
        if count == last:
            break
        last = count
        page.wait_for_timeout(500)
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert app.problems_shown() == []
    assert page.locator(CALLBACK_ERROR).count() == 0


@pytest.mark.parametrize("sized_page", list(WIDTHS), indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("path", PAGES, ids=page_name)
def test_page_fits_the_screen_and_axe_finds_nothing(sized_page, full_voila_server, path,
                                                    request):
    page = sized_page
    # the dashboard is the facilitator's app: the participants' app refuses it
    server = request.getfixturevalue("facilitator_server") if path == DASHBOARD \
        else full_voila_server
    open_settled(page, server, path)
    problems = layout_problems(page) + [f"blank: {gap}" for gap in blank_gaps(page)]
    if AXE.is_file():
        problems += [f"axe: {v}" for v in axe_violations(page)]
    screenshot_whole(page, f"layout-{page_name(path)}-{page.width_name}")
    assert problems == [], "\n".join(problems)
    assert page.console.errors(*HARMLESS_CONSOLE) == []
    if not AXE.is_file():
        pytest.skip(AXE_HINT)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    subprocess.run([sys.executable, "-m", "interdependence.cli", "report",
                    str(ROOT / "data" / "sample-cohort"), "--out", str(out)],
                   check=True, capture_output=True, cwd=ROOT)
    return out


@pytest.mark.parametrize("sized_page", list(WIDTHS), indirect=True, ids=lambda w: f"{w}px")
def test_the_report_passes_axe(sized_page, report):
    if not AXE.is_file():
        pytest.skip(AXE_HINT)
    page = sized_page
    page.goto(report.as_uri())
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    violations = axe_violations(page)
    screenshot_whole(page, f"layout-report-{page.width_name}")
    assert violations == [], "\n".join(violations)


# ---- every chart readable on a phone -------------------------------------------------------

#: The pages whose charts full_journal.py fills, and the dashboard (steps 01, 02 and 05
#: are private and empty there: test_phone_charts.py checks their pictures offer both).
CHART_PAGES = [f"notebooks/{s.id}.ipynb" for s in (steps.ASK_LADDER, steps.SUPPORT_MAP,
                                                    steps.BOUNDARIES, steps.CLOSING)]
# Each chart's picture as the browser chose it; waits until each has both layouts (a
# participant's phone layout follows its wide picture by a moment).
PICTURES_JS = """
() => [...document.querySelectorAll('.interdep-chart img')].map(i => ({
  both: !!i.closest('picture'),
  phone: i.closest('picture') ? i.currentSrc === i.closest('picture')
      .querySelector('source').getAttribute('srcset') : false,
  wide: i.currentSrc === i.getAttribute('src'),
  shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
  right: i.getBoundingClientRect().right, alt: i.alt}))
"""
BOTH_JS = """
() => [...document.querySelectorAll('.interdep-chart img')].every(
  i => i.closest('picture') && i.complete && i.currentSrc)
"""


@pytest.mark.parametrize("sized_page", list(WIDTHS), indirect=True, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("path", CHART_PAGES, ids=page_name)
def test_each_chart_shows_its_phone_layout_on_a_phone(sized_page, full_voila_server, path):
    page = sized_page
    open_settled(page, full_voila_server, path)
    check_pictures(page, page_name(path))


@pytest.mark.parametrize("sized_page", list(WIDTHS), indirect=True, ids=lambda w: f"{w}px")
def test_the_dashboards_charts_show_their_phone_layout_on_a_phone(sized_page,
                                                                  facilitator_server):
    page = sized_page
    VoilaPage(page, facilitator_server).open_app(DASHBOARD)
    page.wait_for_function(SETTLED_JS, timeout=120_000)
    check_pictures(page, "dashboard")


def check_pictures(page, name: str) -> None:
    """Every chart on the page: the phone picture on a phone, the wide one elsewhere, and
    never wider than the screen; a screenshot at phone width."""
    # as long as open_settled allows a page: a busy 2-core machine draws a cohort's charts
    # slowly, and another page's kernel may still be drawing ahead
    expect(page.locator(".interdep-chart img").first).to_be_attached(timeout=120_000)
    page.wait_for_function(BOTH_JS, timeout=120_000)
    pictures = page.evaluate(PICTURES_JS)
    width = page.viewport_size["width"]
    assert pictures
    for picture in pictures:
        assert picture["alt"]
        assert picture["right"] <= width + 0.5, picture  # fits the screen
        if width < 640:
            assert picture["phone"], picture
            assert not picture["wide"], picture
            assert picture["natural"] == 495, picture  # the 4.5 in phone layout at 110 dpi
            assert picture["shown"] >= 300, picture  # shown near full width, text legible
        else:
            assert picture["wide"], picture
            assert not picture["phone"], picture
            assert picture["natural"] > 495, picture
    if width < 640:  # each chart as a phone shows it, to look at
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for n, chart in enumerate(page.locator(".interdep-chart").all()):
            chart.screenshot(path=ARTIFACTS / f"phone-chart-{name}-{n}.png")


# Every animation frame for ``ms`` after clicking answer ``value`` of the page's first rating:
# is the chart's <img> showing its wide picture, which picture, and how tall the chart is.
REDRAW_WATCH_JS = """
async ([value, ms]) => {
  const panel = document.querySelector('.interdep-chart-panel');
  const frames = [];
  const start = performance.now();
  document.querySelectorAll('.interdep-rating')[0]
    .querySelectorAll('input[type=radio]')[value - 1].click();
  while (performance.now() - start < ms) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const img = panel.querySelector('.interdep-chart img');
    frames.push({shown: img ? img.currentSrc : null,
                 wide: img ? img.currentSrc === img.getAttribute('src') : null,
                 height: Math.round(panel.getBoundingClientRect().height)});
  }
  return frames;
}
"""


@pytest.mark.parametrize("sized_page", ["390"], indirect=True, ids=lambda w: f"{w}px")
def test_a_redrawn_chart_on_a_phone_never_shows_the_wide_picture_or_jumps(sized_page,
                                                                         full_voila_server):
    """A rating changed on a phone redraws the phone picture first (the page told the kernel
    it is narrow, views/viewport.py); the wide one follows when the kernel is idle, into the
    <img> the phone does not show. The chart keeps its height throughout."""
    page = sized_page
    path = next(app for app in APPS if page_name(app).startswith("08"))
    open_settled(page, full_voila_server, path)
    page.wait_for_function(BOTH_JS, timeout=120_000)
    page.wait_for_timeout(1500)  # the page has told the kernel its width
    checked = page.evaluate("""() => [...document.querySelectorAll('.interdep-rating')[0]
        .querySelectorAll('input[type=radio]')].findIndex((r) => r.checked) + 1""")
    value = checked % 5 + 1
    frames = page.evaluate(REDRAW_WATCH_JS, [value, 6000])
    assert frames[0]["shown"] != frames[-1]["shown"], "the chart was redrawn"
    assert not [f for f in frames if f["wide"]], "the phone showed the wide picture"
    assert len({f["height"] for f in frames}) == 1, "the chart changed height"
    assert len({f["shown"] for f in frames}) == 2  # old phone picture, then the new one

"""The app's pre-heated kernels (app.py ``--pool-size``): a page opens on a kernel started
ahead, yet shows the journal as it is when the page is opened (answers given in JupyterLab
a second before; on the dashboard, a share made a second before); a used kernel is replaced
by a new one waiting for the next page, and culled like any other once its browser has
gone; a page from a pool looks like one that is not, at a phone's width and a projector's.

The other browser tests run their app servers with ``--pool-size=0`` (conftest.TEST_POOL).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest
from browser_ui import HARMLESS_CONSOLE, RATING, REFLECTION, VoilaPage, screenshot_whole
from cohort_files import share_checkins
from page_checks import AXE, WIDTHS, axe_violations, layout_problems
from playwright.sync_api import expect

from conftest import POOL_TEST_CULL, start_app, stop
from interdependence import curriculum, paths
from interdependence.journal import Journal

pytestmark = pytest.mark.browser

WELCOME = "notebooks/00-welcome.ipynb"
DASHBOARD = paths.DASHBOARD_NOTEBOOK
START_SMALL = "notebooks/03-start-small.ipynb"
KERNEL_ID_JS = ("JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                ".kernelId")
# What a person sees of a page's make-up whatever its journal holds: headings, ratings,
# reflection boxes, and how wide the page is.
SHAPE_JS = """
() => ({
  headings: [...document.querySelectorAll('h1, h2, h3, h4')].map(h => h.innerText.trim()),
  ratings: document.querySelectorAll('.interdep-rating').length,
  reflections: document.querySelectorAll('.interdep-reflection textarea').length,
  width: document.documentElement.scrollWidth,
})
"""
READY = re.compile(r"Pre-heated kernel (\S+) is ready for (\S+)")
USED = re.compile(r"Using pre-heated kernel: (\S+) for (\S+)")


def ready_kernels(server, notebook: str) -> list[str]:
    return [m.group(1) for m in READY.finditer(server.log.read_text(errors="replace"))
            if m.group(2) == notebook]


def wait_for_ready(server, notebook: str, count: int = 1, timeout: float = 180) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        kernels = ready_kernels(server, notebook)
        if len(kernels) >= count:
            return kernels
        time.sleep(0.5)
    raise AssertionError(f"no pre-heated kernel ready for {notebook}:\n{server.log_tail()}")


def test_page_on_a_pre_heated_kernel_shows_an_answer_written_after_it_started(
        page, pooled_voila_server):
    server = pooled_voila_server
    [waiting] = wait_for_ready(server, WELCOME)
    time.sleep(POOL_TEST_CULL + 2)  # past the idle cull: a waiting kernel is never culled
    # As JupyterLab would: the answer goes into the journal file after the kernel started.
    step = curriculum.default().step("00-welcome")
    prompt = step.prompts[0]
    answer = "Written in Lab a second ago, after the app's kernel was started"
    Journal(server.journal_path).set_reflection(step.id, prompt.id, answer)

    app = VoilaPage(page, server)
    app.open_app(WELCOME)
    box = page.locator(f"{REFLECTION} textarea").first
    expect(box).to_have_value(answer)
    used = [m.group(1) for m in USED.finditer(server.log.read_text())]
    assert waiting in used, server.log_tail()
    assert app.problems_shown() == []
    screenshot_whole(page, "voila-preheated-fresh-answer")


def used_kernels(server) -> list[str]:
    return [m.group(1) for m in USED.finditer(server.log.read_text(errors="replace"))]


def waiting_kernel(server, notebook: str, timeout: float = 180) -> str:
    """A kernel ready for ``notebook`` that no page has used yet (an earlier test may have
    used the last one, and its replacement may still be starting)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        fresh = [k for k in ready_kernels(server, notebook) if k not in used_kernels(server)]
        if fresh:
            return fresh[-1]
        time.sleep(0.5)
    raise AssertionError(f"no unused kernel ready for {notebook}:\n{server.log_tail()}")


def test_a_used_pre_heated_kernel_is_replaced_and_the_next_page_uses_the_new_one(
        page, pooled_voila_server):
    server = pooled_voila_server
    first = waiting_kernel(server, WELCOME)
    app = VoilaPage(page, server)
    app.open_app(WELCOME)
    assert used_kernels(server)[-1] == first, server.log_tail()
    replacement = waiting_kernel(server, WELCOME)
    assert replacement != first
    time.sleep(POOL_TEST_CULL + 2)  # past the idle cull again
    app.open_app(WELCOME)  # a reload: the replacement serves it
    assert used_kernels(server)[-1] == replacement, server.log_tail()
    expect(page.locator(REFLECTION).first).to_be_visible()
    assert app.problems_shown() == []


def kernel_exists(server, kernel_id: str) -> bool:
    request = urllib.request.Request(f"{server.base}/api/kernels/{kernel_id}",
                                     headers={"Authorization": f"token {server.token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 200
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise
        return False


def test_a_used_pre_heated_kernel_is_culled_once_its_browser_has_gone(browser,
                                                                      pooled_voila_server):
    server = pooled_voila_server
    wait_for_ready(server, WELCOME)
    context = browser.new_context()
    page = context.new_page()
    VoilaPage(page, server).open_app(WELCOME)
    kernel = page.evaluate(KERNEL_ID_JS)
    assert kernel in [m.group(1) for m in USED.finditer(server.log.read_text())]
    page.wait_for_timeout((POOL_TEST_CULL + 3) * 1000)  # past the cull: an open page keeps it
    assert kernel_exists(server, kernel), "the kernel of an open page was culled"
    page.evaluate("navigator.sendBeacon = () => true")  # gone without saying so
    context.close()
    deadline = time.monotonic() + POOL_TEST_CULL + 60
    while kernel_exists(server, kernel) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not kernel_exists(server, kernel), "an abandoned pre-heated kernel still runs"


@pytest.mark.parametrize("width", list(WIDTHS), ids=lambda w: f"{w}px")
def test_a_page_from_the_pool_looks_like_one_that_is_not(page, pooled_voila_server,
                                                         voila_server, width):
    page.set_viewport_size(WIDTHS[width])
    shapes = []
    for server, name in ((voila_server, "unpooled"), (pooled_voila_server, "pooled")):
        if server is pooled_voila_server:
            wait_for_ready(server, START_SMALL)
        app = VoilaPage(page, server)
        app.open_app(START_SMALL)
        expect(page.locator(RATING).last).to_be_visible(timeout=60_000)
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        assert app.problems_shown() == []
        assert layout_problems(page) == []
        if AXE.is_file():
            assert axe_violations(page) == []
        shapes.append(page.evaluate(SHAPE_JS))
        screenshot_whole(page, f"preheat-{name}-03-{width}")
    assert shapes[0] == shapes[1]
    assert shapes[1]["ratings"] > 0
    assert shapes[1]["reflections"] > 0
    assert page.console.errors(*HARMLESS_CONSOLE) == []


@pytest.fixture(scope="module")
def pooled_facilitator_server(tmp_path_factory):
    """The facilitator's app with the dashboard's kernel started ahead, on a cohort where
    four people have shared (one fewer than its smallest group: nothing shown yet)."""
    cohort = tmp_path_factory.mktemp("pooled-cohort") / "spring"
    cohort.mkdir()
    (cohort / "settings.json").write_text(json.dumps(
        {"schema": 1, "code": "PREHEAT", "min_group": 5, "created": "2026-11-20",
         "keep_days": 90}), encoding="utf-8")
    share_checkins(cohort, range(4), "PREHEAT")
    server = start_app(tmp_path_factory, "facilitator-pool",
                       ["interdependence.cli", "facilitator-app", f"--cohort={cohort}"],
                       ready="voila/static/voila.js", pooled=True)
    server.extra["cohort"] = cohort
    yield server
    stop(server.proc)


def test_the_dashboard_on_a_pre_heated_kernel_counts_a_share_made_after_it_started(
        page, pooled_facilitator_server):
    server = pooled_facilitator_server
    [waiting] = wait_for_ready(server, DASHBOARD)
    # the fifth person shares now
    share_checkins(server.extra["cohort"], range(4, 5), "PREHEAT")
    app = VoilaPage(page, server)
    app.open_app(DASHBOARD)
    expect(page.get_by_text("Showing 5 people in the charts")).to_be_visible(timeout=60_000)
    expect(page.locator(".interdep-chart img").first).to_be_visible(timeout=60_000)
    assert waiting in [m.group(1) for m in USED.finditer(server.log.read_text())]
    assert app.problems_shown() == []
    screenshot_whole(page, "preheat-dashboard-fifth-person")

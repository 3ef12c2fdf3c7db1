"""The app servers in Chromium and by URL: what each serves, kernels of closed pages, busy CPUs.

- The participants' app (``make app``) renders the curriculum notebooks only: the cohort
  dashboard, any other notebook and Voila's file listing are "not found", by any URL.
- The facilitator's app (``interdependence facilitator-app --cohort FOLDER``) opens on the
  dashboard, on that cohort only, with no box to type a path into.
- A page closed without saying so (a browser killed) leaves its kernel to the culler, which
  shuts it down; a page left open keeps its kernel.
- With every core busy with other work, pages still draw every widget, and no "Error
  displaying widget".
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_ui import (
    HARMLESS_CONSOLE,
    RATING,
    REFLECTION,
    WIDGET_ERROR,
    VoilaPage,
    screenshot,
    screenshot_whole,
)
from playwright.sync_api import expect

from conftest import start_app, stop
from interdependence import curriculum

pytestmark = pytest.mark.browser

DASHBOARD = "facilitator_guide/cohort-dashboard.ipynb"
KERNEL_ID_JS = ("JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                ".kernelId")


def status(server, path: str) -> int:
    """The HTTP status of GET ``path``, signed in with the token (no redirect followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(f"{server.base}/{path}",
                                     headers={"Authorization": f"token {server.token}"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def kernel_exists(server, kernel_id: str) -> bool:
    return status(server, f"api/kernels/{kernel_id}") == 200


# ---- what each app serves ----------------------------------------------------------------


@pytest.mark.parametrize("path", [
    f"voila/render/{DASHBOARD}",
    "voila/render/notebooks/../facilitator_guide/cohort-dashboard.ipynb",
    "voila/render/notebooks%2F..%2Ffacilitator_guide%2Fcohort-dashboard.ipynb",
    "voila/render/./facilitator_guide/cohort-dashboard.ipynb",
    "voila/render/facilitator_guide",
    "voila/tree",
    "voila/tree/facilitator_guide",
    "voila/api/contents",
    "voila/api/contents/facilitator_guide",
    "voila/render/notebooks/no-such-part.ipynb",
])
def test_the_participants_app_serves_no_dashboard_by_any_url(voila_server, path):
    assert status(voila_server, path) == 404


def test_the_participants_landing_page_and_404_page_name_no_dashboard(page, voila_server):
    app = VoilaPage(page, voila_server)
    app.open_landing()
    assert "dashboard" not in page.content().lower()
    assert page.get_by_role("link").filter(has_text="dashboard").count() == 0
    page.goto(voila_server.url(f"voila/render/{DASHBOARD}"))
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.get_by_role("link", name="Go back to the list of parts").click()
    page.get_by_role("heading", name="Interdependence", exact=True).wait_for()
    page.goto(voila_server.url(f"voila/render/{DASHBOARD}"))
    assert page.locator(".interdep-chart").count() == 0
    assert "Cohort folder" not in page.content()
    screenshot(page, "voila-dashboard-refused")


def test_the_facilitator_app_shows_its_one_cohort_and_no_path_box(page, facilitator_server):
    app = VoilaPage(page, facilitator_server)
    page.goto(facilitator_server.url(""))  # the front page goes straight to the dashboard
    app.wait_until_rendered()
    assert page.url.split("?")[0].endswith(f"/voila/render/{DASHBOARD}")
    charts = page.locator(".interdep-chart img")
    expect(charts.first).to_be_visible(timeout=60_000)
    for chart in charts.all():
        assert chart.evaluate("img => img.complete && img.naturalWidth > 400")
    expect(page.get_by_text("This dashboard shows one cohort, chosen when the app was "
                            "started.")).to_be_visible()
    assert page.get_by_role("textbox", name="Cohort folder").count() == 0
    assert not page.get_by_role("button", name="Load", exact=True).is_visible()
    cohort = Path(facilitator_server.extra["cohort"])  # named by its name, not its path
    expect(page.locator(".interdep-card").first).to_contain_text(f"folder {cohort.name}")
    expect(page.locator(".interdep-card").first).not_to_contain_text(str(cohort.parent))
    assert app.code_shown() == []
    assert app.problems_shown() == []
    screenshot_whole(page, "facilitator-app-dashboard")
    assert page.console.errors(*HARMLESS_CONSOLE) == []
    # the dashboard holds no outputs: nothing to trust, so no "is not trusted" in the log
    assert "is not trusted" not in facilitator_server.log.read_text(errors="replace")


@pytest.mark.parametrize("path", ["voila/render/notebooks/00-welcome.ipynb", "voila/tree",
                                  "voila/render/data/sample-cohort"])
def test_the_facilitator_app_serves_nothing_but_the_dashboard(facilitator_server, path):
    assert status(facilitator_server, path) == 404


# ---- kernels of closed pages ---------------------------------------------------------------

# Seconds without activity or a page: long enough for a browser on a busy two-core machine
# to load the page and connect to its kernel (3 s was not once, in test_preheat).
CULL_AFTER = 15
CULL_EVERY = 2


@pytest.fixture(scope="module")
def culling_server(tmp_path_factory):
    """The participants' app with culling in seconds instead of minutes."""
    server = start_app(tmp_path_factory, "culling", ["interdependence.app"],
                       f"--MappingKernelManager.cull_idle_timeout={CULL_AFTER}",
                       f"--MappingKernelManager.cull_interval={CULL_EVERY}")
    yield server
    stop(server.proc)


def test_a_killed_pages_kernel_is_culled_and_an_open_pages_is_not(browser, culling_server):
    context = browser.new_context()
    page = context.new_page()
    app = VoilaPage(page, culling_server)
    app.open_app("notebooks/00-welcome.ipynb")
    expect(page.locator(RATING).first).to_be_visible()
    kernel = page.evaluate(KERNEL_ID_JS)
    # An open page keeps its kernel, however long it is left alone.
    page.wait_for_timeout((CULL_AFTER + 3 * CULL_EVERY) * 1000)
    assert kernel_exists(culling_server, kernel), "the kernel of an open page was culled"
    # The browser goes away without the unload beacon that asks for a shutdown (a crash,
    # a killed process, a laptop that never wakes): only the culler can stop the kernel.
    page.evaluate("navigator.sendBeacon = () => true")
    context.close()
    deadline = time.monotonic() + CULL_AFTER + 10 * CULL_EVERY + 20
    while kernel_exists(culling_server, kernel) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not kernel_exists(culling_server, kernel), "the abandoned kernel is still running"
    assert "Culling" in culling_server.log.read_text(errors="replace")


# ---- every core busy -------------------------------------------------------------------------


def _spin() -> None:
    os.nice(0)  # as busy as the server: the same priority
    while True:
        pass


@contextlib.contextmanager
def every_core_busy():
    """Two busy loops per core (other people's work on a shared machine), for the block."""
    hogs = [multiprocessing.Process(target=_spin, daemon=True)
            for _ in range(2 * (os.cpu_count() or 2))]
    for hog in hogs:
        hog.start()
    try:
        yield
    finally:
        for hog in hogs:
            hog.terminate()
        for hog in hogs:
            hog.join(timeout=10)


BUSY_NOTEBOOKS = ["00-welcome", "04-build-a-support-network", "07-consider-therapy"]


def test_no_widget_error_while_every_core_is_busy(page, voila_server):
    app = VoilaPage(page, voila_server)
    with every_core_busy():
        for name in BUSY_NOTEBOOKS:
            step = curriculum.default().step(name)
            app.open_app(f"notebooks/{step.notebook}")
            page.reload()  # a second load: the old kernel goes while the new one starts
            app.wait_until_rendered()
            if step.items:
                expect(page.locator(RATING).nth(len(step.items) - 1)).to_be_visible(
                    timeout=120_000)
            if step.prompts:
                expect(page.locator(REFLECTION).nth(len(step.prompts) - 1)).to_be_visible(
                    timeout=120_000)
            expect(page.get_by_text("Loading widget...")).to_have_count(0, timeout=120_000)
            assert page.get_by_text(WIDGET_ERROR).count() == 0, name
            assert app.problems_shown() == [], name
            screenshot(page, f"voila-busy-{name}", full_page=False)
    assert page.console.errors(*HARMLESS_CONSOLE) == []


# ---- while a page gets ready ---------------------------------------------------------------

# Every text the loading screen shows, and the progress bar's last value, as the page loads.
LOADING_WATCH_JS = """
window.__loading = {texts: [], bar: null};
new MutationObserver(() => {
  const text = document.getElementById('loading_text');
  if (text && !window.__loading.texts.includes(text.textContent)) {
    window.__loading.texts.push(text.textContent);
  }
  const bar = document.getElementById('interdep-loading-bar');
  if (bar) { window.__loading.bar = [bar.value, bar.max]; }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def test_a_page_getting_ready_says_so_in_plain_words(page, voila_server):
    """Voila's spinner says "Running 03-start-small..." and "Executing 7 of 24"; the kit's
    says "Getting this page ready…", and its bar fills as the cells run."""
    page.add_init_script(LOADING_WATCH_JS)
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/03-start-small.ipynb")
    seen = page.evaluate("window.__loading")
    assert seen["texts"] == ["Getting this page ready…"]
    value, most = seen["bar"]
    assert most > 10  # one step a cell
    assert value == most  # full when the page shows
    assert page.locator("#loading").count() == 0


def test_ctrl_c_stops_the_app_cleanly_with_kernels_waiting_in_their_pools(tmp_path_factory):
    """A facilitator review: `make app` then Ctrl-C logged a ZMQError traceback per kernel
    kept ready (each held in its page's first cell, shut down politely, failed to answer it),
    and "Notebook ... is not trusted" for every page. Now: neither, and the app exits."""
    import signal

    server = start_app(tmp_path_factory, "voila-ctrl-c", ["interdependence.app"],
                       "--pool-size=1", pooled=True)
    try:
        deadline = time.monotonic() + 180
        while "is ready for" not in server.log.read_text(errors="replace"):
            assert time.monotonic() < deadline, server.log_tail()
            time.sleep(1)
        server.proc.send_signal(signal.SIGINT)  # what Ctrl-C sends the server
        assert server.proc.wait(timeout=60) is not None
        time.sleep(2)  # what the kernels print on their way out
        log = server.log.read_text(errors="replace")
    finally:
        stop(server.proc)
    assert "Stopping..." in log
    assert "Traceback" not in log, log[-3000:]
    assert "ZMQError" not in log
    assert "is not trusted" not in log

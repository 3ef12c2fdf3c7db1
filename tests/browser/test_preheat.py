"""The app's pre-heated kernels (app.py ``--pool-size``): a page opens on a kernel started
ahead, yet shows the journal as it is when the page is opened (answers given in JupyterLab
a second before), and a used kernel is replaced by a new one waiting for the next page.
"""

from __future__ import annotations

import re
import time

import pytest
from browser_ui import REFLECTION, VoilaPage, screenshot
from playwright.sync_api import expect

from interdependence import curriculum
from interdependence.journal import Journal

pytestmark = pytest.mark.browser

WELCOME = "notebooks/00-welcome.ipynb"
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
    time.sleep(5)  # longer than the idle cull (3 s): a waiting kernel is never culled
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
    screenshot(page, "voila-preheated-fresh-answer")


def test_a_used_pre_heated_kernel_is_replaced_and_the_next_page_uses_the_new_one(
        page, pooled_voila_server):
    server = pooled_voila_server
    first = wait_for_ready(server, WELCOME)[-1]
    app = VoilaPage(page, server)
    app.open_app(WELCOME)
    kernels = wait_for_ready(server, WELCOME, count=len(ready_kernels(server, WELCOME)) + 1)
    replacement = kernels[-1]
    assert replacement != first
    time.sleep(5)  # past the idle cull again
    app.open_app(WELCOME)  # a reload: the replacement serves it
    used = [m.group(1) for m in USED.finditer(server.log.read_text())]
    assert used[-1] == replacement, server.log_tail()
    expect(page.locator(REFLECTION).first).to_be_visible()
    assert app.problems_shown() == []

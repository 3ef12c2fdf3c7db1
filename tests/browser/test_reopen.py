"""A run notebook reopened in JupyterLab: its widgets again, never "Error displaying
widget: model not found".

Run All, answer, close the tab (the kit's Lab extension saves it, widget placeholders and
all), then open it again in a new page. With its kernel still running, JupyterLab draws the
widgets again from that kernel, working. With its kernel gone (shut down here; on a laptop
JupyterLab restarted, on the hub an idle kernel stopped), the kit's contents manager
(interdependence/lab_contents.py) leaves the placeholders out: the notebook opens as new,
and Run All brings the answer back from the journal. Neither shows an error or logs one.
"""

from __future__ import annotations

import json
import shutil
import time

import pytest
from browser_ui import HARMLESS_CONSOLE, RATING, ROOT, WIDGET_ERROR, LabNotebook, screenshot
from playwright.sync_api import expect

from interdependence import curriculum
from interdependence.lab_contents import WIDGET_VIEW

pytestmark = pytest.mark.browser

NOTEBOOK = "03-start-small"


def watched_page(context):
    """A new page in the same browser, its console errors collected as the fixture's are."""
    page = context.new_page()
    page.console = []
    page.on("console", lambda m: m.type == "error" and page.console.append(
        f"console.error: {m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: page.console.append(f"uncaught: {e}"))
    return page


def run_answer_and_close(page, lab_server, folder: str):
    """Run All in a copy of the notebook, answer its first rating, close its tab (saved).
    Return the notebook, the item answered and the saved file's widget placeholders."""
    target = lab_server.root / folder
    target.mkdir(exist_ok=True)
    shutil.copy(ROOT / "notebooks" / f"{NOTEBOOK}.ipynb", target / f"{NOTEBOOK}.ipynb")
    step = curriculum.default().step(NOTEBOOK)
    notebook = LabNotebook(page, lab_server, f"{folder}/{NOTEBOOK}.ipynb").open()
    notebook.run_all()
    rating = notebook.panel.locator(RATING).first
    text = rating.text_content()
    item = next(i for i in step.items if i.text in text)
    rating.get_by_role("radio").nth(1).check()
    expect(rating).to_contain_text("Saved.")
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=f"{NOTEBOOK}.ipynb")
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    expect(tab).to_have_count(0, timeout=20_000)
    saved = json.loads((target / f"{NOTEBOOK}.ipynb").read_text())
    placeholders = [o for cell in saved["cells"] for o in cell.get("outputs", [])
                    if WIDGET_VIEW in o.get("data", {})]
    # the case a participant met: the file keeps a placeholder for every widget shown
    assert len(placeholders) >= 5, placeholders
    return notebook, item


def no_widget_errors(notebook, name: str, show: str = RATING) -> None:
    panel = notebook.panel
    notebook.page.wait_for_timeout(3_000)  # Lab gives up on a missing widget after 2 s
    shown = panel.locator(show)
    if shown.count():
        shown.first.scroll_into_view_if_needed()
    screenshot(notebook.page, name, full_page=False)
    assert panel.get_by_text(WIDGET_ERROR).count() == 0, panel.get_by_text(
        WIDGET_ERROR).first.inner_text()
    assert notebook.problems_shown() == []


def test_reopened_while_its_kernel_runs_the_widgets_come_back_working(page, lab_server):
    notebook, item = run_answer_and_close(page, lab_server, "reopen-running")

    again = LabNotebook(watched_page(page.context), lab_server, notebook.relpath).open()
    rating = again.panel.locator(RATING).first
    expect(rating).to_contain_text(item.text)
    expect(rating.get_by_role("radio").nth(1)).to_be_checked()
    no_widget_errors(again, "lab-reopen-kernel-running")
    rating.get_by_role("radio").nth(2).check()  # working, not a picture of a widget
    # ("Saved." is on screen already, from the first answer: wait for the journal itself)
    step = curriculum.default().step(NOTEBOOK)
    deadline = time.monotonic() + 15
    while lab_server.journal().rating(step.id, item.id) != 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert lab_server.journal().rating(step.id, item.id) == 3

    again.page.reload()  # and a reload of the page, the same
    again.panel.locator(RATING).first.wait_for()
    no_widget_errors(again, "lab-reopen-kernel-running-reloaded")
    expect(again.panel.locator(RATING).first.get_by_role("radio").nth(2)).to_be_checked()
    again.shut_down()
    assert again.page.console == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def test_reopened_after_its_kernel_has_gone_it_opens_as_new_and_runs_back(page, lab_server):
    notebook, item = run_answer_and_close(page, lab_server, "reopen-gone")
    notebook.shut_down()

    again = LabNotebook(watched_page(page.context), lab_server, notebook.relpath).open()
    no_widget_errors(again, "lab-reopen-kernel-gone", show=".jp-CodeCell >> nth=2")
    expect(again.panel.locator(RATING)).to_have_count(0)
    # every cell looks not run, as none has run in this new kernel, the first one included
    for code in ("open_step(", "step.ratings()"):
        cell = again.panel.locator(".jp-CodeCell", has_text=code)
        expect(cell.locator(".jp-InputPrompt")).to_have_text("[ ]:")

    again.run_all()
    rating = again.panel.locator(RATING).first
    expect(rating).to_contain_text(item.text)
    expect(rating.get_by_role("radio").nth(1)).to_be_checked()
    assert again.problems_shown() == []
    rating.scroll_into_view_if_needed()
    screenshot(again.page, "lab-reopen-kernel-gone-run-again", full_page=False)
    again.shut_down()
    assert again.page.console == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []

"""Every participant notebook, run in JupyterLab in Chromium as a participant would run it.

Open, Run All, widgets render (no "Error displaying widget", no error or stderr output,
no console errors), answer a rating and a reflection, restart the kernel and run all
again: both answers are back on screen and in the journal file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_ui import (
    CURRENT_PANEL,
    HARMLESS_CONSOLE,
    RATING,
    REFLECTION,
    ROOT,
    LabNotebook,
    project_notebooks,
    screenshot,
    unnamed_controls,
)
from playwright.sync_api import expect

from interdependence import curriculum

pytestmark = pytest.mark.browser

NOTEBOOKS = project_notebooks("notebooks")


def test_the_glob_finds_the_participant_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert "00-welcome.ipynb" in names, names


def item_shown_in(box, step):
    text = box.text_content()
    return next(i for i in step.items if i.text in text)


def prompt_shown_in(box, step):
    text = box.text_content()
    return next(p for p in step.prompts if p.text in text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_answers_come_back_after_a_kernel_restart(page, lab_server, path):
    step = curriculum.default().step(path.stem)
    notebook = LabNotebook(page, lab_server, f"notebooks/{path.name}").open()
    notebook.run_all()

    ratings, reflections = notebook.panel.locator(RATING), notebook.panel.locator(REFLECTION)
    if step.items:
        expect(ratings.nth(len(step.items) - 1)).to_be_visible()
    if step.prompts:
        expect(reflections.nth(len(step.prompts) - 1)).to_be_visible()
    assert step.items or step.prompts, f"{step.id} asks nothing: nothing to check here"
    assert notebook.problems_shown() == []
    assert unnamed_controls(notebook.panel, step) == []

    answered_rating = answered_reflection = None
    words = f"Browser test note for {step.id}: <b>not bold</b> & kept as typed."
    if step.items:
        rating = ratings.first
        item = item_shown_in(rating, step)
        rating.get_by_role("radio").nth(3).check()
        expect(rating).to_contain_text("Saved.")
        answered_rating = item
    if step.prompts:
        reflection = reflections.first
        prompt = prompt_shown_in(reflection, step)
        reflection.locator("textarea").fill(words)
        expect(reflection).to_contain_text("Saved.", timeout=10_000)
        answered_reflection = prompt

    journal = lab_server.journal()
    if answered_rating:
        assert journal.rating(step.id, answered_rating.id) == 4
    if answered_reflection:
        assert journal.reflection(step.id, answered_reflection.id) == words

    notebook.restart_and_run_all()
    if answered_rating:
        rating = ratings.first
        assert item_shown_in(rating, step) == answered_rating
        expect(rating.get_by_role("radio").nth(3)).to_be_checked()
        expect(rating).to_contain_text("Saved.")
    if answered_reflection:
        reflection = reflections.first
        expect(reflection.locator("textarea")).to_have_value(words)
        expect(reflection).to_contain_text("Saved.")
    assert notebook.problems_shown() == []
    notebook.screenshot_whole(f"lab-{path.stem}")
    notebook.shut_down()
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def test_make_lab_prints_a_url_that_opens_the_welcome_notebook(page, tmp_path, launch_tools):
    """``make lab LAB_ARGS=--no-browser`` as a person runs it: the URL it prints opens the
    welcome notebook, not the Launcher and the project's top folder."""
    import re
    import shutil
    import subprocess
    import sys
    import time

    free_port, lab_settings, server_env, stop = launch_tools

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = Path(sys.prefix)
    lab_settings(tmp_path / "settings")  # no autosave: the project's own notebook is open
    extra = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=0 "
             f"--LabApp.user_settings_dir={tmp_path / 'settings'} "
             f"--LabApp.workspaces_dir={tmp_path / 'workspaces'} "
             "--LabApp.extension_manager=readonly")
    log = tmp_path / "make-lab.log"
    home = tmp_path / "home"
    home.mkdir()
    with log.open("w") as out:
        # -o: take the environment as installed (this one), never rebuild it from a test
        proc = subprocess.Popen(
            ["make", "-o", f"{venv}/.installed", "lab", f"VENV={venv}", f"PORT={free_port()}",
             f"LAB_ARGS={extra}"], cwd=ROOT, env=server_env(home, tmp_path), stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = None
        deadline = time.monotonic() + 90
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            found = re.search(r"http://127\.0\.0\.1:\d+/\S+", log.read_text())
            url = found.group(0) if found else None
            time.sleep(0.3)
        assert url, f"no URL printed:\n{log.read_text()[-3000:]}"
        assert "/lab/tree/notebooks/00-welcome.ipynb?token=" in url
        page.goto(url)
        panel = page.locator(CURRENT_PANEL)
        expect(panel.get_by_role("heading", name="Welcome and check-in")).to_be_visible(
            timeout=60_000)
        expect(page.get_by_role("tab", name=re.compile("00-welcome.ipynb"))).to_have_count(1)
        expect(page.locator(".jp-Launcher")).to_have_count(0)
        screenshot(page, "lab-make-lab-welcome", full_page=False)
    finally:
        stop(proc)


def test_closing_a_run_notebook_never_asks_to_save_or_discard(page, lab_server):
    """Running the cells changes a notebook (outputs, widget state); closing it must not ask
    "Save your work? Cancel / Discard / Save": the answers are in the journal, and "Discard"
    sounds like losing them. The kit's Lab extension saves the notebook and closes it."""
    import json
    import re
    import shutil

    folder = lab_server.root / "close-test"  # a copy of its own: this test saves it
    folder.mkdir(exist_ok=True)
    shutil.copy(ROOT / "notebooks" / "00-welcome.ipynb", folder / "00-welcome.ipynb")
    step = curriculum.default().step("00-welcome")
    notebook = LabNotebook(page, lab_server, "close-test/00-welcome.ipynb").open()
    notebook.run_all()
    rating = notebook.panel.locator(RATING).first
    item = item_shown_in(rating, step)
    rating.get_by_role("radio").nth(2).check()
    expect(rating).to_contain_text("Saved.")

    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="00-welcome.ipynb")
    expect(tab).to_have_class(re.compile(r"\bjp-mod-dirty\b"))  # Lab would have asked
    tab.locator(".lm-TabBar-tabCloseIcon").click()
    closed = True
    try:
        expect(tab).to_have_count(0, timeout=20_000)
    except AssertionError:
        closed = False
    dialogs = [d.inner_text() for d in page.locator(".jp-Dialog").all()]
    screenshot(page, "lab-close-without-asking", full_page=False)
    assert not [d for d in dialogs if re.search(r"discard|lose|lost|save your work", d, re.I)]
    assert dialogs == []
    assert closed, "the notebook's tab is still open"
    assert lab_server.journal().rating(step.id, item.id) == 3
    saved = json.loads((folder / "00-welcome.ipynb").read_text())
    assert any(cell.get("outputs") for cell in saved["cells"]), "closed without saving"
    notebook.shut_down()
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def gap(upper, lower) -> float:
    """How far ``lower`` starts under the top of ``upper``, in CSS pixels."""
    return lower.bounding_box()["y"] - upper.bounding_box()["y"]


def test_saved_appears_without_moving_what_is_under_it(page, lab_server):
    """In JupyterLab as in the app (tests/browser/test_voila.py): "Saved." under a rating and
    under a look-back sentence of step 08 takes room kept for it, so nothing under it moves."""
    notebook = LabNotebook(page, lab_server,
                           "notebooks/08-embracing-interdependence.ipynb").open()
    notebook.run_all()
    ratings = notebook.panel.locator(RATING)
    rating, below = ratings.nth(1), ratings.nth(2)
    rating.scroll_into_view_if_needed()
    expect(rating.get_by_role("status")).to_have_text("")
    before = gap(rating, below)
    rating.get_by_role("radio").nth(2).check()
    expect(rating.get_by_role("status")).to_have_text("Saved.")
    assert gap(rating, below) == pytest.approx(before, abs=0.5)

    stems = curriculum.default().step("08-embracing-interdependence").exercise[
        "look_back_stems"]
    box = notebook.panel.get_by_role("textbox", name=stems[0]["label"], exact=True)
    box.scroll_into_view_if_needed()
    typed_in = page.get_by_role("textbox", name=stems[0]["label"], exact=True)  # in a box
    status = notebook.panel.locator(".widget-vbox", has=typed_in).last.locator(
        ".interdep-status-line")
    expect(status).to_have_text("")
    next_stem = notebook.panel.locator(".interdep-statement", has_text=stems[1]["label"])
    before = gap(box, next_stem)
    box.fill("I would have said I manage alone.")
    expect(status).to_have_text("Saved.", timeout=10_000)
    assert gap(box, next_stem) == pytest.approx(before, abs=0.5)
    assert notebook.problems_shown() == []
    notebook.shut_down()


LEFT_PANEL_SHOWN_JS = """
() => {
  const stack = document.querySelector('#jp-left-stack');
  return !!stack && !stack.classList.contains('lm-mod-hidden') && stack.offsetWidth > 0;
}
"""


@pytest.mark.parametrize(("width", "left_open"), [(390, False), (1280, True)],
                         ids=["390px", "1280px"])
def test_on_a_phone_lab_opens_with_the_notebook_not_the_file_browser(
        page, lab_server, width, left_open):
    """At a phone's width JupyterLab opened its file browser over most of the screen and
    squeezed the notebook into a strip beside it; the kit's Lab extension closes the left
    panel there once the layout is restored. A wide screen keeps its file browser."""
    page.set_viewport_size({"width": width, "height": 800})
    notebook = LabNotebook(page, lab_server, "notebooks/00-welcome.ipynb")
    # not .open(): a phone-sized Lab folds the kernel's name into its toolbar's "more" menu
    page.goto(lab_server.url("lab/workspaces/narrow-start/tree/notebooks/00-welcome.ipynb",
                             reset=""))
    notebook.panel.locator(".jp-Notebook").wait_for()
    page.wait_for_timeout(1000)  # the plugin acts once Lab has restored its layout
    assert page.evaluate(LEFT_PANEL_SHOWN_JS) is left_open
    box = notebook.panel.bounding_box()
    screenshot(page, f"lab-open-at-{width}px", full_page=False)
    if not left_open:
        # all but Lab's two strips of icons (38 px each)
        assert box["width"] >= width - 2 * 40, f"the notebook is {box['width']:.0f} px wide"
        # the file browser is one tap away
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()
        page.wait_for_function(LEFT_PANEL_SHOWN_JS)
    notebook.shut_down()

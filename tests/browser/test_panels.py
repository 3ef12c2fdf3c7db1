"""Panels follow the journal, the share preview reads in sentences, and step 05's date box
shows the whole date (issue 12, items 10, 11 and 12), in Chromium as a participant sees them.
"""

from __future__ import annotations

import html
import json

import pytest
from browser_ui import HARMLESS_CONSOLE, RATING, LabNotebook, VoilaPage, screenshot
from playwright.sync_api import expect

from interdependence import curriculum

pytestmark = pytest.mark.browser

DATE_FITS_JS = """
(input) => ({value: input.value, scroll: input.scrollWidth, client: input.clientWidth,
             right: input.getBoundingClientRect().right,
             page: document.documentElement.clientWidth})
"""


def test_the_share_panel_follows_the_group_code_box_with_no_rerun(page, lab_server):
    # From a journal with no group code and no answers: the Lab server is shared by the
    # session, and earlier tests (downloads, restarts) leave both behind.
    lab_server.journal_path.unlink(missing_ok=True)
    notebook = LabNotebook(page, lab_server, "notebooks/00-welcome.ipynb").open()
    notebook.run_all()
    panel = notebook.panel
    share = panel.locator(".interdep-share")
    progress = panel.locator(".interdep-progress")
    expect(share).to_contain_text("none yet")
    welcome_row = progress.locator("tr", has_text=curriculum.default().step("00-welcome").title)
    expect(welcome_row).to_contain_text("not started")

    panel.locator(RATING).first.get_by_role("radio").nth(3).check()  # something to share
    expect(panel.locator(RATING).first).to_contain_text("Saved.")
    expect(welcome_row).to_contain_text("✓ 1 answer saved")  # the table below, no re-run

    code = panel.get_by_role("textbox", name="Group code")
    code.fill("SPRNG-26")  # a typo
    code.press("Enter")
    expect(share).to_contain_text("SPRNG-26")  # below, with no re-run
    share.get_by_role("button", name="Show the exact file").click()
    exact = share.locator("pre.interdep-exact")
    expect(exact).to_contain_text('"cohort":"SPRNG-26"')

    code.fill("SPRING-26")  # corrected
    code.press("Enter")
    expect(exact).to_contain_text('"cohort":"SPRING-26"')
    expect(share.locator(".interdep-preview")).not_to_contain_text("{")  # sentences, no JSON
    share.locator(".interdep-preview").scroll_into_view_if_needed()
    screenshot(page, "lab-welcome-share-follows-code", full_page=False)
    share.get_by_role("button", name="Save a file to send to my facilitator").click()
    expect(share).to_contain_text("Saved.")
    token = lab_server.journal().token
    saved = lab_server.home / "exports" / f"{token}.json"
    shown = html.unescape(exact.inner_html())
    assert saved.read_text(encoding="utf-8") == shown  # the preview was exact
    assert json.loads(shown)["cohort"] == "SPRING-26"
    assert notebook.problems_shown() == []
    notebook.shut_down()
    assert page.console.errors(*HARMLESS_CONSOLE) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_plan_date_box_shows_the_whole_date(page, voila_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/05-practice-vulnerability.ipynb")
    box = page.locator(".interdep-date input")
    box.scroll_into_view_if_needed()
    box.fill("12/05/2026")
    box.press("Enter")
    expect(box).to_have_value("Tuesday 12 May 2026")  # UK order, said back in words
    expect(page.get_by_text("on Tuesday 12 May 2026.")).to_be_visible()
    fit = box.evaluate(DATE_FITS_JS)
    assert fit["scroll"] <= fit["client"], fit  # nothing clipped inside the box
    assert fit["right"] <= fit["page"], fit  # and the box itself is on the page
    box.fill("32/05/2026")
    box.press("Enter")
    expect(page.get_by_text("I could not read “32/05/2026” as a date")).to_be_visible()
    expect(box).to_have_value("32/05/2026")  # kept, to correct
    box.scroll_into_view_if_needed()
    screenshot(page, f"voila-05-date-box-{width}", full_page=False)
    assert app.problems_shown() == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []


IN_VIEW_JS = """
(box) => {
  const r = box.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, height: innerHeight};
}
"""


@pytest.mark.parametrize(("path", "editor", "change"), [
    ("notebooks/03-start-small.ipynb", ".interdep-ask-ladder", "Change"),
    ("notebooks/04-build-a-support-network.ipynb", ".interdep-support-map", "Change"),
    ("notebooks/06-set-self-boundaries.ipynb", ".interdep-list-editor", "Edit"),
], ids=["03-asks", "04-people", "06-load"])
def test_change_on_a_phone_brings_the_form_into_view_with_its_box_focused(page,
                                                                         full_voila_server,
                                                                         path, editor, change):
    # The last row's Change is a long list away from the form above it: on a 390 px screen
    # the page stayed on the list and the box being changed was off the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    app = VoilaPage(page, full_voila_server)
    app.open_app(path)
    editor_box = page.locator(editor).first
    button = editor_box.locator("button.jupyter-button", has_text=change).last
    button.evaluate("(b) => b.scrollIntoView({block: 'start'})")  # the form above: off screen
    page.wait_for_timeout(300)
    field = editor_box.locator("input[type=text], textarea").first
    before = field.evaluate(IN_VIEW_JS)
    assert before["bottom"] < 0 or before["top"] > before["height"], before  # off screen
    button.click()
    expect(field).to_be_focused()
    expect(field).not_to_have_value("")  # the entry, to change
    page.wait_for_timeout(300)  # a scroll in progress settles
    shown = field.evaluate(IN_VIEW_JS)
    assert shown["top"] >= 0, shown
    assert shown["bottom"] <= shown["height"], shown
    screenshot(page, f"voila-change-in-view-{app_name(path)}", full_page=False)
    assert app.problems_shown() == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def app_name(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".ipynb")


LABEL_BOX_JS = """
(box) => {
  const text = box.querySelector('textarea');
  const r = text.labels[0].getBoundingClientRect();
  return {width: r.width, height: r.height};
}
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reflections_question_is_shown_once_and_still_names_its_box(page, voila_server,
                                                                     width):
    # The box's own label is its accessible name, kept out of sight; on a phone it showed
    # under the bold question as a second copy of it.
    page.set_viewport_size({"width": width, "height": 900})
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/03-start-small.ipynb")
    step = curriculum.default().step("03-start-small")
    boxes = page.locator(".interdep-reflection")
    expect(boxes).to_have_count(len(step.prompts))
    for box, prompt in zip(boxes.all(), step.prompts, strict=True):
        expect(box.get_by_role("textbox", name=prompt.text, exact=True)).to_have_count(1)
        expect(box.locator(".interdep-statement", has_text=prompt.text)).to_be_visible()
        label = box.evaluate(LABEL_BOX_JS)
        assert label["width"] <= 1, label  # out of sight
        assert label["height"] <= 1, label
    boxes.first.scroll_into_view_if_needed()
    screenshot(page, f"voila-03-reflection-{width}", full_page=False)
    assert app.problems_shown() == []


def test_change_in_jupyterlab_on_a_phone_brings_the_form_into_view(page, lab_server):
    # The same press in JupyterLab, where the notebook itself scrolls.
    from full_journal import fill

    fill(lab_server.home)  # six asks: the last Change is far below the form
    try:
        # opened wide (Lab's toolbar, which says when the kernel is ready, folds away at
        # 390 px), then narrowed to a phone's width
        notebook = LabNotebook(page, lab_server, "notebooks/03-start-small.ipynb").open()
        notebook.run_all()
        page.set_viewport_size({"width": 390, "height": 844})
        open_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if open_tab.count():
            open_tab.click()  # the file browser folded away: the notebook gets the width
        ladder = notebook.panel.locator(".interdep-ask-ladder").first
        button = ladder.locator("button.jupyter-button", has_text="Change").last
        # at the top of the screen, so the form above it is off it: "if needed" scrolled it
        # to the bottom when it was below, and then the form could still show (a flaky start)
        button.evaluate("(b) => b.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        field = ladder.locator("input[type=text]").first
        before = field.evaluate(IN_VIEW_JS)
        assert before["bottom"] < 0 or before["top"] > before["height"], before
        button.click()
        expect(field).to_be_focused()
        page.wait_for_timeout(300)
        shown = field.evaluate(IN_VIEW_JS)
        assert shown["top"] >= 0, shown
        assert shown["bottom"] <= shown["height"], shown
        screenshot(page, "lab-change-in-view-03", full_page=False)
        assert notebook.problems_shown() == []
        notebook.shut_down()
    finally:
        lab_server.journal_path.unlink(missing_ok=True)  # as the next test expects to find it

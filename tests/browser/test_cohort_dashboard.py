"""The facilitator's side in Chromium: the dashboard in JupyterLab, and the HTML report.

The dashboard opens on the sample cohort with charts; on a folder where only four people
shared it shows the hidden message and no chart; a fifth person brings the first batch in;
a sixth is held back until the round is closed. The report opens with every chart visible.
"""

from __future__ import annotations

import json
import shutil

import pytest
from browser_ui import HARMLESS_CONSOLE, TALLEST_SCROLLER_JS, LabNotebook, VoilaPage, screenshot
from cohort_files import share_checkins
from playwright.sync_api import expect

from interdependence import paths
from interdependence.privacy import hidden_message
from interdependence.report.build import write_report

pytestmark = pytest.mark.browser

DASHBOARD = "facilitator_guide/cohort-dashboard.ipynb"
SAMPLE = paths.data_dir() / "sample-cohort"


def _chart_images(notebook):
    return notebook.panel.locator(".interdep-chart img")


def test_the_dashboard_shows_hidden_until_enough_people_shared(page, lab_server, tmp_path):
    notebook = LabNotebook(page, lab_server, DASHBOARD).open()
    notebook.run_all()
    assert notebook.problems_shown() == []
    expect(_chart_images(notebook).first).to_be_visible()  # the sample cohort, out of the box
    screenshot(page, "dashboard-sample")

    folder = tmp_path / "cohort"
    folder.mkdir()
    (folder / "settings.json").write_text(json.dumps(
        {"schema": 1, "code": "BROWSER", "min_group": 5, "created": "2026-11-20",
         "keep_days": 90}), encoding="utf-8")
    share_checkins(folder, range(4), "BROWSER")
    box = notebook.panel.get_by_label("Cohort folder")
    box.fill(str(folder))
    notebook.panel.get_by_role("button", name="Load").click()
    expect(notebook.panel.get_by_text("Nothing is shown yet", exact=False)).to_be_visible()
    hidden = notebook.panel.locator(".interdep-empty", has_text=hidden_message(5)).first
    hidden.scroll_into_view_if_needed()
    expect(hidden).to_be_visible()
    expect(_chart_images(notebook)).to_have_count(0)
    screenshot(page, "dashboard-four-people")

    # a fifth person: five have shared, the first batch shows
    share_checkins(folder, range(4, 5), "BROWSER")
    notebook.panel.get_by_role("button", name="Refresh").scroll_into_view_if_needed()
    notebook.panel.get_by_role("button", name="Refresh").click()
    expect(notebook.panel.get_by_text("Showing 5 people in the charts")).to_be_visible()

    share_checkins(folder, range(5, 6), "BROWSER")  # a sixth person: not revealed on their own
    notebook.panel.get_by_role("button", name="Refresh").click()
    expect(notebook.panel.get_by_text("Fewer than 5 people have sent, changed or withdrawn",
                                      exact=False)).to_be_visible()
    expect(notebook.panel.get_by_text("You do not need to do anything",
                                      exact=False)).to_be_visible()
    expect(notebook.panel.get_by_text("Showing 5 people in the charts")).to_be_visible()

    # asking hardly moves the page (a review: it pushed everything down ~120 px at 1280 x 720)
    step_list = notebook.panel.get_by_label("Show", exact=True)
    before = step_list.bounding_box()
    notebook.panel.get_by_role("button", name="Close the round").click()
    question = notebook.panel.get_by_text("Close the round now?")
    expect(question).to_be_visible()
    expect(question.locator("..")).to_contain_text("Fewer than 5 new, withdrawn or changed")
    after = step_list.bounding_box()
    assert before is not None
    assert after is not None
    assert abs(after["y"] - before["y"]) < 40, (before, after)
    screenshot(page, "dashboard-close-round-question")
    notebook.panel.get_by_role("button", name="Yes, close the round").click()
    expect(notebook.panel.get_by_text("Showing 6 people in the charts")).to_be_visible()
    expect(question).to_be_hidden()  # the question, and its risk, go once the round is closed
    expect(notebook.panel.get_by_text("the round was closed", exact=False)).to_be_visible()
    expect(_chart_images(notebook).first).to_be_attached()
    page.wait_for_function(BOTH_LAYOUTS_JS, timeout=120_000)  # see the test below
    _chart_images(notebook).first.scroll_into_view_if_needed()
    expect(_chart_images(notebook).first).to_be_visible()
    screenshot(page, "dashboard-five-people")
    assert notebook.problems_shown() == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []
    notebook.shut_down()


def test_the_report_opens_with_every_chart_visible(page, tmp_path):
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE, copy)
    out = tmp_path / "report.html"
    result = write_report(copy, out)
    page.goto(out.as_uri())
    images = page.locator("figure img")
    expect(images).to_have_count(result.charts)
    assert result.charts >= 10
    for image in images.all():
        image.scroll_into_view_if_needed()
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 400")
        assert len(image.get_attribute("alt")) > 30
    screenshot(page, "report-sample")
    assert page.console.errors(*HARMLESS_CONSOLE) == []


# Every chart of the notebook's current panel has both its layouts (a <picture>).
BOTH_LAYOUTS_JS = """
() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .interdep-chart img')]
  .every((img) => img.closest('picture'))
"""


def test_choosing_another_step_shows_its_charts_drawn_in_the_kernel(page, lab_server):
    """In a live kernel the other steps are drawn ahead (views/dashboard.py); choosing one
    shows that step's own charts, each with its questions, and nothing else."""
    notebook = LabNotebook(page, lab_server, DASHBOARD).open()
    notebook.run_all()
    expect(_chart_images(notebook).first).to_be_visible()
    page.wait_for_timeout(3000)  # the kernel draws ahead meanwhile
    notebook.panel.get_by_label("Show").select_option(label="Step 3 of 7: Start small")
    expect(_chart_images(notebook)).to_have_count(4)  # first ask, discomfort, two scales
    expect(notebook.panel.get_by_text("To discuss").first).to_be_visible()
    notebook.panel.get_by_label("Show").select_option(label="Close: Embracing interdependence")
    expect(_chart_images(notebook)).to_have_count(2)
    # the phone layouts follow when the kernel is idle, each replacing its chart's markup:
    # wait for them, or the picture scrolled to may be swapped out under the scroll
    page.wait_for_function(BOTH_LAYOUTS_JS, timeout=120_000)
    _chart_images(notebook).first.scroll_into_view_if_needed()
    screenshot(page, "dashboard-close-step")
    assert notebook.problems_shown() == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []
    notebook.shut_down()


#: Where an element's top is, in CSS pixels from the top of the screen (after scrolling the
#: notebook back to its top).
TOP_JS = "(e) => e.getBoundingClientRect().top"


def test_on_a_projector_the_first_chart_is_on_the_first_screen(page, lab_server):
    """A facilitator review: at 1280 x 720 the first chart began about 1,050 px down, under
    the explanations and settings. The charts now come straight after the controls."""
    page.set_viewport_size({"width": 1280, "height": 720})
    notebook = LabNotebook(page, lab_server, DASHBOARD).open()
    notebook.run_all()
    chart = _chart_images(notebook).first
    expect(chart).to_be_visible()
    page.evaluate(TALLEST_SCROLLER_JS)  # the notebook back at its top, as it opens
    page.wait_for_timeout(500)
    heading = notebook.panel.get_by_role("heading", name="Cohort dashboard")
    assert 0 < heading.evaluate(TOP_JS) < 200  # really at the top
    # the chart's top, its title and first row, are on the screen unscrolled (Lab's own bars
    # and the code cells take the rest; the facilitator app shows more, see below)
    top = chart.evaluate(TOP_JS)
    assert top > 0
    assert top + 60 < 720 - 30, top  # 30: Lab's status bar
    # what moved under the charts is still there, in words
    for heading in ("What you will and will not see", "Files set aside", "Export"):
        expect(notebook.panel.get_by_role("heading", name=heading)).to_have_count(1)
    screenshot(page, "dashboard-first-screen-1280x720", full_page=False)
    notebook.shut_down()


def test_in_the_facilitator_app_on_a_projector_most_of_the_first_chart_is_on_screen(
        page, facilitator_server):
    """The facilitator app (what is projected, no code): at 1280 x 720 at least 250 px of
    the first chart (its title and several rows) are on the screen as it opens."""
    page.set_viewport_size({"width": 1280, "height": 720})
    app = VoilaPage(page, facilitator_server)
    page.goto(facilitator_server.url(""))
    app.wait_until_rendered()
    chart = page.locator(".interdep-chart img").first
    expect(chart).to_be_visible(timeout=60_000)
    page.evaluate(TALLEST_SCROLLER_JS)
    page.wait_for_timeout(500)
    top = chart.evaluate(TOP_JS)
    assert top > 0
    assert top + 250 < 720, top
    screenshot(page, "facilitator-app-first-screen-1280x720", full_page=False)

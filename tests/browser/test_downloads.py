"""Files the participant takes home arrive on their own device, in JupyterLab and in the app.

On a JupyterHub the server is not the person's computer, so a file written to its disk is
not in their hands. For each of the three (the journal copy and the file for the
facilitator in the welcome notebook, the action plan in step 08): one press of the button
downloads the file in the browser, the bytes downloaded are the very bytes of the copy kept
on the server, and the page says both in words. The link left on screen downloads it again.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from browser_ui import HARMLESS_CONSOLE, LabNotebook, VoilaPage, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WELCOME = "notebooks/00-welcome.ipynb"
CLOSING = "notebooks/08-embracing-interdependence.ipynb"
CODE = "SPRING-26"


def ready_to_share(server) -> None:
    """A group code and one answer, so "Save a file to send to my facilitator" is on."""
    journal = server.journal()
    journal.set_setting("cohort_code", CODE)
    journal.set_rating("00-welcome", "sign.asking", 3)
    journal.set_rating("08-embracing-interdependence", "sign.asking", 2)
    journal.set_exercise("08-embracing-interdependence", "plan", [
        {"commitment": "Ask Sam to <b>cover</b> Tuesdays", "supporter": "Sam",
         "check_in": "12/05/2026"}, {"commitment": "", "supporter": "", "check_in": ""},
        {"commitment": "", "supporter": "", "check_in": ""}])


def press_and_download(page, scope, button: str, tmp_path: Path, name: str) -> tuple[str, bytes]:
    """Press the button once; the browser must start a download by itself."""
    with page.expect_download(timeout=60_000) as info:
        scope.get_by_role("button", name=button).click()
    download = info.value
    assert download.failure() is None
    target = tmp_path / f"{name}-{download.suggested_filename}"
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def click_link_and_download(page, scope, text: str | re.Pattern, tmp_path: Path,
                            name: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=30_000) as info:
        scope.get_by_role("link", name=text).click()
    download = info.value
    target = tmp_path / f"{name}-again-{download.suggested_filename}"
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def journal_copy(page, scope, server, tmp_path, where: str) -> None:
    name, data = press_and_download(page, scope, "Download a copy of my journal", tmp_path,
                                    f"{where}-journal")
    assert re.fullmatch(r"interdependence-journal-\d{4}-\d\d-\d\d\.json", name)
    assert data == server.journal_path.read_bytes()
    assert json.loads(data)["settings"]["cohort_code"] == CODE
    status = scope.get_by_role("status").filter(has_text="Your journal is also kept")
    expect(status).to_contain_text(f"Your browser is downloading {name}")
    expect(status).to_contain_text(f"kept on this computer at {server.journal_path}")
    again = click_link_and_download(page, scope, re.compile(r"^Download my journal \("),
                                    tmp_path, where)
    assert again == (name, data)
    status.scroll_into_view_if_needed()
    screenshot(page, f"download-{where}-journal-copy", full_page=False)


def facilitator_file(page, scope, server, tmp_path, where: str) -> None:
    name, data = press_and_download(page, scope, "Save a file to send to my facilitator",
                                    tmp_path, f"{where}-share")
    token = server.journal().token
    kept = server.home / "exports" / f"{token}.json"
    assert name == kept.name  # the facilitator's tools need the name as it is
    assert data == kept.read_bytes()
    # exactly what the preview shows as "the exact file", byte for byte
    share = scope.locator(".interdep-share").first
    share.get_by_role("button", name="Show the exact file").click()
    exact = share.locator("pre.interdep-exact")
    expect(exact).to_be_visible()
    assert data.decode("utf-8") == html.unescape(exact.inner_html())
    status = scope.get_by_role("status").filter(has_text="send it to your facilitator")
    expect(status).to_contain_text(f"Your browser is downloading {name}")
    expect(status).to_contain_text(f"A copy is also kept on this computer at {kept}")


def plan_export(page, scope, server, tmp_path, where: str) -> None:
    name, data = press_and_download(page, scope, "Save my plan as HTML and Markdown",
                                    tmp_path, f"{where}-plan")
    kept = server.home / "exports" / name
    assert re.fullmatch(r"interdependence-plan-\d{4}-\d\d-\d\d\.html", name)
    assert data == kept.read_bytes()
    assert "Ask Sam to &lt;b&gt;cover&lt;/b&gt; Tuesdays" in data.decode("utf-8")
    assert "data:image/png;base64," in data.decode("utf-8")  # the chart is inside the page
    status = scope.get_by_role("status").filter(has_text="copies kept on this computer")
    expect(status).to_contain_text(f"Your browser is downloading {name}")
    md_name, md = click_link_and_download(page, scope,
                                          re.compile(r"^Download the Markdown file \("),
                                          tmp_path, where)
    assert md == (server.home / "exports" / md_name).read_bytes()
    png_name, png = click_link_and_download(page, scope, re.compile(r"^Download the chart \("),
                                            tmp_path, where)
    assert png == (server.home / "exports" / png_name).read_bytes()
    assert f"]({png_name})" in md.decode("utf-8")  # side by side, the Markdown shows it


def look_at(page, scope, name: str) -> None:
    """Screenshots of the links at desktop and phone widths (tests/artifacts/)."""
    links = scope.locator(".interdep-download:not([hidden])").last
    links.scroll_into_view_if_needed()
    screenshot(page, f"{name}-1280", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    links.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, f"{name}-390", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_lab_downloads_the_journal_copy_and_the_file_for_the_facilitator(page, lab_server,
                                                                         tmp_path):
    ready_to_share(lab_server)
    notebook = LabNotebook(page, lab_server, WELCOME).open()
    notebook.run_all()
    journal_copy(page, notebook.panel, lab_server, tmp_path, "lab")
    facilitator_file(page, notebook.panel, lab_server, tmp_path, "lab")
    look_at(page, notebook.panel, "download-lab-welcome")
    assert notebook.problems_shown() == []
    notebook.shut_down()
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def test_lab_downloads_the_action_plan(page, lab_server, tmp_path):
    ready_to_share(lab_server)
    notebook = LabNotebook(page, lab_server, CLOSING).open()
    notebook.run_all()
    plan_export(page, notebook.panel, lab_server, tmp_path, "lab")
    look_at(page, notebook.panel, "download-lab-plan")
    assert notebook.problems_shown() == []
    notebook.shut_down()
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def test_the_app_downloads_the_journal_copy_and_the_file_for_the_facilitator(
        page, voila_server, tmp_path):
    ready_to_share(voila_server)
    app = VoilaPage(page, voila_server)
    app.open_app(WELCOME)
    scope = page.locator("body")
    journal_copy(page, scope, voila_server, tmp_path, "app")
    facilitator_file(page, scope, voila_server, tmp_path, "app")
    look_at(page, scope, "download-app-welcome")
    assert app.problems_shown() == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def test_the_app_downloads_the_action_plan(page, voila_server, tmp_path):
    ready_to_share(voila_server)
    app = VoilaPage(page, voila_server)
    app.open_app(CLOSING)
    scope = page.locator("body")
    plan_export(page, scope, voila_server, tmp_path, "app")
    look_at(page, scope, "download-app-plan")
    assert app.problems_shown() == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []

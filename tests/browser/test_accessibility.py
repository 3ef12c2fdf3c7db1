"""Keyboard and screen-reader access to the ratings and reflections, in a real browser.

Every rating is a radio group named after its statement and every reflection a text box
named after its question (checked for every notebook in test_jupyterlab.py and
test_voila.py with ``unnamed_controls``). Here: a rating answered with the keyboard alone,
in JupyterLab (whose own shortcuts must not take the keys) and in the Voila app.
"""

from __future__ import annotations

import pytest
from browser_ui import (
    ACTIVE_ELEMENT_JS,
    HARMLESS_CONSOLE,
    RATING,
    LabNotebook,
    VoilaPage,
    unnamed_controls,
)
from playwright.sync_api import expect

from interdependence import curriculum

pytestmark = pytest.mark.browser

WELCOME = curriculum.default().step("00-welcome")


def answer_the_second_rating_by_keyboard(page, controls, server):
    """Tab into the group, arrow to a choice, Tab on to "Prefer not to say", Space.

    Starts from the first rating's "Prefer not to say" box, as if the person had just
    tabbed through the first statement.
    """
    item = WELCOME.items[1]
    target = controls.nth(1)
    assert item.text in target.text_content()
    controls.nth(0).get_by_role("checkbox").focus()

    page.keyboard.press("Tab")
    focused = page.evaluate(ACTIVE_ELEMENT_JS)
    assert (focused["type"], focused["group"]) == ("radio", item.text), focused

    page.keyboard.press("ArrowRight")  # a native radio group: next choice, and picks it
    second = item.scale.points[1]
    focused = page.evaluate(ACTIVE_ELEMENT_JS)
    assert (focused["group"], focused["label"]) == (item.text, second[1]), focused
    expect(target.get_by_role("radio", name=second[1], exact=True)).to_be_checked()
    expect(target.get_by_role("status")).to_have_text("Saved.")  # heard as a status
    assert server.journal().rating(WELCOME.id, item.id) == second[0]

    page.keyboard.press("Tab")  # one Tab stop per group: on to its "Prefer not to say"
    focused = page.evaluate(ACTIVE_ELEMENT_JS)
    assert (focused["type"], focused["label"]) == ("checkbox", "Prefer not to say"), focused
    page.keyboard.press("Space")
    expect(target.get_by_role("checkbox")).to_be_checked()
    expect(target.get_by_role("status")).to_have_text('Saved as "prefer not to say".')
    expect(target.get_by_role("radio", name=second[1], exact=True)).not_to_be_checked()
    journal = server.journal()
    assert journal.has_rating(WELCOME.id, item.id)
    assert journal.rating(WELCOME.id, item.id) is None


def test_keyboard_only_rating_in_jupyterlab(page, lab_server):
    notebook = LabNotebook(page, lab_server, "notebooks/00-welcome.ipynb").open()
    notebook.run_all()
    controls = notebook.panel.locator(RATING)
    expect(controls.nth(len(WELCOME.items) - 1)).to_be_visible()
    assert unnamed_controls(notebook.panel, WELCOME) == []
    answer_the_second_rating_by_keyboard(page, controls, lab_server)
    notebook.shut_down()
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def test_keyboard_only_rating_in_the_app(page, voila_server):
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/00-welcome.ipynb")
    controls = page.locator(RATING)
    expect(controls.nth(len(WELCOME.items) - 1)).to_be_visible()
    assert unnamed_controls(page, WELCOME) == []
    answer_the_second_rating_by_keyboard(page, controls, voila_server)
    assert page.console.errors(*HARMLESS_CONSOLE) == []

"""`make app` in Chromium: the landing page, then every notebook as an app with no code.

The server is ``python -m interdependence.app`` over the project folder, the command
``make app`` runs. Each app: reached from the landing page, no code cell on screen,
widgets drawn without errors, a rating and a reflection answered, the page reloaded (a
new kernel), both answers back on screen and in the journal file.
"""

from __future__ import annotations

import re

import pytest
from browser_ui import (
    HARMLESS_CONSOLE,
    RATING,
    REFLECTION,
    RUN_INSTRUCTION,
    VoilaPage,
    project_notebooks,
    screenshot,
    screenshot_whole,
    unnamed_controls,
)
from playwright.sync_api import expect

from interdependence import curriculum

pytestmark = pytest.mark.browser

NOTEBOOKS = project_notebooks("notebooks")


def test_landing_page_lists_every_notebook_in_order_with_title_and_minutes(page, voila_server):
    app = VoilaPage(page, voila_server)
    app.open_landing()
    steps = curriculum.default().steps
    entries = page.locator("ol.steps > li")
    expect(entries).to_have_count(len(steps))
    for entry, step in zip(entries.all(), steps, strict=True):
        expect(entry).to_contain_text(step.label)
        expect(entry).to_contain_text(f"about {step.minutes} minutes")
        link = entry.get_by_role("link", name=step.title, exact=True)
        assert link.get_attribute("href").endswith(f"/voila/render/notebooks/{step.notebook}")
    screenshot(page, "voila-landing")
    assert page.console.errors(*HARMLESS_CONSOLE) == []


TARGETS_JS = """
() => [...document.querySelectorAll('a[href], button, input, select, textarea')].map(e => {
  const r = e.getBoundingClientRect();
  return {words: e.textContent.trim(), width: r.width, height: r.height,
          part: !!e.closest('ol.steps')};
})
"""


@pytest.mark.parametrize(("width", "tallest_finger"), [(1280, 24), (390, 44)])
def test_landing_page_tap_targets_are_big_enough(page, voila_server, width, tallest_finger):
    # WCAG 2.2 AA (2.5.8): a target at least 24 x 24 px; on a phone each part's link is a
    # 44 px line of its own, as fingers need. The links were 23 px tall, as tall as their
    # letters.
    page.set_viewport_size({"width": width, "height": 900})
    VoilaPage(page, voila_server).open_landing()
    targets = page.evaluate(TARGETS_JS)
    parts = [t for t in targets if t["part"]]
    assert len(parts) == len(curriculum.default().steps)
    small = [t for t in targets if t["width"] < 24 or t["height"] < 24]
    assert small == []
    short = [t for t in parts if t["height"] < tallest_finger]
    assert short == []
    screenshot(page, f"voila-landing-targets-{width}")


def test_landing_page_has_no_instruction_to_run_cells(page, voila_server):
    VoilaPage(page, voila_server).open_landing()
    text = page.locator("body").inner_text()
    assert "Interdependence" in text
    assert not RUN_INSTRUCTION.search(text), text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_app_page_shows_no_instruction_to_run_cells(page, voila_server, path):
    """The notebooks' run-the-cell lines are tagged lab-only and the app leaves them out;
    what the views print says "press" or "reload" in the app, never "run the cell"."""
    step = curriculum.default().step(path.stem)
    app = VoilaPage(page, voila_server)
    app.open_app(f"notebooks/{path.name}")
    wait_for_widgets(page, step)
    expect(page.get_by_role("heading", name=step.title).first).to_be_visible()
    assert app.problems_shown() == []
    assert app.run_instructions_shown() == []
    cells = [line for line in page.locator("body").inner_text().splitlines()
             if re.search(r"\bcells?\b", line, re.I)]
    assert cells == []


def test_landing_page_needs_the_token(page, voila_server):
    page.goto(f"{voila_server.base}/")
    expect(page.locator("ol.steps")).to_have_count(0)


def item_shown_in(box, step):
    text = box.text_content()
    return next(i for i in step.items if i.text in text)


def prompt_shown_in(box, step):
    text = box.text_content()
    return next(p for p in step.prompts if p.text in text)


def wait_for_widgets(page, step):
    if step.items:
        expect(page.locator(RATING).nth(len(step.items) - 1)).to_be_visible()
    if step.prompts:
        expect(page.locator(REFLECTION).nth(len(step.prompts) - 1)).to_be_visible()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_app_shows_no_code_and_answers_come_back_after_a_reload(page, voila_server, path):
    step = curriculum.default().step(path.stem)
    app = VoilaPage(page, voila_server)
    app.open_landing()
    page.locator("ol.steps").get_by_role("link", name=step.title, exact=True).click()
    app.wait_until_rendered()
    wait_for_widgets(page, step)
    assert app.code_shown() == []
    assert app.problems_shown() == []
    assert unnamed_controls(page, step) == []

    words = f"Voila note for {step.id}: <i>as typed</i> & nothing else."
    rating_item = prompt = None
    if step.items:
        rating = page.locator(RATING).first
        rating_item = item_shown_in(rating, step)
        rating.get_by_role("radio").nth(1).check()
        expect(rating).to_contain_text("Saved.")
    if step.prompts:
        reflection = page.locator(REFLECTION).first
        prompt = prompt_shown_in(reflection, step)
        reflection.locator("textarea").fill(words)
        expect(reflection).to_contain_text("Saved.", timeout=10_000)

    journal = voila_server.journal()
    if rating_item:
        assert journal.rating(step.id, rating_item.id) == 2
    if prompt:
        assert journal.reflection(step.id, prompt.id) == words

    page.reload()
    app.wait_until_rendered()
    wait_for_widgets(page, step)
    if rating_item:
        rating = page.locator(RATING).first
        assert item_shown_in(rating, step) == rating_item
        expect(rating.get_by_role("radio").nth(1)).to_be_checked()
    if prompt:
        expect(page.locator(REFLECTION).first.locator("textarea")).to_have_value(words)
    assert app.code_shown() == []
    assert app.problems_shown() == []
    # nothing fetched from the internet: an offline workshop room gets the same page
    assert "cdn.jsdelivr.net" not in page.content()
    screenshot_whole(page, f"voila-{path.stem}")
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def kernel_exists(server, kernel_id) -> bool:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"{server.base}/api/kernels/{kernel_id}",
                                     headers={"Authorization": f"token {server.token}"})
    try:
        with urllib.request.urlopen(request, timeout=10):
            return True
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def test_reloading_an_app_shuts_its_old_kernel_down(page, voila_server):
    """Each reload or visit starts a kernel; the page's unload beacon must stop the old one.

    Voila's widget manager sets that beacon up as it starts, just before it draws the first
    widget, so the reload waits for a widget on screen: on a busy CI machine a reload made
    the moment the spinner went was before it, and that kernel was left to the idle cull."""
    app = VoilaPage(page, voila_server)
    config = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    app.open_app("notebooks/00-welcome.ipynb")  # straight in, as from a bookmark
    expect(page.locator(RATING).first).to_be_visible()
    first = page.evaluate(config)
    assert kernel_exists(voila_server, first)
    page.reload()
    app.wait_until_rendered()
    assert page.evaluate(config) != first
    for _ in range(50):
        if not kernel_exists(voila_server, first):
            break
        page.wait_for_timeout(200)
    assert not kernel_exists(voila_server, first), "the old kernel is still running"
    assert page.console.errors(*HARMLESS_CONSOLE) == []


def test_welcome_parts_on_shared_layouts_show_and_hide_one_at_a_time(page, voila_server):
    """The welcome page's widgets share their layouts (views/shared.py, issue 14): a part
    shown or hidden moves to another shared layout, so in the page it alone appears or goes.
    The journal's delete buttons swap places; an error appears under the one rating that
    could not be saved (its journal replaced by a folder for a moment), then goes again."""
    step = curriculum.default().step("00-welcome")
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/00-welcome.ipynb")
    wait_for_widgets(page, step)
    delete = page.get_by_role("button", name="Delete my journal…")
    confirm = page.get_by_role("button", name="Yes, delete every answer")
    cancel = page.get_by_role("button", name="No, keep my journal")
    download = page.get_by_role("button", name="Download a copy of my journal")
    expect(delete).to_be_visible()
    expect(confirm).to_be_hidden()
    expect(cancel).to_be_hidden()
    delete.click()
    expect(confirm).to_be_visible()
    expect(cancel).to_be_visible()
    expect(delete).to_be_hidden()
    expect(download).to_be_visible()  # on the same shared layout as delete was: unmoved
    cancel.click()
    expect(delete).to_be_visible()
    expect(confirm).to_be_hidden()
    expect(page.get_by_text("Nothing was deleted.")).to_be_visible()

    errors = page.locator(f"{RATING} .interdep-error")
    expect(errors).to_have_count(0)
    status = page.locator(RATING).nth(2).get_by_role("status")
    page.locator(RATING).nth(2).get_by_role("radio").nth(1).check()
    expect(status).to_have_text("Saved.")
    journal, kept = voila_server.journal_path, voila_server.home / "journal.kept-by-test"
    if journal.exists():
        journal.rename(kept)
    journal.mkdir()
    try:
        page.locator(RATING).nth(2).get_by_role("radio").nth(3).check()
        expect(errors).to_have_count(1)
        expect(page.locator(RATING).nth(2).locator(".interdep-error")).to_be_visible()
        expect(status).to_have_text("")  # not the "Saved." of the choice before
        screenshot(page, "voila-welcome-rating-error", full_page=False)
    finally:
        journal.rmdir()
        if kept.exists():
            kept.rename(journal)
    page.locator(RATING).nth(2).get_by_role("radio").nth(4).check()
    expect(page.locator(RATING).nth(2)).to_contain_text("Saved.")
    expect(errors).to_have_count(0)
    assert voila_server.journal().rating("00-welcome", step.items[2].id) == 5


def test_welcome_share_panel_and_folder_box_on_shared_layouts(page, voila_server, tmp_path):
    """The share panel and the group-folder box build on shared layouts too (issue 14, item
    4): the exact file shows and hides on its own, and the folder box's error appears under
    it for a folder that is not there and goes once the box is emptied."""
    step = curriculum.default().step("00-welcome")
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/00-welcome.ipynb")
    wait_for_widgets(page, step)
    share = page.locator(".interdep-share")
    toggle = share.get_by_role("button", name="Show the exact file")
    # "There is no file yet" on a first run; this server's earlier tests may have set a code
    exact = share.get_by_text(re.compile(
        "There is no file yet|This is the file exactly as it would be written"))
    expect(exact).to_be_hidden()
    toggle.click()
    expect(exact).to_be_visible()
    expect(share.get_by_role("button", name="Hide the exact file")).to_be_visible()
    share.get_by_role("button", name="Hide the exact file").click()
    expect(exact).to_be_hidden()
    expect(share.get_by_role("button", name="Share my ratings for this step")).to_be_disabled()

    folder = page.get_by_label("Group folder")
    missing = tmp_path / "not-there"
    folder.fill(str(missing))
    folder.press("Enter")
    error = page.locator(".interdep-error", has_text="There is no folder at")
    expect(error).to_be_visible()
    screenshot(page, "voila-welcome-folder-error", full_page=False)
    folder.fill("")
    folder.press("Enter")
    expect(error).to_have_count(0)
    expect(page.get_by_text("No group folder: fine if you are studying alone")).to_be_visible()
    assert page.console.errors(*HARMLESS_CONSOLE) == []


#: The distance, in CSS pixels, from the top of the page to an element (the page scrolls
#: inside a panel in Voila as in Lab).
OFFSET_JS = """(e) => {
  let s = e; while (s && !(s.scrollHeight > s.clientHeight + 10
      && /(auto|scroll)/.test(getComputedStyle(s).overflowY))) s = s.parentElement;
  return e.getBoundingClientRect().top + (s ? s.scrollTop - s.getBoundingClientRect().top
                                            : window.scrollY);
}"""
PHONE_SCREEN = 844
#: The first rating was about five screens down on a phone (a participant's review); it
#: should come within about two.
MOST_SCREENS = 2.5


def test_welcome_on_a_phone_reaches_the_first_rating_within_about_two_screens(page,
                                                                            voila_server):
    """Every sentence about consent, privacy and crisis help is on screen (not folded) above
    the first rating; the rest of the introduction is in a closed disclosure."""
    page.set_viewport_size({"width": 390, "height": PHONE_SCREEN})
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/00-welcome.ipynb")
    rating = page.locator(RATING).first
    expect(rating).to_be_visible()
    first = rating.evaluate(OFFSET_JS)
    assert first <= MOST_SCREENS * PHONE_SCREEN, f"first rating {first:.0f} px down"
    for words in ("not therapy", "If you are in crisis", "988", "116 123",
                  "call your local emergency number", "could open files in it",
                  "Every question is optional", "Prefer not to say",
                  "you can withdraw it later"):
        said = page.get_by_text(words, exact=False).first
        expect(said).to_be_visible()
        assert said.evaluate(OFFSET_JS) < first, f"{words!r} comes after the first rating"
    for number in ("988", "116123"):  # a tap calls the line on a phone
        expect(page.locator(f'a[href="tel:{number}"]').first).to_be_visible()
    more = page.locator("details", has_text="More about this workshop")
    expect(more).to_have_count(1)
    assert more.evaluate("(d) => d.open") is False
    expect(page.get_by_text("Not every \"no, thanks\" is a problem")).to_be_hidden()
    more.locator("summary").click()
    expect(page.get_by_text("Not every \"no, thanks\" is a problem")).to_be_visible()
    screenshot(page, "voila-welcome-phone-first-screen", full_page=False)
    assert app.problems_shown() == []


def top_of(locator) -> float:
    return float(locator.evaluate(OFFSET_JS))


def test_the_text_under_a_saved_line_stays_put_when_it_appears(page, voila_server):
    """"Saved." under a rating, and under a box that saves as it is typed (08's look back),
    appears in the room kept for it: the statement under it does not move. It moved down
    about 25 px as "Saved." appeared (a first-time participant's review)."""
    step = curriculum.default().step("00-welcome")
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/00-welcome.ipynb")
    wait_for_widgets(page, step)
    ratings = page.locator(RATING)
    # a rating nobody answered yet on this server (other tests answer the first and third)
    quiet = [i for i in range(ratings.count() - 1)
             if ratings.nth(i).get_by_role("status").inner_text() == ""]
    assert quiet, "every rating was answered already: nothing would appear"
    rating, below = ratings.nth(quiet[-1]), ratings.nth(quiet[-1] + 1)
    before = top_of(below)
    rating.get_by_role("radio").nth(2).check()
    expect(rating.get_by_role("status")).to_have_text("Saved.")
    assert top_of(below) == pytest.approx(before, abs=0.5)

    app.open_app("notebooks/08-embracing-interdependence.ipynb")
    stems = curriculum.default().step("08-embracing-interdependence").exercise[
        "look_back_stems"]
    box = page.get_by_role("textbox", name=stems[0]["label"], exact=True)
    expect(box).to_be_visible()
    saving = page.locator(".widget-vbox", has=box).last.locator(".interdep-status-line")
    expect(saving).to_have_text("")
    below = page.locator(".interdep-statement", has_text=stems[1]["label"])
    before = top_of(below)
    box.fill("I would have said I never need anyone.")
    expect(saving).to_have_text("Saved.", timeout=10_000)
    assert top_of(below) == pytest.approx(before, abs=0.5)
    assert app.problems_shown() == []


def test_each_change_button_is_described_by_the_entry_it_changes(page, voila_server):
    """A screen reader heard "Change, Change, Change" down a list: each row's buttons keep
    their short word as their name and are described by their entry."""
    step = curriculum.default().step("03-start-small")
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/03-start-small.ipynb")
    wait_for_widgets(page, step)
    asks = [f"Ask R about the {thing} ({step.id})" for thing in ("parcel", "lift")]
    box = page.get_by_role("textbox", name="The ask", exact=True)
    for ask in asks:
        expect(box).to_have_value("")  # the form is emptied after each add
        box.fill(ask)
        page.get_by_role("textbox", name="Expected discomfort (0 to 100)").fill("20")
        page.get_by_role("button", name="Add to my ladder").click()
        expect(page.locator(".widget-hbox", has_text=ask)).to_have_count(1)
    for ask in asks:
        row = page.locator(".widget-hbox", has_text=ask)  # the row: its words and buttons
        # (not exact: the name starts with the icon's glyph, which a screen reader skips)
        for word in ("Change", "Remove"):
            button = row.get_by_role("button", name=word)
            expect(button).to_have_text(word)
            expect(button).to_have_accessible_description(f"{word}: {ask}")
    assert app.problems_shown() == []

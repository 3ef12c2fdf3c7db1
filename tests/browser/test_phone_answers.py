"""What a first-time participant met on a 390 px phone (a review): a rating's five choices
in uneven pairs, step 02's unrated slider looking set at 50, "Not / rated yet", the record
being edited offering to open itself, and the form jumping when a new record starts.
Measured in Chromium as a participant sees the app."""

from __future__ import annotations

import re

import pytest
from browser_ui import HARMLESS_CONSOLE, RATING, VoilaPage, screenshot
from page_checks import AXE, axe_violations
from playwright.sync_api import expect

from interdependence import curriculum

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
THOUGHT_RECORD = "notebooks/02-reframe-help-as-strength.ipynb"

CHOICE_BOXES_JS = """
(rating) => [...rating.querySelectorAll('.interdep-choice-options label'),
             rating.querySelector('.interdep-skip')].map(e => {
  const r = e.getBoundingClientRect();
  const box = (e.querySelector('input') || e).getBoundingClientRect();
  return {text: e.textContent.trim(), left: r.left, top: r.top, bottom: r.bottom,
          height: r.height, width: r.width, input: box.width,
          room: e.parentElement.getBoundingClientRect().width};
})
"""


@pytest.mark.parametrize("size", ["phone", "wide"])
def test_a_ratings_choices_read_as_one_list_on_a_phone(page, voila_server, size):
    """At 390 px the five choices wrapped into pairs that read like a grid with a meaning:
    now one a line, each a 44 px target, "Prefer not to say" last. Wide: one row, as before."""
    page.set_viewport_size(PHONE if size == "phone" else WIDE)
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/00-welcome.ipynb")
    rating = page.locator(RATING).first
    expect(rating.get_by_role("radio").first).to_be_visible()
    rating.scroll_into_view_if_needed()
    boxes = rating.evaluate(CHOICE_BOXES_JS)
    choices, skip = boxes[:-1], boxes[-1]
    assert len(choices) >= 4, boxes
    assert skip["top"] >= max(c["bottom"] for c in choices) - 0.5  # "Prefer not to say" last
    if size == "phone":
        screenshot(page, "phone-rating-choices-390", full_page=False)
        for above, below in zip(choices, choices[1:], strict=False):
            assert below["top"] >= above["bottom"] - 0.5, boxes  # one a line, in order
        assert len({round(c["left"]) for c in choices}) == 1, boxes  # one clean column
        assert all(c["height"] >= 44 for c in boxes), boxes
        # a participant's review: only the word was a target ("Never", 61 px wide)
        assert all(c["width"] >= c["room"] - 1 for c in choices), boxes
        assert all(c["input"] >= 20 for c in boxes), boxes
    else:
        assert len({round(c["top"]) for c in choices}) == 1, boxes  # one row, as before
    assert app.problems_shown() == []


UNSET = re.compile(r"\binterdep-unset\b")
UNRATED = "Not rated yet: tap the line to rate it."
SLIDER_JS = """
(el) => {
  const input = el.querySelector('input[type=range]');
  return {unset: el.classList.contains('interdep-unset'),
          valuetext: input.getAttribute('aria-valuetext'),
          appearance: getComputedStyle(input).appearance,
          readout: el.querySelector('output').textContent};
}
"""


def open_thought_record(page, voila_server) -> VoilaPage:
    page.set_viewport_size(PHONE)
    app = VoilaPage(page, voila_server)
    app.open_app(THOUGHT_RECORD)
    # an empty form, whatever an earlier test on this server left open
    page.get_by_role("button", name="Start a new record").click()
    expect(page.get_by_text(UNRATED).first).to_be_visible()
    return app


def test_an_unrated_belief_looks_unset_until_it_is_rated(page, voila_server):
    """The slider's handle sat at 50 while "Not rated yet" was ticked: it looked like a
    rating of 50. Unrated, it is a bare line with no handle and no number (a screen reader
    hears "not rated yet"); a tap on it rates, and "Clear my rating" unsets it."""
    app = open_thought_record(page, voila_server)
    slider = page.locator(".interdep-slider").first
    slider.scroll_into_view_if_needed()
    shown = slider.evaluate(SLIDER_JS)
    assert shown == {"unset": True, "valuetext": "not rated yet", "appearance": "none",
                     "readout": ""}, shown
    screenshot(page, "phone-thought-record-unrated-390", full_page=False)

    slider.locator("input").click()  # a tap in the middle of the line
    expect(slider).not_to_have_class(UNSET)
    shown = slider.evaluate(SLIDER_JS)
    assert shown["appearance"] != "none", shown
    screenshot(page, "phone-thought-record-rated-390", full_page=False)
    page.get_by_role("button", name="Clear my rating").first.click()  # not rated after all
    expect(slider).to_have_class(UNSET)
    assert app.problems_shown() == []
    assert page.console.errors(*HARMLESS_CONSOLE) == []


RATING_ROW_JS = """
(slider) => {
  const rating = slider.closest('.widget-vbox');  // the track, and the words under it
  return {text: rating.innerText, boxes: rating.querySelectorAll('input[type=checkbox]').length,
          readout: slider.querySelector('output').textContent};
}
"""


def test_a_rating_says_plainly_whether_it_is_rated_and_can_be_cleared(page, voila_server):
    """A "Not rated yet" tick box read as a double negative: ticked before rating, and an
    unticked "Not rated yet" after it, which a nervous person may think they must untick.
    Now words say it, the number is said once ("71" showed beside the track AND in "You
    rated it 71 out of 100"), and "Clear my rating" goes back to not rated."""
    app = open_thought_record(page, voila_server)
    expect(page.get_by_role("checkbox", name="Not rated yet")).to_have_count(0)
    slider = page.locator(".interdep-slider").first
    slider.scroll_into_view_if_needed()
    clear = page.get_by_role("button", name="Clear my rating").first
    shown = slider.evaluate(RATING_ROW_JS)
    assert UNRATED in shown["text"], shown
    assert shown["boxes"] == 0, shown
    expect(clear).to_be_hidden()

    slider.locator("input").focus()
    page.keyboard.press("ArrowRight")  # the keyboard rates it too
    expect(page.get_by_text("You rated it 51 out of 100").first).to_be_visible()
    expect(slider.locator("input")).to_have_attribute("aria-label", re.compile(r"\w"))
    expect(clear).to_be_visible()
    shown = slider.evaluate(RATING_ROW_JS)
    assert shown["text"].count("51") == 1, shown  # the number, said once
    assert shown["readout"] == "", shown
    assert "Not rated" not in shown["text"], shown
    assert clear.evaluate(BUTTON_LINES_JS) == 1
    screenshot(page, "phone-thought-record-clear-390", full_page=False)
    if AXE.is_file():
        assert axe_violations(page) == []
    clear.click()
    expect(page.get_by_text(UNRATED).first).to_be_visible()
    expect(clear).to_be_hidden()
    expect(slider).to_have_class(UNSET)
    assert app.problems_shown() == []


#: How many lines a button's words take.
BUTTON_LINES_JS = """
(button) => {
  const range = document.createRange();
  range.selectNodeContents(button);
  const tops = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0)
    .map(r => Math.round(r.top + r.height / 2));
  return new Set(tops.map(t => Math.round(t / 10))).size;
}
"""


def test_start_a_new_record_is_on_one_line(page, voila_server):
    """At 390 px "+ Start a new record" broke onto two lines in a squeezed button."""
    app = open_thought_record(page, voila_server)
    new = page.get_by_role("button", name="Start a new record")
    new.scroll_into_view_if_needed()
    assert new.evaluate(BUTTON_LINES_JS) == 1
    box = new.bounding_box()
    assert box["height"] <= 48, box  # a 44 px tap target, one line tall
    assert app.problems_shown() == []


def test_the_belief_slider_spans_the_phones_column(page, voila_server):
    """Its "0" and "100" took 98 px each and left the slider itself 85 px to aim at."""
    open_thought_record(page, voila_server)
    slider = page.locator(".interdep-slider input").first
    slider.scroll_into_view_if_needed()
    column = page.locator(".interdep-thought-record").first.bounding_box()
    assert slider.bounding_box()["width"] >= 0.5 * column["width"], column



def test_the_tick_boxes_are_big_enough_for_a_finger(page, voila_server):
    """Step 02's thinking traps were 13 px tick boxes at 390 px (a participant's review)."""
    open_thought_record(page, voila_server)
    boxes = page.locator(".interdep-thought-record .widget-checkbox input[type=checkbox]")
    expect(boxes.first).to_be_attached()
    sizes = boxes.evaluate_all("(es) => es.map(e => e.getBoundingClientRect())"
                               ".filter(r => r.width > 0).map(r => [r.width, r.height])")
    assert sizes, "no tick box shown"
    assert all(w >= 20 and h >= 20 for w, h in sizes), sizes


FORM_TOP_JS = "(e) => e.getBoundingClientRect().top"


def write_a_record(page, voila_server, words: str) -> tuple[VoilaPage, object]:
    """A new record with these words (each test its own: the server's journal keeps them)."""
    app = open_thought_record(page, voila_server)
    situation = page.get_by_role("textbox", name=curriculum.default().step(
        "02-reframe-help-as-strength").exercise["parts"][0]["label"], exact=True)
    situation.fill(words)
    expect(page.locator(".widget-hbox", has_text=words)).to_have_count(1, timeout=10_000)
    return app, situation  # saved: the record is in the list


def test_the_record_list_reads_as_sentences_with_no_lone_bracket(page, voila_server):
    """The list said '1. (My washing machine broke and my neighbour offered her car…' (a
    bracket never closed) and 'belief 71, not re-rated yet · feeling …', which broke as
    "not re-" / "rated yet" at 390 px."""
    words = ("My washing machine broke and my neighbour offered her car to take the "
             "laundry to the launderette.")
    app = open_thought_record(page, voila_server)
    situation = page.get_by_role("textbox", name=curriculum.default().step(
        "02-reframe-help-as-strength").exercise["parts"][0]["label"], exact=True)
    situation.fill(words)
    row = page.locator(".interdep-record-row", has_text="My washing machine broke")
    expect(row).to_have_count(1, timeout=10_000)
    slider = page.locator(".interdep-slider input").first
    slider.scroll_into_view_if_needed()
    slider.click()  # a rating
    expect(row).to_contain_text("You believed it", timeout=10_000)
    expect(row).to_contain_text("Not rated again yet.")
    text = row.locator(".widget-html").first.inner_text()
    assert text.count("(") == text.count(")"), text
    assert "re-" not in text, text
    assert "·" not in text, text
    row.scroll_into_view_if_needed()
    screenshot(page, "phone-thought-record-list-390", full_page=False)
    assert app.problems_shown() == []


def test_the_record_being_edited_says_so_instead_of_open(page, voila_server):
    """The open record's button said "Open": it says it is being edited and cannot be
    pressed; the other records keep their Open."""
    app, _ = write_a_record(page, voila_server, "A friend offered to help me move flat.")
    editing = page.get_by_role("button", name="Editing below")
    expect(editing).to_be_visible()
    expect(editing).to_be_disabled()
    row = page.locator(".widget-hbox", has=editing)
    expect(row.get_by_role("button", name="Open")).to_have_count(0)
    expect(row).not_to_contain_text("open below")  # said once, by the button
    screenshot(page, "phone-thought-record-editing-390", full_page=False)
    page.get_by_role("button", name="Start a new record").click()
    expect(page.get_by_role("button", name="Editing below")).to_have_count(0)
    expect(page.get_by_role("button", name="Open").last).to_be_enabled()
    assert app.problems_shown() == []


def test_starting_a_new_record_keeps_the_page_still(page, voila_server):
    """"Start a new record" moved the form by about 28 px (a line came and went above it)."""
    app, situation = write_a_record(page, voila_server, "My sister offered me a lift.")
    new = page.get_by_role("button", name="Start a new record")
    new.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    before = situation.evaluate(FORM_TOP_JS)
    new.click()
    expect(situation).to_have_value("")
    page.wait_for_timeout(500)  # whatever the new record redraws is drawn
    after = situation.evaluate(FORM_TOP_JS)
    screenshot(page, "phone-thought-record-new-390", full_page=False)
    assert after == pytest.approx(before, abs=1), (before, after)
    assert app.problems_shown() == []

"""What a first-time participant met on a 390 px phone (a review): a rating's five choices
in uneven pairs, step 02's unrated slider looking set at 50, "Not / rated yet", the record
being edited offering to open itself, and the form jumping when a new record starts.
Measured in Chromium as a participant sees the app."""

from __future__ import annotations

import pytest
from browser_ui import RATING, VoilaPage, screenshot
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}

CHOICE_BOXES_JS = """
(rating) => [...rating.querySelectorAll('.interdep-choice-options label'),
             rating.querySelector('.interdep-skip')].map(e => {
  const r = e.getBoundingClientRect();
  return {text: e.textContent.trim(), left: r.left, top: r.top, bottom: r.bottom,
          height: r.height};
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
    else:
        assert len({round(c["top"]) for c in choices}) == 1, boxes  # one row, as before
    assert app.problems_shown() == []

"""A first-time participant's review of the pages at 390 px (review 77): step 05 said
nothing of privacy before its boxes, and a step page had no way back to the parts or to the
crisis lines. Measured in Chromium as a participant sees the app."""

from __future__ import annotations

import pytest
from browser_ui import VoilaPage, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
STEP_05 = "notebooks/05-practice-vulnerability.ipynb"

#: For each private mark: its lines, and whether a box (input, textarea, select) of the
#: page comes before it in the same cell's output.
MARKS_JS = """
() => [...document.querySelectorAll('.interdep-private-mark')].map(mark => {
  const range = document.createRange();
  range.selectNodeContents(mark);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  const cell = mark.closest('.jp-OutputArea') || document.body;
  const boxes = [...cell.querySelectorAll('input[type=text], textarea, select')];
  const before = boxes.some(b =>
    b.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING);
  return {text: mark.textContent.trim(), lines, boxBefore: before,
          visible: mark.getBoundingClientRect().height > 0};
})
"""


def test_step_05s_private_exercises_say_so_before_their_first_box(page, voila_server):
    """The ladder, the sentences and the plan: one private mark each, on one line at
    390 px, before any box of its exercise."""
    page.set_viewport_size(PHONE)
    app = VoilaPage(page, voila_server)
    app.open_app(STEP_05)
    page.locator(".interdep-private-mark").first.wait_for()
    marks = page.evaluate(MARKS_JS)
    screenshot(page, "phone-05-private-marks-390", full_page=False)
    assert len(marks) == 3, marks
    for mark in marks:
        assert mark["text"] == "Private: what you write here is never shared.", mark
        assert mark["visible"], mark
        assert mark["lines"] == 1, mark
        assert not mark["boxBefore"], mark
    assert app.problems_shown() == []

"""A first-time participant's review of the pages at 390 px (review 77): step 05 said
nothing of privacy before its boxes, and a step page had no way back to the parts or to the
crisis lines. Measured in Chromium as a participant sees the app."""

from __future__ import annotations

import pytest
from browser_ui import LabNotebook, VoilaPage, screenshot
from playwright.sync_api import expect

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


CRISIS = "A learning space, not therapy"
#: The crisis heading's place: its id, and whether its top is on screen.
HEADING_JS = """
(words) => {
  const h = [...document.querySelectorAll('h2')].find(e => e.textContent.includes(words)
    && e.getBoundingClientRect().height > 0);
  if (!h) return null;
  const r = h.getBoundingClientRect();
  return {id: h.id, top: r.top, shown: r.top >= -2 && r.top < window.innerHeight};
}
"""


def test_a_step_page_links_to_all_the_parts_and_to_the_crisis_lines(page, voila_server):
    """Step 05 said "the welcome part lists people you can talk to" as plain text, and its
    only link was "Next": under "Next" are now links to the list of parts (the app's
    landing page) and to the welcome part's crisis lines, at 390 px."""
    page.set_viewport_size(PHONE)
    app = VoilaPage(page, voila_server)
    app.open_app(STEP_05)
    parts = page.get_by_role("link", name="All the parts")
    parts.scroll_into_view_if_needed()
    screenshot(page, "phone-05-ways-back-390", full_page=False)
    for name in ("All the parts", "Crisis lines"):  # a finger's target (WCAG 2.5.5)
        box = page.get_by_role("link", name=name).bounding_box()
        assert box is not None
        assert box["height"] >= 44, (name, box)
    parts.click()
    page.get_by_role("heading", name="Interdependence", exact=True).wait_for()
    expect(page.get_by_role("link", name="Practise vulnerability")).to_be_visible()

    app.open_app(STEP_05)
    page.get_by_role("link", name="Crisis lines").click()
    app.wait_until_rendered()
    assert page.url.split("#")[0].endswith("/00-welcome.ipynb"), page.url
    expect(page.get_by_text("Samaritans on 116 123", exact=False)).to_be_visible()
    heading = page.evaluate(HEADING_JS, CRISIS)
    assert heading is not None
    assert page.url.endswith("#" + heading["id"]), (page.url, heading)  # the anchor is real


@pytest.mark.parametrize("name", ["All the parts", "Crisis lines"])
def test_in_lab_the_ways_back_open_the_welcome_notebook(page, lab_server, name):
    """In JupyterLab the list of parts is the welcome notebook: both links open it, the
    crisis link at its crisis lines."""
    notebook = LabNotebook(page, lab_server, "notebooks/05-practice-vulnerability.ipynb")
    notebook.open().run_all()
    link = notebook.panel.get_by_role("link", name=name)
    link.scroll_into_view_if_needed()
    link.click()
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    expect(tab).to_contain_text("00-welcome.ipynb")
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").get_by_role(
        "heading", name=CRISIS)).to_have_count(1)
    if name == "Crisis lines":
        page.wait_for_function(f"() => ({HEADING_JS})({CRISIS!r})?.shown")
    notebook.shut_down()


ROW_JS = """
(row) => {
  const box = e => e.getBoundingClientRect();
  const words = row.querySelector('.widget-html-content');
  const range = document.createRange();
  range.selectNodeContents(words);
  // a line's pieces in other sizes (the bold number, the muted name) start a few px apart
  const tops = [...range.getClientRects()].map(r => Math.round(r.top)).sort((a, b) => a - b);
  const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 10).length;
  return {lines, wordsBottom: box(words).bottom,
          lineGap: tops.length > 1 ? Math.max(...tops) - Math.min(...tops) : 0,
          buttons: [...row.querySelectorAll('button')].map(b => box(b).top)};
}
"""


def test_a_ladder_rung_reads_across_the_phone_with_its_buttons_under_it(page, voila_server):
    """A rung was squeezed into three widely spaced lines beside Edit and Remove: on a phone
    its words run across the column, the buttons under them, as step 02's records do."""
    page.set_viewport_size(PHONE)
    app = VoilaPage(page, voila_server)
    app.open_app(STEP_05)
    page.get_by_role("textbox", name="What I could share").fill(
        "that I have not slept well for weeks")
    page.get_by_role("textbox", name="Who I might tell").fill("my sister")
    page.get_by_role("textbox", name="How exposed (0 to 100)").fill("30")
    page.get_by_role("button", name="Add to my ladder").click()
    row = page.locator(".interdep-disclosure-ladder .widget-hbox").filter(
        has_text="not slept well").first
    row.wait_for()
    row.scroll_into_view_if_needed()
    screenshot(page, "phone-05-ladder-row-390", full_page=False)
    shape = row.evaluate(ROW_JS)
    assert shape["lines"] <= 2, shape
    assert all(top >= shape["wordsBottom"] - 1 for top in shape["buttons"]), shape
    assert shape["lineGap"] <= 30, shape  # lines of text, not three spaced-out rows


#: Each text box's example (placeholder) that does not fit in it: its width measured in the
#: box's own font, against the room inside the box.
CUT_PLACEHOLDERS_JS = """
() => {
  const ctx = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('input[type=text][placeholder]')]
    .filter(i => i.getBoundingClientRect().width > 0)
    .map(i => {
      const s = getComputedStyle(i);
      ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const room = i.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      return {text: i.placeholder, need: ctx.measureText(i.placeholder).width, room};
    }).filter(p => p.need > p.room);
}
"""


def test_step_05s_examples_in_its_boxes_are_not_cut_off_on_a_phone(page, voila_server):
    """"for example: that I am more tired than I have bee": the ladder's example was cut
    off at 390 px. Every example in a box of step 05 shows whole."""
    page.set_viewport_size(PHONE)
    app = VoilaPage(page, voila_server)
    app.open_app(STEP_05)
    page.get_by_role("textbox", name="What I could share").wait_for()
    assert page.evaluate(CUT_PLACEHOLDERS_JS) == []


#: Every word of the progress table broken over two lines, with its cell.
BROKEN_WORDS_JS = """
() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table.interdep-progress td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}
"""


def test_the_welcomes_progress_table_breaks_no_word_on_a_phone(page, voila_server):
    """At 390 px the table read "Check-/in", "20/min", "Step 1/of 7": on a phone each part is
    a row of its own, and no word is broken."""
    page.set_viewport_size(PHONE)
    app = VoilaPage(page, voila_server)
    app.open_app("notebooks/00-welcome.ipynb")
    table = page.locator("table.interdep-progress")
    table.wait_for()
    table.scroll_into_view_if_needed()
    screenshot(page, "phone-welcome-progress-390", full_page=False)
    assert page.evaluate(BROKEN_WORDS_JS) == []
    widths = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert widths[0] <= widths[1], widths  # nothing past the column's edge

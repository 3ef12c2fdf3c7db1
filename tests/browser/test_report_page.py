"""The cohort report in a browser, at projector and phone widths (issue 12, item 16).

The report is one long page: a table of contents, landmarks and a skip link find the way
round it, and on a phone each chart is its phone layout, never wider than the screen.
"""

from __future__ import annotations

import pytest
from browser_ui import screenshot
from playwright.sync_api import expect

from interdependence.report.build import write_report

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from interdependence import paths

    out = tmp_path_factory.mktemp("report") / "report.html"
    write_report(paths.sample_cohort(), out, seed=1)
    return out


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_report_reads_at_each_width(page, report, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(report.as_uri())
    expect(page.locator("main")).to_have_count(1)
    screenshot(page, f"report-{size}-top", full_page=False)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], widths  # nothing scrolls sideways
    images = page.evaluate("""() => [...document.querySelectorAll('main img')].map(i => ({
        shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
        phone: i.currentSrc !== i.src, alt: i.alt}))""")
    assert len(images) > 10
    for image in images:
        assert image["shown"] <= width
        assert image["phone"] == (size == "phone"), image  # the phone layout on a phone
        assert len(image["alt"]) > 30
    # the skip link is the first Tab stop and lands in main
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the report")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # the contents reach every step
    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Step 4 of 7: Build a support network").click()
    heading = page.get_by_role("heading", name="Step 4 of 7: Build a support network")
    expect(heading).to_be_in_viewport()
    screenshot(page, f"report-{size}-step-4", full_page=False)
    assert page.console.errors() == []

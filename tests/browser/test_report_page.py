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


def test_a_projected_chart_fits_1280_by_800_and_each_section_leads_back(page, report):
    """The review: at 1280 x 800 the seven-signs chart was 843 px tall, its legend below the
    screen. The legend is now above the bars, and each section ends with a link back."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(report.as_uri())
    chart = page.locator("section#signs\\.check-in img")
    chart.scroll_into_view_if_needed()
    page.evaluate("el => el.scrollIntoView({block: 'start'})", chart.element_handle())
    box = chart.bounding_box()
    assert box is not None
    assert box["height"] <= 800, box  # the whole chart on one projected screen
    screenshot(page, "report-desktop-800-signs", full_page=False)
    section = page.locator("section[aria-labelledby='section-step-6-of-7-set-self-boundaries']")
    back = section.get_by_role("link", name="Back to contents")
    back.scroll_into_view_if_needed()
    screenshot(page, "report-desktop-800-step-6-end", full_page=False)
    back.click()
    expect(page.get_by_role("navigation", name="Contents")).to_be_in_viewport()
    assert page.console.errors() == []


def test_step_6_on_a_phone_for_looking_at(page, report):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(report.as_uri())
    page.locator("section[id$='decisions'] img").scroll_into_view_if_needed()
    screenshot(page, "report-phone-step-6-decisions", full_page=False)
    page.locator("section[id$='.hours'] img").scroll_into_view_if_needed()
    screenshot(page, "report-phone-step-6-hours", full_page=False)

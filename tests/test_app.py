"""The `make app` landing page, without a browser (tests/browser/test_voila.py drives it live)."""

import re

from interdependence import curriculum
from interdependence.app import landing_html


def test_landing_page_lists_the_steps_in_order_with_links_and_minutes(tmp_path):
    steps = curriculum.default().steps
    (tmp_path / "notebooks").mkdir()
    for step in steps:
        (tmp_path / "notebooks" / step.notebook).write_text("{}")
    page = landing_html(curriculum.default(), "/base/", tmp_path)
    links = re.findall(r'<a href="/base/voila/render/notebooks/([^"]+)">([^<]+)</a>', page)
    assert links == [(s.notebook, s.title) for s in steps]
    assert [int(m) for m in re.findall(r"about (\d+) minutes", page)] == [s.minutes for s in steps]
    assert "cohort dashboard" not in page  # no dashboard in this folder, so no link to it


def test_a_missing_notebook_is_named_but_not_linked(tmp_path):
    (tmp_path / "notebooks").mkdir()
    page = landing_html(curriculum.default(), "/", tmp_path)
    assert "<a " not in page.split("<ol")[1].split("</ol>")[0]
    assert page.count("not in this copy of the kit") == len(curriculum.default().steps)

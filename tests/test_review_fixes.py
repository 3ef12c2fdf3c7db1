"""A first-time participant's review of the pages (review 77): what each step says before
anything is written, the words that were wrong on a phone or a hub, and the ways back."""

from __future__ import annotations

import ipywidgets as w
import pytest
from model_helpers import descendants

from interdependence.session import StepSession

PRIVATE_MARK = "Private: what you write here is never shared."

#: Every exercise part whose writing stays in the journal (its model shares nothing).
PRIVATE_PARTS = [("01-pinpoint-the-root-cause", "timeline"),
                 ("05-practice-vulnerability", "ladder"),
                 ("05-practice-vulnerability", "stems"),
                 ("05-practice-vulnerability", "plan"),
                 ("07-consider-therapy", "barriers"),
                 ("08-embracing-interdependence", "look_back"),
                 ("08-embracing-interdependence", "plan")]
BOXES = (w.Text, w.Textarea, w.Checkbox, w.Dropdown)


@pytest.mark.parametrize(("step_id", "part"), PRIVATE_PARTS)
def test_a_private_exercise_says_so_once_before_its_first_box(journal, step_id, part):
    """Step 05's ladder, sentences and plan said nothing of privacy, while the reflections
    under them did: now each private exercise wears one short private mark, first."""
    widget = StepSession(step_id, journal=journal).exercise(part)
    seen = [x for x in descendants(widget)
            if isinstance(x, BOXES) or (isinstance(x, w.HTML) and PRIVATE_MARK in x.value)]
    marks = [i for i, x in enumerate(seen) if isinstance(x, w.HTML)]
    assert marks == [0], [type(x).__name__ for x in seen]
    assert 'class="interdep-private"' in seen[0].value  # the reflections' badge


def test_where_answers_stay_is_said_in_words_true_on_a_phone_or_a_hub(journal, tmp_path):
    """"Stay on this computer" was wrong on a phone or a hub (the journal is on the server):
    the header card, the landing page and the welcome say where, in words true everywhere."""
    import json
    from pathlib import Path

    from interdependence import curriculum
    from interdependence.app import landing_html

    session = StepSession("05-practice-vulnerability", journal=journal)
    card = " ".join(x.value for x in descendants(session.header()) if isinstance(x, w.HTML))
    assert "stay in your private journal unless you choose to share them" in card
    welcome = Path(__file__).parents[1] / "notebooks" / "00-welcome.ipynb"
    markdown = " ".join("".join(c["source"]) for c in json.loads(welcome.read_text())["cells"]
                        if c["cell_type"] == "markdown")
    for page in (card, landing_html(curriculum.default()), markdown):
        assert "this computer" not in page.replace("\n", " ")

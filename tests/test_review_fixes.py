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


def test_the_ways_back_lead_to_the_list_of_parts_in_each_mode(monkeypatch):
    """Under "Next": all the parts (the app's landing page: ``/`` of the app, or
    ``interdependence/`` of a hub user's server; the welcome notebook in Lab) and the
    welcome part's crisis lines (its heading's anchor)."""
    from interdependence import curriculum
    from interdependence.views import mode
    from interdependence.views.page import next_step_link

    course = curriculum.default()

    def links(step_index: int) -> list[str]:
        import re

        return re.findall(r'href="([^"]+)"', next_step_link(course, course.steps[step_index])
                          .value)

    for name in (*mode.VOILA_MARKERS, "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    crisis = "00-welcome.ipynb#A-learning-space,-not-therapy"
    assert links(5)[1:] == ["00-welcome.ipynb", crisis]
    assert links(-1) == ["00-welcome.ipynb", crisis]  # the end: no "Next", no second link
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert links(5)[1:] == ["/", crisis]
    monkeypatch.setenv("VOILA_BASE_URL", "/user/ana/")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    assert links(5)[1:] == ["/user/ana/interdependence/", crisis]


def test_a_sign_preferred_not_to_say_is_left_out_kindly_not_as_owed():
    """'Nothing to compare yet: Needing support felt weak ("prefer not to say")' read as if
    an answer were owed: a deliberate "Prefer not to say" is said apart, with no "yet"."""
    from interdependence.exercises.closing import left_out_note

    rows = [{"sign": "Hard to ask for help", "status": "compared"},
            {"sign": "Needing support felt weak", "status": "prefer_not_to_say"},
            {"sign": "Doing it all myself", "status": "check_in_only"}]
    said = left_out_note(rows)
    waiting, chosen = said.split(" Left out")
    assert "yet" in waiting
    assert "Doing it all myself" in waiting
    assert "Needing support" not in waiting
    assert chosen == ", as you preferred not to say, and that is fine: Needing support felt weak."
    alone = left_out_note(rows[:2])
    assert "yet" not in alone
    assert alone.startswith("Left out, as you preferred not to say")


def test_step_05_and_the_welcome_say_what_they_hold():
    """Step 05 promised "a date attached" while its plan says a date is optional; the
    welcome's "One reflection" sat over two questions."""
    import json
    from pathlib import Path

    from interdependence import curriculum

    course = curriculum.default()
    objectives = " ".join(course.step("05-practice-vulnerability").objectives)
    assert "date attached" not in objectives
    assert "if you want one" in objectives
    welcome = Path(__file__).parents[1] / "notebooks" / "00-welcome.ipynb"
    headings = [line for c in json.loads(welcome.read_text())["cells"]
                if c["cell_type"] == "markdown" for line in c["source"]
                if line.startswith("## ")]
    assert "## One reflection\n" not in headings
    assert len(course.step("00-welcome").prompts) == 2
    assert "## Two questions to reflect on\n" in headings


def test_the_group_code_and_folder_boxes_are_explained_once(journal):
    """A participant's review: the welcome said how to fill in each box twice, back to back
    ("Type it in the box below and press Enter. Studying on your own? Skip this." and, in
    the box, "Type it here and press Enter. Studying alone? Leave it blank."). The notebook
    says it once, above each box; the boxes keep only their label and what is saved."""
    import json
    from pathlib import Path

    session = StepSession("00-welcome", journal=journal)
    welcome = Path(__file__).parents[1] / "notebooks" / "00-welcome.ipynb"
    markdown = " ".join("".join(c["source"]) for c in json.loads(welcome.read_text())["cells"]
                        if c["cell_type"] == "markdown")
    assert markdown.count("press Enter") == 2  # once for the code, once for the folder
    for box in (session.cohort_code(), session.cohort_location()):
        words = " ".join(x.value for x in descendants(box) if isinstance(x, w.HTML))
        assert "press Enter" not in words
        assert "Leave it" not in words


def test_the_last_step_has_one_way_back_to_the_parts(journal, monkeypatch):
    """The end of step 08 linked "the welcome page" (part 00) just above "All the parts"
    (the app's list of parts): two links that read as one place and were not."""
    import re

    from interdependence.views import mode

    monkeypatch.setattr(mode, "in_app", lambda: True)
    card = StepSession("08-embracing-interdependence", journal=journal).next_step().value
    assert "end of the curriculum" in card
    assert "welcome" not in re.sub(r"<[^>]+>", "", card).lower()
    links = re.findall(r'<a href="([^"]*)">([^<]*)</a>', card)
    assert [name for _, name in links] == ["All the parts", "Crisis lines"]

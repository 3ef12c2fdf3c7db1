"""Everything a participant reads is written at about grade 8 or below.

Participants are mostly not programmers and may be tired or upset when they read. Each
section (a notebook's Markdown cell, a text field of the curriculum YAML; see
``tests/reading_level.py``) of at least 40 words is graded with textstat's Flesch-Kincaid
grade. A failure names the section and its grade: rewrite it in shorter sentences and
plainer words, and keep its meaning.
"""

from __future__ import annotations

import pytest
import reading_level as readability

SECTIONS = readability.sections()


def test_the_sections_come_from_every_notebook_and_the_curriculum():
    names = {where.split(" cell ")[0] for where, _ in SECTIONS if " cell " in where}
    assert len(names) == 9, names  # a Markdown cell of each participant notebook
    yaml_files = {where.split(".yaml")[0] for where, _ in SECTIONS if ".yaml" in where}
    assert {"steps/07-consider-therapy", "steps/02-reframe-help-as-strength"} <= yaml_files
    assert len(SECTIONS) >= 60


def test_the_grader_tells_plain_words_from_dense_ones():
    plain = ("You can stop at any time. Nothing is lost if you do. Your answers stay on your "
             "own computer, and you can come back to them on another day, when you feel "
             "ready. There is no rush, and there are no wrong answers here at all.")
    dense = ("Confidentiality has limitations that a responsible practitioner explains "
             "initially: information may be disclosed if someone is at considerable risk of "
             "harm, if a court requires it, or to safeguard a child or a vulnerable adult, and "
             "institutional payers frequently retain administrative documentation.")
    assert readability.grade(plain) <= readability.MAX_GRADE < readability.grade(dense)


def test_list_items_and_headings_count_as_sentences():
    text = readability.plain_markdown("## Steps\n\n1. Name the **feeling**\n2. Rate it\n"
                                      "- a [link](x.md) and `code`\n")
    assert text == "Steps. Name the feeling. Rate it. a link and code."


@pytest.mark.parametrize(("where", "text"), SECTIONS, ids=[w for w, _ in SECTIONS])
def test_every_participant_facing_section_is_at_most_grade_8(where, text):
    grade = readability.grade(text)
    assert grade <= readability.MAX_GRADE, (
        f"{where} reads at grade {grade:g} (at most {readability.MAX_GRADE:g}): use shorter "
        f"sentences and plainer words.\n{text}")

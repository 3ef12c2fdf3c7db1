"""The rating statements themselves: one idea each, the seven signs on one scale with a time
frame, short labels that say which way is easier (review #11 items 1 and 2)."""

import re

from interdependence import curriculum as _curriculum
from interdependence import journal
from interdependence.cohort import submission

CURRICULUM = _curriculum.default()

#: Statements with "or", "and" or "rather" that still ask one thing, and why.
ONE_IDEA = {
    "small.stuck_alone": "a choice between two actions: keep going alone, or ask",
    "vulnerability.name_feelings": "a choice between two answers: honest, or 'fine'",
    "therapy.would_consider": "two names for the same profession",
}
#: Words that name the difficulty, so "Often -> Sometimes" after a label reads as easier.
DIFFICULTY = ("hard", "uneasy", "too much", "hiding", "keeping every", "guilt", "weak")
#: The labels the review found read backwards ("Asking for help: Almost always -> Often").
BACKWARDS = {"Asking for help", "Relying on others", "Showing feelings", "Accepting help",
             "Handing tasks over", "Support as weakness"}


def _statements():
    for step in CURRICULUM.steps:
        for item in step.items:
            yield step, item


def test_every_sign_label_names_the_difficulty_so_lower_reads_as_easier():
    for sign in CURRICULUM.signs:
        assert sign.short, sign.id
        assert sign.short not in BACKWARDS, sign.id
        assert any(word in sign.short.lower() for word in DIFFICULTY), (
            f"{sign.id}: '{sign.short}' does not say which way is harder")


def test_the_seven_signs_share_one_frequency_scale_with_a_time_frame():
    scales = {sign.scale for sign in CURRICULUM.signs}
    assert len(CURRICULUM.signs) == 7
    assert len(scales) == 1
    (scale,) = scales
    assert "past two weeks" in scale.question
    assert "how often" in scale.question.lower()
    assert [label for _, label in scale.points] == [
        "Never", "Rarely", "Sometimes", "Often", "Almost always"]
    for sign in CURRICULUM.signs:  # the statements are about those two weeks: past tense
        assert re.search(r"\b(was|were|felt|took|kept|found|could|helped|needed|had)\b",
                         sign.text), sign.text


def test_no_statement_asks_two_things_at_once():
    for step, item in _statements():
        if item.id in ONE_IDEA:
            continue
        text = item.text.lower()
        assert not re.search(r"\b(or|and)\b|\brather\b", text), (
            f"{step.id} {item.id} may ask two things at once: {item.text!r}")


def test_the_double_leading_or_presuming_statements_the_review_found_are_gone():
    texts = {item.text for _, item in _statements()}
    for retired in CURRICULUM.migration.retired.values():
        assert retired.text not in texts
    gone = ["until they cost me my rest or my health", "safer to rely only on myself",
            "rather struggle", "are fully true", "anxious or guilty", "for a long time",
            "often praised",
            "showing my feelings or letting people see", "gives and rarely"]
    for phrase in gone:
        assert not any(phrase in text for text in texts), phrase


def test_the_item_bank_version_is_the_schema_of_journals_and_submissions():
    assert CURRICULUM.migration.version == journal.SCHEMA == submission.SCHEMA == 2

"""The share preview in sentences, and the exact file behind a toggle (issue 12, item 11)."""

from __future__ import annotations

import html
import random
import re

import pytest

from interdependence import curriculum, steps
from interdependence.cohort.demo import DEMO_EXERCISES
from interdependence.session import StepSession
from interdependence.views.share_preview import (
    HIDE,
    SHOW,
    keys_without_a_sentence,
    sentence_words,
    summary_sentences,
)

CODE = "SPRING-26"
BANK = curriculum.default()
SHAREABLE = [s.id for s in steps.ALL if BANK.step(s.id).shareable]


def plain(value: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", value)).split())


def exact_text(panel) -> str:
    return html.unescape(re.search(r"<pre[^>]*>(.*)</pre>", panel.exact.value, re.S).group(1))


def demo_filled(journal, step_id: str):
    """A journal with every rating of the step answered and its demo exercise answers."""
    journal.set_setting("cohort_code", CODE)
    step = BANK.step(step_id)
    for n, item in enumerate(step.items):
        journal.set_rating(step_id, item.id, None if n == 1 else 1 + n % 5)
    fill = DEMO_EXERCISES.get(step_id)
    if fill is not None:
        fill(journal, random.Random(3), 3.5)
    return StepSession(step_id, journal=journal)


@pytest.mark.parametrize("step", [s for s in steps.ALL if s.shares_summary],
                         ids=lambda s: s.id)
def test_every_shareable_summary_key_of_every_step_has_a_sentence(step):
    assert keys_without_a_sentence(BANK.step(step.id)) == []
    for entry in sentence_words(BANK.step(step.id)):
        assert set(entry["keys"]) <= set(step.summary_bounds), entry  # no sentence for nothing
        assert entry.get("text") or ("if_true" in entry and "if_false" in entry), entry


def test_a_step_with_a_summary_but_no_sentences_is_caught(curriculum_copy):
    path = curriculum_copy / "steps" / "04-build-a-support-network.yaml"
    text = path.read_text()
    path.write_text(text[:text.index("  share_sentences:")])
    bank = curriculum.load(curriculum_copy)
    assert keys_without_a_sentence(bank.step(steps.SUPPORT_MAP.id)) == [
        "inner", "middle", "outer", "kinds"]


@pytest.mark.parametrize("step_id", SHAREABLE)
def test_the_preview_of_each_steps_demo_share_is_in_sentences(journal, step_id):
    panel = demo_filled(journal, step_id).share()
    shown = plain(panel.preview.value)
    body = panel.plan().submission["steps"][step_id]
    assert "{" not in shown
    assert "}" not in shown  # no JSON, no template left unfilled
    for item in BANK.step(step_id).items:
        if item.shareable:
            assert f"“{item.text}”" in shown
    for sentence in summary_sentences(BANK.step(step_id), body["summary"]):
        assert sentence in shown
    assert len(summary_sentences(BANK.step(step_id), body["summary"])) >= (
        1 if body["summary"] else 0)
    assert "Prefer not to say (sent as empty)" in shown
    assert exact_text(panel).encode("utf-8") == _encoded(panel)


def _encoded(panel) -> bytes:
    from interdependence.cohort.submission import encode

    return encode(panel.plan().submission)


def test_the_support_map_and_boundaries_read_as_plain_sentences(journal):
    step = BANK.step(steps.SUPPORT_MAP.id)
    said = summary_sentences(step, {"inner": 1, "middle": 1, "outer": 0,
                                    "kinds": {"practical": 2, "emotional": 1, "advice": 0,
                                              "company": 0}})
    assert said == [
        "How many people you placed in each circle: 1 in your inner circle, 1 in your middle "
        "circle and 0 in your outer circle.",
        "How many people give or get each kind of support: 2 practical, 1 emotional, 0 advice "
        "and 0 company."]
    load = BANK.step(steps.BOUNDARIES.id)
    said = summary_sentences(load, {"tasks": 3, "hours": 12.5, "hours_available": None,
                                    "decisions": {"keep": 2, "drop": 0, "delegate": 0, "ask": 1},
                                    "energy": {}, "scripts": 1})
    assert "How many tasks are on your load audit: 3, taking 12.5 hours in a typical week in " \
           "all." in said
    assert any("You have not said how many hours" in s for s in said)
    assert "What you chose for your tasks: 2 to keep, 0 to drop, 0 to hand over and 1 to ask " \
           "for help with." in said
    assert "How draining your tasks are: none yet." in said
    ladder = BANK.step(steps.ASK_LADDER.id)
    said = summary_sentences(ladder, {"asks": 5, "first_ask_done": True, "expected": 40,
                                      "actual": None})
    assert "You have marked at least one ask as done." in said
    assert "How hard you expected your chosen ask to feel: 40 out of 100." in said


def test_a_key_an_older_version_sent_is_still_said_in_words():
    said = summary_sentences(BANK.step(steps.SUPPORT_MAP.id), {"circles": {"inner": 2}})
    assert said == ["Circles: 2 inner."]


def test_the_exact_file_is_behind_a_toggle_and_matches_the_saved_file_byte_for_byte(
        journal, private_home):
    panel = demo_filled(journal, steps.BOUNDARIES.id).share()
    assert panel.exact.layout.display == "none"
    assert panel.exact_toggle.description == SHOW
    panel.exact_toggle.value = True
    assert panel.exact.layout.display is None
    assert panel.exact_toggle.description == HIDE
    assert "letter for letter" in panel.exact.value
    panel.save_button.click()
    saved = private_home / "exports" / f"{journal.token}.json"
    assert saved.read_bytes() == exact_text(panel).encode("utf-8")
    panel.exact_toggle.value = False
    assert panel.exact.layout.display == "none"


def test_the_ticked_reflection_is_quoted_and_ratings_say_their_label(journal):
    session = demo_filled(journal, "00-welcome")
    journal.set_reflection("00-welcome", "welcome.hopes", "To let a friend help me.")
    panel = session.share()
    panel.ticks["welcome.hopes"].value = True
    assert '<q style="white-space:pre-wrap">To let a friend help me.</q>' in panel.preview.value
    first = BANK.step("00-welcome").items[0]
    assert f"“{first.text}”: {first.scale.label(1)} (1 of 5)" in plain(panel.preview.value)

"""Summaries carry plausible numbers only: each key the exercises send has a range, and a
value outside it makes the submission invalid (the loader sets it aside, with the reason)."""

import pytest
from cohort_helpers import cohort, submission, write

from interdependence.cohort import load_cohort
from interdependence.cohort.demo import participants
from interdependence.cohort.submission import Invalid, build_submission, rules_for, validate
from interdependence.curriculum import default
from interdependence.exercises import ask_ladder, boundaries, support_map

RULES = rules_for(default())


def _with(step_id, summary):
    return submission(steps={step_id: {"ratings": {}, "reflections": {}, "summary": summary}})


@pytest.mark.parametrize(("step_id", "summary", "words"), [
    ("06-set-self-boundaries", {"tasks": 3, "hours": -500000},
     "summary hours is -500000; it should be a number from 0 to 504"),
    ("06-set-self-boundaries", {"tasks": 2, "hours": 400}, "from 0 to 336"),
    ("06-set-self-boundaries", {"hours_available": 169}, "hours_available is 169; it should "
     "be a number from 0 to 168"),
    ("06-set-self-boundaries", {"tasks": 2.5}, "tasks is 2.5; it should be a whole number"),
    ("06-set-self-boundaries", {"decisions": {"drop": -1}}, "decisions.drop is -1; it should "
     "be a whole number from 0 to 100"),
    ("06-set-self-boundaries", {"decisions": 4}, "decisions should be an object of counts"),
    ("06-set-self-boundaries", {"energy": {"high": 101}}, "energy.high is 101; it should be "
     "a whole number from 0 to 100"),
    ("06-set-self-boundaries", {"energy": 3}, "energy should be an object of counts"),
    ("03-start-small", {"asks": 13}, "asks is 13; it should be a whole number from 0 to 12"),
    ("03-start-small", {"expected": 101}, "expected is 101; it should be a whole number from "
     "0 to 100"),
    ("03-start-small", {"actual": -1}, "from 0 to 100"),
    ("03-start-small", {"first_ask_done": 1}, "first_ask_done is 1; it should be true or false"),
    ("04-build-a-support-network", {"inner": 41}, "inner is 41; it should be a whole number "
     "from 0 to 40"),
    ("04-build-a-support-network", {"kinds": {"practical": 999}}, "kinds.practical is 999"),
    ("04-build-a-support-network", {"outer": True}, "outer is True; it should be a whole"),
])
def test_an_implausible_summary_value_is_invalid_and_says_the_range(step_id, summary, words):
    with pytest.raises(Invalid) as caught:
        validate(_with(step_id, summary), RULES)
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"{step_id}: summary ")


def test_the_loader_sets_an_implausible_summary_aside_and_charts_the_rest(tmp_path):
    store = cohort(tmp_path / "c", 5)
    bad = _with("06-set-self-boundaries", {"tasks": 3, "hours": -500000, "hours_available": 20})
    write(store.path, f"{bad['token']}.json", bad)
    data = load_cohort(store.path)
    assert data.accepted == 5
    assert data.rejected == [(f"{bad['token']}.json", "06-set-self-boundaries: summary hours "
                              "is -500000; it should be a number from 0 to 504 (at most 168 "
                              "hours a week for each listed task)")]
    assert (store.path / "_set_aside" / f"{bad['token']}.json").exists()
    assert -500000 not in data.summaries["value"].tolist()


def test_null_means_not_known_and_is_always_allowed():
    validate(_with("03-start-small", {"asks": 0, "first_ask_done": False, "expected": None,
                                      "actual": None}), RULES)
    validate(_with("06-set-self-boundaries", {"tasks": 0, "hours": 0, "hours_available": None,
                                              "decisions": {"keep": 0}, "scripts": 0}), RULES)


def test_the_largest_values_the_exercises_can_send_are_accepted(journal):
    """Driven through the exercises' own functions, at their limits."""
    curriculum = default()
    ladder = ask_ladder.AskLadder(journal)
    for i in range(ask_ladder.MAX_ASKS):
        ask = ladder.asks.add({"text": f"Ask {i}", "discomfort": 100 if i else 0})
    ladder.choose(ask["id"])
    ladder.record_outcome(ask["id"], True, 100)
    people = support_map.SupportMap(journal).people
    for i in range(support_map.MAX_PEOPLE):
        people.add({"name": f"P{i}", "circle": "inner", "kinds": support_map.KINDS,
                    "direction": "both"})
    load = boundaries.Boundaries(journal)
    for i in range(30):
        task = load.tasks.add({"task": f"Task {i}", "hours": 168, "only_me": True})
        load.set_decision(task["id"], boundaries.DECISIONS[i % 4])
        load.tasks.update(task["id"], {"task": f"Task {i}", "hours": 168, "only_me": True,
                                       "energy": "high"})
    load.set_hours_available(168)
    for _ in range(5):
        load.scripts.add({"kind": "say_no", "situation": "x"})
    shared = {"03-start-small": [], "04-build-a-support-network": [],
              "06-set-self-boundaries": []}
    made = build_submission(journal, curriculum, shared, "TEST-1")  # validates itself
    steps = made["steps"]
    assert steps["03-start-small"]["summary"]["asks"] == ask_ladder.MAX_ASKS
    assert steps["03-start-small"]["summary"]["actual"] == 100
    assert steps["04-build-a-support-network"]["summary"]["inner"] == support_map.MAX_PEOPLE
    assert steps["06-set-self-boundaries"]["summary"]["hours"] == 30 * 168
    assert steps["06-set-self-boundaries"]["summary"]["energy"]["high"] == 30
    validate(made, rules_for(curriculum))

    load.set_hours_available(0)  # and the smallest: an empty week
    small = build_submission(journal, curriculum, shared, "TEST-1")
    assert small["steps"]["06-set-self-boundaries"]["summary"]["hours_available"] == 0


def test_every_demo_participant_is_accepted():
    for made in participants(300, seed=11, code="TEST-1"):  # build_submission validates
        validate(made, RULES)


def test_decimal_hours_are_accepted(journal):
    load = boundaries.Boundaries(journal)
    load.tasks.add({"task": "Cooking", "hours": "2.5"})
    load.set_hours_available("12,5")
    made = build_submission(journal, default(), {"06-set-self-boundaries": []}, "TEST-1")
    assert made["steps"]["06-set-self-boundaries"]["summary"]["hours"] == 2.5


def test_a_summary_field_the_step_does_not_share_is_refused_by_name():
    """The summary is an allow-list: extra numbers a changed client adds about its person
    (an age, a postcode) never reach the store."""
    from interdependence.cohort.submission import Invalid, _check_summary

    _check_summary("03-start-small", {"asks": 3, "first_ask_done": True})
    with pytest.raises(Invalid, match="my_age.*is not one this step shares"):
        _check_summary("03-start-small", {"asks": 3, "my_age": 54})

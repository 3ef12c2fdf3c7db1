"""The privacy gate: thresholds, prefer-not-to-say, reflections, live batches, comparisons."""

import random

import pytest
from cohort_helpers import cohort, submission, token

from interdependence import privacy
from interdependence.cohort import load_cohort
from interdependence.privacy import Gate, LiveReveal, PrivacyError

HIDDEN_5 = "Fewer than 5 people shared this — hidden to protect anonymity"


def test_the_hidden_message_is_exactly_the_agreed_sentence():
    assert privacy.hidden_message(5) == HIDDEN_5
    assert Gate(7).message == "Fewer than 7 people shared this — hidden to protect anonymity"


def test_four_participants_show_no_chart_count_or_reflection(tmp_path):
    cohort(tmp_path / "c", 4)
    data = load_cohort(tmp_path / "c")
    gate = Gate.of(data)
    verdict = gate.ratings(data.ratings, "00-welcome", "sign.asking")
    assert not verdict
    assert verdict.n == 4
    assert verdict.data is None
    assert verdict.message == HIDDEN_5
    assert not gate.ratings(data.ratings, "00-welcome")
    participation = gate.participation(data.participation)
    assert participation["00-welcome"].data is None
    assert participation["00-welcome"].n == 4
    assert gate.count(4) is None
    assert gate.reflections(data.reflections)["welcome.hopes"].data is None


def test_the_fifth_participant_reveals_the_chart(tmp_path):
    store = cohort(tmp_path / "c", 4)
    store.put(submission())
    data = load_cohort(tmp_path / "c")
    gate = Gate.of(data)
    verdict = gate.ratings(data.ratings, "00-welcome", "sign.asking")
    assert verdict
    assert verdict.n == 5
    assert verdict.message is None
    assert len(verdict.data) == 5
    assert set(verdict.data["item"]) == {"sign.asking"}
    assert gate.participation(data.participation)["00-welcome"].data == 5
    assert gate.count(5) == 5


def test_prefer_not_to_say_is_left_out_of_n(tmp_path):
    store = cohort(tmp_path / "c", 4)
    store.put(submission(asking=None))  # a fifth person, who preferred not to say
    data = load_cohort(tmp_path / "c")
    gate = Gate.of(data)
    asking = gate.ratings(data.ratings, "00-welcome", "sign.asking")
    assert asking.n == 4
    assert not asking
    assert privacy.n_contributors(data.ratings, step="00-welcome", item="sign.uneasy_relying") == 0
    # and the rows that are shown never include a null
    store.put(submission())
    data = load_cohort(tmp_path / "c")
    shown = Gate.of(data).ratings(data.ratings, "00-welcome", "sign.asking")
    assert shown.n == 5
    assert shown.data["value"].notna().all()


def test_min_group_defaults_to_5_and_is_never_below_3():
    assert Gate().min_group == privacy.DEFAULT_MIN_GROUP == 5
    assert Gate(3).allows(3)
    for bad in (2, 0, -1, True, 4.5, "5"):
        with pytest.raises(PrivacyError):
            Gate(bad)
    with pytest.raises(PrivacyError, match="cannot be below 3"):
        LiveReveal(2)
    assert privacy.effective_min_group(None, None) == 5
    assert privacy.effective_min_group(6, 9) == 9
    with pytest.raises(PrivacyError, match="fixed"):
        privacy.effective_min_group(6, 4)


def test_reflections_are_shuffled_and_carry_no_token_or_date(tmp_path):
    store = cohort(tmp_path / "c")
    texts = [f"Reflection number {i}" for i in range(30)]
    for text in texts:
        store.put(submission(steps={"00-welcome": {"reflections": {"welcome.hopes": text}}}))
    data = load_cohort(tmp_path / "c")
    assert all(set(entry) == {"step", "prompt", "text"} for entry in data.reflections)
    tokens = set(data.tokens)
    assert not any(t in str(data.reflections) for t in tokens)

    orders = set()
    for seed in range(5):
        verdict = Gate(5).reflections(data.reflections, rng=random.Random(seed))["welcome.hopes"]
        assert sorted(verdict.data) == sorted(texts)
        assert all(isinstance(t, str) for t in verdict.data)
        orders.add(tuple(verdict.data))
    assert len(orders) == 5  # a different order each time
    # not the order the files were written in either
    assert [e["text"] for e in data.reflections] != texts


def test_reflections_below_the_threshold_are_hidden_per_prompt():
    entries = [{"step": "00-welcome", "prompt": "welcome.hopes", "text": f"t{i}"}
               for i in range(5)]
    entries += [{"step": "08-embracing-interdependence", "prompt": "close.what_shifted",
                 "text": "only me"}]
    out = Gate(5).reflections(entries)
    assert out["welcome.hopes"].shown
    assert not out["close.what_shifted"].shown
    assert out["close.what_shifted"].message == HIDDEN_5
    assert "only me" not in repr(out["close.what_shifted"])
    assert list(Gate(5).reflections(entries, step="00-welcome")) == ["welcome.hopes"]


def test_live_reveal_shows_new_results_only_in_batches_of_min_group():
    reveal = LiveReveal(5)
    first = [token() for _ in range(4)]
    assert not reveal.offer(first)
    assert reveal.revealed == set()
    assert reveal.still_needed(first) == 1
    fifth = first + [token()]
    assert reveal.offer(fifth)
    assert reveal.revealed == set(fifth)

    later = fifth + [token() for _ in range(4)]
    assert not reveal.offer(later)  # four new people: a difference would be too small
    assert reveal.revealed == set(fifth)
    assert reveal.waiting(later) == 4
    batch = later + [token()]
    assert reveal.offer(batch)
    assert reveal.revealed == set(batch)

    # one person withdraws: the view does not change on its own, so they cannot be read off it
    withdrawn = batch[1:]
    assert not reveal.offer(withdrawn)
    assert reveal.revealed == set(batch)
    # the facilitator closes the round: everyone present now is revealed
    assert reveal.close_round(withdrawn)
    assert reveal.revealed == set(withdrawn)
    assert reveal.rounds == 3


def test_live_reveal_selects_the_revealed_participants_from_a_loaded_cohort(tmp_path):
    store = cohort(tmp_path / "c", 5)
    reveal = LiveReveal(5)
    data = load_cohort(tmp_path / "c")
    assert reveal.offer(data.tokens)
    for _ in range(3):
        store.put(submission())
    data = load_cohort(tmp_path / "c")
    assert not reveal.offer(data.tokens)
    shown = reveal.select(data)
    assert shown.accepted == 5
    assert len(shown.reflections) == 5
    assert set(shown.ratings["token"]) == set(reveal.revealed)
    assert data.accepted == 8


def test_comparing_a_cohort_with_itself_plus_a_small_group_is_refused():
    a = {token() for _ in range(10)}
    b = {token() for _ in range(2)}
    with pytest.raises(PrivacyError, match="2 people are in 'A\\+B' but not in 'A'"):
        privacy.compare({"A": a, "A+B": a | b}, 5)
    big_b = {token() for _ in range(5)}
    privacy.compare({"A": a, "A+B": a | big_b}, 5)  # five people can be told apart: fine


def test_comparisons_need_every_part_of_the_overlap_to_reach_min_group():
    a = {token() for _ in range(8)}
    b = {token() for _ in range(6)}
    privacy.compare({"spring": a, "autumn": b}, 5)  # two separate cohorts
    with pytest.raises(PrivacyError, match="1 person is in 'small'"):
        privacy.compare({"spring": a, "small": {token()}}, 5)
    # three groups: C can be worked out as all - A - B
    c = {token() for _ in range(3)}
    with pytest.raises(PrivacyError):
        privacy.compare({"A": a, "B": b, "all": a | b | c}, 5)
    assert privacy.comparison_problem({"A": a, "B": b, "all": a | b}, 5) is None


def test_compare_accepts_loaded_cohorts(tmp_path):
    cohort(tmp_path / "a", 5)
    cohort(tmp_path / "b", 4)
    a, b = load_cohort(tmp_path / "a"), load_cohort(tmp_path / "b")
    with pytest.raises(PrivacyError, match="4 people"):
        privacy.compare({"a": a, "b": b}, 5)


def test_live_reveal_counts_a_changed_answer_as_a_change_and_never_says_a_small_number():
    reveal = LiveReveal(3)
    assert reveal.offer({"a": "1", "b": "1", "c": "1"})
    assert reveal.waiting({"a": "2", "b": "1", "c": "1"}) == 1  # a re-shared other answers
    assert reveal.waiting({"a": "1", "b": "1", "c": "1"}) == 0  # the same answers again
    assert not reveal.offer({"a": "2", "b": "1", "c": "1", "d": "1"})  # two changes: wait
    assert reveal.revealed == {"a", "b", "c"}
    assert reveal.digests["a"] == "1"
    assert reveal.offer({"a": "2", "b": "2", "c": "1", "d": "1"})  # three changes: a batch
    assert reveal.digests == {"a": "2", "b": "2", "c": "1", "d": "1"}
    assert not reveal.close_round({"a": "2", "b": "2", "c": "1", "d": "1"})  # nothing waiting
    words = privacy.waiting_message(3, 2, anything_shown=True)
    assert "Fewer than 3" in words
    assert "2" not in words
    assert "fewer than 3 people" in privacy.waiting_message(3, 2, anything_shown=False)
    assert "work out those people's answers" in privacy.close_round_risk(3)

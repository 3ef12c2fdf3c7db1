"""KeyedList: the one list of entries every exercise uses (add, change, remove, undo), and the
ExerciseModel underneath it (one journal write per change, observers told)."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from model_helpers import SpyJournal

from interdependence.exercises.keyed_list import KeyedList, ListRules
from interdependence.exercises.model import KEEP, ExerciseError, ExerciseModel
from interdependence.journal import Journal

STEP = "03-start-small"


class ShortError(ExerciseError):
    pass


class TooMany(ShortError):
    pass


def clean(values, others):
    word = " ".join(str(values.get("word", "")).split())
    if not word:
        raise ShortError("Please write a word.")
    if any(o["word"] == word for o in others):
        raise ShortError("That word is already there.")
    return {"word": word}


RULES = ListRules(prefix="w", clean=clean, maximum=3, full="Full at {maximum} words.",
                  full_again="Full again at {maximum}.", gone="That word is gone.",
                  error=ShortError, full_error=TooMany,
                  id_links=("picked",), dict_links=("notes",))


class Words(ExerciseModel):
    STEP_ID = STEP

    def __init__(self, journal):
        super().__init__(journal)
        self.words = KeyedList(self, "words", RULES)


@pytest.fixture
def spy(private_home):
    return SpyJournal(private_home / "journal.json")


@pytest.fixture
def model(spy):
    return Words(spy)


def on_disk(journal, key):
    return Journal(journal.path).exercise(STEP, key)


def test_add_update_remove_restore_round_trip_one_write_each(model, spy):
    a = model.words.add({"word": " apple "})
    b = model.words.add({"word": "pear"})
    assert a["id"].startswith("w")
    assert a["word"] == "apple"
    model.words.update(a["id"], {"word": "plum"})
    assert [e["word"] for e in on_disk(spy, "words")] == ["plum", "pear"]
    removed = model.words.remove(a["id"])
    assert removed is not None
    assert removed.index == 0
    assert [e["id"] for e in model.words.items()] == [b["id"]]
    model.words.restore(removed)
    assert on_disk(spy, "words") == [{"id": a["id"], "word": "plum"},
                                     {"id": b["id"], "word": "pear"}]  # same place
    assert len(spy.writes) == 5


def test_remove_takes_links_away_and_restore_puts_them_back_in_one_write(model, spy):
    a = model.words.add({"word": "apple"})
    b = model.words.add({"word": "pear"})
    model.save({"picked": a["id"], "notes": {a["id"]: "crisp", b["id"]: "soft"}})
    spy.writes.clear()
    removed = model.words.remove(a["id"])
    assert len(spy.writes) == 1
    assert on_disk(spy, "picked") is None
    assert on_disk(spy, "notes") == {b["id"]: "soft"}
    model.words.restore(removed)
    assert len(spy.writes) == 2
    assert on_disk(spy, "picked") == a["id"]
    assert on_disk(spy, "notes") == {a["id"]: "crisp", b["id"]: "soft"}


def test_restore_does_not_take_over_a_pick_made_since(model, spy):
    a = model.words.add({"word": "apple"})
    b = model.words.add({"word": "pear"})
    model.save({"picked": a["id"]})
    removed = model.words.remove(a["id"])
    model.save({"picked": b["id"]})
    model.words.restore(removed)
    assert on_disk(spy, "picked") == b["id"]


def test_the_maximum_is_refused_with_the_steps_message(model, spy):
    for word in ("a", "b", "c"):
        model.words.add({"word": word})
    with pytest.raises(TooMany, match="Full at 3 words."):
        model.words.add({"word": "d"})
    removed = model.words.remove(model.words.ids()[0])
    model.words.add({"word": "e"})
    with pytest.raises(TooMany, match="Full again at 3."):
        model.words.restore(removed)
    assert [e["word"] for e in on_disk(spy, "words")] == ["b", "c", "e"]


def test_clean_errors_are_the_steps_own_and_nothing_is_written(model, spy):
    model.words.add({"word": "apple"})
    spy.writes.clear()
    with pytest.raises(ShortError, match="already there"):
        model.words.add({"word": "apple"})
    with pytest.raises(ShortError, match="write a word"):
        model.words.add({"word": "  "})
    with pytest.raises(ShortError, match="That word is gone"):
        model.words.update("w-none", {"word": "x"})
    assert spy.writes == []
    assert model.words.remove("w-none") is None  # already removed: no error, no write
    assert spy.writes == []


def test_restore_rechecks_the_entry_only_when_the_rules_ask(model, spy):
    """Without ``recheck_restore`` undo puts the entry back as it was; with it, an entry
    that no longer passes ``clean`` (a duplicate added since) is refused, nothing written."""
    from dataclasses import replace

    a = model.words.add({"word": "apple"})
    removed = model.words.remove(a["id"])
    model.words.add({"word": "apple"})
    model.words.restore(removed)
    assert [e["word"] for e in on_disk(spy, "words")] == ["apple", "apple"]
    model.words.remove(a["id"])
    model.words.rules = replace(RULES, recheck_restore=True)
    spy.writes.clear()
    with pytest.raises(ShortError, match="already there"):
        model.words.restore(removed)
    assert spy.writes == []
    assert len(on_disk(spy, "words")) == 1
    model.words.remove(model.words.ids()[0])
    model.words.restore(removed)  # nothing in the way now: it comes back, id and all
    assert on_disk(spy, "words") == [a]


def test_update_may_keep_its_own_value(model):
    a = model.words.add({"word": "apple"})
    assert model.words.update(a["id"], {"word": "apple"})["word"] == "apple"


def test_restoring_twice_changes_nothing(model, spy):
    a = model.words.add({"word": "apple"})
    removed = model.words.remove(a["id"])
    model.words.restore(removed)
    model.words.restore(removed)
    assert len(on_disk(spy, "words")) == 1


def test_damaged_entries_are_skipped_and_kept(model, spy):
    spy.set_exercises(STEP, {"words": ["junk", {"id": "w1", "word": "ok"}, {"word": "no id"}]})
    assert model.words.items() == [{"id": "w1", "word": "ok"}]
    model.words.add({"word": "new"})
    assert on_disk(spy, "words")[:3] == ["junk", {"id": "w1", "word": "ok"}, {"word": "no id"}]


def test_reads_see_what_another_notebook_saved(model, spy):
    model.words.add({"word": "apple"})
    other = Words(Journal(spy.path))
    other.words.add({"word": "pear"})
    assert [e["word"] for e in model.words.items()] == ["apple", "pear"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["add", "remove", "undo"]), max_size=12))
def test_ids_stay_unique_and_undo_restores_the_list(tmp_path_factory, actions):
    journal = Journal(tmp_path_factory.mktemp("j") / "journal.json")
    model = Words(journal)
    rules = ListRules(prefix="w", clean=lambda v, o: {"word": v["word"]}, maximum=None,
                      dict_links=("notes",))
    words = KeyedList(model, "words", rules)
    last, counter = None, 0
    for action in actions:
        before = words.items()
        if action == "add":
            counter += 1
            last = None  # undo is offered right after a remove only
            entry = words.add({"word": str(counter)})
            model.save({"notes": {**(model.read("notes", {}) or {}), entry["id"]: counter}})
        elif action == "remove" and before:
            last = (before, words.remove(before[len(before) // 2]["id"]))
        elif action == "undo" and last is not None:
            words.restore(last[1])
            assert words.items() == last[0]
            last = None
        ids = words.ids()
        assert len(ids) == len(set(ids))


def test_observers_are_told_of_every_change_and_can_stop(model):
    calls = []
    stop = model.observe(lambda: calls.append(1))
    a = model.words.add({"word": "apple"})
    model.words.remove(a["id"])
    assert len(calls) == 2
    stop()
    model.words.add({"word": "pear"})
    assert len(calls) == 2


def test_a_bound_method_is_held_weakly(model):
    class View:
        def __init__(self):
            self.seen = 0

        def render(self):
            self.seen += 1

    view = View()
    model.observe(view.render)
    model.words.add({"word": "apple"})
    assert view.seen == 1
    assert model.observer_count() == 1
    del view
    gc.collect()
    model.words.add({"word": "pear"})
    assert model.observer_count() == 0


def test_only_the_newest_few_observers_of_a_slot_are_kept(model):
    calls = []
    for n in range(20):
        model.observe(lambda n=n: calls.append(n), slot="words")
    model.observe(lambda: calls.append("other"), slot="chart")
    assert model.observer_count("words") == KEEP
    model.words.add({"word": "apple"})
    assert calls == [17, 18, 19, "other"]


def test_a_new_entry_starts_with_the_defaults_and_changes_keep_what_is_stored(spy):
    class Marked(ExerciseModel):
        STEP_ID = STEP

        def __init__(self, journal):
            super().__init__(journal)
            self.words = KeyedList(self, "words", ListRules(
                prefix="w", clean=clean, error=ShortError, defaults={"mark": None}))

    model = Marked(spy)
    entry = model.words.add({"word": "kind"})
    assert entry == {"id": entry["id"], "mark": None, "word": "kind"}
    assert len(spy.writes) == 1
    stored = on_disk(spy, "words")[0]
    stored["mark"] = "kept"
    spy.set_exercise(STEP, "words", [stored])
    assert model.words.update(entry["id"], {"word": "gentle"})["mark"] == "kept"

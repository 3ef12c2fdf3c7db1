"""Panels follow the journal with no re-run (issue 12, item 10): the share panel, its preview
and the progress table observe the journal changes they show, within one kernel at once, and
across kernels when they are next built or used."""

from __future__ import annotations

import gc
import html
import json
import re

import pytest
from cohort_helpers import cohort
from model_helpers import SpyJournal

from interdependence.journal import KEEP, Change, Journal
from interdependence.session import StepSession

CODE = "SPRING-26"
WELCOME = "00-welcome"
MAP = "04-build-a-support-network"


def exact_text(panel) -> str:
    pre = re.search(r"<pre[^>]*>(.*)</pre>", panel.exact.value, re.S)
    return html.unescape(pre.group(1)) if pre else ""


def plain(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def add_person(people) -> None:
    people.nickname.value, people.circle.value, people.direction.value = "J", "inner", "both"
    people.kinds["company"].value = True
    people.save_button.click()
    assert people.rows, people.message.value


@pytest.fixture
def welcome(journal):
    return StepSession(WELCOME, journal=journal)


# ---- the journal tells what changed ----------------------------------------------------------


def test_the_journal_tells_its_observers_what_each_write_changed(journal):
    heard = []
    stop = journal.observe(heard.append)
    journal.set_setting("cohort_code", CODE)
    journal.set_rating(WELCOME, "sign.asking", 3)
    journal.set_reflection(WELCOME, "welcome.hopes", "Some words")
    journal.set_exercises(MAP, {"people": []})
    journal.ensure_token()
    assert heard == [Change("setting", key="cohort_code"),
                     Change("rating", WELCOME, "sign.asking"),
                     Change("reflection", WELCOME, "welcome.hopes"),
                     Change("exercise", MAP, "people"), Change("token")]
    stop()
    journal.set_setting("cohort_code", None)
    assert len(heard) == 5  # stopped
    assert Change("rating", WELCOME).touches(WELCOME)
    assert not Change("rating", MAP).touches(WELCOME)
    assert Change("setting").touches(WELCOME)


def test_a_write_after_another_kernel_saved_tells_everything_and_delete_too(journal, private_home):
    heard = []
    journal.observe(heard.append)
    journal.set_rating(WELCOME, "sign.asking", 3)
    other_kernel = Journal(private_home / "journal.json")  # another notebook's own object
    other_kernel.set_setting("cohort_code", CODE)
    journal.set_rating(WELCOME, "sign.asking", 4)
    assert heard[-1] == Change("all")  # what the other kernel saved may be on show anywhere
    assert journal.setting("cohort_code") == CODE  # settings are read fresh, like answers
    journal.delete()
    assert heard[-1] == Change("all")


class _View:
    def __init__(self, journal, slot):
        self.heard = 0
        journal.observe(self.follow, slot=slot)

    def follow(self, _change):
        self.heard += 1


def test_journal_observers_are_weak_and_few_per_slot(journal):
    views = [_View(journal, "progress") for _ in range(20)]
    assert journal.observers.count("progress") == KEEP
    journal.set_setting("cohort_code", CODE)
    assert [v.heard for v in views] == [0] * (20 - KEEP) + [1] * KEEP  # the newest few
    del views
    gc.collect()
    assert journal.observers.count() == 0


# ---- the share panel follows the welcome notebook's boxes ------------------------------------


def test_typing_the_group_code_updates_the_share_panel_below_with_no_rerun(welcome, journal):
    journal.set_rating(WELCOME, "sign.asking", 4)
    code_box, panel = welcome.cohort_code(), welcome.share()
    assert "none yet" in panel.where.value
    assert panel.plan().submission is None
    assert panel.save_button.disabled

    code_box.text.value = "SPRNG-26"  # a typo
    assert "SPRNG-26" in panel.where.value
    assert json.loads(exact_text(panel))["cohort"] == "SPRNG-26"
    assert not panel.save_button.disabled

    code_box.text.value = CODE  # corrected: the preview promises to be exact
    assert CODE in panel.where.value
    assert "SPRNG-26" not in panel.where.value
    assert json.loads(exact_text(panel))["cohort"] == CODE
    panel.save_button.click()
    saved = journal.path.parent / "exports" / f"{journal.token}.json"
    assert saved.read_bytes() == exact_text(panel).encode("utf-8")  # byte for byte


def test_a_group_folder_typed_in_the_welcome_notebook_reaches_the_share_panel(welcome, journal,
                                                                            tmp_path):
    folder = tmp_path / "cohort"
    cohort(folder, code=CODE, min_group=6)
    journal.set_rating(WELCOME, "sign.asking", 4)
    panel, where = welcome.share(), welcome.cohort_location()
    assert "no shared group folder" in panel.where.value
    where.text.value = str(folder)
    assert str(folder.resolve()) in panel.where.value
    assert CODE in panel.where.value  # the folder's code, from its settings
    assert "at least 6 people" in panel.consent.value
    assert not panel.share_button.disabled
    panel.share_button.click()
    [sent] = [p for p in folder.glob("*.json") if p.name != "settings.json"]
    assert sent.read_bytes() == exact_text(panel).encode("utf-8")


def test_ratings_reflections_and_the_exercise_reach_the_preview_at_once(journal):
    journal.set_setting("cohort_code", CODE)
    session = StepSession(MAP, journal=journal)
    panel = session.share()
    ratings = session.ratings()
    ratings.controls[0].value = 5
    assert "(5 of 5)" in panel.preview.value
    people = session.exercise("people")
    add_person(people)
    assert "1 in your inner circle" in plain(panel.preview.value)
    assert json.loads(exact_text(panel))["steps"][MAP]["summary"]["inner"] == 1


def test_following_the_journal_makes_no_writes_of_its_own(tmp_path):
    spy = SpyJournal(tmp_path / "journal.json")
    spy.set_setting("cohort_code", CODE)
    session = StepSession(MAP, journal=spy)
    panel, table = session.share(), session.progress()
    people = session.exercise("people")
    spy.writes.clear()
    add_person(people)
    assert len(spy.writes) == 1  # the one change; the panels only read
    assert "1 in your inner circle" in plain(panel.preview.value)
    assert "✓" in table.value


def test_a_share_panel_run_twenty_times_leaves_a_few_observers(journal):
    session = StepSession(WELCOME, journal=journal)
    for _ in range(20):
        session.share()
        session.progress()
    assert journal.observers.count(f"share:{WELCOME}") <= KEEP
    assert journal.observers.count("progress") <= KEEP


# ---- the progress table ----------------------------------------------------------------------


def test_the_progress_table_follows_answers_saved_in_any_cell(welcome, journal):
    table = welcome.progress()
    assert table.value.count("not started") == 9
    journal.set_rating(MAP, "network.no_one_to_call", 2)  # another notebook of this kernel
    assert table.value.count("not started") == 8
    assert "✓ 1 answer saved" in table.value
    welcome.your_data()  # deleting the journal: back to not started
    journal.delete()
    assert table.value.count("not started") == 9


# ---- across kernels: correct when next built or used -----------------------------------------


def test_share_always_sends_the_journal_as_it_is_never_a_stale_preview(journal, tmp_path,
                                                                       private_home):
    folder = tmp_path / "cohort"
    cohort(folder, code=CODE, min_group=6)
    journal.set_setting("cohort_location", str(folder))
    journal.set_setting("cohort_code", CODE)
    journal.set_rating(WELCOME, "sign.asking", 2)
    panel = StepSession(WELCOME, journal=journal).share()
    other_kernel = Journal(private_home / "journal.json")
    other_kernel.set_rating(WELCOME, "sign.asking", 5)  # this kernel was not told
    assert json.loads(exact_text(panel))["steps"][WELCOME]["ratings"]["sign.asking"] == 2
    panel.share_button.click()
    [sent] = [p for p in folder.glob("*.json") if p.name != "settings.json"]
    assert json.loads(sent.read_text())["steps"][WELCOME]["ratings"]["sign.asking"] == 5
    assert sent.read_bytes() == exact_text(panel).encode("utf-8")  # the preview caught up
    assert "had changed since the preview" in panel.status.value


def test_refresh_and_ticks_read_what_another_kernel_saved(journal, private_home):
    journal.set_rating(WELCOME, "sign.asking", 2)
    panel = StepSession(WELCOME, journal=journal).share()
    Journal(private_home / "journal.json").set_setting("cohort_code", CODE)
    assert panel.plan().submission is None
    panel.refresh_button.click()
    assert CODE in panel.where.value
    assert json.loads(exact_text(panel))["cohort"] == CODE


# ---- the close gathers what other notebooks of this kernel save ------------------------------


def test_the_close_summary_and_signs_chart_follow_other_notebooks_of_the_kernel(journal):
    close = StepSession("08-embracing-interdependence", journal=journal)
    summary, chart = close.exercise("summary"), close.exercise("chart")
    before, drawn = summary.content.value, chart.rows
    assert drawn == []
    add_person(StepSession(MAP, journal=journal).exercise("people"))  # the map, beside it
    assert summary.content.value != before
    assert "1" in plain(summary.content.value)
    sign = next(iter(StepSession(WELCOME, journal=journal).step.items))
    journal.set_rating(WELCOME, sign.id, 4)  # the check-in, in the welcome notebook
    journal.set_rating("08-embracing-interdependence", sign.id, 2)
    [row] = chart.rows  # drawn with no click on "Update my chart"
    assert (row["before"], row["after"]) == (4, 2)

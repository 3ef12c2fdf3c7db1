"""The share panel, driven as a participant would: tick, click, then read what was written."""

import datetime as dt
import errno
import getpass
import html
import json
import re
import socket
from pathlib import Path

import pytest
from cohort_helpers import cohort

from interdependence.cohort import load_cohort
from interdependence.cohort.stores import folder as folder_module
from interdependence.journal import Journal
from interdependence.session import StepSession

CODE = "SPRING-26"


@pytest.fixture
def group(tmp_path, monkeypatch):
    """A cohort folder the hub points everyone at (INTERDEPENDENCE_COHORT)."""
    folder = tmp_path / "cohort"
    cohort(folder, code=CODE, min_group=6)
    monkeypatch.setenv("INTERDEPENDENCE_COHORT", str(folder))
    return folder


def answered(journal):
    journal.set_setting("cohort_code", CODE)
    journal.set_rating("00-welcome", "sign.asking", 4)
    journal.set_rating("00-welcome", "sign.uneasy_relying", None)  # prefer not to say
    journal.set_reflection("00-welcome", "welcome.hopes", "To let a friend <b>help</b> me.")
    journal.set_reflection("00-welcome", "welcome.recent_moment", "Private: the day I moved.")
    return journal


def panel_for(journal, step_id="00-welcome"):
    return StepSession(step_id, journal=journal).share()


def written(folder: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))
            if p.name != "settings.json"]


def exact_text(panel) -> str:
    """The exact file as "Show the exact file" shows it, unescaped."""
    pre = re.search(r"<pre[^>]*>(.*)</pre>", panel.exact.value, re.S).group(1)
    return html.unescape(pre)


def exact_preview(panel) -> dict:
    return json.loads(exact_text(panel))


def test_the_root_cause_step_never_offers_to_share(journal, group):
    panel = panel_for(journal, "01-pinpoint-the-root-cause")
    assert panel.never_shared
    text = panel.children[1].value
    assert "never shared" in text
    assert "no share button on purpose" in text
    assert not hasattr(panel, "share_button")


def test_the_preview_is_exactly_what_share_writes(journal, group):
    panel = panel_for(answered(journal))
    shown = exact_preview(panel)
    assert shown == panel.plan().submission
    ratings = shown["steps"]["00-welcome"]["ratings"]
    assert ratings == {"sign.asking": 4, "sign.uneasy_relying": None}  # unanswered left out
    assert "Prefer not to say (sent as empty)" in panel.preview.value
    assert "not answered, left out" in panel.preview.value
    panel.share_button.click()
    [sent] = written(group)
    assert sent == shown
    assert "Shared." in panel.status.value


def test_only_shareable_prompts_can_be_ticked_and_ticks_decide_what_is_sent(journal, group):
    panel = panel_for(answered(journal))
    assert list(panel.ticks) == ["welcome.hopes"]  # welcome.recent_moment is private
    assert exact_preview(panel)["steps"]["00-welcome"]["reflections"] == {}
    panel.ticks["welcome.hopes"].value = True
    assert "To let a friend &lt;b&gt;help&lt;/b&gt; me." in panel.preview.value  # escaped
    panel.share_button.click()
    [sent] = written(group)
    assert sent["steps"]["00-welcome"]["reflections"] == {
        "welcome.hopes": "To let a friend <b>help</b> me."}
    assert "Private: the day I moved." not in json.dumps(sent)

    panel.ticks["welcome.hopes"].value = False
    panel.share_button.click()
    [sent] = written(group)  # sharing again replaces: still one file
    assert sent["steps"]["00-welcome"]["reflections"] == {}


def test_the_panel_names_the_code_the_place_and_the_consent_terms(journal, group):
    panel = panel_for(answered(journal))
    assert CODE in panel.where.value
    assert str(group) in panel.where.value
    consent = panel.consent.value
    assert "at least 6 people" in consent  # the cohort's min_group, from its settings
    assert "no name" in consent
    assert "recognised" in consent
    assert "withdraw" in consent
    assert "90 days" in consent
    assert journal.token in consent  # the code to quote if a file was e-mailed


def test_shared_steps_are_recorded_and_the_file_rebuilt_with_all_of_them(journal, group):
    answered(journal)
    journal.set_rating("03-start-small", "small.stuck_alone", 2)
    panel_for(journal).share_button.click()
    later = panel_for(journal, "03-start-small")
    assert "Check-in" in later.preview.value  # the earlier step is in the file too
    later.share_button.click()
    [sent] = written(group)
    assert set(sent["steps"]) == {"00-welcome", "03-start-small"}
    assert sent["steps"]["03-start-small"]["ratings"] == {"small.stuck_alone": 2}
    assert set(sent["steps"]["03-start-small"]["summary"]) >= {"asks", "first_ask_done"}
    again = Journal(journal.path)
    assert set(again.setting("shared_steps")) == {"00-welcome", "03-start-small"}
    assert again.setting("shared_to") == [str(group)]
    assert sent["token"] == again.token
    data = load_cohort(group)
    assert data.accepted == 1
    assert data.rejected == []


def test_ticks_come_back_when_the_notebook_is_run_again(journal, group):
    panel = panel_for(answered(journal))
    panel.ticks["welcome.hopes"].value = True
    panel.share_button.click()
    again = panel_for(Journal(journal.path))
    assert again.ticks["welcome.hopes"].value is True


def test_withdraw_removes_the_shared_file(journal, group):
    panel = panel_for(answered(journal))
    panel.share_button.click()
    assert len(written(group)) == 1
    panel.withdraw_button.click()
    assert written(group) == []
    assert "Withdrawn." in panel.status.value
    assert Journal(journal.path).setting("shared_steps") == {}
    panel.withdraw_button.click()
    assert "nothing to withdraw" in panel.status.value


def test_save_a_file_writes_one_submission_the_facilitator_can_drop_in(journal, tmp_path,
                                                                       private_home):
    answered(journal)
    panel = panel_for(journal)
    assert panel.share_button.disabled  # no group folder on this laptop
    assert "Save a file" in panel.where.value
    panel.save_button.click()
    saved = private_home / "exports" / f"{journal.token}.json"
    assert saved.exists()
    assert str(saved) in panel.status.value
    panel.save_button.click()  # again: replaced, not duplicated
    assert len(list((private_home / "exports").glob("*.json"))) == 1
    folder = tmp_path / "facilitator"
    cohort(folder, code=CODE)
    (folder / saved.name).write_bytes(saved.read_bytes())
    assert load_cohort(folder).accepted == 1
    panel.withdraw_button.click()
    assert not saved.exists()
    assert journal.token in panel.status.value  # what to tell the facilitator


def test_a_missing_folder_is_said_plainly_and_retry_works(journal, tmp_path, monkeypatch):
    folder = tmp_path / "not-yet"
    monkeypatch.setenv("INTERDEPENDENCE_COHORT", str(folder))
    answered(journal)
    panel = panel_for(journal)
    assert panel.share_button.disabled
    assert "could not be found" in panel.where.value
    cohort(folder, code=CODE)  # the drive is connected again
    panel.refresh_button.click()
    assert not panel.share_button.disabled
    panel.share_button.click()
    assert len(written(folder)) == 1


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "is full"),
                                         (errno.EACCES, "do not have permission"),
                                         (errno.EROFS, "read-only")])
def test_a_failed_write_is_said_plainly_keeps_the_answers_and_retry_works(
        journal, group, monkeypatch, code, words):
    panel = panel_for(answered(journal))

    def broken(*args, **kwargs):
        raise OSError(code, "simulated")

    monkeypatch.setattr(folder_module, "_write_at", broken)
    panel.share_button.click()
    assert words in panel.problem.value
    assert "press Share again" in panel.problem.value
    assert "Traceback" not in panel.problem.value
    assert written(group) == []
    assert Journal(journal.path).setting("shared_steps") is None  # nothing recorded as sent
    assert Journal(journal.path).rating("00-welcome", "sign.asking") == 4

    monkeypatch.undo()
    monkeypatch.setenv("INTERDEPENDENCE_COHORT", str(group))
    panel.share_button.click()
    assert len(written(group)) == 1
    assert "Shared." in panel.status.value
    assert panel.problem.value == ""


def test_a_group_code_that_does_not_match_the_folder_blocks_sharing(journal, group):
    answered(journal)
    journal.set_setting("cohort_code", "OTHER-1")
    panel = panel_for(journal)
    assert panel.share_button.disabled
    assert "belongs to group SPRING-26" in panel.where.value
    panel.share_button.click()
    assert written(group) == []


def test_the_folder_supplies_the_code_when_the_participant_has_none(journal, group):
    answered(journal)
    journal.set_setting("cohort_code", None)
    panel = panel_for(journal)
    panel.share_button.click()
    assert written(group)[0]["cohort"] == CODE


def test_a_step_with_nothing_answered_cannot_be_shared(journal, group):
    journal.set_setting("cohort_code", CODE)
    panel = panel_for(journal, "05-practice-vulnerability")
    assert panel.share_button.disabled
    assert panel.save_button.disabled
    assert "not answered anything in this step" in panel.where.value
    journal.set_rating("05-practice-vulnerability", "vulnerability.fear_judgement", None)
    panel.refresh_button.click()  # prefer-not-to-say is an answer
    assert not panel.share_button.disabled
    panel.share_button.click()
    [sent] = written(group)
    assert sent["steps"]["05-practice-vulnerability"]["ratings"] == {
        "vulnerability.fear_judgement": None}


def test_with_no_code_and_no_folder_nothing_can_be_sent(journal):
    journal.set_rating("00-welcome", "sign.asking", 3)
    panel = panel_for(journal)
    assert panel.share_button.disabled
    assert panel.save_button.disabled
    assert "no group code yet" in panel.where.value.lower()


def test_an_email_in_a_ticked_reflection_is_pointed_out(journal, group):
    answered(journal)
    journal.set_reflection("00-welcome", "welcome.hopes", "Write to me at sam@example.org")
    panel = panel_for(journal)
    panel.ticks["welcome.hopes"].value = True
    assert "contains an email address" in panel.preview.value


def test_the_welcome_box_saves_a_group_folder_and_refuses_a_missing_one(journal, tmp_path):
    box = StepSession("00-welcome", journal=journal).cohort_location()
    box.text.value = str(tmp_path / "missing")
    assert "There is no folder" in box.problem.value
    assert journal.setting("cohort_location") is None
    folder = tmp_path / "shared"
    cohort(folder, code=CODE)
    box.text.value = str(folder)
    assert Journal(journal.path).setting("cohort_location") == str(folder.resolve())
    assert box.problem.value == ""
    assert "Saved" in box.status.value
    journal.set_setting("cohort_code", CODE)
    journal.set_rating("00-welcome", "sign.asking", 2)
    panel = panel_for(journal)
    assert "you chose in the welcome part" in panel.where.value
    panel.share_button.click()
    assert len(written(folder)) == 1
    box.text.value = ""
    assert journal.setting("cohort_location") is None


def test_the_welcome_box_says_when_the_hub_sets_the_folder(journal, group):
    box = StepSession("00-welcome", journal=journal).cohort_location()
    assert box.text.disabled
    assert str(group) in box.status.value


def test_every_written_file_holds_only_allow_listed_data(journal, group, private_home):
    """Share every shareable step with every reflection ticked, then scan what was written."""
    answered(journal)
    journal.set_reflection("00-welcome", "welcome.recent_moment", "mail me: me@example.com")
    journal.set_exercise("04-build-a-support-network", "people", [
        {"id": "p1", "name": "Alex Example", "circle": "inner", "kinds": ["practical"],
         "direction": "both"}])
    journal.set_exercise("03-start-small", "asks", [
        {"id": "a1", "text": "Ask Jo at 10:30 to carry the bags", "discomfort": 40}])
    session_steps = [s for s in StepSession("00-welcome", journal=journal).curriculum.steps
                     if s.shareable]
    for step in session_steps:
        for item in step.items:
            journal.set_rating(step.id, item.id, 3)
        for prompt in step.prompts:
            journal.set_reflection(step.id, prompt.id,
                                   "Private words" if not prompt.shareable else "Kind words.")
        panel = panel_for(journal, step.id)
        for box in panel.ticks.values():
            box.value = True
        panel.share_button.click()
        panel.save_button.click()

    files = [p for p in group.glob("*.json") if p.name != "settings.json"]
    files += list((private_home / "exports").glob("*.json"))
    assert len(files) == 2
    forbidden = [getpass.getuser(), socket.gethostname(), str(Path.home()), str(private_home),
                 "Alex Example", "Ask Jo", "Private words", "me@example.com"]
    for path in files:
        sent = json.loads(path.read_text())
        # the random token could, by a one-in-a-million chance, spell a short username
        text = path.read_text().replace(sent["token"], "TOKEN")
        assert set(sent) == {"schema", "token", "cohort", "date", "steps", "min_group"}
        assert sent["min_group"] == 6  # the group size this participant was told (settings)
        assert set(sent["steps"]) == {s.id for s in session_steps}
        for body in sent["steps"].values():
            assert set(body) == {"ratings", "reflections", "summary"}
        for word in forbidden:
            assert word not in text, f"{word!r} leaked into {path.name}"
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "an email address"
        assert not re.search(r"\b\d{1,2}:\d{2}\b", text), "a time of day"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", sent["date"])
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime)
        assert (stamp.hour, stamp.minute, stamp.second) == (0, 0, 0), "ls -l shows a time"
        assert stamp.date().isoformat() == sent["date"]


def test_withdraw_removes_half_written_copies_an_interrupted_save_left(journal, group,
                                                                        private_home):
    panel = panel_for(answered(journal))
    panel.save_button.click()
    exports = private_home / "exports"
    crashed = exports / f".{journal.token}.json.a1b2c3d4e5f6.tmp"
    crashed.write_text('{"schema": 1, "token": "' + journal.token + '", "steps": {')
    someone_else = exports / ".AAAAAAAAAAAAAAAAAAAAAA.json.a1b2c3d4e5f6.tmp"
    someone_else.write_text("{}")
    panel.withdraw_button.click()
    assert not crashed.exists()
    assert not (exports / f"{journal.token}.json").exists()
    assert someone_else.exists()  # only this person's


def test_the_share_panel_is_a_class_with_its_parts_declared(journal, group):
    from interdependence.views.share import NeverShared, SharePanel

    panel = panel_for(answered(journal))
    assert isinstance(panel, SharePanel)
    assert not panel.never_shared
    for part in ("where", "preview", "consent", "share_button", "save_button",
                 "refresh_button", "withdraw_button", "status"):
        assert getattr(panel, part) in _descendants(panel), part
    # the error areas are made on a first error, at the panel's end (test_shared_widgets)
    assert panel.problem.box is panel
    assert panel.errors.box is panel
    assert list(panel.ticks.values())[0] in _descendants(panel)
    assert isinstance(panel_for(journal, "01-pinpoint-the-root-cause"), NeverShared)
    # its methods are what the buttons do
    panel.refresh()
    assert "Preview updated." in panel.status.value
    panel.share()
    assert len(written(group)) == 1
    assert panel.plan().submission == written(group)[0]


def _descendants(widget) -> list:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _descendants(child)
    return found


def test_a_withdrawal_sentence_and_the_code_to_quote_are_two_sentences(journal, group):
    """The code to quote once had no space before it ("...to withdraw.If you e-mailed")."""
    panel = panel_for(answered(journal))
    journal.ensure_token()
    panel.withdraw_button.click()
    text = html.unescape(re.sub(r"<[^>]+>", "", panel.status.value))
    assert "nothing to withdraw. If you e-mailed a saved file" in text
    assert f"withdraw code {journal.token} too." in text


def test_with_no_code_the_welcome_page_points_to_its_own_box_and_a_step_to_the_welcome(journal):
    """On the welcome page the "Group code" box is just above its share panel: sending the
    person "to the welcome part" from inside it only confused them (participant review)."""
    journal.set_rating("00-welcome", "sign.asking", 3)
    journal.set_rating("03-start-small", "small.ready_to_try", 3)
    here = panel_for(journal).where.value.replace("&quot;", '"')
    assert 'the "Group code" box above' in here
    assert "welcome part" not in here
    later = panel_for(journal, "03-start-small").where.value
    assert "welcome part (part 0" in later

"""The journal keeps every answer, writes atomically, and never loses a damaged file."""

import json
import subprocess
import sys
import textwrap

import pytest

from interdependence import atomic
from interdependence.journal import Journal, JournalError


def test_answers_survive_a_reload(journal):
    journal.set_rating("00-welcome", "sign.asking", 4)
    journal.set_rating("00-welcome", "sign.uneasy_relying", None)
    journal.set_reflection("00-welcome", "welcome.hopes", "More rest.")
    journal.set_exercise("03-start-small", "asks", [{"text": "a lift", "discomfort": 30}])
    again = Journal(journal.path)
    assert again.rating("00-welcome", "sign.asking") == 4
    assert again.rating("00-welcome", "sign.uneasy_relying") is None  # prefer not to say
    assert not again.has_rating("00-welcome", "sign.overcommitting")  # never answered
    assert again.reflection("00-welcome", "welcome.hopes") == "More rest."
    assert again.exercise("03-start-small", "asks") == [{"text": "a lift", "discomfort": 30}]


def test_prefer_not_to_say_is_null_not_a_midpoint(journal):
    journal.set_rating("00-welcome", "sign.asking", None)
    raw = json.loads(journal.path.read_text())
    assert raw["steps"]["00-welcome"]["ratings"]["sign.asking"] is None


@pytest.mark.parametrize("bad", [0, 6, 3.5, "4", True])
def test_out_of_range_rating_is_refused(journal, bad):
    with pytest.raises(ValueError, match="1 to 5"):
        journal.set_rating("00-welcome", "sign.asking", bad)


def test_every_change_is_on_disk_at_once(journal):
    journal.set_rating("00-welcome", "sign.asking", 2)
    assert json.loads(journal.path.read_text())["steps"]["00-welcome"]["ratings"] == {
        "sign.asking": 2}


def test_write_leaves_no_temp_files(journal):
    for value in (1, 2, 3):
        journal.set_rating("00-welcome", "sign.asking", value)
    assert sorted(p.name for p in journal.path.parent.iterdir()) == ["journal.json"]


def test_failed_write_keeps_the_old_file(journal, monkeypatch):
    journal.set_rating("00-welcome", "sign.asking", 2)
    before = journal.path.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(JournalError, match="No space left on device"):
        journal.set_rating("00-welcome", "sign.asking", 5)
    assert journal.path.read_bytes() == before
    assert sorted(p.name for p in journal.path.parent.iterdir()) == ["journal.json"]


def test_writer_killed_mid_write_leaves_old_or_new(tmp_path):
    """A process killed between writing the temp file and renaming it leaves the old file."""
    target = tmp_path / "journal.json"
    target.write_text('{"old": true}')
    script = textwrap.dedent(f"""
        import os, signal
        from interdependence import atomic
        real = os.replace
        def die(*a):
            os.kill(os.getpid(), signal.SIGKILL)
        atomic.os.replace = die
        atomic.atomic_write_text({str(target)!r}, '{{"new": true}}')
    """)
    proc = subprocess.run([sys.executable, "-c", script])
    assert proc.returncode != 0
    assert json.loads(target.read_text()) == {"old": True}


def test_corrupt_journal_is_kept_aside_and_reported(private_home):
    private_home.mkdir(parents=True)
    path = private_home / "journal.json"
    path.write_text('{"schema": 1, "steps": {"00-welc')
    journal = Journal(path)
    assert journal.set_aside is not None
    assert journal.set_aside.exists()
    assert journal.set_aside.read_text() == '{"schema": 1, "steps": {"00-welc'
    assert "corrupt-" in journal.set_aside.name
    assert "not valid JSON" in journal.set_aside_reason
    assert not path.exists()  # moved, not copied: the fresh journal starts empty
    journal.set_rating("00-welcome", "sign.asking", 3)
    assert journal.set_aside.exists()  # saving the fresh journal leaves the old one alone


def test_second_corrupt_journal_the_same_day_does_not_overwrite_the_first(private_home):
    private_home.mkdir(parents=True)
    path = private_home / "journal.json"
    path.write_text("first broken")
    first = Journal(path).set_aside
    path.write_text("second broken")
    second = Journal(path).set_aside
    assert first != second
    assert first.read_text() == "first broken"
    assert second.read_text() == "second broken"


@pytest.mark.parametrize(("content", "reason"), [
    ('[1, 2]', "expected a JSON object"),
    ('{"schema": 99, "steps": {}}', "unknown schema version"),
    ('{"schema": 1, "steps": {"00-welcome": {"ratings": {"sign.asking": 9}}}}', "out of range"),
    ('{"schema": 1, "steps": {"00-welcome": {"reflections": {"a.b": 3}}}}', "damaged"),
])
def test_wrong_shape_is_set_aside_with_its_reason(private_home, content, reason):
    private_home.mkdir(parents=True)
    (private_home / "journal.json").write_text(content)
    journal = Journal(private_home / "journal.json")
    assert reason in journal.set_aside_reason
    assert journal.set_aside.read_text() == content


def test_delete_removes_the_journal(journal):
    journal.set_rating("00-welcome", "sign.asking", 2)
    assert journal.delete() is True
    assert not journal.path.exists()
    assert journal.ratings("00-welcome") == {}
    assert journal.delete() is False


def test_answered_steps_counts_what_was_saved(journal):
    journal.set_rating("00-welcome", "sign.asking", 2)
    journal.set_reflection("00-welcome", "welcome.hopes", "x")
    journal.set_reflection("00-welcome", "welcome.recent_moment", "   ")
    assert journal.answered_steps() == {"00-welcome": 2}


def test_token_is_random_and_kept(journal):
    token = journal.ensure_token()
    assert len(token) >= 20
    assert Journal(journal.path).token == token
    other = Journal(journal.path.with_name("other.json")).ensure_token()
    assert other != token


def test_exercise_values_are_copies(journal):
    journal.set_exercise("03-start-small", "asks", [{"text": "x"}])
    got = journal.exercise("03-start-small", "asks")
    got.append({"text": "y"})
    assert journal.exercise("03-start-small", "asks") == [{"text": "x"}]


def test_two_notebooks_open_at_once_never_wipe_each_other(journal):
    """Two kernels, two Journal objects on one file: each change keeps the other's."""
    other = Journal(journal.path)
    journal.set_exercise("01-pinpoint-the-root-cause", "timeline", [{"id": "m1"}])
    other.set_exercise("02-reframe-help-as-strength", "records", [{"id": "r1"}])
    journal.set_rating("00-welcome", "sign.asking", 3)
    other.set_reflection("00-welcome", "welcome.hopes", "rest")
    fresh = Journal(journal.path)
    assert fresh.exercise("01-pinpoint-the-root-cause", "timeline") == [{"id": "m1"}]
    assert fresh.exercise("02-reframe-help-as-strength", "records") == [{"id": "r1"}]
    assert fresh.rating("00-welcome", "sign.asking") == 3
    assert fresh.reflection("00-welcome", "welcome.hopes") == "rest"
    # and each open journal reads what the other saved
    assert journal.reflection("00-welcome", "welcome.hopes") == "rest"
    assert other.rating("00-welcome", "sign.asking") == 3


def test_concurrent_writers_in_separate_processes_lose_nothing(journal):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(str(journal.path), n)) for n in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    ratings = Journal(journal.path).data["steps"]
    saved = {step: len(body["exercise"]) for step, body in ratings.items()}
    assert saved == {f"writer-{n}": 25 for n in range(4)}


def _write_many(path, n):
    j = Journal(path)
    for i in range(25):
        j.set_exercise(f"writer-{n}", f"key{i}", i)


def test_token_made_in_one_notebook_is_used_by_the_other(journal):
    other = Journal(journal.path)
    token = journal.ensure_token()
    assert other.ensure_token() == token


def test_several_exercise_keys_are_saved_in_one_write(journal, monkeypatch):
    from interdependence import journal as journal_module

    writes = []
    real = journal_module.atomic_write_text
    monkeypatch.setattr(journal_module, "atomic_write_text",
                        lambda path, text: (writes.append(path), real(path, text)))
    journal.set_exercises("03-start-small", {"asks": [], "chosen": None, "outcomes": {}})
    assert len(writes) == 1
    assert Journal(journal.path).exercise("03-start-small", "outcomes") == {}


# ---- a journal that cannot be read right now is not a damaged journal ---------------------


def _saved_journal(private_home):
    first = Journal(private_home / "journal.json")
    first.set_rating("00-welcome", "sign.asking", 2)
    token = first.ensure_token()
    return first.path, token, first.path.read_bytes()


def _raw(path):
    with open(path, "rb") as f:  # not Path.read_bytes, which the tests make fail
        return f.read()


def _fail_reading(monkeypatch, path, errno_code, text):
    import pathlib

    real = pathlib.Path.read_bytes

    def read_bytes(self):
        if self == path:
            raise OSError(errno_code, text, str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)


@pytest.mark.parametrize(("code", "text"), [(24, "Too many open files"), (5, "Input/output error"),
                                        (13, "Permission denied")])
def test_a_read_error_keeps_the_journal_in_place_and_writes_nothing(private_home, monkeypatch,
                                                                    code, text):
    path, token, before = _saved_journal(private_home)
    _fail_reading(monkeypatch, path, code, text)
    journal = Journal(path)
    assert journal.set_aside is None
    assert text in journal.unreadable
    assert "Nothing was changed" in journal.unreadable
    assert "try again" in journal.unreadable
    assert "restart the kernel" in journal.unreadable
    with pytest.raises(JournalError, match="could not be read just now"):
        journal.set_rating("00-welcome", "sign.uneasy_relying", 4)
    with pytest.raises(JournalError, match="could not be read just now"):
        journal.ensure_token()
    assert _raw(path) == before  # not moved, not replaced by a fresh journal
    assert sorted(p.name for p in path.parent.iterdir()) == ["journal.json"]

    monkeypatch.undo()  # the error passes: the same object saves on top of the real answers
    journal.set_rating("00-welcome", "sign.uneasy_relying", 4)
    again = Journal(path)
    assert again.token == token
    assert again.ratings("00-welcome") == {"sign.asking": 2, "sign.uneasy_relying": 4}
    assert journal.unreadable is None


def test_a_read_error_after_opening_keeps_what_is_on_disk(private_home, monkeypatch):
    path, token, before = _saved_journal(private_home)
    journal = Journal(path)
    other = Journal(path)
    other.set_rating("00-welcome", "sign.overcommitting", 5)  # another kernel wrote: re-read needed
    on_disk = path.read_bytes()
    _fail_reading(monkeypatch, path, 24, "Too many open files")
    assert journal.ratings("00-welcome")["sign.asking"] == 2  # reads keep what is in memory
    with pytest.raises(JournalError, match="Too many open files"):
        journal.set_rating("00-welcome", "sign.asking", 1)
    assert _raw(path) == on_disk
    assert json.loads(on_disk)["token"] == token


def test_a_folder_where_the_journal_should_be_is_left_alone(private_home):
    path = private_home / "journal.json"
    (path / "inside").mkdir(parents=True)
    journal = Journal(path)
    assert journal.set_aside is None
    assert "folder with that name" in journal.unreadable
    with pytest.raises(JournalError, match="could not be read just now"):
        journal.set_rating("00-welcome", "sign.asking", 3)
    assert path.is_dir()
    assert (path / "inside").is_dir()
    assert sorted(p.name for p in private_home.iterdir()) == ["journal.json"]


def test_a_journal_that_is_not_utf8_is_set_aside_as_damaged(private_home):
    private_home.mkdir(parents=True)
    path = private_home / "journal.json"
    path.write_bytes(b'{"schema": 1, "steps": {}, "x": "\xff"}')
    journal = Journal(path)
    assert journal.set_aside is not None
    assert "not UTF-8" in journal.set_aside_reason


def test_the_notebook_shows_the_read_error_in_words_not_a_traceback(private_home, monkeypatch):
    from interdependence.session import StepSession
    from interdependence.views import guard

    path, _, before = _saved_journal(private_home)
    _fail_reading(monkeypatch, path, 24, "Too many open files")
    session = StepSession("00-welcome", journal=Journal(path))
    header = session.header()
    assert any("could not be read just now" in getattr(c, "value", "") for c in header.children)
    control = session.ratings().controls[0]
    control.value = 3
    assert "could not be read just now" in control.error  # shown under the rating
    assert "Traceback" not in control.error
    assert _raw(path) == before
    guard.CALLBACK_ERRORS.clear()


# ---- deleting the journal removes every file of it -----------------------------------------


def _journal_with_leftovers(private_home):
    journal = Journal(private_home / "journal.json")
    journal.set_rating("00-welcome", "sign.asking", 2)
    folder = private_home
    (folder / "journal.corrupt-2026-11-01.json").write_text("broken once")
    (folder / "journal.corrupt-2026-11-01-1.json").write_text("broken twice")
    (folder / ".journal.json.k3j4h5.tmp").write_text('{"schema": 1, "steps": {"00-we')
    (folder / "exports").mkdir()
    (folder / "exports" / "support-map.png").write_bytes(b"png")
    (folder / "notes.txt").write_text("not the journal")
    return journal


def test_delete_removes_the_journal_its_set_aside_copies_and_temp_leftovers(private_home):
    journal = _journal_with_leftovers(private_home)
    assert [p.name for p in journal.files()] == [
        "journal.json", ".journal.json.k3j4h5.tmp", "journal.corrupt-2026-11-01-1.json",
        "journal.corrupt-2026-11-01.json"]
    assert journal.delete() is True
    assert len(journal.deleted) == 4
    assert sorted(p.name for p in private_home.iterdir()) == ["exports", "notes.txt"]
    assert (private_home / "exports" / "support-map.png").read_bytes() == b"png"
    assert journal.files() == []
    assert journal.delete() is False

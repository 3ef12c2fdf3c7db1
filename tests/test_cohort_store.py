"""The folder store as a drop box, proven with real, separate system accounts.

As root, the test forks children that switch to other user ids: a facilitator who owns the
cohort folder and two participants. Without root there are no other accounts to switch to,
so the test skips (and CI, which runs as root, turns any skip into a failure).
"""

import datetime as dt
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from cohort_helpers import CODE, submission

# Everything the children use is imported here, before they switch accounts: when the clone
# sits in a folder only its owner can enter, another account cannot import from it.
import interdependence.cli  # noqa: F401
import interdependence.cohort.maintenance as maintenance
from interdependence import curriculum
from interdependence.cohort import FolderStore, load_cohort
from interdependence.cohort.stores.base import StoreError
from interdependence.cohort.stores.folder_setup import access_warnings
from interdependence.cohort.submission import encode

FACILITATOR, ALICE, BOB = 2601, 2602, 2603

needs_root = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0,
    reason="switching between user accounts needs root")


def as_user(uid: int, action, *args):
    """Run ``action(*args)`` in a child process as ``uid``; return its result or error text."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            try:
                out = {"ok": True, "value": action(*args)}
            except BaseException as exc:  # reported to the parent as text
                out = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            os.write(write, json.dumps(out, default=str).encode())
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    assert status == 0
    return json.loads(b"".join(chunks))


def _setup(folder):
    from interdependence.cli import main

    return main(["setup-cohort", folder, "--code", "DROP-1"])


def _put(folder, sub):
    return FolderStore(folder).put(sub)


def _list(folder):
    return os.listdir(folder)


def _read(path):
    return Path(path).read_text()


def _delete(folder, token):
    return FolderStore(folder).delete(token)


def _load(folder):
    store = FolderStore(folder)
    data = load_cohort(store)
    store.wait()  # the take-over thread: os._exit in the child would cut it short
    return {"accepted": data.accepted, "rejected": data.rejected, "moved": data.set_aside,
            "warnings": data.warnings, "min_group": data.min_group,
            "participation": sorted(map(tuple, data.participation.values.tolist())),
            "unknown_source": data.unknown_source}


def _purge(folder):
    return maintenance.purge(folder, 0, today=dt.date.today() + dt.timedelta(days=2)).deleted


def _mkdir(path, mode):
    os.mkdir(path)
    os.chmod(path, mode)


def _symlink(target, path):
    os.symlink(target, path)


def _write(path, text):
    Path(path).write_text(text)


def _warm_up(base):
    """Load once as root, so modules and the curriculum are in memory before forking."""
    curriculum.default()
    warm = base / "warm-up"
    warm.mkdir()
    FolderStore(warm).init_settings("WARM-UP")
    FolderStore(warm).put(submission(code="WARM-UP"))
    load_cohort(warm)


@pytest.fixture
def shared_volume():
    base = Path(tempfile.mkdtemp(prefix="dropbox-"))
    base.chmod(0o755)
    os.chown(base, FACILITATOR, FACILITATOR)
    yield base
    # the children's files belong to other accounts; root removes them
    for path in sorted(base.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        path.unlink() if not path.is_dir() or path.is_symlink() else path.rmdir()
    base.rmdir()


@needs_root
def test_a_drop_box_lets_participants_add_but_never_read_list_or_remove(shared_volume):
    # Load everything before forking: the children's accounts cannot read the interpreter's
    # own folders (under /root here), only what this process already has in memory.
    _warm_up(shared_volume)
    folder = str(shared_volume / "cohort")
    assert as_user(FACILITATOR, _setup, folder) == {"ok": True, "value": 0}
    info = os.stat(folder)
    assert info.st_uid == FACILITATOR
    assert stat.S_IMODE(info.st_mode) == 0o3733

    alice, bob = submission(code="DROP-1"), submission(code="DROP-1")
    alice_file = f"{folder}/{alice['token']}.json"
    assert as_user(ALICE, _put, folder, alice)["ok"]
    assert as_user(BOB, _put, folder, bob)["ok"]
    owner = os.stat(alice_file)
    assert (owner.st_uid, owner.st_gid) == (ALICE, FACILITATOR)  # the folder's group
    assert stat.S_IMODE(owner.st_mode) == 0o640

    # Bob can neither list the folder, nor read, replace or remove Alice's file
    assert "PermissionError" in as_user(BOB, _list, folder)["error"]
    assert "PermissionError" in as_user(BOB, _read, alice_file)["error"]
    forged = dict(alice, steps={"00-welcome": {"ratings": {"sign.asking": 1}}})
    assert "permission" in as_user(BOB, _put, folder, forged)["error"]
    assert as_user(BOB, _delete, folder, alice["token"])["ok"]  # leaves a note, see below
    assert os.path.exists(alice_file)
    # Bob's note must not withdraw Alice's file, which has not been taken over yet
    noted = as_user(FACILITATOR, _load, folder)["value"]
    assert noted["accepted"] == 2
    assert not os.path.exists(f"{folder}/{alice['token']}.withdraw")
    assert any("withdrawal note from another account" in w for w in noted["warnings"])
    alice_file = f"{folder}/_facilitator/{alice['token']}.json"  # taken over by that load
    # he can read the cohort's settings, so his share panel can state min_group
    assert as_user(BOB, _read, f"{folder}/settings.json")["ok"]

    # Alice can share again (replace) and withdraw her own
    again = dict(alice, steps={"00-welcome": {"ratings": {"sign.asking": 2}}})
    assert as_user(ALICE, _put, folder, again)["ok"]
    assert as_user(ALICE, _delete, folder, alice["token"]) == {"ok": True, "value": True}
    assert as_user(ALICE, _put, folder, again)["ok"]

    # a bad file from a participant (the store writes what it is given; the loader judges):
    # the facilitator still reads the rest and moves the bad one aside
    bad = submission(code="DROP-1", asking=9)
    assert as_user(BOB, _put, folder, bad)["ok"]
    loaded = as_user(FACILITATOR, _load, folder)
    assert loaded["ok"], loaded
    assert loaded["value"]["accepted"] == 2
    assert [name for name, _ in loaded["value"]["rejected"]] == [f"{bad['token']}.json"]
    assert loaded["value"]["moved"][0][1].endswith(f"_set_aside/{bad['token']}.json")
    assert os.stat(f"{folder}/_set_aside").st_mode & 0o777 == 0o700  # facilitator only
    assert "PermissionError" in as_user(BOB, _list, f"{folder}/_set_aside")["error"]
    assert access_warnings(Path(folder)) == []


def test_a_folder_anyone_can_list_is_warned_about(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    warnings = access_warnings(folder)
    assert any("read each other's files" in w for w in warnings)
    assert any("sticky" in w for w in warnings)
    folder.chmod(0o3733)
    assert access_warnings(folder) == []


def _drop_box(shared_volume):
    _warm_up(shared_volume)
    folder = str(shared_volume / "cohort")
    assert as_user(FACILITATOR, _setup, folder) == {"ok": True, "value": 0}
    return folder


def _owners_and_times(folder):
    out = []
    for path in Path(folder).rglob("*"):
        info = path.lstat()
        out.append((str(path.relative_to(folder)), info.st_uid,
                    dt.datetime.fromtimestamp(info.st_mtime).time()))
    return out


@needs_root
def test_setup_makes_the_facilitators_private_folders_and_no_one_else_can_enter(shared_volume):
    folder = _drop_box(shared_volume)
    for name in ("_set_aside", "_facilitator"):
        info = os.lstat(f"{folder}/{name}")
        assert stat.S_ISDIR(info.st_mode)
        assert info.st_uid == FACILITATOR
        assert stat.S_IMODE(info.st_mode) == 0o700
        assert "PermissionError" in as_user(ALICE, _list, f"{folder}/{name}")["error"]


@needs_root
def test_after_a_load_ls_shows_no_participant_as_owner_and_no_time_of_day(shared_volume):
    folder = _drop_box(shared_volume)
    alice, bob = submission(code="DROP-1"), submission(code="DROP-1")
    assert as_user(ALICE, _put, folder, alice)["ok"]
    assert as_user(BOB, _put, folder, bob)["ok"]
    # before the facilitator's first load: owners show, but never a time of day
    waiting = os.stat(f"{folder}/{alice['token']}.json")
    assert waiting.st_uid == ALICE
    assert dt.datetime.fromtimestamp(waiting.st_mtime).time() == dt.time(0, 0)
    loaded = as_user(FACILITATOR, _load, folder)
    assert loaded["ok"], loaded
    assert loaded["value"]["accepted"] == 2, loaded
    seen = _owners_and_times(folder)
    assert {uid for _, uid, _ in seen} == {FACILITATOR}, seen
    copies = [(n, t) for n, _, t in seen if n.startswith("_facilitator/") and
              n.endswith(f"{alice['token']}.json")]
    assert copies
    assert copies[0][1] == dt.time(0, 0)
    assert not os.path.exists(f"{folder}/{alice['token']}.json")  # taken over
    # a second load reads the taken-over copies: still two
    assert as_user(FACILITATOR, _load, folder)["value"]["accepted"] == 2


@needs_root
def test_one_account_sharing_from_five_journals_counts_once_per_step(shared_volume):
    """Fake participants: one person fills the threshold from extra journals."""
    folder = _drop_box(shared_volume)
    fakes = [submission(code="DROP-1", asking=1 + i) for i in range(4)]
    real = submission(code="DROP-1", asking=5)
    for sub in fakes:
        assert as_user(ALICE, _put, folder, sub)["ok"]
    assert as_user(BOB, _put, folder, real)["ok"]
    loaded = as_user(FACILITATOR, _load, folder)["value"]
    assert loaded["accepted"] == 2  # Alice once, Bob once: a chart of five stays hidden
    assert sum(1 for _, step in loaded["participation"] if step == "00-welcome") == 2
    assert any("counts once" in w for w in loaded["warnings"])
    assert loaded["unknown_source"] == 0
    # and it stays so on the next load, from the kept record of sources
    again = as_user(FACILITATOR, _load, folder)["value"]
    assert again["accepted"] == 2


@needs_root
def test_a_participant_withdraws_after_their_file_was_taken_over(shared_volume):
    folder = _drop_box(shared_volume)
    alice = submission(code="DROP-1")
    assert as_user(ALICE, _put, folder, alice)["ok"]
    assert as_user(FACILITATOR, _load, folder)["value"]["accepted"] == 1
    assert as_user(ALICE, _delete, folder, alice["token"]) == {"ok": True, "value": True}
    assert as_user(FACILITATOR, _load, folder)["value"]["accepted"] == 0
    left = [n for n, _, _ in _owners_and_times(folder) if alice["token"] in n]
    assert left == []  # the copy, the note and the source record are all gone
    assert alice["token"] not in Path(f"{folder}/_facilitator/sources.json").read_text()
    # sharing again after withdrawing works, and is counted
    assert as_user(ALICE, _put, folder, alice)["ok"]
    assert as_user(FACILITATOR, _load, folder)["value"]["accepted"] == 1


@needs_root
@pytest.mark.parametrize("planted", ["_set_aside", "_facilitator"])
def test_a_planted_link_or_folder_is_refused_and_nothing_is_written_through_it(
        shared_volume, planted):
    """A cohort made before this version (no private folders yet) is open to planting."""
    _warm_up(shared_volume)
    home = shared_volume / "facilitator-home"
    home.mkdir()
    os.chown(home, FACILITATOR, FACILITATOR)
    rc = home / ".bashrc"
    rc.write_text("# mine\n")
    os.chown(rc, FACILITATOR, FACILITATOR)
    folder = str(shared_volume / "old-cohort")
    assert as_user(FACILITATOR, _setup, folder)["ok"]
    for name in ("_set_aside", "_facilitator"):  # as an older version left it
        os.rmdir(f"{folder}/{name}")
    bad = submission(code="DROP-1", asking=9)
    assert as_user(BOB, _put, folder, bad)["ok"]
    assert as_user(BOB, _symlink, str(home), f"{folder}/{planted}")["ok"]
    loaded = as_user(FACILITATOR, _load, folder)
    text = json.dumps(loaded)
    assert "planted" in text
    assert "Traceback" not in text
    assert sorted(os.listdir(home)) == [".bashrc"]
    assert rc.read_text() == "# mine\n"
    assert "planted" in json.dumps(as_user(FACILITATOR, _purge, folder))
    assert rc.exists()
    # a real folder planted by a participant is refused the same way
    os.unlink(f"{folder}/{planted}")
    assert as_user(BOB, _put, folder, submission(code="DROP-1", asking=9))["ok"]
    assert as_user(BOB, _mkdir, f"{folder}/{planted}", 0o777)["ok"]
    assert "planted" in json.dumps(as_user(FACILITATOR, _load, folder))


@needs_root
def test_planted_settings_are_never_trusted(shared_volume):
    """min_group cannot be lowered by a participant's settings.json."""
    _warm_up(shared_volume)
    folder = f"{shared_volume}/hand-made"
    assert as_user(FACILITATOR, _mkdir, folder, 0o1777)["ok"]  # not made by setup-cohort
    planted = json.dumps({"schema": 1, "code": "DROP-1", "min_group": 3, "created": None,
                          "keep_days": 90})
    assert as_user(BOB, _write, f"{folder}/settings.json", planted)["ok"]
    assert as_user(ALICE, _put, folder, submission(code="DROP-1"))["ok"]
    loaded = as_user(FACILITATOR, _load, folder)
    assert not loaded["ok"]
    assert "another account" in loaded["error"]
    setup = as_user(FACILITATOR, _setup_capture, folder)
    assert setup["value"][0] != 0
    assert "another account" in setup["value"][1]
    # a participant's own folder is not a cohort the facilitator can adopt either
    theirs = f"{shared_volume}/bobs"
    os.mkdir(theirs)
    os.chown(theirs, BOB, BOB)
    os.chmod(theirs, 0o1777)
    setup = as_user(FACILITATOR, _setup_capture, theirs)
    assert setup["value"][0] != 0
    assert "another account" in setup["value"][1]


def _setup_capture(folder):
    import contextlib
    import io

    from interdependence.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["setup-cohort", folder, "--code", "DROP-1"])
    return code, err.getvalue()


def test_the_largest_group_size_anyone_was_shown_applies(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    store = FolderStore(folder)
    store.init_settings("DROP-1", 5)
    for _ in range(6):
        store.put(dict(submission(code="DROP-1"), min_group=8))
    (folder / "settings.json").write_text(json.dumps(
        {"schema": 1, "code": "DROP-1", "min_group": 3, "created": None, "keep_days": 90}))
    data = load_cohort(folder)
    assert data.min_group == 8
    assert any("8 applies" in w for w in data.warnings)


def test_one_submission_cannot_raise_the_group_size_to_hide_every_chart(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    store = FolderStore(folder)
    store.init_settings("DROP-1", 5)
    for _ in range(6):
        store.put(dict(submission(code="DROP-1"), min_group=5))
    store.put(dict(submission(code="DROP-1"), min_group=1000))
    data = load_cohort(folder)
    assert data.min_group == 5
    assert data.accepted == 7
    assert any("was not applied" in w for w in data.warnings)


def test_deleting_the_settings_hides_every_chart(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    store = FolderStore(folder)
    store.init_settings("DROP-1", 5)
    for _ in range(6):
        store.put(submission(code="DROP-1"))
    (folder / "settings.json").unlink()
    with pytest.raises(StoreError, match="not a cohort folder"):
        load_cohort(folder)


def test_settings_that_are_a_link_or_writable_by_anyone_are_refused(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    FolderStore(folder).init_settings("DROP-1", 5)
    (folder / "settings.json").chmod(0o666)
    with pytest.raises(StoreError, match="changed by anyone"):
        load_cohort(folder)
    real = tmp_path / "elsewhere.json"
    (folder / "settings.json").rename(real)
    real.chmod(0o644)
    (folder / "settings.json").symlink_to(real)
    with pytest.raises(StoreError, match="is a link"):
        load_cohort(folder)


@needs_root
def test_another_account_cannot_withdraw_or_replace_a_taken_over_submission(shared_volume):
    """Tokens are secret, but one that is overheard must not let Bob undo Alice's share."""
    folder = _drop_box(shared_volume)
    alice = submission(code="DROP-1", asking=2)
    assert as_user(ALICE, _put, folder, alice)["ok"]
    assert as_user(FACILITATOR, _load, folder)["value"]["accepted"] == 1
    assert as_user(BOB, _delete, folder, alice["token"])["ok"]
    loaded = as_user(FACILITATOR, _load, folder)["value"]
    assert loaded["accepted"] == 1
    assert any("withdrawal note from another account" in w for w in loaded["warnings"])
    forged = dict(alice, steps={"00-welcome": {"ratings": {"sign.asking": 5}}})
    assert as_user(BOB, _put, folder, forged)["ok"]  # her file is no longer in the way
    loaded = as_user(FACILITATOR, _load, folder)["value"]
    assert loaded["accepted"] == 1
    assert any("another account" in why for _, why in loaded["rejected"])
    kept = json.loads(Path(f"{folder}/_facilitator/{alice['token']}.json").read_text())
    assert kept["steps"]["00-welcome"]["ratings"]["sign.asking"] == 2


def test_a_browsers_second_download_is_named_with_what_to_do(tmp_path):
    """A facilitator who saved a participant's file twice has "<token> (1).json": the file is
    left alone (never read, never moved) and the reason says which name it should have."""
    folder = tmp_path / "c"
    folder.mkdir()
    FolderStore(folder).init_settings(CODE, 5)
    sub = submission()
    copy = folder / f"{sub['token']} (1).json"
    copy.write_bytes(encode(sub))
    other = folder / "notes.json"
    other.write_text("{}")
    data = load_cohort(folder)
    reasons = dict(data.rejected)
    assert f"rename this one to {sub['token']}.json" in reasons[copy.name]
    assert "browser's second download" in reasons[copy.name]
    assert "browser" not in reasons[other.name]
    assert "not a submission's" in reasons[other.name]
    assert copy.read_bytes() == encode(sub)
    assert data.accepted == 0

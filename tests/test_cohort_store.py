"""The folder store as a drop box, proven with real, separate system accounts.

As root, the test forks children that switch to other user ids: a facilitator who owns the
cohort folder and two participants. Without root there are no other accounts to switch to,
so the test skips (and CI, which runs as root, turns any skip into a failure).
"""

import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
from cohort_helpers import submission

from interdependence import curriculum
from interdependence.cohort import FolderStore, load_cohort
from interdependence.cohort.store import access_warnings

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
    data = load_cohort(folder)
    return {"accepted": data.accepted, "rejected": data.rejected, "moved": data.set_aside}


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
    curriculum.default()
    warm = shared_volume / "warm-up"
    warm.mkdir()
    load_cohort(warm)
    folder = str(shared_volume / "cohort")
    assert as_user(FACILITATOR, _setup, folder) == {"ok": True, "value": 0}
    info = os.stat(folder)
    assert info.st_uid == FACILITATOR and stat.S_IMODE(info.st_mode) == 0o3733

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
    assert "permission" in as_user(BOB, _delete, folder, alice["token"])["error"]
    forged = dict(alice, steps={"00-welcome": {"ratings": {"sign.asking": 1}}})
    assert "permission" in as_user(BOB, _put, folder, forged)["error"]
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

"""Many participants at once, writers killed half-way, resubmission and withdrawal."""

import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from cohort_helpers import CODE, cohort, submission

from interdependence import curriculum
from interdependence.cohort import FolderStore, load_cohort

FORK = multiprocessing.get_context("fork")


def _participant(folder: str, home: str, barrier, i: int) -> None:
    """One participant's kernel: answer, wait for everyone, press Share."""
    os.environ["INTERDEPENDENCE_HOME"] = home
    os.environ["INTERDEPENDENCE_COHORT"] = folder
    from interdependence.cohort import sharing
    from interdependence.journal import Journal

    journal = Journal(Path(home) / "journal.json")
    journal.set_setting("cohort_code", CODE)
    journal.set_rating("00-welcome", "sign.asking", 1 + i % 5)
    journal.set_reflection("00-welcome", "welcome.hopes", f"Hope number {i}")
    barrier.wait(timeout=60)
    sharing.share(journal, curriculum.default(), "00-welcome", ["welcome.hopes"])


def test_fifty_participants_sharing_at_once_leave_fifty_valid_files(tmp_path):
    folder = tmp_path / "cohort"
    cohort(folder)
    curriculum.default()  # loaded once here, shared by every forked participant
    barrier = FORK.Barrier(50)
    procs = [FORK.Process(target=_participant,
                          args=(str(folder), str(tmp_path / f"home{i}"), barrier, i))
             for i in range(50)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * 50
    files = [p for p in folder.iterdir() if p.name != "settings.json"]
    assert len(files) == 50
    assert not [p for p in files if p.name.startswith(".")]
    data = load_cohort(folder)
    assert data.accepted == 50
    assert data.rejected == []
    assert sorted(r["text"] for r in data.reflections) == sorted(
        f"Hope number {i}" for i in range(50))
    tokens = {json.loads(Path(tmp_path / f"home{i}" / "journal.json").read_text())["token"]
              for i in range(50)}
    assert tokens == data.tokens


def _reshare(folder: str, sub: dict, barrier, value: int) -> None:
    sub = dict(sub, steps={"00-welcome": {"ratings": {"sign.asking": value}}})
    barrier.wait(timeout=60)
    for _ in range(20):
        FolderStore(folder).put(sub)


def test_one_person_sharing_again_from_many_kernels_at_once_leaves_one_valid_file(tmp_path):
    folder = tmp_path / "cohort"
    cohort(folder)
    sub = submission()
    barrier = FORK.Barrier(10)
    procs = [FORK.Process(target=_reshare, args=(str(folder), sub, barrier, 1 + i % 5))
             for i in range(10)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * 10
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["settings.json", f"{sub['token']}.json"])
    data = load_cohort(folder)
    assert data.accepted == 1
    assert data.rejected == []
    assert len(data.ratings) == 1
    assert data.ratings["value"].iloc[0] in {1, 2, 3, 4, 5}


KILLED_AT_FSYNC = """
import json, os, sys, time
def stuck(fd):
    print("ready", flush=True)
    time.sleep(120)
os.fsync = stuck
from interdependence.cohort import FolderStore
FolderStore(sys.argv[1]).put(json.loads(sys.argv[2]))
"""

KILLED_HALF_WAY = """
import json, os, sys, time
real_write = os.write
def half(fd, data):
    real_write(fd, bytes(data[: len(data) // 2]))
    print("ready", flush=True)
    time.sleep(120)
os.write = half
from interdependence.cohort import FolderStore
FolderStore(sys.argv[1]).put(json.loads(sys.argv[2]))
"""


def _kill_when_ready(script: str, folder: Path, sub: dict) -> None:
    proc = subprocess.Popen([sys.executable, "-c", script, str(folder), json.dumps(sub)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("script", [KILLED_AT_FSYNC, KILLED_HALF_WAY],
                         ids=["before-rename", "half-written"])
def test_a_writer_killed_mid_write_leaves_nothing_the_loader_accepts(tmp_path, script):
    folder = tmp_path / "cohort"
    cohort(folder)
    sub = submission()
    _kill_when_ready(script, folder, sub)
    leftovers = [p.name for p in folder.iterdir() if p.name != "settings.json"]
    assert leftovers
    assert all(n.startswith(".") and n.endswith(".tmp") for n in leftovers)
    data = load_cohort(folder)
    assert data.accepted == 0
    assert data.rejected == []
    assert not (folder / f"{sub['token']}.json").exists()


def test_a_resubmission_killed_mid_write_keeps_the_earlier_one_whole(tmp_path):
    folder = tmp_path / "cohort"
    store = cohort(folder)
    first = submission(asking=1)
    store.put(first)
    second = dict(first, steps={"00-welcome": {"ratings": {"sign.asking": 5}}})
    _kill_when_ready(KILLED_HALF_WAY, folder, second)
    data = load_cohort(folder)
    assert data.accepted == 1
    assert data.rejected == []
    assert data.ratings.set_index("item").loc["sign.asking", "value"] == 1


WRITE_FOREVER = """
import json, sys
from interdependence.cohort import FolderStore
store, sub = FolderStore(sys.argv[1]), json.loads(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    n += 1
    sub["steps"]["00-welcome"]["ratings"]["sign.asking"] = 1 + n % 5
    store.put(sub)
"""


def test_writers_killed_at_random_moments_never_leave_a_broken_file(tmp_path):
    folder = tmp_path / "cohort"
    cohort(folder)
    rng = random.Random(11)
    for _ in range(6):
        sub = submission()
        proc = subprocess.Popen([sys.executable, "-c", WRITE_FOREVER, str(folder),
                                 json.dumps(sub)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        proc.kill()
        proc.wait(30)
        proc.stdout.close()
        data = load_cohort(folder, set_aside=False)
        assert data.rejected == [], data.rejected
    assert data.accepted <= 6


def test_withdrawing_while_others_share_removes_only_that_file(tmp_path):
    folder = tmp_path / "cohort"
    store = cohort(folder, 5)
    leaving = submission()
    store.put(leaving)
    barrier = FORK.Barrier(6)
    others = [FORK.Process(target=_reshare, args=(str(folder), submission(), barrier, 3))
              for _ in range(5)]
    for p in others:
        p.start()
    barrier.wait(timeout=60)
    assert store.delete(leaving["token"])
    for p in others:
        p.join(120)
    data = load_cohort(folder)
    assert leaving["token"] not in data.tokens
    assert data.accepted == 10
    assert data.rejected == []


def _write_forever(folder: str, sub: dict, uid: int | None) -> None:
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    store, n = FolderStore(folder), 0
    while True:
        n += 1
        sub["steps"]["00-welcome"]["ratings"]["sign.asking"] = 1 + n % 5
        store.put(sub)


def _load_forever(folder: str) -> None:
    while True:
        load_cohort(folder)


def test_a_bounded_kill_9_loop_never_accepts_a_broken_file_and_cleanup_leaves_no_copy(tmp_path):
    """Writers and the facilitator's load (with its take-over) killed at random moments, for a
    few seconds: what loads is always whole, and check/purge leave no temp copy behind."""
    base = Path(tempfile.mkdtemp(prefix="kill9-"))  # not under pytest's owner-only folder
    base.chmod(0o755)
    folder = base / "cohort"
    cohort(folder)
    os.chmod(folder, 0o3733)
    as_other = 2611 if os.geteuid() == 0 else None  # as root: a participant's own account
    curriculum.default()
    load_cohort(folder)  # pandas and the rest imported before forking
    rng = random.Random(5)
    deadline = time.monotonic() + 6
    subs, rounds = [], 0
    while time.monotonic() < deadline or rounds < 3:
        rounds += 1
        if len(subs) < 4:
            subs.append(submission())
        procs = [FORK.Process(target=_write_forever, args=(str(folder), sub, as_other))
                 for sub in subs[-2:]]
        procs.append(FORK.Process(target=_load_forever, args=(str(folder),)))
        for p in procs:
            p.start()
        time.sleep(rng.uniform(0.02, 0.25))
        for p in procs:
            os.kill(p.pid, signal.SIGKILL)
        for p in procs:
            p.join(30)
        store = FolderStore(folder)
        data = load_cohort(store, set_aside=False)
        store.wait()  # its take-over, before the next round kills anything
        assert data.rejected == [], data.rejected  # nothing half-written under a real name
        assert data.tokens <= {s["token"] for s in subs}
        assert set(data.ratings["value"].dropna()) <= {1, 2, 3, 4, 5}
    temps = [p for p in folder.rglob("*") if p.name.endswith(".tmp")]
    if as_other is not None:  # the participant's files were taken over along the way
        assert list(folder.glob("_facilitator/*.json"))
    removed = FolderStore(folder).remove_leftovers(older_than=0)
    assert len(removed) == len(temps)
    assert [p for p in folder.rglob("*") if p.name.endswith(".tmp")] == []
    shutil.rmtree(base)

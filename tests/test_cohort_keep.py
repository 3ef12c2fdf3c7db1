"""The facilitator's keep (``_facilitator/accepted.jsonl``): a repeated load reads one file,
yet gives exactly what reading every file gives, and nothing in the drop folder can make it
keep old content or let a line in that the files do not back."""

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import cohort_helpers as helpers
import pytest
from cohort_helpers import submission, token, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdependence.cohort import FolderStore, load_cohort
from interdependence.cohort.maintenance import purge, withdraw
from interdependence.cohort.stores import folder as folder_module
from interdependence.cohort.stores import keep

KEEP = Path("_facilitator") / keep.KEEP


def cohort(folder: Path, n: int = 0):
    """A cohort as ``setup-cohort`` makes it: with its ``_facilitator/`` (the keep's home)."""
    store = helpers.cohort(folder, n)
    store.prepare()
    return store


@pytest.fixture
def settled_at_once(monkeypatch):
    """Files count as settled at once (the tests change them seconds apart at most)."""
    monkeypatch.setattr(keep, "SETTLED_NS", 0)


@pytest.fixture
def reads(monkeypatch):
    """The submission files each load opens and reads."""
    seen: list[str] = []
    real = folder_module._read_at

    def counting(fd, name, *args, **kwargs):
        if name.endswith(".json") and name not in ("sources.json", "settings.json") \
                and not name.startswith("state."):
            seen.append(name)
        return real(fd, name, *args, **kwargs)

    monkeypatch.setattr(folder_module, "_read_at", counting)
    return seen


def load(folder: Path, **kwargs):
    store = FolderStore(folder)
    data = load_cohort(store, set_aside=False, **kwargs)
    store.wait()
    return data, store


class NoKeep(FolderStore):
    """The same folder read without the keep: every file opened and checked."""

    def use_keep(self, book: str) -> None:
        return None


def same(a, b) -> None:
    """Two loads hold the same records, per-account newest and aggregates."""
    for part in ("ratings", "summaries", "participation"):
        x, y = getattr(a, part), getattr(b, part)
        columns = list(x.columns)
        assert columns == list(y.columns)
        x = x.sort_values(columns[:3]).reset_index(drop=True)
        y = y.sort_values(columns[:3]).reset_index(drop=True)
        assert x.equals(y), part
        assert list(map(str, x.dtypes)) == list(map(str, y.dtypes))
    assert a.tokens == b.tokens
    assert sorted(map(json.dumps, a.reflections)) == sorted(map(json.dumps, b.reflections))
    assert sorted(a.rejected) == sorted(b.rejected)
    assert (a.sources, a.same_source, a.unknown_source, a.settings) == \
        (b.sources, b.same_source, b.unknown_source, b.settings)
    answered = a.ratings.dropna(subset=["value"])
    again = b.ratings.dropna(subset=["value"])
    assert answered.groupby(["step", "item", "value"]).size().equals(
        again.groupby(["step", "item", "value"]).size())


def test_a_repeated_load_reads_the_keep_instead_of_every_file(tmp_path, settled_at_once, reads):
    cohort(tmp_path / "c", 6)
    first, _ = load(tmp_path / "c")
    assert len(reads) == 6
    kept = (tmp_path / "c" / KEEP)
    assert stat_mode(kept) == 0o600
    assert stat_mode(kept.parent) == 0o700
    reads.clear()
    again, _ = load(tmp_path / "c")
    assert reads == []  # not one submission file opened
    same(first, again)


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_file_is_read_once_and_then_kept(tmp_path, settled_at_once, reads):
    store = cohort(tmp_path / "c", 3)
    load(tmp_path / "c")
    new = submission()
    store.put(new)
    reads.clear()
    data, _ = load(tmp_path / "c")
    assert reads == [f"{new['token']}.json"]
    assert new["token"] in data.tokens
    reads.clear()
    load(tmp_path / "c")
    assert reads == []


def test_a_file_changed_with_its_old_size_and_times_is_read_again(tmp_path, settled_at_once):
    """An attacker rewrites a file in place and puts its size and times back: the inode's
    change time still moves, so the kept line no longer matches and the file is read."""
    store = cohort(tmp_path / "c")
    sub = submission(asking=4)
    path = Path(store.put(sub))
    before = path.stat()
    load(tmp_path / "c")
    time.sleep(0.05)
    changed = path.read_bytes().replace(b'"sign.asking":4', b'"sign.asking":1')
    assert len(changed) == before.st_size
    with open(path, "r+b") as f:  # in place: same inode
        f.write(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    data, _ = load(tmp_path / "c")
    asking = data.ratings[data.ratings["item"] == "sign.asking"]["value"].tolist()
    assert asking == [1]


def test_a_file_written_a_moment_before_the_load_is_not_kept_by_its_signature(tmp_path, reads):
    """Within :data:`keep.SETTLED_NS` a file system's time stamps may not tell two writes
    apart, so such a file is read again next time rather than trusted."""
    store = cohort(tmp_path / "c")
    store.put(submission())
    load(tmp_path / "c")
    reads.clear()
    load(tmp_path / "c")
    assert len(reads) == 1


def test_a_line_the_files_do_not_back_is_never_used(tmp_path, settled_at_once):
    store = cohort(tmp_path / "c")
    sub = submission(asking=4)
    store.put(sub)
    first, _ = load(tmp_path / "c")
    kept = tmp_path / "c" / KEEP
    lines = kept.read_bytes().splitlines(keepends=True)
    planted = lines[1].replace(b'"23', b'"11')  # other answers, a signature that was
    planted = planted.replace(b'",[', b'",[1', 1)  # never this file's
    other = lines[1].replace(sub["token"].encode(), token().encode())  # a file never there
    kept.write_bytes(b"".join(lines + [planted, other]))
    again, _ = load(tmp_path / "c")
    same(first, again)
    assert kept.read_bytes() == b"".join(lines)  # both dropped from the keep


@pytest.mark.parametrize("mode", [0o620, 0o602])
def test_a_keep_others_can_write_is_not_trusted_and_is_made_again(tmp_path, settled_at_once,
                                                                   reads, mode):
    cohort(tmp_path / "c", 3)
    first, _ = load(tmp_path / "c")
    kept = tmp_path / "c" / KEEP
    kept.chmod(mode)
    reads.clear()
    again, store = load(tmp_path / "c")
    assert len(reads) == 3
    assert any("keep" in w and "not used" in w for w in again.warnings)
    same(first, again)
    assert stat_mode(kept) == 0o600


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_keep_owned_by_another_account_is_not_trusted(tmp_path, settled_at_once, reads):
    cohort(tmp_path / "c", 2)
    first, _ = load(tmp_path / "c")
    os.chown(tmp_path / "c" / KEEP, 30123, 30123)
    reads.clear()
    again, _ = load(tmp_path / "c")
    assert len(reads) == 2
    assert any("belongs to another account" in w for w in again.warnings)
    same(first, again)
    assert (tmp_path / "c" / KEEP).stat().st_uid == 0


def test_a_torn_last_line_is_set_aside_and_nothing_is_lost(tmp_path, settled_at_once, reads):
    cohort(tmp_path / "c", 4)
    first, _ = load(tmp_path / "c")
    kept = tmp_path / "c" / KEEP
    whole = kept.read_bytes()
    last = whole.splitlines(keepends=True)[-1]
    kept.write_bytes(whole[:-len(last)] + last[:len(last) // 2])  # a crash mid-append
    reads.clear()
    again, _ = load(tmp_path / "c")
    same(first, again)
    assert len(reads) == 1  # only the torn record is read from its file again
    assert any("half-written line" in w for w in again.warnings)
    assert (tmp_path / "c" / "_facilitator" / keep.TORN).read_bytes() == \
        last[:len(last) // 2] + b"\n"
    assert kept.read_bytes().endswith(b"\n")
    reads.clear()
    load(tmp_path / "c")
    assert reads == []


def test_a_keep_made_under_other_rules_is_made_again(tmp_path, settled_at_once, reads):
    cohort(tmp_path / "c", 2)
    first, _ = load(tmp_path / "c")
    kept = tmp_path / "c" / KEEP
    head, rest = kept.read_bytes().split(b"\n", 1)
    kept.write_bytes(head.replace(b'"book":"', b'"book":"0') + b"\n" + rest)
    reads.clear()
    again, _ = load(tmp_path / "c")
    assert len(reads) == 2
    same(first, again)
    assert kept.read_bytes().split(b"\n", 1)[0] == head


def test_withdrawn_purged_and_set_aside_records_leave_the_keep_at_once(tmp_path,
                                                                        settled_at_once):
    store = cohort(tmp_path / "c")
    old = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    gone, aged, aside, stays = (submission(), submission(date=old), submission(), submission())
    for sub in (gone, aged, aside, stays):
        store.put(sub)
    load(tmp_path / "c")
    kept = tmp_path / "c" / KEEP
    assert all(s["token"].encode() in kept.read_bytes() for s in (gone, aged, aside, stays))
    withdraw(tmp_path / "c", gone["token"])
    assert gone["token"].encode() not in kept.read_bytes()
    purge(tmp_path / "c", 365)
    assert aged["token"].encode() not in kept.read_bytes()
    FolderStore(tmp_path / "c").set_aside(f"{aside['token']}.json", "by hand")
    assert aside["token"].encode() not in kept.read_bytes()
    assert stays["token"].encode() in kept.read_bytes()
    data, _ = load(tmp_path / "c")
    assert data.tokens == {stays["token"]}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_taken_over_files_are_read_once_and_kept_as_their_copies(tmp_path, settled_at_once,
                                                                  reads):
    store = cohort(tmp_path / "c")
    subs = [submission() for _ in range(3)]
    for i, sub in enumerate(subs):
        os.chown(store.put(sub), 30200 + i, 30200 + i)
    first, _ = load(tmp_path / "c")
    assert len(reads) == 3
    assert not any((tmp_path / "c" / f"{s['token']}.json").exists() for s in subs)  # taken
    reads.clear()
    again, _ = load(tmp_path / "c")
    assert reads == []  # neither the originals (gone) nor the copies are read again
    same(first, again)
    withdrawal = FolderStore(tmp_path / "c")
    # a participant's withdrawal note for a taken-over file: acted on, and the keep forgets
    write(tmp_path / "c", f"{subs[0]['token']}.withdraw", b"")
    os.chown(tmp_path / "c" / f"{subs[0]['token']}.withdraw", 30200, 30200)
    data = load_cohort(withdrawal, set_aside=False)
    withdrawal.wait()
    assert subs[0]["token"] not in data.tokens
    assert subs[0]["token"].encode() not in (tmp_path / "c" / KEEP).read_bytes()


# ---- the same answers, whatever happened in between -------------------------------------

OPS = st.lists(st.tuples(st.sampled_from(["add", "replace", "withdraw", "purge", "corrupt",
                                          "load"]),
                         st.integers(0, 7), st.integers(1, 5), st.integers(0, 3)),
               min_size=1, max_size=14)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_loading_with_the_keep_gives_what_loading_every_file_gives(tmp_path_factory, ops,
                                                                   monkeypatch):
    monkeypatch.setattr(keep, "SETTLED_NS", 0)
    folder = tmp_path_factory.mktemp("k") / "c"
    store = cohort(folder)
    tokens = [token() for _ in range(8)]
    today = dt.date.today()
    for op, who, answer, age in ops:
        tok = tokens[who]
        date = (today - dt.timedelta(days=100 * age)).isoformat()
        if op in ("add", "replace") and (op == "add") != (folder / f"{tok}.json").exists():
            store.put(submission(tok, date=date, asking=answer))
        elif op == "withdraw":
            withdraw(folder, tok)
        elif op == "purge":
            purge(folder, 150)
        elif op == "corrupt" and (folder / f"{tok}.json").exists():
            (folder / f"{tok}.json").write_bytes(b'{"schema": 2, "tok')
        elif op == "load":
            load(folder)
        time.sleep(0.01)  # the next change comes in a later tick of the file times
        plain = load_cohort(NoKeep(folder), set_aside=False)
        kept, _ = load(folder)
        same(plain, kept)
    shutil.rmtree(folder.parent)


def test_no_keep_is_made_where_setup_cohort_made_no_private_folder(tmp_path, settled_at_once):
    helpers.cohort(tmp_path / "c", 2)
    load(tmp_path / "c")
    assert not (tmp_path / "c" / "_facilitator").exists()


def test_the_keep_holds_no_code_from_a_file(tmp_path, settled_at_once):
    """A reflection's words cannot break out of their line: JSON escapes every newline."""
    store = cohort(tmp_path / "c")
    sub = submission()
    sub["steps"]["00-welcome"]["reflections"]["welcome.hopes"] = \
        'x"]\n["' + "A" * 22 + '.json","p",[1,2,3,4,5,6,7],"' + "A" * 22 + '"]\n'
    store.put(sub)
    first, _ = load(tmp_path / "c")
    assert (tmp_path / "c" / KEEP).read_bytes().count(b"\n") == 2  # header + one record
    again, _ = load(tmp_path / "c")
    same(first, again)


def test_lines_waiting_to_be_kept_are_held_compressed_and_given_back_in_order():
    """A first load holds its new lines until the keep is saved: compressed, so 100,000 of
    them take a few MB, and given back whole, in order, a piece at a time."""
    lines = keep.Lines()
    assert not lines
    tokens = [token() for _ in range(20_000)]
    made = [keep.line(f"{t}.json", "d", b"1,2,3,4,5,6,7",
                      json.dumps([t, "2026-01-01", 0, -1, [0, 1, 2], [0, 3, 1, 2], "123",
                                  "4052", [], [], [], []], separators=(",", ":")))
            for t in tokens]
    for one in made:
        lines.add(one)
    assert lines
    assert lines.count == len(made)
    raw = sum(len(one) for one in made)
    held = sum(len(p) for p in lines._packed) + sum(len(one) for one in lines._batch)
    assert held < raw / 2
    pieces = list(lines.drain())
    assert len(pieces) > 1  # a piece at a time, not one copy of them all
    assert b"".join(pieces) == b"".join(made)
    assert not lines
    assert list(lines.drain()) == []

"""The folder store: a cohort kept in a folder participants can write into.

A cohort folder others can write to is foreign ground (DESIGN.md, threat model), so every name
in it is opened relative to the open folder with ``O_NOFOLLOW``; no link is ever followed, and
nothing is created in it except new, exclusive names. Layout::

    settings.json          the facilitator's; trusted only from its owner, never a link
    <token>.json           a participant's submission, as they wrote it (until taken over)
    <token>.withdraw       a participant's withdrawal of a submission already taken over
    .<name>.<random>.tmp   a write under way (or one a crash left: check/purge remove it)
    _set_aside/            0700, the facilitator's: rejected files and <name>.reason.txt
    _facilitator/          0700, the facilitator's: taken-over submissions, sources.json
                           (token -> keyed hash of the writing account), secret (the key),
                           state.<name>.json, and the locks .lock and .state-lock

Any other name is reported and left where it is (a mistyped folder loses nothing).
``_set_aside/`` and ``_facilitator/`` are used only when they are real folders owned by the
facilitator that no one else can enter; otherwise every command stops and says so.

Take-over. A participant's file shows its owner and times in ``ls -l``. Sharing sets its times
to the day's midnight before the rename; each facilitator load then copies the files other
accounts wrote into ``_facilitator/`` (after the loader's data is ready, in a thread: one
``os.sync`` for all copies, then the originals go), recording the writer as a keyed hash so one
account counts once and no other account can withdraw or replace its submission.

The drop-box permissions that keep participants from reading each other's files are set by
``setup-cohort`` through :mod:`.folder_setup`, which also says when a folder lacks them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

from ...safe_text import safe_text
from ..settings import SETTINGS_NAME, CohortSettings, SettingsError, parse_settings
from ..submission import TOKEN, encode
from . import keep
from .base import MAX_BYTES, MAX_STATE_BYTES, Problem, Store, StoreError, check_token

SET_ASIDE = "_set_aside"
SUBMISSION_MODE = 0o640
SETTINGS_MODE = 0o644
PRIVATE = "_facilitator"       # the facilitator's own: taken-over submissions, sources, state
PRIVATE_MODE = 0o600
PICTURES = "charts"            # in _facilitator/: the report's kept chart pictures
WITHDRAW_SUFFIX = ".withdraw"  # a participant's withdrawal note, for a file already taken over
SECRET = "secret"
SOURCES = "sources.json"
LEFTOVER_AGE = 600.0           # seconds: a temp file younger than this may be a share under way
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def plain_os_error(exc: OSError, where: object, doing: str) -> str:
    """An OSError in words a participant can act on."""
    code = exc.errno
    if code in (errno.ENOENT, errno.ENOTDIR):
        return (f"The group folder {where} could not be found. It may not be connected right "
                "now (a shared or synced drive), or the path may be mistyped.")
    if code in (errno.EACCES, errno.EPERM):
        return (f"You do not have permission to {doing} in the group folder {where}. Please "
                "tell your facilitator.")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (f"The group folder {where} is full (no space left), so nothing could be "
                "written. Please tell your facilitator.")
    if code == errno.EROFS:
        return f"The group folder {where} is read-only, so nothing could be written there."
    return f"Could not {doing} in the group folder {where}: {exc.strerror or exc}."


class FolderStore(Store):
    """A cohort folder. Participants write into it; the facilitator's tools read it.

    Everything inside the folder is treated as foreign ground (DESIGN.md, threat model): no
    link is ever followed (each name is opened relative to the open folder with
    ``O_NOFOLLOW``), ``settings.json`` is trusted only from its rightful owner, and the two
    folders the facilitator's tools keep inside it, ``_set_aside/`` and ``_facilitator/``, are
    used only when they are real folders owned by the facilitator that nobody else can write.
    """

    NEW_COHORT_HINT = "Start a new cohort folder to use other values."

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.location = str(self.path)
        self.notes = []
        self.withdrawn: list[tuple[str, str | None]] = []
        # What the last records() read, for after_load() and sources():
        self._pending_sources: dict[str, str] = {}     # token -> account, not yet kept
        self._kept_sources: dict[str, str] | None = None  # sources.json as that load read it
        self._handover: list[tuple[str, bytes, os.stat_result]] = []  # to take over
        self._thread: threading.Thread | None = None    # the take-over under way
        self._book: str | None = None                   # use_keep(): the loader's code book
        self._keep = _KeepJob()                          # what the last load adds to the keep
        self._forgetting: set[str] | None = None         # delete_many(): one rewrite at the end

    @property
    def identity(self) -> str:
        """The same string however the folder is spelled (``dir/``, ``./dir``, a link to it)."""
        return "folder:" + os.path.realpath(self.path)

    # ---- participants ----------------------------------------------------------------------
    def file_for(self, token: object) -> Path:
        return self.path / f"{check_token(token)}.json"

    def put(self, submission: Mapping[str, Any], durable: bool = True) -> str:
        """Write one submission as ``<token>.json``; a reader never sees half of it.

        The temp file's times are set to the submission's date (midnight) before the rename,
        so ``ls -l`` shows no time of day.
        """
        target = self.file_for(submission.get("token"))
        data = encode(submission)
        stamp = _midnight(submission.get("date"))
        try:
            root = _open_dir(self.path)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "save your answers")) from exc
        try:
            _unlink_at(root, target.stem + WITHDRAW_SUFFIX)  # sharing again undoes a withdrawal
            _write_at(root, target.name, data, SUBMISSION_MODE, stamp, fsync=durable)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "save your answers")) from exc
        finally:
            os.close(root)
        return str(target)

    def delete(self, token: str) -> bool:
        """Withdraw ``token``: its file, any temp copy, and the facilitator's taken-over copy.

        The facilitator (the folder's owner) removes everything at once. A participant cannot
        reach ``_facilitator/``, so after removing what they can they leave a ``<token>.withdraw``
        note (empty; the token is the proof) that the facilitator's next load acts on.
        """
        name = self.file_for(token).name
        try:
            root = _open_dir(self.path)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "remove your answers")) from exc
        try:
            removed = _unlink_at(root, name)
            try:
                private = _owned_dir(root, self.path, PRIVATE, create=False)
            except (StoreError, PermissionError):
                private = -1  # the facilitator's (or planted): leave a withdrawal note instead
            if private is None:  # nothing was ever taken over
                return removed
            if private >= 0:
                self.wait()
                try:
                    with _Lock(private):  # never while a take-over is copying
                        removed |= _unlink_at(root, name)
                        removed |= _unlink_at(private, name)
                        self._forget_sources(private, {token})
                        if self._forgetting is None:
                            keep.forget(private, {name}, _write_private)
                        else:
                            self._forgetting.add(name)
                finally:
                    os.close(private)
                _unlink_at(root, token + WITHDRAW_SUFFIX)
                return removed
            _write_at(root, token + WITHDRAW_SUFFIX, b"", SUBMISSION_MODE,
                      _midnight(dt.date.today().isoformat()), fsync=True)
            return True
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "remove your answers")) from exc
        finally:
            os.close(root)

    def delete_many(self, tokens: list[str]) -> list[str]:
        """Withdraw each of ``tokens`` (purge), rewriting the keep once at the end."""
        self._forgetting = set()
        try:
            removed = [t for t in tokens if self.delete(t)]
        finally:
            names, self._forgetting = self._forgetting, None
        if names:
            self._forget_kept(names)
        return removed

    def _forget_kept(self, names: set[str]) -> None:
        root = self._root()
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=False)
            if private is not None:
                try:
                    with _Lock(private):
                        keep.forget(private, names, _write_private)
                finally:
                    os.close(private)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "remove your answers")) from exc
        finally:
            os.close(root)

    # ---- the facilitator -----------------------------------------------------------------
    def use_keep(self, book: str) -> None:
        self._book = book

    def _root(self) -> int:
        try:
            return _open_dir(self.path, listing=True)
        except FileNotFoundError:
            raise StoreError(f"There is no cohort folder at {self.path}.") from None
        except NotADirectoryError:
            raise StoreError(f"{self.path} is a file, not a cohort folder.") from None
        except PermissionError:
            raise StoreError(f"You do not have permission to open {self.path}.") from None

    def _names(self, fd: int, where: Path) -> list[str]:
        try:
            return [n for n in os.listdir(fd) if n]
        except PermissionError:
            raise StoreError(f"You do not have permission to list {where}.") from None

    def _scan(self, root: int | None = None) -> _Scan:
        """What is in the folder, by kind, without reading or touching anything (``root``:
        the folder already open, as :meth:`records` has it)."""
        if root is None:
            root = self._root()
            try:
                return self._scan(root)
            finally:
                os.close(root)
        scan = _Scan()
        for name in self._names(root, self.path):
            if name in (SETTINGS_NAME, SET_ASIDE, PRIVATE):
                continue
            if name.startswith("."):
                if _TEMP.fullmatch(name):
                    scan.temps.append(name)
            elif name.endswith(WITHDRAW_SUFFIX) and TOKEN.fullmatch(name[:-9]):
                scan.withdrawals.append(name[:-9])
            elif name.endswith(".json") and TOKEN.fullmatch(name[:-5]):
                scan.pending.append(name)
            else:
                scan.strangers.append(name)
        aside = _owned_dir(root, self.path, SET_ASIDE, create=False)  # planted? refuse
        if aside is not None:
            os.close(aside)
        private = _owned_dir(root, self.path, PRIVATE, create=False)
        if private is not None:
            try:
                for name in os.listdir(private):
                    if name.endswith(".json") and TOKEN.fullmatch(name[:-5]):
                        scan.taken.append(name)
                    elif _TEMP.fullmatch(name):
                        scan.private_temps.append(name)
            finally:
                os.close(private)
        return scan

    def count(self) -> int:
        scan = self._scan()
        return len(set(scan.pending) | set(scan.taken)) + len(scan.strangers)

    def has_submissions(self) -> bool:
        scan = self._scan()
        return bool(scan.pending or scan.taken)

    def records(self) -> Iterator[tuple[str, bytes | list | Problem]]:
        """Every candidate submission; the files participants wrote are then taken over.

        Take-over: a file owned by another account is copied into ``_facilitator/`` (owned by
        the facilitator, mode 0600, dated by its day only) and the original removed, so the
        folder no longer shows who wrote it or when; its source (the owner, as a keyed hash)
        is kept in ``_facilitator/sources.json`` so one account counts once. The files are
        read where they are and the copying runs in a thread started by :meth:`after_load`
        once the loader's data is ready (:meth:`wait` waits for it), so a load is not slowed
        by it. Withdrawal notes are acted on first. Names that are not ``<token>.json`` are
        reported and left alone.
        """
        self.wait()
        self.notes = []
        self.withdrawn = []
        self._pending_sources, self._kept_sources, self._handover = {}, None, []
        self._keep = _KeepJob(rebuild=True)
        load = _Load(self._root())
        try:
            scan = self._scan(load.root)
            for name in scan.strangers:
                yield name, Problem(stranger_reason(name), movable=False)
            load.private, load.failed = self._private(load.root, create=bool(scan.withdrawals))
            if load.private is not None:
                with _Lock(load.private):
                    load.sources = self._sources(load.private)
                    load.withdrawn = self._act_on_withdrawals(load.root, load.private, scan,
                                                              load.sources)
                    if self._book is not None:
                        load.kept = keep.open_keep(load.private, self._book, effective_uid(),
                                                   _OPEN_FLAGS)
                        self._keep.rebuild = load.kept.rebuild
                        self.notes += load.kept.notes
            self._kept_sources = load.sources  # for sources(), right after this load
            yield from self._read_kept(load, scan)
            taken = set(scan.taken)
            for name in scan.pending:
                if name not in load.withdrawn and name not in load.seen:
                    yield from self._read_pending(load, name, name in taken)
            if load.private is not None:
                yield from self._read_taken_over(load.private, load.seen | load.withdrawn)
        finally:
            if load.kept is not None:
                load.kept.close()
            if load.private is not None:
                os.close(load.private)
            os.close(load.root)

    def _read_kept(self, load: _Load, scan: _Scan) -> Iterator[tuple[str, list]]:
        """The records the keep holds for files still there as they were when read (a line
        whose file changed or went is left for :meth:`after_load` to drop)."""
        if load.kept is None or load.kept.fd is None:
            return
        pending = set(scan.pending)
        taken = set(scan.taken) - pending  # a newer file in the folder stands for its copy
        me, stale = effective_uid(), self._keep.drop
        for raw in load.kept.lines():
            key = keep.key_of(raw)
            if key is None:
                stale.add(None)  # not a line of ours: the keep is rewritten without it
                continue
            name, where, sig = key
            in_folder = where == b"d"
            if name in load.seen or name in load.withdrawn or \
                    name not in (pending if in_folder else taken):
                stale.add(key)
                continue
            try:
                info = os.stat(name, dir_fd=load.root if in_folder else load.private,
                               follow_symlinks=False)
            except OSError:
                info = None
            if info is None or keep.signature(info) != sig or (
                    in_folder and info.st_uid != me and load.private is not None):
                stale.add(key)  # changed since (or now to be taken over): read it again
                continue
            try:
                coded = json.loads(raw)[3:]
            except ValueError:
                coded = None
            if type(coded) is not list or len(coded) != 12 or f"{coded[0]}.json" != name:
                stale.add(key)
                continue
            load.seen.add(name)
            yield name, coded

    def _read_pending(self, load: _Load, name: str, taken: bool
                      ) -> Iterator[tuple[str, bytes | Problem]]:
        """One ``<token>.json`` in the folder, as :meth:`records` yields it (or nothing, when
        another load took it over a moment ago); queues it for the take-over."""
        data, info = _read_at(load.root, name)
        if isinstance(data, Problem):
            if not (info is None and "disappeared" in data.reason):
                yield name, data  # a link, a FIFO, too big: the loader sets it aside
            return  # else taken over by another load a moment ago: read with the rest
        me = effective_uid()
        self._keep.read[name] = ("d", info, time.time_ns())
        if info.st_uid == me and not taken:
            load.seen.add(name)
            yield name, data  # the facilitator's own file (sent by hand)
            return
        if load.private is None and not load.failed:
            load.private, load.failed = self._private(load.root, create=True)  # nothing taken
        if load.private is None:
            load.seen.add(name)
            yield name, data  # read where it is; the note self._private left says why
            return
        if info.st_uid != me:
            load.ids = load.ids or _SourceIds(self, load.private)
            token, source = name[:-5], load.ids.of(info.st_uid)
            if load.sources.get(token, source) != source:
                yield name, Problem("another account wrote a file with a token someone else "
                                    "shared first; it does not replace theirs")
                return
            self._pending_sources[token] = source
        self._handover.append((name, data, info))
        self._keep.handover.add(name)
        load.seen.add(name)  # this newer file stands for any older copy of it
        yield name, data

    def _read_taken_over(self, private: int, skip: set[str]
                         ) -> Iterator[tuple[str, bytes | Problem]]:
        """The copies in ``_facilitator/`` but those in ``skip`` (withdrawn, or read from the
        folder: a newer file there stands for an older copy)."""
        for name in sorted(set(os.listdir(private)) - skip):
            if name.endswith(".json") and TOKEN.fullmatch(name[:-5]):
                data, info = _read_at(private, name)
                if info is not None:
                    self._keep.read[name] = ("p", info, 0)
                yield name, data

    def _private(self, root: int, create: bool) -> tuple[int | None, bool]:
        """(``_facilitator/`` opened and checked or None, whether creating it failed)."""
        try:
            return _owned_dir(root, self.path, PRIVATE, create=create), False
        except OSError as exc:
            self.notes.append(
                f"Could not create {self.path / PRIVATE} ({exc.strerror or exc}), so "
                "submissions stay where they are and `ls -l` still shows who wrote each.")
            return None, True

    def accepted(self, name: str, coded: list) -> None:
        """Keep what the loader accepted from ``name`` (its line is written by
        :meth:`after_load`; a file about to be taken over is kept as its copy)."""
        got = self._keep.read.pop(name, None)
        if got is None or self._book is None:
            return
        where, info, read_ns = got
        body = json.dumps(coded, separators=(",", ":"))
        if where == "d" and name in self._keep.handover:
            self._keep.after_copy[name] = body
        elif where == "p" or keep.settled(info, read_ns):
            self._keep.new.add(keep.line(name, where, keep.signature(info), body))

    def after_load(self) -> None:
        """Take over the files the last :meth:`records` read and save what it adds to the
        keep, in a thread (the loader calls this once its data is ready; :meth:`wait` waits
        for it)."""
        handover, self._handover = self._handover, []
        done, self._keep = self._keep, _KeepJob()
        done.read.clear()
        adds = bool(done.new or done.after_copy)
        # nothing to keep (or a keep to make with nothing in it): the thread leaves it alone
        job = done if self._book is not None and (adds or (done.drop and not done.rebuild)) \
            else None
        if handover or job is not None:
            self._start_take_over(handover, job)

    def _act_on_withdrawals(self, root: int, private: int, scan: _Scan,
                            sources: dict[str, str]) -> set[str]:
        """Withdrawal notes, acted on before anything is read: returns the names withdrawn."""
        me, ids, forget = effective_uid(), _SourceIds(self, private), set()
        for token in scan.withdrawals:
            marker = token + WITHDRAW_SUFFIX
            try:
                info = os.stat(marker, dir_fd=root, follow_symlinks=False)
            except FileNotFoundError:
                continue
            _unlink_at(root, marker)
            known = sources.get(token)
            waiting = _owner_at(root, f"{token}.json")  # a file not yet taken over: its owner
            if not stat.S_ISREG(info.st_mode) or (info.st_uid != me and (
                    (known is not None and ids.of(info.st_uid) != known)
                    or (waiting is not None and waiting != info.st_uid))):
                # Tokens are secret, but an overheard one must not undo someone else's share.
                self.notes.append("A withdrawal note from another account than the one that "
                                  "shared was ignored and removed.")
                continue
            _unlink_at(private, f"{token}.json")
            _unlink_at(root, f"{token}.json")
            forget.add(token)
            self.withdrawn.append((token, known))
        if forget:
            self._save_sources(private, sources, forget)
            keep.forget(private, {f"{t}.json" for t in forget}, _write_private)
        return {f"{t}.json" for t in forget}

    def _start_take_over(self, handover: list[tuple[str, bytes, os.stat_result]],
                         job: _KeepJob | None) -> None:
        sources = dict(self._pending_sources)
        thread = threading.Thread(target=self._take_over, args=(handover, sources, job),
                                  name="interdependence-take-over")
        self._thread = thread
        thread.start()

    def wait(self) -> None:
        """Wait until the last take-over has finished (commands call this before they end)."""
        thread = self._thread
        if thread is not None:
            thread.join()
            self._thread = None

    def _take_over(self, handover: list[tuple[str, bytes, os.stat_result]],
                   new_sources: dict[str, str], job: _KeepJob | None = None) -> None:
        """Copy each file into ``_facilitator/``, flush once, then remove the originals; then
        save what the load adds to the keep."""
        try:
            root = self._root()
        except StoreError:
            return
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=False)
            if private is None:
                return  # no keep is made where setup-cohort made no _facilitator/
            with _Lock(private):
                if handover:
                    self._copy_over(root, private, handover, new_sources, job)
                if job is not None and self._book is not None:
                    new, job.new = job.new, keep.Lines()  # the lines go as written
                    keep.save(private, self._book, new.drain(), job.drop, job.rebuild,
                              _write_private)
            os.close(private)
        except (OSError, StoreError) as exc:  # the next load tries again; nothing is lost
            self.notes.append(f"Taking files over stopped: {exc}")
        finally:
            os.close(root)

    def _copy_over(self, root: int, private: int,
                   handover: list[tuple[str, bytes, os.stat_result]],
                   new_sources: dict[str, str], job: _KeepJob | None) -> None:
        """The take-over itself (under the lock): each copy's record is kept as the copy."""
        copied = []
        for name, data, info in handover:
            if not _same_file(root, name, info):
                continue  # set aside, withdrawn or shared again since it was read
            _write_at(private, name, data, PRIVATE_MODE, _midnight_of(info), fsync=False)
            copied.append((name, info))
        # The record of who wrote each copy is saved before any original goes, so a
        # crash never leaves a copy whose writer is forgotten.
        sources = self._sources(private)
        names = {n for n, _ in copied}
        sources.update({t: s for t, s in new_sources.items() if f"{t}.json" in names})
        present = set(os.listdir(private))
        self._save_sources(private, sources,
                           {t for t in sources if f"{t}.json" not in present})
        if copied and hasattr(os, "sync"):
            # One flush for every copy before any original goes: a crash before this
            # point leaves the originals, which the next load takes over again.
            os.sync()
        for name, _ in copied:
            body = job.after_copy.get(name) if job is not None else None
            if body is not None and job is not None:
                with contextlib.suppress(OSError):
                    copy = os.stat(name, dir_fd=private, follow_symlinks=False)
                    job.new.add(keep.line(name, "p", keep.signature(copy), body))
        for name, info in copied:
            if _same_file(root, name, info):
                _unlink_at(root, name)

    # -- sources: which account wrote each taken-over file, as a keyed hash ------------------
    def _secret(self, private: int) -> bytes:
        """The key for account ids, made once per cohort (exclusively: two loads agree)."""
        secret = _read_small(private, SECRET)
        if secret is None:
            secret = secrets.token_bytes(32)
            try:
                _write_at(private, SECRET, secret, PRIVATE_MODE, None, fsync=True,
                          exclusive=True)
            except FileExistsError:
                secret = _read_small(private, SECRET) or secret
        return secret

    def _sources(self, private: int) -> dict[str, str]:
        raw = _read_small(private, SOURCES)
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {t: s for t, s in data.items()
                if isinstance(t, str) and isinstance(s, str) and TOKEN.fullmatch(t)}

    def _save_sources(self, private: int, sources: dict[str, str], forget: set[str]) -> None:
        before = _read_small(private, SOURCES)
        kept = {t: s for t, s in sorted(sources.items()) if t not in forget}
        data = json.dumps(kept, indent=0).encode()
        if data != before and (kept or before is not None):
            _write_at(private, SOURCES, data, PRIVATE_MODE, None, fsync=True)

    def _forget_sources(self, private: int, tokens: set[str]) -> None:
        sources = self._sources(private)
        if tokens & set(sources):
            self._save_sources(private, sources, tokens)

    def sources(self) -> dict[str, str]:
        """token -> an opaque id of the account that wrote it, where the folder could tell:
        the kept record, and the owners of the files the last :meth:`records` read."""
        kept = self._kept_sources
        if kept is not None:  # read by the load a moment ago: not read twice
            return {**kept, **self._pending_sources}
        root = self._root()
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=False)
            if private is None:
                return dict(self._pending_sources)
            try:
                kept = self._sources(private)
            finally:
                os.close(private)
        finally:
            os.close(root)
        kept.update(self._pending_sources)
        return kept

    # -- facilitator state (the last revealed set...) ----------------------------------------
    # State files are named state.<name>.json: the dots keep them apart from <token>.json.
    def _read_state(self, name: str) -> bytes | None:
        root = self._root()
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=False)
            if private is None:
                return None
            try:
                data, _ = _read_at(private, f"state.{name}.json", limit=MAX_STATE_BYTES)
            finally:
                os.close(private)
        finally:
            os.close(root)
        if isinstance(data, Problem):
            if data.reason.startswith("it disappeared"):
                return None
            raise StoreError(f"{self.path / PRIVATE / f'state.{name}.json'} could not be used: "
                             f"{data.reason}.")
        return data

    def _write_state(self, name: str, data: bytes) -> None:
        root = self._root()
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=True)
            try:
                _write_at(private, f"state.{name}.json", data, PRIVATE_MODE, None, fsync=True)
            finally:
                os.close(private)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "save what was shown")) from exc
        finally:
            os.close(root)

    @contextlib.contextmanager
    def state_lock(self) -> Iterator[None]:
        """Held while an output reads, decides and saves the revealed state, so two outputs
        made at the same moment (a report and a dashboard) cannot both reveal."""
        root = self._root()
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=True)
        except OSError as exc:
            os.close(root)
            raise StoreError(plain_os_error(exc, self.path, "save what was shown")) from exc
        try:
            with _Lock(private, ".state-lock"):
                yield
        finally:
            os.close(private)
            os.close(root)

    # -- settings --------------------------------------------------------------------------
    def settings(self, as_participant: bool = False) -> CohortSettings | None:
        """The cohort's settings, or None when it has none. Trusted only from its owner.

        The facilitator's tools trust a ``settings.json`` only when they own it themselves;
        a participant's share panel trusts it when it belongs to the folder's owner. A link,
        a file anyone else could write, or one owned by someone else is refused in words.
        """
        try:
            root = _open_dir(self.path)
        except FileNotFoundError:
            raise StoreError(f"There is no cohort folder at {self.path}.") from None
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "read the settings")) from exc
        target = self.path / SETTINGS_NAME
        try:
            try:
                fd = os.open(SETTINGS_NAME, _OPEN_FLAGS, dir_fd=root)
            except FileNotFoundError:
                return None
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise StoreError(f"{target} is a link, and links in a cohort folder are "
                                     f"never followed. {_REMAKE}") from None
                raise StoreError(f"{target} could not be read: {exc.strerror or exc}") from exc
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                    raise StoreError(f"{target} is not a settings file. {_REMAKE}")
                owner = os.fstat(root).st_uid if as_participant else effective_uid()
                problem = _untrusted(info, owner)
                if problem:
                    raise StoreError(f"{target} {problem}, so it cannot be trusted: someone "
                                     f"may have planted it. {_REMAKE}")
                raw = os.read(fd, MAX_BYTES + 1)
            finally:
                os.close(fd)
        finally:
            os.close(root)
        try:
            return parse_settings(raw)
        except SettingsError as exc:
            raise StoreError(f"{target} is damaged: {exc}. Fix it or run setup-cohort "
                             "again.") from None

    def _may_set_up(self) -> None:
        """Only the folder's owner sets a cohort up: a folder someone else made is theirs."""
        try:
            folder = os.stat(self.path)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "write settings")) from exc
        if os.name == "posix" and folder.st_uid != effective_uid():
            raise StoreError(
                f"{self.path} belongs to another account (user id {folder.st_uid}), not to "
                "you. A cohort folder must be made by its facilitator: run `interdependence "
                "setup-cohort` on a new folder.")

    def _save_settings(self, settings: CohortSettings) -> None:
        """Write ``settings.json`` through a temp file and a rename, mode 0644."""
        data = json.dumps(settings.to_json(), indent=1).encode("utf-8")
        try:
            root = _open_dir(self.path)
            try:
                _write_at(root, SETTINGS_NAME, data, SETTINGS_MODE, None, fsync=True)
            finally:
                os.close(root)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "write settings")) from exc

    def prepare(self) -> None:
        """Create (or check) ``_set_aside/`` and ``_facilitator/``: the facilitator's, 0700."""
        root = self._root()
        try:
            for name in (SET_ASIDE, PRIVATE):
                fd = _owned_dir(root, self.path, name, create=True)
                os.close(fd)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "create its folders")) from exc
        finally:
            os.close(root)

    # -- setting aside -----------------------------------------------------------------------
    def set_aside(self, name: str, reason: str) -> str | None:
        """Move a rejected record into ``_set_aside/`` with a note of why. Never deletes.

        The record is moved from ``_facilitator/`` when it was taken over, else from the
        folder (a link is moved as the link, never followed). The note is created new and
        exclusive inside the checked ``_set_aside/``, so a planted name cannot redirect it.
        """
        if not name or "/" in name or os.sep in name or name.startswith(".") \
                or name in (SETTINGS_NAME, SET_ASIDE, PRIVATE):
            return None
        try:
            root = self._root()
        except StoreError:
            return None
        try:
            aside = _owned_dir(root, self.path, SET_ASIDE, create=True)
        except (OSError, StoreError) as exc:
            self.notes.append(str(exc) if isinstance(exc, StoreError) else
                              f"Could not use {self.path / SET_ASIDE}: {exc.strerror or exc}")
            os.close(root)
            return None
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=False)
        except StoreError:
            private = None
        try:
            # A file still in the folder is the one that was not taken over (a link, a file
            # from the wrong account, the facilitator's own); otherwise it is the kept copy.
            source = root
            if not _exists_at(root, name):
                if private is None or not _exists_at(private, name):
                    return None
                source = private
            target = name
            n = 0
            while _exists_at(aside, target) or _exists_at(aside, f"{target}.reason.txt"):
                n += 1
                target = f"{name}.{n}"
            info = os.stat(name, dir_fd=source, follow_symlinks=False)
            if source == root and info.st_uid != effective_uid() and stat.S_ISREG(info.st_mode) \
                    and info.st_size <= MAX_BYTES:
                # another account's file: kept as the facilitator's copy, so _set_aside/ too
                # shows no participant as owner; the original goes only once the copy is made.
                # A larger one is moved as it is, never read (it may be gigabytes, or sparse).
                data, opened = _read_at(root, name)
                if isinstance(data, Problem):
                    os.rename(name, target, src_dir_fd=source, dst_dir_fd=aside)
                else:
                    _write_at(aside, target, data, PRIVATE_MODE, _midnight_of(opened),
                              fsync=True, exclusive=True)
                    if _same_file(root, name, opened):
                        os.unlink(name, dir_fd=root)
            else:
                os.rename(name, target, src_dir_fd=source, dst_dir_fd=aside)
            note = f"{dt.date.today().isoformat()}: {safe_text(name)}: {safe_text(reason)}\n"
            _write_at(aside, f"{target}.reason.txt", note.encode("utf-8"), PRIVATE_MODE, None,
                      fsync=False, exclusive=True)
            self._forget_set_aside(private, name, source == private)
        except OSError:
            return None
        finally:
            for fd in (aside, private, root):
                if fd is not None:
                    os.close(fd)
        return str(self.path / SET_ASIDE / target)

    def _forget_set_aside(self, private: int | None, name: str, taken: bool) -> None:
        """A record set aside leaves the keep at once (and the sources, when taken over)."""
        if private is not None:
            with _Lock(private):
                keep.forget(private, {name}, _write_private)
            if taken:
                self._forget_sources(private, {name[:-5]})

    def _aside_fd(self, create: bool = False) -> tuple[int, int | None]:
        root = self._root()
        try:
            return root, _owned_dir(root, self.path, SET_ASIDE, create=create)
        except BaseException:
            os.close(root)
            raise

    def set_aside_records(self) -> Iterator[tuple[str, bytes | Problem]]:
        root, aside = self._aside_fd()
        try:
            if aside is None:
                return
            for name in sorted(os.listdir(aside)):
                if not name.endswith(".reason.txt") and not name.startswith("."):
                    yield name, _read_at(aside, name)[0]
        finally:
            if aside is not None:
                os.close(aside)
            os.close(root)

    def delete_set_aside(self, name: str) -> bool:
        if not name or "/" in name or os.sep in name or name in (".", ".."):
            return False
        root, aside = self._aside_fd()
        try:
            if aside is None:
                return False
            removed = False
            for target in (name, f"{name}.reason.txt"):
                try:
                    info = os.stat(target, dir_fd=aside, follow_symlinks=False)
                    if stat.S_ISDIR(info.st_mode):
                        continue
                    os.unlink(target, dir_fd=aside)  # unlink removes a link, never its target
                    removed = True
                except FileNotFoundError:
                    pass
            return removed
        finally:
            if aside is not None:
                os.close(aside)
            os.close(root)

    def mtime(self, name: str, set_aside: bool = False) -> float | None:
        try:
            root, aside = self._aside_fd() if set_aside else (self._root(), None)
        except StoreError:
            return None
        try:
            fd = aside if set_aside else root
            if fd is None:
                return None
            return os.stat(name, dir_fd=fd, follow_symlinks=False).st_mtime
        except OSError:
            return None
        finally:
            if aside is not None:
                os.close(aside)
            os.close(root)

    def drop_pictures(self) -> None:
        """Remove the report's kept chart pictures (``_facilitator/charts/``, see
        report/pictures.py): after a withdrawal or a purge, none keeps a state with them in.

        The folder itself goes (renamed aside, emptied, removed), not just its files: a
        dashboard that opened it before the withdrawal, and may still draw the state it read
        then, can write nothing more into a removed folder. A picture cache is opened before
        the state it keeps is read, so a new one only ever holds a state read afterwards."""
        with contextlib.suppress(StoreError, OSError):
            root = self._root()
            try:
                private = _owned_dir(root, self.path, PRIVATE, create=False)
                if private is None:
                    return
                try:
                    _remove_pictures(private, self.path / PRIVATE)
                finally:
                    os.close(private)
            finally:
                os.close(root)

    # -- temp copies left by crashes -----------------------------------------------------------
    def leftovers(self) -> list[str]:
        """Hidden temp files that a crash left (they may hold a whole submission)."""
        scan = self._scan()
        return scan.temps + [f"{PRIVATE}/{n}" for n in scan.private_temps]

    def remove_leftovers(self, older_than: float = LEFTOVER_AGE) -> list[str]:
        """Remove temp files not touched in ``older_than`` seconds (a share may be writing one
        right now); returns what was removed. Their content was never accepted."""
        self.wait()
        removed = []
        now = time.time()
        root = self._root()
        try:
            private = _owned_dir(root, self.path, PRIVATE, create=False)
            lock = _Lock(private) if private is not None else contextlib.nullcontext()
            with lock:  # under the lock no write of ours is under way: any temp is a crash's
                for fd, prefix, age in ((root, "", older_than), (private, f"{PRIVATE}/", 0)):
                    if fd is None:
                        continue
                    for name in os.listdir(fd):
                        if not _TEMP.fullmatch(name):
                            continue
                        try:
                            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
                            if now - info.st_ctime < age:
                                continue
                            os.unlink(name, dir_fd=fd)
                            removed.append(prefix + name)
                        except OSError:
                            continue
            if private is not None:
                os.close(private)
        finally:
            os.close(root)
        return removed


class _SourceIds:
    """The keyed hash of each account id, computed once per account per load (the key is
    read once, when the first account is met)."""

    def __init__(self, store: FolderStore, private: int):
        self.store, self.private = store, private
        self.ids: dict[int, str] = {}
        self.key: bytes | None = None

    def of(self, uid: int) -> str:
        got = self.ids.get(uid)
        if got is None:
            if self.key is None:
                self.key = self.store._secret(self.private)
            got = self.ids[uid] = _keyed(self.key, uid)
        return got


class _Lock:
    """One take-over (or withdrawal pass) at a time per cohort, across kernels and commands."""

    def __init__(self, private: int, name: str = ".lock"):
        self.private, self.name = private, name
        self.fd = -1

    def __enter__(self) -> _Lock:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        self.fd = os.open(self.name, flags, PRIVATE_MODE, dir_fd=self.private)
        try:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except ImportError:  # not on this system: one facilitator, one load at a time
            pass
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing releases the lock


def _write_private(fd: int, name: str, data: bytes) -> None:
    _write_at(fd, name, data, PRIVATE_MODE, None, fsync=True)


def _keyed(key: bytes, uid: int) -> str:
    return hmac.new(key, str(uid).encode(), hashlib.sha256).hexdigest()[:32]


def _same_file(fd: int, name: str, info: os.stat_result) -> bool:
    try:
        now = os.stat(name, dir_fd=fd, follow_symlinks=False)
    except OSError:
        return False
    return (now.st_ino, now.st_dev, now.st_mtime_ns) == (info.st_ino, info.st_dev,
                                                          info.st_mtime_ns)


@dataclass
class _Load:
    """What one :meth:`FolderStore.records` pass has open and has decided so far."""

    root: int                                        # the cohort folder, open
    private: int | None = None                       # _facilitator/, open once it is used
    failed: bool = False                             # _facilitator/ could not be created
    sources: dict[str, str] = field(default_factory=dict)  # token -> account, as kept
    withdrawn: set[str] = field(default_factory=set)  # <token>.json withdrawn this pass
    seen: set[str] = field(default_factory=set)      # yielded from the folder itself
    ids: _SourceIds | None = None                    # keyed account ids, made when needed
    kept: keep.Opened | None = None                  # the keep, open, when it is used


@dataclass
class _KeepJob:
    """What one load adds to the keep (written by the thread :meth:`after_load` starts)."""

    rebuild: bool = False   # the keep is made again from this load's records
    read: dict[str, tuple[str, os.stat_result, int]] = field(default_factory=dict)
    handover: set[str] = field(default_factory=set)  # read from the folder, to be taken over
    new: keep.Lines = field(default_factory=keep.Lines)  # lines to add
    after_copy: dict[str, str] = field(default_factory=dict)  # kept once copied over
    drop: set[Any] = field(default_factory=set)  # stale lines (their files changed or went)


@dataclass
class _Scan:
    pending: list[str] = field(default_factory=list)      # <token>.json written by participants
    withdrawals: list[str] = field(default_factory=list)  # tokens with a <token>.withdraw note
    temps: list[str] = field(default_factory=list)        # hidden temp files in the folder
    strangers: list[str] = field(default_factory=list)    # anything else: never moved
    taken: list[str] = field(default_factory=list)        # in _facilitator/
    private_temps: list[str] = field(default_factory=list)


# ---- low-level, relative to an open folder, never following a link -------------------------

_REMAKE = ("Move it out of the cohort folder and run `interdependence setup-cohort` on the "
           "folder again.")
_RENAME = ("Rename it inside the cohort folder (for example `mv _facilitator "
           "_facilitator.planted`; never open what is in it) and run `interdependence "
           "setup-cohort` on the folder again.")
_TEMP = re.compile(r"\.[^/]+\.tmp")
# What a browser makes of a second download of the same file: "<token> (1).json".
_BROWSER_COPY = re.compile(r"(?P<token>[^/]+?) ?\(\d+\)\.json")


def stranger_reason(name: str) -> str:
    """Why a file that is not ``<token>.json`` is not read, and what to do about it."""
    copy = _BROWSER_COPY.fullmatch(name)
    if copy and TOKEN.fullmatch(copy["token"]):
        return (f"its name looks like a browser's second download of {copy['token']}.json, "
                "so it is not read and is left where it is. If that file is not in the "
                f"folder, rename this one to {copy['token']}.json; if it is, keep the newer "
                "of the two under that name")
    return ("its name is not a submission's (<token>.json), so it is not read and is left "
            "where it is")
_DIR_FLAGS = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
              | getattr(os, "O_CLOEXEC", 0))


def effective_uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else -1


def _open_dir(path: Path, listing: bool = False) -> int:
    """The cohort folder itself, as the facilitator or participant named it.

    Participants cannot read a drop box, only write into it: without ``listing`` the folder
    is opened as a path only (``O_PATH``, Linux), which is enough to create, rename and remove
    names relative to it."""
    flags = getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_RDONLY if listing or not hasattr(os, "O_PATH") else os.O_PATH
    return os.open(path, flags)


def _untrusted(info: os.stat_result, owner: int) -> str | None:
    """Why a file or folder with ``info`` is not to be trusted as ``owner``'s, or None."""
    if os.name != "posix":
        return None
    if info.st_uid != owner:
        return f"belongs to another account (user id {info.st_uid})"
    mode = stat.S_IMODE(info.st_mode)
    if mode & stat.S_IWOTH:
        return "can be changed by anyone"
    if mode & stat.S_IWGRP and not _own_group(info):
        return "can be changed by other members of its group"
    return None


def _own_group(info: os.stat_result) -> bool:
    """Whether the file's group is its owner's private group (the Debian and Fedora way)."""
    try:
        import grp
        import pwd

        user = pwd.getpwuid(info.st_uid)
        group = grp.getgrgid(info.st_gid)
    except (ImportError, KeyError):
        return False
    return user.pw_gid == info.st_gid and group.gr_name == user.pw_name and not group.gr_mem


def _remove_pictures(private: int, where: Path) -> None:
    """Empty and remove ``charts/`` in the open ``_facilitator/`` ``private`` (see
    ``FolderStore.drop_pictures``); left alone when it is not the facilitator's own."""
    folder = _owned_dir(private, where, PICTURES, create=False)
    if folder is None:
        return
    aside = f".{PICTURES}.gone.{secrets.token_hex(4)}"
    gone: str | None = aside
    try:
        os.rename(PICTURES, aside, src_dir_fd=private, dst_dir_fd=private)
    except OSError:
        gone = None  # emptied where it is, at least
    try:
        for _ in range(5):  # a writer that had it open may add a file meanwhile: again
            for name in os.listdir(folder):
                with contextlib.suppress(OSError):
                    os.unlink(name, dir_fd=folder)
            if gone is None:
                return
            try:
                os.rmdir(gone, dir_fd=private)
                return
            except OSError:
                continue
    finally:
        os.close(folder)


@overload
def _owned_dir(root: int, where: Path, name: str, create: Literal[True]) -> int: ...
@overload
def _owned_dir(root: int, where: Path, name: str, create: bool) -> int | None: ...
def _owned_dir(root: int, where: Path, name: str, create: bool) -> int | None:
    """An fd of ``name`` inside ``root``, checked: a real folder, the facilitator's, private.

    None when it does not exist and ``create`` is false. Raises StoreError (in words) when it
    is a link, a file, another account's or writable by others: it may have been planted.
    """
    for _ in range(2):
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=root)
            break
        except FileNotFoundError:
            if not create:
                return None
            # made a moment ago by someone: open and check it like any other
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o700, dir_fd=root)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise StoreError(f"{where / name} is a link or a file, not a folder, so it is "
                                 f"not used: someone may have planted it. {_RENAME}") from None
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise StoreError(f"{where / name} belongs to another account and is closed to "
                                 f"you, so it is not used: someone may have planted it. "
                                 f"{_RENAME}") from None
            raise
    else:
        raise StoreError(f"{where / name} could not be opened.")
    info = os.fstat(fd)
    problem = _untrusted(info, effective_uid())
    if problem is None and os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
        problem = "can be read or entered by other accounts"
    if problem:
        os.close(fd)
        raise StoreError(f"{where / name} {problem}, so it is not used: someone may have "
                         f"planted it. {_RENAME}")
    return fd


def _owner_at(fd: int, name: str) -> int | None:
    try:
        return os.stat(name, dir_fd=fd, follow_symlinks=False).st_uid
    except OSError:
        return None


def _exists_at(fd: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=fd, follow_symlinks=False)
        return True
    except FileNotFoundError:
        return False


def _unlink_at(fd: int, name: str) -> bool:
    try:
        os.unlink(name, dir_fd=fd)
        return True
    except (FileNotFoundError, PermissionError):
        return False


def _write_at(fd: int, name: str, data: bytes, mode: int, stamp: float | None,
              fsync: bool = True, exclusive: bool = False) -> None:
    """Write ``name`` in the folder ``fd``: through ``.<name>.tmp`` and a rename, or (with
    ``exclusive``) created new, failing if anything by that name is there already."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    # A temp name of its own for each writer: two kernels sharing at once never write into
    # one file. A crash leaves it behind; check, purge and withdraw find and remove those.
    tmp = name if exclusive else f".{name}.{secrets.token_hex(6)}.tmp"
    out = os.open(tmp, flags, mode, dir_fd=fd)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(out, view):]
            if fsync:
                os.fsync(out)
            if hasattr(os, "fchmod"):
                os.fchmod(out, mode)
            if stamp is not None:
                os.utime(out, (stamp, stamp))
        finally:
            os.close(out)
        if not exclusive:
            os.rename(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
    except BaseException:
        if not exclusive:
            _unlink_at(fd, tmp)
        raise
    if fsync:
        with contextlib.suppress(OSError):
            os.fsync(fd)


def _read_small(fd: int, name: str, limit: int = MAX_BYTES) -> bytes | None:
    data, _ = _read_at(fd, name, limit)
    return None if isinstance(data, Problem) else data


def _read_at(fd: int, name: str, limit: int = MAX_BYTES) -> tuple[bytes | Problem, Any]:
    """The bytes of ``name`` in the folder ``fd`` and its stat, or why it was not read.

    Opened with ``O_NOFOLLOW`` (a link fails) and ``O_NONBLOCK`` (a FIFO cannot hang the
    load); what was opened is then checked with ``fstat``, so nothing can be swapped in."""
    try:
        handle = os.open(name, _OPEN_FLAGS, dir_fd=fd)
    except FileNotFoundError:
        return Problem("it disappeared while it was being read", movable=False), None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem("it is a link, not a file; links are never followed"), None
        if exc.errno == errno.EISDIR:
            return Problem("it is a folder, not a submission file", movable=False), None
        return Problem(f"it could not be opened ({exc.strerror or exc})", movable=False), None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            return Problem("it is a folder, not a submission file", movable=False), info
        if not stat.S_ISREG(info.st_mode):
            return Problem("it is not a regular file"), info
        if info.st_size > limit:
            return Problem(f"it is {_size(info.st_size)}, more than the {limit // 1024} KB a "
                           "submission can be; it was not read"), info
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(handle, limit + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        return Problem(f"it could not be read ({exc.strerror or exc})", movable=False), None
    finally:
        os.close(handle)
    if len(data) > limit:
        return Problem(f"it is larger than the {limit // 1024} KB a submission can be"), info
    return data, info


def _midnight(day: Any) -> float:
    """The start of ``day`` (an ISO date) in local time: a file time with no time of day."""
    try:
        when = dt.date.fromisoformat(day)
    except (TypeError, ValueError):
        when = dt.date.today()
    return time.mktime(when.timetuple())


def _midnight_of(info: os.stat_result) -> float:
    """The start of the day a file was last written: a copy keeps the day, never the time."""
    return _midnight(dt.date.fromtimestamp(info.st_mtime).isoformat())


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"

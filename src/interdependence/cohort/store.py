"""Cohort stores: where submissions are kept. One interface; a folder is the first kind.

``open_store(location)`` returns a :class:`Store` for a folder path, or (when the hub store is
installed) for a ``postgresql://`` URL. Everything else (the share panel, the loader, the CLI)
talks to that interface only:

=================================  ==========================================================
``put(submission)``                write one participant's submission; replaces theirs if any
``delete(token) -> bool``          withdraw: remove that token's submission; False if none
``records()``                      iterate ``(name, data)``: ``data`` is the raw bytes (or a
                                   dict) of each candidate submission, or a :class:`Problem`
                                   when it could not be read safely (too big, a link...)
``count() -> int``                 how many items ``records()`` will yield (for progress bars)
``settings()``                     the cohort's :class:`CohortSettings`, or None if it has none
``init_settings(code, min_group)`` create or confirm the settings; min_group and code are
                                   fixed once the first submission exists
``set_aside(name, reason)``        move a rejected record out of the way, with its reason;
                                   returns where it went, or None if it could not be moved.
                                   Never deletes.
``has_submissions() -> bool``      whether any submission (valid or not) is stored
``set_aside_records()``            like ``records()``, for what was set aside (for purge)
``delete_set_aside(name)``         remove one set-aside record and its reason (purge only)
``location``                       a string naming the store, shown to people
=================================  ==========================================================

The folder store keeps ``settings.json`` and one ``<token>.json`` per participant, written
atomically (a temp dot-file in the same folder, fsync, ``os.replace``), so a reader sees the
old file or the new one, never half of one. Temp files start with a dot and are never read.
Rejected files go to ``_set_aside/`` with ``<name>.reason.txt`` beside them.

Drop-box permissions (``setup-cohort``): the folder is made mode 3733 (setgid + sticky,
``rwx-wx-wx``): participants can create files and reach a file whose name they know, but not
list the folder, and the sticky bit stops them renaming or deleting other people's files. Each
submission is written mode 0640; with the setgid folder it takes the folder's group, so the
facilitator (the folder's owner, in its group) can read it and move it aside, while other
participants cannot read it even with its name. This only separates people who have separate
system accounts. Where everyone shares one account (many container-based hubs, a synced drive,
e-mailed files), anyone who can reach the folder can read every file in it.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import privacy
from ..atomic import atomic_write_bytes
from .settings import SETTINGS_NAME, CohortSettings, SettingsError, new_settings, parse_settings
from .submission import TOKEN, encode

MAX_BYTES = 256 * 1024
SET_ASIDE = "_set_aside"
SUBMISSION_MODE = 0o640
SETTINGS_MODE = 0o644
DROP_BOX_MODE = 0o3733
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class StoreError(RuntimeError):
    """The store could not be reached or written. The message is for a person, in plain words."""


@dataclass(frozen=True)
class Problem:
    """A record the store would not (or could not) read. ``movable``: safe to set aside."""

    reason: str
    movable: bool = True


class Store(ABC):
    location: str

    @abstractmethod
    def put(self, submission: Mapping[str, Any]) -> str: ...

    @abstractmethod
    def delete(self, token: str) -> bool: ...

    @abstractmethod
    def records(self) -> Iterator[tuple[str, bytes | dict | Problem]]: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def settings(self) -> CohortSettings | None: ...

    @abstractmethod
    def init_settings(self, code: str, min_group: int = privacy.DEFAULT_MIN_GROUP,
                      keep_days: int | None = None) -> CohortSettings: ...

    @abstractmethod
    def set_aside(self, name: str, reason: str) -> str | None: ...

    @abstractmethod
    def has_submissions(self) -> bool: ...

    @abstractmethod
    def set_aside_records(self) -> Iterator[tuple[str, bytes | dict | Problem]]: ...

    @abstractmethod
    def delete_set_aside(self, name: str) -> bool: ...

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"


def open_store(location: str | os.PathLike | Store) -> Store:
    """The store at ``location``: a folder path, or a ``postgresql://`` URL."""
    if isinstance(location, Store):
        return location
    text = os.fspath(location)
    if text.strip().startswith("jupyterhub-service:"):  # the hub's share service (hubservice.py)
        from .hubservice import HubServiceStore

        return HubServiceStore(text)
    if text.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        try:
            from .postgres import PostgresStore
        except ModuleNotFoundError as exc:
            raise StoreError("This installation has no PostgreSQL store; give a folder "
                             f"instead ({exc.name} is missing).") from None
        return PostgresStore(text)
    if not text.strip():
        raise StoreError("No cohort folder was given.")
    return FolderStore(Path(text).expanduser())


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
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.location = str(self.path)

    # ---- participants ----------------------------------------------------------------------
    def file_for(self, token: str) -> Path:
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            raise StoreError("That is not a valid token (16 to 64 letters, digits, - or _).")
        return self.path / f"{token}.json"

    def put(self, submission: Mapping[str, Any], durable: bool = True) -> str:
        target = self.file_for(submission.get("token"))
        data = encode(submission)
        try:
            if not self.path.is_dir():
                raise FileNotFoundError(errno.ENOENT, "No such folder", str(self.path))
            if durable:
                atomic_write_bytes(target, data, mode=SUBMISSION_MODE)
            else:  # bulk writers (demo cohorts, benchmarks): still never a half-written name
                tmp = self.path / f".{target.name}.tmp"
                tmp.write_bytes(data)
                os.replace(tmp, target)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "save your answers")) from exc
        return str(target)

    def delete(self, token: str) -> bool:
        target = self.file_for(token)
        try:
            target.unlink()
        except FileNotFoundError:
            if not self.path.is_dir():
                raise StoreError(plain_os_error(
                    FileNotFoundError(errno.ENOENT, "missing"), self.path, "remove")) from None
            return False
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "remove your answers")) from exc
        return True

    # ---- the facilitator -----------------------------------------------------------------
    def _entries(self, folder: Path) -> list[os.DirEntry]:
        try:
            with os.scandir(folder) as it:
                return [e for e in it if not e.name.startswith(".")]
        except FileNotFoundError:
            if folder == self.path:
                raise StoreError(f"There is no cohort folder at {folder}.") from None
            return []
        except NotADirectoryError:
            raise StoreError(f"{folder} is a file, not a cohort folder.") from None
        except PermissionError:
            raise StoreError(f"You do not have permission to list {folder}.") from None

    def _candidates(self) -> list[os.DirEntry]:
        return [e for e in self._entries(self.path) if e.name not in (SETTINGS_NAME, SET_ASIDE)]

    def count(self) -> int:
        return len(self._candidates())

    def records(self) -> Iterator[tuple[str, bytes | Problem]]:
        for entry in self._candidates():
            yield entry.name, _read_entry(entry)

    def has_submissions(self) -> bool:
        return any(e.name.endswith(".json") for e in self._candidates())

    def settings(self) -> CohortSettings | None:
        target = self.path / SETTINGS_NAME
        try:
            if target.stat().st_size > MAX_BYTES:
                raise StoreError(f"{target} is too large to be a settings file.")
            raw = target.read_bytes()
        except FileNotFoundError:
            if not self.path.is_dir():
                raise StoreError(f"There is no cohort folder at {self.path}.") from None
            return None
        except OSError as exc:
            raise StoreError(f"{target} could not be read: {exc.strerror or exc}") from exc
        try:
            return parse_settings(raw)
        except SettingsError as exc:
            raise StoreError(f"{target} is damaged: {exc}. Fix it or run setup-cohort "
                             "again.") from None

    def init_settings(self, code: str, min_group: int = privacy.DEFAULT_MIN_GROUP,
                      keep_days: int | None = None, created: str | None = None
                      ) -> CohortSettings:
        try:
            wanted = new_settings(code, min_group,
                                  keep_days if keep_days is not None else 90)
        except SettingsError as exc:
            raise StoreError(str(exc)) from None
        if created:  # a fixed date, for demo cohorts that must come out the same every time
            wanted = CohortSettings(wanted.code, wanted.min_group, created, wanted.keep_days)
        current = self.settings()
        if current is not None:
            same = (current.code, current.min_group) == (wanted.code, wanted.min_group)
            if keep_days is None:
                wanted = CohortSettings(wanted.code, wanted.min_group, wanted.created,
                                        current.keep_days)
            if same and current.keep_days == wanted.keep_days:
                return current
            if not same and self.has_submissions():
                raise StoreError(
                    f"This cohort already has submissions, so its code ({current.code}) and "
                    f"smallest group size ({current.min_group}) are fixed: participants shared "
                    "on those terms. Start a new cohort folder to use other values.")
            wanted = CohortSettings(wanted.code, wanted.min_group, current.created,
                                    wanted.keep_days)
        data = json.dumps(wanted.to_json(), indent=1).encode("utf-8")
        try:
            atomic_write_bytes(self.path / SETTINGS_NAME, data, mode=SETTINGS_MODE)
        except OSError as exc:
            raise StoreError(plain_os_error(exc, self.path, "write settings")) from exc
        return wanted

    def set_aside(self, name: str, reason: str) -> str | None:
        if not name or "/" in name or os.sep in name or name in (".", "..", SET_ASIDE):
            return None
        aside = self.path / SET_ASIDE
        try:
            aside.mkdir(mode=0o700, exist_ok=True)
            target = aside / name
            n = 0
            while target.exists() or target.is_symlink():
                n += 1
                target = aside / f"{name}.{n}"
            os.rename(self.path / name, target)
            note = f"{dt.date.today().isoformat()}: {name}: {reason}\n"
            (aside / f"{target.name}.reason.txt").write_text(note, encoding="utf-8")
        except OSError:
            return None
        return str(target)

    def set_aside_records(self) -> Iterator[tuple[str, bytes | Problem]]:
        for entry in self._entries(self.path / SET_ASIDE):
            if not entry.name.endswith(".reason.txt"):
                yield entry.name, _read_entry(entry)

    def delete_set_aside(self, name: str) -> bool:
        aside = self.path / SET_ASIDE
        if "/" in name or os.sep in name or name in (".", ".."):
            return False
        removed = False
        for target in (aside / name, aside / f"{name}.reason.txt"):
            try:
                if target.is_dir() and not target.is_symlink():
                    continue
                target.unlink()
                removed = True
            except FileNotFoundError:
                pass
        return removed

    def mtime(self, name: str, set_aside: bool = False) -> float | None:
        target = (self.path / SET_ASIDE / name) if set_aside else (self.path / name)
        try:
            return target.lstat().st_mtime
        except OSError:
            return None


def _read_entry(entry: os.DirEntry) -> bytes | Problem:
    """The bytes of one candidate file, or why it was not read. Never reads more than the cap."""
    try:
        if entry.is_symlink():
            return Problem("it is a link, not a file; links are never followed")
        if entry.is_dir(follow_symlinks=False):
            return Problem("it is a folder, not a submission file", movable=False)
        info = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return Problem(f"it could not be checked ({exc.strerror or exc})", movable=False)
    if not stat.S_ISREG(info.st_mode):
        return Problem("it is not a regular file")
    if info.st_size > MAX_BYTES:
        return Problem(f"it is {_size(info.st_size)}, more than the {MAX_BYTES // 1024} KB a "
                       "submission can be; it was not read")
    try:
        fd = os.open(entry.path, _OPEN_FLAGS)
    except OSError as exc:
        return Problem(f"it could not be opened ({exc.strerror or exc})", movable=False)
    try:
        data = os.read(fd, MAX_BYTES + 1)
        if len(data) != info.st_size:  # it changed since stat, or a short read: read on, capped
            chunks, total = [data], len(data)
            while data and total <= MAX_BYTES:
                data = os.read(fd, MAX_BYTES + 1 - total)
                chunks.append(data)
                total += len(data)
            data = b"".join(chunks)
    except OSError as exc:
        return Problem(f"it could not be read ({exc.strerror or exc})", movable=False)
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        return Problem(f"it is larger than the {MAX_BYTES // 1024} KB a submission can be")
    return data


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


# ---- drop-box permissions -----------------------------------------------------------------


def make_drop_box(path: Path) -> list[str]:
    """Give ``path`` drop-box permissions where the system allows; returns notes for people."""
    if os.name != "posix":
        return ["This system has no drop-box permissions: anyone who can open this folder "
                "can read every file in it."]
    try:
        os.chmod(path, DROP_BOX_MODE)
    except OSError as exc:
        return [f"Could not set drop-box permissions on {path}: {exc.strerror or exc}."]
    mode = stat.S_IMODE(path.stat().st_mode)
    notes = []
    if not mode & stat.S_ISGID:
        notes.append("The system would not keep the folder's group on new files (setgid); "
                     "you may be unable to read files written by other accounts.")
    return notes


def access_warnings(path: Path) -> list[str]:
    """Plain warnings when participants could read or remove each other's files."""
    if os.name != "posix":
        return []
    try:
        info = path.stat()
    except OSError:
        return []
    mode = stat.S_IMODE(info.st_mode)
    warnings = []
    if mode & stat.S_IROTH:
        warnings.append(
            f"Anyone with an account on this system can list {path} and open the submissions "
            "in it, so participants could read each other's files. Run `interdependence "
            "setup-cohort` on it (or `chmod 3733`) to make it a drop box.")
    if mode & stat.S_IWOTH and not mode & stat.S_ISVTX:
        warnings.append(
            f"Anyone can write to {path} without the sticky bit, so one participant could "
            "delete or replace another's file. Run `chmod +t` on it.")
    return warnings

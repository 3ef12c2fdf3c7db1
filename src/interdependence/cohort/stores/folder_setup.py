"""``setup-cohort`` for a folder: making it a cohort and a drop box, and warning when it is not.

:func:`set_up_folder` does it all, checking every value before anything is created: the
settings (through the rules every store shares, :meth:`Store.init_settings`), the facilitator's
own folders inside it (:meth:`FolderStore.prepare`) and the permissions below.

The folder is made mode 3733 (setgid + sticky, ``rwx-wx-wx``): participants can create files
and reach a file whose name they know, but not list the folder, and the sticky bit stops them
renaming or deleting other people's files. Each submission is written mode 0640; with the
setgid folder it takes the folder's group, so the facilitator (the folder's owner, in its
group) can read it and move it aside, while other participants cannot read it even with its
name. This only separates people who have separate system accounts. Where everyone shares one
account (many container-based hubs, a synced drive, e-mailed files), anyone who can reach the
folder can read every file in it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ... import privacy
from ..settings import CohortSettings
from .base import StoreError, check_new_settings
from .folder import FolderStore, effective_uid

DROP_BOX_MODE = 0o3733


@dataclass(frozen=True)
class FolderCohort:
    """What :func:`set_up_folder` made: the store, its settings, and what to tell the
    facilitator (``existed``: the folder was there before; ``warnings``: plain sentences)."""

    store: FolderStore
    settings: CohortSettings
    existed: bool
    warnings: list[str]


def set_up_folder(path: str | os.PathLike[str], code: str,
                  min_group: int = privacy.DEFAULT_MIN_GROUP,
                  keep_days: int | None = None) -> FolderCohort:
    """Make ``path`` a cohort folder (or update one this account made) and a drop box.

    Every value is checked before the folder is created, so a refused call leaves nothing
    behind. A link, a file, or a folder that has files in it and is not a cohort is refused:
    it may have been planted to point at one of the facilitator's own folders, which this
    would then open to every account.
    """
    check_new_settings(code, min_group, keep_days)
    folder = Path(path).expanduser()
    if folder.is_symlink():
        # A link in a shared place may have been planted to point at one of your own folders,
        # which setup-cohort would then open to every account.
        raise StoreError(f"{folder} is a link. Give the real folder's path, or a new one.")
    existed = folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Could not create {folder}: {exc.strerror or exc}") from exc
    if not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a folder.")
    store = FolderStore(folder)
    if existed and store.settings() is None and any(os.scandir(folder)):
        # Not a cohort, and not empty: perhaps one of your own folders, reached through a
        # link someone planted higher up the path. Opening it to every account would expose it.
        raise StoreError(f"{folder} already has files in it and is not a cohort folder. "
                         "setup-cohort makes a new folder, or updates a cohort it made; give "
                         "a new or empty folder.")
    settings = store.init_settings(code, min_group, keep_days)
    store.prepare()  # _set_aside/ and _facilitator/: the facilitator's own, 0700
    notes = make_drop_box(folder)
    return FolderCohort(store, settings, existed, notes + access_warnings(folder))


def make_drop_box(path: Path) -> list[str]:
    """Give ``path`` drop-box permissions where the system allows; returns notes for people."""
    if os.name != "posix":
        return ["This system has no drop-box permissions: anyone who can open this folder "
                "can read every file in it."]
    try:  # through the folder itself, never a link that replaced it a moment ago
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise StoreError(f"{path} is a link or could not be opened ({exc.strerror or exc}); "
                         "give the real folder's path.") from None
    try:
        if os.fstat(fd).st_uid != effective_uid():
            raise StoreError(f"{path} belongs to another account: make a new cohort folder.")
        os.fchmod(fd, DROP_BOX_MODE)
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
    except OSError as exc:
        return [f"Could not set drop-box permissions on {path}: {exc.strerror or exc}."]
    finally:
        os.close(fd)
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

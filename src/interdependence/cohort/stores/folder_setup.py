"""Making a folder a drop box (``setup-cohort``), and warning when it is not one.

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
from pathlib import Path

from .base import StoreError
from .folder import effective_uid

DROP_BOX_MODE = 0o3733


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

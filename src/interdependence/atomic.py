"""Crash-safe file writes: the reader sees the old file or the new one, never half of one;
and removing a list of files, each one on its own."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path


def atomic_write_bytes(path: str | os.PathLike, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, fsync, os.replace.

    The temp file must live in the same folder: ``os.replace`` is only atomic within one
    file system, and a shared volume may be a different one from /tmp.
    """
    path = Path(path)
    tmp = _written_beside(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: str | os.PathLike, text: str, mode: int | None = None) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


#: A file system without hard links (FAT and exFAT, as on many USB sticks, some network
#: shares) refuses os.link with one of these.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK}


def atomic_create_bytes(path: str | os.PathLike, data: bytes, mode: int | None = None) -> bool:
    """Like :func:`atomic_write_bytes`, but never replaces anything already at ``path``.

    Returns False, having written nothing, when ``path`` exists (a file, a folder or a link,
    which is not followed). The finished temp file is published with ``os.link``, which
    fails rather than replace; where the file system has no hard links, it is renamed into
    place after a last look that the name is still free.
    """
    path = Path(path)
    tmp = _written_beside(path, data, mode)
    try:
        try:
            os.link(tmp, path, follow_symlinks=False)
        except FileExistsError:
            return False
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            if os.path.lexists(path):
                return False
            os.replace(tmp, path)
    finally:
        _remove(tmp)  # after os.link, the temp name is a second link to the file
    _fsync_dir(path.parent)
    return True


def _written_beside(path: Path, data: bytes, mode: int | None) -> str:
    """A temp file in ``path``'s folder holding ``data``, flushed to disk, with ``mode``;
    its name. Nothing is left behind when writing it fails."""
    import tempfile  # here: a notebook that only reads its journal never needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not every platform or file system allows it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_each(paths) -> tuple[list[Path], list[str]]:
    """Remove each of ``paths`` (a link as the link, never what it points to): (those
    removed, "name (why)" of each that could not be). One that fails stops none of the
    others; one already gone is neither."""
    removed, failed = [], []
    for path in paths:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            failed.append(f"{path.name} ({exc.strerror or exc})")
    return removed, failed

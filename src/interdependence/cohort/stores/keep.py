"""The facilitator's keep: every accepted submission once more, in one file of its own.

``_facilitator/accepted.jsonl`` (0600, in the facilitator's 0700 folder) holds one line per
accepted submission: the name of the file it was read from, where that file is (``d``: the
cohort folder, ``p``: ``_facilitator/``), that file's signature (inode, device, size, times,
owner, mode) when it was read, and the coded record the loader made of it
(``cohort/columns.py``). A repeated load opens this one file instead of every submission: a
line is used only while its file is still there with the very same signature, so a file
changed, replaced, withdrawn or set aside since is read (and checked) again, as on a first
load. The files stay the truth; the keep is only ever a faster way to what they say.

Guards (a cohort folder is foreign ground, DESIGN.md):

- the keep is used only when it is a regular file owned by the facilitator that no one else
  can write, and its first line names the same code book and cohort code as the loader's;
  otherwise it is reported and made again from the files;
- a drop-folder file's signature is kept only when its inode changed more than
  :data:`SETTLED_NS` before it was read (``ctime`` cannot be set by its owner, but a file
  system may keep it in steps of a few milliseconds): a file changed again within the same
  step is never taken for the one read;
- a torn last line (a crash while appending) is moved to ``accepted.torn`` and reported; the
  submissions in it are read again from their files, so nothing accepted is lost;
- a withdrawal, a purge or a file set aside removes its lines at once (:func:`forget`): the
  file is rewritten through a temp file and a rename, so a reader sees all of it or none.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

KEEP = "accepted.jsonl"
TORN = "accepted.torn"
VERSION = 1
SETTLED_NS = 2_000_000_000
_CHUNK = 1 << 20
_PREFIX = re.compile(rb'\["([A-Za-z0-9_-]{16,64}\.json)","([dp])",\[(\d+(?:,\d+){6})\],')


def signature(info: os.stat_result) -> bytes:
    """What must not change for a kept line to stand for its file."""
    return b"%d,%d,%d,%d,%d,%d,%d" % (info.st_ino, info.st_dev, info.st_size,
                                      info.st_mtime_ns, info.st_ctime_ns, info.st_uid,
                                      info.st_mode)


def settled(info: os.stat_result, read_at_ns: int) -> bool:
    """Whether a drop-folder file read at ``read_at_ns`` may be kept by its signature."""
    return info.st_ctime_ns < read_at_ns - SETTLED_NS


def header(book: str) -> bytes:
    return json.dumps({"keep": VERSION, "book": book}, separators=(",", ":")).encode() + b"\n"


def line(name: str, where: str, sig: bytes, body: str) -> bytes:
    """One kept line; ``body``: the coded record as compact JSON (a list)."""
    return b'["%s","%s",[%s],%s\n' % (name.encode(), where.encode(), sig, body[1:].encode())


def key_of(raw: bytes) -> tuple[str, bytes, bytes] | None:
    """(name, where, signature) of a kept line, or None when it is not one."""
    found = _PREFIX.match(raw)
    if found is None:
        return None
    return found.group(1).decode(), found.group(2), found.group(3)


class Lines:
    """Kept lines waiting to be written, held zlib-compressed about a megabyte at a time: a
    first load of 100,000 submissions holds about 10 MB of them instead of about 70 until the
    keep is saved (issue 14)."""

    def __init__(self) -> None:
        self._packed: list[bytes] = []
        self._batch: list[bytes] = []
        self._size = 0
        self.count = 0

    def add(self, one: bytes) -> None:
        """One whole line (as :func:`line` makes it)."""
        self._batch.append(one)
        self._size += len(one)
        self.count += 1
        if self._size >= _CHUNK:
            self._pack()

    def _pack(self) -> None:
        if self._batch:
            self._packed.append(zlib.compress(b"".join(self._batch), 1))
            self._batch, self._size = [], 0

    def __bool__(self) -> bool:
        return self.count > 0

    def drain(self) -> Iterator[bytes]:
        """Every line, in the order added, as pieces of whole lines; each piece is let go
        once given, so the lines are never all held uncompressed."""
        self._pack()
        packed, self._packed, self.count = self._packed, [], 0
        packed.reverse()
        while packed:
            yield zlib.decompress(packed.pop())


@dataclass
class Opened:
    """The keep as one load found it (under the lock): ``fd`` None when it is not used."""

    fd: int | None = None
    size: int = 0
    start: int = 0                 # where the lines begin (after the header)
    rebuild: bool = False          # not used: make it again from this load's records
    notes: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[bytes]:
        """Every whole line after the header, read in large pieces, up to ``size`` (lines
        another load appends meanwhile are left for the next load)."""
        if self.fd is None:
            return
        at, rest = self.start, b""
        while at < self.size:
            chunk = os.pread(self.fd, min(_CHUNK, self.size - at), at)
            if not chunk:
                break
            at += len(chunk)
            pieces = (rest + chunk).split(b"\n")
            rest = pieces.pop()
            yield from pieces

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def open_keep(private: int, book: str, me: int, open_flags: int) -> Opened:
    """The keep in ``private`` (held under the take-over lock), checked; see the guards."""
    try:
        fd = os.open(KEEP, open_flags, dir_fd=private)
    except FileNotFoundError:
        return Opened(rebuild=True)
    except OSError as exc:
        return Opened(rebuild=True, notes=[f"The facilitator's keep could not be opened "
                                           f"({exc.strerror or exc}); it is made again."])
    info = os.fstat(fd)
    why = _untrusted(info, me)
    if why:
        os.close(fd)
        return Opened(rebuild=True, notes=[
            f"The facilitator's keep ({KEEP}) {why}, so it was not used: every submission "
            "was read from its file, and the keep is made again."])
    opened = Opened(fd=fd, size=info.st_size)
    first = os.pread(fd, 4096, 0)
    end = first.find(b"\n")
    if end < 0 or first[:end + 1] != header(book):
        opened.close()
        opened.rebuild = True  # another version's, another item bank's: made again quietly
        return opened
    opened.start = end + 1
    _set_torn_aside(private, opened)
    return opened


def _untrusted(info: os.stat_result, me: int) -> str | None:
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if os.name == "posix" and info.st_uid != me:
        return f"belongs to another account (user id {info.st_uid})"
    if stat.S_IMODE(info.st_mode) & 0o022:
        return "can be changed by other accounts"
    return None


def _set_torn_aside(private: int, opened: Opened) -> None:
    """A last line with no end (a crash while appending): moved to ``accepted.torn``, and
    the keep cut back to its last whole line. Its submissions are read from their files."""
    assert opened.fd is not None
    if opened.size <= opened.start or os.pread(opened.fd, 1, opened.size - 1) == b"\n":
        return
    back = max(opened.start, opened.size - 4 * _CHUNK)
    tail = os.pread(opened.fd, opened.size - back, back)
    cut = back + tail.rfind(b"\n") + 1 if b"\n" in tail else opened.start
    torn = os.pread(opened.fd, opened.size - cut, cut)
    try:
        _append(private, TORN, torn + b"\n")
        fd = os.open(KEEP, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), dir_fd=private)
        try:
            os.ftruncate(fd, cut)
        finally:
            os.close(fd)
    except OSError:
        pass  # the next load tries again; the torn line is never used meanwhile
    opened.size = cut
    opened.notes.append(
        f"The facilitator's keep ended in a half-written line (most likely a crash while it "
        f"was being saved). It was moved to _facilitator/{TORN}; the submission in it was "
        "read from its file again, so nothing is lost.")


def _append(private: int, name: str, data: bytes, create_with: bytes = b"") -> None:
    """``data`` at the end of ``name`` (created 0600 with ``create_with`` first if new)."""
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags, dir_fd=private)
    except FileNotFoundError:
        fd = os.open(name, flags | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=private)
        data = create_with + data
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def save(private: int, book: str, new: Iterator[bytes],
         drop: set[tuple[str, bytes, bytes]], rebuild: bool, write: Any) -> None:
    """Add this load's ``new`` lines (pieces of whole lines, :meth:`Lines.drain`); without
    the lines in ``drop`` (stale: their file has changed or gone) the keep is rewritten whole
    (``write``: the store's temp-and-rename write). Called under the take-over lock."""
    if rebuild:
        _stream(private, header(book), new)
        return
    lines = b"".join(new)
    if drop:
        _rewrite(private, book, lambda key: key is not None and key not in drop,
                 [lines] if lines else [], write)
        return
    if lines:
        _append(private, KEEP, lines, create_with=header(book))


def _stream(private: int, first: bytes, lines: Iterator[bytes]) -> None:
    """A new keep written a batch at a time (never all of it in memory at once) into a temp
    file, flushed, then renamed over the old one: a reader sees one or the other."""
    import secrets

    tmp = f".{KEEP}.{secrets.token_hex(6)}.tmp"
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0))
    fd = os.open(tmp, flags, 0o600, dir_fd=private)
    try:
        try:
            batch, size = [first], len(first)
            for one in lines:
                batch.append(one)
                size += len(one)
                if size >= _CHUNK:
                    _write_all(fd, b"".join(batch))
                    batch, size = [], 0
            _write_all(fd, b"".join(batch))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(tmp, KEEP, src_dir_fd=private, dst_dir_fd=private)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=private)
        raise
    with contextlib.suppress(OSError):
        os.fsync(private)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def forget(private: int, names: set[str], write: Any) -> None:
    """Remove every line kept for ``names`` at once (withdrawn, purged, set aside)."""
    if names:
        _rewrite(private, None, lambda key: key is not None and key[0] not in names, [], write)


def _rewrite(private: int, book: str | None, wanted: Any, extra: list[bytes],
             write: Any) -> None:
    try:
        fd = os.open(KEEP, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0), dir_fd=private)
    except FileNotFoundError:
        if book is not None and extra:
            write(private, KEEP, header(book) + b"".join(extra))
        return
    try:
        chunks = []
        while chunk := os.read(fd, _CHUNK * 8):
            chunks.append(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    del chunks
    head, _, body = raw.partition(b"\n")
    kept, seen, changed = [head + b"\n"], set(), False
    for one in body.split(b"\n"):
        if not one:
            continue
        key = key_of(one)
        if wanted(key) and key not in seen and one.endswith(b"]"):
            seen.add(key)
            kept.append(one + b"\n")
        else:
            changed = True
    if changed or extra:
        write(private, KEEP, b"".join(kept + extra))

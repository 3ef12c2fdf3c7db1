"""The report's chart pictures: drawn once, kept in the facilitator's private folder.

Drawing a chart (matplotlib's layout and text) is most of a report's time, and a report is
often made again with the same results. Each picture is kept as
``_facilitator/charts/<key>.png``, where the key is a SHA-256 of what decides every pixel:
the panel's own data (so a changed, hidden or withdrawn state never finds the picture of
another one), the layout (wide or phone), the resolution, the chart code (every module of
``charts/`` and ``palette.py``) and matplotlib's version.

A kept picture is used only from a folder that is the facilitator's (``_facilitator/`` and
``charts/`` owned by them, closed to others) and only when the file itself is theirs and not
writable by others; anything else is ignored and the chart is drawn afresh. After a report
only the pictures it used are kept, so an old state's pictures do not linger.

Misses are drawn in two processes forked from this one when there are enough of them to be
worth it; a report that finds no picture kept forks them before it reads the cohort
(:func:`helpers`), so they import matplotlib while it does.

The dashboard keeps what it draws here too (same keys, same rules), so a report made after a
session draws only what the dashboard did not; its writes go through a :class:`Keeper`, on a
thread of their own, so a slow or full disk never holds up a chart on screen.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import os
import secrets
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..cohort.stores.folder import PICTURES

#: The folder inside ``_facilitator/`` that holds the pictures (a withdrawal empties it).
FOLDER = PICTURES
#: The resolution of every chart picture on a page (the report's and the dashboard's).
DPI = 110
#: Bumped when the key's recipe changes.
RECIPE = b"interdependence-chart-picture-1"
_PNG = b"\x89PNG\r\n\x1a\n"
_READ = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
log = logging.getLogger(__name__)
_NEW = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0))


class _Unkeyable(TypeError):
    """A value the key cannot describe exactly: the chart is drawn, never looked up."""


def _canon(value: Any) -> Any:
    """``value`` as plain, ordered data whose ``repr`` says all of it (floats exactly)."""
    import pandas as pd

    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return ("f", value.hex()) if math.isfinite(value) else ("f", repr(value))
    if value is pd.NA or value is pd.NaT:  # a missing answer (nullable columns)
        return (repr(value),)
    if isinstance(value, Mapping):
        return ("d", sorted(((repr(k), _canon(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_canon(v) for v in value])
    if isinstance(value, pd.DataFrame):
        return ("frame", [str(c) for c in value.columns], [str(t) for t in value.dtypes],
                _canon(list(value.index)), [_canon(value[c].tolist()) for c in value.columns])
    if isinstance(value, pd.Series):
        return ("series", str(value.dtype), _canon(list(value.index)), _canon(value.tolist()))
    if hasattr(value, "item") and hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0:
        return _canon(value.item())  # a numpy scalar
    raise _Unkeyable(type(value).__name__)


@cache
def code_version() -> bytes:
    """A digest of the code that draws: every module of ``charts/``, the palette, matplotlib."""
    from importlib.metadata import version

    from .. import charts, palette

    digest = hashlib.sha256(version("matplotlib").encode())  # without importing it
    folder = Path(charts.__file__).parent
    for source in [*sorted(folder.glob("*.py")), Path(palette.__file__)]:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.digest()


def picture_key(panel, phone: bool, dpi: int) -> str | None:
    """The key of ``panel``'s picture (None when its data cannot be described exactly)."""
    try:
        described = repr((panel.kind, _canon(panel.data), bool(phone), int(dpi)))
    except _Unkeyable:
        return None
    return hashlib.sha256(RECIPE + code_version() + described.encode()).hexdigest()


class PictureCache:
    """The pictures kept in ``_facilitator/charts/`` of one cohort folder (or none)."""

    def __init__(self, fd: int | None = None):
        self.fd = fd

    @classmethod
    def open(cls, source, create: bool = False) -> PictureCache:
        """The cache of ``source`` (a cohort folder or FolderStore); an empty one when it has
        no trustworthy ``_facilitator/`` (another account's, open to others, a link; with
        ``create`` False, not made yet), or is not a folder at all (a database). ``create``:
        make ``_facilitator/`` (the facilitator's, 0700) if it is missing, as a load's keep
        would, so the first report on a folder not set up with setup-cohort keeps pictures."""
        from ..cohort.stores.base import StoreError
        from ..cohort.stores.folder import PRIVATE, _open_dir, _owned_dir

        path = getattr(source, "path", source)
        try:
            path = Path(os.fspath(path))
            if not path.is_dir():
                return cls()
            root = _open_dir(path, listing=True)
        except (TypeError, OSError):
            return cls()
        try:
            private = _owned_dir(root, path, PRIVATE, create=create)
            if private is None:
                return cls()
            try:
                return cls(_owned_dir(private, path / PRIVATE, FOLDER, create=True))
            finally:
                os.close(private)
        except (StoreError, OSError):
            return cls()
        finally:
            os.close(root)

    def get(self, key: str | None) -> bytes | None:
        """The kept picture of ``key``: only a regular file of this account's, closed to
        others' writes, that is a PNG."""
        from ..cohort.stores.folder import _untrusted, effective_uid

        if self.fd is None or key is None:
            return None
        try:
            fd = os.open(f"{key}.png", _READ, dir_fd=self.fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or _untrusted(info, effective_uid()):
                return None
            with os.fdopen(os.dup(fd), "rb") as kept:
                data = kept.read()
        except OSError:
            return None
        finally:
            os.close(fd)
        return data if data.startswith(_PNG) else None

    def put(self, key: str | None, png: bytes) -> None:
        """Keep ``png`` as ``key`` (0600, written aside then renamed: never half a file)."""
        if self.fd is None or key is None:
            return
        tmp = f".{key}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, _NEW, 0o600, dir_fd=self.fd)
            try:
                view = memoryview(png)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            os.rename(tmp, f"{key}.png", src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError as exc:  # a full disk, a read-only or removed folder: drawn next time
            log.info("A chart picture was not kept (%s); it will be drawn again next time.",
                     exc.strerror or exc)
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=self.fd)

    def empty(self) -> bool:
        """Whether no picture is kept here (none kept at all, or nowhere to keep one)."""
        if self.fd is None:
            return True
        try:
            return not any(name.endswith(".png") for name in os.listdir(self.fd))
        except OSError:
            return True

    def keep_only(self, keys: Iterable[str | None]) -> None:
        """Remove every picture but those of ``keys`` (and any temp file left by a crash)."""
        if self.fd is None:
            return
        wanted = {f"{key}.png" for key in keys if key}
        with contextlib.suppress(OSError):
            for name in os.listdir(self.fd):
                if name not in wanted and (name.endswith(".png") or name.endswith(".tmp")):
                    with contextlib.suppress(OSError):
                        os.unlink(name, dir_fd=self.fd)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> PictureCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Keeper:
    """Runs a cache's writes (``put``, ``keep_only``, ``close``) in order on a thread of its
    own, started when there is work and gone when there is none: the dashboard hands a
    picture over and goes on. A failure is logged, never raised: a picture not kept is only
    drawn again. ``close`` comes after the writes handed over before it, so a folder is never
    closed under a write (its number could be given to another file)."""

    def __init__(self) -> None:
        self._jobs: deque[Callable[[], None]] = deque()
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()

    def submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._jobs.append(job)
            if not self._idle.is_set():
                return  # the running thread takes it
            self._idle.clear()
        threading.Thread(target=self._run, name="interdependence-pictures", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._jobs:
                    self._idle.set()
                    return
                job = self._jobs.popleft()
            try:
                job()
            except Exception:  # never the dashboard's failure: the picture is drawn again
                log.exception("keeping a chart picture failed")

    def wait(self, timeout: float | None = None) -> bool:
        """Whether every write handed over has been done (within ``timeout`` seconds)."""
        return self._idle.wait(timeout)


def draw(panel, phone: bool, dpi: int = DPI) -> bytes:
    """``panel``'s chart drawn afresh, in its phone layout or its wide one, as a PNG."""
    from ..charts import cohort as charts
    from ..charts.render import figure_png

    return figure_png(charts.figure(panel, phone=phone), dpi=dpi)


def _draw(job: tuple[Any, bool, int]) -> bytes:
    return draw(*job)


#: Fewer misses than this are drawn here: starting helpers would cost more than it saves.
PARALLEL_FROM = 6


def _can_fork(workers: int) -> bool:
    """Whether helpers may be forked now: POSIX with 2+ cores, and no other thread in this
    process (it may hold a lock a helper would wait on forever)."""
    import multiprocessing
    import threading

    return (workers >= 2 and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def _warm() -> None:
    """A helper's start: import what drawing needs, while its parent still loads the cohort."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    from ..charts import cohort, render  # noqa: F401


def _pool(workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Fork: the helpers start with what this process has imported already.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_warm)


@contextlib.contextmanager
def helpers(cache: PictureCache):
    """Two drawing helpers forked now (or None), for a report that will draw its pictures:
    they import matplotlib (a third of a second each) while this process reads and
    aggregates the cohort, instead of after it. Only when ``cache`` keeps no picture at all
    (a first report, or one after a withdrawal, or of a cohort whose pictures are never
    kept): a report that finds its pictures kept starts none. Gone when the block ends."""
    workers = min(2, os.cpu_count() or 1)
    if not cache.empty() or not _can_fork(workers):
        yield None
        return
    pool = _pool(workers)
    try:
        pool.submit(int)  # forks both helpers now, before this process starts a thread
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _draw_all(jobs: list[tuple[Any, bool, int]], pool=None) -> list[bytes]:
    """Each job's PNG, in two forked processes when it pays (POSIX with 2+ cores); in
    ``pool`` (:func:`helpers`) when it was started ahead."""
    if len(jobs) < PARALLEL_FROM:
        return [_draw(job) for job in jobs]
    if pool is not None:
        return list(pool.map(_draw, jobs, chunksize=1))
    workers = min(2, os.cpu_count() or 1)
    if not _can_fork(workers):
        return [_draw(job) for job in jobs]
    with _pool(workers) as pool:
        return list(pool.map(_draw, jobs, chunksize=1))


def _wanted(panels: Iterable, dpi: int, layouts: tuple[bool, ...] = (False, True)
            ) -> list[tuple[Any, bool, str | None]]:
    """(panel, phone, key) of every picture a report of ``panels`` shows: each visible chart
    in each of ``layouts``."""
    return [(panel, layout, picture_key(panel, layout, dpi)) for panel in panels
            if panel.visible and panel.kind != "reflections" for layout in layouts]


def wanted_keys(panels: Iterable, dpi: int = DPI) -> list[str | None]:
    """The keys of every picture a report of ``panels`` shows (each visible chart, wide and
    phone): what a cache of this state keeps."""
    return [key for _, _, key in _wanted(panels, dpi)]


def drawing_words(drawing: int, found: int, keeping: bool) -> str:
    """What a report says while it draws: how many pictures, how long that may take, and
    (when they can be kept) that the next report will not draw them again."""
    from ..privacy import count_of, number

    count = count_of(drawing, "chart picture", "chart pictures")
    if found:
        return f"Drawing {count} ({number(found)} kept from before)..."
    if drawing < PARALLEL_FROM:
        return f"Drawing {count}..."
    later = "; they are kept, so the next report is quicker" if keeping else ""
    return f"Drawing {count}: a few seconds the first time{later}..."


def pictures(panels: Iterable, cache: PictureCache | None = None, dpi: int = DPI,
             phone: bool = True, pool=None) -> dict[str, tuple[bytes, bytes | None]]:
    """``{panel key: (wide PNG, phone PNG or None)}`` of every visible chart of ``panels``:
    from ``cache`` where it holds them, drawn (and kept) otherwise. With a cache, only the
    pictures used here stay in it. ``pool``: helpers started ahead (:func:`helpers`)."""
    cache = cache or PictureCache()
    wanted = _wanted(panels, dpi, (False, True) if phone else (False,))
    found = {i: cache.get(key) for i, (_, _, key) in enumerate(wanted)}
    missing = [i for i, png in found.items() if png is None]
    if missing:  # the long part of a first report: `interdependence report` says so
        log.info("%s", drawing_words(len(missing), len(wanted) - len(missing),
                                     cache.fd is not None))
    for i, png in zip(missing, _draw_all([(wanted[i][0], wanted[i][1], dpi)
                                          for i in missing], pool), strict=True):
        found[i] = png
        cache.put(wanted[i][2], png)
    cache.keep_only(key for _, _, key in wanted)
    out: dict[str, tuple[bytes, bytes | None]] = {}
    for i, (panel, layout, _) in enumerate(wanted):
        wide, narrow = out.get(panel.key, (b"", None))
        out[panel.key] = (wide, found[i]) if layout else (found[i] or b"", narrow)
    return out

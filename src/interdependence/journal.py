"""The participant's private journal: every answer, saved at once, atomically, locally.

Layout of ``journal.json`` (schema 2)::

    {"schema": 2, "created": "2026-11-27",
     "settings": {"cohort_code": "...", "cohort_location": "..."},
     "token": null,
     "steps": {"00-welcome": {
         "ratings": {"sign.asking": 4, "sign.uneasy_relying": null},  # null = prefer not to say
         "reflections": {"welcome.hopes": {"text": "...", "saved": "2026-11-27T10:41:07"}},
         "exercise": {...},
         "rated_on": "2026-11-27",                       # the day a rating last changed
         "earlier": {"sign.relying": {"version": 1, "text": "...", "scale": "agreement",
                                      "value": 2, "answer": "Disagree"}}}}}

``earlier`` holds answers to statements an earlier version of the workshop asked and this one
no longer does (their meaning changed; see ``data/curriculum/migrations.yaml``). A schema-1
journal is carried over when it is opened: answers whose meaning held move to their current
id, the others go to ``earlier``, shown under the step's ratings. Nothing is dropped.

A missing key means "not answered yet"; ``None`` means "prefer not to say". Nothing here
ever leaves the participant's machine; sharing copies an allow-listed subset elsewhere.
The same layout, as types: ``shapes.JournalData``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paths
from .atomic import atomic_write_text, remove_each
from .frozen import Record

if TYPE_CHECKING:  # types only: the TypedDicts cost a cold start ~1 ms to build
    from .shapes import EarlierAnswer, JournalData, Rating, Reflection, StepRecord

SCHEMA = 2
#: Journals of these versions are carried over to SCHEMA when opened (see _carry_over).
EARLIER_SCHEMAS = (1,)
_UNSET = object()


#: How many observers one slot (one part of a notebook, say "share:03-start-small") keeps:
#: re-running a cell makes a new view, and only the newest few of the same part keep
#: redrawing. Widgets are never garbage collected while their kernel runs, so a weak
#: reference alone is not enough.
KEEP = 3


class _Observer:
    """One callback, held weakly when it is a bound method (a view's ``refresh``)."""

    def __init__(self, callback: Callable[..., None], slot: str | None):
        self.slot = slot
        self._ref: Callable[[], Callable[..., None] | None]
        if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
            self._ref = weakref.WeakMethod(callback)
        else:
            self._ref = lambda: callback

    def __call__(self) -> Callable[..., None] | None:
        return self._ref()


class Observers:
    """Who is told of a change: weak references to bound methods, and at most :data:`KEEP`
    per slot (the newest), so a cell re-run 20 times leaves 3. Used by the journal (its
    settings, ratings and reflections) and by every exercise model."""

    def __init__(self) -> None:
        self._entries: list[_Observer] = []

    def add(self, callback: Callable[..., None], slot: str | None = None) -> Callable[[], None]:
        """Call ``callback(*args)`` at every :meth:`tell`; returns a function that stops it."""
        entry = _Observer(callback, slot)
        self._entries = [o for o in self._entries if o() is not None]
        self._entries.append(entry)
        if slot is not None:
            same = [o for o in self._entries if o.slot == slot]
            for old in same[:-KEEP]:
                self._entries.remove(old)

        def stop() -> None:
            if entry in self._entries:
                self._entries.remove(entry)

        return stop

    def count(self, slot: str | None = None) -> int:
        """How many live observers there are (of one slot, if given): for tests."""
        return sum(1 for o in self._entries
                   if o() is not None and (slot is None or o.slot == slot))

    def tell(self, *args: Any) -> None:
        """Call every live observer (views guard their own errors)."""
        for entry in list(self._entries):
            callback = entry()
            if callback is None:
                if entry in self._entries:
                    self._entries.remove(entry)
            else:
                callback(*args)


class Change(Record):
    """What one journal write changed, told to the journal's observers.

    ``part`` is "setting", "rating", "reflection", "exercise", "token", or "all" (the journal
    was deleted, or another notebook had saved since: anything may differ); ``step_id`` and
    ``key`` say which, where there is one.
    """

    part: str
    step_id: str | None = None
    key: str | None = None

    def touches(self, step_id: str) -> bool:
        """Whether this change may alter what a panel of ``step_id`` shows from the step."""
        return self.step_id in (None, step_id)


EVERYTHING = Change("all")


class JournalError(RuntimeError):
    """The journal could not be saved; the message says why and what to try."""


class JournalUnreadable(JournalError):
    """The journal file is there but could not be read just now (too many open files, a disk
    or network error, no permission). It is not damaged: it is never moved aside, and nothing
    is written over it until it can be read again."""


class Journal:
    """One participant's answers, backed by one JSON file."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else paths.journal_path()
        self.set_aside: Path | None = None  # where a corrupt journal was moved, if it was
        self.set_aside_reason: str | None = None
        self.unreadable: str | None = None  # why the file could not be read, while it cannot
        self.deleted: list[Path] = []  # what the last delete() removed
        self._seen: tuple | None = None  # the file's identity when we last read or wrote it
        self.observers = Observers()  # told of every change saved through this object
        self.data: JournalData
        try:
            self.data = self._load()
        except JournalUnreadable as exc:  # the notebook still opens; saving waits (change())
            self.data = self._fresh()
            self.unreadable = str(exc)
        else:
            self._seen = self._identity()

    # ---- loading -----------------------------------------------------------------------
    def _fresh(self) -> JournalData:
        return {"schema": SCHEMA, "created": dt.date.today().isoformat(), "settings": {},
                "token": None, "steps": {}}

    def _load(self) -> JournalData:
        """The journal on disk. Only a file that cannot be parsed, or holds the wrong shape,
        is damaged and moved aside; a file that cannot be *read* right now raises
        :class:`JournalUnreadable` and stays exactly where and as it is."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return self._fresh()
        except OSError as exc:
            raise JournalUnreadable(_unreadable_message(self.path, exc)) from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self._move_aside("it is not UTF-8 text")
            return self._fresh()
        except json.JSONDecodeError as exc:
            self._move_aside(f"it is not valid JSON (line {exc.lineno}, column {exc.colno})")
            return self._fresh()
        except RecursionError:
            self._move_aside("it is nested too deeply to be a journal")
            return self._fresh()
        problem = _shape_problem(data)
        if problem:
            self._move_aside(problem)
            return self._fresh()
        if data["schema"] in EARLIER_SCHEMAS:
            data = _carry_over(data)
        return data

    def _move_aside(self, reason: str) -> None:
        """Keep a damaged journal under a dated name; never delete or overwrite it."""
        stamp = dt.date.today().isoformat()
        n = 0
        while True:
            suffix = f".corrupt-{stamp}" + (f"-{n}" if n else "") + ".json"
            target = self.path.with_name(self.path.stem + suffix)
            if not target.exists():
                break
            n += 1
        moved: Path | None = target
        try:
            os.replace(self.path, target)
        except OSError:
            moved = None  # could not move it either: leave it where it is, untouched
        self.set_aside, self.set_aside_reason = moved, reason
        self._read_only = moved is None

    # ---- saving ------------------------------------------------------------------------
    # Several notebooks (kernels) may have the same journal open. Each change therefore
    # re-reads the file if another kernel wrote it since, applies just that one change,
    # and writes, all under a lock, so one notebook never wipes what another saved.

    def _identity(self) -> tuple | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _refresh(self, strict: bool = False) -> None:
        """Pick up what another kernel saved; a damaged file is set aside as on load.

        A file that cannot be read right now keeps what is in memory; ``strict`` (before a
        write) raises :class:`JournalUnreadable` instead, so nothing is written over it.
        """
        if self.unreadable is None and self._identity() == self._seen:
            return
        try:
            self.data = self._load()
        except JournalUnreadable as exc:
            self.unreadable = str(exc)
            if strict:
                raise
            return
        self.unreadable = None
        self._seen = self._identity()

    def observe(self, callback: Callable[[Change], None],
                slot: str | None = None) -> Callable[[], None]:
        """Call ``callback(change)`` after every change this journal object saves (and after
        it is deleted); returns a function that stops it. Every notebook cell of one kernel
        shares one journal object (:func:`open_journal`), so a panel observing it follows
        what any other cell, of any notebook in that kernel, saves. A bound method is held
        weakly, and only the newest :data:`KEEP` observers of one ``slot`` are kept."""
        return self.observers.add(callback, slot)

    def change(self, apply, what: Change = EVERYTHING) -> None:
        """Apply ``apply(data)`` to the newest journal on disk and save it atomically; then
        tell the observers ``what`` changed (everything, if another notebook had saved)."""
        if getattr(self, "_read_only", False):
            raise JournalError(
                f"Your journal at {self.path} could not be read or moved aside, so nothing "
                "was saved over it. Check the file's permissions, or set INTERDEPENDENCE_HOME "
                "to another folder."
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self.path):
                before = self._seen
                self._refresh(strict=True)  # JournalUnreadable: nothing is written
                if self._seen != before:
                    what = EVERYTHING  # another notebook saved since: anything may differ
                apply(self.data)
                # No indent: with one, json falls back to its slow pure-Python encoder.
                text = json.dumps(self.data, ensure_ascii=False, separators=(",", ":"))
                atomic_write_text(self.path, text)
                self._seen = self._identity()
        except OSError as exc:
            raise JournalError(
                f"Your answer could not be saved to {self.path}: {exc.strerror or exc}. "
                "It is still on screen; free some disk space or check the folder, then "
                "change the answer again to retry."
            ) from exc
        self.observers.tell(what)

    def save(self) -> None:
        """Write the journal as it is in memory (after a change made to ``data`` directly)."""
        self.change(lambda data: None)

    def _step(self, step_id: str, create: bool = True) -> StepRecord:
        if not create:
            self._refresh()  # reads see what other notebooks saved
        steps = self.data["steps"]
        if step_id not in steps:
            if not create:
                return {}
            steps[step_id] = {}
        return steps[step_id]

    # ---- ratings -----------------------------------------------------------------------
    def rating(self, step_id: str, item_id: str, default: Any = _UNSET) -> Rating:
        """The saved rating; ``None`` for prefer-not-to-say; KeyError/default if unanswered."""
        ratings = self._step(step_id, create=False).get("ratings", {})
        if item_id in ratings:
            return ratings[item_id]
        if default is _UNSET:
            raise KeyError(item_id)
        return default

    def has_rating(self, step_id: str, item_id: str) -> bool:
        return item_id in self._step(step_id, create=False).get("ratings", {})

    def set_rating(self, step_id: str, item_id: str, value: int | None) -> None:
        if value is not None and (isinstance(value, bool) or value not in (1, 2, 3, 4, 5)):
            raise ValueError(f"A rating is 1 to 5 or None (prefer not to say), not {value!r}")
        today = dt.date.today().isoformat()

        def apply(d):
            step = _step_of(d, step_id)
            step.setdefault("ratings", {})[item_id] = value
            step["rated_on"] = today  # the day only: is the close on the check-in's day?

        self.change(apply, Change("rating", step_id, item_id))

    def clear_rating(self, step_id: str, item_id: str) -> None:
        self.change(lambda d: _step_of(d, step_id).get("ratings", {}).pop(item_id, None),
                    Change("rating", step_id, item_id))

    def rated_on(self, step_id: str) -> str | None:
        """The date (YYYY-MM-DD) a rating of this step last changed; None if not known."""
        value = self._step(step_id, create=False).get("rated_on")
        return value if isinstance(value, str) else None

    def ratings(self, step_id: str) -> dict[str, Rating]:
        return dict(self._step(step_id, create=False).get("ratings", {}))

    def earlier(self, step_id: str) -> dict[str, EarlierAnswer]:
        """Answers to statements of an earlier version of the workshop, kept as they were:
        {old id: {"version", "text", "scale", "value", "answer"}}. Never shared."""
        return copy.deepcopy(self._step(step_id, create=False).get("earlier", {}))

    # ---- reflections -------------------------------------------------------------------
    def reflection(self, step_id: str, prompt_id: str) -> str:
        entry = self._step(step_id, create=False).get("reflections", {}).get(prompt_id)
        return entry["text"] if entry else ""

    def reflection_saved_at(self, step_id: str, prompt_id: str) -> str | None:
        entry = self._step(step_id, create=False).get("reflections", {}).get(prompt_id)
        return entry.get("saved") if entry else None

    def set_reflection(self, step_id: str, prompt_id: str, text: str) -> str:
        """Save a reflection; returns the local time it was saved (HH:MM:SS)."""
        now = dt.datetime.now().replace(microsecond=0)
        entry: Reflection = {"text": str(text), "saved": now.isoformat()}
        self.change(lambda d: _step_of(d, step_id).setdefault("reflections", {}).update(
            {prompt_id: entry}), Change("reflection", step_id, prompt_id))
        return now.strftime("%H:%M:%S")

    def reflections(self, step_id: str) -> dict[str, str]:
        entries = self._step(step_id, create=False).get("reflections", {})
        return {k: v["text"] for k, v in entries.items()}

    # ---- exercises and settings ---------------------------------------------------------
    def exercise(self, step_id: str, key: str, default: Any = None) -> Any:
        """A deep copy of exercise data, so callers cannot change the journal by accident."""
        value = self._step(step_id, create=False).get("exercise", {}).get(key, default)
        return copy.deepcopy(value)

    def set_exercise(self, step_id: str, key: str, value: Any) -> None:
        self.set_exercises(step_id, {key: value})

    def set_exercises(self, step_id: str, values: dict[str, Any]) -> None:
        """Save several exercise keys in one write, so they change together or not at all."""
        json.dumps(values)  # fail here, with the caller's data, if it is not JSON-able
        values = copy.deepcopy(values)
        self.change(lambda d: _step_of(d, step_id).setdefault("exercise", {}).update(values),
                    Change("exercise", step_id, ",".join(sorted(values))))

    def setting(self, key: str, default: Any = None) -> Any:
        self._refresh()  # another notebook may have typed the group code since
        return self.data.setdefault("settings", {}).get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.change(lambda d: d.setdefault("settings", {}).update({key: value}),
                    Change("setting", key=key))

    @property
    def token(self) -> str | None:
        self._refresh()
        return self.data.get("token")

    def ensure_token(self) -> str:
        """A random token for sharing, made here and kept here; never from a name or email."""
        import secrets

        def make(data):
            if not data.get("token"):  # another notebook may have made one already
                data["token"] = secrets.token_urlsafe(16)

        self._refresh()
        if not self.data.get("token"):
            self.change(make, Change("token"))
        token = self.data["token"]
        assert token is not None  # make() saved one, or another notebook already had
        return token

    # ---- overview and deletion ----------------------------------------------------------
    def answered_steps(self) -> dict[str, int]:
        """Number of answers saved per step id (ratings, reflections and exercise parts)."""
        self._refresh()
        out = {}
        for step_id, body in self.data["steps"].items():
            n = len(body.get("ratings", {}))
            n += sum(1 for e in body.get("reflections", {}).values() if e.get("text", "").strip())
            n += sum(1 for v in body.get("exercise", {}).values() if v)
            if n:
                out[step_id] = n
        return out

    def files(self) -> list[Path]:
        """Every file that belongs to this journal, in its folder: the journal itself, copies
        set aside because they could not be opened (``journal.corrupt-<date>.json``) and
        temp files an interrupted save left behind (``.journal.json.<random>.tmp``, see
        ``atomic.py``). Saving locks the folder itself, so there are no lock files. Exports
        are not the journal and are not listed."""
        name, stem = self.path.name, self.path.stem
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return []
        found = []
        for entry in entries:
            n = entry.name
            ours = (n == name or (n.startswith(f"{stem}.corrupt-") and n.endswith(".json"))
                    or (n.startswith(f".{name}.") and n.endswith(".tmp")))
            try:
                is_file = entry.is_symlink() or entry.is_file(follow_symlinks=False)
            except OSError:
                is_file = False
            if ours and is_file:
                found.append(Path(entry.path))
        return sorted(found, key=lambda p: (p.name != name, p.name))

    def saved_copy(self) -> bytes | None:
        """The journal file exactly as saved (for the person to keep a copy), or None when
        nothing has been saved yet. Read under the lock, so never half of a save."""
        try:
            with _locked(self.path):
                return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise JournalError(_unreadable_message(self.path, exc)) from None

    def delete(self) -> bool:
        """Remove the journal and every file of it (:meth:`files`). Returns whether there
        was anything to remove; :attr:`deleted` lists what was."""
        removed, failed = remove_each(self.files())
        self.deleted = removed
        self.data = self._fresh()
        self.unreadable, self.set_aside, self.set_aside_reason = None, None, None
        self._read_only = False
        self._seen = self._identity()
        self.observers.tell(EVERYTHING)
        if failed:
            raise JournalError(
                f"These files could not be deleted: {', '.join(failed)}. "
                f"{len(removed)} other file(s) were. Check the folder {self.path.parent}, "
                "or ask your facilitator for help.")
        return bool(removed)


def _unreadable_message(path: Path, exc: OSError) -> str:
    why = exc.strerror or type(exc).__name__
    if isinstance(exc, IsADirectoryError):
        why = "there is a folder with that name where the file should be"
    return (f"Your journal at {path} could not be read just now ({why}). Nothing was changed, "
            "and nothing will be saved over it until it can be read. Please try again in a "
            "moment; if this keeps happening, restart the kernel (Kernel menu, Restart Kernel) "
            "and run the notebook again. Your saved answers are still in that file.")


def _step_of(data: JournalData, step_id: str) -> StepRecord:
    return data["steps"].setdefault(step_id, {})


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on the journal's folder while one change is read and written.

    Locking the folder itself leaves no lock file behind. Where locks are not supported
    (some network file systems, Windows) the change still goes ahead, unlocked.
    """
    try:
        import fcntl

        fd = os.open(path.parent, os.O_RDONLY)
    except (ImportError, OSError):
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _carry_over(data: JournalData) -> JournalData:
    """A journal of an earlier schema in today's shape, nothing dropped.

    Ratings whose meaning held keep (or move to) their current id; ratings of retired
    statements go to the step's ``earlier`` section with the statement and the answer's
    label, so they can be shown as "from an earlier version". Written back at the next save.
    """
    from .curriculum import default

    curriculum = default()
    migration, prefer_not = curriculum.migration, curriculum.prefer_not_to_say
    version = data["schema"]
    for body in data["steps"].values():
        carried, retired = migration.carry_over(body.get("ratings", {}))
        if "ratings" in body:
            body["ratings"] = carried
        earlier = body.setdefault("earlier", {}) if retired else body.get("earlier", {})
        for old_id, value in retired.items():
            item = migration.retired[old_id]
            earlier[old_id] = {"version": version, "text": item.text, "scale": item.scale.id,
                               "value": value,
                               "answer": prefer_not if value is None else item.scale.label(value)}
    data["schema"] = SCHEMA
    return data


def _shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "it does not hold a journal (expected a JSON object)"
    schema = data.get("schema")
    if type(schema) is not int or (schema != SCHEMA and schema not in EARLIER_SCHEMAS):
        return f"it has an unknown schema version ({data.get('schema')!r}; this kit reads {SCHEMA})"
    if not isinstance(data.get("steps"), dict):
        return "its 'steps' section is missing or damaged"
    for step_id, body in data["steps"].items():
        if not isinstance(body, dict):
            return f"the answers for {step_id} are damaged"
        for part in ("ratings", "reflections", "exercise", "earlier"):
            if part in body and not isinstance(body[part], dict):
                return f"the {part} for {step_id} are damaged"
        for value in body.get("ratings", {}).values():
            if value is not None and (isinstance(value, bool) or value not in (1, 2, 3, 4, 5)):
                return f"a rating in {step_id} is out of range ({value!r})"
        for entry in body.get("reflections", {}).values():
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                return f"a reflection in {step_id} is damaged"
    if not isinstance(data.get("settings", {}), dict):
        return "its settings are damaged"
    return None


_open: dict[Path, Journal] = {}


def open_journal(path: str | os.PathLike | None = None) -> Journal:
    """The journal for this kernel: one object per file, shared by every notebook cell."""
    key = Path(path) if path else paths.journal_path()
    key = key.expanduser().resolve()
    journal = _open.get(key)
    if journal is None or (not key.exists() and journal.data["steps"]):
        journal = _open[key] = Journal(key)
    return journal

"""The item bank: scales, the seven signs and one file per notebook, validated on load.

Everything here is frozen. Item ids are the keys of stored answers, so the loader is
strict about them: unique across the bank, dotted lower case, never reused.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from . import paths
from .frozen import Record

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
STEP_ID_PATTERN = re.compile(r"^(\d\d)-[a-z0-9]+(-[a-z0-9]+)*$")
SCALE_POINTS = (1, 2, 3, 4, 5)
#: The facilitator's discussion prompts, beside the item bank (see :func:`load_discussion`).
DASHBOARD_FILE = "dashboard.yaml"
#: A cohort chart's key, as ``cohort/aggregate.py`` names it: "signs.close",
#: "03-start-small.first-ask", "participation".
CHART_KEY_PATTERN = re.compile(r"^[a-z0-9]+([.-][a-z0-9]+)*$")
#: An empty mapping no one can change: the default of the records' mapping fields.
_NOTHING: MappingProxyType = MappingProxyType({})


class CurriculumError(ValueError):
    """A content file is wrong. The message names the file, the item and what to fix."""

    def __init__(self, file: Path | str, where: str, problem: str):
        self.file, self.where, self.problem = str(file), where, problem
        super().__init__(f"{file}: {where}: {problem}")


class Scale(Record):
    id: str
    question: str
    points: tuple[tuple[int, str], ...]  # (value, label), values 1..5

    def label(self, value: int | None) -> str:
        return "" if value is None else dict(self.points).get(value, "")


class Item(Record):
    id: str
    text: str
    scale: Scale
    short: str = ""
    shareable: bool = True


class Prompt(Record):
    id: str
    text: str
    shareable: bool


_Entry = TypeVar("_Entry", Item, Prompt)


def _by_id(entries: tuple[_Entry, ...], wanted: str) -> _Entry:
    """The first of ``entries`` whose ``id`` is ``wanted``; KeyError when none is."""
    for entry in entries:
        if entry.id == wanted:
            return entry
    raise KeyError(wanted)


class Step(Record):
    id: str
    number: int
    title: str
    minutes: int
    objectives: tuple[str, ...]
    items: tuple[Item, ...]
    prompts: tuple[Prompt, ...]
    shareable: bool
    has_signs: bool
    exercise: MappingProxyType = _NOTHING

    @property
    def label(self) -> str:
        """'Check-in', 'Step 3 of 7' or 'Close'."""
        if self.number == 0:
            return "Check-in"
        if self.number == 8:
            return "Close"
        return f"Step {self.number} of 7"

    @property
    def notebook(self) -> str:
        return f"{self.id}.ipynb"

    def item(self, item_id: str) -> Item:
        return _by_id(self.items, item_id)

    def prompt(self, prompt_id: str) -> Prompt:
        return _by_id(self.prompts, prompt_id)


class Retired(Record):
    """A version-1 statement whose meaning changed: its answers are kept, never re-counted."""

    id: str
    text: str
    scale: Scale


class Migration(Record):
    """``migrations.yaml``: how version-1 answers carry over to this item bank.

    ``moves``: version-1 id -> current id, where the meaning held. ``retired``: version-1 ids
    whose meaning changed. ``new``: current ids version 1 did not have. Any other id is the
    same in both versions.
    """

    version: int = 1
    moves: MappingProxyType = _NOTHING
    retired: MappingProxyType = _NOTHING
    new: frozenset[str] = frozenset()

    def earlier_ids(self, step: Step) -> frozenset[str]:
        """The rating ids ``step`` had in version 1 (a retired id belongs to every step
        whose items share its prefix: ``sign.`` to the check-in and the close)."""
        current = {i.id for i in step.items}
        prefixes = {i.split(".", 1)[0] for i in current}
        ids = {i for i in current if i not in self.new}
        ids |= {old for old, new in self.moves.items() if new in current}
        ids |= {old for old in self.retired if old.split(".", 1)[0] in prefixes}
        return frozenset(ids)

    def carry_over(self, ratings: dict) -> tuple[dict, dict]:
        """Version-1 ratings split in two: (answers under current ids, retired answers)."""
        carried, retired = {}, {}
        for item_id, value in ratings.items():
            if item_id in self.retired:
                retired[item_id] = value
            else:
                carried[self.moves.get(item_id, item_id)] = value
        return carried, retired


class Curriculum(Record):
    scales: MappingProxyType
    signs: tuple[Item, ...]
    steps: tuple[Step, ...]
    prefer_not_to_say: str
    migration: Migration = Migration()

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        known = ", ".join(s.id for s in self.steps)
        raise KeyError(f"No step called {step_id!r}. Known steps: {known}")

    def next_step(self, step_id: str) -> Step | None:
        ids = [s.id for s in self.steps]
        i = ids.index(step_id)
        return self.steps[i + 1] if i + 1 < len(self.steps) else None

class Discussion(Record):
    """``dashboard.yaml``: the questions shown under each cohort chart, for the whole group.

    ``charts``: chart key -> its questions. ``reflections``: the questions shown under every
    list of shared reflections.
    """

    charts: MappingProxyType
    reflections: tuple[str, ...]

    def for_chart(self, key: str) -> tuple[str, ...]:
        """The questions for the chart ``key``; none for a chart the file does not list."""
        return self.charts.get(key, ())


def _read_yaml(path: Path) -> Any:
    cached = _parse_cache.get(path)
    if cached is not _MISSING:
        return cached
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=loader)
    except FileNotFoundError:
        raise CurriculumError(path, "file", "is missing") from None
    except yaml.YAMLError as exc:
        raise CurriculumError(path, "file", f"is not valid YAML ({exc})") from None
    _parse_cache.put(path, data)
    return data


_MISSING = object()


class _ParseCache:
    """Parsed YAML per file, kept in the user's cache folder between processes.

    Starting a notebook parses eleven YAML files; reading the same data back with marshal
    takes a tenth of the time and spares importing PyYAML at all (make bench: startup).
    Only parsing is cached: every load still validates, so a stale or damaged cache can
    never let a broken item bank through. An entry counts only while the file's path,
    size and modification time are unchanged; a cache that cannot be read or written is
    simply not used. It keeps the :data:`MAX_ENTRIES` files used last, so item banks that
    come and go (copies in temporary folders) never make every start read a large file.
    """

    MAX_ENTRIES = 64

    def __init__(self):
        self.entries: dict | None = None
        self.dirty = False

    @staticmethod
    def file() -> Path:
        import os
        import sys

        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
        tag = f"py{sys.version_info[0]}{sys.version_info[1]}"
        return Path(base) / "interdependence" / f"curriculum-yaml-{tag}.marshal"

    def _entries(self) -> dict:
        if self.entries is None:
            import marshal

            try:
                self.entries = marshal.loads(self.file().read_bytes())
                if not isinstance(self.entries, dict):
                    self.entries = {}
                # A cache grown by an older version: written back smaller after this load.
                self.dirty = len(self.entries) > self.MAX_ENTRIES
            except (OSError, EOFError, ValueError, TypeError):
                self.entries = {}
        return self.entries

    @staticmethod
    def _key(path: Path) -> tuple | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (str(path.resolve()), st.st_size, st.st_mtime_ns)

    def get(self, path: Path) -> Any:
        key = self._key(path)
        if key is None:
            return _MISSING
        try:
            entries = self._entries()
            entry = entries.get(key[0])
            if entry is None or tuple(entry[:2]) != key[1:]:
                return _MISSING
            entries[key[0]] = entries.pop(key[0])  # used last: kept longest
            return entry[2]
        except (TypeError, IndexError, KeyError):  # a cache of another shape: not ours
            return _MISSING

    def put(self, path: Path, data: Any) -> None:
        import marshal

        key = self._key(path)
        try:
            marshal.dumps(data)  # only plain data (YAML dates and the like are not cached)
        except ValueError:
            return
        if key is not None:
            entries = self._entries()
            entries.pop(key[0], None)
            entries[key[0]] = (key[1], key[2], data)
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        import marshal

        from .atomic import atomic_write_bytes

        self.dirty = False
        target = self.file()
        kept = list(self._entries().items())[-self.MAX_ENTRIES:]
        self.entries = dict(kept)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, marshal.dumps(self.entries))
        except (OSError, ValueError):
            pass


_parse_cache = _ParseCache()


def _need(mapping: Any, key: str, kind: type | tuple, file: Path, where: str) -> Any:
    if not isinstance(mapping, dict):
        raise CurriculumError(file, where, "should be a mapping of keys to values")
    if key not in mapping:
        raise CurriculumError(file, where, f"is missing the field '{key}'")
    value = mapping[key]
    if isinstance(value, bool) and kind is not bool and bool not in (
        kind if isinstance(kind, tuple) else (kind,)
    ):
        raise CurriculumError(file, where, f"field '{key}' should not be true/false")
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise CurriculumError(file, where, f"field '{key}' should be {names}, not {value!r}")
    if isinstance(value, str) and not value.strip():
        raise CurriculumError(file, where, f"field '{key}' is empty")
    return value


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _load_scales(file: Path) -> tuple[MappingProxyType, str]:
    raw = _read_yaml(file)
    pnts = _need(raw, "prefer_not_to_say", str, file, "top level")
    scales = {}
    for sid, body in _need(raw, "scales", dict, file, "top level").items():
        where = f"scale '{sid}'"
        points = _need(body, "points", dict, file, where)
        if sorted(points) != list(SCALE_POINTS):
            raise CurriculumError(file, where, "needs exactly the points 1, 2, 3, 4 and 5")
        for value, label in points.items():
            if not isinstance(label, str) or not label.strip():
                raise CurriculumError(file, where, f"point {value} has no label")
        scales[sid] = Scale(
            id=sid,
            question=_need(body, "question", str, file, where),
            points=tuple((v, points[v]) for v in SCALE_POINTS),
        )
    return MappingProxyType(scales), pnts


def _item(raw: Any, scales, file: Path, where: str, step_shareable: bool = True) -> Item:
    item_id = _need(raw, "id", str, file, where)
    where = f"item '{item_id}'"
    if not ID_PATTERN.match(item_id):
        raise CurriculumError(file, where, "id should be dotted lower case, like 'sign.asking'")
    scale_id = _need(raw, "scale", str, file, where)
    if scale_id not in scales:
        raise CurriculumError(
            file, where, f"scale '{scale_id}' is not in scales.yaml ({', '.join(scales)})"
        )
    shareable = raw.get("shareable", True)
    if not isinstance(shareable, bool):
        raise CurriculumError(file, where, "field 'shareable' should be true or false")
    if shareable and not step_shareable:
        raise CurriculumError(file, where, "is marked shareable in a step that is never shared")
    return Item(
        id=item_id,
        text=_need(raw, "text", str, file, where),
        scale=scales[scale_id],
        short=str(raw.get("short", "")),
        shareable=shareable and step_shareable,
    )


def _prompt(raw: Any, file: Path, step_shareable: bool) -> Prompt:
    prompt_id = _need(raw, "id", str, file, "a prompt")
    where = f"prompt '{prompt_id}'"
    if not ID_PATTERN.match(prompt_id):
        raise CurriculumError(file, where, "id should be dotted lower case, like 'welcome.hopes'")
    shareable = _need(raw, "shareable", bool, file, where)
    if shareable and not step_shareable:
        raise CurriculumError(file, where, "is marked shareable in a step that is never shared")
    return Prompt(id=prompt_id, text=_need(raw, "text", str, file, where), shareable=shareable)


def _load_step(file: Path, scales, signs: tuple[Item, ...]) -> Step:
    raw = _read_yaml(file)
    step_id = _need(raw, "id", str, file, "top level")
    if step_id != file.stem:
        raise CurriculumError(
            file, "field 'id'", f"'{step_id}' should equal the file name '{file.stem}'"
        )
    match = STEP_ID_PATTERN.match(step_id)
    if not match:
        raise CurriculumError(file, "field 'id'", "should look like '02-reframe-help-as-strength'")
    number = _need(raw, "number", int, file, "top level")
    if number != int(match.group(1)):
        raise CurriculumError(file, "field 'number'", f"{number} does not match the file name")
    minutes = _need(raw, "minutes", int, file, "top level")
    if not 5 <= minutes <= 180:
        raise CurriculumError(file, "field 'minutes'", f"{minutes} should be between 5 and 180")
    shareable = _need(raw, "shareable", bool, file, "top level")
    has_signs = bool(raw.get("signs", False))
    objectives = _need(raw, "objectives", list, file, "top level")
    if not objectives or not all(isinstance(o, str) and o.strip() for o in objectives):
        raise CurriculumError(file, "field 'objectives'", "needs at least one line of text")
    items = tuple(
        _item(r, scales, file, f"rating {n + 1}", shareable)
        for n, r in enumerate(raw.get("ratings") or [])
    )
    if has_signs:
        items = signs + items
    if not items:
        raise CurriculumError(file, "field 'ratings'", "a step needs at least one rating")
    prompts = tuple(_prompt(p, file, shareable) for p in raw.get("prompts") or [])
    exercise = raw.get("exercise") or {}
    if not isinstance(exercise, dict):
        raise CurriculumError(file, "field 'exercise'", "should be a mapping")
    return Step(
        id=step_id,
        number=number,
        title=_need(raw, "title", str, file, "top level"),
        minutes=minutes,
        objectives=tuple(objectives),
        items=items,
        prompts=prompts,
        shareable=shareable,
        has_signs=has_signs,
        exercise=_freeze(exercise),
    )


def load(folder: str | Path | None = None) -> Curriculum:
    """Load and validate the item bank in ``folder`` (default ``data/curriculum``)."""
    folder = Path(folder) if folder else paths.curriculum_dir()
    scales, pnts = _load_scales(folder / "scales.yaml")
    signs_file = folder / "signs.yaml"
    raw_signs = _need(_read_yaml(signs_file), "signs", list, signs_file, "top level")
    signs = tuple(_item(r, scales, signs_file, f"sign {n + 1}") for n, r in enumerate(raw_signs))
    files = sorted((folder / "steps").glob("*.yaml"))
    if not files:
        raise CurriculumError(folder / "steps", "folder", "has no step files (NN-name.yaml)")
    steps = tuple(_load_step(f, scales, signs) for f in files)
    _check_unique(steps, signs_file)
    migration = _load_migration(folder / "migrations.yaml", scales, steps)
    _parse_cache.save()
    return Curriculum(scales=scales, signs=signs, steps=steps, prefer_not_to_say=pnts,
                      migration=migration)


def _load_migration(file: Path, scales, steps: tuple[Step, ...]) -> Migration:
    """The table of changed ids; a bank without one is version 1 with nothing to carry."""
    if not file.exists():
        return Migration()
    raw = _read_yaml(file)
    version = _need(raw, "version", int, file, "top level")
    current = {i.id for s in steps for i in s.items}
    prefixes = {i.split(".", 1)[0] for i in current}
    moves, retired = {}, {}
    for old, body in (_need(raw, "from_1", dict, file, "top level") or {}).items():
        where = f"from_1 '{old}'"
        to = _need(body, "to", str, file, where)
        if to == "retired":
            scale_id = _need(body, "scale", str, file, where)
            if scale_id not in scales:
                raise CurriculumError(file, where, f"scale '{scale_id}' is not in scales.yaml")
            if old.split(".", 1)[0] not in prefixes:
                raise CurriculumError(file, where, "no step has ids that start like this one")
            if old in current:
                raise CurriculumError(file, where, "is retired but still in the item bank")
            retired[old] = Retired(old, _need(body, "text", str, file, where), scales[scale_id])
        elif to in current:
            moves[old] = to
        else:
            raise CurriculumError(file, where, f"'{to}' is neither 'retired' nor an item id")
    new = frozenset(str(i) for i in raw.get("new_in_2") or ())
    if new - current:
        raise CurriculumError(file, "new_in_2", f"not in the item bank: {sorted(new - current)}")
    return Migration(version, MappingProxyType(moves), MappingProxyType(retired), new)


def _check_unique(steps: tuple[Step, ...], signs_file: Path) -> None:
    seen: dict[str, str] = {}
    for step in steps:
        own = [i.id for i in step.items if not (step.has_signs and i.id.startswith("sign."))]
        for key in own + [p.id for p in step.prompts]:
            if key in seen:
                raise CurriculumError(
                    f"steps/{step.id}.yaml", f"id '{key}'", f"is already used in {seen[key]}"
                )
            seen[key] = f"steps/{step.id}.yaml"
    numbers = [s.number for s in steps]
    if len(set(numbers)) != len(numbers):
        raise CurriculumError(
            signs_file.parent / "steps", "step numbers", "two files share a number"
        )


def load_discussion(folder: str | Path | None = None) -> Discussion:
    """Load and validate ``dashboard.yaml`` in ``folder`` (default ``data/curriculum``).

    Read afresh on each call (a facilitator may be editing the questions between sessions);
    a broken file is a :class:`CurriculumError` naming the file, the chart and the fault,
    like every other file of the item bank.
    """
    folder = Path(folder) if folder else paths.curriculum_dir()
    file = folder / DASHBOARD_FILE
    raw = _read_yaml(file)
    step_ids = {f.stem for f in (folder / "steps").glob("*.yaml")}
    charts = {}
    for key, questions in _need(raw, "charts", dict, file, "top level").items():
        where = f"chart '{key}'"
        if not isinstance(key, str) or not CHART_KEY_PATTERN.match(key):
            raise CurriculumError(file, where, "should be a chart's key, like 'signs.close' or "
                                               "'03-start-small.first-ask'")
        step = key.split(".", 1)[0]
        if STEP_ID_PATTERN.match(step) and step not in step_ids:
            raise CurriculumError(file, where, f"names no step of the item bank ('{step}')")
        charts[key] = _questions(questions, file, where)
    reflections = _questions(_need(raw, "reflections", list, file, "top level"), file,
                             "field 'reflections'")
    _parse_cache.save()
    return Discussion(charts=MappingProxyType(charts), reflections=reflections)


def _questions(raw: Any, file: Path, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise CurriculumError(file, where, "should be a list of one or more questions")
    for n, question in enumerate(raw, 1):
        if not isinstance(question, str) or not question.strip():
            raise CurriculumError(file, where, f"question {n} should be text, not {question!r}")
    return tuple(raw)


@lru_cache(maxsize=4)
def _cached(folder: str) -> Curriculum:
    return load(folder)


def default() -> Curriculum:
    """The bundled curriculum, loaded once per process."""
    return _cached(str(paths.curriculum_dir()))

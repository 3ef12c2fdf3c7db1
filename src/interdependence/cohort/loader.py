"""The cohort loader: every record validated, bad ones set aside with a reason, never a crash.

``load_cohort(source)`` takes a store or a location (folder path, ``postgresql://`` URL) and
returns :class:`CohortData` in the shape the contract (``cohort/__init__.py``) describes.
Built for speed with plain Python: bytes from the store, ``json.loads``, the same
:func:`submission.validate` the participant's side uses, columns as lists, then one DataFrame
per table. pandas is imported here only, when a cohort is loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .. import privacy
from ..curriculum import Curriculum
from ..curriculum import default as default_curriculum
from .columns import CodeBook, Columns, book_for, distil
from .settings import CohortSettings
from .stores.base import Problem, Store, StoreError
from .stores.factory import open_store
from .submission import SCHEMA, Invalid, rules_for, validate

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500


@dataclass
class CohortData:
    """One cohort as the facilitator side sees it: submissions only, never a journal.

    ``ratings``, ``summaries``, ``reflections``, ``rejected`` and ``settings`` are the contract.
    Also: ``participation`` (token, step: one row per step a participant shared, even with no
    ratings in it), ``tokens`` (accepted submissions; for ``cohort/reveal.py`` and
    :func:`privacy.compare`, never to be shown), ``sources``, ``withdrawn``, ``loaded_at``,
    ``set_aside`` ((file, where it was moved or None)), ``source`` (the location, for people)
    and ``warnings`` (plain sentences).
    """

    ratings: Any
    summaries: Any
    reflections: list[dict[str, str]]
    rejected: list[tuple[str, str]]
    settings: CohortSettings
    participation: Any = None
    tokens: frozenset[str] = frozenset()
    set_aside: list[tuple[str, str | None]] = field(default_factory=list)
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    _reflection_tokens: list[str] = field(default_factory=list, repr=False)
    #: accepted submissions whose writer the store could not tell (files sent by hand, one
    #: shared account): nothing stops one person sending several of these (``check`` says so)
    unknown_source: int = 0
    #: steps not counted because the same account had shared them from another journal
    same_source: int = 0
    #: token -> an opaque id of the account that wrote it, where the store knows it (so one
    #: person who withdraws and shares again under a new token is still one person); never
    #: to be shown
    sources: dict[str, str] = field(default_factory=dict, repr=False)
    #: (token, account id or None) of withdrawals this load acted on: outputs remove them
    #: from what was shown (``reveal.forget``)
    withdrawn: list[tuple[str, str | None]] = field(default_factory=list, repr=False)
    #: when the load started (time.time()): an output never reveals from data older than
    #: the revealed state it would replace
    loaded_at: float = 0.0

    @property
    def accepted(self) -> int:
        return len(self.tokens)

    @property
    def min_group(self) -> int:
        return int(self.settings.min_group)

    @property
    def headcount(self) -> int:
        """The most people who shared any one step. Outputs show this, not the number of
        files: it moves only with the participation chart's batches (cohort/reveal.py), while
        the people across all charts can change by one when one person joins one chart."""
        p = self.participation
        if p is None or len(p) == 0:
            return 0
        return int(p.groupby("step")["token"].nunique().max())

    def only(self, tokens: Iterable[str]) -> CohortData:
        """The same cohort limited to ``tokens`` (used by LiveReveal)."""
        keep = frozenset(tokens) & self.tokens
        pairs = [(e, t) for e, t in zip(self.reflections, self._reflection_tokens, strict=True)
                 if t in keep]
        return replace(
            self,
            ratings=self.ratings[self.ratings["token"].isin(keep)].reset_index(drop=True),
            summaries=self.summaries[self.summaries["token"].isin(keep)].reset_index(drop=True),
            participation=self.participation[self.participation["token"].isin(keep)]
            .reset_index(drop=True),
            reflections=[e for e, _ in pairs],
            _reflection_tokens=[t for _, t in pairs],
            tokens=keep,
            sources={t: s for t, s in self.sources.items() if t in keep},
        )


def load_cohort(source: Any, *, curriculum: Curriculum | None = None,
                min_group: int | None = None, set_aside: bool = True,
                progress: Progress | None = None, today: dt.date | None = None) -> CohortData:
    """Load and validate every submission in ``source``.

    ``min_group``: ask for a stricter threshold than the cohort's own (never a looser one:
    :class:`privacy.PrivacyError`). ``set_aside``: move rejected files into ``_set_aside/``
    (``check`` passes False to look without touching). ``progress(done, total)`` is called
    every few hundred files and at the end.
    """
    data = _load(source, curriculum, min_group, set_aside, progress, today)
    _give_back_freed_memory()
    return data


def _give_back_freed_memory() -> None:
    """Return to the system the memory the load has freed (the parsed records, the column
    builders): glibc keeps freed memory for the process otherwise, and what comes next (the
    aggregates: pandas groupbys over millions of rows at 100,000 people) would peak on top of
    it. Elsewhere than glibc (macOS, musl) nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # this process's own C library
    except (OSError, AttributeError):
        return
    trim(0)


def _load(source: Any, curriculum: Curriculum | None, min_group: int | None, set_aside: bool,
          progress: Progress | None, today: dt.date | None) -> CohortData:
    started = time.time()
    store: Store = open_store(source)
    settings = store.settings()
    if settings is None:
        # Not a cohort (or one whose settings were removed): nothing is read or moved, so a
        # mistyped folder (a journal's, say) is never touched, and no chart can be shown
        # under a threshold the facilitator did not set.
        raise StoreError(
            f"{store.location} is not a cohort folder: it has no settings.json made by you. "
            "Nothing in it was read or moved. Check the folder name, or run `interdependence "
            "setup-cohort` on it if it is meant to be one.")
    requested = privacy.effective_min_group(settings.min_group, min_group)
    curriculum = curriculum or default_curriculum()
    read = _read_all(store, curriculum, settings.code, today or dt.date.today(),
                     set_aside=set_aside, progress=progress)
    warnings: list[str] = list(getattr(store, "notes", None) or [])
    columns = read.columns
    if columns.earlier_version:
        warnings.append(_earlier_version_warning(columns.earlier_version, columns.left_out,
                                                 settings.min_group))
    sources = store.sources() if len(columns) else {}
    settings = settings.with_min_group(_applied_min_group(columns.min_groups,
                                                          settings.min_group, requested,
                                                          warnings))

    # One account counts once per step: where the store knows who wrote each file (its owner
    # before take-over), only that account's newest submission counts for each step.
    dropped = _one_per_source(columns, sources)
    tables = columns.frames(dropped)
    if dropped:
        warnings.append("Some submissions came from an account that had already shared the "
                        "same steps from another journal; each account counts once per step "
                        "(its newest share).")
    reflections, reflection_tokens = _shuffled(tables.reflections, tables.reflection_tokens)
    tokens = tables.tokens
    data = CohortData(
        ratings=tables.ratings,
        summaries=tables.summaries,
        reflections=reflections,
        rejected=read.rejected,
        settings=settings,
        participation=tables.participation,
        tokens=frozenset(tokens),
        set_aside=read.moved,
        source=store.location,
        warnings=warnings,
        unknown_source=sum(1 for t in columns.tokens if t not in sources),
        same_source=sum(len(v) for v in dropped.values()),
        sources={t: sources[t] for t in tokens if t in sources},
        withdrawn=list(getattr(store, "withdrawn", None) or []),
        loaded_at=started,
        _reflection_tokens=reflection_tokens,
    )
    _call(store, "after_load")  # the folder store takes participants' files over, in a thread
    return data


@dataclass
class _Read:
    """What one pass over the store's records found."""

    columns: Columns
    rejected: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str | None]] = field(default_factory=list)


def _read_all(store: Store, curriculum: Curriculum, code: str | None, today: dt.date, *,
              set_aside: bool, progress: Progress | None) -> _Read:
    """Every record validated: the valid ones as columns, the others rejected (and moved).

    A record the store kept from an earlier load (a coded list, validated then, under the same
    code book) is added as it is; every other one is parsed, validated, distilled and handed
    back to the store to keep (:meth:`Store.accepted`)."""
    rules = rules_for(curriculum)
    book = book_for(rules, curriculum.migration)
    _call(store, "use_keep", f"{book.id}:{code}")
    accepted = getattr(store, "accepted", None)
    read = _Read(Columns(book))
    columns = read.columns
    total = store.count() if progress else 0
    done = 0
    for name, data in store.records():
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if isinstance(data, list):  # kept: validated when it was first read
            if data[0] in columns or name != data[0] + ".json":
                read.rejected.append((name, "another submission has the same token"))
                continue
            columns.add(data)
            continue
        if isinstance(data, Problem):
            read.rejected.append((name, data.reason))
            if set_aside and data.movable:
                read.moved.append((name, store.set_aside(name, data.reason)))
            continue
        try:
            coded = _checked(data, name, rules, curriculum, book, code, today, columns)
        except Invalid as exc:
            reason = str(exc)
            read.rejected.append((name, reason))
            if set_aside:
                read.moved.append((name, store.set_aside(name, reason)))
            continue
        columns.add(coded)
        if accepted is not None:
            accepted(name, coded)
    if progress:
        progress(done, max(total, done))
    return read


def _checked(data: bytes | dict, name: str, rules: Any, curriculum: Curriculum, book: CodeBook,
             code: str | None, today: dt.date, columns: Columns) -> list:
    """One record parsed, validated and distilled, or :class:`Invalid`."""
    obj = _parsed(data)
    token, steps = validate(obj, rules, code=code, today=today)
    if name != token + ".json":
        raise Invalid("its name does not match the token inside it")
    if token in columns:
        raise Invalid("another submission has the same token")
    left_out = -1
    if obj["schema"] != SCHEMA:
        # An earlier item bank: answers carry over where the meaning held; answers to
        # retired statements are left out, never counted as answers to the new ones.
        left_out = 0
        steps = {step_id: dict(body) for step_id, body in steps.items()}
        for body in steps.values():
            carried, retired = curriculum.migration.carry_over(body.get("ratings") or {})
            body["ratings"] = carried
            left_out += len(retired)
    return distil(book, token, obj["date"], obj.get("min_group") or 0, left_out, steps)


def _call(store: Any, method: str, *args: Any) -> None:
    """``store.method(*args)`` where the store has it (a store need not keep anything)."""
    found = getattr(store, method, None)
    if found is not None:
        found(*args)


def _parsed(data: bytes | dict) -> Any:
    """A record's JSON (a store may hand over a dict already), or :class:`Invalid`."""
    if isinstance(data, dict):
        return data
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise Invalid("it is not UTF-8 text") from None
    except RecursionError:
        raise Invalid("it is nested too deeply to be a submission") from None
    except json.JSONDecodeError as exc:
        raise Invalid(f"it is not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    except ValueError:
        raise Invalid("it is not valid JSON") from None


def _earlier_version_warning(earlier_version: int, left_out: int, min_group: int) -> str:
    # how many answers were left out tells about those few people: said only for a group
    counted = f"{left_out} answer(s)" if earlier_version >= min_group else "their answers"
    return (f"{earlier_version} submission(s) came from an earlier version of the workshop "
            f"(schema 1). Their answers to statements that have not changed are counted; "
            f"{counted} to statements that have since been reworded or replaced are left "
            "out of the charts, so two versions of a statement are never mixed.")


def _applied_min_group(min_groups: list[int], cohort_min: int, requested: int,
                       warnings: list[str]) -> int:
    """The smallest group size participants were told applies, even if the settings now say
    less. One submission cannot impose its own number (a hostile 1000 would hide every
    chart): a larger number applies only when at least that cohort's min_group people
    carry it, i.e. the min_group-th largest number carried. Says so in ``warnings``."""
    claims = sorted((m for m in min_groups if m), reverse=True)
    seen = claims[cohort_min - 1] if len(claims) >= cohort_min else 0
    applied = max(requested, seen)
    if seen > requested:
        warnings.append(f"People shared when the smallest group size was {seen}, larger than "
                        f"this cohort's {cohort_min}; {seen} applies to every chart.")
    odd = sum(1 for m in claims if m > applied)
    if odd:
        few = privacy.shown_count(odd, cohort_min).capitalize()
        warnings.append(f"{few} submission(s) carry a larger smallest group size than anyone "
                        "else was told; it was not applied.")
    return applied


def _shuffled(reflections: list[dict[str, str]],
              tokens: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    """Both lists in the same random order: file order says nothing, and neither does this
    list's."""
    order = list(range(len(reflections)))
    random.shuffle(order)
    return [reflections[i] for i in order], [tokens[i] for i in order]


def _one_per_source(columns: Columns, sources: dict[str, str]) -> dict[int, set[int]]:
    """token number -> the step codes it may not count, because the same source shared them
    later."""
    by_source: dict[str, list[int]] = {}
    for i, token in enumerate(columns.tokens):
        source = sources.get(token)
        if source is not None:
            by_source.setdefault(source, []).append(i)
    dropped: dict[int, set[int]] = {}
    dates, tokens = columns.dates, columns.tokens
    for group in by_source.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda i: (dates[i], tokens[i]), reverse=True)  # newest first
        claimed: set[int] = set()
        for i in group:
            steps = set(columns.steps_of(i))
            again = steps & claimed
            if again:
                dropped[i] = again
            claimed |= steps
    return dropped

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
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import privacy
from ..curriculum import Curriculum
from ..curriculum import default as default_curriculum
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
    if read.earlier_version:
        warnings.append(_earlier_version_warning(read.earlier_version, read.left_out,
                                                 settings.min_group))
    valid = read.valid
    sources = store.sources() if valid else {}
    settings = settings.with_min_group(_applied_min_group(valid, settings.min_group, requested,
                                                          warnings))

    # One account counts once per step: where the store knows who wrote each file (its owner
    # before take-over), only that account's newest submission counts for each step.
    dropped = _one_per_source(valid, sources)
    tables = _gather(valid, dropped, rules_for(curriculum).steps)
    if dropped:
        warnings.append("Some submissions came from an account that had already shared the "
                        "same steps from another journal; each account counts once per step "
                        "(its newest share).")
    reflections, reflection_tokens = _shuffled(tables.reflections, tables.reflection_tokens)
    tokens = tables.tokens
    data = CohortData(
        ratings=tables.ratings_frame(),
        summaries=tables.summaries_frame(),
        reflections=reflections,
        rejected=read.rejected,
        settings=settings,
        participation=_frame({"token": tables.p_tok, "step": tables.p_step}),
        tokens=frozenset(tokens),
        set_aside=read.moved,
        source=store.location,
        warnings=warnings,
        unknown_source=sum(1 for t in valid if t not in sources),
        same_source=sum(len(v) for v in dropped.values()),
        sources={t: sources[t] for t in tokens if t in sources},
        withdrawn=list(getattr(store, "withdrawn", None) or []),
        loaded_at=started,
        _reflection_tokens=reflection_tokens,
    )
    after_load = getattr(store, "after_load", None)
    if after_load is not None:
        after_load()  # the folder store takes participants' files over, in a thread
    return data


#: token -> (date, steps, min_group seen)
Valid = dict[str, tuple[str, dict[str, dict[str, Any]], int]]


@dataclass
class _Read:
    """What one pass over the store's records found."""

    valid: Valid = field(default_factory=dict)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    moved: list[tuple[str, str | None]] = field(default_factory=list)
    earlier_version: int = 0  # submissions of an earlier item bank (schema 1)
    left_out: int = 0  # their answers to statements whose meaning has changed since


def _read_all(store: Store, curriculum: Curriculum, code: str | None, today: dt.date, *,
              set_aside: bool, progress: Progress | None) -> _Read:
    """Every record validated: the valid ones by token, the others rejected (and moved)."""
    rules = rules_for(curriculum)
    migration = curriculum.migration
    read = _Read()
    valid = read.valid
    total = store.count() if progress else 0
    done = 0
    for name, data in store.records():
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if isinstance(data, Problem):
            read.rejected.append((name, data.reason))
            if set_aside and data.movable:
                read.moved.append((name, store.set_aside(name, data.reason)))
            continue
        try:
            obj = _parsed(data)
            token, steps = validate(obj, rules, code=code, today=today)
            if name != token + ".json":
                raise Invalid("its name does not match the token inside it")
            if token in valid:
                raise Invalid("another submission has the same token")
        except Invalid as exc:
            reason = str(exc)
            read.rejected.append((name, reason))
            if set_aside:
                read.moved.append((name, store.set_aside(name, reason)))
            continue
        if obj["schema"] != SCHEMA:
            # An earlier item bank: answers carry over where the meaning held; answers to
            # retired statements are left out, never counted as answers to the new ones.
            read.earlier_version += 1
            steps = {step_id: dict(body) for step_id, body in steps.items()}
            for body in steps.values():
                carried, retired = migration.carry_over(body.get("ratings") or {})
                body["ratings"] = carried
                read.left_out += len(retired)
        valid[token] = (obj["date"], steps, obj.get("min_group") or 0)
    if progress:
        progress(done, max(total, done))
    return read


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


def _applied_min_group(valid: Valid, cohort_min: int, requested: int,
                       warnings: list[str]) -> int:
    """The smallest group size participants were told applies, even if the settings now say
    less. One submission cannot impose its own number (a hostile 1000 would hide every
    chart): a larger number applies only when at least that cohort's min_group people
    carry it, i.e. the min_group-th largest number carried. Says so in ``warnings``."""
    claims = sorted((m for _, _, m in valid.values() if m), reverse=True)
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


@dataclass
class _Tables:
    """The cohort's tables as plain columns, before they become DataFrames.

    Ratings are gathered in chunks (one per shared step of one file): the token and step of
    a chunk are stored once and repeated by numpy at the end; items as codes.
    """

    step_names: list[str]
    item_names: list[str]
    token_list: list[str] = field(default_factory=list)
    chunk_token: list[int] = field(default_factory=list)
    chunk_step: list[int] = field(default_factory=list)
    chunk_size: list[int] = field(default_factory=list)
    item_codes: list[int] = field(default_factory=list)
    values: list[int | None] = field(default_factory=list)
    s_chunk_token: list[int] = field(default_factory=list)
    s_chunk_step: list[int] = field(default_factory=list)
    s_chunk_size: list[int] = field(default_factory=list)
    s_key: list[str] = field(default_factory=list)
    s_val: list[float | int | bool] = field(default_factory=list)
    p_tok: list[str] = field(default_factory=list)
    p_step: list[str] = field(default_factory=list)
    reflections: list[dict[str, str]] = field(default_factory=list)
    reflection_tokens: list[str] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)

    def ratings_frame(self):
        return _ratings_frame(self.token_list, self.step_names, self.item_names,
                              self.chunk_token, self.chunk_step, self.chunk_size,
                              self.item_codes, self.values)

    def summaries_frame(self):
        return _summaries_frame(self.token_list, self.step_names, self.s_chunk_token,
                                self.s_chunk_step, self.s_chunk_size, self.s_key, self.s_val)


def _gather(valid: Valid, dropped: dict[str, set[str]], step_rules: Mapping[str, Any]) -> _Tables:
    """Every counted step of every valid submission, into columns (plain Python: it runs
    once per shared step, so the lists are bound to locals)."""
    step_names = {k: k for k in step_rules}
    step_code = {k: i for i, k in enumerate(step_rules)}
    item_names = sorted({item for r in step_rules.values() for item in r.items})
    item_code = {k: i for i, k in enumerate(item_names)}
    t = _Tables(step_names=list(step_code), item_names=item_names)
    token_list, p_tok, p_step = t.token_list, t.p_tok, t.p_step
    reflections, reflection_tokens = t.reflections, t.reflection_tokens
    flat: dict = {}  # summary names, made (or kept) once each
    for token, (_, steps, _) in valid.items():
        skip = dropped.get(token)
        if skip:
            steps = {k: v for k, v in steps.items() if k not in skip}
            if not steps:
                continue
        t.tokens.add(token)
        token_index = len(token_list)
        token_list.append(token)
        for step_id, body in steps.items():
            step_id = step_names[step_id]  # one shared str object per step, not one per file
            p_tok.append(token)
            p_step.append(step_id)
            ratings = body.get("ratings")
            if ratings:
                t.chunk_token.append(token_index)
                t.chunk_step.append(step_code[step_id])
                t.chunk_size.append(len(ratings))
                t.item_codes.extend([item_code[k] for k in ratings])
                t.values.extend(ratings.values())
            shared = body.get("reflections")
            if shared:
                for prompt_id, text in shared.items():
                    reflections.append({"step": step_id, "prompt": prompt_id, "text": text})
                    reflection_tokens.append(token)
            summary = body.get("summary")
            if summary:
                t.s_chunk_token.append(token_index)
                t.s_chunk_step.append(step_code[step_id])
                t.s_chunk_size.append(_flatten_summary(summary, flat, t.s_key, t.s_val))
    return t


def _flatten_summary(summary: dict[str, Any], flat: dict, keys: list[str],
                     values: list[float | int | bool]) -> int:
    """Append one summary's (name, value) pairs, ``{"kinds": {"advice": 2}}`` as
    ``kinds.advice``, nulls left out; returns how many were appended."""
    before = len(keys)
    for key, value in summary.items():
        if type(value) is dict:
            for sub, number in value.items():
                if number is not None:
                    name = flat.get((key, sub))
                    if name is None:
                        name = flat[(key, sub)] = f"{key}.{sub}"
                    keys.append(name)
                    values.append(number)
        elif value is not None:
            name = flat.get(key)
            if name is None:
                name = flat[key] = key  # one str object per name, not per file
            keys.append(name)
            values.append(value)
    return len(keys) - before


def _shuffled(reflections: list[dict[str, str]],
              tokens: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    """Both lists in the same random order: file order says nothing, and neither does this
    list's."""
    order = list(range(len(reflections)))
    random.shuffle(order)
    return [reflections[i] for i in order], [tokens[i] for i in order]


def _one_per_source(valid: Valid,
                    sources: dict[str, str]) -> dict[str, set[str]]:
    """token -> the steps it may not count, because the same source shared them later."""
    by_source: dict[str, list[str]] = {}
    for token in valid:
        source = sources.get(token)
        if source is not None:
            by_source.setdefault(source, []).append(token)
    dropped: dict[str, set[str]] = {}
    for group in by_source.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda t: (valid[t][0], t), reverse=True)  # newest first
        claimed: set[str] = set()
        for token in group:
            steps = set(valid[token][1])
            again = steps & claimed
            if again:
                dropped[token] = again
            claimed |= steps
    return dropped


def _frame(columns: dict[str, list]):
    import pandas as pd

    return pd.DataFrame({k: pd.array(v, dtype="str") for k, v in columns.items()})


def _repeat(names: list[str], chunk_index: list[int], sizes):
    """Each chunk's name (token or step) once per row of that chunk."""
    import numpy as np

    if not len(sizes):
        return np.array([], dtype=object)
    return np.repeat(np.array(names, dtype=object)[np.array(chunk_index, dtype=np.int64)], sizes)


def _ratings_frame(token_list, step_names, item_names, chunk_token, chunk_step, chunk_size,
                   item_codes, values):
    import numpy as np
    import pandas as pd

    sizes = np.array(chunk_size, dtype=np.int64)
    items = np.array(item_names, dtype=object)
    item_col = items[np.array(item_codes, dtype=np.int64)] if item_codes else \
        np.array([], dtype=object)
    raw = np.array(values, dtype=np.float64)  # None (prefer not to say) becomes NaN here
    missing = np.isnan(raw)
    frame = pd.DataFrame({"token": pd.array(_repeat(token_list, chunk_token, sizes), dtype="str"),
                          "step": pd.array(_repeat(step_names, chunk_step, sizes), dtype="str"),
                          "item": pd.array(item_col, dtype="str")})
    frame["value"] = pd.arrays.IntegerArray(np.where(missing, 0, raw).astype(np.int8), missing)
    return frame


def _summaries_frame(token_list, step_names, chunk_token, chunk_step, chunk_size, keys, values):
    import numpy as np
    import pandas as pd

    sizes = np.array(chunk_size, dtype=np.int64)
    frame = pd.DataFrame({"token": pd.array(_repeat(token_list, chunk_token, sizes), dtype="str"),
                          "step": pd.array(_repeat(step_names, chunk_step, sizes), dtype="str"),
                          "key": pd.array(np.array(keys, dtype=object), dtype="str")})
    frame["value"] = np.array(values, dtype=np.float64)  # true/false become 1.0/0.0
    return frame

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
from collections.abc import Callable, Iterable
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
    warnings: list[str] = []
    requested = privacy.effective_min_group(settings.min_group, min_group)
    curriculum = curriculum or default_curriculum()
    rules = rules_for(curriculum)
    migration = curriculum.migration
    earlier_version = 0  # submissions of an earlier item bank (schema 1)
    left_out = 0  # their answers to statements whose meaning has changed since
    code = settings.code
    today = today or dt.date.today()

    rejected: list[tuple[str, str]] = []
    moved: list[tuple[str, str | None]] = []
    valid: dict[str, tuple[str, dict, int]] = {}  # token -> (date, steps, min_group seen)
    loads = json.loads

    total = store.count() if progress else 0
    done = 0
    for name, data in store.records():
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if type(data) is Problem:
            rejected.append((name, data.reason))
            if set_aside and data.movable:
                moved.append((name, store.set_aside(name, data.reason)))
            continue
        try:
            if type(data) is not dict:
                try:
                    data = loads(data)
                except UnicodeDecodeError:
                    raise Invalid("it is not UTF-8 text") from None
                except RecursionError:
                    raise Invalid("it is nested too deeply to be a submission") from None
                except ValueError as exc:
                    line = getattr(exc, "lineno", None)
                    where = f" (line {line}, column {exc.colno})" if line else ""
                    raise Invalid(f"it is not valid JSON{where}") from None
            token, steps = validate(data, rules, code=code, today=today)
            if name != token + ".json":
                raise Invalid("its name does not match the token inside it")
            if token in valid:
                raise Invalid("another submission has the same token")
        except Invalid as exc:
            reason = str(exc)
            rejected.append((name, reason))
            if set_aside:
                moved.append((name, store.set_aside(name, reason)))
            continue
        if data["schema"] != SCHEMA:
            # An earlier item bank: answers carry over where the meaning held; answers to
            # retired statements are left out, never counted as answers to the new ones.
            earlier_version += 1
            steps = {step_id: dict(body) for step_id, body in steps.items()}
            for body in steps.values():
                carried, retired = migration.carry_over(body.get("ratings") or {})
                body["ratings"] = carried
                left_out += len(retired)
        valid[token] = (data["date"], steps, data.get("min_group") or 0)
    if progress:
        progress(done, max(total, done))
    warnings.extend(getattr(store, "notes", None) or [])
    if earlier_version:
        # how many answers were left out tells about those few people: said only for a group
        counted = (f"{left_out} answer(s)" if earlier_version >= settings.min_group
                   else "their answers")
        warnings.append(
            f"{earlier_version} submission(s) came from an earlier version of the workshop "
            f"(schema 1). Their answers to statements that have not changed are counted; "
            f"{counted} to statements that have since been reworded or replaced are left "
            "out of the charts, so two versions of a statement are never mixed.")
    sources = store.sources() if valid else {}

    # The smallest group size participants were told applies, even if the settings now say
    # less. One submission cannot impose its own number (a hostile 1000 would hide every
    # chart): a larger number applies only when at least that cohort's min_group people
    # carry it, i.e. the min_group-th largest number carried.
    claims = sorted((m for _, _, m in valid.values() if m), reverse=True)
    seen = claims[settings.min_group - 1] if len(claims) >= settings.min_group else 0
    applied = max(requested, seen)
    if seen > requested:
        warnings.append(f"People shared when the smallest group size was {seen}, larger than "
                        f"this cohort's {settings.min_group}; {seen} applies to every chart.")
    odd = sum(1 for m in claims if m > applied)
    if odd:
        few = privacy.shown_count(odd, settings.min_group).capitalize()
        warnings.append(f"{few} submission(s) carry a larger smallest group size than anyone "
                        "else was told; it was not applied.")
    settings = settings.with_min_group(applied)

    # One account counts once per step: where the store knows who wrote each file (its owner
    # before take-over), only that account's newest submission counts for each step.
    dropped = _one_per_source(valid, sources)
    unknown = sum(1 for t in valid if t not in sources)

    # Ratings are gathered in chunks (one per shared step of one file): the token and step
    # of a chunk are stored once and repeated by numpy at the end; items as codes.
    token_list: list[str] = []
    chunk_token: list[int] = []
    chunk_step: list[int] = []
    chunk_size: list[int] = []
    item_codes: list[int] = []
    values: list[int | None] = []
    s_chunk_token: list[int] = []
    s_chunk_step: list[int] = []
    s_chunk_size: list[int] = []
    s_key: list[str] = []
    s_val: list[float | int | bool] = []
    p_tok: list[str] = []
    p_step: list[str] = []
    reflections: list[dict[str, str]] = []
    reflection_tokens: list[str] = []
    tokens: set[str] = set()
    step_rules = rules.steps
    step_names = {k: k for k in step_rules}
    step_code = {k: i for i, k in enumerate(step_rules)}
    item_names = sorted({item for r in step_rules.values() for item in r.items})
    item_code = {k: i for i, k in enumerate(item_names)}
    flat: dict = {}  # summary names, made (or kept) once each
    for token, (_, steps, _) in valid.items():
        skip = dropped.get(token)
        if skip:
            steps = {k: v for k, v in steps.items() if k not in skip}
            if not steps:
                continue
        tokens.add(token)
        token_index = len(token_list)
        token_list.append(token)
        for step_id, body in steps.items():
            step_id = step_names[step_id]  # one shared str object per step, not one per file
            p_tok.append(token)
            p_step.append(step_id)
            ratings = body.get("ratings")
            if ratings:
                chunk_token.append(token_index)
                chunk_step.append(step_code[step_id])
                chunk_size.append(len(ratings))
                item_codes.extend([item_code[k] for k in ratings])
                values.extend(ratings.values())
            shared = body.get("reflections")
            if shared:
                for prompt_id, text in shared.items():
                    reflections.append({"step": step_id, "prompt": prompt_id, "text": text})
                    reflection_tokens.append(token)
            summary = body.get("summary")
            if summary:
                before = len(s_key)
                for key, value in summary.items():
                    if type(value) is dict:
                        for sub, number in value.items():
                            if number is not None:
                                name = flat.get((key, sub))
                                if name is None:
                                    name = flat[(key, sub)] = f"{key}.{sub}"
                                s_key.append(name)
                                s_val.append(number)
                    elif value is not None:
                        name = flat.get(key)
                        if name is None:
                            name = flat[key] = key  # one str object per name, not per file
                        s_key.append(name)
                        s_val.append(value)
                s_chunk_token.append(token_index)
                s_chunk_step.append(step_code[step_id])
                s_chunk_size.append(len(s_key) - before)
    if dropped:
        warnings.append("Some submissions came from an account that had already shared the "
                        "same steps from another journal; each account counts once per step "
                        "(its newest share).")

    order = list(range(len(reflections)))
    random.shuffle(order)  # file order says nothing, and neither does this list's
    reflections = [reflections[i] for i in order]
    reflection_tokens = [reflection_tokens[i] for i in order]

    data = CohortData(
        ratings=_ratings_frame(token_list, list(step_code), item_names, chunk_token,
                               chunk_step, chunk_size, item_codes, values),
        summaries=_summaries_frame(token_list, list(step_code), s_chunk_token, s_chunk_step,
                                   s_chunk_size, s_key, s_val),
        reflections=reflections,
        rejected=rejected,
        settings=settings,
        participation=_frame({"token": p_tok, "step": p_step}),
        tokens=frozenset(tokens),
        set_aside=moved,
        source=store.location,
        warnings=warnings,
        unknown_source=unknown,
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


def _one_per_source(valid: dict[str, tuple[str, dict, int]],
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

"""Accepted submissions as columns: the one form both a fresh file and the facilitator's keep
turn into, so a load from the keep gives exactly what a load from the files gives.

A validated submission is *distilled* (:func:`distil`) into a short list of plain JSON values
(the "coded" record): the step and item ids become small numbers from a code book made from
the item bank (:class:`CodeBook`), a step's ratings become two short strings. The loader
adds coded records to :class:`Columns` one at a time (nothing else of a file is kept, so a
large cohort never holds every parsed file at once), and the folder store keeps the same
coded records, one JSON line each, in its private keep (``stores/keep.py``): a repeated load
parses one short line per submission instead of opening, reading and checking every file.

Coded record: ``[token, date, min_group, left_out, part, r_chunks, r_items, r_values,
s_chunks, s_keys, s_values, reflections]``

- ``min_group``: the smallest group size the sharer was shown (0: none said);
  ``left_out``: -1 for a current submission, else (schema 1) its answers left out;
- ``part``: the codes of the steps shared, in the file's order (one participation row each);
- ``r_chunks``: ``[step, n, step, n, ...]`` for each step with ratings; ``r_items``: one
  character per rating, ``chr(48 + item code)``; ``r_values``: one digit per rating, ``0``
  for "prefer not to say" (a rating is 1 to 5, so 0 is never an answer);
- ``s_chunks``: ``[step, n, ...]`` for each step with a summary; ``s_keys``/``s_values``:
  its values by flat name (``kinds.advice``), nulls left out;
- ``reflections``: ``[step, prompt id, text, ...]``.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .submission import SCHEMA, SUMMARY_BOUNDS, Rules

Coded = list  # the coded record above (a plain list, as JSON gives it back)
_ZERO = ord("0")
_MOST_ITEMS = 127 - _ZERO


@dataclass(frozen=True)
class CodeBook:
    """Step and item codes for one item bank; ``id`` changes whenever anything a kept record
    depends on changes (the ids, the rules, the version-1 carry-over, the code that checks and
    distils a submission), so a keep made under other rules is never used."""

    steps: tuple[str, ...]
    items: tuple[str, ...]
    step_code: Mapping[str, int]
    item_code: Mapping[str, int]
    id: str

    @classmethod
    def of(cls, rules: Rules, migration: Any = None) -> CodeBook:
        here = Path(__file__).resolve().parent
        code = hashlib.sha256(b"".join((here / name).read_bytes()
                                       for name in ("submission.py", "columns.py")))
        steps = tuple(rules.steps)
        items = tuple(sorted({item for r in rules.steps.values() for item in r.items}))
        if len(items) > _MOST_ITEMS:  # an item's code is one byte, 48 + code, read as int8
            raise ValueError(f"The item bank has {len(items)} items; the coded records hold "
                             f"at most {_MOST_ITEMS}.")
        described = {
            "schema": SCHEMA, "code": code.hexdigest(), "steps": steps, "items": items,
            "rules": {name: [sorted(r.items), sorted(r.prompts), r.summary]
                      for name, r in rules.steps.items()},
            "earlier": {name: [sorted(r.items), sorted(r.prompts), r.summary]
                        for name, r in (rules.earlier or {}).items()},
            "bounds": {step: {k: list(v) for k, v in sorted(b.items())}
                       for step, b in sorted(SUMMARY_BOUNDS.items())},
            "moves": sorted(getattr(migration, "moves", {}).items()),
            "retired": sorted(getattr(migration, "retired", {})),
        }
        digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
        return cls(steps, items, {k: i for i, k in enumerate(steps)},
                   {k: i for i, k in enumerate(items)}, digest[:32])


_BOOKS: dict[int, CodeBook] = {}


def book_for(rules: Rules, migration: Any = None) -> CodeBook:
    book = _BOOKS.get(id(rules))
    if book is None:
        book = _BOOKS[id(rules)] = CodeBook.of(rules, migration)
    return book


def distil(book: CodeBook, token: str, date: str, min_group: int, left_out: int,
           steps: Mapping[str, Mapping[str, Any]]) -> Coded:
    """One validated submission (its steps after any carry-over) as a coded record."""
    step_code, item_code = book.step_code, book.item_code
    part: list[int] = []
    r_chunks: list[int] = []
    r_items: list[str] = []
    r_values: list[str] = []
    s_chunks: list[int] = []
    s_keys: list[str] = []
    s_values: list[Any] = []
    reflections: list[Any] = []
    for step_id, body in steps.items():
        code = step_code[step_id]
        part.append(code)
        ratings = body.get("ratings")
        if ratings:
            r_chunks += (code, len(ratings))
            r_items += [chr(_ZERO + item_code[k]) for k in ratings]
            r_values += ["0" if v is None else str(v) for v in ratings.values()]
        shared = body.get("reflections")
        if shared:
            for prompt_id, text in shared.items():
                reflections += (code, prompt_id, text)
        summary = body.get("summary")
        if summary:
            before = len(s_keys)
            _flatten_summary(summary, s_keys, s_values)
            s_chunks += (code, len(s_keys) - before)
    return [token, date, min_group, left_out, part, r_chunks, "".join(r_items),
            "".join(r_values), s_chunks, s_keys, s_values, reflections]


def _flatten_summary(summary: Mapping[str, Any], keys: list[str], values: list[Any]) -> None:
    """``{"kinds": {"advice": 2}}`` as ``kinds.advice``, nulls left out."""
    for key, value in summary.items():
        if type(value) is dict:
            for sub, number in value.items():
                if number is not None:
                    keys.append(f"{key}.{sub}")
                    values.append(number)
        elif value is not None:
            keys.append(key)
            values.append(value)


@dataclass
class Columns:
    """Every accepted submission's coded record, added one at a time, as columns.

    Tokens are numbered in the order they were added; every other column refers to them by
    number, and to steps and items by code, so nothing is repeated per row until the frames
    are made (:meth:`frames`)."""

    book: CodeBook
    tokens: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    dates: list[str] = field(default_factory=list)
    min_groups: list[int] = field(default_factory=list)
    # Numbers in typed arrays (4 bytes each, 1 for a step code), not lists of int objects:
    # at 100,000 participants that is about 15 MB instead of about 90 (issue 14, aim 5).
    p_start: array = field(default_factory=lambda: array("q"))
    p_tok: array = field(default_factory=lambda: array("i"))
    p_step: array = field(default_factory=lambda: array("b"))
    r_tok: array = field(default_factory=lambda: array("i"))
    r_step: array = field(default_factory=lambda: array("b"))
    r_size: array = field(default_factory=lambda: array("i"))
    r_items: bytearray = field(default_factory=bytearray)   # one byte per rating: 48 + code
    r_values: bytearray = field(default_factory=bytearray)  # one ASCII digit per rating
    s_tok: array = field(default_factory=lambda: array("i"))
    s_step: array = field(default_factory=lambda: array("b"))
    s_size: array = field(default_factory=lambda: array("i"))
    s_keys: array = field(default_factory=lambda: array("i"))     # codes of s_names
    s_values: array = field(default_factory=lambda: array("d"))   # true/false: 1.0/0.0
    s_names: _Codes = field(default_factory=lambda: _Codes())
    reflections: list[tuple[int, int, str, str]] = field(default_factory=list)
    earlier_version: int = 0
    left_out: int = 0
    _names: dict[str, str] = field(default_factory=dict)  # one str object per repeated name

    def __contains__(self, token: str) -> bool:
        return token in self.index

    def __len__(self) -> int:
        return len(self.tokens)

    def add(self, coded: Coded) -> None:
        """One accepted submission (its token not yet added: the caller checks)."""
        (token, date, min_group, left_out, part, r_chunks, r_items, r_values, s_chunks,
         s_keys, s_values, reflections) = coded
        i = len(self.tokens)
        self.index[token] = i
        self.tokens.append(token)
        names = self._names
        self.dates.append(names.setdefault(date, date))
        self.min_groups.append(min_group)
        self.p_start.append(len(self.p_step))
        self.p_tok.extend([i] * len(part))
        self.p_step.extend(part)
        if r_chunks:
            self.r_tok.extend([i] * (len(r_chunks) // 2))
            self.r_step.extend(r_chunks[0::2])
            self.r_size.extend(r_chunks[1::2])
            self.r_items += r_items.encode("latin-1")
            self.r_values += r_values.encode("ascii")
        if s_chunks:
            self.s_tok.extend([i] * (len(s_chunks) // 2))
            self.s_step.extend(s_chunks[0::2])
            self.s_size.extend(s_chunks[1::2])
            self.s_keys.extend(map(self.s_names.__getitem__, s_keys))
            self.s_values.extend(s_values)
        if reflections:
            for j in range(0, len(reflections), 3):
                prompt = reflections[j + 1]
                self.reflections.append((i, reflections[j], names.setdefault(prompt, prompt),
                                         reflections[j + 2]))
        if left_out >= 0:
            self.earlier_version += 1
            self.left_out += left_out

    def steps_of(self, i: int) -> list[int]:
        """The step codes token number ``i`` shared."""
        end = self.p_start[i + 1] if i + 1 < len(self.p_start) else len(self.p_step)
        return self.p_step[self.p_start[i]:end].tolist()

    # ---- the frames ---------------------------------------------------------------------
    def frames(self, dropped: Mapping[int, set[int]]) -> Frames:
        """The tables, leaving out each (token number, step code) in ``dropped``.

        Tokens, steps and items are categorical columns (their categories in
        sorted order), so each row holds small codes, not a pointer to a string: at 100,000
        participants that is tens of megabytes instead of hundreds."""
        import numpy as np
        import pandas as pd

        names = np.array(self.tokens, dtype=object)
        order = np.argsort(names, kind="stable")
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        tokens = (rank, pd.CategoricalDtype(names[order]))
        step_order = sorted(range(len(self.book.steps)), key=self.book.steps.__getitem__)
        step_rank = np.empty(len(step_order), dtype=np.int8)
        step_rank[step_order] = np.arange(len(step_order), dtype=np.int8)
        steps = (step_rank, pd.CategoricalDtype([self.book.steps[i] for i in step_order]))
        p_tok = np.frombuffer(self.p_tok, dtype=np.int32)
        p_step = np.frombuffer(self.p_step, dtype=np.int8)
        keep_p = _kept(dropped, p_tok, p_step).repeat(1)  # one row per pair
        counted = set(range(len(self.tokens)))
        for i, gone in dropped.items():
            if gone >= set(self.steps_of(i)):
                counted.discard(i)
        reflections = [r for r in self.reflections if r[1] not in dropped.get(r[0], ())]
        return Frames(
            ratings=self._ratings(tokens, steps, dropped),
            summaries=self._summaries(tokens, steps, dropped),
            participation=_frame({"token": (tokens, p_tok[keep_p]),
                                  "step": (steps, p_step[keep_p])}),
            reflections=[{"step": self.book.steps[s], "prompt": p, "text": text}
                         for _, s, p, text in reflections],
            reflection_tokens=[self.tokens[i] for i, _, _, _ in reflections],
            tokens={self.tokens[i] for i in counted},
        )

    def _ratings(self, tokens, steps, dropped):
        import numpy as np
        import pandas as pd

        chunk_tok = np.frombuffer(self.r_tok, dtype=np.int32)
        chunk_step = np.frombuffer(self.r_step, dtype=np.int8)
        sizes = np.frombuffer(self.r_size, dtype=np.int32)
        items = np.frombuffer(self.r_items, dtype=np.uint8)
        values = np.frombuffer(self.r_values, dtype=np.uint8)
        rows = _kept(dropped, chunk_tok, chunk_step).repeat(sizes)
        raw = (values - _ZERO)[rows].astype(np.int8)
        item_codes = np.arange(len(self.book.items), dtype=np.int8)  # already sorted
        frame = _frame({"token": (tokens, chunk_tok.repeat(sizes)[rows]),
                        "step": (steps, chunk_step.repeat(sizes)[rows]),
                        "item": ((item_codes, pd.CategoricalDtype(self.book.items)),
                                 (items[rows] - _ZERO).astype(np.int8))})
        frame["value"] = pd.arrays.IntegerArray(raw, raw == 0)
        return frame

    def _summaries(self, tokens, steps, dropped):
        import numpy as np
        import pandas as pd

        chunk_tok = np.frombuffer(self.s_tok, dtype=np.int32)
        chunk_step = np.frombuffer(self.s_step, dtype=np.int8)
        sizes = np.frombuffer(self.s_size, dtype=np.int32)
        rows = _kept(dropped, chunk_tok, chunk_step).repeat(sizes)
        # the keys categorical too (a few dozen names, sorted): a string a row would be
        # about 100 MB at 100,000 participants
        names = np.array(list(self.s_names), dtype=object)
        order = np.argsort(names, kind="stable")
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        keys = (rank, pd.CategoricalDtype(pd.Index(names[order], dtype="str")))
        frame = _frame({"token": (tokens, chunk_tok.repeat(sizes)[rows]),
                        "step": (steps, chunk_step.repeat(sizes)[rows]),
                        "key": (keys, np.frombuffer(self.s_keys, dtype=np.int32)[rows])})
        frame["value"] = np.frombuffer(self.s_values, dtype=np.float64)[rows]
        return frame


class _All:
    """Every row: ``x[_ALL.repeat(n)]`` is a view of ``x``, not a copy."""

    def repeat(self, sizes: Any) -> slice:
        return slice(None)

    def __getitem__(self, rows: Any) -> slice:
        return slice(None)


_ALL = _All()


class _Codes(dict):
    """name -> a number, given in the order names are first met."""

    def __missing__(self, name: str) -> int:
        code = self[name] = len(self)
        return code


@dataclass
class Frames:
    ratings: Any
    summaries: Any
    participation: Any
    reflections: list[dict[str, str]]
    reflection_tokens: list[str]
    tokens: set[str]


def _kept(dropped: Mapping[int, set[int]], tok, step):
    """Which (token number, step code) pairs are not ``dropped``, as a boolean array (all of
    them, the usual case: a slice, which takes no copy)."""
    import numpy as np

    if not dropped:
        return _ALL
    gone = {(t, s) for t, steps in dropped.items() for s in steps}
    return np.fromiter(((t, s) not in gone for t, s in zip(tok.tolist(), step.tolist(),
                                                            strict=True)),
                       dtype=bool, count=len(tok))


def _frame(columns: Mapping[str, Any]):
    """A frame of categorical columns: name -> ((rank of each code, dtype), codes)."""
    import pandas as pd

    return pd.DataFrame({name: pd.Categorical.from_codes(rank[codes], dtype=dtype)
                         for name, ((rank, dtype), codes) in columns.items()}, copy=False)

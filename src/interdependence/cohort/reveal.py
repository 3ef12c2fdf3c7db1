"""The revealed state of a cohort: what every output shows, kept in the cohort itself.

Two outputs taken at different times must never single out one person (DESIGN.md, threat
model): a report at 5 sharers and another at 6 would give the sixth person's ratings by
subtraction. So every output (the dashboard in any kernel, ``interdependence report``, an
export) is rendered from the cohort's **last revealed state**, and that state moves only when
at least ``min_group`` participants arrived, withdrew or changed their answers since, or when
the facilitator closes the round (:class:`privacy.LiveReveal` decides).

The state lives in the store's facilitator-only state (``store.read_state("revealed")``; for a
folder, ``_facilitator/state.revealed.json``), so it is keyed by the store's identity by
construction: ``dir/``, ``./dir``, a link to it and a new kernel all find the same state.
It holds, as JSON (``schema`` 1)::

    {"schema": 1, "kind": "interdependence-revealed", "id": <random, new at each reveal>,
     "rounds": <reveals so far>, "salt": <random hex>,
     "people": {<keyed hash of a token>: <keyed digest of what that token shared>, ...},
     "snapshot": {"strings": [step, item, key and prompt ids],
                  "ratings": {"person": [...], "step": [...], "item": [...], "value": [...]},
                  "summaries": {"person", "step", "key", "value"},
                  "participation": {"person", "step"},
                  "reflections": {"person", "step", "prompt", "text"}}}

No token is stored: ``people`` holds an HMAC of each token (salted per cohort), enough to
tell who arrived, left or changed; the snapshot uses snapshot-local pseudonyms (numbers in a
random order) and string codes. Outputs between reveals are drawn from the snapshot, never
from the current files cut down to the revealed tokens, which would still move by one person
when one withdraws or changes their answers. A damaged or unknown state is said in words,
kept (a copy is saved beside it before it is replaced) and treated as "nothing revealed yet".
A store that cannot keep state (it says so with StoreError) gets the state kept in this
process only, keyed by its identity, and a sentence saying so.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import random
import secrets
from dataclasses import dataclass, field

from .. import privacy
from .loader import CohortData
from .store import Store, StoreError

STATE = "revealed"
SCHEMA = 1
KIND = "interdependence-revealed"
#: a copy of a damaged state is kept as ``bad-<5 hex>`` (a short name: a state file's name
#: must never look like a token, which the store would read as a submission)
DAMAGED_PREFIX = "bad-"
_HASH_CHARS = 32

#: identity -> state bytes, for stores that could not keep the state themselves
_UNSAVED: dict[str, bytes] = {}


@dataclass(frozen=True)
class State:
    """The decoded revealed state."""

    id: str
    rounds: int
    salt: str
    people: dict[str, str]
    snapshot: dict


@dataclass
class Outcome:
    """What an output shows now (``shown``) and what to say about it."""

    shown: CohortData  # render every chart, count and list from this, never from ``loaded``
    loaded: CohortData  # the store as it is now; for the facilitator's tools, never shown
    min_group: int
    revealed_now: bool  # this call revealed a new batch (or closed the round)
    closed: bool  # the round was closed by the facilitator
    waiting: int  # changes not shown yet: never to be shown as a number (below min_group)
    rounds: int
    state_id: str  # changes at each reveal ("" = nothing revealed yet)
    problems: list[str] = field(default_factory=list)  # plain sentences (a damaged state...)

    @property
    def anything_shown(self) -> bool:
        return bool(self.shown.tokens)

    @property
    def note(self) -> str:
        """What to say about the waiting changes, in words (no exact number)."""
        return privacy.waiting_message(self.min_group, self.waiting, self.anything_shown)


# ---- the one entry point ---------------------------------------------------------------------


def current(store: Store, data: CohortData, *, close_round: bool = False) -> Outcome:
    """What every output of ``store`` shows now, given its freshly loaded ``data``.

    Reads the cohort's revealed state, reveals the present participants when at least
    ``data.min_group`` of them changed since (or when ``close_round``), saves the new state,
    and returns the state to show. Never raises for a damaged or unsaved state: the
    :attr:`Outcome.problems` say what happened.
    """
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(store.state_lock())
        except (StoreError, OSError):
            pass  # the state cannot be saved either: _save says so
        problems: list[str] = []
        state, raw, problem = _read(store)
        if problem:
            problems.append(problem)
        if problem and raw is None:
            # There is a record that could not be read at all: what it says was shown is
            # unknown, so nothing new is revealed (that could differ from it by one person).
            return Outcome(shown=_as_cohort(None, data), loaded=data, min_group=data.min_group,
                           revealed_now=False, closed=False, waiting=0, rounds=0,
                           state_id="", problems=problems)
        salt = state.salt if state else secrets.token_hex(16)
        present = _people(data, salt)
        live = privacy.LiveReveal(
            data.min_group, revealed=frozenset(state.people) if state else frozenset(),
            rounds=state.rounds if state else 0, digests=dict(state.people) if state else {})
        waiting = live.waiting(present)
        revealed_now = live.close_round(present) if close_round else live.offer(present)
        if revealed_now:
            encoded = _encode(data, live, salt)
            if problem and raw is not None:
                problems.extend(_keep_damaged(store, raw))
            problems.extend(_save(store, encoded))
            state = _decode(encoded)  # render from exactly what was saved
            waiting = 0
    return Outcome(shown=_as_cohort(state.snapshot if state else None, data), loaded=data,
                   min_group=data.min_group, revealed_now=revealed_now,
                   closed=bool(close_round and revealed_now), waiting=waiting,
                   rounds=state.rounds if state else 0, state_id=state.id if state else "",
                   problems=problems)


# ---- reading and saving ----------------------------------------------------------------------


def _where(store: Store) -> str:
    from .store import FolderStore

    if isinstance(store, FolderStore):
        return "_facilitator/state.revealed.json in the cohort folder"
    return "the cohort's saved state"


def _read(store: Store) -> tuple[State | None, bytes | None, str | None]:
    """(state, raw bytes, problem in words); a damaged state gives (None, raw, problem)."""
    try:
        raw = store.read_state(STATE)
    except (StoreError, OSError) as exc:
        return None, None, (
            f"What was last shown could not be read ({exc}), so nothing new is shown: a "
            "change from an output nobody can check could single someone out. Move that file "
            "out of the cohort's _facilitator folder to start again from the people present.")
    if raw is None:
        raw = _UNSAVED.get(store.identity)
    if raw is None:
        return None, None, None
    try:
        return _decode(raw), raw, None
    except _Damaged as exc:
        return None, raw, (
            f"The record of what was last shown ({_where(store)}) could not be used: {exc}. "
            "It was not deleted. Nothing counts as shown yet, so this output starts again "
            "from the people present now.")


def _save(store: Store, encoded: bytes) -> list[str]:
    try:
        store.write_state(STATE, encoded)
    except (StoreError, OSError) as exc:
        _UNSAVED[store.identity] = encoded
        return [f"What is shown now could not be saved in the cohort ({exc}). This session "
                "remembers it, but another notebook or a report will not, and could show a "
                "difference of a single person."]
    _UNSAVED.pop(store.identity, None)
    return []


def _keep_damaged(store: Store, raw: bytes) -> list[str]:
    name = DAMAGED_PREFIX + hashlib.sha256(raw).hexdigest()[:5]
    try:
        store.write_state(name, raw)
    except (StoreError, OSError) as exc:
        return [f"A copy of the damaged record could not be kept ({exc})."]
    return [f"A copy of the damaged record was kept as state.{name}.json beside it."]


# ---- who is present, and what they shared ----------------------------------------------------


def _mac(salt: str, text: str) -> str:
    return hmac.new(bytes.fromhex(salt), text.encode("utf-8"),
                    hashlib.sha256).hexdigest()[:_HASH_CHARS]


def _values(series) -> list:
    return series.to_numpy(dtype=object, na_value=None).tolist()


def _rows_by_token(data: CohortData) -> dict[str, list]:
    """token -> the rows it contributes to every output (ratings, summaries, steps, texts)."""
    rows: dict[str, list] = {t: [] for t in data.tokens}

    def add(token, row):
        if token in rows:
            rows[token].append(row)

    r = data.ratings
    for t, s, i, v in zip(r["token"].tolist(), r["step"].tolist(), r["item"].tolist(),
                          _values(r["value"]), strict=True):
        add(t, ("r", s, i, None if v is None else int(v)))
    m = data.summaries
    for t, s, k, v in zip(m["token"].tolist(), m["step"].tolist(), m["key"].tolist(),
                          _values(m["value"]), strict=True):
        add(t, ("s", s, k, None if v is None else float(v)))
    p = data.participation
    if p is not None:
        for t, s in zip(p["token"].tolist(), p["step"].tolist(), strict=True):
            add(t, ("p", s))
    for entry, t in zip(data.reflections, data._reflection_tokens, strict=True):
        add(t, ("f", entry["step"], entry["prompt"], entry["text"]))
    return rows


def _people(data: CohortData, salt: str) -> dict[str, str]:
    """keyed hash of each present token -> keyed digest of everything it contributes."""
    out = {}
    for token, rows in _rows_by_token(data).items():
        canonical = json.dumps(sorted(json.dumps(row) for row in rows), separators=(",", ":"))
        out[_mac(salt, "token:" + token)] = _mac(salt, "rows:" + canonical)
    return out


# ---- the snapshot ----------------------------------------------------------------------------


def _encode(data: CohortData, live: privacy.LiveReveal, salt: str) -> bytes:
    """The state after a reveal of everyone in ``data``: small, versioned, with no token."""
    order = sorted(data.tokens)
    random.SystemRandom().shuffle(order)
    person = {t: i for i, t in enumerate(order)}
    strings: list[str] = []
    code: dict[str, int] = {}

    def c(text) -> int:
        text = str(text)
        if text not in code:
            code[text] = len(strings)
            strings.append(text)
        return code[text]

    def table(rows, names, coded):
        rows = sorted((r for r in rows if r[0] in person), key=lambda r: person[r[0]])
        out = {"person": [person[r[0]] for r in rows]}
        for n, name in enumerate(names, start=1):
            out[name] = [c(r[n]) if name in coded else r[n] for r in rows]
        return out

    r, m, p = data.ratings, data.summaries, data.participation
    ratings = table(zip(r["token"].tolist(), r["step"].tolist(), r["item"].tolist(),
                        [None if v is None else int(v) for v in _values(r["value"])],
                        strict=True), ["step", "item", "value"], {"step", "item"})
    summaries = table(zip(m["token"].tolist(), m["step"].tolist(), m["key"].tolist(),
                          [None if v is None or v != v else float(v)
                           for v in _values(m["value"])],
                          strict=True), ["step", "key", "value"], {"step", "key"})
    participation = table(zip(p["token"].tolist(), p["step"].tolist(), strict=True),
                          ["step"], {"step"}) if p is not None else {"person": [], "step": []}
    reflections = table(((t, e["step"], e["prompt"], e["text"])
                         for e, t in zip(data.reflections, data._reflection_tokens,
                                         strict=True)),
                        ["step", "prompt", "text"], {"step", "prompt"})
    state = {"schema": SCHEMA, "kind": KIND, "id": secrets.token_hex(8),
             "rounds": live.rounds, "salt": salt, "people": dict(sorted(live.digests.items())),
             "snapshot": {"strings": strings, "people": len(order), "ratings": ratings,
                          "summaries": summaries, "participation": participation,
                          "reflections": reflections}}
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class _Damaged(ValueError):
    pass


_COLUMNS = {"ratings": ("step", "item", "value"), "summaries": ("step", "key", "value"),
            "participation": ("step",), "reflections": ("step", "prompt", "text")}
_CODED = {"step", "item", "key", "prompt"}


def _decode(raw: bytes) -> State:
    """The state in ``raw``, checked through; _Damaged (in words) if anything is off."""
    try:
        state = json.loads(raw)
    except UnicodeDecodeError:
        raise _Damaged("it is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise _Damaged("it is not valid JSON") from None
    if not isinstance(state, dict) or state.get("kind") != KIND:
        raise _Damaged("it is not a record of what was shown")
    if state.get("schema") != SCHEMA:
        raise _Damaged(f"it has version {state.get('schema')!r}, which this version of the "
                       f"kit does not know (it knows {SCHEMA})")
    try:
        people = state["people"]
        snap = state["snapshot"]
        salt = state["salt"]
        bytes.fromhex(salt)
        if not (isinstance(people, dict) and all(isinstance(k, str) and isinstance(v, str)
                                                 for k, v in people.items())):
            raise _Damaged("its list of people is damaged")
        strings, count = snap["strings"], snap["people"]
        if not (isinstance(strings, list) and all(isinstance(s, str) for s in strings)):
            raise _Damaged("its list of names is damaged")
        if type(count) is not int or count != len(people):
            raise _Damaged("its number of people does not match its list of people")
        for part, columns in _COLUMNS.items():
            table = snap[part]
            length = len(table["person"])
            if not all(type(x) is int and 0 <= x < count for x in table["person"]):
                raise _Damaged(f"its {part} name someone who is not in it")
            for column in columns:
                values = table[column]
                if not isinstance(values, list) or len(values) != length:
                    raise _Damaged(f"its {part} table is damaged")
                if column in _CODED:
                    ok = all(type(x) is int and 0 <= x < len(strings) for x in values)
                elif part == "ratings":
                    ok = all(x is None or type(x) is int for x in values)
                elif part == "summaries":
                    ok = all(x is None or type(x) in (int, float) for x in values)
                else:
                    ok = all(isinstance(x, str) for x in values)
                if not ok:
                    raise _Damaged(f"its {part} table has a value of the wrong kind")
        rounds, ident = state["rounds"], state["id"]
        if type(rounds) is not int or not isinstance(ident, str) or not ident:
            raise _Damaged("its round number is damaged")
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, _Damaged):
            raise
        raise _Damaged("a part of it is missing or damaged") from None
    return State(id=ident, rounds=rounds, salt=salt, people=people, snapshot=snap)


def _as_cohort(snapshot: dict | None, data: CohortData) -> CohortData:
    """The snapshot as CohortData (pseudonyms for tokens), with ``data``'s settings and files.

    Settings (the threshold) and the files set aside are today's: a threshold only ever
    rises, and a set-aside file is nobody's answers.
    """
    import pandas as pd

    snapshot = snapshot or {"strings": [], "people": 0, **{
        part: {"person": [], **{c: [] for c in cols}} for part, cols in _COLUMNS.items()}}
    strings = snapshot["strings"]

    def names(part: str) -> list[str]:
        return [f"p{i:04d}" for i in snapshot[part]["person"]]

    def text(part: str, column: str):
        return pd.array([strings[i] for i in snapshot[part][column]], dtype="str")

    ratings = pd.DataFrame({"token": pd.array(names("ratings"), dtype="str"),
                            "step": text("ratings", "step"), "item": text("ratings", "item")})
    ratings["value"] = pd.array(snapshot["ratings"]["value"], dtype="Int8")
    summaries = pd.DataFrame({"token": pd.array(names("summaries"), dtype="str"),
                              "step": text("summaries", "step"),
                              "key": text("summaries", "key")})
    summaries["value"] = pd.array([float("nan") if v is None else float(v)
                                   for v in snapshot["summaries"]["value"]], dtype="float64")
    participation = pd.DataFrame({"token": pd.array(names("participation"), dtype="str"),
                                  "step": text("participation", "step")})
    refl = snapshot["reflections"]
    reflections = [{"step": strings[s], "prompt": strings[p], "text": t}
                   for s, p, t in zip(refl["step"], refl["prompt"], refl["text"], strict=True)]
    tokens = frozenset(f"p{i:04d}" for i in range(snapshot["people"]))
    return CohortData(ratings=ratings, summaries=summaries, reflections=reflections,
                      rejected=list(data.rejected), settings=data.settings,
                      participation=participation, tokens=tokens,
                      set_aside=list(data.set_aside), source=data.source,
                      warnings=list(data.warnings), _reflection_tokens=names("reflections"))


def forget_unsaved() -> None:
    """Drop the in-process states of stores that cannot keep one (for tests)."""
    _UNSAVED.clear()


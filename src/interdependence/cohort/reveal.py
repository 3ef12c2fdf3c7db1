"""The revealed state of a cohort: what every output shows, kept in the cohort itself.

Two outputs taken at different times must never single out one person (DESIGN.md, threat
model): a report at 5 sharers and another at 6 would give the sixth person's ratings by
subtraction. So every output (the dashboard in any kernel, ``interdependence report``, an
export) is rendered from the cohort's **last revealed state**, and that state moves only in
batches of at least ``min_group`` people, or when the facilitator closes the round.

**Batches are counted per unit**, because each chart is gated on its own: a batch of five
changes across the cohort could otherwise add exactly one person to one chart. The units are
the smallest things an output draws on its own:

- ``("r", step, item)``: the ratings of one statement of one step (its bar or row);
- ``("s", step)``: the step's exercise summaries (some charts pair two keys per person, so a
  step's summaries move together);
- ``("f", step, prompt)``: the shared reflections for one prompt (its list);
- ``("p", step)``: who shared the step (the participation count).

A person is the account that wrote a submission (``CohortData.sources``), where the store
knows it, else the token: one account sharing from several journals is one person in every
unit, and withdrawing then sharing again under a new token from the same account is one
change, not two. For each unit, the people waiting are those who arrived in it, left it, or
whose rows in it differ from the revealed ones. A unit is revealed (its rows replaced by the
current ones) when at least ``min_group`` are waiting in it, or, for every unit, when the
round is closed. A revealed unit keeps its rows only if at least ``min_group`` people are in
it, else it is kept empty, so a unit never revealed with fewer present stays empty and the
first output reveals each unit that has enough people. A "prefer not to say" rating is a row
like any other here (charts leave it out of n); what counts is that the rows of a unit, as
rendered, change only with at least ``min_group`` people or not at all.

The state lives in the store's facilitator-only state (``store.read_state("revealed")``; for a
folder, ``_facilitator/state.revealed.json``), so it is keyed by the store's identity by
construction: ``dir/``, ``./dir``, a link to it and a new kernel all find the same state.
It holds, as JSON (``schema`` 2)::

    {"schema": 2, "kind": "interdependence-revealed", "id": <random, new at each reveal>,
     "rounds": <reveals so far>, "salt": <random hex>,
     "strings": [step, item, key and prompt ids],
     "people": [<keyed hash of an account or token>, ...],   (sorted)
     "units": [["r", step, item, [person...], [value...]],
               ["s", step, [person...], [key...], [value...]],
               ["f", step, prompt, [person...], [text...]],
               ["p", step, [person...]], ...]}

Steps, items, keys and prompts are indexes into ``strings``; persons are indexes into
``people``. No token or account id is stored: ``people`` holds an HMAC of each (salted per
cohort), enough to tell who arrived, left or changed in a unit; the rows a unit holds are
the digest of what each person there shared in it. Outputs are drawn from these rows, never
from the current files cut down to some people, which would still move by one person when
one withdraws or changes an answer. A state of schema 1 (one batch for the whole cohort) has
its rows but not who is in each unit, and says so in words: if nobody changed since, the
present rows are what it shows and become the units at once; otherwise its cohort-wide rule
goes on until ``min_group`` people changed, and then everyone in a unit counts as changed
(each unit with enough people shows the group as it is now, once). A damaged or unknown state
is said in words, kept (a copy is saved beside it before it is replaced) and treated as
"nothing revealed yet". A store that cannot keep state (it says so with StoreError) gets the
state kept in this process only, keyed by its identity, and a sentence saying so.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field, replace

from .. import privacy, steps
from .loader import CohortData
from .stores.base import Store, StoreError

STATE = "revealed"
SCHEMA = 2
KIND = "interdependence-revealed"
#: a copy of a damaged state is kept as ``bad-<5 hex>`` (a short name: a state file's name
#: must never look like a token, which the store would read as a submission)
DAMAGED_PREFIX = "bad-"
_HASH_CHARS = 32

#: identity -> state bytes, for stores that could not keep the state themselves
_UNSAVED: dict[str, bytes] = {}

#: unit kind -> (how many coded names follow the kind, the columns of its rows)
_KINDS = {"r": (2, ("value",)), "s": (2, ("key", "value")), "f": (2, ("text",)),
          "p": (1, ())}
_CODED = {"step", "item", "key", "prompt"}

Unit = tuple  # ("r", step, item) / ("s", step, chart) / ("f", step, prompt) / ("p", step)

#: Summary keys drawn by one chart together (a chart pairs them per person or filters on
#: them): one unit each, so a chart moves only with min_group people changed in it. Keys of
#: one dict (circles.*, decisions.*) are one chart; any other key is a chart of its own.
SUMMARY_CHARTS = steps.summary_units()  # kept with each step in steps.py


def summary_chart(step: str, key: str) -> str:
    """The chart a summary key of ``step`` is drawn in (its unit)."""
    head = key.split(".", 1)[0]
    return SUMMARY_CHARTS.get(step, {}).get(head, head)
Rows = tuple  # one person's rows in a unit, in a canonical order
Units = dict  # Unit -> {person key: Rows}


@dataclass(frozen=True)
class State:
    """The decoded revealed state."""

    id: str
    rounds: int
    salt: str
    units: Units
    #: read from a schema-1 record: who was in each unit is unknown; its keyed hash of each
    #: token -> keyed digest of everything that token shared (None for schema 2)
    legacy: dict[str, str] | None = None
    #: units not shown (fewer than min_group in them when they last moved, or someone in them
    #: withdrew): the rows a change is counted against, so they come back only after at
    #: least min_group people changed in them since
    hidden: Units = field(default_factory=dict)
    #: when this state was saved (time.time()); an output loaded before it must not reveal
    saved_at: float = 0.0


@dataclass
class Outcome:
    """What an output shows now (``shown``) and what to say about it."""

    shown: CohortData  # render every chart, count and list from this, never from ``loaded``
    loaded: CohortData  # the store as it is now; for the facilitator's tools, never shown
    min_group: int
    revealed_now: bool  # this call revealed a unit (or closed the round)
    closed: bool  # the round was closed by the facilitator
    waiting: int  # the most changes waiting in one unit: never shown as a number
    rounds: int
    state_id: str  # changes at each reveal ("" = nothing revealed yet)
    problems: list[str] = field(default_factory=list)  # plain sentences (a damaged state...)

    @property
    def anything_shown(self) -> bool:
        return bool(self.shown.tokens)

    @property
    def note(self) -> str:
        """What to say about the waiting changes, in words (no exact number)."""
        return privacy.waiting_message(self.min_group, self.waiting, self.anything_shown,
                                       anyone_present=bool(self.loaded.tokens))


# ---- the one entry point ---------------------------------------------------------------------


def current(store: Store, data: CohortData, *, close_round: bool = False) -> Outcome:
    """What every output of ``store`` shows now, given its freshly loaded ``data``.

    Reads the cohort's revealed state, reveals each unit in which at least
    ``data.min_group`` people changed since (every unit when ``close_round``), saves the new
    state, and returns the state to show. Never raises for a damaged or unsaved state: the
    :attr:`Outcome.problems` say what happened.
    """
    # People whose withdrawal this load acted on leave the state first (their charts hide).
    problems: list[str] = forget(store, list(data.withdrawn))
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(store.state_lock())
        except (StoreError, OSError):
            pass  # the state cannot be saved either: _save says so
        state, raw, problem = _read(store)
        if problem:
            problems.append(problem)
        if problem and raw is None:
            # There is a record that could not be read at all: what it says was shown is
            # unknown, so nothing new is revealed (that could differ from it by one person).
            return Outcome(shown=_as_cohort(None, data), loaded=data, min_group=data.min_group,
                           revealed_now=False, closed=False, waiting=0, rounds=0,
                           state_id="", problems=problems)
        damaged = problem is not None and state is None
        salt = state.salt if state else secrets.token_hex(16)
        present = units_of(data, salt)
        if state is not None and state.legacy is not None:
            state, legacy_problem, waiting = _from_schema_1(store, state, data, present,
                                                            close_round)
            problems.append(legacy_problem)
            if waiting is not None:  # still waiting for a cohort-wide batch
                return Outcome(shown=_as_cohort(state, data), loaded=data,
                               min_group=data.min_group, revealed_now=False, closed=False,
                               waiting=waiting, rounds=state.rounds, state_id=state.id,
                               problems=problems)
        if state is not None and data.loaded_at and state.saved_at > data.loaded_at:
            # Another output revealed while this one was loading: its data is older than what
            # was saved, and revealing from it could undo that update by one person.
            problems.append("Another notebook or report updated the charts while this one "
                            "was loading; what it saved is shown. Load again to see newer "
                            "changes.")
            return Outcome(shown=_as_cohort(state, data), loaded=data,
                           min_group=data.min_group, revealed_now=False, closed=False,
                           waiting=0, rounds=state.rounds, state_id=state.id,
                           problems=problems)
        units, revealed_now, waiting, hidden = decide(
            state.units if state else {}, present, data.min_group, close_round=close_round,
            hidden=state.hidden if state else {})
        if revealed_now:
            encoded = _encode(units, salt, (state.rounds if state else 0) + 1, hidden=hidden)
            if damaged:
                problems.extend(_keep_damaged(store, raw))
            problems.extend(_save(store, encoded))
            state = _decode(encoded)  # render from exactly what was saved
    return Outcome(shown=_as_cohort(state, data), loaded=data,
                   min_group=data.min_group, revealed_now=revealed_now,
                   closed=bool(close_round and revealed_now), waiting=waiting,
                   rounds=state.rounds if state else 0, state_id=state.id if state else "",
                   problems=problems)


def _from_schema_1(store: Store, state: State, data: CohortData, present: Units,
                   close_round: bool) -> tuple[State, str, int | None]:
    """A schema-1 state (one batch for the whole cohort) taken over: (the state to go on
    from, what to say, the changes still waiting cohort-wide or None to decide per unit).

    Schema 1 knew who had shared what, cohort-wide, but not who is in which of its rows. If
    nobody changed since, what it shows is exactly the present rows: they become the units
    (saved at once, nothing new shown). Otherwise its rule goes on until ``min_group``
    people changed cohort-wide (or the round is closed); then everyone in a unit counts as
    changed, so each unit with enough people shows the group as it is now, once.
    """
    before = privacy.LiveReveal(data.min_group, revealed=frozenset(state.legacy),
                                digests=dict(state.legacy))
    now = _v1_people(data, state.salt)
    waiting = before.waiting(now)
    where = _where(store)
    if not waiting:
        units = {u: by for u, by in present.items() if len(by) >= data.min_group}
        encoded = _encode(units, state.salt, state.rounds, ident=state.id)
        unsaved = _save(store, encoded)
        return _decode(encoded), (
            f"The record of what was last shown ({where}) was from an older version of the "
            "kit, which updated the whole cohort at once. Nobody has changed anything since, "
            "so it was converted: from now on each chart, statement and reflection list "
            "updates on its own." + (" " + " ".join(unsaved) if unsaved else "")), None
    text = (f"The record of what was last shown ({where}) is from an older version of the "
            "kit, which updated the whole cohort at once, and it does not say who is in each "
            "chart. So the next update still comes for the whole cohort, once at least "
            f"{data.min_group} people have changed since; then everyone in a chart counts as "
            "changed, each chart with enough people shows the group as it is now, and from "
            "then on each chart, statement and list updates on its own.")
    if waiting >= data.min_group or close_round:
        # rows of fewer than min_group people were hidden by every chart: not kept
        kept = {u: by for u, by in state.units.items() if len(by) >= data.min_group}
        return replace(state, units=kept), text, None
    return state, text, waiting


def _v1_people(data: CohortData, salt: str) -> dict[str, str]:
    """Schema 1's keyed hash of each present token -> keyed digest of all it contributes."""
    rows: dict[str, list] = {t: [] for t in data.tokens}
    r, m, p = data.ratings, data.summaries, data.participation
    for t, s, i, v in zip(r["token"].tolist(), r["step"].tolist(), r["item"].tolist(),
                          _values(r["value"]), strict=True):
        if t in rows:
            rows[t].append(("r", s, i, None if v is None else int(v)))
    for t, s, k, v in zip(m["token"].tolist(), m["step"].tolist(), m["key"].tolist(),
                          _values(m["value"]), strict=True):
        if t in rows:
            rows[t].append(("s", s, k, None if v is None else float(v)))
    if p is not None:
        for t, s in zip(p["token"].tolist(), p["step"].tolist(), strict=True):
            if t in rows:
                rows[t].append(("p", s))
    for entry, t in zip(data.reflections, data._reflection_tokens, strict=True):
        if t in rows:
            rows[t].append(("f", entry["step"], entry["prompt"], entry["text"]))
    out = {}
    for token, mine in rows.items():
        canonical = json.dumps(sorted(json.dumps(row) for row in mine), separators=(",", ":"))
        out[_mac(salt, "token:" + token)] = _mac(salt, "rows:" + canonical)
    return out


def changes(old: dict[str, Rows], now: dict[str, Rows]) -> int:
    """People who arrived in a unit, left it, or whose rows in it changed."""
    return sum(1 for key in old.keys() | now.keys() if old.get(key) != now.get(key))


def decide(revealed: Units, present: Units, min_group: int, *, close_round: bool = False,
           hidden: Units | None = None) -> tuple[Units, bool, int, Units]:
    """(the units to show now, whether any moved, the most changes waiting in a shown one,
    the hidden units' baselines).

    A unit moves to its present rows when at least ``min_group`` people changed in it since
    it last moved (any change at all when ``close_round``); it is shown only if at least
    ``min_group`` people are in it. A unit that moved with fewer is hidden, and its rows are
    kept as the baseline a change is counted against, so it comes back only after at least
    ``min_group`` people changed in it (never because one more person arrived).
    """
    hidden = hidden or {}
    out: Units = {}
    kept_hidden: Units = {}
    revealed_now = False
    waiting = 0
    for unit in sorted(revealed.keys() | present.keys() | hidden.keys()):
        shown = unit in revealed
        old = revealed[unit] if shown else hidden.get(unit, {})
        now = present.get(unit, {})
        n = changes(old, now)
        if n and (close_round or n >= min_group):
            revealed_now = True
            if len(now) >= min_group:
                out[unit] = dict(now)
            elif now:
                kept_hidden[unit] = dict(now)  # its chart says it is hidden
        elif shown:
            out[unit] = dict(old)
            waiting = max(waiting, n)  # a shown unit with changes not in it yet
        elif old:
            kept_hidden[unit] = dict(old)
        # a unit never moved, with fewer than min_group in it, is simply hidden
    return out, revealed_now, waiting, kept_hidden


def forget(store: Store, gone: list[tuple[str, str | None]]) -> list[str]:
    """Remove withdrawn or purged people (``(token, account id or None)``) from the revealed
    state at once, without showing anything new: every unit they were in is hidden from now
    on, with the others' rows as its baseline, until at least ``min_group`` people changed in
    it. Returns plain sentences about anything that went wrong."""
    if not gone:
        return []
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(store.state_lock())
        except (StoreError, OSError):
            pass
        state, raw, problem = _read(store)
        if state is None or state.legacy is not None:
            return [problem] if problem else []
        keys = {_mac(state.salt, "account:" + source if source else "token:" + token)
                for token, source in gone}
        units, hidden, touched = {}, {}, False
        for source_units, target in ((state.units, units), (state.hidden, hidden)):
            for unit, by in source_units.items():
                if keys & by.keys():
                    touched = True
                    rest = {k: v for k, v in by.items() if k not in keys}
                    if rest:
                        hidden[unit] = rest
                else:
                    target[unit] = by
        if not touched:
            return []
        encoded = _encode(units, state.salt, state.rounds + 1, hidden=hidden)
        return _save(store, encoded)


# ---- reading and saving ----------------------------------------------------------------------


def _where(store: Store) -> str:
    from .stores.folder import FolderStore

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
        state = _decode(raw)
    except _Damaged as exc:
        return None, raw, (
            f"The record of what was last shown ({_where(store)}) could not be used: {exc}. "
            "It was not deleted. Nothing counts as shown yet, so this output starts again "
            "from the people present now.")
    return state, raw, None


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


# ---- who is present, and what they shared in each unit ---------------------------------------


def _mac(salt: str, text: str) -> str:
    return hmac.new(bytes.fromhex(salt), text.encode("utf-8"),
                    hashlib.sha256).hexdigest()[:_HASH_CHARS]


def _values(series) -> list:
    return series.to_numpy(dtype=object, na_value=None).tolist()


def _canon(rows: list[tuple]) -> Rows:
    """One person's rows in a unit in one order (values are normalised: int, float, str or
    None, so ``repr`` orders them the same way each time)."""
    if len(rows) == 1:
        return (rows[0],)
    return tuple(sorted(rows, key=repr))


def _number(value):
    """A summary value as stored and compared: None, or a float (NaN is None)."""
    if value is None:
        return None
    value = float(value)
    return None if value != value else value


def person_keys(data: CohortData, salt: str) -> dict[str, str]:
    """token -> keyed hash of the person behind it: its account where known, else itself."""
    sources = data.sources
    out = {}
    for token in data.tokens:
        source = sources.get(token)
        out[token] = _mac(salt, "token:" + token if source is None else "account:" + source)
    return out


def units_of(data: CohortData, salt: str) -> Units:
    """Every unit of ``data``: unit -> {person key: that person's rows in it}."""
    person = person_keys(data, salt)
    gathered: dict[Unit, dict[str, list]] = {}

    def add(units, tokens, rows) -> None:
        for unit, token, row in zip(units, tokens, rows, strict=True):
            key = person.get(token)
            if key is None:
                continue
            by = gathered.get(unit)
            if by is None:
                by = gathered[unit] = {}
            got = by.get(key)
            if got is None:
                by[key] = [row]
            else:
                got.append(row)

    # "Prefer not to say" and empty summary values are left out: no chart shows them, so a
    # change that is only one of them must not count toward a batch that reveals someone.
    r = data.ratings
    answered = [v is not None for v in _values(r["value"])]
    values = [int(v) for v in _values(r["value"]) if v is not None]
    add([("r", str(s), str(i)) for s, i, a in zip(r["step"].tolist(), r["item"].tolist(),
                                                    answered, strict=True) if a],
        [t for t, a in zip(r["token"].tolist(), answered, strict=True) if a],
        [(v,) for v in values])
    m = data.summaries
    kept = [(str(t), str(st), str(k), _number(v))
            for t, st, k, v in zip(m["token"].tolist(), m["step"].tolist(), m["key"].tolist(),
                                   _values(m["value"]), strict=True)]
    kept = [row for row in kept if row[3] is not None]
    add([("s", st, summary_chart(st, k)) for _, st, k, _ in kept], [row[0] for row in kept],
        [(k, v) for _, _, k, v in kept])
    p = data.participation
    if p is not None:
        add((("p", str(s)) for s in p["step"].tolist()), p["token"].tolist(),
            [()] * len(p))
    add((("f", str(e["step"]), str(e["prompt"])) for e in data.reflections),
        data._reflection_tokens, [(str(e["text"]),) for e in data.reflections])
    return {unit: {key: _canon(rows) for key, rows in by.items()}
            for unit, by in gathered.items()}


# ---- the state as bytes ----------------------------------------------------------------------


def _encode(units: Units, salt: str, rounds: int, ident: str | None = None,
            hidden: Units | None = None) -> bytes:
    """The state holding ``units``: small, versioned, with no token or account id."""
    hidden = hidden or {}
    people = sorted({key for part in (units, hidden) for by in part.values() for key in by})
    index = {key: i for i, key in enumerate(people)}
    strings: list[str] = []
    code: dict[str, int] = {}

    def c(text: str) -> int:
        if text not in code:
            code[text] = len(strings)
            strings.append(text)
        return code[text]

    def encoded(part: Units) -> list:
        out = []
        for unit in sorted(part):
            kind = unit[0]
            columns = _KINDS[kind][1]
            persons: list[int] = []
            cols: list[list] = [[] for _ in columns]
            by = part[unit]
            for key in sorted(by, key=index.__getitem__):
                for row in by[key]:
                    persons.append(index[key])
                    for j, name in enumerate(columns):
                        cols[j].append(c(row[j]) if name in _CODED else row[j])
            out.append([kind, *(c(name) for name in unit[1:]), persons, *cols])
        return out

    state = {"schema": SCHEMA, "kind": KIND, "id": ident or secrets.token_hex(8),
             "rounds": rounds, "saved_at": time.time(),
             "salt": salt, "strings": strings, "people": people, "units": encoded(units),
             "hidden": encoded(hidden)}
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class _Damaged(ValueError):
    pass


def _value_ok(kind: str, name: str, x, strings: list[str]) -> bool:
    if name in _CODED:
        return type(x) is int and 0 <= x < len(strings)
    if kind == "r":
        return x is None or type(x) is int
    if kind == "s":
        return x is None or type(x) in (int, float)
    return isinstance(x, str)


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
    schema = state.get("schema")
    if schema not in (1, SCHEMA) or type(schema) is not int:
        raise _Damaged(f"it has version {schema!r}, which this version of the kit does not "
                       f"know (it knows {SCHEMA})")
    try:
        salt = state["salt"]
        bytes.fromhex(salt)
        rounds, ident = state["rounds"], state["id"]
        if type(rounds) is not int or not isinstance(ident, str) or not ident:
            raise _Damaged("its round number is damaged")
        units = _decode_v1(state) if schema == 1 else _decode_units(state)
        hidden = {} if schema == 1 else _decode_units(state, "hidden")
        saved_at = state.get("saved_at", 0.0)
        if type(saved_at) not in (int, float):
            raise _Damaged("its time of saving is damaged")
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        if isinstance(exc, _Damaged):
            raise
        raise _Damaged("a part of it is missing or damaged") from None
    legacy = None
    if schema == 1:
        legacy = state["people"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in legacy.items()):
            raise _Damaged("its list of people is damaged")
    return State(id=ident, rounds=rounds, salt=salt, units=units, legacy=legacy,
                 hidden=hidden, saved_at=float(saved_at))


def _decode_units(state: dict, part: str = "units") -> Units:
    strings, people = state["strings"], state["people"]
    if not (isinstance(strings, list) and all(isinstance(s, str) for s in strings)):
        raise _Damaged("its list of names is damaged")
    if not (isinstance(people, list) and all(isinstance(p, str) for p in people)
            and len(set(people)) == len(people)):
        raise _Damaged("its list of people is damaged")
    entries = state.get(part, []) if part == "hidden" else state[part]
    if not isinstance(entries, list):
        raise _Damaged("its list of charts is damaged")
    units: Units = {}
    for entry in entries:
        if not isinstance(entry, list) or not entry or entry[0] not in _KINDS:
            raise _Damaged("a chart in it is of an unknown kind")
        kind = entry[0]
        names, columns = _KINDS[kind]
        if len(entry) != 1 + names + 1 + len(columns):
            raise _Damaged("a chart in it is damaged")
        head = entry[1:1 + names]
        if not all(type(x) is int and 0 <= x < len(strings) for x in head):
            raise _Damaged("a chart in it names something that is not in it")
        unit = (kind, *(strings[x] for x in head))
        if unit in units:
            raise _Damaged("a chart is in it twice")
        persons, cols = entry[1 + names], entry[2 + names:]
        if not (isinstance(persons, list)
                and all(type(x) is int and 0 <= x < len(people) for x in persons)):
            raise _Damaged("a chart in it names someone who is not in it")
        for name, values in zip(columns, cols, strict=True):
            if not isinstance(values, list) or len(values) != len(persons):
                raise _Damaged("a chart in it is damaged")
            if not all(_value_ok(kind, name, x, strings) for x in values):
                raise _Damaged("a chart in it has a value of the wrong kind")
        if kind == "s":
            rows = zip([strings[k] for k in cols[0]], map(_number, cols[1]), strict=True)
        elif kind == "p":
            rows = [()] * len(persons)
        else:
            rows = zip(cols[0], strict=True)
        units[unit] = _grouped(people, persons, rows)
    return units


def _grouped(people: list[str], persons: list[int], rows) -> dict[str, Rows]:
    """{person key: that person's rows}, from a unit's person column and its rows."""
    by: dict[str, list] = {}
    for p, row in zip(persons, rows, strict=True):
        got = by.get(p)
        if got is None:
            by[p] = [row]
        else:
            got.append(row)
    return {people[p]: _canon(got) for p, got in by.items()}


_V1_COLUMNS = {"ratings": ("r", ("step", "item"), ("value",)),
               "summaries": ("s", ("step",), ("key", "value")),
               "participation": ("p", ("step",), ()),
               "reflections": ("f", ("step", "prompt"), ("text",))}


def _decode_v1(state: dict) -> Units:
    """A schema-1 record (one snapshot for the whole cohort) as units of unknown people.

    Its people are hashes of tokens and its rows carry snapshot-local numbers that say
    nothing about who they were, so each of them becomes a person nobody present matches:
    at the next output everyone in a unit counts as changed.
    """
    snap = state["snapshot"]
    strings, count = snap["strings"], snap["people"]
    if not (isinstance(strings, list) and all(isinstance(s, str) for s in strings)):
        raise _Damaged("its list of names is damaged")
    if type(count) is not int or not isinstance(state["people"], dict) or \
            count != len(state["people"]):
        raise _Damaged("its number of people does not match its list of people")
    gathered: dict[Unit, dict[str, list]] = {}
    for part, (kind, head, columns) in _V1_COLUMNS.items():
        table = snap[part]
        persons = table["person"]
        if not (isinstance(persons, list)
                and all(type(x) is int and 0 <= x < count for x in persons)):
            raise _Damaged(f"its {part} name someone who is not in it")
        cols = {}
        for name in head + columns:
            values = table[name]
            if not isinstance(values, list) or len(values) != len(persons):
                raise _Damaged(f"its {part} table is damaged")
            if not all(_value_ok(kind, name, x, strings) for x in values):
                raise _Damaged(f"its {part} table has a value of the wrong kind")
            cols[name] = values
        for n, p in enumerate(persons):
            unit = (kind, *(strings[cols[name][n]] for name in head))
            row = tuple(strings[cols[name][n]] if name in _CODED else
                        (_number(cols[name][n]) if kind == "s" else cols[name][n])
                        for name in columns)
            if kind == "s":
                unit = ("s", unit[1], summary_chart(unit[1], row[0]))
            gathered.setdefault(unit, {}).setdefault(f"~{p}", []).append(row)
    return {unit: {key: _canon(rows) for key, rows in by.items()}
            for unit, by in gathered.items()}


def _as_cohort(state: State | None, data: CohortData) -> CohortData:
    """The state's units as CohortData (pseudonyms for people), with ``data``'s settings.

    Settings (the threshold) and the files set aside are today's: a threshold only ever
    rises, and a set-aside file is nobody's answers. A person has one pseudonym across the
    units of one state.
    """
    import pandas as pd

    units = state.units if state else {}
    people = sorted({key for by in units.values() for key in by})
    name = {key: f"p{i:05d}" for i, key in enumerate(people)}
    cols: dict[str, dict[str, list]] = {
        "r": {"token": [], "step": [], "item": [], "value": []},
        "s": {"token": [], "step": [], "key": [], "value": []},
        "p": {"token": [], "step": []},
        "f": {"token": [], "step": [], "prompt": [], "text": []}}
    for unit in sorted(units):
        kind, *where = unit
        target = cols[kind]
        fixed = ({"step": where[0]} if kind in ("s", "p") else
                 dict(zip(("step", "item" if kind == "r" else "prompt"), where, strict=True)))
        for key in sorted(units[unit], key=name.__getitem__):
            for row in units[unit][key]:
                target["token"].append(name[key])
                for column, value in fixed.items():
                    target[column].append(value)
                for column, value in zip(_KINDS[kind][1], row, strict=True):
                    target[column].append(value)

    def text(part: str, column: str):
        return pd.array(cols[part][column], dtype="str")

    ratings = pd.DataFrame({"token": text("r", "token"), "step": text("r", "step"),
                            "item": text("r", "item")})
    ratings["value"] = pd.array(cols["r"]["value"], dtype="Int8")
    summaries = pd.DataFrame({"token": text("s", "token"), "step": text("s", "step"),
                              "key": text("s", "key")})
    summaries["value"] = pd.array([float("nan") if v is None else float(v)
                                   for v in cols["s"]["value"]], dtype="float64")
    participation = pd.DataFrame({"token": text("p", "token"), "step": text("p", "step")})
    f = cols["f"]
    reflections = [{"step": s, "prompt": p, "text": t}
                   for s, p, t in zip(f["step"], f["prompt"], f["text"], strict=True)]
    return CohortData(ratings=ratings, summaries=summaries, reflections=reflections,
                      rejected=list(data.rejected), settings=data.settings,
                      participation=participation, tokens=frozenset(name.values()),
                      set_aside=list(data.set_aside), source=data.source,
                      warnings=list(data.warnings), _reflection_tokens=list(f["token"]))


def forget_unsaved() -> None:
    """Drop the in-process states of stores that cannot keep one (for tests)."""
    _UNSAVED.clear()

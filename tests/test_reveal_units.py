"""Each chart, statement and reflection list moves only by at least min_group people.

An outside red team showed that counting a batch across the whole cohort is not enough: each
chart is gated on its own, so five changes spread over the cohort could add exactly one
person to one chart. The revealed state is therefore kept per unit (cohort/reveal.py): the
ratings of one statement of one step, one step's exercise summaries, one prompt's reflection
list, one step's participation. A person is the account that wrote a submission where the
store knows it, else the token.
"""

from __future__ import annotations

import json
from collections import Counter

from cohort_fakes import memory_store
from cohort_helpers import submission, token
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from interdependence import curriculum as _curriculum
from interdependence.cohort import aggregate, reveal
from interdependence.report.build import load_revealed

CURRICULUM = _curriculum.default()
CHECK_IN, SMALL = "00-welcome", "03-start-small"


# ---- a cohort kept in memory, whose store knows who wrote each file ---------------------------


def _store(min_group: int = 5):
    """A store on the real Store base that keeps state and knows each file's account."""
    return memory_store(min_group, location="memory://units")


def _check_in(asking=3, overload=2, relying=None, hopes=None) -> dict:
    body = {"ratings": {"sign.asking": asking, "sign.uneasy_relying": relying,
                        "sign.overcommitting": overload},
            "reflections": {}, "summary": {}}
    if hopes is not None:
        body["reflections"]["welcome.hopes"] = hopes
    return body


def _small(struggle=3, asks=5, expected=60, actual=30) -> dict:
    return {"ratings": {"small.stuck_alone": struggle}, "reflections": {},
            "summary": {"asks": asks, "first_ask_done": True, "expected": expected,
                        "actual": actual}}


def _share(store, steps: dict, tok: str | None = None, account: str | None = None) -> str:
    return store.put(submission(tok or token(), steps=steps), account=account)


def _panels(outcome, step: str) -> dict[str, str]:
    """Every panel of ``step`` as text (its data, or hidden), to compare two outputs."""
    out = {}
    for panel in aggregate.all_panels(outcome.shown, CURRICULUM, seed=1):
        if panel.step != step:
            continue
        data = panel.data
        if data is None:
            out[panel.key] = "hidden"
            continue
        out[panel.key] = repr({k: (v.to_dict("records") if hasattr(v, "to_dict") else v)
                               for k, v in sorted(data.items()) if k != "rows"}) + \
            (repr(data["rows"].to_dict("records")) if hasattr(data.get("rows"), "to_dict")
             else repr(sorted(data.get("rows") or [])))
    return out


def _item_row(outcome, step: str, item: str) -> dict:
    panel = next(p for p in aggregate.all_panels(outcome.shown, CURRICULUM, seed=1)
                 if p.step == step and p.kind == "likert")
    rows = panel.data["rows"]
    return rows[rows["item"] == item].iloc[0].to_dict()


# ---- the red team's cases ---------------------------------------------------------------------


def test_the_red_teams_case_step_03_does_not_move_by_one_person():
    store = _store()
    names = ["alice", "bob", "carol", "dave", "erin"]
    mine = {}
    for i, name in enumerate(names):
        mine[name] = _share(store, {CHECK_IN: _check_in(asking=1 + i % 5),
                                    SMALL: _small(struggle=1 + i % 5)}, account=name)
    first = load_revealed(store, CURRICULUM)
    assert first.revealed_now
    step03 = _panels(first, SMALL)
    assert any(v != "hidden" for v in step03.values())
    for name in ["gina", "hank", "mallory"]:
        _share(store, {CHECK_IN: _check_in(asking=5)}, account=name)
    # erin changes her check-in answers (the same token replaces her file)
    _share(store, {CHECK_IN: _check_in(asking=4, overload=5), SMALL: _small(struggle=5)},
           tok=mine["erin"], account="erin")
    frank = _share(store, {SMALL: _small(struggle=1, asks=9)}, account="frank")
    second = load_revealed(store, CURRICULUM)
    assert _panels(second, SMALL) == step03  # frank alone is not added to step 03
    # in the check-in's first statement four people changed (gina, hank, mallory, erin):
    # it has not moved either
    assert _item_row(second, CHECK_IN, "sign.asking") == _item_row(first, CHECK_IN,
                                                                   "sign.asking")
    # four more people change or arrive in step 03: with frank that is five, and it moves
    for name in ["alice", "bob", "carol"]:
        _share(store, {CHECK_IN: _check_in(asking=1), SMALL: _small(struggle=5, asks=7)},
               tok=mine[name], account=name)
    third = load_revealed(store, CURRICULUM)
    assert _panels(third, SMALL) == step03  # still four in step 03
    _share(store, {SMALL: _small(struggle=2, asks=3)}, account="oscar")
    fourth = load_revealed(store, CURRICULUM)
    assert fourth.revealed_now
    assert _panels(fourth, SMALL) != step03
    assert frank not in fourth.shown.tokens


def test_an_item_answered_by_one_of_five_who_changed_keeps_its_bar():
    store = _store()
    toks = [_share(store, {CHECK_IN: _check_in(asking=2, overload=1 + i % 4)},
                   account=f"a{i}") for i in range(6)]
    first = load_revealed(store, CURRICULUM)
    # five people change their check-in: all of them the overload statement, and only the
    # first of them the asking statement
    for i in range(5):
        _share(store, {CHECK_IN: _check_in(asking=5 if i == 0 else 2, overload=5)},
               tok=toks[i], account=f"a{i}")
    second = load_revealed(store, CURRICULUM)
    assert second.revealed_now
    assert _item_row(second, CHECK_IN, "sign.asking") == _item_row(first, CHECK_IN,
                                                                   "sign.asking")
    assert _item_row(second, CHECK_IN, "sign.overcommitting") != _item_row(first, CHECK_IN,
                                                                     "sign.overcommitting")
    assert "Fewer than 5" in second.note  # the one change to asking is waiting


def test_one_account_sharing_from_four_journals_does_not_make_a_batch_with_one_sharer():
    store = _store()
    for i in range(5):
        _share(store, {CHECK_IN: _check_in(asking=1 + i % 5, hopes=f"hope {i}"),
                       SMALL: _small(struggle=1 + i % 5)}, account=f"real{i}")
    first = load_revealed(store, CURRICULUM)
    before = {step: _panels(first, step) for step in (CHECK_IN, SMALL)}
    # a hostile participant shares four journals, each with a different step, from one
    # account; one real person shares their check-in
    _share(store, {CHECK_IN: _check_in(asking=5, hopes="mine")}, account="mallory")
    _share(store, {SMALL: _small(struggle=5)}, account="mallory")
    _share(store, {"02-reframe-help-as-strength": {"ratings": {}, "reflections": {},
                                                   "summary": {}}}, account="mallory")
    _share(store, {"08-embracing-interdependence": {
        "ratings": {"sign.asking": 5}, "reflections": {}, "summary": {}}}, account="mallory")
    _share(store, {CHECK_IN: _check_in(asking=1, hopes="the real one")}, account="victim")
    second = load_revealed(store, CURRICULUM)
    assert not second.revealed_now
    assert {step: _panels(second, step) for step in (CHECK_IN, SMALL)} == before
    # the hostile account is one person in every unit: from three more real sharers of the
    # check-in (five in all with the victim and mallory) it moves, not before
    for i in range(2):
        _share(store, {CHECK_IN: _check_in(asking=3, hopes=f"new {i}")}, account=f"new{i}")
    assert not load_revealed(store, CURRICULUM).revealed_now
    _share(store, {CHECK_IN: _check_in(asking=3, hopes="new 2")}, account="new2")
    third = load_revealed(store, CURRICULUM)
    assert third.revealed_now
    assert _panels(third, CHECK_IN) != before[CHECK_IN]
    assert _panels(third, SMALL) == before[SMALL]  # step 03: still only mallory waiting


def test_withdraw_then_share_again_under_a_new_token_from_one_account_is_one_change():
    store = _store()
    toks = [_share(store, {CHECK_IN: _check_in(asking=1 + i % 5, hopes=f"h{i}")},
                   account=f"a{i}") for i in range(6)]
    first = load_revealed(store, CURRICULUM)
    # the same answers under a new token: no change at all
    store.delete(toks[0])
    toks[0] = _share(store, {CHECK_IN: _check_in(asking=1, hopes="h0")}, account="a0")
    again = load_revealed(store, CURRICULUM)
    assert not again.revealed_now
    assert again.waiting == 0
    # other answers under a new token: one change, not two (a withdrawal and an arrival)
    store.delete(toks[0])
    toks[0] = _share(store, {CHECK_IN: _check_in(asking=5, hopes="h0 again")}, account="a0")
    for i in range(1, 4):
        _share(store, {CHECK_IN: _check_in(asking=5, hopes=f"h{i} again")}, tok=toks[i],
               account=f"a{i}")
    four = load_revealed(store, CURRICULUM)
    assert not four.revealed_now
    assert _panels(four, CHECK_IN) == _panels(first, CHECK_IN)
    _share(store, {CHECK_IN: _check_in(asking=5, hopes="h4 again")}, tok=toks[4],
           account="a4")
    five = load_revealed(store, CURRICULUM)
    assert five.revealed_now
    assert len(five.shown.tokens) == 6


def test_a_reflection_list_never_grows_by_fewer_than_min_group_texts():
    store = _store()
    toks = [_share(store, {CHECK_IN: _check_in(asking=2, hopes=f"hope {i}")},
                   account=f"a{i}") for i in range(5)]
    first = load_revealed(store, CURRICULUM)

    def texts(outcome):
        return sorted(r["text"] for r in outcome.shown.reflections
                      if r["prompt"] == "welcome.hopes")

    assert len(texts(first)) == 5
    # one new text, and four people change only their ratings: five changes, one text
    _share(store, {CHECK_IN: _check_in(asking=2, hopes="only mine")}, account="new0")
    for i in range(4):
        _share(store, {CHECK_IN: _check_in(asking=4, hopes=f"hope {i}")}, tok=toks[i],
               account=f"a{i}")
    second = load_revealed(store, CURRICULUM)
    assert second.revealed_now  # the asking statement moved: five people changed in it
    assert texts(second) == texts(first)
    for i in range(1, 4):
        _share(store, {CHECK_IN: _check_in(asking=2, hopes=f"more {i}")}, account=f"new{i}")
    assert texts(load_revealed(store, CURRICULUM)) == texts(first)
    _share(store, {CHECK_IN: _check_in(asking=2, hopes="more 4")}, account="new4")
    third = load_revealed(store, CURRICULUM)
    assert len(texts(third)) == 10
    assert "only mine" in texts(third)


def test_a_state_from_the_older_version_is_said_in_words_and_everyone_counts_as_changed():
    store = _store()
    for i in range(6):
        _share(store, {CHECK_IN: _check_in(asking=2)}, account=f"a{i}")
    # a schema-1 record (one snapshot for the cohort) in which five people rated asking 1
    old = {"schema": 1, "kind": "interdependence-revealed", "id": "abc", "rounds": 3,
           "salt": "00" * 16, "people": {f"h{i}": f"d{i}" for i in range(5)},
           "snapshot": {"strings": [CHECK_IN, "sign.asking"], "people": 5,
                        "ratings": {"person": [0, 1, 2, 3, 4], "step": [0] * 5,
                                    "item": [1] * 5, "value": [1] * 5},
                        "summaries": {"person": [], "step": [], "key": [], "value": []},
                        "participation": {"person": [0, 1, 2, 3, 4], "step": [0] * 5},
                        "reflections": {"person": [], "step": [], "prompt": [],
                                        "text": []}}}
    store.state["revealed"] = json.dumps(old).encode()
    outcome = load_revealed(store, CURRICULUM)
    assert any("older version" in p and "counts as changed" in p for p in outcome.problems)
    assert outcome.revealed_now
    assert outcome.rounds == 4
    assert _item_row(outcome, CHECK_IN, "sign.asking")["p2"] == 100.0
    assert json.loads(store.state["revealed"])["schema"] == 2
    assert not load_revealed(store, CURRICULUM).problems


def _schema_1(store, data, salt="11" * 16) -> None:
    """The schema-1 record the older version would have saved after revealing ``data``."""
    order = sorted(data.tokens)
    person = {t: i for i, t in enumerate(order)}
    strings: list[str] = []

    def c(text):
        if text not in strings:
            strings.append(text)
        return strings.index(text)

    r, p = data.ratings, data.participation
    snapshot = {
        "strings": strings, "people": len(order),
        "ratings": {"person": [person[t] for t in r["token"]],
                    "step": [c(x) for x in r["step"]], "item": [c(x) for x in r["item"]],
                    "value": [None if v is None else int(v)
                              for v in r["value"].to_numpy(dtype=object, na_value=None)]},
        "summaries": {"person": [], "step": [], "key": [], "value": []},
        "participation": {"person": [person[t] for t in p["token"]],
                          "step": [c(x) for x in p["step"]]},
        "reflections": {"person": [], "step": [], "prompt": [], "text": []}}
    store.state["revealed"] = json.dumps({
        "schema": 1, "kind": "interdependence-revealed", "id": "old", "rounds": 2,
        "salt": salt, "people": reveal._v1_people(data, salt),
        "snapshot": snapshot}).encode()


def test_an_older_record_with_nothing_changed_since_is_converted_without_showing_anything():
    from interdependence.cohort import load_cohort

    store = _store()
    toks = [_share(store, {CHECK_IN: _check_in(asking=1 + i % 5)}, account=f"a{i}")
            for i in range(6)]
    _schema_1(store, load_cohort(store))
    first = load_revealed(store, CURRICULUM)
    assert not first.revealed_now
    assert first.rounds == 2
    assert first.state_id == "old"
    assert any("older version" in p and "converted" in p for p in first.problems)
    assert json.loads(store.state["revealed"])["schema"] == 2
    rows = _item_row(first, CHECK_IN, "sign.asking")
    assert rows["n"] == 6
    # from now on per unit: one change moves nothing
    _share(store, {CHECK_IN: _check_in(asking=5)}, tok=toks[0], account="a0")
    second = load_revealed(store, CURRICULUM)
    assert not second.problems
    assert not second.revealed_now
    assert _item_row(second, CHECK_IN, "sign.asking") == rows


def test_an_older_record_goes_on_for_the_whole_cohort_until_a_batch_has_gathered():
    from interdependence.cohort import load_cohort

    store = _store()
    toks = [_share(store, {CHECK_IN: _check_in(asking=1 + i % 5)}, account=f"a{i}")
            for i in range(6)]
    _schema_1(store, load_cohort(store))
    _share(store, {CHECK_IN: _check_in(asking=5, overload=5)}, tok=toks[0], account="a0")
    first = load_revealed(store, CURRICULUM)
    assert not first.revealed_now
    assert "Fewer than 5" in first.note
    assert any("older version" in p for p in first.problems)
    assert _item_row(first, CHECK_IN, "sign.asking")["p1"] == 100 * 2 / 6
    for i in range(1, 5):
        _share(store, {CHECK_IN: _check_in(asking=3, overload=5)}, tok=toks[i],
               account=f"a{i}")
    second = load_revealed(store, CURRICULUM)
    assert second.revealed_now
    assert second.rounds == 3
    assert _item_row(second, CHECK_IN, "sign.overcommitting")["p5"] == 100 * 5 / 6
    assert json.loads(store.state["revealed"])["schema"] == 2


def test_the_state_holds_no_token_and_no_account():
    store = _store()
    toks = [_share(store, {CHECK_IN: _check_in(asking=2, hopes="x")},
                   account=f"account-{i}") for i in range(5)]
    load_revealed(store, CURRICULUM)
    raw = store.state["revealed"].decode()
    assert not any(t in raw for t in toks)
    assert "account-" not in raw


# ---- any sequence of shares, withdrawals and outputs (hypothesis) ----------------------------

ACCOUNTS = 8  # the last one is not known to the store: its every token is a person
STEP_SETS = [(CHECK_IN,), (SMALL,), (CHECK_IN, SMALL)]

_OPS = st.lists(st.one_of(
    st.tuples(st.just("share"), st.integers(0, ACCOUNTS - 1), st.integers(0, 1),
              st.integers(0, 2), st.integers(0, 11)),
    st.tuples(st.just("withdraw"), st.integers(0, ACCOUNTS - 1), st.integers(0, 1),
              st.just(0), st.just(0)),
    st.tuples(st.just("reshare"), st.integers(0, ACCOUNTS - 1), st.integers(0, 1),
              st.just(0), st.just(0)),
    st.tuples(st.just("output"), st.just(0), st.just(0), st.just(0), st.just(0)),
), max_size=30)


def _body(steps: tuple, version: int, account: int) -> dict:
    """Answers that depend on ``version``: items skipped, null or given, a text or not."""
    out = {}
    if CHECK_IN in steps:
        ratings = {"sign.asking": None if version % 4 == 3 else 1 + version % 5}
        if version % 2:
            ratings["sign.overcommitting"] = 1 + (version // 2) % 5
        if version % 3 == 0:
            ratings["sign.uneasy_relying"] = 1 + account % 5
        out[CHECK_IN] = {"ratings": ratings, "summary": {},
                         "reflections": ({"welcome.hopes": f"hope {account} v{version}"}
                                         if version % 3 != 1 else {})}
    if SMALL in steps:
        out[SMALL] = _small(struggle=1 + (version + account) % 5, asks=version % 4,
                            expected=10 * (version % 7), actual=30)
        if version % 5 == 4:
            out[SMALL]["summary"] = {}
    return out


def _diff(a: dict, b: dict) -> int:
    return sum(1 for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def _unit_rows(shown) -> dict:
    """unit -> Counter of its rows, read from the CohortData an output renders."""
    import pandas as pd

    out: dict = {}
    r = shown.ratings
    for s, i, v in zip(r["step"], r["item"], r["value"].tolist(), strict=True):
        out.setdefault(("r", s, i), Counter())[(None if pd.isna(v) else int(v),)] += 1
    m = shown.summaries
    for s, k, v in zip(m["step"], m["key"], m["value"].tolist(), strict=True):
        out.setdefault(("s", s, reveal.summary_chart(s, k)), Counter())[
            (k, None if pd.isna(v) else float(v))] += 1
    for s in shown.participation["step"]:
        out.setdefault(("p", s), Counter())[()] += 1
    for e in shown.reflections:
        out.setdefault(("f", e["step"], e["prompt"]), Counter())[(e["text"],)] += 1
    return out


def _check_gated(panels, min_group: int) -> None:
    import pandas as pd

    for panel in panels:
        if not panel.visible:
            continue
        assert panel.n >= min_group, panel.key
        rows = panel.data.get("rows")
        if panel.kind == "reflections":
            assert len(rows) >= min_group, panel.key
        elif isinstance(rows, pd.DataFrame):
            for column in ("n", "n_before", "n_after", "people"):
                if column in rows:
                    assert (rows[column].dropna() >= min_group).all(), (panel.key, column)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(min_group=st.integers(3, 5), initial=st.integers(0, 7), ops=_OPS)
@example(min_group=5, initial=5,  # one account, four journals, fills a batch with one more
         ops=[("output", 0, 0, 0, 0), ("share", 0, 1, 0, 5), ("share", 1, 1, 1, 5),
              ("withdraw", 2, 0, 0, 0), ("reshare", 3, 0, 0, 0), ("share", 4, 1, 2, 7),
              ("output", 0, 0, 0, 0), ("share", 5, 1, 1, 2), ("output", 0, 0, 0, 0)])
@example(min_group=3, initial=3,
         ops=[("output", 0, 0, 0, 0), ("reshare", 0, 0, 0, 0), ("reshare", 1, 0, 0, 0),
              ("share", 2, 0, 2, 4), ("output", 0, 0, 0, 0), ("withdraw", 0, 0, 0, 0),
              ("withdraw", 1, 0, 0, 0), ("share", 7, 0, 0, 1), ("share", 7, 1, 0, 2),
              ("output", 0, 0, 0, 0)])
def test_every_unit_moves_by_zero_or_at_least_min_group_people(min_group, initial, ops):
    store = _store(min_group)
    journals: dict[tuple[int, int], tuple[str, dict]] = {}  # (account, journal) -> token, body

    def account_of(acct: int) -> str | None:
        return None if acct == ACCOUNTS - 1 else f"acct{acct}"

    def put(acct, journal, body, tok=None):
        tok = tok or token()
        store.put(submission(tok, steps=body), account=account_of(acct))
        journals[(acct, journal)] = (tok, body)

    for i in range(initial):
        put(i % ACCOUNTS, 0, _body(STEP_SETS[2], i, i % ACCOUNTS))
    last_units = None
    for op, acct, journal, steps, version in ops + [("output", 0, 0, 0, 0)]:
        where = (acct, journal)
        if op == "share":
            old = journals.get(where)
            put(acct, journal, _body(STEP_SETS[steps], version, acct),
                tok=old[0] if old else None)
        elif op in ("withdraw", "reshare") and where in journals:
            tok, body = journals.pop(where)
            assert store.delete(tok)
            if op == "reshare":  # the same answers, under a new token
                put(acct, journal, body)
        elif op == "output":
            outcome = load_revealed(store, CURRICULUM)
            raw = store.state.get("revealed")
            units = reveal._decode(raw).units if raw else {}
            if raw:
                text = raw.decode()
                assert not any(t in text for t, _ in journals.values())
                assert "acct" not in text
            for unit, people in units.items():
                # no unit kept with fewer than min_group people in it
                assert len(people) >= min_group, unit
            if last_units is not None:
                for unit in units.keys() | last_units.keys():
                    moved = _diff(last_units.get(unit, {}), units.get(unit, {}))
                    assert moved == 0 or moved >= min_group, (unit, moved)
            # what the output renders is exactly the revealed units
            expected = {u: Counter(row for rows in people.values() for row in rows)
                        for u, people in units.items()}
            assert _unit_rows(outcome.shown) == expected
            _check_gated(aggregate.all_panels(outcome.shown, CURRICULUM), min_group)
            if outcome.waiting:
                assert outcome.waiting < min_group
                assert f"ewer than {min_group}" in outcome.note
            last_units = units


def test_the_headcount_moves_only_with_a_step_s_batch():
    """One person sharing only a step others changed in must not show as 'one more'."""
    store = _store()
    for i in range(5):
        _share(store, {CHECK_IN: _check_in(asking=2), SMALL: _small()}, account=f"a{i}")
    first = load_revealed(store, CURRICULUM)
    _share(store, {SMALL: _small(struggle=5)}, account="frank")  # a new person, step 03 only
    for i in range(4):
        _share(store, {CHECK_IN: _check_in(asking=4)}, account=f"b{i}")  # 4 new at check-in
    second = load_revealed(store, CURRICULUM)
    assert first.shown.headcount == second.shown.headcount == 5

"""``aggregate.answer_counts`` counts answers per (step, item, value) with numpy (issue 14,
item 5: no copy of the answered rows, no groupby over millions of them). It must give exactly
what pandas' groupby gives, in the same order, whatever the frame: categorical or text keys,
categories in any order or never used, prefer-not-to-say answers, rows without a step."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from interdependence.cohort.aggregate import answer_counts

STEPS = ["08-close", "00-welcome", "03-start-small"]
ITEMS = ["sign.b", "sign.a", "small.c", "z.only-a-category"]


def by_groupby(ratings) -> list[tuple[str, str, int, int]]:
    answered = ratings[ratings["value"].notna()]
    counts = answered.groupby(["step", "item", "value"], observed=True).size()
    return [(str(s), str(i), int(v), int(n)) for (s, i, v), n in counts.items()]


def by_numpy(ratings) -> list[tuple[str, str, int, int]]:
    counts = answer_counts(ratings)
    assert list(counts.index.names) == ["step", "item", "value"]
    return [(str(s), str(i), int(v), int(n)) for (s, i, v), n in counts.items()]


ROWS = st.lists(st.tuples(st.sampled_from(STEPS + [None]), st.sampled_from(ITEMS[:3] + [None]),
                          st.one_of(st.none(), st.integers(1, 5), st.integers(-3, 9))),
                max_size=60)


def frame(rows, categorical: bool, order: list[int]) -> pd.DataFrame:
    ratings = pd.DataFrame({"token": [f"t{i % 7}" for i in range(len(rows))],
                            "step": [r[0] for r in rows], "item": [r[1] for r in rows],
                            "value": pd.array([r[2] for r in rows], dtype="Int8")})
    if categorical:  # as the loader gives them: categories in the loader's order, some unused
        ratings["step"] = pd.Categorical(ratings["step"], categories=[STEPS[i] for i in order])
        ratings["item"] = pd.Categorical(ratings["item"], categories=ITEMS[::-1])
    return ratings


@settings(max_examples=200, deadline=None)
@given(rows=ROWS, categorical=st.booleans(), order=st.permutations([0, 1, 2]))
def test_the_counts_are_pandas_groupby_counts_in_its_order(rows, categorical, order):
    ratings = frame(rows, categorical, order)
    assert by_numpy(ratings) == by_groupby(ratings)


def test_prefer_not_to_say_is_left_out_and_every_value_is_counted():
    ratings = frame([("00-welcome", "sign.a", 5), ("00-welcome", "sign.a", None),
                     ("00-welcome", "sign.a", 5), ("00-welcome", "sign.b", 1)], True, [1, 0, 2])
    # items in their categories' order (ITEMS reversed): sign.a before sign.b
    assert by_numpy(ratings) == [("00-welcome", "sign.a", 5, 2), ("00-welcome", "sign.b", 1, 1)]


def test_no_answers_gives_no_counts():
    assert by_numpy(frame([("00-welcome", "sign.a", None)], False, [0, 1, 2])) == []
    assert by_numpy(frame([], True, [0, 1, 2])) == []

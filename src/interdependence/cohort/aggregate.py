"""Turn a loaded cohort into the tidy data each dashboard chart draws, gated for privacy.

pandas lives here; matplotlib never does. Every function takes a ``CohortData`` (see
``cohort/__init__.py``) and returns a :class:`Panel`: what to draw, the number of people
behind it (``n``: distinct tokens with a non-null answer) and, when ``n`` is below the
cohort's ``min_group``, the hidden message instead of data. Parts of a chart (one item's
bar, one side of a dumbbell, one circle's count) are gated too, so a chart with enough
people overall never shows a row that fewer people answered.

Prefer-not-to-say answers (``<NA>``) are left out of every count, share and ``n``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import privacy, steps

CHECK_IN, CLOSE = steps.CHECK_IN.id, steps.CLOSING.id
ASK_LADDER, SUPPORT_MAP, BOUNDARIES = (
    steps.ASK_LADDER.id, steps.SUPPORT_MAP.id, steps.BOUNDARIES.id)
#: The top two points of a scale ("Often"/"Almost always", or "Agree"/"Strongly agree").
#: A share of them is only ever taken over items of ONE scale (see one_scale), so agreeing
#: and happening often are never counted as the same thing.
TOP_TWO = (4, 5)
#: What every chart of the seven signs says about reading it.
SIGNS_DIRECTION = "Lower means easier: the sign showed up less often."


class MixedScales(ValueError):
    """Items on two answer scales were about to be pooled in one chart."""


def one_scale(items):
    """The one scale ``items`` share; :class:`MixedScales` if they use more than one."""
    scales = {item.scale.id: item.scale for item in items}
    if len(scales) != 1:
        raise MixedScales("One chart shows one answer scale; these items use "
                          f"{', '.join(sorted(scales)) or 'none'}.")
    return next(iter(scales.values()))


def by_scale(items) -> list[tuple[Any, list]]:
    """``items`` grouped by answer scale, in the order the scales first appear."""
    groups: dict[str, tuple[Any, list]] = {}
    for item in items:
        groups.setdefault(item.scale.id, (item.scale, []))[1].append(item)
    return list(groups.values())


def top_two_words(scale) -> str:
    """'Often or Almost always': the answers a top-two share counts, in the scale's words."""
    labels = dict(scale.points)
    return f"{labels[TOP_TWO[0]]} or {labels[TOP_TWO[1]]}"


@dataclass
class Panel:
    """One chart (or list) of the dashboard: its data, or the reason it is hidden."""

    key: str  # stable id, also the PNG file name
    step: str  # step id it belongs to ("" for the whole cohort)
    kind: str  # which function in charts/cohort.py draws it
    title: str
    n: int
    min_group: int
    data: Any = None  # tidy data for the chart function; None when hidden
    extra: dict = field(default_factory=dict)

    @property
    def visible(self) -> bool:
        return self.data is not None

    @property
    def hidden_message(self) -> str:
        return privacy.hidden_message(self.min_group)


def min_group_of(cohort, requested: int | None = None) -> int:
    """The threshold to apply: the cohort's fixed one, or a larger one asked for."""
    settings = getattr(cohort, "settings", None)
    fixed = settings.get("min_group") if isinstance(settings, Mapping) else None
    return privacy.effective_min_group(int(fixed) if fixed is not None else None, requested)


def _answered(ratings):
    """Rating rows with an answer (prefer-not-to-say dropped)."""
    return ratings[ratings["value"].notna()]


def answer_counts(ratings):
    """How many answers each (step, item, value) has, prefer-not-to-say left out: the
    combinations with at least one answer, in the order pandas' groupby sorts them, as a
    Series indexed by ``step``, ``item`` and ``value`` (plain strings and whole numbers).

    The same counts as ``ratings[ratings["value"].notna()].groupby(["step", "item", "value"],
    observed=True).size()``, counted with numpy over the columns' codes: no copy of the
    answered rows and no groupby over millions of them (at 100,000 people the two took about
    160 MB on top of the loaded cohort; issue 14, item 5).
    """
    import numpy as np
    import pandas as pd

    steps, step_codes = _codes(ratings["step"])
    items, item_codes = _codes(ratings["item"])
    value = ratings["value"]
    # left out as groupby leaves them out: no answer, or no step or item (code -1)
    unanswered = value.isna().to_numpy() | (step_codes < 0) | (item_codes < 0)
    counted = not unanswered.all()
    low = int(value.min()) if counted else 0  # over every answer: a bin for each value
    width = int(value.max()) - low + 1 if counted else 1
    size = len(steps) * len(items) * width
    # One code a row, (step, item, value) numbered in sort order, worked out in place;
    # prefer-not-to-say rows go in one more bin, left out.
    key = step_codes.astype("int64")
    key *= len(items)
    key += item_codes
    key *= width
    key += value.to_numpy(dtype="int64", na_value=low)
    key -= low
    key[unanswered] = size
    del unanswered
    counts = np.bincount(key, minlength=size + 1)[:size]
    del key
    found = np.flatnonzero(counts)
    step_at, rest = np.divmod(found, len(items) * width)
    item_at, value_at = np.divmod(rest, width)
    index = pd.MultiIndex.from_arrays(
        [steps[step_at], items[item_at], value_at + low], names=["step", "item", "value"])
    return pd.Series(counts[found], index=index, dtype="int64")


def _codes(column):
    """(labels, code of each row) of a column of text, categorical or not, numbered as
    groupby sorts it (categories in their order; text in sorted order)."""
    import numpy as np
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        return np.asarray(column.cat.categories, dtype=object), column.cat.codes.to_numpy()
    codes, labels = pd.factorize(column, sort=True)
    return np.asarray(labels, dtype=object), codes


def _n(frame) -> int:
    """Distinct people behind some rows (already without prefer-not-to-say)."""
    return privacy.n_contributors(frame)


def _panel(key, step, kind, title, n, min_group, make_data, **extra) -> Panel:
    """Build the chart's data only when enough people are behind it.

    The data handed to a chart function is a dict: the panel's numbers (a DataFrame goes
    under ``rows``) plus ``title``, ``n`` and ``min_group`` so a chart can label itself.
    """
    data = None
    if privacy.allows(n, min_group):
        made = make_data()
        if not isinstance(made, dict):
            made = {"rows": made}
        data = {**extra, **made, "title": title, "n": n, "min_group": min_group}
    return Panel(key, step, kind, title, n, min_group, data, dict(extra))


# ---- participation -------------------------------------------------------------------------


def participation(cohort, curriculum, min_group: int) -> Panel:
    """People who shared each step; each step's count is gated on its own."""
    import pandas as pd

    people = getattr(cohort, "participation", None)
    if people is None:  # no participation table: an answered rating or a summary counts
        answered = _answered(cohort.ratings)[["token", "step"]]
        summaries = cohort.summaries[cohort.summaries["value"].notna()][["token", "step"]]
        people = pd.concat([answered, summaries]).drop_duplicates()
    verdicts = privacy.Gate(min_group).participation(people)
    n = int(people["token"].nunique()) if len(people) else 0

    def make():
        rows = []
        for step in curriculum.steps:
            if not step.shareable:
                continue
            verdict = verdicts.get(step.id)
            rows.append({"step": step.id, "label": _step_label(step),
                         "people": verdict.data if verdict else None, "shown": bool(verdict)})
        frame = pd.DataFrame(rows, columns=["step", "label", "people", "shown"])
        return frame.astype({"people": "Int64"})

    unshared = [_step_label(step) for step in curriculum.steps if not step.shareable]
    return _panel("participation", "", "participation", "Who shared each step", n, min_group,
                  make, total=n, unshared=unshared)


def _table(rows: list[dict]):
    """Rows as a DataFrame; counts stay whole numbers, with <NA> where a part is hidden."""
    import pandas as pd

    frame = pd.DataFrame(rows)
    for column in ("n", "n_before", "n_after", "people", "tasks"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame


def _step_label(step) -> str:
    return step.label if step.number in (0, 8) else f"Step {step.number}"


# ---- diverging stacked bars ----------------------------------------------------------------


def likert(cohort, step, items, min_group: int, key: str | None = None,
           title: str | None = None, subject: str | None = None,
           direction: str = "") -> Panel:
    """Per item: the share of answers at each of the five points, for diverging bars.

    Shares are of the item's non-null answers. An item answered by fewer than
    ``min_group`` people keeps its row but carries no numbers (``shown`` False). All
    ``items`` are on one scale (:class:`MixedScales` otherwise): the legend names its points.
    """
    scale = one_scale(items)

    ratings = cohort.ratings
    ids = [item.id for item in items]
    rows = _answered(ratings[(ratings["step"] == step.id) & ratings["item"].isin(ids)])
    n = _n(rows)

    def make():
        counts = (answer_counts(rows).droplevel("step").unstack(fill_value=0)
                  .reindex(index=ids, columns=[1, 2, 3, 4, 5], fill_value=0))
        out = []
        for item in items:
            row = counts.loc[item.id]
            item_n = int(row.sum())
            shown = privacy.allows(item_n, min_group)
            shares = [100.0 * int(c) / item_n if shown else None for c in row]
            out.append({"item": item.id, "label": item.short or item.text,
                        "n": item_n if shown else None,
                        "shown": shown, "scale": item.scale.id,
                        **{f"p{v}": s for v, s in zip((1, 2, 3, 4, 5), shares, strict=True)}})
        return _table(out)

    return _panel(key or f"{step.id}.ratings.{scale.id}", step.id, "likert",
                  title or f"{_step_label(step)}: {step.title}", n, min_group, make,
                  scale_labels=[label for _, label in scale.points], scale=scale.id,
                  question=scale.question, direction=direction,
                  step_label=_step_label(step),
                  subject=subject or f"the statements of {_step_label(step).lower()} "
                                     f"({step.title})")


def signs(cohort, curriculum, min_group: int) -> tuple[Panel, Panel, Panel]:
    """The seven signs at check-in and at close (diverging bars) and the dumbbell of both."""
    check_in, close = curriculum.step(CHECK_IN), curriculum.step(CLOSE)
    before = likert(cohort, check_in, curriculum.signs, min_group, key="signs.check-in",
                    title="The seven signs at check-in", subject="the seven signs at check-in",
                    direction=SIGNS_DIRECTION)
    after = likert(cohort, close, curriculum.signs, min_group, key="signs.close",
                   title="The seven signs at close", subject="the seven signs at close",
                   direction=SIGNS_DIRECTION)
    return before, after, agreeing_before_after(cohort, curriculum, min_group)


def _share_top_two(rows, item_id: str) -> tuple[float | None, int]:
    values = rows.loc[rows["item"] == item_id, "value"]
    n = int(values.size)
    return (100.0 * int(values.isin(TOP_TWO).sum()) / n if n else None), n


def agreeing_before_after(cohort, curriculum, min_group: int) -> Panel:
    """Per sign: the share answering 4 or 5 (of the signs' one scale: "Often" or "Almost
    always") at check-in and at close (a dumbbell)."""
    scale = one_scale(curriculum.signs)
    ratings = _answered(cohort.ratings)
    ids = [s.id for s in curriculum.signs]
    rows_before = ratings[(ratings["step"] == CHECK_IN) & ratings["item"].isin(ids)]
    rows_after = ratings[(ratings["step"] == CLOSE) & ratings["item"].isin(ids)]
    # Both ends must be shown for a dumbbell to say anything; the chart's n is the smaller.
    # Each side's n, said in the legend, is each sign's own (its rows' n_before, n_after):
    # someone who preferred not to say on a sign is not in that sign's share.
    n = min(_n(rows_before), _n(rows_after))

    def make():
        out = []
        for sign in curriculum.signs:
            before, n_before = _share_top_two(rows_before, sign.id)
            after, n_after = _share_top_two(rows_after, sign.id)
            out.append({
                "item": sign.id, "label": sign.short or sign.text,
                "before": before if privacy.allows(n_before, min_group) else None,
                "after": after if privacy.allows(n_after, min_group) else None,
                # a part's n below min_group is itself a count that must not be shown
                "n_before": n_before if privacy.allows(n_before, min_group) else None,
                "n_after": n_after if privacy.allows(n_after, min_group) else None,
            })
        return _table(out)

    top = top_two_words(scale)
    return _panel("signs.dumbbell", CLOSE, "dumbbell",
                  f"The seven signs: share answering {top}, check-in and close", n,
                  min_group, make,
                  top_two=top, question=scale.question, direction=SIGNS_DIRECTION)


# ---- exercise summaries --------------------------------------------------------------------


def _summary(cohort, step_id: str):
    s = cohort.summaries
    return s[(s["step"] == step_id) & s["value"].notna()]


def _keys(frame, prefix: str) -> list[str]:
    return sorted({k[len(prefix):] for k in frame["key"] if k.startswith(prefix)})


def _ordered(ids: list[str], preferred: list[str]) -> list[str]:
    return [i for i in preferred if i in ids] + [i for i in ids if i not in preferred]


def _by_key(rows, prefix: str, order: list[str]):
    """``(id, values)`` for each key ``prefix + id`` in ``rows``: the ids in ``order`` first,
    in that order, then any others."""
    for key in _ordered(_keys(rows, prefix), order):
        yield key, rows.loc[rows["key"] == prefix + key, "value"]


def _exercise_ids(step, section: str) -> list[str]:
    return [str(e["id"]) for e in step.exercise.get(section, ())]


def _exercise_labels(step, section: str) -> dict[str, str]:
    return {str(e["id"]): str(e.get("label", e["id"])) for e in step.exercise.get(section, ())}


def _spread(values, width: float = 1, top: float | None = None) -> dict:
    """Median and middle half of a set of numbers, and how many people gave each value
    (``dots``, for a dot plot; aggregates only, never a token).

    Dots in bins wider than 1 sit at their bin's middle, so the median is marked the same
    way: ``mark`` is the middle of the bin that holds the exact median and ``band`` that
    bin's ends (None for whole numbers drawn as they are). Then at least half the dots sit at
    or below the mark and at least half at or above it, as the legend says.
    """
    median = float(values.median())
    start = bin_start(median, width, top)
    grouped = width > 1
    return {"median": median, "q1": float(values.quantile(0.25)),
            "q3": float(values.quantile(0.75)), "n": int(values.size),
            "dots": dots(values, width, top), "width": width,
            "mark": start + width / 2 if grouped else median,
            "band": (start, start + width) if grouped else None}


def bin_start(value: float, width: float = 1, top: float | None = None) -> float:
    """Where the bin of ``value`` starts: ``value`` rounded down to a multiple of ``width``;
    a value at the scale's ``top`` (100 of 0-100) goes in the last bin below it."""
    import math

    start = math.floor(float(value) / width) * width
    if top is not None and start >= top and width > 1:
        start = top - width
    return start


def dots(values, width: float = 1, top: float | None = None) -> tuple[tuple[float, int], ...]:
    """``(value, people)`` for a dot plot, lowest value first: each value rounded down to a
    bin ``width`` wide (``width`` 1: whole numbers as they are, a count of people in a
    circle), a bin shown at its middle; a dot plot stacks one dot per person on it. A value
    at the scale's ``top`` (100 of 0-100) goes in the last bin below it."""
    bins: dict[float, int] = {}
    for value in values:
        start = bin_start(value, width, top)
        bins[start] = bins.get(start, 0) + 1
    middle = width / 2 if width > 1 else 0
    return tuple((start + middle, people) for start, people in sorted(bins.items()))


def _only_people_who(rows, keys) -> Any:
    """Rows of the people whose numbers under ``keys`` add up to more than 0.

    Someone who shared a step without doing its exercise sends zeros; counting them would
    make the group look as if it had done the exercise and found nothing.
    """
    done = rows[rows["key"].isin(list(keys))].groupby("token")["value"].sum()
    return rows[rows["token"].isin(done[done > 0].index)]


def _support_rows(cohort, step):
    """Step 4 summaries with circle counts as ``circles.<id>``, of people who drew a map.

    The share summary sends circles as bare keys (``inner``) and kinds as ``kinds.<id>``.
    """
    rows = _summary(cohort, SUPPORT_MAP)
    circles = _exercise_ids(step, "circles")
    bare = rows["key"].isin(circles)
    if bare.any():
        rows = rows.copy()
        rows["key"] = rows["key"].astype("str")  # new names: the loader's keys are categorical
        rows.loc[bare, "key"] = "circles." + rows.loc[bare, "key"]
    drawn = [k for k in set(rows["key"]) if k.startswith(("circles.", "circle."))]
    return _only_people_who(rows, drawn) if drawn else rows


def _support_panel(cohort, curriculum, min_group: int, section: str, column: str, kind: str,
                   title: str, numbers) -> Panel:
    """A step 4 panel of those who drew a map, one row per id of ``section`` (``circles``
    or ``kinds``) named in ``column``; ``numbers(values, shown)`` gives the row's numbers."""
    step = curriculum.step(SUPPORT_MAP)
    all_rows = _support_rows(cohort, step)
    prefix = f"{section}."
    rows = all_rows[all_rows["key"].str.startswith(prefix)]
    labels = _exercise_labels(step, section)

    def make():
        out = []
        for key, values in _by_key(rows, prefix, _exercise_ids(step, section)):
            shown = privacy.allows(int(values.size), min_group)
            out.append({column: key, "label": labels.get(key, key), "shown": shown,
                        **numbers(values, shown)})
        return _table(out)

    return _panel(f"{SUPPORT_MAP}.{section}", SUPPORT_MAP, kind, title, _n(rows), min_group,
                  make)


def support_circles(cohort, curriculum, min_group: int) -> Panel:
    """People per circle of the support map: the median number each person placed there."""

    def numbers(values, shown: bool) -> dict:
        spread = _spread(values) if shown else {"n": None}
        return {"median": spread.get("median"), "q1": spread.get("q1"),
                "q3": spread.get("q3"), "mean": float(values.mean()) if shown else None,
                "n": spread["n"], "dots": spread.get("dots")}

    return _support_panel(cohort, curriculum, min_group, "circles", "circle",
                          "support_circles", "Support map: people in each circle", numbers)


def support_kinds(cohort, curriculum, min_group: int) -> Panel:
    """Kinds of support: the share of people with at least one person giving each kind."""

    def numbers(values, shown: bool) -> dict:
        return {"share": 100.0 * float((values > 0).mean()) if shown else None,
                "mean": float(values.mean()) if shown else None,
                "n": int(values.size) if shown else None}

    return _support_panel(cohort, curriculum, min_group, "kinds", "kind",
                          "support_kinds", "Support map: kinds of support", numbers)


# Summary keys below are exactly those the exercise modules' share_summary() emit
# (exercises/ask_ladder.py, support_map.py, boundaries.py); the loader flattens nested
# dicts as "kinds.practical". tests/test_cohort_charts.py checks them against real shares.


def first_ask(cohort, curriculum, min_group: int) -> Panel:
    """The ask ladder: how many of those who built a ladder have done a first ask."""
    rows = _summary(cohort, ASK_LADDER)
    if "asks" in set(rows["key"]):  # only those who built a ladder
        rows = _only_people_who(rows, ["asks"])
    key = "first_ask_done"
    values = rows.loc[rows["key"] == key, "value"]
    n = int(values.size)

    def make():
        done = int((values > 0).sum())
        return {"done": done, "not_yet": n - done, "n": n, "share": 100.0 * done / n}

    return _panel(f"{ASK_LADDER}.first-ask", ASK_LADDER, "first_ask",
                  "Ask ladder: who has tried a first ask", n, min_group, make)


def _both(rows, first: str, second: str):
    """One row a person (by token), columns ``first`` and ``second``, of those who reported
    both; no rows when nobody sent one of the two keys."""
    wide = rows[rows["key"].isin([first, second])].pivot_table(
        index="token", columns="key", values="value", aggfunc="first")
    if first in wide and second in wide:
        return wide[[first, second]].dropna()
    return wide.iloc[0:0]


def _pair_panel(cohort, step_id: str, key: str, kind: str, title: str, min_group: int,
                keys: dict[str, str], counts, width: float,
                top: float | None = None) -> Panel:
    """Two numbers a person, for those who sent both: the spread of each (``keys``: the
    data's name -> the summary key) with dots in bins ``width`` wide, and
    ``counts(first, second)``, counts over the group."""
    (first_name, first_key), (second_name, second_key) = keys.items()
    both = _both(_summary(cohort, step_id), first_key, second_key)
    n = int(len(both))

    def make():
        first, second = both[first_key], both[second_key]
        return {first_name: _spread(first, width, top), second_name: _spread(second, width, top),
                "n": n, **counts(first, second)}

    return _panel(f"{step_id}.{key}", step_id, kind, title, n, min_group, make)


#: A dot plot of discomfort (0-100) stacks people in bins this wide, of hours in bins of
#: HOURS_BIN hours: close enough to read the spread, never one person's exact number.
DISCOMFORT_BIN = 10
HOURS_BIN = 5


def discomfort(cohort, curriculum, min_group: int) -> Panel:
    """Expected against actual discomfort of the first ask, for those who reported both."""
    return _pair_panel(
        cohort, ASK_LADDER, "discomfort", "discomfort",
        "Ask ladder: expected and actual discomfort", min_group,
        {"expected": "expected", "actual": "actual"},
        lambda expected, actual: {"easier": int((actual < expected).sum()),
                                  "harder": int((actual > expected).sum())},
        width=DISCOMFORT_BIN, top=100)


def load_hours(cohort, curriculum, min_group: int) -> Panel:
    """Boundaries: weekly hours of load listed against hours available (medians)."""
    return _pair_panel(
        cohort, BOUNDARIES, "hours", "load_hours",
        "Boundaries: hours listed and hours available", min_group,
        {"load": "hours", "available": "hours_available"},
        lambda load, available: {"over": int((load > available).sum())},
        width=HOURS_BIN)


def decisions(cohort, curriculum, min_group: int) -> Panel:
    """Boundaries: how many listed tasks were marked keep, drop, delegate or ask for help."""

    step = curriculum.step(BOUNDARIES)
    all_rows = _summary(cohort, BOUNDARIES)
    prefix = "decisions."
    decided = [k for k in set(all_rows["key"]) if k.startswith(prefix)]
    all_rows = _only_people_who(all_rows, decided)  # those who decided about a task
    rows = all_rows[all_rows["key"].str.startswith(prefix)]
    n = _n(rows)
    labels = _exercise_labels(step, "decisions")
    labels.setdefault("ask", labels.get("ask_for_help", "Ask for help"))

    def make():
        out = []
        for decision, values in _by_key(rows, prefix, _exercise_ids(step, "decisions") + ["ask"]):
            people = int((values > 0).sum())  # people who marked at least one task this way
            # the tasks of a decision come from the people who chose it: fewer than
            # min_group of them and the count would tell about one person's week
            shown = privacy.allows(people, min_group)
            out.append({"decision": decision, "label": labels.get(decision, decision),
                        "tasks": int(values.sum()) if shown else None,
                        "people": people if shown else None, "shown": shown,
                        "n": int(values.size) if shown else None})
        return _table(out)

    return _panel(f"{BOUNDARIES}.decisions", BOUNDARIES, "decisions",
                  "Boundaries: what people decided about their tasks", n, min_group, make)


# ---- shared reflections --------------------------------------------------------------------


def reflections(cohort, curriculum, min_group: int, seed: int | None = None) -> list[Panel]:
    """Shared reflections per prompt, shuffled by the gate; too few answers means hidden."""
    texts = [r for r in cohort.reflections if str(r.get("text", "")).strip()]
    rng = random.Random(seed) if seed is not None else None
    verdicts = privacy.Gate(min_group).reflections(texts, rng=rng)
    panels = []
    for step in curriculum.steps:
        if not step.shareable:
            continue
        for prompt in step.prompts:
            if not prompt.shareable:
                continue
            # Every shareable prompt gets a panel, shared or not: a hidden panel that
            # appeared only once someone shared would tell that someone did.
            verdict = verdicts.get(prompt.id) or privacy.Verdict(False, 0, min_group)
            panels.append(_panel(f"{step.id}.reflections.{prompt.id}", step.id, "reflections",
                                 prompt.text, verdict.n, min_group,
                                 lambda verdict=verdict: verdict.data))
    return panels


# ---- everything, by step -------------------------------------------------------------------


def all_panels(cohort, curriculum, min_group: int | None = None,
               seed: int | None = None) -> list[Panel]:
    """Every panel of the dashboard and the report, in teaching order."""
    min_group = min_group_of(cohort, min_group)
    panels = [participation(cohort, curriculum, min_group)]
    before, after, dumbbell = signs(cohort, curriculum, min_group)
    made = {"signs_before": before, "signs_after": after, "signs_dumbbell": dumbbell}

    def chart(name: str) -> Panel:  # a step's dashboard chart, named in steps.py
        if name not in made:
            made[name] = STEP_CHARTS[name](cohort, curriculum, min_group)
        return made[name]

    reflection_panels = reflections(cohort, curriculum, min_group, seed=seed)
    for step in curriculum.steps:
        if not step.shareable:
            continue
        panels.extend(chart(name) for name in steps.get(step.id).dashboard)
        own = [i for i in step.items if not (step.has_signs and i.id.startswith("sign."))]
        for scale, items in by_scale(own):  # one chart per answer scale, never pooled
            panels.append(likert(cohort, step, items, min_group,
                                 title=f"{_step_label(step)}: {step.title} ({scale.question})"))
        panels.extend(p for p in reflection_panels if p.step == step.id)
    return panels


#: The dashboard charts a step can name in ``steps.py`` (``dashboard``), besides the signs'.
STEP_CHARTS = {
    "first_ask": first_ask, "discomfort": discomfort,
    "support_circles": support_circles, "support_kinds": support_kinds,
    "load_hours": load_hours, "decisions": decisions,
}

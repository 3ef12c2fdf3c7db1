"""The aggregates are the same whatever form the loader gives the summaries' keys in.

The loader keeps ``summaries["key"]`` as a categorical column (a few small codes a row instead
of a string each: at 100,000 participants that is about 100 MB less); the revealed state
(``cohort/reveal.py``) and older callers hand plain strings. Every panel, with its numbers and
its small-group suppression, must be exactly the same either way, on the sample cohort and
on generated ones. ``GOLDEN`` (when set) also compares with panels written by the kit before
the change.
"""

from __future__ import annotations

import math

import pandas as pd
from cohort_fakes import realistic, write_folder

from interdependence import curriculum as _curriculum
from interdependence import paths
from interdependence.cohort import aggregate, load_cohort

CURRICULUM = _curriculum.default()


def canon(value):
    """A panel's data in plain, comparable form (frames with their dtypes; NaN as a word)."""
    if isinstance(value, pd.DataFrame):
        cells = value.astype(object).where(value.notna(), None).values.tolist()
        return {"frame": [str(c) for c in value.columns], "dtypes": [str(t) for t in value.dtypes],
                "index": [canon(i) for i in value.index.tolist()], "cells": canon(cells)}
    if isinstance(value, pd.Series):
        return {"series": canon(value.tolist()), "index": canon(value.index.tolist()),
                "dtype": str(value.dtype)}
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if value is pd.NA or value is None:
        return None
    if hasattr(value, "item"):  # a numpy number
        return canon(value.item())
    return value


def panels_of(data, min_group=None) -> list:
    out = []
    for p in aggregate.all_panels(data, CURRICULUM, min_group=min_group, seed=1):
        made = canon(p.data)
        if p.kind == "reflections" and made:  # shuffled in the order of the files read
            made["rows"] = sorted(made["rows"])
        out.append([p.key, p.step, p.kind, p.title, p.n, p.min_group, p.visible, made,
                    canon(p.extra)])
    return out


def with_text_keys(data):
    """The same data with the summaries' keys as plain strings (the revealed state's form)."""
    from dataclasses import replace

    summaries = data.summaries.copy()
    summaries["key"] = summaries["key"].astype("str")
    return replace(data, summaries=summaries)


def cohorts(tmp_path) -> dict:
    out = {"sample": load_cohort(str(paths.sample_cohort()), set_aside=False)}
    for people, seed in ((7, 2), (40, 5), (300, 11)):
        folder = write_folder(tmp_path / f"c{people}", realistic(CURRICULUM, people=people,
                                                                 seed=seed))
        out[f"generated-{people}"] = load_cohort(str(folder), set_aside=False)
    return out


# 5: the usual gate; 12 and 60 hide some items, panels and statements but not others
MIN_GROUPS = (None, 12, 60)


def test_the_loader_keeps_summary_keys_as_a_categorical_column(tmp_path):
    data = cohorts(tmp_path)["sample"]
    assert isinstance(data.summaries["key"].dtype, pd.CategoricalDtype)
    assert data.summaries["key"].memory_usage(deep=True) < 4 * len(data.summaries) + 10_000


def test_every_panel_is_the_same_with_categorical_or_text_keys(tmp_path):
    hidden = shown = 0
    for name, data in cohorts(tmp_path).items():
        for min_group in MIN_GROUPS:
            got = panels_of(data, min_group)
            assert got == panels_of(with_text_keys(data), min_group), (name, min_group)
            hidden += sum(1 for p in got if not p[6])
            shown += sum(1 for p in got if p[6])
    assert hidden  # the suppression rules were exercised both ways
    assert shown


def test_a_load_gives_freed_memory_back_once_its_tables_are_made(tmp_path, monkeypatch):
    from interdependence.cohort import loader

    calls = []
    real = loader._give_back_freed_memory
    monkeypatch.setattr(loader, "_give_back_freed_memory", lambda: calls.append(1) or real())
    data = load_cohort(str(paths.sample_cohort()), set_aside=False)
    assert calls == [1]
    assert len(data.ratings)

"""The synthetic cohort: valid, realistic, reproducible, and the same as data/sample-cohort."""

import subprocess
import sys
from pathlib import Path

import pytest

from interdependence import privacy
from interdependence.cohort import StoreError, load_cohort
from interdependence.cohort.demo import participants, reflection_pool, write_demo_cohort
from interdependence.curriculum import default as default_curriculum

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample-cohort"
#: The project's shared/ folder sits beside the repository (README: ../shared/tools/copycheck.py)
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"


def test_the_committed_sample_cohort_is_exactly_what_the_command_makes(tmp_path):
    made = tmp_path / "sample"
    write_demo_cohort(made, count=24, seed=7, code="SAMPLE")
    # files only: a load of the sample (the dashboard notebook, `make report`) may keep the
    # facilitator's state in _facilitator/, which git ignores
    committed = {p.name: p.read_bytes() for p in SAMPLE.iterdir() if p.is_file()}
    fresh = {p.name: p.read_bytes() for p in made.iterdir() if p.is_file()}
    assert len(committed) == 25, "data/sample-cohort should hold 24 submissions + settings"
    assert committed == fresh, ("data/sample-cohort is out of date: run `interdependence "
                                "demo-cohort data/sample-cohort --participants 24 --seed 7` "
                                "into an empty folder")


def test_the_sample_cohort_loads_whole_with_a_realistic_spread():
    data = load_cohort(SAMPLE, set_aside=False)
    assert data.accepted == 24
    assert data.rejected == []
    assert data.settings.code == "SAMPLE"
    assert data.settings.min_group == 5
    per_step = data.participation.groupby("step")["token"].nunique()
    assert per_step["00-welcome"] > per_step["07-consider-therapy"]  # fewer share later steps
    assert "01-pinpoint-the-root-cause" not in per_step
    assert per_step.min() >= 5  # every step's participation chart can be shown
    nulls = data.ratings["value"].isna().mean()
    assert 0.02 < nulls < 0.15, "some prefer-not-to-say, not many"
    values = data.ratings["value"].dropna()
    assert set(values.unique()) == {1, 2, 3, 4, 5}
    keys = set(data.summaries["key"])
    assert {"first_ask_done", "expected", "actual", "inner", "kinds.practical", "hours",
            "hours_available", "decisions.keep"} <= keys
    gate = privacy.Gate.of(data)
    verdicts = gate.reflections(data.reflections)
    assert any(v.shown for v in verdicts.values()), "some reflections can be read"
    assert any(not v.shown for v in verdicts.values()), "and some are hidden: the gate shows"


def test_shared_reflections_come_from_the_pool_and_none_is_repeated():
    data = load_cohort(SAMPLE, set_aside=False)
    pool = {text for texts in reflection_pool().values() for text in texts}
    texts = [r["text"] for r in data.reflections]
    assert len(texts) >= 40
    assert all(t in pool for t in texts)
    assert len(set(texts)) == len(texts), "a reflection is shared twice in the sample"
    # nowhere in the cohort either, and not even when a big demo runs the pool dry
    big = [t for sub in participants(200, seed=4) for body in sub["steps"].values()
           for t in body.get("reflections", {}).values()]
    assert len(set(big)) == len(big)


def _signs(data, step):
    signs = [s.id for s in default_curriculum().signs]
    rows = data.ratings.dropna(subset=["value"])
    return rows[(rows["step"] == step) & rows["item"].isin(signs)]


def test_the_sample_tells_a_modest_believable_story_from_check_in_to_close():
    data = load_cohort(SAMPLE, set_aside=False)
    before, after = _signs(data, "00-welcome"), _signs(data, "08-embracing-interdependence")
    eased = before["value"].mean() - after["value"].mean()
    assert 0.1 <= eased <= 0.5, f"the signs should ease a little on average, not {eased:.2f}"
    for sign in default_curriculum().signs:
        share = [100 * rows.loc[rows["item"] == sign.id, "value"].isin((4, 5)).mean()
                 for rows in (before, after)]
        change = share[1] - share[0]
        assert -25 <= change <= 5, f"{sign.short}: {share[0]:.0f}% -> {share[1]:.0f}%"
    # per person: most ease a little, and not everyone does
    mine = before.groupby("token")["value"].mean()
    later = after.groupby("token")["value"].mean()
    both = mine.index.intersection(later.index)
    moved = later[both] - mine[both]
    assert len(both) >= 12
    assert (moved < 0).sum() > len(both) / 2
    assert (moved >= 0).sum() >= 2, "not every person improves"


def test_the_same_seed_gives_the_same_cohort_and_another_seed_does_not():
    first = list(participants(5, seed=1))
    assert first == list(participants(5, seed=1))
    assert first != list(participants(5, seed=2))
    assert len({s["token"] for s in participants(200, seed=4)}) == 200


def test_the_demo_refuses_a_folder_with_something_in_it(tmp_path):
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(StoreError, match="not empty"):
        write_demo_cohort(tmp_path)


def test_the_demo_reflections_pass_the_copy_check():
    """Every word in the sample's reflections comes from the pool in data/ (tested above),
    and the copy checker reads that file (not the .json submissions), so it is pointed at it."""
    tool = COPYCHECK
    if not tool.is_file():
        pytest.skip(f"the project's shared copy checker is not beside this checkout ({tool}); "
                    "it comes with the shared/ folder next to the repository")
    proc = subprocess.run([sys.executable, str(tool),
                           str(ROOT / "data" / "demo-reflections.yaml")],
                          capture_output=True, text=True)
    assert "0 run(s)" in proc.stdout + proc.stderr, proc.stdout + proc.stderr

"""The notebooks exist, are clean in git, and follow the one-short-call rule."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = [ROOT / "notebooks", ROOT / "facilitator_guide"]
STEPS = sorted(p.stem for p in (ROOT / "data" / "curriculum" / "steps").glob("*.yaml"))


def all_notebooks():
    found = [p for d in NOTEBOOK_DIRS for p in sorted(d.glob("*.ipynb"))]
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def test_the_glob_finds_a_notebook_for_every_step():
    assert len(STEPS) == 9
    names = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert names == set(STEPS), f"missing: {set(STEPS) - names}, extra: {names - set(STEPS)}"


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs_or_widget_state(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"])
             if c.get("outputs") or c.get("execution_count") is not None]
    assert not dirty, f"cells {dirty} carry outputs: run nbstripout {path.name}"
    assert "widgets" not in nb.get("metadata", {}), "widget state is saved in the metadata"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_participant_code_cells_are_short_calls_with_a_line_above(path):
    cells = json.loads(path.read_text())["cells"]
    assert cells[0]["cell_type"] == "markdown"
    assert "".join(cells[0]["source"]).startswith("# ")
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]).strip()
        lines = source.splitlines()
        assert len(lines) <= 2, f"cell {i} has {len(lines)} lines: {source!r}"
        assert all(len(line) <= 80 for line in lines)
        assert cells[i - 1]["cell_type"] in ("markdown", "code")
        assert i > 0
        if not re.fullmatch(r"step\.\w+\([^()]*\)", source):  # the setup cell
            assert source.startswith("from interdependence import"), source

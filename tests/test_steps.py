"""The step registry (steps.py): every step wired once, step ids written only there."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from interdependence import steps
from interdependence.curriculum import default

SRC = Path(__file__).resolve().parents[1] / "src" / "interdependence"
STEP_ID = re.compile(r"^\d\d-[a-z0-9]+(-[a-z0-9]+)*$")


def test_every_step_of_the_curriculum_is_registered_in_teaching_order():
    assert [s.id for s in steps.ALL] == [s.id for s in default().steps]


@pytest.mark.parametrize("entry", steps.ALL, ids=lambda s: s.id)
def test_every_part_and_model_named_in_the_registry_exists(entry, journal):
    for name in entry.parts:
        assert callable(entry.part(name))
    model = entry.new_model(journal)
    assert (model is None) == (not entry.model)
    if model is not None:
        assert entry.id == model.STEP_ID
        summary = model.share_summary()
        assert (summary != {}) == entry.shares_summary, "a summary needs its bounds"
        assert set(summary) <= set(entry.summary_bounds or {})


def test_an_unknown_part_names_the_ones_there_are():
    with pytest.raises(LookupError, match="choose one of: ladder, chart, pick"):
        steps.ASK_LADDER.part("nope")


def test_reading_the_registry_imports_no_widgets_and_no_matplotlib():
    code = ("import sys, interdependence.steps, interdependence.cohort.submission, "
            "interdependence.exercises.closing, interdependence.exercises.ask_ladder; "
            "print(any(m.split('.')[0] in ('ipywidgets', 'matplotlib') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def _code_strings(path: Path) -> list[str]:
    """String constants in a module's code, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


def test_step_ids_are_written_only_in_the_registry():
    found = {}
    for path in SRC.rglob("*.py"):
        if path.name == "steps.py" and path.parent == SRC:
            continue
        ids = [s for s in _code_strings(path) if STEP_ID.match(s)]
        if ids:
            found[str(path.relative_to(SRC))] = ids
    assert found == {}


@pytest.mark.parametrize("entry", [s for s in steps.ALL if s.shares_summary], ids=lambda s: s.id)
def test_every_key_a_step_may_share_names_the_chart_it_is_revealed_with(entry):
    """A summary key with no unit would fall back to its own name and move on its own: a
    chart reading several keys could then change with fewer than min_group people."""
    assert set(entry.summary_bounds) <= set(entry.summary_units)


def test_the_support_map_summary_is_one_unit_whatever_key_shape_it_arrives_in():
    from interdependence.cohort.reveal import summary_chart

    step = steps.SUPPORT_MAP.id
    keys = ("inner", "middle", "outer", "kinds.emotional", "circles.inner", "circle.outer")
    assert {summary_chart(step, key) for key in keys} == {"support"}

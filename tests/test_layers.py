"""Imports point down the data flow (DESIGN.md): the logic layer renders nothing and draws
nothing, so it can be tested and reused without widgets, charts or pages."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "interdependence"

#: What exercise logic must never import: widgets, drawing, and the layers above it.
ABOVE_LOGIC = ("ipywidgets", "matplotlib", "interdependence.views", "interdependence.charts",
               "interdependence.report", "interdependence.plan_export", "interdependence.app")


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved to absolute names."""
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", sorted((SRC / "exercises").glob("*.py")), ids=lambda p: p.name)
def test_exercise_logic_imports_nothing_above_it(path):
    bad = sorted(m for m in imported_modules(path)
                 if any(m == top or m.startswith(top + ".") for top in ABOVE_LOGIC))
    assert not bad, f"{path.name} imports {bad}"


def test_the_import_scan_sees_relative_imports_of_the_layers_above():
    """The check above can fail: a relative import of the renderer is seen as one."""
    views = imported_modules(SRC / "views" / "closing.py")
    assert "interdependence.plan_export" in views
    assert "interdependence.exercises.closing" in views

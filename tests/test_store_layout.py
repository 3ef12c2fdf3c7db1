"""The cohort stores are a package whose modules import downwards only: no cycle, no shim.

The graph is read from the source (every ``import`` and ``from ... import``, also those inside
functions and ``if TYPE_CHECKING:``), so an import added lazily to dodge a cycle at run time
still counts as one.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "interdependence"
STORES = "interdependence.cohort.stores"


def _modules() -> dict[str, Path]:
    """Every module of the project by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def _imports(name: str, modules: dict[str, Path]) -> set[str]:
    """The project's modules that module ``name`` imports, anywhere in its source."""
    tree = ast.parse(modules[name].read_text(encoding="utf-8"))
    here = name if _is_package(name, modules) else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                targets.add(_existing(alias.name, modules))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in modules else _existing(base, modules))
    targets.discard("")
    targets.discard(name)
    return targets


def _existing(dotted: str, modules: dict[str, Path]) -> str:
    """The longest prefix of ``dotted`` that is one of the project's modules, or ''."""
    parts = dotted.split(".")
    while parts:
        if ".".join(parts) in modules:
            return ".".join(parts)
        parts.pop()
    return ""


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, modules) for name in modules}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_lazy_and_type_checking_imports():
    graph = _graph()
    assert f"{STORES}.postgres" in graph[f"{STORES}.factory"]  # inside a function
    assert f"{STORES}.base" in graph[f"{STORES}.postgres"]
    assert "interdependence.privacy" in graph[f"{STORES}.base"]  # `from ... import privacy`


def test_no_import_cycle_passes_through_a_store_module():
    graph = _graph()
    stores = {name for name in graph if name == STORES or name.startswith(STORES + ".")}
    assert {f"{STORES}.{m}" for m in ("base", "factory", "folder", "folder_setup",
                                      "postgres", "hubservice")} <= stores
    assert [c for c in _cycles(graph) if stores & set(c)] == []


def test_the_stores_import_only_downwards():
    """base is the bottom; the package file imports nothing; the stores never import the
    modules that use them (the loader, sharing, the CLI...)."""
    graph = _graph()
    inside = {name for name in graph if name.startswith(STORES + ".")}
    assert graph[STORES] == set()
    assert graph[f"{STORES}.base"] & inside == set()
    for name in inside:
        outside = {t for t in graph[name] if t not in inside and t != STORES}
        assert outside <= {"interdependence.privacy", "interdependence.safe_text",
                           "interdependence.frozen", "interdependence.cohort.settings",
                           "interdependence.cohort.submission"}, name
    assert f"{STORES}.factory" not in {t for n in inside for t in graph[n]}


def test_the_old_single_module_paths_are_gone():
    """No shim: an import of the old paths fails loudly rather than half-working."""
    modules = _modules()
    assert "interdependence.cohort.store" not in modules
    assert "interdependence.cohort.postgres" not in modules
    assert "interdependence.cohort.hubservice" not in modules


def test_opening_a_folder_store_never_imports_the_database_driver(tmp_path):
    code = ("import sys; from interdependence.cohort.stores.factory import open_store; "
            f"open_store({str(tmp_path)!r}); "
            "print(sorted(m for m in ('sqlalchemy', 'psycopg') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(SRC), "PATH": ""})
    assert out.stdout.strip() == "[]"


def test_only_a_database_url_opens_as_a_postgres_store(tmp_path):
    from interdependence.cohort.stores.base import StoreError
    from interdependence.cohort.stores.factory import is_postgres_url, open_postgres_store

    assert is_postgres_url("postgresql://kit@db/kit?cohort=A")
    assert is_postgres_url("postgres://kit@db/kit")
    assert not is_postgres_url(str(tmp_path))
    assert not is_postgres_url(None)
    with pytest.raises(StoreError, match="not a postgresql:// URL"):
        open_postgres_store(str(tmp_path))

"""The layer rule, checked on the source (DESIGN.md: "Logic never imports ipywidgets or
matplotlib"; "Imports point down the picture above, never back up").

Every module of ``src/interdependence`` is parsed (never imported) and each import in it is
read, lazy ones inside functions included, and so are dynamic ones: a string naming a module
of the kit ("interdependence.views.timeline", as ``views/exercises.py`` keeps them) counts as
an import of that module. Each module falls into a layer by the longest matching prefix in
:data:`LAYERS`, so a new module inside a package (``cohort/stores/``, ``report/``,
``views/style.py``) needs no edit here; a new top-level module does, and the test says so.

Layers, lowest first; a module may import its own layer and the ones below, never above:

    core     the participant's data and the rules: no widgets, no charts, no pandas needed
    cohort   submissions, stores, the loader, aggregates, the revealed state (facilitator data)
    charts   matplotlib figures drawn from tidy data
    report   pages: the HTML report and its loading, the plan export (no widgets)
    views    ipywidgets: what a notebook shows
    entry    commands and servers that start the rest (CLI, Voila app, hub share service)
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "interdependence"

CORE, COHORT, CHARTS, REPORT, VIEWS, ENTRY = "core", "cohort", "charts", "report", "views", "entry"
ORDER = (CORE, COHORT, CHARTS, REPORT, VIEWS, ENTRY)

#: module prefix -> (layer, why). A prefix matches the module itself and everything in it.
LAYERS: dict[str, tuple[str, str]] = {
    "interdependence.atomic": (CORE, "crash-safe file writes, used by every layer that saves"),
    "interdependence.paths": (CORE, "where things live: plain paths from the environment"),
    "interdependence.safe_text": (CORE, "untrusted text made safe to show: plain strings"),
    "interdependence.shapes": (CORE, "TypedDicts of the journal and submission: types only"),
    "interdependence.palette": (CORE, "colours as data, shared by charts and views alike"),
    "interdependence.frozen": (CORE, "frozen records: dataclass-like, cheaper to define"),
    "interdependence.limits": (CORE, "the privacy model's numbers: constants only"),
    "interdependence.privacy": (CORE, "the gate: thresholds and messages, no storage"),
    "interdependence.curriculum": (CORE, "the item bank from data/: frozen records"),
    "interdependence.journal": (CORE, "the private journal: the participant's data"),
    "interdependence.exercises": (CORE, "exercise logic (models) over journal data"),
    "interdependence.steps": (CORE, "the steps' exercise models, named once (no widgets)"),
    "interdependence.notebook_copy": (CORE, "copies the workshop notebooks: files only"),
    "interdependence.cohort": (COHORT, "the facilitator's data: sees submissions, not journals"),
    "interdependence.charts": (CHARTS, "one matplotlib function per chart; tidy data in"),
    "interdependence.report": (REPORT, "HTML from charts and the cohort; the dashboard reuses it"),
    "interdependence.plan_export": (REPORT, "the participant's plan as a page; no widgets"),
    "interdependence.views": (VIEWS, "widgets only: no storage, no statistics"),
    "interdependence.session": (VIEWS, "open_step: the notebook's one call, handing out views"),
    "interdependence.warmup": (VIEWS, "a charted notebook's kernel loads matplotlib at start"),
    "interdependence.cli": (ENTRY, "the interdependence command: report, check, withdraw..."),
    "interdependence.app": (ENTRY, "make app: Voila with the landing page"),
    "interdependence.hubshare": (ENTRY, "the hub's share service (tornado, HubAuth)"),
    "interdependence.lab_contents": (ENTRY, "JupyterLab's file reading: no dead widgets"),
    "interdependence.kernel": (ENTRY, "the kernel the kit runs in: IPython's, debugger off"),
}
#: The package itself (``__init__.py``) only hands out ``open_step`` (lazily): an entry.
ROOT = ("interdependence", (ENTRY, "the package: open_step for notebooks"))

#: Third-party packages a layer must never import, with why.
FORBIDDEN: dict[str, dict[str, str]] = {
    CORE: {
        "ipywidgets": "logic never imports widgets (DESIGN.md)",
        "anywidget": "logic never imports widgets",
        "IPython": "logic runs outside a notebook (the CLI, the hub service, tests)",
        "matplotlib": "logic never imports matplotlib (DESIGN.md)",
    },
    COHORT: {
        "ipywidgets": "logic never imports widgets (DESIGN.md)",
        "anywidget": "logic never imports widgets",
        "IPython": "the facilitator's tools run outside a notebook too",
        "matplotlib": "logic never imports matplotlib (DESIGN.md)",
    },
    CHARTS: {
        "ipywidgets": "a chart is a figure; the views put it in a widget",
        "anywidget": "a chart is a figure",
        "IPython": "charts are drawn for the report and the CLI too",
    },
    REPORT: {
        "ipywidgets": "the report is written by the CLI, with no notebook",
        "anywidget": "the report is written by the CLI",
        "IPython": "the report is written by the CLI",
    },
}

#: Known violations, each to be fixed by the work named; the test fails once one is gone, so
#: this list can only shrink. Empty today: every module keeps the rule.
KNOWN: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (absolute)
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path) -> list[Import]:
    """Every import in a module, wherever it is (top level, function, class, try)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # `from . import privacy` imports a module; `from ..exercises import closing` the
            # package and (maybe) a module in it; `from .store import X` store (X is then read
            # as store.X, which falls into store's layer)
            targets = [f"{source}.{a.name}" for a in node.names]
            if node.module is not None:
                targets.append(source)
            found += [Import(name, t, node.lineno) for t in targets]
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and node.value.startswith("interdependence.")
              and all(part.isidentifier() for part in node.value.split("."))):
            found.append(Import(name, node.value, node.lineno))  # importlib by name
    return found


def layer_of(module: str) -> tuple[str, str] | None:
    if module == ROOT[0]:
        return ROOT[1]
    best = None
    for prefix, layer in LAYERS.items():
        if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > len(best[0])):
            best = (prefix, layer)
    return best[1] if best else None


def violations() -> list[tuple[str, str, str]]:
    """(module, target, why) for every import that breaks the rule."""
    found = []
    for name, path in modules().items():
        layer = layer_of(name)
        assert layer is not None, f"{name} is in no layer: add its prefix to LAYERS"
        rank = ORDER.index(layer[0])
        for imp in imports_of(name, path):
            top = imp.target.split(".")[0]
            if top != "interdependence":
                why = FORBIDDEN.get(layer[0], {}).get(top)
                if why:
                    found.append((name, imp.target, f"line {imp.line}: {why}"))
                continue
            target_layer = _target_layer(imp.target)
            if target_layer is not None and ORDER.index(target_layer) > rank:
                found.append((name, imp.target,
                              f"line {imp.line}: {layer[0]} imports upward, from {target_layer}"))
    return found


def _target_layer(target: str) -> str | None:
    """The layer of an imported name; ``interdependence.cohort.store.Problem`` is cohort's."""
    while target:
        layer = layer_of(target)
        if layer is not None:
            return layer[0]
        target = target.rpartition(".")[0]
    return None


# ---- the rule ------------------------------------------------------------------------------


def test_every_module_of_the_kit_is_in_a_layer():
    found = modules()
    assert len(found) > 40, f"expected the whole package under {PACKAGE}, found {sorted(found)}"
    missing = sorted(name for name in found if layer_of(name) is None)
    assert not missing, f"add these to LAYERS in tests/test_layers.py: {missing}"


def test_no_module_breaks_the_layer_rule():
    broken = [v for v in violations() if (v[0], v[1]) not in KNOWN]
    assert not broken, "\n".join(f"{m} imports {t} ({why})" for m, t, why in broken)


def test_known_violations_are_still_there():
    """The known list can only shrink: a fixed one must come off it."""
    now = {(m, t) for m, t, _ in violations()}
    gone = sorted(KNOWN - now)
    assert not gone, f"fixed, take off KNOWN in tests/test_layers.py: {gone}"


# ---- the checker itself ------------------------------------------------------------------


def test_lazy_relative_and_dynamic_imports_are_all_read(tmp_path, monkeypatch):
    package = tmp_path / "interdependence"
    (package / "cohort").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "cohort" / "__init__.py").write_text("")
    module = package / "cohort" / "thing.py"
    module.write_text(
        "from .. import privacy\n"
        "from .store import Store\n"
        "def draw():\n"
        "    import matplotlib.pyplot as plt\n"
        "    from ..views.common import guarded\n"
        "    return 'interdependence.charts.cohort'\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    found = {(i.target, i.line) for i in imports_of("interdependence.cohort.thing", module)}
    assert found == {("interdependence.privacy", 1), ("interdependence.cohort.store", 2),
                     ("interdependence.cohort.store.Store", 2), ("matplotlib.pyplot", 4),
                     ("interdependence.views.common", 5),
                     ("interdependence.views.common.guarded", 5),
                     ("interdependence.charts.cohort", 6)}


def test_the_scan_reads_a_real_views_imports():
    """On the kit itself: the closing view's relative imports of the renderer and the logic."""
    name = "interdependence.views.closing"
    found = {i.target for i in imports_of(name, modules()[name])}
    assert "interdependence.plan_export" in found
    assert "interdependence.exercises.closing" in found
    assert _target_layer("interdependence.plan_export") == REPORT


@pytest.mark.parametrize(("module", "layer"), [
    ("interdependence.cohort.stores.folder", COHORT),  # the store split's package
    ("interdependence.report.html", REPORT),  # the report split's package
    ("interdependence.views.style", VIEWS),
    ("interdependence.exercises.models", CORE),
    ("interdependence.charts.palette", CHARTS),
    ("interdependence.reporting", None),  # a prefix matches whole names only
])
def test_new_modules_fall_into_their_package_layer(module, layer):
    found = layer_of(module)
    assert (found[0] if found else None) == layer


def test_an_upward_or_forbidden_import_is_reported(tmp_path, monkeypatch):
    package = tmp_path / "interdependence"
    (package / "exercises").mkdir(parents=True)
    (package / "charts").mkdir()
    for folder in (package, package / "exercises", package / "charts"):
        (folder / "__init__.py").write_text("")
    (package / "exercises" / "bad.py").write_text(
        "def f():\n    import ipywidgets\n    from ..views import common\n")
    (package / "charts" / "fine.py").write_text("import matplotlib\nfrom .. import privacy\n")
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "SRC", tmp_path)
    monkeypatch.setattr(this, "PACKAGE", package)
    found = {(m, t) for m, t, _ in violations()}
    assert found == {("interdependence.exercises.bad", "ipywidgets"),
                     ("interdependence.exercises.bad", "interdependence.views"),
                     ("interdependence.exercises.bad", "interdependence.views.common")}

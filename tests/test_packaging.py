"""pyproject.toml is the one list of dependencies; environment.yml must match it."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _environment_deps():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python", "pip")):
            name, spec = re.match(r"^([A-Za-z0-9_.-]+)(.*)$", dep.replace(" ", "")).groups()
            out[name.lower()] = spec
    return env, out


def test_environment_yml_names_the_same_runtime_dependencies_as_pyproject():
    declared = {Requirement(r).name.lower(): str(Requirement(r).specifier)
                for r in _pyproject()["project"]["dependencies"]}
    _, conda = _environment_deps()
    assert set(conda) == set(declared)
    for name, spec in declared.items():
        assert set(conda[name].split(",")) == set(spec.split(",")), name


def test_environment_yml_uses_conda_forge_and_installs_the_package():
    env, _ = _environment_deps()
    assert env["channels"] == ["conda-forge"]
    assert "python>=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(p.startswith("-e .") for p in pip)


def test_core_dependencies_are_the_ones_the_kit_is_built_on():
    names = {Requirement(r).name.lower() for r in _pyproject()["project"]["dependencies"]}
    assert {"jupyterlab", "ipywidgets", "pandas", "matplotlib", "pyyaml"} <= names
    test_extra = {Requirement(r).name.lower()
                  for r in _pyproject()["project"]["optional-dependencies"]["test"]}
    assert {"pytest", "nbval", "playwright"} <= test_extra


def test_importing_the_package_loads_no_widgets_or_charting():
    import subprocess
    import sys

    code = ("import sys, interdependence; "
            "print(sorted(m for m in ('ipywidgets','pandas','matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---- the wheel (tests/test_wheel.py builds and installs one; these are the quick checks) ----


def _kit_file_patterns() -> tuple[str, ...]:
    """setup.py's KIT_FILES, read without running setup.py."""
    import ast

    tree = ast.parse((ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(getattr(t, "id", None) == "KIT_FILES" for t in targets):
                return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no KIT_FILES")


def test_the_build_step_ships_what_the_package_reads_and_each_pattern_finds_files():
    patterns = _kit_file_patterns()
    for pattern in patterns:
        assert [p for p in ROOT.glob(pattern) if p.is_file()], pattern
    shipped = {p.relative_to(ROOT).as_posix() for pattern in patterns
               for p in ROOT.glob(pattern) if p.is_file()}
    assert {"data/curriculum/dashboard.yaml", "data/demo-reflections.yaml",
            "data/sample-cohort/settings.json", "notebooks/00-welcome.ipynb",
            "facilitator_guide/cohort-dashboard.ipynb"} <= shipped
    manifest = (ROOT / "MANIFEST.in").read_text()
    for pattern in ("data/curriculum", "data/demo-reflections.yaml", "data/sample-cohort/*.json",
                    "notebooks/*.ipynb", "facilitator_guide/cohort-dashboard.ipynb"):
        assert pattern in manifest, f"MANIFEST.in leaves {pattern} out of the sdist"


def test_licence_files_and_py_typed_are_declared_and_exist():
    project = _pyproject()["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    declared = project["license-files"]
    found = {p.relative_to(ROOT).as_posix() for pattern in declared for p in ROOT.glob(pattern)}
    assert found == {"LICENSE", "NOTICE", "LICENSES/CC-BY-4.0.txt"}
    package_data = _pyproject()["tool"]["setuptools"]["package-data"]["interdependence"]
    assert "py.typed" in package_data
    assert (ROOT / "src" / "interdependence" / "py.typed").is_file()


def test_the_makefile_installs_the_setuptools_the_build_asks_for():
    """So `make wheel` and tests/test_wheel.py build offline, with no build isolation."""
    requires = _pyproject()["build-system"]["requires"]
    (setuptools,) = [r for r in requires if Requirement(r).name == "setuptools"]
    assert f"'{setuptools}'" in (ROOT / "Makefile").read_text()
    # 77 is the first with PEP 639 licence metadata (`license` as an expression)
    assert Requirement(setuptools).specifier.contains("77") and not \
        Requirement(setuptools).specifier.contains("76.9")

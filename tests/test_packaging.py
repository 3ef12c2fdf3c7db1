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

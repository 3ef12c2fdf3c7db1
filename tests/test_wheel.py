"""The built wheel, installed into a fresh venv and run from a folder outside the project.

Builds the sdist (so MANIFEST.in is tested too), then the wheel from it, as `python -m build`
would; installs the wheel with --no-deps into a new venv that sees the already-installed
dependencies through a .pth file placed after its own site-packages, so the wheel's copy of
the package wins over the editable install. Then, from a temporary folder: every notebook of
the curriculum and the facilitator dashboard opens, `interdependence notebooks` copies them,
`interdependence report` writes a report from a demo cohort, and the app serves its landing
page and a step.

The build needs setuptools>=77 (pyproject.toml). `make` puts one in .venv; where the running
environment has an older one, it is installed into a temporary folder for the build (from
PyPI, or pip's cache).
"""

import json
import os
import re
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import urllib.request
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "interdependence"
SHIPPED = f"{PACKAGE}/_shipped/"


def _run(argv, *, env=None, cwd=None, timeout=300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in argv], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=timeout)
    assert proc.returncode == 0, (
        f"{' '.join(map(str, argv))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that points Python at the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "INTERDEPENDENCE_DATA",
                        "INTERDEPENDENCE_COHORT", "PIP_REQUIRE_VIRTUALENV")}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1", MPLBACKEND="Agg")
    env.update(extra)
    return env


def _build_requirement() -> Requirement:
    import tomllib

    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    return next(Requirement(r) for r in requires if Requirement(r).name == "setuptools")


def _build_env(work: Path) -> dict[str, str]:
    """An environment whose setuptools satisfies the build requirement, offline if it can."""
    wanted = _build_requirement()
    if Version(metadata.version("setuptools")) in wanted.specifier:
        return _clean_env()
    target = work / "build-env"
    _run([sys.executable, "-m", "pip", "install", "--quiet", "--target", target,
          str(wanted)], env=_clean_env())
    return _clean_env(PYTHONPATH=str(target))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(sdist, wheel) built from this checkout."""
    out = tmp_path_factory.mktemp("dist")
    env = _build_env(out)
    code = ("import sys; from setuptools import build_meta as b; "
            "print(b.build_sdist(sys.argv[1]))")
    sdist = out / _run([sys.executable, "-c", code, out], env=env,
                       cwd=ROOT).stdout.strip().splitlines()[-1]
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--no-cache-dir", "--no-index", "-w", out, sdist], env=env)
    (wheel,) = out.glob(f"{PACKAGE}-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def venv(built, tmp_path_factory):
    """A fresh venv with the wheel installed; returns its bin/ folder."""
    _, wheel = built
    folder = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", folder])
    python = folder / "bin" / "python"
    own = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                    env=_clean_env()).stdout.strip())
    # The dependencies already installed here, after the venv's own site-packages (a .pth
    # line is appended to sys.path), so the wheel's interdependence comes first.
    shared = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (own / "zz-test-dependencies.pth").write_text("\n".join(shared) + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
          "--no-index", wheel], env=_clean_env())
    return folder / "bin"


@pytest.fixture
def elsewhere(tmp_path):
    """A working folder outside the project, and the environment to run in it."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = _clean_env(INTERDEPENDENCE_HOME=str(tmp_path / "home"),
                     # Jupyter's data files (Voila's templates, the widget front end) are in
                     # the environment the dependencies were installed into.
                     JUPYTER_PATH=os.pathsep.join(
                         [str(Path(sys.prefix) / "share" / "jupyter"),
                          os.environ.get("JUPYTER_PATH", "")]).strip(os.pathsep))
    return work, env


def _repo_kit_files() -> set[str]:
    """What the package reads at run time, as laid out in the repository."""
    found = set()
    for pattern in ("data/curriculum/**/*.yaml", "data/curriculum/README.md",
                    "data/demo-reflections.yaml", "data/sample-cohort/*.json",
                    "notebooks/*.ipynb", "facilitator_guide/cohort-dashboard.ipynb"):
        found |= {str(p.relative_to(ROOT)) for p in ROOT.glob(pattern) if p.is_file()}
    return found


def test_the_wheel_holds_the_kit_s_files_licences_and_py_typed(built):
    sdist, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata_text = archive.read(meta).decode()
    shipped = {n[len(SHIPPED):] for n in names if n.startswith(SHIPPED)}
    expected = _repo_kit_files()
    assert {"data/curriculum/steps/00-welcome.yaml", "data/curriculum/dashboard.yaml",
            "notebooks/08-embracing-interdependence.ipynb",
            "data/sample-cohort/settings.json"} <= expected
    assert shipped == expected
    assert not any("/_facilitator/" in n or "/_set_aside/" in n for n in names)
    assert {f"{PACKAGE}/py.typed", f"{PACKAGE}/resources/lab-overrides.json",
            f"{PACKAGE}/resources/ipython_kernel_config.json",
            f"{PACKAGE}/resources/labextension/interdependence-lab/package.json",
            f"{PACKAGE}/resources/labextension/interdependence-lab/static/remoteEntry.js",
            f"{PACKAGE}/app.py", f"{PACKAGE}/cohort/stores/folder.py",
            f"{PACKAGE}/steps.py"} <= names
    licences = {n.split(".dist-info/licenses/", 1)[1] for n in names
                if ".dist-info/licenses/" in n}
    assert licences == {"LICENSE", "NOTICE", "LICENSES/CC-BY-4.0.txt"}
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata_text
    # The sdist carries the same files, so a wheel built from it (as here) has them.
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        in_sdist = {n[len(top) + 1:] for n in archive.getnames()}
    assert expected | {"setup.py", "LICENSE", "NOTICE", "LICENSES/CC-BY-4.0.txt",
                       "src/interdependence/py.typed"} <= in_sdist


def test_the_licence_files_are_the_real_texts():
    mit = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert mit.startswith("MIT License\n\nCopyright (c) 2026 The Interdependence contributors")
    assert "THE SOFTWARE IS PROVIDED \"AS IS\"" in mit
    cc = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert cc.startswith("Attribution 4.0 International")
    for heading in ("Section 1 -- Definitions.", "Section 3 -- License Conditions.",
                    "Section 8 -- Interpretation."):
        assert heading in cc
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "MIT" in notice
    assert "CC BY 4.0" in notice
    assert "data/" in notice


# Run inside the venv: every notebook's code cells, each as Jupyter would (the last line's
# value is what the cell shows), then what the package says about where it is.
OPEN_EVERYTHING = r"""
import ast, json, sys
from pathlib import Path
import interdependence
from interdependence import paths
from interdependence.views.guard import CALLBACK_ERRORS

shown = {}
notebooks = sorted(paths.notebooks_dir().glob("*.ipynb")) + [paths.dashboard_notebook()]
for notebook in notebooks:
    cells = [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    scope, kinds = {}, []
    for cell in cells:
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, notebook.name, "exec"), scope)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), notebook.name, "eval"), scope)
            # a widget counts as what ipywidgets calls it (view classes subclass VBox)
            widget = next((k.__name__ for k in type(value).__mro__
                           if k.__module__.startswith("ipywidgets")), None)
            kinds.append(widget or type(value).__name__)
    shown[notebook.name] = kinds
    if "dash" in scope:
        dash = scope["dash"]
        shown["dashboard"] = {"problems": dash.problems.value,
                              "accepted": dash.loaded.accepted if dash.loaded else 0}
print(json.dumps({"file": interdependence.__file__, "kit_root": str(paths.kit_root()),
                  "installed": paths.is_installed_copy(), "shown": shown,
                  "errors": [repr(e) for e in CALLBACK_ERRORS],
                  "sample": str(paths.sample_cohort())}))
"""


def test_every_notebook_opens_from_the_installed_wheel(venv, elsewhere):
    work, env = elsewhere
    proc = _run([venv / "python", "-c", OPEN_EVERYTHING], env=env, cwd=work)
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    site = Path(found["file"]).resolve()
    assert site.is_relative_to(venv.parent.resolve()), f"imported from {site}, not the venv"
    assert found["installed"]
    assert found["kit_root"].endswith(f"{PACKAGE}/_shipped")
    assert found["errors"] == []
    shown = found["shown"]
    steps = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(set(shown) - {"cohort-dashboard.ipynb", "dashboard"}) == steps
    for name in steps:
        # header, ratings, reflections, the exercise...: each cell shows a widget
        widgets = [k for k in shown[name] if k in ("VBox", "HBox", "HTML", "Box", "Tab")]
        assert len(widgets) >= 5, (name, shown[name])
    # The dashboard opened the sample cohort: a copy in the private folder, not site-packages.
    assert shown["dashboard"]["problems"] == ""
    assert shown["dashboard"]["accepted"] > 0
    assert Path(found["sample"]) == Path(env["INTERDEPENDENCE_HOME"]) / "sample-cohort"


def test_the_notebooks_command_copies_them_from_the_wheel(venv, elsewhere):
    work, env = elsewhere
    proc = _run([venv / "interdependence", "notebooks", "workshop", "--facilitator"],
                env=env, cwd=work)
    assert "10 copied" in proc.stdout
    copied = sorted(p.name for p in (work / "workshop").iterdir())
    expected = sorted([*(p.name for p in (ROOT / "notebooks").glob("*.ipynb")),
                       "cohort-dashboard.ipynb"])
    assert copied == expected
    for name in expected[:-1]:
        assert (work / "workshop" / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()


def test_a_report_is_written_from_a_demo_cohort(venv, elsewhere):
    work, env = elsewhere
    cli = venv / "interdependence"
    _run([cli, "demo-cohort", "practice", "--participants", "12"], env=env, cwd=work)
    proc = _run([cli, "report", "practice", "--out", "report.html"], env=env, cwd=work)
    lines = proc.stdout.splitlines()
    assert re.fullmatch(r"Drawing \d+ chart pictures: a few seconds the first time; they are "
                        r"kept, so the next report is quicker\.\.\.", lines[0])  # while it draws
    assert lines[1].startswith("Wrote report.html")
    shown = int(re.search(r"(\d+) charts shown", proc.stdout).group(1))
    page = (work / "report.html").read_text(encoding="utf-8")
    assert "<title>Cohort report — SAMPLE</title>" in page
    assert shown > 0
    assert page.count("<img") == shown


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def test_the_app_serves_the_landing_page_and_a_step_from_the_wheel(venv, elsewhere):
    pytest.importorskip("voila", reason="the app needs the `app` extra (pip install -e .[app])")
    work, env = elsewhere
    port, token = _free_port(), "wheel-test-token"
    log = work / "app.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(venv / "python"), "-m", "interdependence.app", "--no-browser",
             f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
             f"--Voila.token={token}", "--pool-size=0"],  # no kernels started ahead
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=work)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                landing = _get(f"{base}/?token={token}", timeout=5)
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        links = re.findall(r'href="/voila/render/([^"]+)"', landing)
        assert links[0] == "notebooks/00-welcome.ipynb", links
        assert len(links) == 9, links  # the nine parts; the dashboard is the facilitator's app
        assert not any("cohort-dashboard" in link for link in links), links
        page = _get(f"{base}/voila/render/notebooks/03-start-small.ipynb?token={token}")
        assert "Start small" in page
        assert page.count("application/vnd.jupyter.widget-view+json") >= 5
        assert "Traceback" not in page
        assert "There was an error" not in page
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

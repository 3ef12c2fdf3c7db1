"""JupyterLab and the app say different things where they must (issue 12, items 9 and 13).

- ``views/mode.py``: what the views print in Lab and in the app (Voila sets its variables).
- ``views/first_cell.py``: a cell run before the notebook's first one says which cell to run,
  kindly, with no traceback: checked in a real kernel that reads the kit's IPython config
  the way ``make lab`` installs it.
- ``make lab`` opens (and prints) the welcome notebook's URL, not the Launcher's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from interdependence.views import mode

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "src" / "interdependence" / "resources"
KERNEL_CONFIG = RESOURCES / "ipython_kernel_config.json"


@pytest.fixture
def in_lab(monkeypatch):
    for name in mode.VOILA_MARKERS:
        monkeypatch.delenv(name, raising=False)


def test_lab_is_told_to_run_cells_and_the_app_to_reload(in_lab, monkeypatch):
    assert not mode.in_app()
    assert mode.page_word() == "notebook"
    assert "run its cells" in mode.start_afresh()
    monkeypatch.setenv("VOILA_KERNEL_ID", "0f1e")
    assert mode.in_app()
    assert mode.page_word() == "page"
    assert "Reload" in mode.start_afresh()
    assert "cell" not in mode.start_afresh()


def test_the_progress_table_names_pages_in_the_app_and_the_way_back_follows(in_lab,
                                                                            monkeypatch,
                                                                            tmp_path):
    """The last step's one way back ("All the parts") is the welcome notebook in Lab and
    the list of parts in the app."""
    from interdependence import curriculum
    from interdependence.journal import Journal
    from interdependence.views.page import next_step_link, progress_view

    course = curriculum.default()
    journal = Journal(tmp_path / "journal.json")
    last = course.steps[-1]
    assert '<a href="00-welcome.ipynb">All the parts</a>' in next_step_link(course, last).value
    assert "<th>Notebook</th>" in progress_view(journal, course).value
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert '<a href="/">All the parts</a>' in next_step_link(course, last).value
    assert "<th>Page</th>" in progress_view(journal, course).value


# ---- a cell run before the first one ------------------------------------------------------


@pytest.fixture
def kernel(tmp_path):
    """A kernel of this environment reading the kit's IPython config, as ``make lab`` puts
    it in ``<venv>/etc/ipython``; here in a temp IPython profile, the same file name."""
    from jupyter_client.manager import start_new_kernel

    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    shutil.copy(KERNEL_CONFIG, profile / KERNEL_CONFIG.name)
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "IPYTHONDIR": str(tmp_path / "ipython"),
           "INTERDEPENDENCE_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    for name in mode.VOILA_MARKERS:
        env.pop(name, None)
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str) -> tuple[str, list[dict]]:
    outputs: list[dict] = []

    def keep(message):
        if message["msg_type"] in ("display_data", "stream", "error", "execute_result"):
            outputs.append({"type": message["msg_type"], **message["content"]})

    reply = client.execute_interactive(code, output_hook=keep, timeout=120)
    return reply["content"]["status"], outputs


def shown(outputs: list[dict]) -> str:
    return json.dumps(outputs)


def test_a_cell_run_before_the_first_one_says_which_cell_to_run(kernel):
    status, outputs = run(kernel, "step.header()")
    text = shown(outputs)
    assert "first grey cell" in text
    assert "from interdependence import" in text
    assert "Nothing you saved is lost" in text
    assert [o["type"] for o in outputs] == ["display_data"]  # no traceback output at all
    assert "NameError" not in text
    assert "Traceback" not in text
    assert status == "error"  # so "Run all" stops there instead of piling up the sentence

    # once the first cell has run, the same cell works
    status, _ = run(kernel, 'from interdependence import open_step\n'
                            'step = open_step("00-welcome")')
    assert status == "ok"
    status, outputs = run(kernel, "step.header()")
    assert status == "ok"
    assert "first grey cell" not in shown(outputs)


def test_any_other_error_still_shows_its_traceback(kernel):
    status, outputs = run(kernel, "spelling_mistake + 1")
    assert status == "error"
    errors = [o for o in outputs if o["type"] == "error"]
    assert errors
    assert errors[0]["ename"] == "NameError"
    assert "first grey cell" not in shown(outputs)


def test_make_lab_installs_the_kernel_config_and_the_wheel_ships_it():
    makefile = (ROOT / "Makefile").read_text()
    assert ("cp src/interdependence/resources/ipython_kernel_config.json "
            "$(VENV)/etc/ipython/ipython_kernel_config.json") in makefile
    config = json.loads(KERNEL_CONFIG.read_text())
    assert config["InteractiveShellApp"]["extensions"] == ["interdependence.views.first_cell"]
    guide = (ROOT / "facilitator_guide" / "deployment" / "README.md").read_text()
    assert guide.count("ipython_kernel_config.json") >= 2  # the venv and the Docker image


# ---- make lab lands on the welcome notebook -----------------------------------------------


def make_lab_command() -> list[str]:
    """The command ``make lab`` runs, from ``make -n`` (nothing is run or installed)."""
    venv = Path(sys.prefix)
    out = subprocess.run(
        ["make", "-n", "-o", f"{venv}/.installed", "lab", f"VENV={venv}", "PORT=8899",
         "LAB_ARGS=--no-browser"], cwd=ROOT, capture_output=True, text=True, check=True)
    lines = [line for line in out.stdout.splitlines() if " lab " in f"{line} "]
    assert len(lines) == 1, out.stdout
    return lines[0].split()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_opens_the_welcome_notebook_not_the_launcher():
    argv = make_lab_command()
    assert "--LabApp.default_url=/lab/tree/notebooks/00-welcome.ipynb" in argv
    assert "--no-browser" in argv
    assert not any(arg.endswith(".ipynb") and not arg.startswith("--") for arg in argv), (
        "a notebook given as a file opens only in the browser Lab starts itself, and the "
        "printed URL would still be the Launcher's")
    assert (ROOT / "notebooks" / "00-welcome.ipynb").is_file()


def test_readme_says_what_make_lab_opens():
    readme = (ROOT / "README.md").read_text()
    assert re.search(r"`make lab PORT=8890 LAB_ARGS=--no-browser`: the address it prints "
                     r"\(and the one it opens\) lands\s+on the welcome notebook", readme)


def test_make_lab_installs_the_extension_that_saves_on_close():
    """Its browser test is tests/browser/test_jupyterlab.py (closing never asks)."""
    extension = RESOURCES / "labextension" / "interdependence-lab"
    package = json.loads((extension / "package.json").read_text())
    assert package["name"] == extension.name
    assert package["jupyterlab"]["disabledExtensions"] == [
        "@jupyterlab/docmanager-extension:dialogs"]
    assert (extension / package["jupyterlab"]["_build"]["load"]).is_file()
    makefile = (ROOT / "Makefile").read_text()
    assert ("cp -R src/interdependence/resources/labextension/interdependence-lab "
            "$(VENV)/share/jupyter/labextensions/") in makefile
    guide = (ROOT / "facilitator_guide" / "deployment" / "README.md").read_text()
    assert guide.count("labextension/interdependence-lab") >= 2

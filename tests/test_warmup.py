"""A kit notebook that draws charts loads matplotlib as its kernel starts (issue 14, item 2).

``warmup.py`` decides by the notebook's name (``JPY_SESSION_NAME``) and the step registry's
``draws_charts``; these tests check that decision, that the registry says the truth about
every step's notebook, and that a real kernel reading the kit's IPython config loads
matplotlib ahead for a charted step and not for any other notebook.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from interdependence import steps, warmup

ROOT = Path(__file__).resolve().parents[1]
KERNEL_CONFIG = ROOT / "src" / "interdependence" / "resources" / "ipython_kernel_config.json"
CHARTED = [s.id for s in steps.ALL if s.draws_charts]


@pytest.mark.parametrize("step", steps.ALL, ids=lambda s: s.id)
def test_the_notebook_of_a_step_that_draws_charts_is_warmed_and_no_other(step):
    for name in (f"notebooks/{step.id}.ipynb", f"/home/sam/interdependence/{step.id}.ipynb",
                 f"{step.id}.ipynb"):
        assert warmup.wanted(name) is step.draws_charts, name


def test_the_dashboard_is_warmed_and_other_files_are_not():
    assert warmup.wanted("facilitator_guide/cohort-dashboard.ipynb")
    for name in (None, "", "Untitled.ipynb", "notebooks/floor.ipynb",
                 f"notebooks/{CHARTED[0]}.py", "notebooks/"):
        assert not warmup.wanted(name), name


def test_the_steps_that_draw_charts_are_the_ones_with_chart_parts():
    assert CHARTED == ["01-pinpoint-the-root-cause", "02-reframe-help-as-strength",
                       "03-start-small", "04-build-a-support-network",
                       "05-practice-vulnerability", "06-set-self-boundaries",
                       "08-embracing-interdependence"]


# What a step's notebook imports when all its cells run on a full journal (the Run All
# benchmark's): whether matplotlib is among it, printed as JSON.
RUN_NOTEBOOK = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[3])
    import lab_run_all
    from pathlib import Path
    lab_run_all.fill_journal(Path(sys.argv[2]))
    cells = json.loads(Path(sys.argv[1]).read_text())["cells"]
    names = {}
    for cell in cells:
        if cell["cell_type"] == "code":
            exec("".join(cell["source"]), names)
    print(json.dumps("matplotlib" in sys.modules))
""")


@pytest.mark.parametrize("step", steps.ALL, ids=lambda s: s.id)
def test_the_registry_says_the_truth_about_each_notebooks_charts(step, tmp_path):
    """``draws_charts`` is True exactly for the notebooks that import matplotlib when their
    cells run with every exercise answered (a wrong True only costs memory; a wrong False
    leaves a reader waiting)."""
    notebook = ROOT / "notebooks" / f"{step.id}.ipynb"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MPLBACKEND": "Agg"}
    out = subprocess.run([sys.executable, "-c", RUN_NOTEBOOK, str(notebook), str(tmp_path),
                          str(ROOT / "benchmarks")], env=env, capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) is step.draws_charts


WARM = textwrap.dedent("""
    import json, sys
    from interdependence import warmup
    thread = warmup.start(sys.argv[1] or None)
    if thread is not None:
        thread.join(120)
    print(json.dumps([thread is not None, "matplotlib.figure" in sys.modules,
                      "matplotlib.backends.backend_agg" in sys.modules]))
""")


def warm_in_a_fresh_python(name: str, **env: str) -> list[bool]:
    out = subprocess.run([sys.executable, "-c", WARM, name], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
                         timeout=300, check=True)
    return json.loads(out.stdout)


def test_start_loads_matplotlib_on_a_thread_for_a_charted_step_only():
    assert warm_in_a_fresh_python(f"notebooks/{CHARTED[0]}.ipynb") == [True, True, True]
    assert warm_in_a_fresh_python("notebooks/00-welcome.ipynb") == [False, False, False]


def test_the_warm_up_can_be_switched_off():
    assert warm_in_a_fresh_python(f"notebooks/{CHARTED[0]}.ipynb",
                                  INTERDEPENDENCE_WARM_UP="0") == [False, False, False]


def test_a_failing_warm_up_says_nothing_in_the_notebook(monkeypatch, capsys):
    """A thread's uncaught error is printed to stderr, which a kernel shows under a cell."""
    monkeypatch.setattr(warmup, "MODULES", ("interdependence_no_such_module",))
    thread = warmup.start(f"notebooks/{CHARTED[0]}.ipynb")
    assert thread is not None
    thread.join(30)
    assert not thread.is_alive()
    assert capsys.readouterr() == ("", "")


# ---- in a real kernel ---------------------------------------------------------------------


def kernel_modules(tmp_path: Path, session_name: str) -> tuple[bool, list[str]]:
    """Start a kernel reading the kit's IPython config (as ``make lab`` installs it) for a
    notebook called ``session_name``, wait for its warm-up thread to end (none: at once),
    then return whether matplotlib is loaded and the kernel's thread names."""
    from jupyter_client.manager import start_new_kernel

    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    shutil.copy(KERNEL_CONFIG, profile / KERNEL_CONFIG.name)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "IPYTHONDIR": str(tmp_path / "ipython"), "JPY_SESSION_NAME":
           session_name, "INTERDEPENDENCE_HOME": str(home), "PYTHONPATH": str(ROOT / "src")}
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        code = ("import sys, threading, json\n"
                "for t in threading.enumerate():\n"
                f"    if t.name == {warmup.THREAD_NAME!r}: t.join(120)\n"
                "print(json.dumps(['matplotlib' in sys.modules,"
                " [t.name for t in threading.enumerate()]]))")
        printed: list[str] = []

        def keep(message):
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])

        start = time.monotonic()
        reply = client.execute_interactive(code, output_hook=keep, timeout=120)
        assert reply["content"]["status"] == "ok"
        assert time.monotonic() - start < 120
        loaded, threads = json.loads("".join(printed).strip().splitlines()[-1])
        return loaded, threads
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def test_a_kernel_of_a_charted_step_has_matplotlib_loaded_before_its_first_cell(tmp_path):
    loaded, threads = kernel_modules(tmp_path, f"notebooks/{CHARTED[-1]}.ipynb")
    assert loaded
    assert warmup.THREAD_NAME not in threads  # it ended: nothing keeps running behind


def test_a_kernel_of_any_other_notebook_loads_nothing_ahead(tmp_path):
    loaded, threads = kernel_modules(tmp_path, "notebooks/Untitled.ipynb")
    assert not loaded
    assert warmup.THREAD_NAME not in threads


def test_jupyter_server_tells_a_kernel_its_notebooks_path():
    """What the warm-up reads: Jupyter Server gives each kernel it starts for a notebook the
    notebook's path as JPY_SESSION_NAME (with the file's name when Lab passes one)."""
    from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
    from jupyter_server.services.sessions.sessionmanager import SessionManager

    manager = SessionManager(kernel_manager=MappingKernelManager(root_dir=str(ROOT)))
    name = f"notebooks/{CHARTED[0]}.ipynb"
    env = manager.get_kernel_env(name)
    assert warmup.wanted(env["JPY_SESSION_NAME"])
    env = manager.get_kernel_env("notebooks", name=f"{CHARTED[0]}.ipynb")
    assert warmup.wanted(env["JPY_SESSION_NAME"])

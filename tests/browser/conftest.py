"""Fixtures for the browser tests: one JupyterLab and one Voila server per session, and Chromium.

Each server listens on a free loopback port, with a random token, a temp private home
(INTERDEPENDENCE_HOME, so the kernels write a throwaway journal) and temp Jupyter config,
runtime and settings folders, so nothing on this machine leaks in and nothing is left behind.

JupyterLab serves a temp *copy* of notebooks/ and facilitator_guide/: Lab saves open
notebooks (autosave is switched off too, belt and braces), and the committed notebooks
must stay free of outputs. Voila serves the project itself, through ``python -m
interdependence.app``, exactly what ``make app`` runs; Voila never writes notebooks.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright through ``executable_path``
(Playwright cannot download its own browser here). Without it the tests skip and say how
to install it; under CI=true the root conftest turns that skip into a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_ui import ROOT, screenshot

CHROMIUM = Path(os.environ.get("INTERDEPENDENCE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}: the browser tests need it. Install it with "
    "`sudo apt-get install chromium` (Debian/Ubuntu; `.ci/run` does this in CI), or point "
    "INTERDEPENDENCE_CHROMIUM at a Chromium or Chrome binary."
)
STARTUP_SECONDS = 90
KIT_CONTENTS = "interdependence.lab_contents.KitContentsManager"
LAB_EXTENSION = (ROOT / "src" / "interdependence" / "resources" / "labextension"
                 / "interdependence-lab")


# ---- servers -----------------------------------------------------------------------------


@dataclass
class Server:
    """A running Jupyter-ish server: where it is, how to get in, where its journal is."""

    base: str
    token: str
    home: Path  # INTERDEPENDENCE_HOME of the server and its kernels
    root: Path  # the folder it serves
    proc: subprocess.Popen
    log: Path
    extra: dict = field(default_factory=dict)

    def url(self, path: str = "", **query: str) -> str:
        params = "&".join(f"{k}={v}" for k, v in {**query, "token": self.token}.items())
        return f"{self.base}/{path.lstrip('/')}?{params}"

    @property
    def journal_path(self) -> Path:
        return self.home / "journal.json"

    def journal(self):
        """A fresh read of the journal file the kernels write (never a cached one)."""
        from interdependence.journal import Journal

        return Journal(self.journal_path)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(home: Path, jupyter_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "INTERDEPENDENCE_HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(jupyter_dir / "config"),
        "JUPYTER_RUNTIME_DIR": str(jupyter_dir / "runtime"),
        # Jupyter data the kit installs (make lab): its JupyterLab extension, see lab_server
        "JUPYTER_PATH": str(jupyter_dir / "share"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONUNBUFFERED": "1",
    })
    # As a participant has it: no test backend forced on the kernels, no cohort preset.
    for name in ("MPLBACKEND", "INTERDEPENDENCE_COHORT", "JUPYTER_TOKEN"):
        env.pop(name, None)
    return env


def wait_until_ready(proc: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server not ready after {STARTUP_SECONDS}s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM (Jupyter shuts its kernels down), then kill what is left of our own group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    # kernels are in the server's own process group (start_new_session below)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def start(argv_for_port, ready_path: str, *, home: Path, root: Path, workdir: Path,
          name: str) -> Server:
    """Start a server on a free port (retrying if another process takes the port first)."""
    token = secrets.token_hex(16)
    env = server_env(home, workdir)
    log = workdir / f"{name}.log"
    last_error = None
    for _attempt in range(3):
        port = free_port()
        with log.open("w") as out:
            proc = subprocess.Popen(argv_for_port(port, token), cwd=root, env=env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_ready(proc, f"{base}/{ready_path}?token={token}", log)
        except RuntimeError as exc:
            last_error = exc
            stop(proc)
            continue
        return Server(base=base, token=token, home=home, root=root, proc=proc, log=log)
    raise RuntimeError(f"{name} did not start: {last_error}")


def lab_settings(folder: Path) -> None:
    """User settings for the test Lab: no news or update checks, no autosave."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }
    for name, value in settings.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


@pytest.fixture
def launch_tools():
    """``free_port, lab_settings, server_env, stop``, for a test that starts its own server.
    (A fixture, not ``from conftest import``: in the whole suite that name can be another
    folder's conftest.)"""
    return free_port, lab_settings, server_env, stop


def start_lab(work: Path, root: Path, home: Path) -> Server:
    """JupyterLab over ``root`` on a free port with a token, set up in ``work`` as ``make lab``
    sets it up (the kit's extension: closing saves, never asks) but with no autosave. The
    browser tests and the benchmarks (benchmarks/_browser.py) both start it here."""
    lab_settings(work / "settings")
    shutil.copytree(LAB_EXTENSION, work / "share" / "labextensions" / LAB_EXTENSION.name)

    def argv(port, token):
        return [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
            "--ServerApp.allow_root=True",  # CI runs as root
            f"--LabApp.user_settings_dir={work / 'settings'}",
            f"--LabApp.workspaces_dir={work / 'workspaces'}",
            "--LabApp.extension_manager=readonly",  # no PyPI look-ups from the test server
            "--KernelManager.transport_encryption=required",  # as `make lab` (PRIVATE_KERNELS)
            f"--ServerApp.contents_manager_class={KIT_CONTENTS}",  # as `make lab` too
        ]

    return start(argv, "api/status", home=home, root=root, workdir=work, name="jupyterlab")


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    root, home = work / "root", work / "home"
    for folder in ("notebooks", "facilitator_guide"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    home.mkdir()
    server = start_lab(work, root, home)
    yield server
    stop(server.proc)


#: Kernels started ahead per page by the test servers: none (``--pool-size=0``). With the
#: app's default every server would start a kernel for each of its pages as it starts, nine
#: for the participants' app, on two cores in CI; test_preheat.py tests the pools.
TEST_POOL = "--pool-size=0"


def start_app(tmp_path_factory, name: str, command: list[str], *options: str,
              ready: str = "", pooled: bool = False) -> Server:
    """``command`` (the participants' or the facilitator's app) on a free port, with a token
    and a private home of its own; no kernels started ahead unless ``pooled``."""
    work = tmp_path_factory.mktemp(name)
    home = work / "home"
    home.mkdir()
    options = options if pooled else (TEST_POOL, *options)
    return start(app_argv(command, *options), ready, home=home, root=ROOT, workdir=work,
                 name=name)


def app_argv(command: list[str], *options: str):
    """How to start ``python -m COMMAND`` (a Voila app) on a port with a token."""
    def argv(port, token):
        return [sys.executable, "-m", *command, "--no-browser",
                f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                f"--Voila.token={token}", *options]

    return argv


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """``make app``: the participants' app."""
    server = start_app(tmp_path_factory, "voila", ["interdependence.app"])
    yield server
    stop(server.proc)


#: The pooled test server's idle cull, in seconds (the app's own is 600): short, so the tests
#: can wait past it, yet long enough for a browser on a busy two-core CI machine to load a
#: page's scripts and connect to the kernel it was handed before that kernel counts as
#: abandoned. At 3 s a slow page lost its kernel first in one CI run (widgets never loaded).
POOL_TEST_CULL = 15


@pytest.fixture(scope="module")
def pooled_voila_server(tmp_path_factory):
    """``make app`` with its kernels started ahead (the default, one per page), and a short
    idle cull (POOL_TEST_CULL) checked every second: pooled kernels must outlive it."""
    server = start_app(tmp_path_factory, "voila-pool", ["interdependence.app"],
                       f"--MappingKernelManager.cull_idle_timeout={POOL_TEST_CULL}",
                       "--MappingKernelManager.cull_interval=1", pooled=True)
    yield server
    stop(server.proc)


@pytest.fixture(scope="session")
def facilitator_server(tmp_path_factory):
    """``interdependence facilitator-app --cohort FOLDER`` on a copy of the sample cohort (the
    dashboard keeps its revealed state in the cohort folder; the project's stays as it is)."""
    from interdependence import paths

    cohort = tmp_path_factory.mktemp("cohort") / "spring"
    shutil.copytree(paths.data_dir() / "sample-cohort", cohort)
    server = start_app(tmp_path_factory, "facilitator", ["interdependence.cli",
                       "facilitator-app", f"--cohort={cohort}"], ready="voila/static/voila.js")
    server.extra["cohort"] = cohort
    yield server
    stop(server.proc)


@pytest.fixture(scope="session")
def full_voila_server(tmp_path_factory):
    """``make app`` again, on a journal with something in every list, chart and table
    (full_journal.py): what the layout and accessibility tests walk through."""
    from full_journal import fill

    work = tmp_path_factory.mktemp("voila-full")
    home = work / "home"
    home.mkdir()
    fill(home)

    def argv(port, token):
        return [sys.executable, "-m", "interdependence.app", "--no-browser",
                f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                f"--Voila.token={token}", TEST_POOL]

    server = start(argv, "", home=home, root=ROOT, workdir=work, name="voila-full")
    yield server
    stop(server.proc)


# ---- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module. Not for the session: while Playwright's sync API is
    open, asyncio sees a running loop in this thread, and the unit tests that run after
    tests/browser/ must not (the reflection autosave would wait for that loop)."""
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_HINT)
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: CI runs this on two cores next to a kernel per page.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ConsoleLog(list):
    """Errors the page reported: console.error messages and uncaught exceptions."""

    def errors(self, *harmless: str) -> list[str]:
        return [m for m in self if not any(h in m for h in harmless)]


@pytest.fixture
def page(browser, request):
    """A fresh browser context (own cookies and storage) per test, projector-sized."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    page = context.new_page()
    console = ConsoleLog()
    page.on("console", lambda m: m.type == "error" and console.append(
        f"console.error: {m.text} ({m.location.get('url', '')})"))
    page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))
    page.console = console
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        screenshot(page, f"FAILED-{request.node.name}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)

"""Shared by the browser benchmarks: a Voila app or JupyterLab server and headless Chromium,
started exactly as the browser tests start them (tests/browser/conftest.py)."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import conftest as browser_fixtures  # noqa: E402  (tests/browser/conftest.py)


def chromium_missing() -> str | None:
    """Why the browser benchmarks cannot run here, or None."""
    if not browser_fixtures.CHROMIUM.exists():
        return browser_fixtures.INSTALL_HINT
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')."
    return None


@contextlib.contextmanager
def voila(home: Path, *options: str) -> Iterator[browser_fixtures.Server]:
    """``python -m interdependence.app`` (what ``make app`` runs, with ``options``) on a free
    port, its kernels writing the journal in ``home``."""
    work = Path(tempfile.mkdtemp(prefix="bench-voila-"))
    server = browser_fixtures.start(browser_fixtures.app_argv(["interdependence.app"], *options),
                                    "", home=home, root=ROOT, workdir=work, name="voila")
    try:
        yield server
    finally:
        browser_fixtures.stop(server.proc)
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def lab(home: Path, root: Path) -> Iterator[browser_fixtures.Server]:
    """JupyterLab serving ``root`` (a copy of the notebooks: Lab writes into what it opens),
    set up as the browser tests set it up (no autosave, the kit's extension)."""
    work = Path(tempfile.mkdtemp(prefix="bench-lab-"))
    server = browser_fixtures.start_lab(work, root, home)
    try:
        yield server
    finally:
        browser_fixtures.stop(server.proc)
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def chromium_page(width: int = 1280, height: int = 900) -> Iterator:
    """A page in headless Chromium, with the browser tests' flags."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(browser_fixtures.CHROMIUM),
                                             headless=True, args=browser_fixtures.CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(120_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()

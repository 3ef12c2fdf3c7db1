"""App pages against plain Voila: from navigation until the page's last widget is drawn
(aim: each participant page at most 1.0x, the dashboard at most 1.2x).

The floor: a notebook with one IntSlider, served by plain ``voila`` from the same
environment (its kernel starts when the page is asked for). The app (``make app``) and the
facilitator's app keep a kernel started ahead for each page (app.py, ``--pool-size``);
before each sample the benchmark waits until that kernel is ready, as it is for a
participant who opens a page a few seconds after the last. Samples are interleaved,
BENCH_RUNS of each (default 5), medians.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PAGES = ["notebooks/00-welcome.ipynb", "notebooks/03-start-small.ipynb",
         "notebooks/08-embracing-interdependence.ipynb"]
READY = re.compile(r"Pre-heated kernel (\S+) is ready for (\S+)")

# True once Voila's spinner is gone and no widget is left undrawn (the widget manager
# replaces each widget-view <script> placeholder with the drawn view).
ALL_DRAWN_JS = """
() => !document.querySelector('#loading')
  && !document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')
  && !!document.querySelector('.jp-OutputArea-output .jupyter-widgets')
"""

FLOOR_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "floor", "metadata": {},
               "outputs": [], "source": "import ipywidgets\nipywidgets.IntSlider()"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def open_page(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ALL_DRAWN_JS, polling="raf", timeout=120_000)
    elapsed = time.perf_counter() - start
    page.goto("about:blank")  # closes the page: Voila shuts its kernel down
    return elapsed


def ready_count(server, notebook: str) -> int:
    return sum(m.group(2) == notebook
               for m in READY.finditer(server.log.read_text(errors="replace")))


def wait_ready(server, notebook: str, count: int) -> None:
    """Until ``count`` kernels have been ready for ``notebook`` (none to wait for when the
    app keeps none ahead: --pool-size=0, or a kit from before they existed)."""
    if "kept ready for each" not in server.log.read_text(errors="replace"):
        return
    deadline = time.monotonic() + 180
    while ready_count(server, notebook) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no kernel ready for {notebook}:\n{server.log_tail()}")
        time.sleep(0.2)


def plain_voila(home: Path, root: Path):
    import _browser

    fixtures = _browser.browser_fixtures

    def argv(port, token):
        return [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
                "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", f"--Voila.token={token}",
                str(root)]

    return fixtures.start(argv, "", home=home, root=root, workdir=root, name="plain-voila")


def facilitator(home: Path, work: Path):
    import _browser

    from interdependence import paths

    cohort = work / "cohort"
    shutil.copytree(paths.data_dir() / "sample-cohort", cohort)

    def argv(port, token):
        return [sys.executable, "-m", "interdependence.cli", "facilitator-app", "--no-browser",
                f"--port={port}", "--Voila.ip=127.0.0.1", "--Voila.port_retries=0",
                f"--Voila.token={token}", f"--cohort={cohort}",
                *os.environ.get("BENCH_APP_ARGS", "").split()]

    return _browser.browser_fixtures.start(argv, "voila/static/voila.js", home=home,
                                           root=_browser.ROOT, workdir=work, name="facilitator")


def measure(tmp: Path) -> dict[str, list[float]]:
    import _browser

    from interdependence import paths

    floor_root = tmp / "floor"
    floor_root.mkdir()
    (floor_root / "floor.ipynb").write_text(json.dumps(FLOOR_NOTEBOOK))
    (tmp / "home").mkdir()
    (tmp / "fac").mkdir()
    times: dict[str, list[float]] = {"floor": []}
    fixtures = _browser.browser_fixtures
    floor = plain_voila(tmp / "home", floor_root)
    dash = facilitator(tmp / "home", tmp / "fac")
    try:
        with _browser.voila(tmp / "home") as app, _browser.chromium_page() as page:
            targets = [(app, path) for path in PAGES] + [(dash, paths.DASHBOARD_NOTEBOOK)]
            used = {path: 0 for _, path in targets}
            for _ in range(RUNS):
                times["floor"].append(open_page(page, floor.url("voila/render/floor.ipynb")))
                for server, path in targets:
                    wait_ready(server, path, used[path] + 1)
                    used[path] += 1
                    times.setdefault(path, []).append(
                        open_page(page, server.url(f"voila/render/{path}")))
    finally:
        fixtures.stop(floor.proc)
        fixtures.stop(dash.proc)
    return times


def main() -> int:
    import _browser

    missing = _browser.chromium_missing()
    if missing:
        print(f"skipped: {missing}")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bench-app-pages-"))
    try:
        times = measure(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    floor = statistics.median(times.pop("floor"))
    print(f"floor: plain Voila, one IntSlider: {floor:.2f} s (median of {RUNS})")
    for path, samples in times.items():
        median = statistics.median(samples)
        aim = 1.2 if "dashboard" in path else 1.0
        print(f"{Path(path).stem:36} {median:5.2f} s  {median / floor:4.2f}x  (aim {aim}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

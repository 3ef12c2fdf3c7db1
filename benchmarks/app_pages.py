"""App pages against plain Voila: from navigation until the page's last widget is drawn
(aim: each participant page at most 1.0x, the dashboard at most 1.2x).

The floor: a notebook with one IntSlider, served by plain ``voila`` from the same
environment (its kernel starts when the page is asked for). The app (``make app``) and the
facilitator's app keep a kernel started ahead for each page (app.py, ``--pool-size``);
before each sample the benchmark waits until that kernel is ready, as it is for a
participant who opens a page a few seconds after the last. Samples are interleaved,
BENCH_RUNS of each (default 5), medians.

Memory: once every pool is full, and before any page is opened, the resident memory (RSS)
of each app server and of its waiting kernels, and their unique memory (USS: what would be
given back if the process ended; RSS counts libraries shared with other processes again in
each). Next to it, the same for an app started with ``--pool-size=0`` (no kernels waiting)
and for one kernel of plain Voila's floor page while its page is open.
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
    app keeps none ahead for it: --pool-size=0, too little memory, or a kit from before
    they existed)."""
    if notebook not in pooled_pages(server):
        return
    deadline = time.monotonic() + 180
    while ready_count(server, notebook) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"no kernel ready for {notebook}:\n{server.log_tail()}")
        time.sleep(0.2)


def memory(server) -> dict[str, object]:
    """Resident and unique memory (MB) of ``server``'s process and of its kernels."""
    import psutil

    mb = 1024 * 1024
    proc = psutil.Process(server.proc.pid)
    kernels = [p for p in proc.children(recursive=True)
               if any("ipykernel" in part for part in p.cmdline())]

    def sizes(p):
        info = p.memory_full_info()
        return info.rss / mb, info.uss / mb

    own = sizes(proc)
    each = [sizes(p) for p in kernels]
    return {"server_rss": own[0], "server_uss": own[1], "kernels": len(each),
            "kernel_rss": [r for r, _ in each], "kernel_uss": [u for _, u in each]}


def memory_lines(name: str, mem: dict) -> list[str]:
    rss, uss = mem["kernel_rss"], mem["kernel_uss"]
    line = (f"{name:30} server {mem['server_rss']:4.0f} MB RSS ({mem['server_uss']:.0f} USS);"
            f" {mem['kernels']} kernel(s)")
    if rss:
        line += (f": {sum(rss):5.0f} MB RSS ({sum(uss):.0f} MB USS), each "
                 f"{statistics.median(rss):.0f} MB RSS ({statistics.median(uss):.0f} USS)")
    return [line]


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
    fixtures = _browser.browser_fixtures
    argv = fixtures.app_argv(["interdependence.cli", "facilitator-app"], f"--cohort={cohort}")
    return fixtures.start(argv, "voila/static/voila.js", home=home, root=_browser.ROOT,
                          workdir=work, name="facilitator")


def pooled_pages(server) -> list[str]:
    """The pages ``server`` said it keeps kernels ready for (app.py's log line)."""
    found = re.search(r"kept ready for (\d+) page\(s\): (.*)", server.log.read_text())
    return found.group(2).split(", ") if found else []


def wait_pools_full(server, timeout: float = 300) -> None:
    """Until every page ``server`` keeps a kernel ready for has one."""
    deadline = time.monotonic() + timeout
    while "kept ready for" not in server.log.read_text(errors="replace"):
        if time.monotonic() > deadline or "(--pool-size=0)" in server.log.read_text():
            return
        time.sleep(0.2)
    for path in pooled_pages(server):
        wait_ready(server, path, 1)


def measure_memory(tmp: Path, app, dash, floor, page) -> list[str]:
    """Memory lines: the pooled apps at rest, an app without pools, plain Voila's one page."""
    import _browser

    wait_pools_full(app)
    wait_pools_full(dash)
    lines = memory_lines("make app (default)", memory(app))
    lines += memory_lines("facilitator-app (default)", memory(dash))
    with _browser.voila(tmp / "home", "--pool-size=0") as bare:
        lines += memory_lines("make app --pool-size=0", memory(bare))
    page.goto(floor.url("voila/render/floor.ipynb"))
    page.wait_for_function(ALL_DRAWN_JS, polling="raf", timeout=120_000)
    lines += memory_lines("plain Voila, floor page open", memory(floor))
    page.goto("about:blank")
    return lines


def measure(tmp: Path) -> tuple[dict[str, list[float]], list[str]]:
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
    options = os.environ.get("BENCH_APP_ARGS", "").split()
    try:
        with _browser.voila(tmp / "home", *options) as app, _browser.chromium_page() as page:
            mem = measure_memory(tmp, app, dash, floor, page)
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
    return times, mem


def main() -> int:
    import _browser

    missing = _browser.chromium_missing()
    if missing:
        print(f"skipped: {missing}")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bench-app-pages-"))
    try:
        times, mem = measure(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    floor = statistics.median(times.pop("floor"))
    print(f"floor: plain Voila, one IntSlider: {floor:.2f} s (median of {RUNS})")
    for path, samples in times.items():
        median = statistics.median(samples)
        aim = 1.2 if "dashboard" in path else 1.0
        print(f"{Path(path).stem:36} {median:5.2f} s  {median / floor:4.2f}x  (aim {aim}x)")
    print("memory, with every pool full and no page open (MB; USS: the process's own):")
    for line in mem:
        print("  " + line)
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The cohort dashboard switching steps (aim: at most 1.5x matplotlib drawing that step's
charts alone, to PNG at the same size and dpi with the kit's own
``charts.render.figure_png``, as the page does).

In-process, on a copy of the sample cohort (data/sample-cohort): the dashboard object's step
selector is set to each step in turn and timed until its charts are in the widgets. Two
ways: drawn when chosen (plain Python, as the tests run it), and in a kernel, where the
dashboard draws the other steps ahead while the facilitator looks at the first; there an
asyncio loop stands in for the kernel's, and the switches are timed once it is done. The
floor draws the same step's charts alone. BENCH_RUNS rounds over every step (default 3),
each step's median; the whole-dashboard ratio is the sum of the medians.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
AIM = 1.5
ROOT = Path(__file__).resolve().parents[1]


def sample_copy() -> Path:
    """The sample cohort in a temp folder: the dashboard keeps its revealed state there."""
    target = Path(tempfile.mkdtemp(prefix="bench-dash-")) / "cohort"
    shutil.copytree(ROOT / "data" / "sample-cohort", target,
                    ignore=shutil.ignore_patterns("_facilitator", "_set_aside"))
    return target


def floor(panels) -> float:
    from interdependence.charts import cohort as charts
    from interdependence.charts.render import figure_png

    start = time.perf_counter()
    for panel in panels:
        if panel.visible and panel.kind != "reflections":
            figure_png(charts.figure(panel))
    return time.perf_counter() - start


def switch(dash, title: str) -> float:
    start = time.perf_counter()
    dash.section.value = title
    return time.perf_counter() - start


def on_demand(folder: Path, times: dict, floors: dict) -> None:
    """One round: a fresh dashboard, each step chosen once (drawn then), then its floor."""
    from interdependence.views.dashboard import Dashboard

    dash = Dashboard(str(folder))
    for title in list(dash.section.options)[1:]:
        times.setdefault(title, []).append(switch(dash, title))
        floors.setdefault(title, []).append(floor(dash._sections[title]))


def drawn_ahead(folder: Path, times: dict) -> None:
    """One round in a stand-in kernel loop: open, wait until every step is drawn, switch."""
    from interdependence.views import dashboard as view

    async def scenario():
        dash = view.Dashboard(str(folder))
        while dash._ahead is not None:
            await asyncio.sleep(0.05)
        for title in list(dash.section.options)[1:]:
            times.setdefault(title, []).append(switch(dash, title))

    real = view.kernel_loop
    view.kernel_loop = asyncio.get_running_loop
    try:
        asyncio.run(scenario())
    finally:
        view.kernel_loop = real


def main() -> None:
    folder = sample_copy()
    os.environ["INTERDEPENDENCE_HOME"] = tempfile.mkdtemp()
    on_demand(folder, {}, {})  # warm-up: imports, fonts, the cohort's first reveal
    demand, ahead, floors = {}, {}, {}
    for _ in range(RUNS):
        on_demand(folder, demand, floors)
        drawn_ahead(folder, ahead)
    med = {name: {t: statistics.median(v) for t, v in d.items()}
           for name, d in (("demand", demand), ("ahead", ahead), ("floor", floors))}
    print(f"rounds over every step: {RUNS} (median per step), sample cohort")
    print(f"{'step':42} {'floor':>8} {'chosen':>8} {'ratio':>6} {'ahead':>8} {'ratio':>6}")
    for title, f in med["floor"].items():
        d, a = med["demand"][title], med["ahead"][title]
        print(f"{title[:42]:42} {f * 1000:6.0f}ms {d * 1000:6.0f}ms {d / f:5.2f}x "
              f"{a * 1000:6.0f}ms {a / f:5.2f}x")
    total_f, total_d, total_a = (sum(med[k].values()) for k in ("floor", "demand", "ahead"))
    print(f"{'every step':42} {total_f * 1000:6.0f}ms {total_d * 1000:6.0f}ms "
          f"{total_d / total_f:5.2f}x {total_a * 1000:6.0f}ms {total_a / total_f:5.2f}x"
          f"   (aim <= {AIM}x)")


if __name__ == "__main__":
    main()

"""The cohort dashboard switching steps (aim: at most 1.5x matplotlib drawing that step's
charts alone, to PNG at the same size and dpi with the kit's own
``charts.render.figure_png``, as the page does).

In-process, on a copy of the sample cohort (data/sample-cohort), with an asyncio loop standing
in for the kernel's: the dashboard object's step selector is set to each step in turn and
timed until its charts are in the widgets. Two ways: drawn when chosen (no drawing ahead),
where the wide pictures are drawn at once and the phone ones follow on the kernel's idle
turns (that wait is printed apart as "then phone"), and drawn ahead, where the dashboard
draws the other steps while the facilitator looks at the first, and the switches are timed
once it is done. The
floor draws the same step's charts alone. The chart pictures the dashboard keeps in
``_facilitator/charts/`` (for a later report) are removed before each round: every switch
here draws, as on a cohort's first look. BENCH_RUNS rounds over every step (default 3),
each step's median; the whole-dashboard ratio is the sum of the medians.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import time
from pathlib import Path

from _scratch import scratch

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
AIM = 1.5
ROOT = Path(__file__).resolve().parents[1]


def sample_copy() -> Path:
    """The sample cohort in a temp folder: the dashboard keeps its revealed state there."""
    target = scratch("bench-dash-") / "cohort"
    shutil.copytree(ROOT / "data" / "sample-cohort", target,
                    ignore=shutil.ignore_patterns("_facilitator", "_set_aside"))
    return target


def no_pictures_kept(folder: Path) -> None:
    """Remove the pictures an earlier round kept, so this one draws every chart."""
    shutil.rmtree(folder / "_facilitator" / "charts", ignore_errors=True)


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


async def phones_drawn(dash) -> float:
    """Seconds until the phone pictures of the chosen step are in its widgets (they come on
    the kernel's idle turns, after a quiet moment of ``WHEN_IDLE.quiet``)."""
    start = time.perf_counter()
    while dash.phones_waiting:
        await asyncio.sleep(0.005)
    return time.perf_counter() - start


def in_a_kernel(scenario, ahead: bool = True) -> None:
    """Run ``scenario`` with an asyncio loop standing in for the kernel's; ``ahead`` False:
    the other steps are never drawn ahead, so each is drawn when chosen."""
    from interdependence.views import dashboard as view

    real = view.kernel_loop, view.AHEAD_START
    view.kernel_loop = asyncio.get_running_loop
    if not ahead:
        view.AHEAD_START = 3600.0
    try:
        asyncio.run(scenario())
    finally:
        view.kernel_loop, view.AHEAD_START = real


def on_demand(folder: Path, times: dict, floors: dict, phones: dict) -> None:
    """One round in a stand-in kernel loop with no drawing ahead: a fresh dashboard, each
    step chosen once (its wide pictures drawn then: timed), its phone pictures left to
    follow (timed apart, not counted in the switch), then its floor."""
    from interdependence.views import dashboard as view

    async def scenario():
        no_pictures_kept(folder)
        dash = view.Dashboard(str(folder))
        await phones_drawn(dash)  # the first step's, shown as it opens
        for title in list(dash.section.options)[1:]:
            times.setdefault(title, []).append(switch(dash, title))
            phones.setdefault(title, []).append(await phones_drawn(dash))
            floors.setdefault(title, []).append(floor(dash._sections[title]))

    in_a_kernel(scenario, ahead=False)


def drawn_ahead(folder: Path, times: dict) -> None:
    """One round in a stand-in kernel loop: open, wait until every step is drawn, switch."""
    from interdependence.views import dashboard as view

    async def scenario():
        no_pictures_kept(folder)
        dash = view.Dashboard(str(folder))
        while dash._ahead is not None or dash.phones_waiting:
            await asyncio.sleep(0.05)
        for title in list(dash.section.options)[1:]:
            times.setdefault(title, []).append(switch(dash, title))

    in_a_kernel(scenario)


def main() -> None:
    folder = sample_copy()
    os.environ["INTERDEPENDENCE_HOME"] = str(scratch("bench-dash-home-"))
    on_demand(folder, {}, {}, {})  # warm-up: imports, fonts, the cohort's first reveal
    demand, ahead, floors, phones = {}, {}, {}, {}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for _ in range(RUNS):
        on_demand(folder, demand, floors, phones)
        drawn_ahead(folder, ahead)
    med = {name: {t: statistics.median(v) for t, v in d.items()}
           for name, d in (("demand", demand), ("ahead", ahead), ("floor", floors),
                           ("phones", phones))}
    print(f"rounds over every step: {RUNS} (median per step), sample cohort; 'chosen': the "
          "wide pictures, the phone ones following on idle turns ('then phone')")
    print(f"{'step':42} {'floor':>8} {'chosen':>8} {'ratio':>6} {'then phone':>10} "
          f"{'ahead':>8} {'ratio':>6}")
    for title, f in med["floor"].items():
        d, a, ph = med["demand"][title], med["ahead"][title], med["phones"][title]
        print(f"{title[:42]:42} {f * 1000:6.0f}ms {d * 1000:6.0f}ms {d / f:5.2f}x "
              f"{ph * 1000:8.0f}ms {a * 1000:6.0f}ms {a / f:5.2f}x")
    total_f, total_d, total_a, total_p = (sum(med[k].values())
                                          for k in ("floor", "demand", "ahead", "phones"))
    print(f"{'every step':42} {total_f * 1000:6.0f}ms {total_d * 1000:6.0f}ms "
          f"{total_d / total_f:5.2f}x {total_p * 1000:8.0f}ms {total_a * 1000:6.0f}ms "
          f"{total_a / total_f:5.2f}x   (aim <= {AIM}x)")


if __name__ == "__main__":
    main()

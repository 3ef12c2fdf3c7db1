"""The HTML report for 1,000 participants (issue 14: at most 1.5 s), and where the time goes.

The cohort is made by the kit's own generator, ``interdependence demo-cohort``, in a temp
folder, and loaded once (so the facilitator's keep exists, as it does from the second report
on). Timed, median of BENCH_REPORT_SAMPLES (default 3): ``interdependence report`` end to end
in a fresh process (imports included), three ways:

- cold: no chart picture kept in ``_facilitator/charts/``, every chart drawn (in two
  processes);
- after a dashboard session: the pictures the dashboard drew kept (a fresh process opens
  the dashboard model on the cohort and shows every step, wide and phone, as drawing ahead
  does in a live kernel; that session is not timed in the report's figure);
- repeated: the pictures of the last report reused.

Then the whole ``write_report`` in this process (load + validate + gate + aggregate + draw +
write), and its parts on their own (load; aggregate). The floor of a cold report is drawing
its 42 pictures (21 charts, wide and phone) with the kit's ``figure_png``: CPU seconds, per
picture, and the wall time that takes on two cores (the report draws in two processes).
Wall and CPU seconds: the machine may be busy with other work (the load average is printed).
Sizes: BENCH_REPORT_SIZES=1000 (default; a comma-separated list).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AIM_SECONDS = 1.5
SAMPLES = int(os.environ.get("BENCH_REPORT_SAMPLES", "3"))
SIZES = [int(n) for n in os.environ.get("BENCH_REPORT_SIZES", "1000").split(",")]


def cli() -> str:
    """The installed ``interdependence`` command, next to this Python if it is a venv."""
    beside = Path(sys.executable).with_name("interdependence")
    return str(beside) if beside.exists() else (shutil.which("interdependence") or "")


def make_cohort(folder: Path, participants: int, seed: int = 11) -> float:
    command = cli()
    if not command:
        raise SystemExit("The `interdependence` command is not installed (pip install -e .).")
    start = time.perf_counter()
    subprocess.run([command, "demo-cohort", str(folder), "--participants", str(participants),
                    "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def timed(func, *args, **kwargs):
    """(result, median wall seconds, median CPU seconds) of SAMPLES calls."""
    walls, cpus = [], []
    for _ in range(SAMPLES):
        start, cpu = time.perf_counter(), time.process_time()
        result = func(*args, **kwargs)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls), statistics.median(cpus)


def cli_report(folder: Path, out: Path, before=None) -> tuple[float, float]:
    """``interdependence report`` in a fresh process: (wall, CPU of the child and its chart
    helpers) seconds. ``before()``, if given, runs ahead of each sample, untimed."""
    walls, cpus = [], []
    for _ in range(SAMPLES):
        if before is not None:
            before()
        times = os.times()
        start = time.perf_counter()
        subprocess.run([cli(), "report", str(folder), "--out", str(out)], check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, "MPLBACKEND": "Agg"})
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(after.children_user + after.children_system - times.children_user
                    - times.children_system)
    return statistics.median(walls), statistics.median(cpus)


def no_pictures(folder: Path) -> None:
    shutil.rmtree(folder / "_facilitator" / "charts", ignore_errors=True)


#: A facilitator's session in a fresh process: the dashboard model on the cohort, every step
#: shown (wide and phone pictures, as drawing ahead gives them in a live kernel), its
#: pictures written before it ends. Prints how many charts it drew.
SESSION = """
import sys
from interdependence.views.dashboard import Dashboard
dash = Dashboard(sys.argv[1])
for title in dash.section.options:
    dash.section.value = title
assert dash._keeper is None or dash._keeper.wait(120)
"""


def dashboard_session(folder: Path) -> None:
    no_pictures(folder)
    subprocess.run([sys.executable, "-c", SESSION, str(folder)], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, "MPLBACKEND": "Agg"})


def kept(folder: Path) -> int:
    return len(list((folder / "_facilitator" / "charts").glob("*.png")))


def floor(panels) -> tuple[float, float, int]:
    """Drawing every picture of ``panels`` (wide and phone) with the kit's figure_png:
    (median CPU seconds in this process, median wall seconds in two forked processes as the
    report draws them, how many pictures)."""
    from interdependence.charts import cohort as charts
    from interdependence.charts.render import figure_png
    from interdependence.report.pictures import _draw_all

    jobs = [(p, phone, 110) for p in panels for phone in (False, True)]
    _, _, cpu = timed(lambda: [figure_png(charts.figure(p, phone=ph), dpi=d)
                               for p, ph, d in jobs])
    _, wall, _ = timed(_draw_all, jobs)
    return cpu, wall, len(jobs)


def bench(participants: int, work: Path) -> bool:
    from interdependence import curriculum
    from interdependence.cohort import aggregate
    from interdependence.cohort.loader import load_cohort
    from interdependence.cohort.stores.factory import open_store
    from interdependence.report.build import write_report

    folder = work / f"cohort-{participants}"
    made = make_cohort(folder, participants)
    bank = curriculum.default()
    out = work / f"report-{participants}.html"
    store = open_store(folder)
    store.prepare()  # _facilitator/, as setup-cohort makes it: the keep's home
    load_cohort(store, curriculum=bank, set_aside=False)  # the first load makes the keep
    store.wait()
    cold_wall, cold_cpu = cli_report(folder, out, before=lambda: no_pictures(folder))
    dash_wall, dash_cpu = cli_report(folder, out, before=lambda: dashboard_session(folder))
    dashboard_kept = kept(folder)
    cli_wall, cli_cpu = cli_report(folder, out)
    result, total, total_cpu = timed(write_report, folder, out, set_aside=False)
    data, load_s, load_c = timed(load_cohort, folder, curriculum=bank, set_aside=False)
    panels, aggregate_s, aggregate_c = timed(aggregate.all_panels, data, bank)
    visible = [p for p in panels if p.visible and p.kind != "reflections"]
    floor_cpu, floor_wall, pictures = floor(visible)
    size = out.stat().st_size

    def aim(wall: float) -> str:
        return f"[aim <= {AIM_SECONDS:g} s: {'met' if wall <= AIM_SECONDS else 'MISSED'}]"

    print(f"{participants:>7,} participants (made in {made:.1f} s; median of {SAMPLES}, "
          f"wall / cpu s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores): "
          f"{result.summary()}; {size / 1e6:.1f} MB")
    print(f"{'':>7}  `interdependence report`, fresh process, first time:")
    print(f"{'':>7}    cold (no picture kept, all {pictures} drawn): "
          f"{cold_wall:.2f} / {cold_cpu:.2f} s {aim(cold_wall)}")
    print(f"{'':>7}    after a dashboard session ({dashboard_kept} pictures it drew kept): "
          f"{dash_wall:.2f} / {dash_cpu:.2f} s {aim(dash_wall)}")
    print(f"{'':>7}  `interdependence report`, fresh process, repeated (pictures kept): "
          f"{cli_wall:.2f} / {cli_cpu:.2f} s {aim(cli_wall)}")
    print(f"{'':>7}  write_report in this process (pictures kept): {total:.2f} / {total_cpu:.2f} s")
    print(f"{'':>7}  parts: load + validate {load_s:.2f} / {load_c:.2f} s, gate + aggregate "
          f"{aggregate_s:.2f} / {aggregate_c:.2f} s")
    each = floor_cpu / max(pictures, 1) * 1000
    print(f"{'':>7}  floor of a cold report: drawing its {pictures} pictures ({len(visible)} "
          f"charts, wide and phone) {floor_cpu:.2f} s cpu ({each:.0f} ms each), "
          f"{floor_wall:.2f} s wall in two processes; cold report / that wall: "
          f"{cold_wall / floor_wall:.2f}x")
    ok = cli_wall <= AIM_SECONDS
    return ok


def main() -> int:
    os.environ.setdefault("MPLBACKEND", "Agg")
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        results = [bench(n, Path(tmp)) for n in SIZES]
    return 0 if results else 1  # a missed aim is printed, not a failure of `make bench`


if __name__ == "__main__":
    sys.exit(main())

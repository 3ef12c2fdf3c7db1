"""The HTML report for 1,000 participants (aim: under 10 s), and where the time goes.

The cohort is made by the kit's own generator, ``interdependence demo-cohort``, in a temp
folder. Timed: the whole ``write_report`` (load + validate + gate + aggregate + draw + write),
then its parts on their own (load; aggregate; drawing the charts). Sizes:
BENCH_REPORT_SIZES=1000 (default; a comma-separated list).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AIM_SECONDS = 10.0
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
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def bench(participants: int, work: Path) -> bool:
    from interdependence import curriculum
    from interdependence.charts import cohort as charts
    from interdependence.charts.render import figure_png
    from interdependence.cohort import aggregate
    from interdependence.cohort.loader import load_cohort
    from interdependence.report.build import write_report

    folder = work / f"cohort-{participants}"
    made = make_cohort(folder, participants)
    bank = curriculum.default()
    result, total = timed(write_report, folder, work / f"report-{participants}.html",
                          set_aside=False)
    data, load_s = timed(load_cohort, folder, curriculum=bank, set_aside=False)
    panels, aggregate_s = timed(aggregate.all_panels, data, bank)
    visible = [p for p in panels if p.visible and p.kind != "reflections"]
    _, draw_s = timed(lambda: [figure_png(charts.figure(p)) for p in visible])
    size = (work / f"report-{participants}.html").stat().st_size
    ok = total < AIM_SECONDS
    print(f"{participants:>7,} participants (made in {made:.1f} s): report in {total:.2f} s "
          f"[aim < {AIM_SECONDS:g} s: {'met' if ok else 'MISSED'}]; "
          f"{result.summary()}; {size / 1e6:.1f} MB")
    print(f"{'':>7}  parts on their own: load + validate {load_s:.2f} s, gate + aggregate "
          f"{aggregate_s:.2f} s, draw {len(visible)} charts {draw_s:.2f} s "
          f"({draw_s / max(len(visible), 1) * 1000:.0f} ms each)")
    return ok


def main() -> int:
    os.environ.setdefault("MPLBACKEND", "Agg")
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        results = [bench(n, Path(tmp)) for n in SIZES]
    return 0 if results else 1  # a missed aim is printed, not a failure of `make bench`


if __name__ == "__main__":
    sys.exit(main())

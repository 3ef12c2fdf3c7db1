"""Cohort loading: load + validate + aggregate N participants from a folder store, against
``pandas.read_json(lines=True)`` of the same records from one file, in the same run.

Aims: at most 2x the pandas baseline at 10,000 participants; peak memory at 100,000 is
reported (the peak resident size of a fresh process that does the whole load, next to one
that only imports the same modules).

Sizes: BENCH_COHORT_SIZES (default "1000,10000,100000"). The records come from the demo
generator (``interdependence demo-cohort``): 2,000 distinct made-up participants, repeated
with fresh tokens for the larger cohorts. Both sides read from the page cache (the files
were just written), so the comparison is of the work, not of the disk.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = [int(s) for s in os.environ.get("BENCH_COHORT_SIZES", "1000,10000,100000").split(",")]
DISTINCT = 2000
MEMORY_AT = 100_000


def make_records(n: int) -> list[bytes]:
    from interdependence.cohort.demo import participants
    from interdependence.cohort.submission import encode

    base = list(participants(min(n, DISTINCT), seed=7, code="BENCH"))
    out = []
    for i in range(n):
        record = dict(base[i % len(base)])
        if i >= len(base):
            record["token"] = base64.urlsafe_b64encode(i.to_bytes(16, "big")).rstrip(
                b"=").decode()
        out.append(encode(record))
    return out


def write_cohort(folder: Path, records: list[bytes]) -> Path:
    from interdependence.cohort import FolderStore

    folder.mkdir()
    FolderStore(folder).init_settings("BENCH", 5)
    for raw in records:
        token = json.loads(raw)["token"]
        (folder / f"{token}.json").write_bytes(raw)
    lines = folder.parent / f"{folder.name}.jsonl"
    lines.write_bytes(b"\n".join(records) + b"\n")
    return lines


def aggregate(data) -> int:
    """What the dashboard computes first: answers per (step, item, value), n per item through
    the gate, and people per step. A token has at most one row per (step, item), so n (distinct
    tokens with an answer) is the number of non-null rows."""
    from interdependence.privacy import Gate

    ratings = data.ratings
    answered = ratings[ratings["value"].notna()]
    counts = answered.groupby(["step", "item", "value"], observed=True).size()
    n = counts.groupby(level=["step", "item"]).sum()
    gate = Gate.of(data)
    shown = int((n >= gate.min_group).sum())
    gate.participation(data.participation)
    return len(counts) + shown


def time_loader(folder: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to load, validate and aggregate the folder."""
    from interdependence.cohort import load_cohort

    wall, cpu = time.perf_counter(), time.process_time()
    data = load_cohort(folder, set_aside=False)
    aggregate(data)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert data.rejected == [], data.rejected[:3]
    return wall, cpu


def time_pandas(lines: Path) -> tuple[float, float]:
    import pandas as pd

    wall, cpu = time.perf_counter(), time.process_time()
    frame = pd.read_json(lines, lines=True)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert len(frame)
    return wall, cpu


def best_pair(folder: Path, lines: Path, repeats: int):
    """Best of ``repeats`` (wall, CPU) for each side, taking turns so a busy moment hits both."""
    loader, baseline = [], []
    for _ in range(repeats):
        loader.append(time_loader(folder))
        baseline.append(time_pandas(lines))
    return (min(w for w, _ in loader), min(c for _, c in loader),
            min(w for w, _ in baseline), min(c for _, c in baseline))


# VmHWM (the peak resident size of this process image) rather than ru_maxrss, which Linux
# carries over from the parent across fork + exec.
PEAK = """
import sys
from interdependence.cohort import load_cohort
import pandas, numpy
sys.path.insert(0, {here!r})
from cohort_load import aggregate
if sys.argv[1] == "load":
    data = load_cohort(sys.argv[2], set_aside=False)
    aggregate(data)
status = open("/proc/self/status").read()
print(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM:")))
"""


def peak_rss_mb(folder: Path, mode: str) -> float:
    code = PEAK.format(here=str(Path(__file__).resolve().parent))
    out = subprocess.run([sys.executable, "-c", code, mode, str(folder)], check=True,
                         capture_output=True, text=True).stdout
    return int(out.strip()) / 1024  # kB


def main() -> int:
    import pandas  # noqa: F401 - imports outside the timings

    import interdependence.cohort.loader  # noqa: F401

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; the ratio is of CPU "
          "time (user + system), which a busy machine disturbs less than wall time")
    print(f"{'participants':>12} {'loader wall/cpu s':>18} {'read_json wall/cpu s':>21} "
          f"{'ratio':>6}  aim")
    ratio_10k = None
    work = Path(tempfile.mkdtemp(prefix="bench-cohort-"))
    try:
        for n in SIZES:
            folder = work / f"c{n}"
            lines = write_cohort(folder, make_records(n))
            repeats = 5 if n <= 10_000 else 2
            lw, lc, pw, pc = best_pair(folder, lines, repeats)
            ratio = lc / pc
            if n == 10_000:
                ratio_10k = ratio
            aim = "<= 2.0x" if n == 10_000 else ""
            print(f"{n:>12,} {lw:>9.2f} /{lc:>6.2f} {pw:>12.2f} /{pc:>6.2f} {ratio:>5.2f}x  {aim}",
                  flush=True)
            if n == MEMORY_AT:
                peak = peak_rss_mb(folder, "load")
                floor = peak_rss_mb(folder, "import")
                print(f"peak memory at {n:,}: {peak:.0f} MB resident "
                      f"({peak - floor:.0f} MB above the {floor:.0f} MB of the imports alone)")
            shutil.rmtree(folder)
            lines.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if ratio_10k is not None:
        verdict = "met" if ratio_10k <= 2.0 else "NOT met"
        print(f"aim at 10,000 (at most 2x pandas.read_json): {verdict} ({ratio_10k:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

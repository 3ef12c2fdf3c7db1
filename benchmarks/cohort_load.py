"""Cohort loading against its floors, in one run (issue 14, aim 5).

For N participants (BENCH_COHORT_SIZES, default "10000,100000") the same records are written
as one file per participant (a cohort folder) and as one JSON Lines file. Printed, each next to
its floor, median of BENCH_COHORT_SAMPLES (default 5; 3 at 100,000) samples taken in turns:

- first load (no keep yet: every file opened, read, validated) + aggregate, against the
  per-file floor: open, read and ``json.loads`` each file, keeping what was parsed;
- repeated load (from the facilitator's keep, ``_facilitator/accepted.jsonl``) + aggregate,
  against the one-file floor: read the JSON Lines file and ``json.loads`` each line, keeping
  what was parsed. Aim: at most 1.2x;
- peak memory (VmHWM) of a fresh process doing a repeated load + aggregate at 100,000, and a
  first load, next to one that only imports. Aim: at most 300 MB.

Ratios are of CPU time (user + system of this process), which a machine busy with other
work disturbs less than wall time; wall times are printed too. The floors without keeping what
was parsed (so without the garbage collector's work) are printed for reference. The records
come from the demo generator: 2,000 distinct made-up participants, repeated with fresh tokens.
Everything is read from the page cache (the files were just written).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = [int(s) for s in os.environ.get("BENCH_COHORT_SIZES", "10000,100000").split(",")]
SAMPLES = int(os.environ.get("BENCH_COHORT_SAMPLES", "5"))
DISTINCT = 2000
MEMORY_AT = 100_000
AIM_REPEAT, AIM_MB = 1.2, 300
KEEP = Path("_facilitator") / "accepted.jsonl"


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
    store = FolderStore(folder)
    store.init_settings("BENCH", 5)
    store.prepare()  # _set_aside/ and _facilitator/, as setup-cohort makes them
    for raw in records:
        token = json.loads(raw)["token"]
        (folder / f"{token}.json").write_bytes(raw)
    lines = folder.parent / f"{folder.name}.jsonl"
    lines.write_bytes(b"\n".join(records) + b"\n")
    return lines


def aggregate(data) -> int:
    """What the dashboard computes first: answers per (step, item, value) (the kit's
    ``answer_counts``, which its Likert charts count with), n per item through the gate, and
    people per step."""
    from interdependence.cohort.aggregate import answer_counts
    from interdependence.privacy import Gate

    counts = answer_counts(data.ratings)
    n = counts.groupby(level=["step", "item"]).sum()
    gate = Gate.of(data)
    shown = int((n >= gate.min_group).sum())
    gate.participation(data.participation)
    return len(counts) + shown


def timed(func, *args) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def load_and_aggregate(folder: Path):
    from interdependence.cohort import FolderStore, load_cohort

    store = FolderStore(folder)
    data = load_cohort(store, set_aside=False)
    aggregate(data)
    return store, data


def floor_files(folder: Path, keep: bool = True) -> int:
    held = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".json") and entry.name != "settings.json":
            with open(entry.path, "rb") as f:
                record = json.loads(f.read())
            if keep:
                held.append(record)
    return len(held)


def floor_lines(lines: Path, keep: bool = True) -> int:
    held = []
    with open(lines, "rb") as f:
        for line in f:
            record = json.loads(line)
            if keep:
                held.append(record)
    return len(held)


def sample(n: int, folder: Path, lines: Path) -> dict[str, list[tuple[float, float]]]:
    """Each measure SAMPLES times, in turns, so a busy moment hits them all."""
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in (
        "files", "lines", "files_bare", "lines_bare", "first", "first_kept", "again")}
    samples = SAMPLES if n < MEMORY_AT else max(3, SAMPLES // 2)
    for _ in range(samples):
        (folder / KEEP).unlink(missing_ok=True)
        wall, cpu, (store, data) = timed(load_and_aggregate, folder)
        got["first"].append((wall, cpu))
        w2, c2, _ = timed(store.wait)
        got["first_kept"].append((wall + w2, cpu + c2))
        assert data.accepted == n, (data.accepted, data.rejected[:2])
        assert not data.rejected, data.rejected[:2]
        wall, cpu, (_, again) = timed(load_and_aggregate, folder)
        assert again.accepted == n
        got["again"].append((wall, cpu))
        for key, func, arg, keep in (("files", floor_files, folder, True),
                                     ("lines", floor_lines, lines, True),
                                     ("files_bare", floor_files, folder, False),
                                     ("lines_bare", floor_lines, lines, False)):
            wall, cpu, _ = timed(func, arg, keep)
            got[key].append((wall, cpu))
    return got


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
    """The peak resident size of a fresh process. Its own cache folder (``XDG_CACHE_HOME``,
    warmed by the first call): the item bank's parse cache in a shared home may have grown
    with every checkout and test run on the machine, which is not the loader's memory."""
    code = PEAK.format(here=str(Path(__file__).resolve().parent))
    env = {**os.environ, "XDG_CACHE_HOME": str(folder.parent / "cache")}
    out = subprocess.run([sys.executable, "-c", code, mode, str(folder)], check=True,
                         capture_output=True, text=True, env=env).stdout
    return int(out.strip()) / 1024  # kB


def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs)


def report(n: int, got: dict[str, list[tuple[float, float]]]) -> float:
    """Print the figures for ``n``; returns the repeated load's ratio."""
    m = {k: median(v) for k, v in got.items()}

    def row(label: str, key: str, floor: str, aim: str = "") -> float:
        (w, c), (fw, fc) = m[key], m[floor]
        print(f"  {label:<44} {w:6.2f} / {c:6.2f} s   floor {fw:6.2f} / {fc:6.2f} s   "
              f"{c / fc:5.2f}x cpu {w / fw:5.2f}x wall  {aim}")
        return c / fc

    print(f"{n:,} participants (median of {len(got['first'])}; wall / cpu seconds):")
    row("first load + aggregate (data back)", "first", "files")
    row("first load, keep written", "first_kept", "files")
    ratio = row("repeated load + aggregate (from the keep)", "again", "lines",
                f"aim <= {AIM_REPEAT}x")
    (fw, fc), (lw, lc) = m["files_bare"], m["lines_bare"]
    print(f"  {'(floors parsing without keeping: per file':<44} {fw:6.2f} / {fc:6.2f} s, "
          f"one file {lw:6.2f} / {lc:6.2f} s; repeated load "
          f"{m['again'][1] / lc:4.2f}x of the latter)")
    return ratio


def main() -> int:
    import pandas  # noqa: F401 - imports outside the timings

    import interdependence.cohort.loader  # noqa: F401

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    verdicts = []
    work = Path(tempfile.mkdtemp(prefix="bench-cohort-"))
    try:
        for n in SIZES:
            folder = work / f"c{n}"
            lines = write_cohort(folder, make_records(n))
            time.sleep(2.5)  # files are kept by signature only once settled (stores/keep.py)
            ratio = report(n, sample(n, folder, lines))
            verdicts.append(f"repeated load at {n:,}: {ratio:.2f}x "
                            f"({'met' if ratio <= AIM_REPEAT else 'NOT met'})")
            if n == MEMORY_AT:
                floor = peak_rss_mb(folder, "import")  # first: warms the parse cache
                again = peak_rss_mb(folder, "load")
                (folder / KEEP).unlink(missing_ok=True)
                first = peak_rss_mb(folder, "load")
                print(f"  peak memory: repeated load {again:.0f} MB, first load {first:.0f} MB "
                      f"(the imports alone: {floor:.0f} MB)  aim <= {AIM_MB} MB")
                verdicts.append(f"peak memory at {n:,}: {max(again, first):.0f} MB "
                                f"({'met' if max(again, first) <= AIM_MB else 'NOT met'})")
            shutil.rmtree(folder)
            lines.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for verdict in verdicts:
        print("aim:", verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The take-over on load: 10,000 submissions written by participants' own accounts, loaded by
the facilitator, who copies each into ``_facilitator/`` and removes the original (so ``ls -l``
shows no participant as owner). Printed next to:

- the same load where nothing is taken over (the files already belong to the facilitator),
  which is what a load cost before the take-over existed: the aim is at most 1.2x of it;
- the floor: reading the same files and ``json.loads`` of each, nothing else;
- a repeated load after the take-over (reads the kept copies).

Needs root, to give the files to another account (``chown``); without it, says so and stops.
Wall time, median of BENCH_TAKEOVER_RUNS (default 5), each on a fresh copy of the files. The
load hands back its data first and copies the files in a thread; both moments are printed.
The copying includes one ``os.sync()`` for all copies, so a busy disk shows in it.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cohort_load import make_records  # noqa: E402

N = int(os.environ.get("BENCH_TAKEOVER_SIZE", "10000"))
RUNS = int(os.environ.get("BENCH_TAKEOVER_RUNS", "5"))
PARTICIPANT_UID = 30000  # the first of N account ids
AIM = 1.2


def write(folder: Path, records: list[bytes], owner: int | None) -> None:
    from interdependence.cohort import FolderStore

    folder.mkdir()
    FolderStore(folder).init_settings("BENCH", 5)
    for i, raw in enumerate(records):
        path = folder / f"{json.loads(raw)['token']}.json"
        path.write_bytes(raw)
        if owner is not None:  # one account per participant, as on a real system
            os.chown(path, owner + i, owner + i)


def time_load(folder: Path) -> tuple[float, float]:
    """(seconds until the load returns its data, seconds until the take-over is done)."""
    from interdependence.cohort import FolderStore, load_cohort

    store = FolderStore(folder)
    start = time.perf_counter()
    data = load_cohort(store, set_aside=False)
    took = time.perf_counter() - start
    store.wait()
    done = time.perf_counter() - start
    assert data.accepted == N, (data.accepted, data.rejected[:2])
    assert not data.rejected, (data.accepted, data.rejected[:2])
    return took, done


def time_floor(folder: Path) -> float:
    start = time.perf_counter()
    for entry in os.scandir(folder):
        if entry.name.endswith(".json") and entry.name != "settings.json":
            with open(entry.path, "rb") as f:
                json.loads(f.read())
    return time.perf_counter() - start


def main() -> int:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("take-over: needs root to give the files to another account; not measured")
        return 0
    import interdependence.cohort.loader  # noqa: F401 - imports outside the timings

    records = make_records(N)
    work = Path(tempfile.mkdtemp(prefix="bench-takeover-"))
    own, taken, total, again, floor = [], [], [], [], []
    try:
        for run in range(RUNS):
            mine, theirs = work / f"own{run}", work / f"theirs{run}"
            write(mine, records, None)
            write(theirs, records, PARTICIPANT_UID)
            os.sync()  # both start with nothing waiting to be written
            floor.append(time_floor(mine))
            own.append(time_load(mine)[0])
            felt, done = time_load(theirs)
            taken.append(felt)
            total.append(done)
            again.append(time_load(theirs)[0])
            assert not any(p.suffix == ".json" for p in theirs.glob("*.json")
                           if p.name != "settings.json"), "the originals were not removed"
            shutil.rmtree(mine)
            shutil.rmtree(theirs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    f, o, t, d, a = (statistics.median(x) for x in (floor, own, taken, total, again))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {N:,} submissions, "
          f"median of {RUNS} runs (wall seconds)")
    print(f"  floor: read + json.loads of each file      {f:6.3f} s")
    print(f"  load, nothing to take over (as before)     {o:6.3f} s   {o / f:4.2f}x floor")
    print(f"  load that takes every file over: data back {t:6.3f} s   {t / f:4.2f}x floor   "
          f"{t / o:4.2f}x the load before (aim <= {AIM}x)")
    print(f"    ... and the take-over finished (thread)  {d:6.3f} s   {d / f:4.2f}x floor   "
          f"{d / o:4.2f}x the load before")
    print(f"  the next load, from the kept copies        {a:6.3f} s   {a / f:4.2f}x floor   "
          f"{a / o:4.2f}x the load before")
    verdict = "met" if t / o <= AIM else "NOT met"
    print(f"aim (take-over at most {AIM}x the load before): {verdict} ({t / o:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

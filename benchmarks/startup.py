"""Cold start: `import interdependence` + the welcome notebook's widgets, against a cold
`import ipywidgets` alone (aim: at most 1.2x). Each sample is a fresh interpreter; the clock
runs inside it, so interpreter start-up (the same for both) is reported apart as the floor.
Both wall-clock and CPU time are printed: on a shared machine the CPU time of the process is
the steadier figure (the work is CPU-bound: files come from the page cache).
"""

import os
import statistics
import subprocess
import sys
import tempfile

RUNS = int(os.environ.get("BENCH_RUNS", "9"))

IPYWIDGETS = """
import time; t, c = time.perf_counter(), time.process_time()
import ipywidgets
print(time.perf_counter() - t, time.process_time() - c)
"""

KIT = """
import time; t, c = time.perf_counter(), time.process_time()
from interdependence import open_step
step = open_step("00-welcome")
for part in (step.header, step.your_data, step.cohort_code, step.ratings, step.reflections,
             step.progress, step.next_step):
    part()
print(time.perf_counter() - t, time.process_time() - c)
import sys
heavy = [m for m in ("pandas", "matplotlib") if m in sys.modules]
assert not heavy, f"participant path imported {heavy}"
"""


def sample(code: str, env: dict) -> tuple[float, float]:
    """(wall, CPU) seconds, measured inside a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    if out.returncode:
        raise SystemExit(f"a sample failed:\n{out.stderr}")
    wall, cpu = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def interpreter_start(env: dict) -> float:
    import time

    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
    return time.perf_counter() - t


def main() -> None:
    # A cache folder of its own: the item bank's parse cache, filled by the first run below
    # as by a person's first start, and nothing left over from tests or other checkouts.
    env = dict(os.environ, INTERDEPENDENCE_HOME=tempfile.mkdtemp(),
               XDG_CACHE_HOME=tempfile.mkdtemp())
    # Bytecode is written once, as on a person's machine (some shells turn it off).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    sample(KIT, env)  # compile .pyc files once, so every measured run is equally cold in that
    widgets, kit, bare = [], [], []
    for _ in range(RUNS):  # interleaved, so drift in machine load hits both alike
        widgets.append(sample(IPYWIDGETS, env))
        kit.append(sample(KIT, env))
        bare.append(interpreter_start(env))
    w, k = (statistics.median(s[0] for s in widgets), statistics.median(s[0] for s in kit))
    wc, kc = (statistics.median(s[1] for s in widgets), statistics.median(s[1] for s in kit))
    print(f"runs per figure:                          {RUNS} (median)")
    print(f"python start-up, `python -c pass`:         {statistics.median(bare) * 1000:7.1f} ms")
    print(f"cold `import ipywidgets` (the floor):      {w * 1000:7.1f} ms  (CPU {wc * 1e3:.1f} ms)")
    print(f"cold kit: import + welcome widgets built:  {k * 1000:7.1f} ms  (CPU {kc * 1e3:.1f} ms)")
    print(f"ratio kit / ipywidgets:                    {k / w:7.2f}x   (aim <= 1.2x)")
    print(f"ratio kit / ipywidgets, CPU time:          {kc / wc:7.2f}x   (aim <= 1.2x)")


if __name__ == "__main__":
    main()

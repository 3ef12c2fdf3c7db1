"""Cold start: `import interdependence` + the welcome notebook's widgets, against a cold
`import ipywidgets` alone (aim: at most 1.2x). Two figures: the seven panels measured since
the start of issue 14 (header to next step), and the whole notebook: every `step.X()` its code
cells call, read from notebooks/00-welcome.ipynb (it adds the group-folder box and the share
panel). Each sample is a fresh interpreter; the clock
runs inside it, so interpreter start-up (the same for both) is reported apart as the floor.
Both wall-clock and CPU time are printed: on a shared machine the CPU time of the process is
the steadier figure (the work is CPU-bound: files come from the page cache).

On a busy machine even CPU time drifts by 10-20% between runs. ``--instructions`` counts
instead what each figure executes, with valgrind's callgrind (``valgrind`` on the PATH):
the instructions of the same code in a fresh interpreter, less those of ``python -c pass``,
the smallest of three runs each. The count does not depend on machine load; it is slower
(about a minute) and weighs every instruction alike, so it is the figure to compare before
and after a change, and wall or CPU time the figure a person feels.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from _scratch import scratch

RUNS = int(os.environ.get("BENCH_RUNS", "9"))

IPYWIDGETS = """
import time; t, c = time.perf_counter(), time.process_time()
import ipywidgets
print(time.perf_counter() - t, time.process_time() - c)
"""

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00-welcome.ipynb"
PANELS = ("header", "your_data", "cohort_code", "ratings", "reflections", "progress",
          "next_step")

KIT = """
import time; t, c = time.perf_counter(), time.process_time()
from interdependence import open_step
step = open_step("00-welcome")
for part in PARTS:
    getattr(step, part)()
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


def notebook_parts() -> tuple[str, ...]:
    """Every `step.X()` the welcome notebook's code cells call, in order."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return tuple(re.findall(r"\bstep\.(\w+)\(\)", code))


def instructions(code: str, env: dict, runs: int = 3) -> int:
    """Instructions a fresh interpreter executes for ``code`` (callgrind; fewest of ``runs``)."""
    counts = []
    for _ in range(runs):
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              sys.executable, "-c", code], capture_output=True, text=True,
                             env=env)
        if out.returncode:
            raise SystemExit(f"a callgrind sample failed:\n{out.stderr}")
        found = re.search(r"Collected : (\d+)", out.stderr)
        if not found:
            raise SystemExit(f"callgrind gave no count:\n{out.stderr}")
        counts.append(int(found.group(1)))
    return min(counts)


def count_instructions(codes: dict[str, str], env: dict) -> None:
    if not shutil.which("valgrind"):
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    base = instructions("pass", env)
    floor = instructions("import ipywidgets", env) - base
    print(f"instructions beyond `python -c pass` ({base / 1e6:.1f} M), fewest of 3 runs:")
    print(f"cold `import ipywidgets` (the floor):      {floor / 1e6:7.1f} M")
    for name, label in (("panels", "the seven panels"), ("notebook", "the whole notebook")):
        kit = instructions(codes[name], env) - base
        print(f"cold kit, {label + ':':20} {kit / 1e6:7.1f} M   "
              f"ratio {kit / floor:5.3f}x   (aim <= 1.2x)")


def main() -> None:
    # A cache folder of its own: the item bank's parse cache, filled by the first run below
    # as by a person's first start, and nothing left over from tests or other checkouts.
    env = dict(os.environ, INTERDEPENDENCE_HOME=str(scratch("bench-startup-home-")),
               XDG_CACHE_HOME=str(scratch("bench-startup-cache-")))
    # Bytecode is written once, as on a person's machine (some shells turn it off).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    codes = {"panels": KIT.replace("PARTS", repr(PANELS)),
             "notebook": KIT.replace("PARTS", repr(notebook_parts()))}
    sample(codes["notebook"], env)  # compile .pyc files once: every measured run equally cold
    if "--instructions" in sys.argv[1:]:
        count_instructions(codes, env)
        return
    floor: list[tuple[float, float]] = []
    kit: dict[str, list[tuple[float, float]]] = {name: [] for name in codes}
    bare = []
    for _ in range(RUNS):  # interleaved, so drift in machine load hits all alike
        floor.append(sample(IPYWIDGETS, env))
        for name, code in codes.items():
            kit[name].append(sample(code, env))
        bare.append(interpreter_start(env))
    w, wc = (statistics.median(s[0] for s in floor), statistics.median(s[1] for s in floor))
    print(f"runs per figure:                          {RUNS} (median)")
    print(f"python start-up, `python -c pass`:         {statistics.median(bare) * 1000:7.1f} ms")
    print(f"cold `import ipywidgets` (the floor):      {w * 1000:7.1f} ms  (CPU {wc * 1e3:.1f} ms)")
    for name, label in (("panels", "the seven panels"), ("notebook", "the whole notebook")):
        k = statistics.median(s[0] for s in kit[name])
        kc = statistics.median(s[1] for s in kit[name])
        print(f"cold kit, {label + ':':20} {k * 1000:7.1f} ms  (CPU {kc * 1e3:.1f} ms)")
        print(f"  ratio kit / ipywidgets:  {k / w:5.2f}x, CPU time {kc / wc:5.2f}x   (aim <= 1.2x)")


if __name__ == "__main__":
    main()

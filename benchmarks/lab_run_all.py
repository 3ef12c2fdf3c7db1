"""JupyterLab Run All, per notebook, on a full journal (aim: at most 1.5x a floor notebook
that imports ipywidgets and matplotlib and draws one figure).

JupyterLab serves a temp copy of notebooks/ plus the floor notebook, started as the browser
tests start it; its kernels read a journal filled in every step (ratings, reflections and
the exercises, through the kit's own models). Each sample opens the notebook afresh (a new
kernel, untimed), then times Run All Cells until every cell has run, every widget output
is drawn and every picture decoded. Notebooks are taken in turn, round after round, with
the floor in each round. BENCH_RUNS rounds (default 3), medians. BENCH_NOTEBOOKS=03,08
picks notebooks; BENCH_TIMEOUT (seconds, default 300) bounds one Run All.

A kernel of a notebook that draws charts loads matplotlib as it starts (``warmup.py``),
while its reader reads; here the timing starts once the kernel is ready, as a person
clicks Run All after the page has opened. BENCH_RESTART=1 times "Restart Kernel and Run
All Cells" instead (from the click, the kernel's start included): the warm-up then runs
beside the first cells and saves little. INTERDEPENDENCE_WARM_UP=0 turns it off.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

from _scratch import scratch

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", "300"))  # seconds for one Run All
RESTART = os.environ.get("BENCH_RESTART", "") == "1"
AIM = 1.5
ROOT = Path(__file__).resolve().parents[1]
FLOOR = "floor.ipynb"
FLOOR_SOURCE = """import ipywidgets as w
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot([1, 2, 3, 4], [2, 4, 3, 5])
plt.show()
w.IntSlider(description="Floor")"""

# Every cell has run, every widget output is drawn (JupyterLab 4 marks a widget's output
# area with no mime type: it holds the view once drawn) and every picture is decoded.
ALL_DRAWN_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .map(p => p.textContent.trim());
  if (!indicator || indicator.dataset.status !== 'idle' || !prompts.length
      || !prompts.every(t => /^\\[\\d+\\]:$/.test(t))) return false;
  const outputs = [...panel.querySelectorAll('.jp-OutputArea-output')];
  const drawn = o => o.dataset.mimeType || o.querySelector('.jupyter-widgets');
  const pictures = [...panel.querySelectorAll('.jp-OutputArea-output img')];
  return outputs.every(drawn) && pictures.every(i => i.complete && i.naturalWidth > 0);
}
"""

# What is still missing when a Run All does not finish (printed instead of a bare timeout).
MISSING_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return 'no notebook panel';
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .map((p, i) => [i, p.textContent.trim()]).filter(([i, t]) => !/^\\[\\d+\\]:$/.test(t));
  const outputs = [...panel.querySelectorAll('.jp-OutputArea-output')];
  const undrawn = outputs.filter(o => !o.dataset.mimeType && !o.querySelector('.jupyter-widgets'));
  const pictures = [...panel.querySelectorAll('.jp-OutputArea-output img')];
  return JSON.stringify({status: indicator && indicator.dataset.status,
                         unfinished_prompts: prompts, outputs: outputs.length,
                         undrawn: undrawn.map(v => v.textContent.slice(0, 120)),
                         pictures_not_decoded: pictures.filter(i => !i.complete).length});
}
"""


def fill_journal(home: Path) -> None:
    """A journal with every step answered: ratings, reflections and exercises."""
    os.environ["INTERDEPENDENCE_HOME"] = str(home)
    from interdependence.cohort import demo
    from interdependence.curriculum import default
    from interdependence.exercises.closing import PLAN_FIELDS, Closing
    from interdependence.exercises.disclosure import DisclosureLadder
    from interdependence.exercises.therapy import Therapy
    from interdependence.exercises.thought_record import ThoughtRecords
    from interdependence.exercises.timeline import Timeline
    from interdependence.journal import open_journal

    journal, rng = open_journal(), random.Random(5)
    for step in default().steps:
        for n, item in enumerate(step.items):
            journal.set_rating(step.id, item.id, n % 5 + 1)
        for prompt in step.prompts:
            journal.set_reflection(step.id, prompt.id, f"Some words for {prompt.id}.")
        fill = demo.DEMO_EXERCISES.get(step.id)
        if fill is not None:
            fill(journal, rng, 3.5)
    # The steps the demo cohort leaves empty (they share no summary) get entries too, so
    # every notebook with a chart draws it.
    timeline = Timeline(journal)
    for n, period in enumerate(timeline.period_ids()):
        timeline.moments.add({"period": period, "what": f"A moment {n + 1}",
                              "lesson": "Do it alone.", "themes": timeline.theme_ids()[:2]})
    records = ThoughtRecords(journal)
    for n in range(3):
        records.keep(None, {"situation": f"Needed help {n + 1}", "belief": "I am a burden",
                            "belief_before": 80 - 10 * n, "belief_after": 50 - 10 * n,
                            "traps": list(records.trap_ids()[:2]),
                            "balanced": "People like to help."})
    ladder = DisclosureLadder(journal)
    for n in range(4):
        ladder.disclosures.add({"text": f"Something true {n + 1}", "exposure": 20 * n + 10})
    therapy = Therapy(journal)
    for barrier in therapy.barrier_ids()[:2]:
        therapy.tick(barrier, True)
    closing = Closing(journal)
    for stem in closing.stems():
        closing.set_look_back(stem["id"], "Asking went better than I feared.")
    for field in PLAN_FIELDS:
        closing.set_plan_field(0, field, "Ask Sam for a lift on Friday.")


def served_copy() -> Path:
    root = scratch("bench-lab-root-")
    shutil.copytree(ROOT / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    floor = json.loads((root / "notebooks" / "00-welcome.ipynb").read_text())
    floor["cells"] = [{"cell_type": "code", "execution_count": None, "id": "floor",
                       "metadata": {}, "outputs": [], "source": FLOOR_SOURCE}]
    (root / "notebooks" / FLOOR).write_text(json.dumps(floor))
    return root


def cpu_seconds() -> float | None:
    """CPU seconds used so far by every process this one started (JupyterLab, its kernels,
    Playwright's driver and Chromium), read from /proc; None where there is none. Unlike
    the wall time it hardly depends on what else the machine is doing."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        return None
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid = int(stat.parent.name)
        children.setdefault(int(fields[1]), []).append(pid)  # fields[1]: the parent
        ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
    total, todo = 0, list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        total += ticks.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total / os.sysconf("SC_CLK_TCK")


def run_all_once(page, server, name: str) -> tuple[float, float | None]:
    """Open ``name`` afresh (a new kernel; untimed), then Run All until everything is
    drawn: seconds, and CPU seconds of every process under test (see :func:`cpu_seconds`).
    Its kernel is shut down afterwards."""
    from browser_ui import LabNotebook

    notebook = LabNotebook(page, server, f"notebooks/{name}").open()
    try:
        cpu = cpu_seconds()
        start = time.perf_counter()
        if RESTART:
            notebook.menu("Kernel", "Restart Kernel and Run All Cells…")
            page.locator(".jp-Dialog .jp-mod-accept").click()
        else:
            notebook.menu("Run", "Run All Cells")
        page.wait_for_timeout(50)  # the prompts change to [*] first
        try:
            page.wait_for_function(ALL_DRAWN_JS, timeout=TIMEOUT * 1000, polling=25)
        except Exception as exc:  # Playwright's TimeoutError: say what never finished
            log = Path(server.log).read_text(errors="replace")[-3000:]
            raise RuntimeError(f"Run All of {name} did not finish in {TIMEOUT} s: "
                               f"{page.evaluate(MISSING_JS)}\nserver log:\n{log}") from exc
        seconds, cpu_after = time.perf_counter() - start, cpu_seconds()
        return seconds, None if cpu is None or cpu_after is None else cpu_after - cpu
    finally:
        notebook.shut_down()


def set_up(default: str = "") -> tuple[list[str], Path, Path]:
    """The notebooks to run (BENCH_NOTEBOOKS, else ``default``, else all), a home with a
    full journal and the served copy of notebooks/ with the floor beside them."""
    wanted = [w for w in os.environ.get("BENCH_NOTEBOOKS", default).split(",") if w]
    names = [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
             if not wanted or p.name[:2] in wanted]
    # The kernels write bytecode as a participant's do (round 0 warms it up): without it,
    # every kernel compiles the kit's modules again while the floor's come ready-made.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    home = scratch("bench-lab-home-")
    fill_journal(home)
    return names, home, served_copy()


def main() -> None:
    import _browser

    missing = _browser.chromium_missing()
    if missing:
        print(f"skipped: {missing}")
        return
    names, home, root = set_up()
    times: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    with _browser.lab(home, root) as server, _browser.chromium_page() as page:
        for round_ in range(RUNS + 1):  # round 0 warms up: bytecode, fonts, front-ends
            for name in [FLOOR, *names]:
                seconds, cpu = run_all_once(page, server, name)
                if round_:
                    times.setdefault(name, []).append(seconds)
                    if cpu is not None:
                        cpus.setdefault(name, []).append(cpu)
    report(times, cpus)


def report(times: dict[str, list[float]], cpus: dict[str, list[float]]) -> None:
    """The medians: wall time (the aim) and, beside it, the CPU time of every process."""
    floor = statistics.median(times.pop(FLOOR))
    floor_cpu = statistics.median(cpus.pop(FLOOR)) if cpus.get(FLOOR) else None
    how = "Restart Kernel and Run All Cells" if RESTART else "Run All Cells"
    warm = "off" if os.environ.get("INTERDEPENDENCE_WARM_UP", "") == "0" else "on"
    print(f"{how}; runs per notebook: {RUNS} (median); full journal; chart warm-up {warm}; "
          f"load average {os.getloadavg()[0]:.1f}")
    cpu_note = f"   cpu {floor_cpu:5.2f} s" if floor_cpu else ""
    print(f"{'floor notebook (ipywidgets + matplotlib, one figure)':52} {floor:6.2f} s{cpu_note}")
    for name, samples in times.items():
        median = statistics.median(samples)
        line = f"{name:52} {median:6.2f} s {median / floor:5.2f}x   (aim <= {AIM}x)"
        if floor_cpu and cpus.get(name):
            cpu = statistics.median(cpus[name])
            line += f"   cpu {cpu:5.2f} s {cpu / floor_cpu:5.2f}x"
        print(line)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

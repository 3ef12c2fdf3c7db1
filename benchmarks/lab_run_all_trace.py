"""Where the time of a JupyterLab Run All goes: the kernel or the browser (issue 14, item 2).

Run All of each notebook (as ``lab_run_all.py`` times it, after a warm-up round) under a
Chromium performance trace (devtools.timeline) while every websocket message is recorded.
For each notebook it prints, from the Run All click (seconds):

- each code cell as the kernel ran it (``execute_reply``'s ``started`` and its send time),
  and when the browser received the reply;
- every widget message over 20 kB (a chart's pictures) as sent and received;
- the browser tab's main thread: its busy share in each 100 ms and its total busy time;
- the browser's wait: time the tab's main thread was idle while a cell ran in the kernel,
  and the kernel's: time after its last cell until everything was drawn.

BENCH_NOTEBOOKS=03,08 picks notebooks (default: 02,03,05,08; the floor always comes first);
BENCH_RUNS traced rounds (default 1); BENCH_TRACE_DIR keeps the traces (Chrome's
chrome://tracing or Perfetto opens them), else they go with the run. Tracing slows the tab:
compare notebooks within one run, not with ``lab_run_all.py``'s figures.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import time
from pathlib import Path

from _scratch import scratch

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute",
              "blink", "toplevel", "loading"]
FIELD = {name: re.compile(rf'"{name}":\s*"([^"]+)"')
         for name in ("msg_type", "execution_state", "date", "started")}
BIG = 20_000  # bytes: a widget message this large carries a picture


def _field(name: str, text: str) -> str:
    found = FIELD[name].search(text)
    return found.group(1) if found else ""


class Wire:
    """Every kernel message the page sends or receives, with the time it passed (perf
    counter seconds) and, for received ones, the kernel's own times."""

    def __init__(self) -> None:
        self.frames: list[dict] = []

    def watch(self, socket) -> None:
        if "/channels" not in socket.url:
            return
        socket.on("framereceived", lambda payload: self._add("in", payload))
        socket.on("framesent", lambda payload: self._add("out", payload))

    def _add(self, way: str, payload) -> None:
        at = time.perf_counter()
        text = payload if isinstance(payload, str) else payload.decode("latin-1")
        self.frames.append({"at": at, "way": way, "size": len(text),
                            **{name: _field(name, text) for name in FIELD}})


def _kernel_seconds(stamp: str, wall_minus_perf: float) -> float:
    """A kernel's ISO time as perf counter seconds (both clocks of this computer)."""
    moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    return moment - wall_minus_perf


def _main_thread(events: list[dict]) -> tuple[int, int]:
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    counts: dict[tuple[int, int], int] = {}
    for event in events:
        key = (event.get("pid"), event.get("tid"))
        if names.get(key) == "CrRendererMain":
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.__getitem__)  # the tab's: by far the most events


def busy_spans(trace: Path, start: float) -> list[tuple[float, float]]:
    """The tab's main thread busy, as merged (from, to) seconds after ``start``."""
    data = json.loads(trace.read_text())
    events = data["traceEvents"] if isinstance(data, dict) else data
    main = _main_thread(events)
    spans = sorted((e["ts"] / 1e6 - start, (e["ts"] + e["dur"]) / 1e6 - start)
                   for e in events if (e.get("pid"), e.get("tid")) == main
                   and e.get("ph") == "X" and e.get("dur"))
    merged: list[list[float]] = []
    for begin, end in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    return [(begin, end) for begin, end in merged if end > 0]


def overlap(spans: list[tuple[float, float]], begin: float, end: float) -> float:
    return sum(max(0.0, min(b, end) - max(a, begin)) for a, b in spans)


def report(name: str, seconds: float, cpu: float | None, frames: list[dict],
           spans: list[tuple[float, float]], start: float, wall_minus_perf: float) -> None:
    cpu_note = f", cpu {cpu:.2f} s" if cpu is not None else ""
    print(f"== {name}: everything drawn {seconds:.2f} s{cpu_note}")
    cells = []
    for frame in frames:
        if frame["way"] == "in" and frame["msg_type"] == "execute_reply" and frame["started"]:
            began = _kernel_seconds(frame["started"], wall_minus_perf) - start
            ended = _kernel_seconds(frame["date"], wall_minus_perf) - start
            cells.append((began, ended))
            print(f"  kernel cell {began:6.2f} -> {ended:6.2f} ({ended - began:5.2f} s), "
                  f"browser has the reply at {frame['at'] - start:6.2f}")
        elif frame["way"] == "in" and frame["msg_type"] == "comm_msg" and frame["size"] > BIG:
            sent = _kernel_seconds(frame["date"], wall_minus_perf) - start
            print(f"  widget message {frame['size'] / 1000:5.0f} kB sent {sent:6.2f}, "
                  f"received {frame['at'] - start:6.2f}")
    shares = []
    for tenth in range(int(seconds * 10) + 1):
        shares.append(f"{overlap(spans, tenth / 10, tenth / 10 + 0.1) * 1000:3.0f}")
    print("  tab main thread busy, % of each 100 ms:", " ".join(shares))
    waiting = sum(max(0.0, (min(b, seconds) - max(a, 0.0)) - overlap(spans, max(a, 0.0),
                                                                        min(b, seconds)))
                  for a, b in cells if a < seconds)
    last = max((b for _, b in cells), default=0.0)
    print(f"  tab main thread busy {overlap(spans, 0.0, seconds):.2f} s of {seconds:.2f} s; "
          f"idle while a cell ran {waiting:.2f} s; after the kernel's last cell "
          f"({last:.2f} s) {seconds - last:.2f} s to everything drawn")


def traced_run_all(page, server, name: str, wire: Wire, folder: Path, label: str) -> None:
    import lab_run_all as bench
    from browser_ui import LabNotebook

    notebook = LabNotebook(page, server, f"notebooks/{name}").open()
    try:
        page.wait_for_timeout(300)  # the opening settles
        trace = folder / f"{label}.json"
        page.context.browser.start_tracing(page=page, path=str(trace), categories=CATEGORIES)
        wire.frames.clear()
        cpu, start = bench.cpu_seconds(), time.perf_counter()
        notebook.menu("Run", "Run All Cells")
        page.wait_for_timeout(50)
        page.wait_for_function(bench.ALL_DRAWN_JS, timeout=bench.TIMEOUT * 1000, polling=25)
        seconds, cpu_after = time.perf_counter() - start, bench.cpu_seconds()
        page.wait_for_timeout(1500)  # what lands after (a chart's other layout)
        page.context.browser.stop_tracing()
        frames, wall_minus_perf = list(wire.frames), time.time() - time.perf_counter()
        used = None if cpu is None or cpu_after is None else cpu_after - cpu
        report(label, seconds, used, frames, busy_spans(trace, start), start, wall_minus_perf)
    finally:
        notebook.shut_down()


def main() -> None:
    import _browser
    import lab_run_all as bench

    missing = _browser.chromium_missing()
    if missing:
        print(f"skipped: {missing}")
        return
    names, home, root = bench.set_up(default="02,03,05,08")
    folder = Path(os.environ.get("BENCH_TRACE_DIR") or scratch("bench-trace-"))
    folder.mkdir(parents=True, exist_ok=True)
    wire = Wire()
    print(f"load average {os.getloadavg()[0]:.1f}")
    with _browser.lab(home, root) as server, _browser.chromium_page() as page:
        page.on("websocket", wire.watch)
        for name in [bench.FLOOR, *names]:  # warm-up: bytecode, fonts, front-ends
            bench.run_all_once(page, server, name)
        for round_ in range(int(os.environ.get("BENCH_RUNS", "1"))):
            for name in [bench.FLOOR, *names]:
                traced_run_all(page, server, name, wire, folder, f"{name[:-6]}-{round_}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

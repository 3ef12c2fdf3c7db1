"""Step 08: from a rating change in the page to the redrawn chart of the signs (aim: at most
1.5x matplotlib drawing the same figure alone, to PNG at the same size and dpi with the
kit's own ``charts.render.figure_png``, as the page does).

The app page (`make app`, Voila) of step 08 is opened in headless Chromium on a journal
whose check-in and close signs are answered, so the chart is on the page. Each sample
clicks another answer to the first sign and times, inside the page, from the click to the
moment the picture the screen shows (the <img>'s ``currentSrc``: the phone layout at 390 px,
the wide one at 1280) changes and is decoded. The floor draws that layout of the chart from
the same journal, in this process, as many times. Both widths; BENCH_RUNS samples each
(default 9), medians.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from _scratch import scratch

RUNS = int(os.environ.get("BENCH_RUNS", "9"))
WIDTHS = (390, 1280)
#: Before each click: the other layout of the last change is drawn once the kernel is idle
#: (views/chart_panel.py), and a click in the middle of it would wait for it.
SETTLE_MS = 1500
AIM = 1.5
STEP = "08-embracing-interdependence"
PAGE = f"notebooks/{STEP}.ipynb"

# Resolves with the milliseconds from clicking answer `value` of the first rating on the
# page to the chart's <img> showing another picture (the layout this screen uses).
CLICK_AND_WAIT_JS = """
async (value) => {
  const panel = document.querySelector('.interdep-chart-panel');
  const shown = () => {
    const img = panel.querySelector('.interdep-chart img');
    return img ? (img.currentSrc || img.getAttribute('src')) : null;
  };
  const before = shown();
  const radios = document.querySelectorAll('.interdep-rating')[0]
      .querySelectorAll('input[type=radio]');
  return await new Promise((resolve) => {
    let start;
    const seen = () => {
      const img = panel.querySelector('.interdep-chart img');
      if (img && shown() !== before) {
        observer.disconnect();
        // the new picture decoded and laid out: what a person sees
        img.decode().catch(() => {}).then(() =>
          requestAnimationFrame(() => resolve(performance.now() - start)));
      }
    };
    const observer = new MutationObserver(seen);
    setTimeout(() => { observer.disconnect(); resolve(-1); }, 60000);  // never redrawn
    observer.observe(panel, {subtree: true, childList: true, attributes: true,
                             characterData: true});
    start = performance.now();
    radios[value - 1].click();
  });
}
"""

# The answer (1-5) the first rating on the page has now, or null: a click on it would
# change nothing, and the picture would never change.
CHECKED_JS = """
() => {
  const radios = [...document.querySelectorAll('.interdep-rating')[0]
      .querySelectorAll('input[type=radio]')];
  const index = radios.findIndex((radio) => radio.checked);
  return index < 0 ? null : index + 1;
}
"""


def answered_journal(home: Path):
    os.environ["INTERDEPENDENCE_HOME"] = str(home)
    from interdependence.curriculum import default
    from interdependence.journal import open_journal

    journal = open_journal()
    for n, sign in enumerate(default().signs):
        journal.set_rating("00-welcome", sign.id, n % 5 + 1)
        journal.set_rating(STEP, sign.id, (n + 2) % 5 + 1)
    return journal


def floor_sample(data, phone: bool) -> float:
    """The same chart drawn alone: a new figure, saved as PNG at the kit's dpi."""
    from interdependence.charts.render import figure_png
    from interdependence.views.closing import signs_figure

    start = time.perf_counter()
    figure_png(signs_figure(data.rows, data.same_day, phone=phone)[0])
    return time.perf_counter() - start


def samples(home: Path, width: int) -> tuple[list[float], list[float]]:
    """(page, floor) samples at a screen ``width`` px wide, interleaved so a change in the
    machine's load hits both."""
    import _browser

    from interdependence import open_step
    from interdependence.charts.render import PHONE_WIDTH  # narrower: the phone layout

    page_times, floor_times = [], []
    with _browser.voila(home) as server, _browser.chromium_page(width) as page:
        page.goto(server.url(f"voila/render/{PAGE}"))
        page.locator("#loading").wait_for(state="detached")
        page.locator(".interdep-chart-panel .interdep-chart img").wait_for()
        page.wait_for_timeout(1000)  # let the page settle
        for n in range(RUNS + 1):
            current = page.evaluate(CHECKED_JS)
            value = 1 + n % 5
            if value == current:
                value = value % 5 + 1
            page.wait_for_timeout(SETTLE_MS)  # a person reads the chart before the next change
            ms = page.evaluate(CLICK_AND_WAIT_JS, value)
            if ms < 0:
                raise SystemExit(f"The chart was not redrawn within 60 s of choosing {value} "
                                 f"(was {current}) at {width} px.")
            # the chart's data as the page has it now, from the journal the kernel wrote
            data = open_step(STEP).model.signs_chart()
            floor = floor_sample(data, phone=width <= PHONE_WIDTH)
            if n:  # the first of each is a warm-up (imports, fonts, a kernel's first draw)
                page_times.append(ms / 1000)
                floor_times.append(floor)
    return page_times, floor_times


def main() -> None:
    import _browser

    from interdependence.charts.render import PHONE_WIDTH  # narrower: the phone layout

    missing = _browser.chromium_missing()
    if missing:
        print(f"skipped: {missing}")
        return
    home = scratch("bench-redraw-")
    answered_journal(home)
    print(f"runs per figure:                            {RUNS} (median)")
    for width in WIDTHS:
        page_times, floor_times = samples(home, width)
        page, floor = statistics.median(page_times), statistics.median(floor_times)
        layout = "phone" if width <= PHONE_WIDTH else "wide"
        print(f"at {width} px ({layout} layout):")
        print(f"  matplotlib draws the chart alone (floor):  {floor * 1000:7.1f} ms")
        print(f"  rating click -> redrawn chart in the page: {page * 1000:7.1f} ms")
        print(f"  ratio page / floor:                        {page / floor:7.2f}x   "
              f"(aim <= {AIM}x)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()

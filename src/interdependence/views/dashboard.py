"""The facilitator's cohort dashboard: group charts by step, behind the privacy gate.

``dash = open_dashboard()`` loads the cohort named by INTERDEPENDENCE_COHORT, or the kit's
sample cohort, and hands out the widgets a notebook cell shows: ``dash.controls()`` (folder,
Load, Refresh, live mode, progress), ``dash.set_aside()`` (files that were rejected),
``dash.charts()`` (every chart of one step at a time, with questions to discuss) and
``dash.export()`` (PNG files and the HTML report).

What is shown is always the cohort's last revealed state (``cohort/reveal.py``): each chart,
statement and reflection list in it moves only when at least ``min_group`` people arrived in
it, left it or changed their answers in it since its last reveal, or when the facilitator
closes the round, so nobody can read one person's answers off a change. The state is kept in
the cohort itself and re-read at every Load and Refresh, so a second kernel, the same folder
spelled another way and ``interdependence report`` all see the same state; nothing is cached
here. The chart pictures it draws are kept as the report keeps its own (``report/pictures.py``,
the facilitator's private ``_facilitator/charts/``), so a report made after a session draws
only what the dashboard did not.
Loading, statistics and files live in ``report/`` and ``cohort/``; this module only wires
widgets to them.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from .. import paths, privacy
from ..cohort.stores.base import StoreError
from .autosave import kernel_loop
from .guard import clear_error, error_area, guarded, show_error
from .mode import wait_for_page
from .style import STYLE, esc, style

LIVE_SECONDS = 20.0
#: Seconds between two charts drawn ahead: room for the kernel to answer a click first.
AHEAD_PAUSE = 0.05
#: Seconds after a load before the first chart is drawn ahead: the page is still being
#: drawn then, and each message the browser sends the kernel would wait behind a chart.
AHEAD_START = 4.0
#: What can go wrong with a cohort folder, said in words next to the controls: a missing
#: folder, no permission, a damaged settings.json (StoreError), a threshold refused.
_PROBLEMS = (OSError, ValueError, StoreError)

if TYPE_CHECKING:
    from ..cohort.loader import CohortData
    from ..cohort.reveal import Outcome
    from ..report.pictures import Keeper, PictureCache


def default_source() -> str:
    """INTERDEPENDENCE_COHORT if set, else the bundled sample cohort."""
    return os.environ.get(paths.COHORT_ENV) or str(paths.sample_cohort())


def fixed_source() -> str | None:
    """The one cohort this dashboard may show, when the facilitator's app set it
    (INTERDEPENDENCE_COHORT_FIXED=1, ``interdependence facilitator-app``); else None."""
    if os.environ.get(paths.COHORT_FIXED_ENV) == "1":
        return default_source()
    return None


def on_screen(source: str) -> str:
    """The cohort as the dashboard's header names it, on a projector: a folder by its own
    name ("folder spring-26"), never its full path, which shows the facilitator's home
    folder and how they file their work to the room; a database or the hub's service by its
    location, which never holds a password (``stores.postgres.split_url``)."""
    if "://" in source:
        return source
    return f"folder {Path(source).name or source}"


class Dashboard:
    """The dashboard's state (loaded cohort, what is revealed) and its widgets."""

    def __init__(self, source: str | None = None, curriculum=None, live_seconds=LIVE_SECONDS):
        from .. import curriculum as _curriculum
        from .viewport import screen

        screen()  # ask the page whether its screen is narrow: that layout is drawn first
        self.curriculum = curriculum or _curriculum.default()
        self.live_seconds = live_seconds
        self.loaded: CohortData | None = None  # everything in the folder, as loaded
        #: the cohort's last revealed state: every chart is drawn from it
        self.shown: CohortData | None = None
        #: of the last Load/Refresh/Close the round
        self.outcome: Outcome | None = None
        self.panels: list = []
        self._sections: dict[str, list] = {}
        self._cache: dict[str, list] = {}
        #: each step's panels as drawn so far, on a first visit or ahead of it (_draw_ahead)
        self._drawn: dict[str, list[DrawnPanel]] = {}
        self._generation = 0  # which revealed state the drawing ahead belongs to
        self._ahead: asyncio.Handle | None = None
        #: a chosen step's pictures in the layout not on screen (usually the phone one), waiting
        #: for the kernel to be idle (see _other_later)
        self._phones: list = []
        self._quiet = False  # set while the step list is rebuilt, so it draws once
        #: the pictures kept for the state shown (opened before it was read), and the thread
        #: that writes them (see _picture)
        self._kept: PictureCache | None = None
        self._keeper: Keeper | None = None
        self._task: asyncio.Task[None] | None = None  # live mode's timer
        self.errors = error_area()  # a callback that failed unexpectedly (see guarded)
        self.problems = error_area()  # what went wrong in the world: a missing folder...
        #: set in the facilitator's app: this cohort only, whatever the text box says
        self.fixed = fixed_source()
        self._build(self.fixed or source or default_source())
        self.load()

    # ---- widgets -------------------------------------------------------------------------

    def _build(self, source: str) -> None:
        guard = guarded(self.errors)
        self.source = w.Text(value=source, description="Cohort folder",
                             placeholder="for example /srv/workshop/spring-26",
                             style={"description_width": "110px"},
                             layout=w.Layout(width="70%"))
        self.load_button = w.Button(description="Load", icon="folder-open",
                                    tooltip="Load the cohort in this folder")
        self.refresh_button = w.Button(description="Refresh", icon="refresh",
                                       tooltip="Look for new or withdrawn submissions")
        self.live = w.ToggleButton(value=False, description="Live mode", icon="play",
                                   tooltip=f"Refresh every {self.live_seconds:g} seconds")
        self.close_round_button = w.Button(
            description="Close the round", icon="check",
            tooltip="Show everyone who has shared so far (charts stay hidden below the "
                    "smallest group size). Risk: revealing fewer changes than the smallest "
                    "group size at once lets someone who compares the charts before and "
                    "after work out those people's answers.")
        # Closing the round has a privacy risk and sits beside Refresh: it asks first. The
        # question takes the place of the words on what is waiting (live_status), and its two
        # answers sit in the buttons' row, so the page below hardly moves when it is asked.
        self.close_round_question = w.HTML(layout=w.Layout(display="none"))
        self.close_round_confirm = w.Button(description="Yes, close the round",
                                            button_style="warning",
                                            layout=w.Layout(display="none", width="auto"))
        self.close_round_cancel = w.Button(description="No, keep waiting",
                                           layout=w.Layout(display="none", width="auto"))
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Loading",
                                      layout=w.Layout(display="none", width="50%"))
        self.status = w.HTML()
        self.live_status = w.HTML()
        self.rejected_view = w.HTML()
        self.section = w.Dropdown(description="Show", options=[],
                                  style={"description_width": "60px"},
                                  layout=w.Layout(width="60%"))
        self.section_view = w.VBox()
        self.export_folder = w.Text(value=str(paths.home() / "cohort-export"),
                                    description="Export to",
                                    placeholder="a folder for the PNG files and the report",
                                    style={"description_width": "110px"},
                                    layout=w.Layout(width="70%"))
        self.export_button = w.Button(description="Export charts and report", icon="download",
                                      layout=w.Layout(width="auto"))
        # Off by default: people shared their reflections with their group, and an exported
        # report is a file that can travel beyond it (the report says which it is).
        self.export_reflections = w.Checkbox(
            value=False, indent=False, layout=w.Layout(width="auto"),
            description="Put the shared reflections in the report (only for a report that "
                        "stays with this group)")
        self.export_status = w.HTML()
        self.export_problems = error_area()
        self.fixed_note = w.HTML()
        if self.fixed:  # one cohort, given when the app started: no path to type
            self.source.layout.display = self.load_button.layout.display = "none"
            self.source.disabled = self.load_button.disabled = True
            self.fixed_note.value = ("<div class='interdep-muted'>This dashboard shows one "
                                     "cohort, chosen when the app was started.</div>")

        self.load_button.on_click(guard(lambda _b: self.load()))
        self.refresh_button.on_click(guard(lambda _b: self.refresh()))
        self.close_round_button.on_click(guard(lambda _b: self.ask_close_round()))
        self.close_round_confirm.on_click(guard(lambda _b: self.close_round()))
        self.close_round_cancel.on_click(guard(lambda _b: self._close_round_asked(False)))
        self.live.observe(guard(self._on_live), names="value")
        self.section.observe(guard(self._on_section), names="value")
        self.export_button.on_click(guard(lambda _b: self.export_all()))

    def controls(self) -> w.VBox:
        return w.VBox([
            style(),
            w.HBox([self.source, self.load_button]), self.fixed_note,
            w.HBox([self.refresh_button, self.live, self.close_round_button,
                    self.close_round_confirm, self.close_round_cancel],
                   layout=w.Layout(flex_flow="row wrap")),
            self.progress, self.problems, self.errors, self.status, self.live_status,
            self.close_round_question,
        ])

    def set_aside(self) -> w.HTML:
        return self.rejected_view

    def charts(self) -> w.VBox:
        return w.VBox([style(), self.section, self.section_view])

    def export(self) -> w.VBox:
        return w.VBox([style(), w.HBox([self.export_folder, self.export_button]),
                       self.export_reflections, self.export_problems, self.export_status])

    # ---- loading and revealing -----------------------------------------------------------

    def _read(self, close_round: bool = False) -> tuple[Outcome, PictureCache]:
        """Load the folder and take its revealed state, with the progress bar showing; and
        the cohort's kept pictures, opened first (``report.build.picture_cache``)."""
        from ..cohort.stores.factory import open_store
        from ..report.build import load_revealed, picture_cache

        # In the facilitator's app, the fixed cohort: a value sent into the hidden text box
        # (a crafted widget message) changes nothing.
        location = self.fixed or self.source.value.strip()
        if not location:
            raise ValueError("Please type the path of a cohort folder first.")
        if "://" not in location and not Path(location).expanduser().is_dir():
            raise FileNotFoundError(
                f"There is no folder at {location}. Check the path (it may be on a shared or "
                "synced drive that is not connected), or make one with "
                "`interdependence setup-cohort`.")

        def progress(done: int, total: int) -> None:
            self.progress.max = max(total, 1)
            self.progress.value = min(done, self.progress.max)

        store = open_store(location)
        kept = picture_cache(store)
        self.progress.value, self.progress.layout.display = 0, None
        try:
            return load_revealed(store, self.curriculum, progress=progress,
                                 close_round=close_round), kept
        except BaseException:
            kept.close()
            raise
        finally:
            self.progress.layout.display = "none"

    def load(self) -> None:
        """Load (or switch to) the folder in the text box and show its revealed state.

        Between reveals this is the state shown last time (by any kernel or report), not the
        folder as it is now: that would let one withdrawal or one changed resubmission be
        read off the change.
        """
        self._clear()
        try:
            outcome, kept = self._read()
        except _PROBLEMS as exc:  # said next to the controls, in words
            show_error(self.problems, str(exc))
            self.status.value = ""
            return
        clear_error(self.problems)
        self.outcome, self.loaded = outcome, outcome.loaded
        self._keep_in(kept)
        self._show(outcome)

    def refresh(self, close_round: bool = False) -> None:
        """Look again; new results appear only once enough people have changed."""
        if self.loaded is None and not close_round:
            return self.load()
        try:
            outcome, kept = self._read(close_round=close_round)
        except _PROBLEMS as exc:
            show_error(self.problems, str(exc))
            return None
        clear_error(self.problems)
        before = self.outcome.state_id if self.outcome is not None else None
        self.outcome, self.loaded = outcome, outcome.loaded
        if outcome.state_id != before or self.shown is None:
            self._keep_in(kept)
            self._show(outcome)  # revealed here, or by another kernel or a report since
        else:
            kept.close()  # the state shown is still the one read with the cache in use
            self._say_waiting()
        return None

    def ask_close_round(self) -> None:
        """"Close the round" asks first, with its risk: it sits beside Refresh, and a press
        by mistake would show fewer changes than the smallest group size at once.

        The question says whether anything is waiting, never how many: a round needs closing
        only while fewer than ``min_group`` changes wait in a chart (at least that many are
        revealed by a plain Refresh), and that small number is what must not be shown."""
        if self.loaded is None:
            return
        outcome, k = self.outcome, self.loaded.min_group
        if outcome is not None and not outcome.waiting:
            waiting = ("At the last refresh nothing was waiting: closing the round now shows "
                       "only what has been shared since.")
        else:
            waiting = (f"Fewer than {k} new, withdrawn or changed submissions are waiting in "
                       "some charts (their exact number is never shown).")
        self.close_round_question.value = (
            "<div class='interdep-card'><b>Close the round now?</b> "
            f"{esc(waiting)} {esc(privacy.close_round_risk(k))}</div>")
        self._close_round_asked(True)

    def _close_round_asked(self, asking: bool) -> None:
        """Show the question and its two answers (``asking``), or put the page back: the
        question stands where the words on what is waiting were."""
        shown = None if asking else "none"
        for part in (self.close_round_question, self.close_round_confirm,
                     self.close_round_cancel):
            part.layout.display = shown
        self.live_status.layout.display = "none" if asking else None
        self.close_round_button.disabled = asking
        if not asking:
            self.close_round_question.value = ""

    def close_round(self) -> None:
        """The facilitator ends the round (after saying yes to :meth:`ask_close_round`):
        show everyone who has shared so far. Its risk is said on the button and in the
        question (:func:`privacy.close_round_risk`)."""
        self._close_round_asked(False)
        if self.loaded is None:
            return
        self.refresh(close_round=True)

    def _clear(self) -> None:
        self.loaded = self.shown = None
        self.panels, self._sections, self._cache = [], {}, {}
        self._forget_drawings()
        self._quiet = True
        try:
            self.section.options = []
        finally:
            self._quiet = False
        self.section_view.children = ()
        self.rejected_view.value = ""

    def _show(self, outcome: Outcome) -> None:
        """Rebuild the panels from ``outcome`` (just read) and redraw the current step."""
        from ..cohort import aggregate
        from ..report.page import rejected_html, sections

        self.shown = shown = outcome.shown
        self.panels = aggregate.all_panels(shown, self.curriculum)
        self._sections = dict(sections(self.panels, self.curriculum))
        self._cache = {}
        self._forget_drawings()
        keep = self.section.value
        self._quiet = True
        try:
            self.section.options = list(self._sections)
            # ipywidgets 8 leaves a Dropdown empty after new options: choose one ourselves
            self.section.value = keep if keep in self._sections else next(iter(self._sections))
        finally:
            self._quiet = False
        if self._keeper is not None and self._kept is not None:  # an old state's pictures go
            self._keeper.submit(partial(_keep_only, self._kept, self.panels))
        self._show_section()
        self._draw_ahead()
        data = outcome.loaded
        code = data.settings.get("code") or "no code set"
        # counted as the report counts them: charts and lists of reflections apart
        hidden = privacy.hidden_in(self.panels)
        self.status.value = (
            f"{STYLE}<div class='interdep-card'><b>{esc(code)}</b> · "
            f"{esc(on_screen(data.source))}<br>"
            f"Showing {privacy.shown_count(shown.headcount, data.min_group)} "
            f"people in the charts ({privacy.HEADCOUNT_WORDS}; as at the last update) · "
            f"{privacy.number(len(data.rejected))} set aside · charts need at least "
            f"{data.min_group} people · {esc(privacy.hidden_counts(*hidden))}"
            "<details><summary>Who is not in the charts?</summary>"
            f"{esc(privacy.not_in_charts(data.min_group, len(data.rejected), *hidden))}"
            "</details></div>"
            + "".join(f"<div class='interdep-notice'>{esc(x)}</div>"
                      for x in [*data.warnings, *outcome.problems]))
        self.rejected_view.value = STYLE + rejected_html(list(data.rejected))
        self._say_waiting()

    def _say_waiting(self) -> None:
        """What is waiting, in words: never an exact number below the smallest group."""
        outcome = self.outcome
        if outcome is None or self.loaded is None:
            return
        text = outcome.note
        if outcome.closed:  # done: its risk was said when it was asked, not said again
            text = "Everyone who has shared so far is in the charts: the round was closed."
        elif outcome.waiting:  # what to do, in plain words; its risk is said when asked
            text = privacy.waiting_to_do(outcome.min_group, outcome.anything_shown)
        self.live_status.value = f"<div class='interdep-muted'>{esc(text)}</div>"

    # ---- charts of one step --------------------------------------------------------------

    def _on_section(self, _change) -> None:
        if not self._quiet:  # the step list is being rebuilt: _show draws once at the end
            self._show_section()

    def _show_section(self) -> None:
        title = self.section.value
        if title is None:
            self.section_view.children = ()
            return
        if title not in self._cache:
            self._cache[title] = [w.HTML(h) for h in self._section_html(title)]
        self.section_view.children = tuple(self._cache[title])

    def _section_html(self, title: str, most: int | None = None) -> list[str]:
        """The panels of step ``title`` as HTML, drawing those not drawn yet (at most
        ``most`` of them; all when None).

        Each chart in both layouts, as the report: the phone one on a narrow screen. In a live
        kernel a step the facilitator chose (``most`` None) gets its wide pictures first and
        its phone ones on the kernel's next idle turns; drawn ahead, both at once."""
        from ..curriculum import load_discussion

        done = self._drawn.setdefault(title, [])
        panels = self._sections[title]
        if len(done) < len(panels):
            prompts = load_discussion()
            loop = kernel_loop() if most is None else None
            for panel in panels[len(done):][:most]:
                done.append(self._draw_panel(title, len(done), panel, prompts, loop))
        return [drawn.html for drawn in done]

    def _draw_panel(self, title: str, index: int, panel, prompts, loop) -> DrawnPanel:
        """One panel with its chart's pictures; with ``loop``, only the picture in the layout
        the screen shows (:mod:`.viewport`: the wide one unless the page said it is narrow),
        the other to follow when the kernel is idle."""
        from .viewport import is_narrow

        drawn = DrawnPanel(panel, prompts)
        if panel.visible and panel.kind != "reflections":
            if loop is None:
                drawn.wide = self._picture(panel, phone=False)
                drawn.phone = self._picture(panel, phone=True)
            else:
                phone = is_narrow()
                drawn.add(self._picture(panel, phone=phone), phone)
                self._other_later(loop, title, index, not phone)
                return drawn
        drawn.make_html()
        return drawn

    def _picture(self, panel, phone: bool) -> bytes:
        """The PNG of ``panel``'s chart, as the report draws it: the one kept for the
        cohort if there is one, else drawn here and handed to the keeper's thread to keep."""
        from ..report.pictures import DPI, draw, picture_key

        kept = self._kept
        key = picture_key(panel, phone, DPI) if kept is not None and kept.fd is not None \
            else None
        png = kept.get(key) if kept is not None else None
        if png is None:
            png = draw(panel, phone, DPI)
            if key is not None and kept is not None and self._keeper is not None:
                self._keeper.submit(partial(kept.put, key, png))
        return png

    def _keep_in(self, kept: PictureCache) -> None:
        """Keep pictures in ``kept`` (opened before the state now shown was read) from now
        on; the one before is closed once what was handed to it is written."""
        from ..report.pictures import Keeper

        if self._keeper is None:
            self._keeper = Keeper()
        if self._kept is not None:
            self._keeper.submit(self._kept.close)
        self._kept = kept

    def _other_later(self, loop, title: str, index: int, phone: bool) -> None:
        """Draw panel ``index`` of ``title``'s picture in the other layout (``phone``: the
        phone one) once the kernel is idle (one chart per idle turn, after any cell waiting)
        and show the panel with both, unless a new reveal or load came first."""
        from .chart_panel import WHEN_IDLE

        generation = self._generation

        def add() -> None:
            done = self._drawn.get(title)
            if generation != self._generation or done is None or len(done) <= index:
                return  # loaded or refreshed since: this picture would be stale
            drawn = done[index]
            drawn.add(self._picture(drawn.panel, phone=phone), phone)
            shown = self._cache.get(title)
            if shown is not None and len(shown) > index:
                shown[index].value = drawn.html

        self._phones = [p for p in self._phones if p.action is not None]
        self._phones.append(WHEN_IDLE.add(loop, guarded(self.errors)(add)))

    @property
    def phones_waiting(self) -> int:
        """How many pictures of chosen steps (in the layout not on screen, usually the phone
        one) are still to be drawn."""
        return sum(1 for p in self._phones if p.action is not None)

    # ---- drawing ahead -------------------------------------------------------------------

    def _forget_drawings(self) -> None:
        """A new revealed state (or none): what was drawn of the old one is never shown."""
        self._drawn = {}
        self._generation += 1
        for phone in self._phones:
            phone.cancel()
        self._phones = []
        if self._ahead is not None:
            self._ahead.cancel()
            self._ahead = None

    def _draw_ahead(self) -> None:
        """In a live kernel, draw the other steps' charts while nobody is looking, one chart
        per turn of the kernel's loop, so choosing a step shows it at once; a click in
        between waits for one chart at most. Outside a kernel, steps draw when chosen."""
        loop = kernel_loop()
        if loop is None:
            return
        generation = self._generation

        def next_chart() -> None:
            self._ahead = None
            if generation != self._generation:
                return  # loaded or refreshed since: that drawing would be stale
            waiting = [t for t in self._sections
                       if len(self._drawn.get(t, ())) < len(self._sections[t])]
            if not waiting:
                return
            guarded(self.errors)(self._section_html)(waiting[0], 1)
            self._ahead = loop.call_later(AHEAD_PAUSE, next_chart)

        self._ahead = loop.call_later(AHEAD_START, next_chart)

    # ---- live mode -----------------------------------------------------------------------

    def _on_live(self, change) -> None:
        if change["new"]:
            self.live.icon, self.live.description = "pause", "Live: on"
            self._start_timer()
        else:
            self.live.icon, self.live.description = "play", "Live mode"
            self._stop_timer()

    def _start_timer(self) -> None:
        loop = kernel_loop()
        if loop is None:  # not in a live kernel (plain Python): refresh by hand instead
            self.live_status.value = ("<div class='interdep-muted'>Live mode needs a running "
                                      "notebook; press Refresh instead.</div>")
            return
        self._stop_timer()
        self._task = loop.create_task(self._tick_forever())

    def _stop_timer(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _tick_forever(self) -> None:
        tick = guarded(self.errors)(self.refresh)
        while self.live.value:
            await asyncio.sleep(self.live_seconds)
            if self.live.value:
                tick()

    # ---- export --------------------------------------------------------------------------

    def export_all(self) -> None:
        """Every visible chart as a PNG and the HTML report, into the export folder.

        Like every output, the export is the cohort's revealed state as it is now (looked up
        again first: a report or another kernel may have revealed a batch since the last
        refresh), never an older one that could differ from it by fewer than min_group.
        """
        from ..report.build import export_charts, write_report_for

        if self.shown is None:
            show_error(self.export_problems, "Load a cohort first.")
            return
        self.refresh()
        shown, outcome = self.shown, self.outcome
        if shown is None or outcome is None:  # the refresh found no cohort to show
            show_error(self.export_problems, "Load a cohort first.")
            return
        folder = Path(self.export_folder.value.strip() or "cohort-export").expanduser()
        try:
            pngs = export_charts(shown, self.curriculum, folder)
            result = write_report_for(shown, self.curriculum, folder / "report.html",
                                      note=outcome.note, cache=self._kept,
                                      reflections=self.export_reflections.value)
        except OSError as exc:
            show_error(self.export_problems, f"The export could not be written to {folder}: "
                                             f"{exc.strerror or exc}.")
            return
        clear_error(self.export_problems)
        self.export_status.value = (
            f"<div class='interdep-card'>Saved {privacy.number(len(pngs))} charts as PNG and "
            "the report "
            f"({esc(result.summary())}) in <code>{esc(folder)}</code>.</div>")
        self.exported = pngs + [result.path]


@dataclass
class DrawnPanel:
    """One panel of a step as the dashboard has drawn it: its chart's picture in the wide
    layout and in the phone one (None until drawn; a panel with no chart has neither), and
    its HTML, made from the pictures there are."""

    panel: Any
    prompts: Any
    wide: bytes | None = None
    phone: bytes | None = None
    html: str = ""

    def add(self, picture: bytes, phone: bool) -> None:
        """A picture drawn in the phone layout (``phone``) or the wide one."""
        if phone:
            self.phone = picture
        else:
            self.wide = picture
        self.make_html()

    def make_html(self) -> None:
        """The panel as HTML, as the report shows it. Until both pictures are drawn, the one
        there is stands in: the phone picture for both layouts (a phone shows it), or the
        wide one alone."""
        from ..report.page import panel_html

        first = self.wide or self.phone
        pictures = None if first is None else {self.panel.key: (first, self.phone)}
        self.html = STYLE + panel_html(self.panel, self.prompts, phone=True,
                                       pictures=pictures)


def _keep_only(kept: PictureCache, panels: list) -> None:
    """Only the pictures of ``panels`` (the state now shown) stay kept: an old state's go."""
    from ..report.pictures import wanted_keys

    kept.keep_only(wanted_keys(panels))


def open_dashboard(source: str | None = None) -> Dashboard:
    """The dashboard on ``source`` (default: INTERDEPENDENCE_COHORT, else the sample).

    In the facilitator app's pre-heated kernel the cohort is read once the page is opened
    (``mode.wait_for_page``): the submissions are those there at that moment.
    """
    wait_for_page(("ipywidgets", "matplotlib.backends.backend_agg", "pandas",
                   "interdependence.charts", "interdependence.report"))
    return Dashboard(source)

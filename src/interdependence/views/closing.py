"""Step 08 views: look back, the before/after chart, the summary, the plan and its export.

The seven signs themselves are rated with ``step.ratings()`` (step 08 has ``signs: true``);
the session tells the model when one is saved, so the chart redraws. The data and its rules
are the model, :class:`~interdependence.exercises.closing.Closing` (``session.model``); each
part is a class that observes it, so a change in one cell shows in the others. Everything
here is private to the participant; the export goes to ``paths.exports_dir()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import ipywidgets as w

from .. import paths, steps
from .. import plan_export as export
from ..exercises.closing import (
    PLAN_FIELDS,
    Closing,
    SignsChartData,
    dumbbell_data,
)
from ..exercises.model import ExerciseError
from ..journal import Change
from . import download as dl
from . import shared
from .autosave import Debouncer
from .chart_panel import ModelChart
from .exercise_parts import model_of, muted, part_text, private_mark, say, status_line
from .guard import error_area, guarded
from .style import STYLE, esc, style

SUMMARY_STEPS = (steps.ASK_LADDER.id, steps.SUPPORT_MAP.id, steps.BOUNDARIES.id)

SUMMARY_CSS = """<style>
.interdep-summary .muted {color: var(--interdep-muted); font-size: 0.92em;}
.interdep-summary .empty {color: var(--interdep-muted); font-style: italic;}
.interdep-summary blockquote {border-left: 3px solid var(--interdep-accent-soft);
  margin: 4px 0; padding: 2px 10px;}
.interdep-summary h3 {margin: 10px 0 4px 0;}
</style>"""

SAVED, SAVING = "Saved.", "Saving…"


def intro(session, part_id: str) -> w.HTML:
    """The part's how-to line; its heading is in the notebook's Markdown cell above."""
    return shared.html(
        f'<div class="interdep-muted">{esc(part_text(session, part_id)["help"])}</div>')


# ---- a text box that saves as the participant types ------------------------------------------


class SavingText(w.VBox):
    """A text box that saves through ``save(text)`` once typing pauses, with a status line.

    Parts: ``heading``, ``text``, ``status``, ``debouncer``. :meth:`show` puts words saved
    in another cell on screen, unless typing here is still waiting to be saved (it would be
    lost). The step's :class:`ExerciseError` (08: ``ClosingError``) is said in the status
    line; anything else goes to ``errors`` through ``guarded``.
    """

    def __init__(self, *, label: str, value: str, placeholder: str,
                 save: Callable[[str], None], errors: w.HTML, heading: w.Widget,
                 rows: int = 2):
        box_cls = w.Textarea if rows > 1 else w.Text
        self.heading = heading
        self.text = box_cls(value=value, placeholder=placeholder, description=label[:60],
                            tooltip=label, continuous_update=True,
                            style=shared.text_style(description_width="0px"),
                            layout=shared.layout(width="95%"),
                            **({"rows": rows} if rows > 1 else {}))
        self.status = status_line()
        say(self.status, SAVED if value.strip() else "")
        self._save, self._errors, self._showing = save, errors, False
        self.debouncer = Debouncer(guarded(errors)(self.save_now))
        super().__init__([heading, self.text, self.status], layout=shared.layout())
        self.text.observe(self._typed, names="value")

    def _typed(self, _change: Mapping) -> None:
        if self._showing:
            return
        say(self.status, SAVING)
        self.debouncer.poke()

    def save_now(self) -> None:
        try:
            self._save(self.text.value)
        except ExerciseError as exc:
            say(self.status, str(exc), problem=True)
            return
        say(self.status, SAVED)

    def flush(self) -> None:
        """Save now what is waiting (the export calls this through the model)."""
        if self.debouncer.pending:
            self.debouncer.flush()

    def show(self, value: str) -> None:
        if self.debouncer.pending or self.text.value == value:
            return
        self._showing = True
        try:
            self.text.value = value
        finally:
            self._showing = False
        say(self.status, SAVED if value.strip() else "")


# ---- look back -------------------------------------------------------------------------------


class LookBack(w.VBox):
    """Finish the look-back sentences. Parts: ``boxes`` (stem id -> :class:`SavingText`),
    ``texts`` (stem id -> its text box), ``errors``."""

    def __init__(self, session):
        self.model = model_of(session, Closing)
        self.errors = error_area()
        saved = self.model.look_back()
        placeholder = str(self.model.exercise.get("look_back_placeholder", ""))
        self.boxes = {
            stem["id"]: SavingText(
                label=stem["label"], value=saved.get(stem["id"], ""), placeholder=placeholder,
                save=partial(self.model.set_look_back, stem["id"]), errors=self.errors,
                heading=shared.html(f'<div class="interdep-statement">{esc(stem["label"])}</div>'))
            for stem in self.model.stems()}
        self.texts = {stem_id: box.text for stem_id, box in self.boxes.items()}
        super().__init__([style(), private_mark(), intro(session, "look_back"),
                          *self.boxes.values(), self.errors], layout=shared.layout())
        for box in self.boxes.values():
            self.model.waiting(box)
        self._stop = self.model.observe(self.refresh, slot="look_back")

    def refresh(self) -> None:
        guarded(self.errors)(self.load)()

    def load(self) -> None:
        saved = self.model.look_back()
        for stem_id, box in self.boxes.items():
            box.show(saved.get(stem_id, ""))


# ---- the before/after chart ------------------------------------------------------------------


def signs_figure(data: list[dict], same_day: bool = False,
                 phone: bool = False) -> tuple[Any, str]:
    """The dumbbell chart drawn on a new figure (``phone``: its phone layout), and its
    caption."""
    from ..charts import closing as chart
    from ..charts.style import new_figure

    fig, ax = new_figure(*chart.figure_size(data, phone))
    chart.signs_dumbbell_chart(ax, data)
    return fig, chart.caption(data, same_day=same_day)


class SignsChart(ModelChart):
    """The participant's own signs, check-in against today (data: ``Closing.signs_chart``).

    Redraws when a sign is rated in this notebook, and on a click. Parts beyond
    :class:`ModelChart`'s: ``note`` (signs left out, and why), ``refresh_button`` and
    ``update_hint`` (when to press it: after a change in another notebook, i.e. another
    kernel); ``rows``: the signs drawn.
    """

    data: SignsChartData | None

    def __init__(self, session):
        self.note = shared.html("")
        self.refresh_button = shared.button(description="Update my chart", icon="refresh",
                                            tooltip="Draw the chart again with your latest answers",
                                            layout=shared.layout(width="max-content"))
        super().__init__(session, "chart")
        self.update_hint = muted(self.part["update_hint"])
        self.children = (*self.children[:-1], self.note, self.refresh_button, self.update_hint,
                         self.errors)
        self.refresh_button.on_click(lambda _b: self.redraw())
        self._stop_journal = session.journal.observe(self.follow, slot="close-signs")

    def follow(self, change: Change) -> None:
        """A rating of the signs saved in this kernel (the welcome notebook open beside this
        one, too) redraws the chart; it draws again only for other data."""
        if change.part == "all" or (change.part == "rating"
                                    and change.step_id in (steps.CHECK_IN.id, steps.CLOSING.id)):
            self.redraw()

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self.data.rows if self.data is not None else []

    def read(self) -> SignsChartData:
        return model_of(self.session, Closing).signs_chart()

    def is_empty(self, data: SignsChartData) -> bool:
        return not data.rows

    def empty_text(self, data: SignsChartData) -> str:
        return data.empty

    def draw(self, data: SignsChartData, phone: bool = False) -> tuple[Any, str]:
        return signs_figure(data.rows, data.same_day, phone)

    def _redraw(self) -> None:
        super()._redraw()
        notes = self.data.notes if self.data is not None else ()
        self.note.value = "".join(f'<div class="interdep-muted">{esc(n)}</div>' for n in notes)


# ---- the summary of steps 03, 04 and 06 ------------------------------------------------------


class SummaryPanel(w.VBox):
    """What steps 03, 04 and 06 hold, read when the cell runs and on a click (they are saved
    by other notebooks). Parts: ``content``, ``refresh_button``, ``update_hint`` (when to
    press it), ``errors``."""

    def __init__(self, session):
        self.model = model_of(session, Closing)
        self.content, self.errors = shared.html(""), error_area()
        self.refresh_button = shared.button(
            description="Update my summary", icon="refresh",
            tooltip="Gather your latest answers from steps 3, 4 and 6",
            layout=shared.layout(width="max-content"))
        self.update_hint = muted(part_text(session, "summary")["update_hint"])
        super().__init__([style(), intro(session, "summary"), self.content,
                          self.refresh_button, self.update_hint, self.errors],
                         layout=shared.layout())
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.refresh()
        self._stop_journal = session.journal.observe(self.follow, slot="close-summary")

    def follow(self, change: Change) -> None:
        """Steps 03, 04 or 06 saved in this kernel: gather the summary again."""
        if change.part == "all" or change.step_id in SUMMARY_STEPS:
            self.refresh()

    def refresh(self) -> None:
        guarded(self.errors)(self.load)()

    def load(self) -> None:
        self.content.value = (SUMMARY_CSS + '<div class="interdep-summary">'
                              + "\n".join(export.summary_html(self.model.summary()))
                              + "</div>")


# ---- the action plan -------------------------------------------------------------------------


class ActionPlan(w.VBox):
    """The commitments, each a card of three fields saved as the participant types.

    Parts: ``boxes`` (one {field: :class:`SavingText`} per commitment), ``texts`` (the same
    with the text boxes), ``cards``, ``errors``.
    """

    def __init__(self, session):
        self.model = model_of(session, Closing)
        self.errors = error_area()
        self.boxes = [self._commitment(index, entry)
                      for index, entry in enumerate(self.model.plan())]
        self.texts = [{f: box.text for f, box in row.items()} for row in self.boxes]
        self.cards = []
        for index, row in enumerate(self.boxes):
            card = shared.vbox([shared.html(f"<b>Commitment {index + 1}</b>"), *row.values()],
                               _dom_classes=("interdep-card",))
            self.cards.append(card)
        super().__init__([style(), private_mark(), intro(session, "plan"), *self.cards,
                          self.errors],
                         layout=shared.layout())
        for row in self.boxes:
            for box in row.values():
                self.model.waiting(box)
        self._stop = self.model.observe(self.refresh, slot="plan")

    def _commitment(self, index: int, entry: Mapping[str, str]) -> dict[str, SavingText]:
        fields = {f["id"]: f for f in self.model.exercise.get("plan_fields", ())}
        row = {}
        for field in PLAN_FIELDS:
            spec = fields.get(field, {"label": field, "hint": "", "example": ""})
            row[field] = SavingText(
                label=spec["label"], value=entry[field], placeholder=spec.get("example", ""),
                save=partial(self.model.set_plan_field, index, field), errors=self.errors,
                rows=2 if field == "commitment" else 1,
                heading=shared.html(f'<div>{esc(spec["label"])} <span class="interdep-muted">'
                                    f'{esc(spec.get("hint", ""))}</span></div>'))
        return row

    def refresh(self) -> None:
        guarded(self.errors)(self.load)()

    def load(self) -> None:
        for row, entry in zip(self.boxes, self.model.plan(), strict=True):
            for field, box in row.items():
                box.show(entry[field])


# ---- the export ------------------------------------------------------------------------------


class ExportPanel(w.VBox):
    """Save the plan as an HTML page and a Markdown file, and have the browser download
    them. Parts: ``where``, ``save_button``, ``message``, ``download`` (the page starts
    downloading at once; the Markdown file and the chart are links), ``errors``;
    ``result``: the files of the last export (None if it failed)."""

    def __init__(self, session):
        self.model = model_of(session, Closing)
        self.where = shared.html('<div class="interdep-muted">The copy is kept in '
                                 f"<code>{esc(paths.exports_dir())}</code>. Nothing is sent "
                                 "anywhere else.</div>")
        self.save_button = shared.button(
            description="Save my plan as HTML and Markdown", icon="download",
            button_style="primary", layout=shared.layout(width="max-content"),
            tooltip="Write an HTML page and a Markdown file with your summary and plan")
        self.message, self.errors = shared.html(""), error_area()
        self.download = dl.Download()
        self.result: export.ExportResult | None = None
        super().__init__([style(), intro(session, "export"), self.where, self.save_button,
                          self.message, self.download, self.errors], layout=shared.layout())
        self.save_button.on_click(guarded(self.errors)(lambda _b: self.export()))

    def charts(self, content: Mapping[str, Any]) -> list[export.ChartImage]:
        """The before/after chart as a PNG, when there is anything to compare."""
        data = dumbbell_data(content["signs"])
        if not data:
            return []
        from ..charts.render import figure_png

        fig, caption = signs_figure(data, content.get("same_day", False))
        return [export.ChartImage("signs", caption, figure_png(fig))]

    def export(self) -> None:
        """Save what is still waiting to be saved, then write the files."""
        self.model.save_waiting()
        content = self.model.export_content()
        folder = paths.exports_dir()
        self.download.clear()
        try:
            self.result = export.export_plan(content, self.charts(content), folder=folder)
        except OSError as exc:  # a full disk or a read-only folder: say so plainly
            self.result = None
            self.message.value = (
                '<div class="interdep-error" role="alert">Your files could not be saved in '
                f"{esc(folder)}: {esc(exc.strerror or exc)}. Check there is space and that "
                "you may write there, then try again. Your answers are still safe in your "
                "journal.</div>")
            return
        self.message.value = STYLE + saved_html(self.result, self.download)


def saved_html(result: export.ExportResult, download: dl.Download) -> str:
    """Offer the exported files to the browser (the page at once), and say where they are."""
    files = [dl.file_from(result.html, "Download my plan as a web page", "text/html"),
             dl.file_from(result.markdown, "Download the Markdown file", "text/markdown"),
             *(dl.file_from(p, "Download the chart", "image/png") for p in result.images)]
    try:
        offered = download.offer(files)
    except dl.DownloadTooLarge as exc:
        said = dl.too_large_message(exc, result.folder)
    else:
        said = dl.message(offered, None, extra=(
            "It is a web page to open in any browser, or print. The buttons below also "
            "give you the same plan as a Markdown file"
            + (", with its chart." if result.images else ".")))
    pictures = "".join(f"<li>the chart: <code>{esc(p)}</code></li>" for p in result.images)
    return (
        '<div class="interdep-card" role="status"><b>Saved.</b> ' + said
        + f" The copies kept on {dl.machine()} are:<ul>"
        f"<li>the web page: <code>{esc(result.html)}</code></li>"
        f"<li>the Markdown file: <code>{esc(result.markdown)}</code></li>{pictures}</ul>"
        "Saving again today replaces these copies with your latest answers.</div>")

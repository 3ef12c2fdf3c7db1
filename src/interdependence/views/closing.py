"""Step 08 widgets: look back, the before/after chart, the summary, the plan and its export.

The seven signs themselves are rated with ``step.ratings()`` (step 08 has ``signs: true``).
Everything here is private to the participant; the export goes to ``paths.exports_dir()``.
"""

from __future__ import annotations

import weakref

import ipywidgets as w

from .. import paths
from .. import plan_export as export
from ..exercises import closing
from .autosave import Debouncer
from .guard import error_area, guarded
from .ratings import RATINGS_TOPIC
from .refresh import listen
from .style import STYLE, esc, style

# Typing is saved a moment after it pauses. The export saves anything still waiting first,
# so a commitment typed just before clicking "Save" is in the file.
_WAITING: weakref.WeakSet = weakref.WeakSet()

SUMMARY_CSS = """<style>
.interdep-summary .muted {color: #555; font-size: 0.92em;}
.interdep-summary .empty {color: #444; font-style: italic;}
.interdep-summary blockquote {border-left: 3px solid #56B4E9; margin: 4px 0;
  padding: 2px 10px;}
.interdep-summary h3 {margin: 10px 0 4px 0;}
</style>"""


def _part(session, part_id: str) -> dict:
    for part in session.step.exercise.get("parts", ()):
        if part["id"] == part_id:
            return dict(part)
    return {"label": "", "help": ""}


def _intro(session, part_id: str) -> w.HTML:
    """The part's how-to line; its heading is in the notebook's Markdown cell above."""
    return w.HTML(f'<div class="interdep-muted">{esc(_part(session, part_id)["help"])}</div>')


def _saving_text(label: str, value: str, placeholder: str, save, errors, rows: int = 2):
    """A text box that saves when typing pauses, with a status line under it."""
    box_cls = w.Textarea if rows > 1 else w.Text
    text = box_cls(value=value, placeholder=placeholder, description=label[:60],
                   tooltip=label, continuous_update=True,
                   style={"description_width": "0px"}, layout=w.Layout(width="95%"),
                   **({"rows": rows} if rows > 1 else {}))
    status = w.HTML('<span class="interdep-muted">Saved.</span>' if value.strip() else "")

    @guarded(errors)
    def save_now():
        save(text.value)
        status.value = '<span class="interdep-muted">Saved.</span>'

    debouncer = Debouncer(save_now)
    _WAITING.add(debouncer)

    def on_change(_change):
        status.value = '<span class="interdep-muted">Saving…</span>'
        debouncer.poke()

    text.observe(on_change, names="value")
    return text, status, debouncer


def _flush_waiting() -> None:
    for debouncer in list(_WAITING):
        if debouncer._handle is not None:
            debouncer.flush()


# ---- look back -------------------------------------------------------------------------------


def look_back(session) -> w.VBox:
    journal, exercise = session.journal, session.step.exercise
    saved = closing.look_back(journal)
    placeholder = exercise.get("look_back_placeholder", "")
    errors = error_area()
    texts, rows = {}, []
    for stem in exercise.get("look_back_stems", ()):
        sid = stem["id"]
        text, status, _ = _saving_text(
            stem["label"], saved.get(sid, ""), placeholder,
            lambda value, sid=sid: closing.set_look_back(journal, exercise, sid, value), errors)
        texts[sid] = text
        rows += [w.HTML(f'<div class="interdep-statement">{esc(stem["label"])}</div>'),
                 text, status]
    box = w.VBox([style(), _intro(session, "look_back"), *rows, errors])
    box.texts = texts
    return box


# ---- the before/after chart ------------------------------------------------------------------


def signs_figure(data: list[dict], same_day: bool = False):
    """The dumbbell chart drawn on a new figure, and its caption."""
    from ..charts import closing as chart
    from ..charts.style import new_figure

    fig, ax = new_figure(*chart.figure_size(data))
    chart.signs_dumbbell_chart(ax, data)
    return fig, chart.caption(data, same_day=same_day)


def before_after_chart(session) -> w.VBox:
    """The participant's own signs, check-in against today; refreshes on a click."""
    from ..charts.render import empty_state_html, figure_html

    journal, curriculum = session.journal, session.curriculum
    picture = w.HTML("")
    note = w.HTML("")
    errors = error_area()
    refresh = w.Button(description="Update my chart", icon="refresh",
                       tooltip="Draw the chart again with your latest answers",
                       layout=w.Layout(width="max-content"))
    box = w.VBox([style(), _intro(session, "chart"), picture, note, refresh, errors])

    def draw():
        comparison = closing.sign_comparison(journal, curriculum)
        box.data = closing.dumbbell_data(comparison)
        if box.data:
            fig, box.caption = signs_figure(box.data, closing.same_day(journal, curriculum))
            picture.value = figure_html(fig, box.caption)
        else:
            box.caption = ""
            picture.value = empty_state_html(closing.empty_chart_message(comparison))
        notes = [n for n in (closing.left_out_note(comparison),
                             closing.earlier_note(journal, curriculum)) if n]
        note.value = "".join(f'<div class="interdep-muted">{esc(n)}</div>' for n in notes)

    refresh.on_click(guarded(errors)(lambda _: draw()))
    listen(journal, RATINGS_TOPIC, guarded(errors)(draw))
    draw()
    box.picture, box.note, box.refresh = picture, note, refresh
    return box


# ---- the summary of steps 03, 04 and 06 ------------------------------------------------------


def summary_html(journal, curriculum) -> str:
    return (SUMMARY_CSS + '<div class="interdep-summary">'
            + "\n".join(export.summary_html(closing.summary(journal, curriculum))) + "</div>")


def summary(session) -> w.VBox:
    content = w.HTML("")
    errors = error_area()
    refresh = w.Button(description="Update my summary", icon="refresh",
                       tooltip="Gather your latest answers from steps 3, 4 and 6",
                       layout=w.Layout(width="max-content"))

    def draw():
        content.value = summary_html(session.journal, session.curriculum)

    refresh.on_click(guarded(errors)(lambda _: draw()))
    draw()
    box = w.VBox([style(), _intro(session, "summary"), content, refresh, errors])
    box.content, box.refresh = content, refresh
    return box


# ---- the action plan -------------------------------------------------------------------------


def action_plan(session) -> w.VBox:
    journal, exercise = session.journal, session.step.exercise
    fields = {f["id"]: f for f in exercise.get("plan_fields", ())}
    saved = closing.plan(journal, exercise)
    errors = error_area()
    texts: list[dict[str, w.Widget]] = []
    cards = []
    for index, entry in enumerate(saved):
        row_texts, parts = {}, [w.HTML(f"<b>Commitment {index + 1}</b>")]
        for field in closing.PLAN_FIELDS:
            spec = fields.get(field, {"label": field, "hint": "", "example": ""})
            text, status, _ = _saving_text(
                spec["label"], entry[field], spec.get("example", ""),
                lambda value, i=index, f=field: closing.set_plan_field(
                    journal, exercise, i, f, value),
                errors, rows=2 if field == "commitment" else 1)
            row_texts[field] = text
            parts += [w.HTML(f'<div>{esc(spec["label"])} '
                             f'<span class="interdep-muted">{esc(spec.get("hint", ""))}</span>'
                             "</div>"), text, status]
        texts.append(row_texts)
        card = w.VBox(parts)
        card.add_class("interdep-card")
        cards.append(card)
    box = w.VBox([style(), _intro(session, "plan"), *cards, errors])
    box.texts = texts
    return box


# ---- the export ------------------------------------------------------------------------------


def export_panel(session) -> w.VBox:
    folder = paths.exports_dir()
    where = w.HTML(f'<div class="interdep-muted">Your files will be saved in '
                   f"<code>{esc(folder)}</code>. Nothing is sent anywhere.</div>")
    button = w.Button(description="Save my plan as HTML and Markdown", icon="download",
                      button_style="primary", layout=w.Layout(width="max-content"),
                      tooltip="Write an HTML page and a Markdown file with your summary and plan")
    message = w.HTML("")
    errors = error_area()
    box = w.VBox([style(), _intro(session, "export"), where, button, message, errors])
    box.result = None

    @guarded(errors)
    def on_export(_):
        _flush_waiting()
        journal, curriculum = session.journal, session.curriculum
        content = closing.export_content(journal, curriculum)
        data = closing.dumbbell_data(content["signs"])
        charts = []
        if data:
            from ..charts.render import figure_png

            fig, caption = signs_figure(data, content.get("same_day", False))
            charts.append(export.ChartImage("signs", caption, figure_png(fig)))
        try:
            result = export.export_plan(content, charts, folder=paths.exports_dir())
        except OSError as exc:  # a full disk or a read-only folder: say so plainly
            box.result = None
            message.value = (
                '<div class="interdep-error" role="alert">Your files could not be saved in '
                f"{esc(paths.exports_dir())}: {esc(exc.strerror or exc)}. Check there is space "
                "and that you may write there, then try again. Your answers are still safe in "
                "your journal.</div>")
            return
        box.result = result
        pictures = "".join(f"<li>the chart: <code>{esc(p)}</code></li>" for p in result.images)
        message.value = (
            STYLE + '<div class="interdep-card" role="status"><b>Saved.</b> Your files are:<ul>'
            f"<li>a web page to open in any browser, or print: <code>{esc(result.html)}</code>"
            f"</li><li>a Markdown file: <code>{esc(result.markdown)}</code></li>{pictures}</ul>"
            "Saving again today replaces these files with your latest answers.</div>")

    button.on_click(on_export)
    box.button, box.message, box.where = button, message, where
    return box


PARTS = {
    "look_back": look_back,
    "chart": before_after_chart,
    "summary": summary,
    "plan": action_plan,
    "export": export_panel,
}

"""Step 01 widgets: add, edit and remove moments of the private timeline, and its chart.

Everything here is private: no part offers sharing, and every panel says so.
"""

from __future__ import annotations

import ipywidgets as w

from ..exercises import timeline as logic
from . import refresh
from .chart_panel import chart_panel
from .guard import error_area, guarded
from .style import esc, style

PRIVATE_BADGE = (
    '<span class="interdep-private">Private: your timeline is kept only in your own '
    "journal. Nothing from this step can ever be shared.</span>")


def _exercise(session):
    return session.step.exercise


def _field(session, field_id: str):
    for field in _exercise(session)["fields"]:
        if field["id"] == field_id:
            return field
    raise KeyError(field_id)


def _part(session, part_id: str):
    for part in _exercise(session)["parts"]:
        if part["id"] == part_id:
            return part
    raise KeyError(part_id)


def labelled(field, control) -> w.VBox:
    """A control with its question in bold above it and the hint below, as in the YAML."""
    return w.VBox([
        w.HTML(f'<div class="interdep-statement"><b>{esc(field["label"])}</b></div>'),
        control,
        w.HTML(f'<div class="interdep-muted">{esc(field["help"])}</div>'),
    ])


def pause_note(session) -> w.HTML:
    note = _exercise(session)["pause_note"]
    return w.HTML(f'<div class="interdep-notice" role="note">{esc(note)}</div>')


def describe_moment(moment, periods: dict[str, str], themes: dict[str, str]) -> str:
    """One moment as HTML for the list; every participant word escaped."""
    period = periods.get(moment.get("period"), logic.NO_PERIOD_LABEL)
    parts = [f"<b>{esc(period)}</b>"]
    if moment.get("what"):
        parts.append(f"{esc(moment['what'])}")
    if moment.get("lesson"):
        parts.append(f"<i>Lesson:</i> “{esc(moment['lesson'])}”")
    ticked = [themes.get(t, t) for t in moment.get("themes") or []]
    if ticked:
        parts.append(f'<span class="interdep-muted">Themes: {esc(", ".join(ticked))}</span>')
    return "<br>".join(parts)


def timeline_panel(session) -> w.VBox:
    """The form to add or edit a moment, and the list of moments in life order."""
    journal, step_id = session.journal, session.step.id
    exercise = _exercise(session)
    periods = {p["id"]: p["label"] for p in exercise["periods"]}
    themes = {t["id"]: t["label"] for t in exercise["themes"]}
    period_field = _field(session, "period")
    what_field, lesson_field = _field(session, "what_happened"), _field(session, "lesson")
    theme_field = _field(session, "theme")

    intro = w.HTML(
        f'<div class="interdep-card">{esc(exercise["intro"])}<br>{PRIVATE_BADGE}</div>')
    period = w.Dropdown(
        options=[(period_field.get("none_label", "Not sure"), "")]
        + [(label, pid) for pid, label in periods.items()],
        value="", description=period_field["label"], style={"description_width": "0px"},
        layout=w.Layout(width="95%"))
    what = w.Textarea(placeholder=what_field.get("placeholder", ""), rows=2,
                      description=what_field["label"], style={"description_width": "0px"},
                      layout=w.Layout(width="95%"))
    lesson = w.Textarea(placeholder=lesson_field.get("placeholder", ""), rows=2,
                        description=lesson_field["label"], style={"description_width": "0px"},
                        layout=w.Layout(width="95%"))
    theme_boxes = {tid: w.Checkbox(value=False, description=label, indent=False,
                                   layout=w.Layout(width="auto"))
                   for tid, label in themes.items()}
    theme_grid = w.GridBox(list(theme_boxes.values()), layout=w.Layout(
        grid_template_columns="repeat(auto-fill, minmax(260px, 1fr))", width="95%"))
    add = w.Button(description="Add this moment", button_style="primary", icon="plus",
                   tooltip="Add this moment to your timeline", layout=w.Layout(width="auto"))
    cancel = w.Button(description="Cancel editing", tooltip="Leave this moment as it was",
                      layout=w.Layout(width="auto", display="none"))
    undo = w.Button(description="Undo", icon="undo", tooltip="Put the removed moment back",
                    layout=w.Layout(width="auto", display="none"))
    status = w.HTML("")
    errors = error_area()
    listing = w.VBox([])
    form_title = w.HTML("")

    box = w.VBox([
        style(), intro, pause_note(session), form_title,
        labelled(period_field, period), labelled(what_field, what),
        labelled(lesson_field, lesson), labelled(theme_field, theme_grid),
        w.HBox([add, cancel]), w.HBox([status, undo]), errors,
        w.HTML('<div class="interdep-statement" style="margin-top:12px"><b>Your moments, '
               "earliest first</b></div>"),
        listing,
    ])
    box.add_class("interdep-timeline")
    state = {"editing": None, "removed": None}

    def clear_form():
        period.value = ""
        what.value = lesson.value = ""
        for check in theme_boxes.values():
            check.value = False
        state["editing"] = None
        add.description, add.icon = "Add this moment", "plus"
        cancel.layout.display = "none"
        form_title.value = '<div class="interdep-statement"><b>Add a moment</b></div>'

    def say(message: str, problem: bool = False):
        kind = "interdep-error" if problem else "interdep-muted"
        status.value = (f'<span class="{kind}" role="status">{esc(message)}</span>'
                        if message else "")

    def render_list():
        items = logic.in_life_order(logic.moments(journal), list(periods))
        rows = []
        for moment in items:
            text = w.HTML(describe_moment(moment, periods, themes),
                          layout=w.Layout(flex="1 1 auto"))
            edit = w.Button(description="Edit", icon="pencil", layout=w.Layout(width="auto"),
                            tooltip="Change this moment")
            remove = w.Button(description="Remove", icon="trash", layout=w.Layout(width="auto"),
                              tooltip="Take this moment off your timeline")
            edit.on_click(guarded(errors)(lambda _b, m=moment: start_edit(m)))
            remove.on_click(guarded(errors)(lambda _b, m=moment: remove_moment(m)))
            row = w.HBox([text, edit, remove], layout=w.Layout(
                border_bottom="1px solid #ddd", padding="4px 0", align_items="center"))
            row.moment_id, row.edit_button, row.remove_button, row.text = (
                moment["id"], edit, remove, text)
            rows.append(row)
        if not rows:
            rows = [w.HTML('<div class="interdep-muted">No moments yet. Whatever you add will be '
                           "listed here.</div>")]
        listing.children = rows
        box.rows = [r for r in rows if hasattr(r, "moment_id")]

    def start_edit(moment):
        state["editing"] = moment["id"]
        period.value = moment.get("period") if moment.get("period") in periods else ""
        what.value = moment.get("what") or ""
        lesson.value = moment.get("lesson") or ""
        for tid, check in theme_boxes.items():
            check.value = tid in (moment.get("themes") or [])
        add.description, add.icon = "Save changes", "check"
        cancel.layout.display = None
        form_title.value = ('<div class="interdep-statement"><b>Editing a moment</b> '
                            '<span class="interdep-muted">(change it above the list, then '
                            "press Save changes)</span></div>")
        say("")

    def remove_moment(moment):
        removed = logic.remove_moment(journal, moment["id"])
        if removed is None:
            say("That moment was already removed.")
        else:
            state["removed"] = removed
            undo.layout.display = None
            say("The moment was removed from your timeline.")
            if state["editing"] == moment["id"]:
                clear_form()
        render_list()
        refresh.changed(journal, step_id)

    @guarded(errors)
    def on_add(_):
        try:
            moment = logic.clean_moment(
                period.value, what.value, lesson.value,
                [tid for tid, check in theme_boxes.items() if check.value],
                periods, themes)
            if state["editing"]:
                logic.update_moment(journal, state["editing"], moment)
                message = "Your changes are saved."
            else:
                logic.add_moment(journal, moment)
                message = "Added to your timeline and saved."
        except logic.MomentError as exc:
            say(str(exc), problem=True)
            return
        state["removed"] = None
        undo.layout.display = "none"
        clear_form()
        say(message)
        render_list()
        refresh.changed(journal, step_id)

    @guarded(errors)
    def on_cancel(_):
        clear_form()
        say("Nothing was changed.")

    @guarded(errors)
    def on_undo(_):
        if state["removed"]:
            logic.restore_moment(journal, *state["removed"])
            state["removed"] = None
            say("The moment is back on your timeline.")
        undo.layout.display = "none"
        render_list()
        refresh.changed(journal, step_id)

    add.on_click(on_add)
    cancel.on_click(on_cancel)
    undo.on_click(on_undo)
    clear_form()
    render_list()
    box.period, box.what, box.lesson, box.themes = period, what, lesson, theme_boxes
    box.add_button, box.cancel_button, box.undo_button = add, cancel, undo
    box.status, box.errors = status, errors
    return box


def chart_data(session) -> dict:
    exercise = _exercise(session)
    return logic.chart_data(logic.moments(session.journal), exercise["periods"],
                            exercise["themes"])


def timeline_chart_panel(session) -> w.VBox:
    """The timeline drawn as a chart; redraws when a moment is added, changed or removed."""
    from ..charts import timeline as charts
    from ..charts.style import new_figure

    theme_ids = [t["id"] for t in _exercise(session)["themes"]]

    def draw(data):
        fig, ax = new_figure(*charts.figure_size(data))
        charts.timeline_chart(ax, data, theme_ids)
        return fig, charts.caption(data)

    return chart_panel(session, _part(session, "chart"), session.step.id,
                       lambda: chart_data(session), draw, is_empty=lambda d: not d["points"])


PARTS = {"timeline": timeline_panel, "chart": timeline_chart_panel}

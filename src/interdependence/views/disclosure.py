"""Step 05 widgets: the disclosure ladder, its chart, sentence completions, the practice plan.

Words the participant reads come from the step YAML's ``exercise:`` section; storage goes
through ``exercises.disclosure``; the chart is drawn by ``charts.disclosure``.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from ..exercises import disclosure as logic
from . import refresh
from .autosave import Debouncer
from .chart_panel import chart_panel
from .guard import error_area, guarded
from .saved_rows import entry_rows
from .style import esc, style

# Topics for refresh.changed: the chart and the plan's list of rungs redraw on a change.
CHART_TOPIC = f"{logic.STEP_ID}:chart"
PLAN_TOPIC = f"{logic.STEP_ID}:plan"


def wide() -> w.Layout:
    """A fresh layout each time: widgets sharing one would all hide when one is hidden."""
    return w.Layout(width="95%")


LABELS = {"description_width": "14em"}
NO_RUNG = ""  # the picker's first choice: a label that shows, not a blank box


def _note(text: str, kind: str = "muted") -> str:
    role = ' role="alert"' if kind == "error" else ""
    return f'<span class="interdep-{kind}"{role}>{esc(text)}</span>'


def _hint(text: str) -> w.HTML:
    return w.HTML(f'<div class="interdep-muted" style="margin-left:14.5em">{esc(text)}</div>')


def _by_id(session, section: str) -> dict:
    return {entry["id"]: entry for entry in session.step.exercise.get(section, ())}


def ladder_changed(journal) -> None:
    refresh.changed(journal, CHART_TOPIC)
    refresh.changed(journal, PLAN_TOPIC)


# ---- the ladder ----------------------------------------------------------------------------


def ladder_editor(session) -> w.VBox:
    journal, exercise = session.journal, session.step.exercise
    part, fields = _by_id(session, "parts")["ladder"], _by_id(session, "fields")
    examples = list(exercise.get("example_disclosures", ()))
    ideas = "".join(
        f"<li>{esc(e['label'])} <span class='interdep-muted'>(about {e['exposure']}; "
        f"{esc(e['who'])})</span></li>" for e in examples)
    intro = w.HTML(
        f'<div class="interdep-muted">{esc(part["help"])}</div>'
        + (f"<details><summary>{esc(part['examples_title'])}</summary><ul>{ideas}</ul>"
           "</details>" if ideas else ""))

    def text_field(field_id: str, layout: w.Layout | None = None) -> w.Text:
        field = fields[field_id]
        return w.Text(description=field["label"], placeholder=field.get("placeholder", ""),
                      style=LABELS, layout=layout or wide())

    text, person = text_field("text"), text_field("person")
    exposure = text_field("exposure", w.Layout(width="30em"))
    add = w.Button(description="Add to my ladder", icon="plus", button_style="primary",
                   layout=w.Layout(width="auto"))
    cancel = w.Button(description="Cancel", layout=w.Layout(width="auto", display="none"))
    message = w.HTML("")
    heading = w.HTML("")
    rows = w.VBox([])
    errors = error_area()
    editing: dict = {"id": None}

    def describe(entry: dict) -> str:
        who = f" <span class='interdep-muted'>with {esc(entry['person'])}</span>" \
            if entry.get("person") else ""
        return f"<b>{entry['exposure']}</b> &nbsp; {esc(entry['text'])}{who}"

    def refresh_rows():
        rungs = logic.ladder(journal)
        heading.value = (
            f"<b>{esc(part['list_title'])} ({len(rungs)}):</b>" if rungs else
            f'<span class="interdep-muted">{esc(part["empty"])}</span>')
        rows.children = entry_rows(rungs, describe, on_edit, on_remove, "rung")

    def clear_form():
        text.value = person.value = exposure.value = ""
        editing["id"] = None
        add.description, add.icon = "Add to my ladder", "plus"
        cancel.layout.display = "none"

    @guarded(errors)
    def on_add(_):
        try:
            if editing["id"] is None:
                logic.add_disclosure(journal, text.value, exposure.value, person.value)
                done = "Added to your ladder."
            else:
                logic.update_disclosure(journal, editing["id"], text.value, exposure.value,
                                        person.value)
                done = "Your changes are saved."
        except ValueError as exc:
            message.value = _note(str(exc), "error")
            return
        clear_form()
        message.value = _note(done)
        refresh_rows()
        ladder_changed(journal)

    @guarded(errors)
    def on_edit(entry):
        editing["id"] = entry["id"]
        text.value, person.value = entry["text"], entry.get("person", "")
        exposure.value = str(entry["exposure"])
        add.description, add.icon = "Save changes", "check"
        cancel.layout.display = None
        message.value = _note("Change the words or the number above, then press Save changes.")

    @guarded(errors)
    def on_remove(entry):
        logic.remove_disclosure(journal, entry["id"])
        if editing["id"] == entry["id"]:
            clear_form()
        message.value = _note("Removed from your ladder.")
        refresh_rows()
        ladder_changed(journal)

    @guarded(errors)
    def on_cancel(_):
        clear_form()
        message.value = _note("Nothing was changed.")

    add.on_click(on_add)
    cancel.on_click(on_cancel)
    refresh_rows()
    box = w.VBox([style(), intro, text, person, exposure, w.HBox([add, cancel]), message,
                  heading, rows, errors])
    box.text, box.person, box.exposure, box.add, box.cancel = text, person, exposure, add, cancel
    box.message, box.rows, box.heading = message, rows, heading
    return box


# ---- the ladder chart ----------------------------------------------------------------------


def draw_ladder(rungs: list[dict]):
    """(figure, caption) for the ladder chart."""
    from ..charts import disclosure as charts
    from ..charts.style import new_figure

    fig, ax = new_figure(10, charts.ladder_height(rungs))
    charts.ladder_chart(ax, rungs)
    return fig, charts.caption(rungs)


def ladder_chart_view(session) -> w.VBox:
    """The ladder as bars, least exposed at the bottom; ``.data`` holds the rungs drawn."""
    return chart_panel(session, _by_id(session, "parts")["chart"], CHART_TOPIC,
                       lambda: logic.ladder(session.journal), draw_ladder)


# ---- sentence completions ------------------------------------------------------------------


def completion_box(journal, stem: dict, placeholder: str) -> w.VBox:
    label = w.HTML(f'<div class="interdep-statement"><b>{esc(stem["label"])}</b></div>')
    answer = w.Textarea(value=logic.completions(journal).get(stem["id"], ""),
                        placeholder=placeholder,
                        description=stem["label"][:60], tooltip=stem["label"],
                        style={"description_width": "0px"}, rows=2, layout=wide())
    status = w.HTML(_note("Saved." if answer.value else "Not written yet."))
    errors = error_area()

    @guarded(errors)
    def save():
        logic.set_completion(journal, stem["id"], answer.value)
        status.value = _note("Saved." if answer.value.strip() else "Left blank.")

    debouncer = Debouncer(save)

    def on_change(_change):
        status.value = _note("Saving…")
        debouncer.poke()

    answer.observe(on_change, names="value")
    box = w.VBox([label, answer, status, errors])
    box.stem_id, box.answer, box.status, box.debouncer = stem["id"], answer, status, debouncer
    return box


def completions_view(session) -> w.VBox:
    part = _by_id(session, "parts")["stems"]
    stems = session.step.exercise.get("sentence_stems", ())
    boxes = [completion_box(session.journal, dict(stem), part["placeholder"])
             for stem in stems]
    intro = w.HTML(f'<div class="interdep-muted">{esc(part["help"])}</div>')
    box = w.VBox([style(), intro, *boxes])
    box.boxes = boxes
    return box


# ---- the practice plan ---------------------------------------------------------------------


def plan_summary(plan: dict, part: dict) -> str:
    """The plan in one sentence (escaped), with a kind nudge once its date has passed."""
    when = logic.plan_date(plan)
    if not any(plan.values()):
        return _note(part["none"])
    words = "Your plan: share "
    words += f"“{plan['what']}”" if plan["what"] else "something small"
    words += f" with {plan['who']}" if plan["who"] else ""
    words += f" on {when:%A} {when.day} {when:%B %Y}." if when else ", on a day you choose."
    if when and when < dt.date.today():
        words += " " + part["past"]
    return f'<div class="interdep-card">{esc(words)}</div>'


def practice_plan(session) -> w.VBox:
    journal = session.journal
    part = _by_id(session, "parts")["plan"]
    fields = _by_id(session, "practice_plan")
    saved = logic.practice(journal)
    intro = w.HTML(f'<div class="interdep-muted">{esc(part["help"])}</div>')
    pick = w.Dropdown(description=part["pick"], style=LABELS, layout=wide())
    what = w.Text(value=saved["what"], description=fields["what"]["label"],
                  placeholder=fields["what"].get("placeholder", ""), style=LABELS,
                  layout=wide())
    who = w.Text(value=saved["who"], description=fields["who"]["label"],
                 placeholder=fields["who"].get("placeholder", ""), style=LABELS, layout=wide())
    when = w.DatePicker(value=logic.plan_date(saved), description=fields["when"]["label"],
                        style=LABELS)
    summary = w.HTML(plan_summary(saved, part))
    errors = error_area()
    syncing = {"busy": False}

    def hint(field_id: str) -> list:
        text = fields.get(field_id, {}).get("hint")
        return [_hint(text)] if text else []

    def refresh_rungs():
        options = [(part["pick_none"], NO_RUNG)]
        options += [(f"{r['exposure']}: {r['text'][:70]}", r["id"])
                    for r in logic.ladder(journal)]
        syncing["busy"] = True
        try:
            pick.options, pick.value = options, NO_RUNG
        finally:
            syncing["busy"] = False
        pick.layout.display = None if len(options) > 1 else "none"

    @guarded(errors)
    def save():
        plan = logic.set_practice(journal, what.value, who.value, when.value)
        summary.value = plan_summary(plan, part)

    debouncer = Debouncer(save)

    def on_text(_change):
        if not syncing["busy"]:
            debouncer.poke()

    @guarded(errors)
    def on_date(_change):
        debouncer.flush()  # a date is one click: save it, with any typing not saved yet

    @guarded(errors)
    def on_pick(change):
        if syncing["busy"] or change["new"] in (None, NO_RUNG):
            return
        rung = next((r for r in logic.disclosures(journal) if r["id"] == change["new"]), None)
        if rung is None:
            return
        syncing["busy"] = True
        try:
            what.value = rung["text"]
            if rung.get("person"):
                who.value = rung["person"]
        finally:
            syncing["busy"] = False
        debouncer.flush()

    what.observe(on_text, names="value")
    who.observe(on_text, names="value")
    when.observe(on_date, names="value")
    pick.observe(on_pick, names="value")
    refresh_rungs()
    refresh.listen(journal, PLAN_TOPIC, guarded(errors)(refresh_rungs))
    box = w.VBox([style(), intro, pick, what, *hint("what"), who, *hint("who"), when,
                  *hint("when"), summary, errors])
    box.pick, box.what, box.who, box.when, box.summary = pick, what, who, when, summary
    box.debouncer = debouncer
    return box


PARTS = {
    "ladder": ladder_editor,
    "chart": ladder_chart_view,
    "stems": completions_view,
    "plan": practice_plan,
}

"""Step 06 widgets: the load audit, its chart, a decision per task, the script builder.

Words the participant reads come from the step YAML's ``exercise:`` section; storage and
sums go through ``exercises.boundaries``; the chart is drawn by ``charts.boundaries``.
"""

from __future__ import annotations

import ipywidgets as w

from ..exercises import boundaries as logic
from . import refresh
from .autosave import Debouncer
from .chart_panel import chart_panel
from .choices import ChoiceGroup
from .guard import error_area, guarded
from .saved_rows import entry_rows
from .style import esc, style

# Topics for refresh.changed: what redraws when the list of responsibilities changes.
CHART_TOPIC = f"{logic.STEP_ID}:chart"
VERDICT_TOPIC = f"{logic.STEP_ID}:verdict"
DECISIONS_TOPIC = f"{logic.STEP_ID}:decisions"


def wide() -> w.Layout:
    """A fresh layout each time: widgets sharing one would all hide when one is hidden."""
    return w.Layout(width="95%")


LABELS = {"description_width": "13em"}
NOT_DECIDED = ""  # the "not decided yet" choice; stored as None


def _note(text: str, kind: str = "muted") -> str:
    role = ' role="alert"' if kind == "error" else ""
    return f'<span class="interdep-{kind}"{role}>{esc(text)}</span>'


def _h(hours: float) -> str:
    return f"{hours:g}"


def _only_me(entry: dict) -> str:
    return " · only me" if entry.get("only_me") else ""


NO_ENERGY = ""  # the "prefer not to say" choice; stored as None


def energy_labels(session) -> dict[str, str]:
    """Energy level id -> its label from the step YAML (Low, Medium, High)."""
    return {e["id"]: e["label"] for e in session.step.exercise.get("energy_levels", ())}


def _energy(entry: dict, labels: dict[str, str]) -> str:
    level = logic.energy_of(entry)
    return f" · {labels[level].lower()} drain" if level in labels else ""


def _by_id(session, section: str) -> dict:
    return {entry["id"]: entry for entry in session.step.exercise.get(section, ())}


def load_changed(journal) -> None:
    for topic in (CHART_TOPIC, VERDICT_TOPIC, DECISIONS_TOPIC):
        refresh.changed(journal, topic)


# ---- the load audit ------------------------------------------------------------------------


def load_audit(session) -> w.VBox:
    journal = session.journal
    part, fields = _by_id(session, "parts")["audit"], _by_id(session, "fields")
    intro = w.HTML(f'<div class="interdep-muted">{esc(part["help"])}</div>')
    task = w.Text(description=fields["task"]["label"],
                  placeholder=fields["task"].get("placeholder", ""), style=LABELS, layout=wide())
    hours = w.Text(description=fields["hours"]["label"],
                   placeholder=fields["hours"].get("placeholder", ""), style=LABELS,
                   layout=w.Layout(width="30em"))
    only_me = w.Checkbox(description=fields["only_me"]["label"], value=False, indent=False,
                         layout=w.Layout(width="auto", margin="0 0 0 13.5em"))
    levels = [dict(e) for e in session.step.exercise.get("energy_levels", ())]
    labels = energy_labels(session)
    energy = ChoiceGroup(
        options=[(e["label"], e["id"]) for e in levels]
        + [(session.step.exercise.get("energy_skip", "Prefer not to say"), NO_ENERGY)],
        value=None, description=fields["energy"]["label"], label=fields["energy"]["label"],
        tooltip=fields["energy"]["help"], layout=w.Layout(width="auto", margin="0 0 0 13.5em"))
    energy.add_class("interdep-choices")
    energy_help = w.HTML(
        f'<div class="interdep-muted" style="margin-left:13.5em">{esc(fields["energy"]["help"])}'
        "<br>" + " · ".join(f"<b>{esc(e['label'])}</b>: {esc(e.get('hint', ''))}"
                            for e in levels) + "</div>")
    add = w.Button(description="Add to my list", icon="plus", button_style="primary",
                   layout=w.Layout(width="auto"))
    cancel = w.Button(description="Cancel", layout=w.Layout(width="auto", display="none"))
    message = w.HTML("")
    heading = w.HTML("")
    rows = w.VBox([])
    errors = error_area()
    editing: dict = {"id": None}

    def describe(entry: dict) -> str:
        return (f"{esc(entry['task'])} <span class='interdep-muted'>· "
                f"{_h(entry['hours'])} h a week{_only_me(entry)}{esc(_energy(entry, labels))}"
                "</span>")

    def refresh_rows():
        entries = logic.tasks(journal)
        total = logic.load_totals(entries, None)
        heading.value = (
            f"<b>{esc(part['list_title'])}: {total['tasks']}, adding up to "
            f"{_h(total['hours'])} hours a week.</b>" if entries else
            f'<span class="interdep-muted">{esc(part["empty"])}</span>')
        rows.children = entry_rows(entries, describe, on_edit, on_remove, "responsibility")

    def clear_form():
        task.value = hours.value = ""
        only_me.value = False
        energy.value = None
        editing["id"] = None
        add.description, add.icon = "Add to my list", "plus"
        cancel.layout.display = "none"

    @guarded(errors)
    def on_add(_):
        try:
            if editing["id"] is None:
                logic.add_task(journal, task.value, hours.value, only_me.value,
                               energy.value)
                done = "Added to your list."
            else:
                logic.update_task(journal, editing["id"], task.value, hours.value,
                                  only_me.value, energy.value)
                done = "Your changes are saved."
        except ValueError as exc:
            message.value = _note(str(exc), "error")
            return
        clear_form()
        message.value = _note(done)
        refresh_rows()
        load_changed(journal)

    @guarded(errors)
    def on_edit(entry):
        editing["id"] = entry["id"]
        task.value, hours.value = entry["task"], _h(entry["hours"])
        only_me.value = bool(entry.get("only_me"))
        # None shows no choice: a task saved without one was skipped or is from before
        # energy was asked, and the journal cannot tell those apart (both are null).
        energy.value = logic.energy_of(entry)
        add.description, add.icon = "Save changes", "check"
        cancel.layout.display = None
        message.value = _note("Change what you need above, then press Save changes.")

    @guarded(errors)
    def on_remove(entry):
        logic.remove_task(journal, entry["id"])
        if editing["id"] == entry["id"]:
            clear_form()
        message.value = _note("Removed from your list.")
        refresh_rows()
        load_changed(journal)

    @guarded(errors)
    def on_cancel(_):
        clear_form()
        message.value = _note("Nothing was changed.")

    add.on_click(on_add)
    cancel.on_click(on_cancel)
    refresh_rows()
    box = w.VBox([style(), intro, task, hours, only_me, energy, energy_help,
                  w.HBox([add, cancel]), message, heading, rows, errors])
    box.task, box.hours, box.only_me, box.add, box.cancel = task, hours, only_me, add, cancel
    box.energy = energy
    box.message, box.rows, box.heading = message, rows, heading
    return box


# ---- the load chart ------------------------------------------------------------------------


def draw_load(data: dict):
    """(figure, caption) for the load chart."""
    from ..charts import boundaries as charts
    from ..charts.style import new_figure

    fig, ax = new_figure(10, charts.load_height(data))
    charts.load_chart(ax, data)
    return fig, charts.caption(data)


def load_data(journal, labels: dict[str, str] | None = None) -> dict:
    """What the load chart draws: the responsibilities (each with its energy, if given),
    the hours available, and the words for each energy level."""
    return {"tasks": logic.tasks(journal), "available": logic.hours_available(journal),
            "energy_labels": dict(labels or {})}


def verdict(totals: dict) -> str:
    """A plain sentence on the load against the hours available."""
    if not totals["tasks"]:
        return ""
    if totals["available"] is None:
        return (f"Your responsibilities add up to {_h(totals['hours'])} hours a week. Add the "
                "hours you really have to compare.")
    if totals["over"]:
        return (f"You are over: your responsibilities add up to {_h(totals['hours'])} hours "
                f"a week, {_h(totals['difference'])} more than the {_h(totals['available'])} "
                "you have. That is arithmetic, not a failing; the decisions below can help.")
    return (f"Your responsibilities add up to {_h(totals['hours'])} hours a week, within the "
            f"{_h(totals['available'])} you have ({_h(-totals['difference'])} to spare).")


def load_chart_view(session) -> w.VBox:
    """Hours available, a sentence on over/under, and the chart (``.panel.data``)."""
    journal = session.journal
    part, fields = _by_id(session, "parts")["chart"], _by_id(session, "fields")
    saved = logic.hours_available(journal)
    available = w.Text(value="" if saved is None else _h(saved),
                       description=fields["hours_available"]["label"],
                       placeholder=fields["hours_available"].get("placeholder", ""),
                       continuous_update=False, style={"description_width": "16em"},
                       layout=w.Layout(width="28em"))
    help_text = w.HTML(f'<div class="interdep-muted">{esc(part["available_help"])}</div>')
    message = w.HTML("")
    sentence = w.HTML("")
    errors = error_area()
    labels = energy_labels(session)
    panel = chart_panel(session, part, CHART_TOPIC, lambda: load_data(journal, labels),
                        draw_load,
                        lambda d: not any((t.get("hours") or 0) > 0 for t in d["tasks"]))
    box = w.VBox([style(), help_text, available, message, sentence, panel, errors])

    @guarded(errors)
    def show_verdict():
        box.totals = logic.totals(journal)
        text = verdict(box.totals)
        kind = "notice" if box.totals["over"] else "card"
        sentence.value = (f'<div class="interdep-{kind}" style="margin:6px 0">{esc(text)}</div>'
                          if text else "")

    @guarded(errors)
    def on_available(change):
        try:
            hours = logic.set_hours_available(journal, change["new"])
        except ValueError as exc:
            message.value = _note(str(exc), "error")
            return
        message.value = _note("Saved." if hours is not None else "Left blank.")
        refresh.changed(journal, CHART_TOPIC)
        refresh.changed(journal, VERDICT_TOPIC)

    available.observe(on_available, names="value")
    show_verdict()
    refresh.listen(journal, VERDICT_TOPIC, show_verdict)
    box.available, box.message, box.sentence, box.panel = available, message, sentence, panel
    return box


# ---- decisions -----------------------------------------------------------------------------


def decisions_view(session) -> w.VBox:
    journal = session.journal
    part = _by_id(session, "parts")["decisions"]
    options = [dict(d) for d in session.step.exercise.get("decisions", ())]
    by_key = {logic.decision_key(o["id"]): o["id"] for o in options}
    labels = energy_labels(session)
    guide = w.HTML(f'<div class="interdep-muted">{esc(part["help"])}</div><ul>' + "".join(
        f"<li><b>{esc(o['label'])}</b>: {esc(o.get('hint', ''))}</li>" for o in options)
        + "</ul>")
    counts = w.HTML("")
    rows = w.VBox([])
    errors = error_area()
    box = w.VBox([style(), guide, rows, counts, errors])

    def show_counts():
        entries = logic.tasks(journal)
        tally = logic.decision_counts(entries)
        parts = [f"{esc(o['label'])}: {tally[logic.decision_key(o['id'])]}" for o in options]
        undecided = sum(1 for e in entries if e.get("decision") is None)
        parts.append(f"{esc(part['none'])}: {undecided}")
        counts.value = (f'<div class="interdep-muted">{" · ".join(parts)}</div>'
                        if entries else "")

    def row(entry: dict) -> w.VBox:
        label = w.HTML(f'<div class="interdep-statement"><b>{esc(entry["task"])}</b> '
                       f'<span class="interdep-muted">{_h(entry["hours"])} h a week'
                       f"{_only_me(entry)}{esc(_energy(entry, labels))}</span></div>")
        choice = ChoiceGroup(
            options=[(o["label"], o["id"]) for o in options] + [(part["none"], NOT_DECIDED)],
            value=by_key.get(entry.get("decision"), NOT_DECIDED),
            label=f"What to do about: {entry['task']}",
            tooltip=entry["task"],  # the task's name is in bold just above
            layout=w.Layout(width="auto"))
        choice.add_class("interdep-choices")

        @guarded(errors)
        def on_choice(change):
            if change["new"] is None:
                return
            logic.set_decision(journal, entry["id"], change["new"] or None)
            show_counts()

        choice.observe(on_choice, names="value")
        item = w.VBox([label, choice])
        item.entry, item.choice = entry, choice
        return item

    def redraw():
        entries = logic.tasks(journal)
        rows.children = [row(e) for e in entries] or [
            w.HTML(f'<span class="interdep-muted">{esc(part["empty"])}</span>')]
        show_counts()

    redraw()
    refresh.listen(journal, DECISIONS_TOPIC, guarded(errors)(redraw))
    box.rows, box.counts, box.redraw = rows, counts, redraw
    return box


# ---- the script builder --------------------------------------------------------------------


def script_builder(session) -> w.VBox:
    journal, exercise = session.journal, session.step.exercise
    part_text = _by_id(session, "parts")["script"]
    kinds = [dict(k) for k in exercise.get("script_kinds", ())]
    parts = [dict(p) for p in exercise.get("script_parts", ())]
    kind_labels = {k["id"]: k["label"] for k in kinds}
    kind = ChoiceGroup(options=[(k["label"], k["id"]) for k in kinds],
                       value=kinds[0]["id"] if kinds else None,
                       description="This script is to", label="This script is to",
                       layout=w.Layout(width="auto"))
    kind.add_class("interdep-choices")
    kind_hint = w.HTML("")
    boxes: dict[str, w.Textarea] = {}
    part_widgets = []
    for part in parts:
        boxes[part["id"]] = w.Textarea(description=part["label"], tooltip=part["label"],
                                       rows=2, style={"description_width": "0px"},
                                       layout=wide())
        part_widgets += [
            w.HTML(f'<div class="interdep-statement"><b>{esc(part["label"])}</b></div>'
                   f'<div class="interdep-muted">{esc(part.get("hint", ""))}</div>'),
            boxes[part["id"]]]
    preview = w.HTML("")
    status = w.HTML("")
    intro = w.HTML(f'<div class="interdep-muted">{esc(part_text["help"])}</div>')
    new = w.Button(description=part_text["new"], icon="file",
                   tooltip="Keep this script and start another one",
                   layout=w.Layout(width="auto"))
    heading = w.HTML("")
    rows = w.VBox([])
    errors = error_area()
    current: dict = {"id": None}
    syncing = {"busy": False}

    def written() -> dict:
        return {part_id: box.value for part_id, box in boxes.items()}

    def show_kind():
        chosen = next((k for k in kinds if k["id"] == kind.value), {})
        kind_hint.value = f'<div class="interdep-muted">{esc(chosen.get("hint", ""))}</div>'
        for part in parts:
            example = part.get(f"example_{kind.value}") or part.get("example", "")
            boxes[part["id"]].placeholder = f"for example: {example}" if example else ""

    def show_preview():
        words = logic.script_text(logic.script_fields(kind.value, written()))
        box.preview_text = words
        preview.value = (
            f'<div class="interdep-card"><div class="interdep-muted">'
            f'{esc(part_text["preview_title"])}</div>'
            f'<div style="font-size:1.1em;margin-top:4px">{esc(words)}</div></div>'
            if words else
            f'<div class="interdep-muted">{esc(part_text["preview_empty"])}</div>')

    def describe(script: dict) -> str:
        return (f"<b>{esc(kind_labels.get(script['kind'], script['kind']))}:</b> "
                f"{esc(logic.script_text(script))}")

    def refresh_rows():
        saved = logic.scripts(journal)
        heading.value = (f"<b>{esc(part_text['list_title'])} ({len(saved)}):</b>"
                         if saved else "")
        rows.children = entry_rows(saved, describe, on_edit, on_remove, "script")

    def fill(script: dict | None):
        syncing["busy"] = True
        try:
            current["id"] = script["id"] if script else None
            if script:
                kind.value = script["kind"]
            for part_id, text_box in boxes.items():
                key = logic.SCRIPT_PART_KEYS[part_id]
                text_box.value = script.get(key, "") if script else ""
        finally:
            syncing["busy"] = False
        show_kind()
        show_preview()

    @guarded(errors)
    def save():
        fields = logic.script_fields(kind.value, written())
        if logic.is_blank(fields):
            if current["id"] is not None:
                logic.remove_script(journal, current["id"])
                current["id"] = None
                status.value = _note("This script is empty now, so it was removed.")
                refresh_rows()
            return
        script = logic.save_script(journal, kind.value, written(), current["id"])
        current["id"] = script["id"]
        number = [s["id"] for s in logic.scripts(journal)].index(script["id"]) + 1
        status.value = _note(f"Saved as script {number}. Press “{part_text['new']}” to "
                             "write another one.")
        refresh_rows()

    debouncer = Debouncer(save)

    @guarded(errors)
    def on_text(_change):
        if syncing["busy"]:
            return
        show_preview()
        status.value = _note("Saving…")
        debouncer.poke()

    @guarded(errors)
    def on_kind(_change):
        show_kind()
        if syncing["busy"]:
            return
        show_preview()
        debouncer.flush()

    @guarded(errors)
    def on_new(_):
        debouncer.flush()
        fill(None)
        status.value = _note("A fresh script: your earlier ones are saved below.")

    @guarded(errors)
    def on_edit(script: dict):
        debouncer.flush()
        fill(script)
        status.value = _note("Editing this script; changes are saved as you type.")

    @guarded(errors)
    def on_remove(script: dict):
        debouncer.flush()
        logic.remove_script(journal, script["id"])
        if current["id"] == script["id"]:
            fill(None)
        status.value = _note("Script removed.")
        refresh_rows()

    for text_box in boxes.values():
        text_box.observe(on_text, names="value")
    kind.observe(on_kind, names="value")
    new.on_click(on_new)
    box = w.VBox([style(), intro, kind, kind_hint, *part_widgets, preview, status,
                  w.HBox([new]), heading, rows, errors])
    show_kind()
    show_preview()
    refresh_rows()
    box.kind, box.parts, box.preview, box.status, box.new = kind, boxes, preview, status, new
    box.rows, box.heading, box.debouncer = rows, heading, debouncer
    return box


PARTS = {
    "audit": load_audit,
    "chart": load_chart_view,
    "decisions": decisions_view,
    "script": script_builder,
}

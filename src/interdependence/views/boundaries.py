"""Step 06 views: the load audit, its chart, a decision per task, the script builder.

Every word the participant reads comes from the ``exercise:`` section of the step's YAML;
the data, its rules and its sums are the model,
:class:`~interdependence.exercises.boundaries.Boundaries` (``session.model``); the chart is
drawn by ``charts.boundaries``. Each part is a class that observes the model, so a change in
one cell redraws the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from ..exercises.boundaries import (
    SCRIPT_PART_KEYS,
    Boundaries,
    BoundaryError,
    decision_key,
    energy_of,
    load_totals,
    parse_hours,
    script_fields,
    script_text,
)
from ..exercises.keyed_list import Entry
from . import shared
from .autosave import Debouncer
from .chart_panel import ModelChart, drawn
from .choices import ChoiceGroup
from .exercise_parts import field_text, model_of, muted, part_text, say, status_line
from .guard import error_area, guarded
from .list_editor import ListEditor, count_heading
from .style import esc, style

LABELS = {"description_width": "13em"}  # the text boxes' shared style
NOT_DECIDED = ""  # the "not decided yet" choice; stored as None
NO_ENERGY = ""  # the "prefer not to say" choice; stored as None


def boundaries_of(session) -> Boundaries:
    return model_of(session, Boundaries)


def _h(hours: Any) -> str:
    return f"{hours:g}" if isinstance(hours, int | float) else "?"


def energy_labels(session) -> dict[str, str]:
    """Energy level id -> its label from the step YAML (Low, Medium, High)."""
    return {e["id"]: e["label"] for e in session.step.exercise.get("energy_levels", ())}


def task_details(entry: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    """"5 h a week · only me · high drain", escaped."""
    level = energy_of(entry)
    drain = f" · {labels[level].lower()} drain" if level is not None and level in labels else ""
    only_me = " · only me" if entry.get("only_me") else ""
    return esc(f"{_h(entry.get('hours'))} h a week{only_me}{drain}")


# ---- the load audit ------------------------------------------------------------------------


class LoadAudit(ListEditor):
    """The list of responsibilities. Parts beyond :class:`ListEditor`'s: ``task``,
    ``hours``, ``only_me`` and ``energy`` (the form), ``heading`` (how many, how many
    hours)."""

    model: Boundaries

    def __init__(self, session):
        self.model = boundaries_of(session)
        exercise = session.step.exercise
        self.part = part = part_text(session, "audit")
        self.labels = energy_labels(session)
        task, hours = field_text(session, "task"), field_text(session, "hours")
        energy = field_text(session, "energy")
        levels = [dict(e) for e in exercise.get("energy_levels", ())]
        self.task = w.Text(description=task["label"], placeholder=task.get("placeholder", ""),
                           style=shared.text_style(**LABELS), layout=shared.layout(width="95%"))
        self.hours = w.Text(description=hours["label"], style=shared.text_style(**LABELS),
                            placeholder=hours.get("placeholder", ""),
                            layout=shared.layout(width="30em"))
        self.only_me = shared.checkbox(description=field_text(session, "only_me")["label"],
                                       value=False, indent=False,
                                       layout=shared.layout(width="auto", margin="0 0 0 13.5em"))
        self.energy = ChoiceGroup(
            options=[(e["label"], e["id"]) for e in levels]
            + [(exercise.get("energy_skip", "Prefer not to say"), NO_ENERGY)],
            value=None, description=energy["label"], label=energy["label"],
            tooltip=energy["help"], layout=shared.layout(width="auto", margin="0 0 0 13.5em"),
            _dom_classes=("interdep-choices",))
        energy_help = shared.html(
            f'<div class="interdep-muted" style="margin-left:13.5em">{esc(energy["help"])}'
            "<br>" + " · ".join(f"<b>{esc(e['label'])}</b>: {esc(e.get('hint', ''))}"
                                for e in levels) + "</div>")
        self.heading = shared.html("")
        super().__init__(self.model, self.model.tasks, slot="audit", words=part,
                         above=[muted(part["help"])],
                         form=[self.task, self.hours, self.only_me, self.energy, energy_help],
                         below=[self.heading])

    def read_form(self) -> dict[str, Any]:
        return {"task": self.task.value, "hours": self.hours.value,
                "only_me": self.only_me.value, "energy": self.energy.value}

    def fill_form(self, entry: Entry) -> None:
        self.task.value, self.hours.value = entry.get("task", ""), _h(entry.get("hours"))
        self.only_me.value = bool(entry.get("only_me"))
        # None shows no choice: a task saved without one was skipped or is from before
        # energy was asked, and the journal cannot tell those apart (both are null).
        self.energy.value = energy_of(entry)

    def clear_form(self) -> None:
        self.task.value = self.hours.value = ""
        self.only_me.value = False
        self.energy.value = None

    def describe(self, entry: Entry) -> str:
        return (f"{esc(entry.get('task', ''))} <span class='interdep-muted'>· "
                f"{task_details(entry, self.labels)}</span>")

    def name(self, entry: Entry) -> str:
        return str(entry.get("task", self.words["noun"]))

    def render(self) -> None:
        super().render()
        total = load_totals(self.model.tasks.items(), None)
        self.heading.value = (
            f"<b>{esc(self.part['list_title'])}: {total['tasks']}, adding up to "
            f"{_h(total['hours'])} hours a week.</b>" if total["tasks"] else "")


# ---- the load chart ------------------------------------------------------------------------


def verdict(totals: Mapping[str, Any]) -> str:
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


class LoadPicture(ModelChart):
    """The week's load as one stacked bar against the hours available (data:
    ``Boundaries.load_data``)."""

    def __init__(self, session, labels: Mapping[str, str]):
        self.labels = dict(labels)
        super().__init__(session, "chart")

    def read(self) -> dict[str, Any]:
        return boundaries_of(self.session).load_data(self.labels)

    def is_empty(self, data: dict[str, Any]) -> bool:
        return not any((t.get("hours") or 0) > 0 for t in data["tasks"])

    def draw(self, data: dict[str, Any], phone: bool = False) -> tuple[Any, str]:
        from ..charts import boundaries as charts

        return drawn(charts.figure_size(data, phone), charts.load_chart, charts.caption,
                     data, phone)


class LoadChart(w.VBox):
    """Hours available, a sentence on over or under, and the chart. Parts: ``available``,
    ``message``, ``sentence``, ``panel`` (a :class:`LoadPicture`), ``errors``; ``totals``:
    the sums the sentence was written from."""

    def __init__(self, session):
        self.model = boundaries_of(session)
        part = part_text(session, "chart")
        field = field_text(session, "hours_available")
        saved = self.model.hours_available()
        self.available = w.Text(value="" if saved is None else _h(saved),
                                description=field["label"],
                                placeholder=field.get("placeholder", ""),
                                continuous_update=False,
                                style=shared.text_style(description_width="16em"),
                                layout=shared.layout(width="28em"))
        self.message, self.sentence, self.errors = status_line(), shared.html(""), error_area()
        self.panel = LoadPicture(session, energy_labels(session))
        self.totals: dict[str, Any] = {}
        self._syncing = False
        super().__init__([style(), muted(part["available_help"]), self.available, self.message,
                          self.sentence, self.panel, self.errors], layout=shared.layout())
        self.available.observe(guarded(self.errors)(self._typed), names="value")
        self.show_verdict()
        self._stop = self.model.observe(self.refresh, slot="chart-verdict")

    def refresh(self) -> None:
        guarded(self.errors)(self.load)()

    def load(self) -> None:
        """The sentence, and the hours available another cell saved (what is typed here
        and cannot be read yet is left for the participant to correct)."""
        saved = self.model.hours_available()
        try:
            shown = parse_hours(self.available.value, allow_blank=True)
        except BoundaryError:
            shown = saved
        if shown != saved:
            self._syncing = True
            try:
                self.available.value = "" if saved is None else _h(saved)
            finally:
                self._syncing = False
        self.show_verdict()

    def show_verdict(self) -> None:
        self.totals = self.model.totals()
        text = verdict(self.totals)
        kind = "notice" if self.totals["over"] else "card"
        self.sentence.value = (f'<div class="interdep-{kind}" style="margin:6px 0">'
                               f"{esc(text)}</div>" if text else "")

    def _typed(self, change: Mapping) -> None:
        if self._syncing:
            return
        try:
            hours = self.model.set_hours_available(change["new"])
        except BoundaryError as exc:
            say(self.message, str(exc), problem=True)
            return
        say(self.message, "Saved." if hours is not None else "Left blank.")


# ---- decisions -----------------------------------------------------------------------------


class Decisions(w.VBox):
    """One choice per responsibility: keep, drop, delegate or ask for help. Parts:
    ``listing`` (the box of rows), ``rows`` (each: ``entry_id``, ``label``, ``choice``),
    ``counts``, ``message``, ``errors``."""

    def __init__(self, session):
        self.model = boundaries_of(session)
        self.part = part = part_text(session, "decisions")
        self.options = [dict(d) for d in session.step.exercise.get("decisions", ())]
        self.by_key = {decision_key(o["id"]): o["id"] for o in self.options}
        self.labels = energy_labels(session)
        guide = shared.html(f'<div class="interdep-muted">{esc(part["help"])}</div><ul>' + "".join(
            f"<li><b>{esc(o['label'])}</b>: {esc(o.get('hint', ''))}</li>"
            for o in self.options) + "</ul>")
        self.listing, self.counts = shared.vbox([]), shared.html("")
        self.message, self.errors = shared.html(""), error_area()
        self.rows: list[w.VBox] = []
        self._shown: list[tuple[str, str]] | None = None
        self._syncing = False
        super().__init__([style(), guide, self.listing, self.counts, self.message,
                          self.errors], layout=shared.layout())
        self.render()
        self._stop = self.model.observe(self.refresh, slot="decisions")

    def refresh(self) -> None:
        guarded(self.errors)(self.render)()

    def render(self) -> None:
        """New rows when the list changed; otherwise only the choices move (a row being
        used keeps the keyboard focus)."""
        entries = self.model.tasks.items()
        shown = [(e["id"], self.describe(e)) for e in entries]
        if shown != self._shown:
            self._shown = shown
            self.rows = [self._row(entry_id, html) for entry_id, html in shown]
            self.listing.children = self.rows or [
                shared.html(f'<span class="interdep-muted">{esc(self.part["empty"])}</span>')]
        self._syncing = True
        try:
            for row, entry in zip(self.rows, entries, strict=True):
                row.choice.value = self.by_key.get(entry.get("decision"), NOT_DECIDED)
        finally:
            self._syncing = False
        self.show_counts(entries)

    def describe(self, entry: Entry) -> str:
        return (f'<div class="interdep-statement"><b>{esc(entry.get("task", ""))}</b> '
                f'<span class="interdep-muted">{task_details(entry, self.labels)}</span></div>')

    def show_counts(self, entries: list[Entry]) -> None:
        tally = dict.fromkeys(self.by_key, 0)
        undecided = 0
        for entry in entries:
            if entry.get("decision") in tally:
                tally[entry["decision"]] += 1
            else:
                undecided += 1
        parts = [f"{esc(o['label'])}: {tally[decision_key(o['id'])]}" for o in self.options]
        parts.append(f"{esc(self.part['none'])}: {undecided}")
        self.counts.value = (f'<div class="interdep-muted">{" · ".join(parts)}</div>'
                             if entries else "")

    def _row(self, entry_id: str, html: str) -> w.VBox:
        task = self.model.tasks.find(entry_id) or {}
        label = shared.html(html)
        choice = ChoiceGroup(
            options=[(o["label"], o["id"]) for o in self.options]
            + [(self.part["none"], NOT_DECIDED)], value=NOT_DECIDED,
            label=f"What to do about: {task.get('task', '')}",
            tooltip=task.get("task", ""),  # the task's name is in bold just above
            layout=shared.layout(width="auto"), _dom_classes=("interdep-choices",))
        choice.observe(guarded(self.errors)(lambda c, i=entry_id: self.decide(i, c["new"])),
                       names="value")
        row = shared.vbox([label, choice])
        row.entry_id, row.label, row.choice = entry_id, label, choice
        return row

    def decide(self, entry_id: str, option_id: str | None) -> None:
        if self._syncing or option_id is None:
            return
        try:
            self.model.set_decision(entry_id, option_id or None)
        except BoundaryError as exc:
            say(self.message, str(exc), problem=True)
            return
        say(self.message, "")


# ---- the script builder --------------------------------------------------------------------


class ScriptBuilder(ListEditor):
    """Write a script part by part; it is saved as it is typed, and every saved script is
    listed below to change or remove. Parts beyond :class:`ListEditor`'s: ``kind``, ``parts``
    (part id -> text box), ``preview`` (and ``preview_text``), ``new_button``, ``heading``,
    ``debouncer``. ``save_button`` and ``cancel_button`` stay hidden: there is nothing to
    press to save. Like step 02's records, the last script opens in the form when the cell
    runs (after a restart too), so the words being written are never only in the list."""

    model: Boundaries

    def __init__(self, session):
        self.model = boundaries_of(session)
        exercise = session.step.exercise
        self.part = part = part_text(session, "script")
        self.kinds = [dict(k) for k in exercise.get("script_kinds", ())]
        self.script_parts = [dict(p) for p in exercise.get("script_parts", ())]
        self.kind = ChoiceGroup(options=[(k["label"], k["id"]) for k in self.kinds],
                                value=self.kinds[0]["id"] if self.kinds else None,
                                description="This script is to", label="This script is to",
                                layout=shared.layout(width="auto"),
                                _dom_classes=("interdep-choices",))
        self.kind_hint, self.preview, self.heading = (shared.html("") for _ in range(3))
        self.preview_text = ""
        self.parts = {p["id"]: w.Textarea(description=p["label"], tooltip=p["label"], rows=2,
                                          style=shared.text_style(description_width="0px"),
                                          layout=shared.layout(width="95%"))
                      for p in self.script_parts}
        self.new_button = shared.button(description=part["new"], icon="file",
                                        tooltip="Keep this script and start another one")
        self._syncing = False
        form: list[w.Widget] = []
        for p in self.script_parts:
            form += [shared.html(f'<div class="interdep-statement"><b>{esc(p["label"])}</b></div>'
                                 f'<div class="interdep-muted">{esc(p.get("hint", ""))}</div>'),
                     self.parts[p["id"]]]
        super().__init__(self.model, self.model.scripts, slot="script", words=part,
                         above=[muted(part["help"]), self.kind, self.kind_hint],
                         form=[*form, self.preview],
                         below=[shared.hbox([self.new_button]), self.heading])
        shared.display(self.save_button, False)  # every script is saved as it is typed
        self.debouncer = Debouncer(self.guard(self.save))
        for box in self.parts.values():
            box.observe(self.guard(self._typed), names="value")
        self.kind.observe(self.guard(self._kind_changed), names="value")
        self.new_button.on_click(self.guard(lambda _b: self.new_script()))
        self.show_kind()
        existing = self.items.items()
        if existing:  # as step 02 does: the last script, open, as it was left
            self.start_edit(existing[-1]["id"])

    # ---- the form -----------------------------------------------------------------------

    def read_form(self) -> dict[str, Any]:
        return {"kind": self.kind.value, **{pid: box.value for pid, box in self.parts.items()}}

    def fill_form(self, entry: Entry) -> None:
        self._set(kind=entry.get("kind"), **{pid: str(entry.get(SCRIPT_PART_KEYS[pid]) or "")
                                             for pid in self.parts})

    def clear_form(self) -> None:
        self._set(**dict.fromkeys(self.parts, ""))

    def _set(self, kind: Any = None, **texts: str) -> None:
        """Show a script without saving it again (the journal speaking, not the person)."""
        self._syncing = True
        try:
            if kind is not None:
                self.kind.value = kind
            for part_id, text in texts.items():
                self.parts[part_id].value = text
        finally:
            self._syncing = False
        self.show_kind()
        self.show_preview()

    def show_kind(self) -> None:
        chosen: dict[str, Any] = next((k for k in self.kinds if k["id"] == self.kind.value),
                                      {})
        self.kind_hint.value = (f'<div class="interdep-muted">{esc(chosen.get("hint", ""))}'
                                "</div>")
        for p in self.script_parts:
            example = p.get(f"example_{self.kind.value}") or p.get("example", "")
            self.parts[p["id"]].placeholder = f"for example: {example}" if example else ""

    def show_preview(self) -> None:
        words = script_text(script_fields(self.kind.value, {
            pid: box.value for pid, box in self.parts.items()}))
        self.preview_text = words
        self.preview.value = (
            f'<div class="interdep-card"><div class="interdep-muted">'
            f'{esc(self.part["preview_title"])}</div>'
            f'<div style="font-size:1.1em;margin-top:4px">{esc(words)}</div></div>'
            if words else
            f'<div class="interdep-muted">{esc(self.part["preview_empty"])}</div>')

    # ---- the list -----------------------------------------------------------------------

    def describe(self, entry: Entry) -> str:
        kind = next((k["label"] for k in self.kinds if k["id"] == entry.get("kind")),
                    entry.get("kind", ""))
        return f"<b>{esc(kind)}:</b> {esc(script_text(entry))}"

    def name(self, entry: Entry) -> str:
        return script_text(entry)

    def render(self) -> None:
        super().render()
        self.heading.value = count_heading(self.part["list_title"], len(self.rows))

    # ---- actions ------------------------------------------------------------------------

    def save(self) -> Entry | None:
        """Save the script on screen (autosave): a new one is added, the one being changed
        is changed, and one emptied by hand is removed."""
        editing = self.editing
        try:
            entry = self.model.write_script(editing, self.read_form())
        except BoundaryError as exc:
            say(self.message, str(exc), problem=True)
            return None
        if entry is None:
            self.editing = None
            if editing is not None:
                say(self.message, self.part["emptied"])
            return None
        self.editing = entry["id"]
        say(self.message, f"Saved as script {self.model.script_number(entry['id'])}. Press "
                          f"“{self.part['new']}” to write another one.")
        return entry

    def start_edit(self, entry_id: str) -> None:
        self.debouncer.flush()
        super().start_edit(entry_id)
        shared.display(self.cancel_button, False)

    def remove(self, entry_id: str) -> None:
        self.debouncer.flush()
        super().remove(entry_id)

    def new_script(self) -> None:
        self.debouncer.flush()
        self._reset_form()
        say(self.message, self.part["started"])

    def _typed(self, _change: Mapping) -> None:
        if self._syncing:
            return
        self.show_preview()
        say(self.message, "Saving…")
        self.debouncer.poke()

    def _kind_changed(self, _change: Mapping) -> None:
        self.show_kind()
        if self._syncing:
            return
        self.show_preview()
        self.debouncer.flush()

"""Step 05 views: the disclosure ladder, its chart, sentence completions, the practice plan.

Every word the participant reads comes from the ``exercise:`` section of the step's YAML;
the data and its rules are the model,
:class:`~interdependence.exercises.disclosure.DisclosureLadder` (``session.model``); the chart
is drawn by ``charts.disclosure``. Each part is a class that observes the model, so a change
in one cell redraws the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from ..exercises.disclosure import (
    DisclosureError,
    DisclosureLadder,
    date_in_words,
    plan_date,
    read_date,
)
from ..exercises.keyed_list import Entry
from .autosave import Debouncer
from .chart_panel import ModelChart, drawn
from .exercise_parts import (
    field_text,
    model_of,
    muted,
    part_text,
    private_mark,
    say,
    status_line,
    wide,
)
from .guard import error_area, guarded
from .list_editor import ListEditor, count_heading
from .style import esc, style

LABELS = {"description_width": "14em"}
NO_RUNG = ""  # the picker's first choice: a label that shows, not a blank box


def ladder_of(session) -> DisclosureLadder:
    return model_of(session, DisclosureLadder)


def text_field(field: Mapping[str, Any], layout: w.Layout | None = None, value: str = "",
               ) -> w.Text:
    return w.Text(value=value, description=field["label"],
                  placeholder=field.get("placeholder", ""), style=LABELS,
                  layout=layout or wide())


def rung_label(entry: Mapping[str, Any]) -> str:
    """One rung of the list as HTML; the participant's words are escaped."""
    who = (f" <span class='interdep-muted'>with {esc(entry['person'])}</span>"
           if entry.get("person") else "")
    return f"<b>{esc(entry.get('exposure', '?'))}</b> &nbsp; {esc(entry.get('text', ''))}{who}"


def examples_html(part: Mapping[str, Any], examples: Sequence[Mapping[str, Any]]) -> str:
    ideas = "".join(
        f"<li>{esc(e['label'])} <span class='interdep-muted'>(about {e['exposure']}; "
        f"{esc(e['who'])})</span></li>" for e in examples)
    return (f"<details><summary>{esc(part['examples_title'])}</summary><ul>{ideas}</ul>"
            "</details>" if ideas else "")


# ---- the ladder ----------------------------------------------------------------------------


class DisclosureEditor(ListEditor):
    """The ladder's editor. Parts beyond :class:`ListEditor`'s: ``text``, ``person`` and
    ``exposure`` (the form) and ``heading`` (the list's title, with how many rungs)."""

    model: DisclosureLadder

    def __init__(self, session):
        self.model = ladder_of(session)
        self.part = part = part_text(session, "ladder")
        examples = session.step.exercise.get("example_disclosures", ())
        self.text = text_field(field_text(session, "text"))
        self.person = text_field(field_text(session, "person"))
        self.exposure = text_field(field_text(session, "exposure"), w.Layout(width="30em"))
        self.heading = w.HTML("")
        super().__init__(
            self.model, self.model.disclosures, slot="ladder", words=part,
            above=[private_mark(),
                   w.HTML(f'<div class="interdep-muted">{esc(part["help"])}</div>'
                          + examples_html(part, examples))],
            form=[self.text, self.person, self.exposure], below=[self.heading])
        self.add_class("interdep-disclosure-ladder")

    def read_form(self) -> dict[str, Any]:
        return {"text": self.text.value, "exposure": self.exposure.value,
                "person": self.person.value}

    def fill_form(self, entry: Entry) -> None:
        self.text.value, self.person.value = entry.get("text", ""), entry.get("person", "")
        self.exposure.value = str(entry.get("exposure", ""))

    def clear_form(self) -> None:
        self.text.value = self.person.value = self.exposure.value = ""

    def ordered(self, entries: list[Entry]) -> list[Entry]:
        return self.model.ladder()  # least exposed first, as the chart draws it

    def describe(self, entry: Entry) -> str:
        return rung_label(entry)

    def render(self) -> None:
        super().render()
        self.heading.value = count_heading(self.part["list_title"], len(self.rows))


# ---- the ladder chart ----------------------------------------------------------------------


class DisclosureChart(ModelChart):
    """The ladder as bars, least exposed at the bottom (data: ``chart_rungs``)."""

    def __init__(self, session):
        super().__init__(session, "chart")

    def read(self) -> list[Entry]:
        return ladder_of(self.session).chart_rungs()

    def draw(self, data: list[Entry], phone: bool = False) -> tuple[Any, str]:
        from ..charts import disclosure as charts

        return drawn(charts.figure_size(data, phone), charts.ladder_chart, charts.caption, data,
                     phone)


# ---- sentence completions ------------------------------------------------------------------


class StemBox(w.VBox):
    """One sentence to finish, saved a moment after typing stops. Parts: ``answer``,
    ``status``, ``errors``, ``debouncer``; ``stem_id``."""

    def __init__(self, model: DisclosureLadder, stem: Mapping[str, Any], placeholder: str):
        self.model, self.stem_id = model, str(stem["id"])
        saved = model.completions().get(self.stem_id, "")
        self.answer = w.Textarea(value=saved, placeholder=placeholder,
                                 description=stem["label"][:60], tooltip=stem["label"],
                                 style={"description_width": "0px"}, rows=3, layout=wide())
        self.status, self.errors = status_line(), error_area()
        say(self.status, "Saved." if saved else "Not written yet.")
        self.debouncer = Debouncer(guarded(self.errors)(self.save))
        self._loading = False
        self.answer.observe(self._typed, names="value")
        super().__init__([w.HTML(f'<div class="interdep-statement"><b>{esc(stem["label"])}'
                                 "</b></div>"), self.answer, self.status, self.errors])

    def _typed(self, _change: Mapping) -> None:
        if not self._loading:
            say(self.status, "Saving…")
            self.debouncer.poke()

    def save(self) -> None:
        self.model.set_completion(self.stem_id, self.answer.value)
        say(self.status, "Saved." if self.answer.value.strip() else "Left blank.")

    def load(self) -> None:
        """Show what another cell saved; typing not saved yet is never overwritten."""
        saved = self.model.completions().get(self.stem_id, "")
        if self.debouncer.pending or self.answer.value.strip() == saved:
            return
        self._loading = True
        try:
            self.answer.value = saved
        finally:
            self._loading = False
        say(self.status, "Saved." if saved else "Not written yet.")


class SentenceStems(w.VBox):
    """One :class:`StemBox` per sentence stem of the YAML, in order (``boxes``)."""

    def __init__(self, session):
        self.model = ladder_of(session)
        part = part_text(session, "stems")
        self.boxes = [StemBox(self.model, stem, part["placeholder"])
                      for stem in session.step.exercise.get("sentence_stems", ())]
        self.errors = error_area()
        super().__init__([style(), private_mark(), muted(part["help"]), *self.boxes,
                          self.errors])
        self._stop = self.model.observe(self.refresh, slot="stems")

    def refresh(self) -> None:
        for box in self.boxes:
            guarded(box.errors)(box.load)()


# ---- the practice plan ---------------------------------------------------------------------


def plan_summary(plan: Mapping[str, Any], part: Mapping[str, Any]) -> str:
    """The plan in one sentence (escaped), with a kind nudge once its date has passed."""
    when = plan_date(dict(plan))
    if not any(plan.values()):
        return f'<span class="interdep-muted">{esc(part["none"])}</span>'
    words = "Your plan: share "
    words += f"“{plan['what']}”" if plan["what"] else "something small"
    words += f" with {plan['who']}" if plan["who"] else ""
    words += f" on {date_in_words(when)}." if when else ", on a day you choose."
    if when and when < dt.date.today():
        words += " " + part["past"]
    return f'<div class="interdep-card">{esc(words)}</div>'


_UNREADABLE = object()  # a date box holding words that are not (yet) a date


def date_box(field: Mapping[str, Any], when: dt.date | None) -> tuple[w.HTML, w.Text]:
    """The plan's date: a plain text box read in UK order ("12 May 2026", "12/05/2026"),
    not the browser's date picker, whose order and clipping follow the browser's locale.
    Its label sits above it, so the whole date shows even on a phone."""
    label = w.HTML(f'<div class="interdep-statement"><b>{esc(field["label"])}</b></div>')
    box = w.Text(value=date_in_words(when) if when else "", description=field["label"],
                 placeholder=field.get("placeholder", "for example 12 May 2026"),
                 continuous_update=False, style={"description_width": "0px"},
                 layout=w.Layout(width="95%", max_width="26em"))
    box.add_class("interdep-date")
    return label, box


class PracticePlan(w.VBox):
    """What to share, with whom, and when; saved as it is typed. Parts: ``pick`` (copy a
    rung of the ladder into the plan), ``what``, ``who``, ``when`` (a text box read in UK
    order, shown back in words), ``date_note`` (what the date box could not read),
    ``summary``, ``errors``, ``debouncer``."""

    def __init__(self, session):
        self.model = ladder_of(session)
        self.part = part = part_text(session, "plan")
        fields = {f["id"]: f for f in session.step.exercise.get("practice_plan", ())}
        saved = self.model.practice()
        self.pick = w.Dropdown(description=part["pick"], style=LABELS, layout=wide())
        self.what = text_field(fields["what"], value=saved["what"])
        self.who = text_field(fields["who"], value=saved["who"])
        when_label, self.when = date_box(fields["when"], plan_date(saved))
        self.date_note = w.HTML("")
        self.summary, self.errors = w.HTML(plan_summary(saved, part)), error_area()
        self.debouncer = Debouncer(guarded(self.errors)(self.save))
        self._syncing = False
        hints = {k: [muted(f["hint"], "0" if k == "when" else "14.5em")] if f.get("hint")
                 else [] for k, f in fields.items()}  # the date's label is above its box
        super().__init__([style(), private_mark(), muted(part["help"]), self.pick, self.what,
                          *hints["what"],
                          self.who, *hints["who"], when_label, self.when, self.date_note,
                          *hints["when"], self.summary, self.errors])
        for box in (self.what, self.who):
            box.observe(self._typed, names="value")
        self.when.observe(guarded(self.errors)(self._dated), names="value")
        self.pick.observe(guarded(self.errors)(self._picked), names="value")
        self.fill_rungs()
        self._stop = self.model.observe(self.refresh, slot="plan")

    # ---- drawing ------------------------------------------------------------------------

    def refresh(self) -> None:
        guarded(self.errors)(self.load)()

    def load(self) -> None:
        """The ladder's rungs to pick from, and the plan another cell saved (typing not
        saved yet is never overwritten)."""
        self.fill_rungs()
        if self.debouncer.pending:
            return
        plan = self.model.practice()
        if (self.what.value.strip(), self.who.value.strip()) != (plan["what"], plan["who"]):
            self._sync(what=plan["what"], who=plan["who"])
        shown, when = self._shown_date(), plan_date(plan)
        if shown is not _UNREADABLE and shown != when:  # typing it cannot read stays
            self._sync(when=date_in_words(when) if when else "")
        self.summary.value = plan_summary(plan, self.part)

    def _shown_date(self) -> Any:
        try:
            return read_date(self.when.value)
        except DisclosureError:
            return _UNREADABLE

    def fill_rungs(self) -> None:
        options = [(self.part["pick_none"], NO_RUNG)]
        options += [(f"{r.get('exposure', '?')}: {str(r.get('text', ''))[:70]}", r["id"])
                    for r in self.model.ladder()]
        if list(self.pick.options) != options:
            self._sync(pick=options)
        self.pick.layout.display = None if len(options) > 1 else "none"

    def _sync(self, **values: Any) -> None:
        """Set widgets without saving: it is the journal speaking, not the participant."""
        self._syncing = True
        try:
            if "pick" in values:
                self.pick.options, self.pick.value = values.pop("pick"), NO_RUNG
            for name, value in values.items():
                getattr(self, name).value = value
        finally:
            self._syncing = False

    # ---- saving -------------------------------------------------------------------------

    def save(self) -> None:
        """Save the plan; a date it cannot read is said next to the box and left there, as
        typed, while the rest of the plan is saved (nothing is lost)."""
        try:
            plan = self.model.set_practice(self.what.value, self.who.value, self.when.value)
        except DisclosureError as exc:
            say(self.date_note, str(exc), problem=True)
            self.summary.value = plan_summary(self.model.practice(), self.part)
            return
        self.date_note.value = ""
        when = plan_date(plan)
        if when and self.when.value != date_in_words(when):
            self._sync(when=date_in_words(when))  # said back in words: is this the day?
        self.summary.value = plan_summary(plan, self.part)

    def _typed(self, _change: Mapping) -> None:
        if not self._syncing:
            self.debouncer.poke()

    def _dated(self, _change: Mapping) -> None:
        if not self._syncing:
            self.debouncer.flush()  # a date is one click: save it, with any typing not saved

    def _picked(self, change: Mapping) -> None:
        if self._syncing or change["new"] in (None, NO_RUNG):
            return
        rung = self.model.disclosures.find(change["new"])
        if rung is None:
            return
        self._syncing = True
        try:
            self.what.value = rung.get("text", "")
            if rung.get("person"):
                self.who.value = rung["person"]
        finally:
            self._syncing = False
        self.debouncer.flush()

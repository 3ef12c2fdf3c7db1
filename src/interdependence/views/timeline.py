"""Step 01 views: add, change and remove moments of the private timeline, and its chart.

Every word the participant reads comes from the ``exercise:`` section of the step's YAML;
the data and its rules are the model, :class:`~interdependence.exercises.timeline.Timeline`
(``session.model``). Each part is a class that observes the model, so a moment added in one
cell appears in the chart of another. Everything here is private: no part offers sharing,
and every panel says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from ..exercises.keyed_list import Entry
from ..exercises.timeline import NO_PERIOD_LABEL, Timeline, in_life_order
from . import shared
from .chart_panel import ModelChart
from .exercise_parts import field_text, part_text, private_mark
from .list_editor import ListEditor
from .style import esc


def timeline_of(session) -> Timeline:
    model = session.model
    if not isinstance(model, Timeline):
        raise TypeError(f"{session.step.id} is not the timeline")
    return model


def labelled(field: Mapping, control: w.Widget) -> w.VBox:
    """A control with its question in bold above it and the hint below, as in the YAML."""
    return shared.vbox([
        shared.html(f'<div class="interdep-statement"><b>{esc(field["label"])}</b></div>'),
        control,
        shared.html(f'<div class="interdep-muted">{esc(field["help"])}</div>'),
    ])


def pause_note(session) -> w.HTML:
    note = session.step.exercise["pause_note"]
    return shared.html(f'<div class="interdep-notice" role="note">{esc(note)}</div>')


def describe_moment(moment: Mapping, periods: Mapping[str, str],
                    themes: Mapping[str, str]) -> str:
    """One moment as HTML for the list; every participant word escaped."""
    period = periods.get(moment.get("period") or "", NO_PERIOD_LABEL)
    parts = [f"<b>{esc(period)}</b>"]
    if moment.get("what"):
        parts.append(f"{esc(moment['what'])}")
    if moment.get("lesson"):
        parts.append(f"<i>Lesson:</i> “{esc(moment['lesson'])}”")
    ticked = [themes.get(t, t) for t in moment.get("themes") or []]
    if ticked:
        parts.append(f'<span class="interdep-muted">Themes: {esc(", ".join(ticked))}</span>')
    return "<br>".join(parts)


def _text_box(field: Mapping) -> w.Textarea:
    return w.Textarea(placeholder=field.get("placeholder", ""), rows=2,
                      description=field["label"], style=shared.text_style(description_width="0px"),
                      layout=shared.layout(width="95%"))


# ---- the timeline: add, change, remove -------------------------------------------------------


class TimelineEditor(ListEditor):
    """The form to add or change a moment, and the moments in life order. Parts beyond
    :class:`ListEditor`'s: ``period`` (a drop-down), ``what`` and ``lesson`` (text boxes),
    ``themes`` (theme id -> tick box) and ``form_title`` (adding, or changing a moment)."""

    model: Timeline

    def __init__(self, session):
        self.model = timeline_of(session)
        exercise = session.step.exercise
        self.part = part = part_text(session, "timeline")
        self.periods = {p["id"]: p["label"] for p in exercise["periods"]}
        self.theme_labels = {t["id"]: t["label"] for t in exercise["themes"]}
        period_field = field_text(session, "period")
        what_field, lesson_field = field_text(session, "what_happened"), field_text(
            session, "lesson")
        self.period = w.Dropdown(
            options=[(period_field.get("none_label", "Not sure"), "")]
            + [(label, pid) for pid, label in self.periods.items()],
            value="", description=period_field["label"],
            style=shared.description_style(description_width="0px"),
            layout=shared.layout(width="95%"))
        self.what, self.lesson = _text_box(what_field), _text_box(lesson_field)
        self.themes = {tid: shared.checkbox(value=False, description=label, indent=False)
                       for tid, label in self.theme_labels.items()}
        theme_grid = w.GridBox(list(self.themes.values()), layout=shared.layout(
            grid_template_columns="repeat(auto-fill, minmax(260px, 1fr))", width="95%"))
        self.form_title = shared.html("")
        # The notebook's "What this step is" explains why the timeline is private; the
        # one-line private mark (as on every private exercise) sits over the form.
        intro = f'<div class="interdep-card">{esc(exercise["intro"])}</div>'
        super().__init__(
            self.model, self.model.moments, slot="timeline", words=part,
            above=[private_mark(), shared.html(intro), pause_note(session), self.form_title],
            form=[labelled(period_field, self.period), labelled(what_field, self.what),
                  labelled(lesson_field, self.lesson),
                  labelled(field_text(session, "theme"), theme_grid)],
            below=[shared.html('<div class="interdep-statement" style="margin-top:12px"><b>'
                          f'{esc(part["list_title"])}</b></div>')])
        self.add_class("interdep-timeline")

    def read_form(self) -> dict[str, Any]:
        return {"period": self.period.value, "what": self.what.value,
                "lesson": self.lesson.value,
                "themes": [tid for tid, check in self.themes.items() if check.value]}

    def fill_form(self, entry: Entry) -> None:
        self.period.value = entry.get("period") if entry.get("period") in self.periods else ""
        self.what.value = entry.get("what") or ""
        self.lesson.value = entry.get("lesson") or ""
        for tid, check in self.themes.items():
            check.value = tid in (entry.get("themes") or [])
        self.form_title.value = (f'<div class="interdep-statement"><b>'
                                 f'{esc(self.part["edit_title"])}</b> <span class='
                                 f'"interdep-muted">{esc(self.part["edit_hint"])}</span></div>')

    def clear_form(self) -> None:
        self.period.value = ""
        self.what.value = self.lesson.value = ""
        for check in self.themes.values():
            check.value = False
        self.form_title.value = (f'<div class="interdep-statement"><b>'
                                 f'{esc(self.part["add_title"])}</b></div>')

    def first_field(self) -> w.Widget:
        # the words of the moment, not the drop-down above them (still in view over it)
        return self.what

    def ordered(self, entries: list[Entry]) -> list[Entry]:
        return in_life_order(entries, list(self.periods))  # earliest first

    def describe(self, entry: Entry) -> str:
        return describe_moment(entry, self.periods, self.theme_labels)

    def name(self, entry: Entry) -> str:
        """The moment's words, or its time of life when it has none (a row's tooltip)."""
        return str(entry.get("what") or self.periods.get(entry.get("period") or "", "")
                   or self.words["noun"])


# ---- the timeline as a chart ------------------------------------------------------------------


class TimelineChart(ModelChart):
    """The timeline drawn as a chart (data: ``Timeline.chart_data``); redraws when a moment
    is added, changed or removed in any cell."""

    def __init__(self, session):
        self.theme_ids = [t["id"] for t in session.step.exercise["themes"]]
        super().__init__(session, "chart")

    def read(self) -> dict[str, Any]:
        return timeline_of(self.session).chart_data()

    def is_empty(self, data: dict[str, Any]) -> bool:
        return not data["points"]

    def draw(self, data: dict[str, Any], phone: bool = False) -> tuple[Any, str]:
        from ..charts import timeline as charts
        from ..charts.style import new_figure

        fig, ax = new_figure(*charts.figure_size(data, phone))
        charts.timeline_chart(ax, data, self.theme_ids)
        return fig, charts.caption(data)

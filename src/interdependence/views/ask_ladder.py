"""Step 03 views: build the ask ladder, see it, pick this week's ask, say how it went.

Every word the participant reads comes from the ``exercise:`` section of the step's YAML
(``data/curriculum/steps/``); the data and its rules are the model,
:class:`~interdependence.exercises.ask_ladder.AskLadder` (``session.model``). Each part is a
class that observes the model, so a change in one cell redraws the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from ..exercises.ask_ladder import AskError, AskLadder
from ..exercises.keyed_list import Entry
from . import shared
from .chart_panel import ModelChart, drawn
from .choices import ChoiceGroup
from .exercise_parts import PickOne, field_text, heading, part_text, say, status_line
from .guard import error_area, guarded
from .list_editor import ListEditor
from .style import esc, style


def ladder_of(session) -> AskLadder:
    model = session.model
    if not isinstance(model, AskLadder):
        raise TypeError(f"{session.step.id} is not the ask ladder")
    return model


def hint(field: Mapping) -> w.HTML:
    return shared.html(f'<div class="interdep-muted" style="margin:0 0 6px 0">'
                       f'{esc(field["help"])}</div>')


def anchors(session) -> w.HTML:
    marks = " · ".join(f"<b>{a['value']}</b> = {esc(a['label'])}"
                       for a in session.step.exercise["discomfort_anchors"])
    return shared.html(f'<div class="interdep-muted">{marks}</div>')


def rung_label(ask: Mapping, chosen: bool, done: bool) -> str:
    """One rung of the list as HTML; the participant's words are escaped."""
    badges = ""
    if chosen:
        badges += ' <span class="interdep-shareable">· this week\'s ask</span>'
    if done:
        badges += ' <span class="interdep-shareable">· done ✓</span>'
    return f"<b>{esc(ask.get('discomfort', '?'))}</b> · {esc(ask['text'])}{badges}"


# ---- the ladder: add, change, remove -------------------------------------------------------


class LadderEditor(ListEditor):
    """The ladder's editor. Parts beyond :class:`ListEditor`'s: ``text`` and ``discomfort``
    (the form), ``count`` (how many asks, kindly), ``example_buttons`` (example id ->
    button) in ``ideas``: made when the ideas are first opened, or first asked for."""

    model: AskLadder

    def __init__(self, session):
        self.model = ladder_of(session)
        exercise, part = session.step.exercise, part_text(session, "ladder")
        self.part = part
        self.minimum, self.maximum = int(exercise["min_asks"]), int(exercise["max_asks"])
        self.examples = {ex["id"]: ex for ex in exercise["example_asks"]}
        ask_field = field_text(session, "ask")
        number_field = field_text(session, "expected_discomfort")
        self.text = w.Text(description=ask_field["label"],
                           placeholder="for example: Ask R to take in a parcel",
                           style=shared.text_style(description_width="initial"),
                           layout=shared.layout(width="95%"))
        self.discomfort = w.Text(description=number_field["label"],
                                 placeholder="for example 30",
                                 style=shared.text_style(description_width="initial"),
                                 layout=shared.layout(width="340px"))
        self.count = shared.html("")
        # The ideas start closed: their help and buttons are made when first opened (a
        # closed list built a dozen widgets that most people never see; issue 14).
        self._example_buttons: dict[str, w.Button] | None = None
        self.ideas = w.Accordion(children=[shared.vbox([])], titles=(part["examples_title"],),
                                 selected_index=None)
        super().__init__(
            self.model, self.model.asks, slot="ladder", words=part,
            above=[shared.html(f'<div class="interdep-card">{esc(exercise["intro"])}</div>'),
                   heading(part)],
            form=[self.text, hint(ask_field), self.discomfort, hint(number_field),
                  anchors(session)],
            classes=["interdep-ask-ladder"],
            below=[self.ideas, self.count, shared.html(
                f'<div class="interdep-statement" style="margin-top:10px"><b>'
                f'{esc(part["list_title"])}</b></div>')])
        self.ideas.observe(self.guard(lambda _change: self.example_buttons),
                           names="selected_index")

    @property
    def example_buttons(self) -> dict[str, w.Button]:
        """The example asks' buttons (example id -> button), in ``ideas``; made, with the
        ideas' help, the first time they are opened or asked for."""
        if self._example_buttons is None:
            self._example_buttons = {
                ex_id: shared.button(description=f"+ {ex['label']} ({ex['discomfort']})",
                                     tooltip=ex["label"])
                for ex_id, ex in self.examples.items()}
            for example_id, button in self._example_buttons.items():
                button.on_click(self.guard(lambda _b, e=example_id: self.add_example(e)))
            self._disable_examples()
            self.ideas.children[0].children = [
                shared.html(f'<div class="interdep-muted">{esc(self.part["examples_help"])}'
                            "</div>"), *self._example_buttons.values()]
        return self._example_buttons

    def _disable_examples(self) -> None:
        """An example already on the ladder cannot be added again."""
        on_ladder = {str(a["text"]).casefold() for a in self.model.asks.items()}
        for example_id, button in (self._example_buttons or {}).items():
            button.disabled = self.examples[example_id]["label"].casefold() in on_ladder

    def read_form(self) -> dict[str, Any]:
        return {"text": self.text.value, "discomfort": self.discomfort.value}

    def fill_form(self, entry: Entry) -> None:
        self.text.value, self.discomfort.value = entry["text"], str(entry["discomfort"])

    def clear_form(self) -> None:
        self.text.value = self.discomfort.value = ""

    def ordered(self, entries: list[Entry]) -> list[Entry]:
        return list(reversed(self.model.ladder()))  # the hardest at the top, like a ladder

    def describe(self, entry: Entry) -> str:
        done = bool(self.model.outcomes().get(entry["id"], {}).get("done"))
        return rung_label(entry, entry["id"] == self.model.read("chosen"), done)

    def render(self) -> None:
        super().render()
        n = len(self.rows)
        words = {"count": n, "max": self.maximum, "more": max(0, self.minimum - n)}
        key = "full" if n >= self.maximum else "need_more" if n < self.minimum else "enough"
        say(self.count, self.part[key].format(**words))
        self._disable_examples()

    def add_example(self, example_id: str) -> None:
        example = self.examples[example_id]
        try:
            self.items.add({"text": example["label"], "discomfort": example["discomfort"]})
        except AskError as exc:
            say(self.message, str(exc), problem=True)
            return
        say(self.message, "Added. If it would feel different for you, press Change next to it.")


# ---- the ladder as a chart, and expected against actual -------------------------------------


class _RungsChart(ModelChart):
    """A chart of some of the ladder's asks, one row each: ``rungs(model)`` reads them and
    ``charts.ask_ladder.<name>_chart`` draws them (captioned by ``<name>_caption``)."""

    def __init__(self, session, part_id: str,
                 rungs: Callable[[Any], list[dict[str, Any]]], name: str):
        self._rungs, self._name = rungs, name
        super().__init__(session, part_id)

    def read(self) -> list[dict[str, Any]]:
        return self._rungs(ladder_of(self.session))

    def draw(self, data: list[dict[str, Any]], phone: bool = False) -> tuple[Any, str]:
        from ..charts import ask_ladder as charts

        return drawn(charts.figure_size(len(data), phone), getattr(charts, f"{self._name}_chart"),
                     getattr(charts, f"{self._name}_caption"), data, phone)


class LadderChart(_RungsChart):
    """The ladder as bars, easiest rung at the bottom (data: ``AskLadder.ladder_rungs``)."""

    def __init__(self, session):
        super().__init__(session, "chart", lambda model: model.ladder_rungs(), "ladder")


class CompareChart(_RungsChart):
    """Expected against actual discomfort (data: ``AskLadder.predicted_vs_actual``)."""

    def __init__(self, session):
        super().__init__(session, "compare", lambda model: model.predicted_vs_actual(),
                         "comparison")


# ---- this week's ask -------------------------------------------------------------------------


class PickAsk(PickOne):
    """Choose this week's ask from the ladder, easiest first. Parts: ``choice``, ``note``."""

    def __init__(self, session):
        self.model = ladder_of(session)
        super().__init__(session, "pick", options=self.options, chosen=self.model.chosen,
                         save=self.model.choose, count=lambda: len(self.model.asks),
                         saying=self.saying)

    def options(self) -> list[tuple[str, Any]]:
        return [(f"{a['discomfort']} · {a['text']}", a["id"]) for a in self.model.ladder()]

    def saying(self, picked: Entry) -> str:
        high = f" {self.part['high']}" if self.model.is_high(picked["id"]) else ""
        return f"Saved: this week you will try “{picked['text']}”.{high}"


# ---- how it went -------------------------------------------------------------------------------


class OutcomeReport(w.VBox):
    """How this week's ask went. Parts: ``which`` (the ask), ``form`` with ``done``, ``what``
    and ``actual``, ``save_button``, ``message``, ``errors``; ``ask``: the ask shown."""

    def __init__(self, session):
        self.model = ladder_of(session)
        self.part = part = part_text(session, "report")
        done_field, note_field = field_text(session, "done"), field_text(session, "what_happened")
        actual_field = field_text(session, "actual_discomfort")
        self.which = shared.html("")
        self.done = ChoiceGroup(options=[(o["label"], o["id"]) for o in done_field["options"]],
                                value=None, description=done_field["label"],
                                label=done_field["label"], layout=shared.layout(width="auto"))
        self.what = w.Textarea(description=note_field["label"], rows=3,
                               placeholder="for example: K answered in two minutes and we "
                               "had a coffee", style=shared.text_style(description_width="initial"),
                               layout=shared.layout(width="95%"))
        self.actual = w.Text(description=actual_field["label"], placeholder="for example 10",
                             style=shared.text_style(description_width="initial"),
                             layout=shared.layout(width="340px"))
        self.save_button = shared.button(description=part["save"], icon="check",
                                         button_style="primary")
        self.message, self.errors = status_line(), error_area()
        self.form = shared.vbox([self.done, hint(done_field), self.what, hint(note_field),
                            self.actual, hint(actual_field), anchors(session),
                            shared.hbox([self.save_button])])
        super().__init__([style(), heading(part), self.which, self.form, self.message,
                          self.errors], layout=shared.layout())
        self.ask: Entry | None = None
        self.save_button.on_click(guarded(self.errors)(lambda _b: self.save()))
        self.load()
        self._stop = self.model.observe(self.refresh, slot="report")

    def refresh(self) -> None:
        guarded(self.errors)(self.load)()

    def load(self) -> None:
        """Show this week's ask and what was saved about it; after a redraw for the same
        ask (the participant's own save, say), what is on screen stays."""
        picked = self.model.chosen()
        same = picked is not None and self.ask is not None and picked["id"] == self.ask["id"]
        self.ask = picked
        if picked is None:
            say(self.which, self.part["no_pick"])
            shared.display(self.form, False)
            say(self.message, "")
            return
        self.which.value = (f'<div class="interdep-card">This week\'s ask: '
                            f'<b>{esc(picked["text"])}</b><br>You expected a discomfort of '
                            f"<b>{esc(picked['discomfort'])}</b>.</div>")
        shared.display(self.form, True)
        if same:
            return
        saved = self.model.outcome(picked["id"]) or {}
        self.done.value = ("done" if saved.get("done") else "not_yet") if saved else None
        self.what.value = saved.get("note", "")
        self.actual.value = "" if saved.get("actual") is None else str(saved["actual"])
        say(self.message, "")

    def save(self) -> None:
        picked = self.ask
        if picked is None:
            return
        try:
            entry = self.model.record_outcome(picked["id"], self.done.value == "done",
                                              self.actual.value, self.what.value)
        except AskError as exc:
            say(self.message, str(exc), problem=True)
            return
        words = "Saved."
        if entry["actual"] is not None:
            words += f" You expected {picked['discomfort']}; it felt like {entry['actual']}."
        if entry["done"]:
            words += " Well done for trying. Pick your next ask above whenever you are ready."
        say(self.message, words)

"""Step 03 widgets: build the ask ladder, see it, pick this week's ask, say how it went.

Every word the participant reads comes from the ``exercise:`` section of
``data/curriculum/steps/03-start-small.yaml``; the logic is in ``exercises/ask_ladder.py``.
Parts listen to each other through ``refresh``: a change in one cell redraws the others.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as w

from ..exercises import ask_ladder as logic
from . import refresh
from .chart_panel import chart_panel
from .choices import ChoiceGroup
from .exercise_parts import field_text as _field
from .exercise_parts import heading as _heading
from .exercise_parts import notify, pick_one_panel
from .exercise_parts import part_text as _part
from .exercise_parts import say as _say
from .exercise_parts import topic as _topic
from .guard import error_area, guarded
from .style import esc, style

#: The parts that redraw when another part saves (each listens on its own topic).
LISTENERS = ("ladder", "chart", "pick", "report", "compare")


def _notify(session, source: str) -> None:
    notify(session, source, LISTENERS)


def _hint(field: Mapping) -> w.HTML:
    return w.HTML(f'<div class="interdep-muted" style="margin:0 0 6px 0">'
                  f'{esc(field["help"])}</div>')


def _anchors(session) -> w.HTML:
    marks = " · ".join(f"<b>{a['value']}</b> = {esc(a['label'])}"
                       for a in session.step.exercise["discomfort_anchors"])
    return w.HTML(f'<div class="interdep-muted">{marks}</div>')


def rung_label(ask: Mapping, chosen: bool, done: bool) -> str:
    """One rung of the list as HTML; the participant's words are escaped."""
    badges = ""
    if chosen:
        badges += ' <span class="interdep-shareable">· this week\'s ask</span>'
    if done:
        badges += ' <span class="interdep-shareable">· done ✓</span>'
    return f"<b>{ask['discomfort']}</b> · {esc(ask['text'])}{badges}"


# ---- the ladder: add, change, remove -------------------------------------------------------


def ladder_panel(session) -> w.VBox:
    journal, exercise = session.journal, session.step.exercise
    part = _part(session, "ladder")
    minimum, maximum = int(exercise["min_asks"]), int(exercise["max_asks"])
    ask_field, number_field = _field(session, "ask"), _field(session, "expected_discomfort")

    text = w.Text(description=ask_field["label"], placeholder="for example: Ask R to take in "
                  "a parcel", style={"description_width": "initial"},
                  layout=w.Layout(width="95%"))
    number = w.Text(description=number_field["label"], placeholder="for example 30",
                    style={"description_width": "initial"}, layout=w.Layout(width="340px"))
    add = w.Button(description="Add to my ladder", icon="plus", button_style="primary",
                   tooltip="Add this ask to your ladder", layout=w.Layout(width="auto"))
    cancel = w.Button(description="Cancel changing", tooltip="Leave this ask as it was",
                      layout=w.Layout(width="auto", display="none"))
    undo = w.Button(description="Undo", icon="undo", tooltip="Put the removed ask back",
                    layout=w.Layout(width="auto", display="none"))
    message, count, listing = w.HTML(""), w.HTML(""), w.VBox([])
    errors = error_area()
    examples = {
        ex["id"]: w.Button(description=f"+ {ex['label']} ({ex['discomfort']})",
                           tooltip=ex["label"], layout=w.Layout(width="auto"))
        for ex in exercise["example_asks"]}
    example_box = w.VBox([w.HTML(f'<div class="interdep-muted">{esc(part["examples_help"])}'
                                 "</div>"), *examples.values()])
    ideas = w.Accordion(children=[example_box], titles=(part["examples_title"],),
                        selected_index=None)
    box = w.VBox([
        style(), w.HTML(f'<div class="interdep-card">{esc(exercise["intro"])}</div>'),
        _heading(part), text, _hint(ask_field), number, _hint(number_field), _anchors(session),
        w.HBox([add, cancel]), w.HBox([message, undo]), errors, ideas, count,
        w.HTML(f'<div class="interdep-statement" style="margin-top:10px"><b>'
               f'{esc(part["list_title"])}</b></div>'),
        listing,
    ])
    box.add_class("interdep-ask-ladder")
    state = {"editing": None, "removed": None}

    def clear_form():
        text.value = number.value = ""
        state["editing"] = None
        add.description, add.icon = "Add to my ladder", "plus"
        cancel.layout.display = "none"

    def render():
        current = logic.asks(journal)
        n = len(current)
        if n >= maximum:
            _say(count, part["full"].format(count=n, max=maximum, more=0))
        elif n < minimum:
            _say(count, part["need_more"].format(count=n, more=minimum - n, max=maximum))
        else:
            _say(count, part["enough"].format(count=n, max=maximum, more=0))
        picked = journal.exercise(logic.STEP_ID, "chosen")
        notes = logic.outcomes(journal)
        rows = []
        for ask in reversed(logic.ladder(journal)):  # the hardest at the top, like a ladder
            label = w.HTML(rung_label(ask, ask["id"] == picked,
                                      bool(notes.get(ask["id"], {}).get("done"))),
                           layout=w.Layout(flex="1 1 auto"))
            edit = w.Button(description="Change", icon="pencil", layout=w.Layout(width="auto"),
                            tooltip="Change the words or the number of this ask")
            remove = w.Button(description="Remove", icon="trash",
                              layout=w.Layout(width="auto"), tooltip="Take this ask off")
            edit.on_click(guarded(errors)(lambda _b, a=ask: start_edit(a)))
            remove.on_click(guarded(errors)(lambda _b, a=ask: remove_ask(a)))
            row = w.HBox([label, edit, remove], layout=w.Layout(
                border_bottom="1px solid #ddd", padding="3px 0", align_items="center"))
            row.ask_id, row.label, row.edit_button, row.remove_button = (
                ask["id"], label, edit, remove)
            rows.append(row)
        listing.children = rows or [w.HTML(
            '<div class="interdep-muted">No asks yet. Whatever you add appears here.</div>')]
        box.rows = rows
        on_ladder = {a["text"].casefold() for a in current}
        for ex in exercise["example_asks"]:
            examples[ex["id"]].disabled = ex["label"].casefold() in on_ladder

    def changed():
        render()
        _notify(session, "ladder")

    def start_edit(ask):
        state["editing"] = ask["id"]
        text.value, number.value = ask["text"], str(ask["discomfort"])
        add.description, add.icon = "Save changes", "check"
        cancel.layout.display = None
        _say(message, "Change the words or the number above, then press Save changes.")

    def remove_ask(ask):
        removed = logic.remove_ask(journal, ask["id"])
        if removed is None:
            _say(message, "That ask was already removed.")
        else:
            state["removed"] = removed
            undo.layout.display = None
            _say(message, f"Removed “{ask['text']}”.")
            if state["editing"] == ask["id"]:
                clear_form()
        changed()

    @guarded(errors)
    def on_add(_):
        try:
            if state["editing"]:
                logic.update_ask(journal, state["editing"], text.value, number.value)
                done = "Your changes are saved. The ladder has sorted itself again."
            else:
                logic.add_ask(journal, text.value, number.value, maximum=maximum)
                done = "Added to your ladder and saved."
        except logic.AskError as exc:
            _say(message, str(exc), problem=True)
            return
        clear_form()
        state["removed"] = None
        undo.layout.display = "none"
        _say(message, done)
        changed()

    @guarded(errors)
    def on_cancel(_):
        clear_form()
        _say(message, "Nothing was changed.")

    @guarded(errors)
    def on_undo(_):
        if state["removed"]:
            try:
                logic.restore_ask(journal, state["removed"], maximum=maximum)
            except logic.AskError as exc:
                _say(message, str(exc), problem=True)
                return
            state["removed"] = None
            _say(message, "The ask is back on your ladder.")
        undo.layout.display = "none"
        changed()

    def add_example(example):
        try:
            logic.add_ask(journal, example["label"], example["discomfort"], maximum=maximum)
        except logic.AskError as exc:
            _say(message, str(exc), problem=True)
            return
        _say(message, "Added. If it would feel different for you, press Change next to it.")
        changed()

    add.on_click(on_add)
    cancel.on_click(on_cancel)
    undo.on_click(on_undo)
    for ex in exercise["example_asks"]:
        examples[ex["id"]].on_click(guarded(errors)(lambda _b, e=ex: add_example(e)))
    clear_form()
    render()
    refresh.listen(journal, _topic(session, "ladder"), guarded(errors)(render))
    box.text, box.discomfort, box.add_button, box.cancel_button = text, number, add, cancel
    box.undo_button, box.message, box.count, box.errors = undo, message, count, errors
    box.example_buttons, box.ideas = examples, ideas
    return box


# ---- the ladder as a chart -----------------------------------------------------------------


def ladder_chart_panel(session) -> w.VBox:
    from ..charts import ask_ladder as charts
    from ..charts.style import new_figure

    def draw(data):
        fig, ax = new_figure(*charts.figure_size(len(data)))
        charts.ladder_chart(ax, data)
        return fig, charts.ladder_caption(data)

    return chart_panel(session, _part(session, "chart"), _topic(session, "chart"),
                       lambda: logic.ladder_rungs(session.journal), draw)


def comparison_panel(session) -> w.VBox:
    from ..charts import ask_ladder as charts
    from ..charts.style import new_figure

    def draw(data):
        fig, ax = new_figure(*charts.figure_size(len(data)))
        charts.comparison_chart(ax, data)
        return fig, charts.comparison_caption(data)

    return chart_panel(session, _part(session, "compare"), _topic(session, "compare"),
                       lambda: logic.predicted_vs_actual(session.journal), draw)


# ---- this week's ask -------------------------------------------------------------------------


def pick_panel(session) -> w.VBox:
    journal = session.journal
    part = _part(session, "pick")

    def describe() -> str:
        picked = logic.chosen(journal)
        if not logic.asks(journal):
            return part["empty"]
        if picked is None:
            return ""
        ranks = [a["id"] for a in logic.ladder(journal)]
        upper = ranks.index(picked["id"]) >= max(2, (2 * len(ranks)) // 3)
        return (f"Saved: this week you will try “{picked['text']}”."
                + (f" {part['high']}" if upper else ""))

    def current():
        picked = logic.chosen(journal)
        return picked["id"] if picked else None

    return pick_one_panel(
        session, "pick", describe=describe, current=current,
        options=lambda: [(f"{a['discomfort']} · {a['text']}", a["id"])
                         for a in logic.ladder(journal)],
        save=lambda ask_id: logic.choose(journal, ask_id), listeners=LISTENERS)


# ---- how it went -------------------------------------------------------------------------------


def report_panel(session) -> w.VBox:
    journal = session.journal
    part = _part(session, "report")
    done_field, note_field = _field(session, "done"), _field(session, "what_happened")
    actual_field = _field(session, "actual_discomfort")
    which = w.HTML("")
    done = ChoiceGroup(options=[(o["label"], o["id"]) for o in done_field["options"]],
                       value=None, description=done_field["label"], label=done_field["label"],
                       layout=w.Layout(width="auto"))
    what = w.Textarea(description=note_field["label"], rows=3,
                      placeholder="for example: K answered in two minutes and we had a coffee",
                      style={"description_width": "initial"}, layout=w.Layout(width="95%"))
    actual = w.Text(description=actual_field["label"], placeholder="for example 10",
                    style={"description_width": "initial"}, layout=w.Layout(width="340px"))
    save = w.Button(description=part["save"], icon="check", button_style="primary",
                    layout=w.Layout(width="auto"))
    message, errors = w.HTML(""), error_area()
    form = w.VBox([done, _hint(done_field), what, _hint(note_field), actual,
                   _hint(actual_field), _anchors(session), w.HBox([save])])
    box = w.VBox([style(), _heading(part), which, form, message, errors])
    state = {"ask": None}

    def load():
        picked = logic.chosen(journal)
        same = state["ask"] is not None and picked is not None and \
            picked["id"] == state["ask"]["id"]
        state["ask"] = picked
        if picked is None:
            _say(which, part["no_pick"])
            form.layout.display = "none"
            _say(message, "")
            return
        which.value = (f'<div class="interdep-card">This week\'s ask: <b>{esc(picked["text"])}'
                       f"</b><br>You expected a discomfort of <b>{picked['discomfort']}</b>."
                       "</div>")
        form.layout.display = None
        if same:  # a redraw after the participant's own save: keep what is on screen
            return
        saved = logic.outcome(journal, picked["id"]) or {}
        done.value = ("done" if saved.get("done") else "not_yet") if saved else None
        what.value = saved.get("note", "")
        actual.value = "" if saved.get("actual") is None else str(saved["actual"])
        _say(message, "")

    @guarded(errors)
    def on_save(_):
        picked = state["ask"]
        if picked is None:
            return
        try:
            entry = logic.record_outcome(journal, picked["id"], done.value == "done",
                                         actual.value, what.value)
        except logic.AskError as exc:
            _say(message, str(exc), problem=True)
            return
        words = "Saved."
        if entry["actual"] is not None:
            words += (f" You expected {picked['discomfort']}; it felt like {entry['actual']}.")
        if entry["done"]:
            words += " Well done for trying. Pick your next ask above whenever you are ready."
        _say(message, words)
        _notify(session, "report")

    save.on_click(on_save)
    load()
    refresh.listen(journal, _topic(session, "report"), guarded(errors)(load))
    box.which, box.done, box.what, box.actual, box.save_button = which, done, what, actual, save
    box.form, box.message, box.errors = form, message, errors
    return box


PARTS = {
    "ladder": ladder_panel,
    "chart": ladder_chart_panel,
    "pick": pick_panel,
    "report": report_panel,
    "compare": comparison_panel,
}

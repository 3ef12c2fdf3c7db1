"""Step 02 widgets: keep several thought records, and a chart of belief before and after.

A record saves itself as the participant types (like the reflection boxes), so nothing is
lost if they forget a button. "Start a new record" begins another; each saved record can be
opened again, changed or removed (with an undo).
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from ..exercises import thought_record as logic
from . import refresh
from .autosave import Debouncer
from .chart_panel import chart_panel
from .guard import error_area, guarded
from .style import esc, style
from .timeline import labelled

RECORDS_BADGE = (
    '<span class="interdep-private">Private: your thought records stay in your own journal. '
    "Only your ratings and the reflections you tick can ever be shared, and only if you "
    "choose to.</span>")


def _parts(session) -> dict:
    return {p["id"]: p for p in session.step.exercise["parts"]}


def _textarea(part, rows: int = 3) -> w.Textarea:
    return w.Textarea(placeholder=part.get("placeholder", ""), rows=rows,
                      description=part["label"], tooltip=part["help"],
                      continuous_update=True, style={"description_width": "0px"},
                      layout=w.Layout(width="95%"))


def belief_rating(part) -> w.VBox:
    """A 0-100 slider with a "Not rated yet" tick box; the value is None while ticked."""
    slider = w.IntSlider(value=50, min=0, max=100, step=1, continuous_update=False,
                         description=part["label"], style={"description_width": "0px"},
                         layout=w.Layout(width="420px"))
    unrated = w.Checkbox(value=True, description="Not rated yet", indent=False,
                         layout=w.Layout(width="auto"))
    readout = w.HTML("")
    box = labelled(part, w.VBox([w.HBox([w.HTML("0&nbsp;"), slider, w.HTML("&nbsp;100")]),
                                 w.HBox([unrated, readout])]))
    box.slider, box.unrated, box.readout = slider, unrated, readout

    def show():
        slider.readout = not unrated.value  # no number on show until there is a rating
        readout.value = (
            '<span class="interdep-muted">&nbsp;Not rated: move the slider to rate it.</span>'
            if unrated.value else
            f'<span class="interdep-muted">&nbsp;You rated it <b>{slider.value}</b> out of '
            "100.</span>")
    box.show = show
    show()
    return box


def _rating_value(box) -> int | None:
    return None if box.unrated.value else box.slider.value


def _set_rating(box, value) -> None:
    box.unrated.value = value is None
    if value is not None:
        box.slider.value = int(value)
    box.show()


def feeling_scores(item) -> str:
    """The feeling and its two ratings as the list shows them, or "" if none is given."""
    word = " ".join(logic.field(item, "emotion").split())
    b, a = logic.field(item, "emotion_before"), logic.field(item, "emotion_after")
    name = f"feeling “{word}”" if word else "feeling"
    if b is not None and a is not None:
        return f"{name} {b} → {a}"
    if b is not None:
        return f"{name} {b}, not re-rated yet"
    if a is not None:
        return f"{name} re-rated {a}"
    return name if word else ""


def records_panel(session) -> w.VBox:
    """The list of thought records, and the form for the one that is open."""
    journal, step_id = session.journal, session.step.id
    exercise = session.step.exercise
    parts = _parts(session)
    trap_list = exercise["thinking_traps"]
    trap_ids = [t["id"] for t in trap_list]
    examples = {e["id"]: e["label"] for e in exercise["example_beliefs"]}

    situation = _textarea(parts["situation"])
    example_pick = w.Dropdown(
        options=[("Choose one, or write your own below", "")]
        + [(label, eid) for eid, label in examples.items()],
        value="", description=parts["belief"].get("examples_label", "Examples"),
        style={"description_width": "initial"}, layout=w.Layout(width="95%"))
    belief = _textarea(parts["belief"], rows=2)
    before = belief_rating(parts["belief_rating"])
    emotion = w.Text(placeholder=parts["emotion"].get("placeholder", ""),
                     description=parts["emotion"]["label"], tooltip=parts["emotion"]["help"],
                     continuous_update=True, style={"description_width": "0px"},
                     layout=w.Layout(width="20em"))
    emotion_before = belief_rating(parts["emotion_rating"])
    evidence_for = _textarea(parts["evidence_for"])
    evidence_against = _textarea(parts["evidence_against"])
    trap_boxes = {t["id"]: w.Checkbox(value=False, description=t["label"], tooltip=t["hint"],
                                      indent=False, layout=w.Layout(width="auto"))
                  for t in trap_list}
    trap_cells = [w.VBox([trap_boxes[t["id"]],
                          w.HTML(f'<div class="interdep-muted" style="margin:-4px 0 6px 22px">'
                                 f'{esc(t["hint"])}</div>')])
                  for t in trap_list]
    traps = w.GridBox(trap_cells, layout=w.Layout(
        grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))", width="95%"))
    balanced = _textarea(parts["balanced_thought"])
    after = belief_rating(parts["rerating"])
    emotion_after = belief_rating(parts["emotion_rerating"])

    new_button = w.Button(description="Start a new record", icon="plus",
                          tooltip="Keep this record and start an empty one",
                          layout=w.Layout(width="auto"))
    undo = w.Button(description="Undo", icon="undo", tooltip="Put the removed record back",
                    layout=w.Layout(width="auto", display="none"))
    listing = w.VBox([])
    list_status = w.HTML("")
    form_title = w.HTML("")
    status = w.HTML("")
    errors = error_area()
    state = {"current": None, "loading": False, "dirty": False, "removed": None}

    def say(message: str, problem: bool = False):
        kind = "interdep-error" if problem else "interdep-muted"
        status.value = (f'<span class="{kind}" role="status">{esc(message)}</span>'
                        if message else "")

    def fields() -> dict:
        return {
            "situation": situation.value, "belief": belief.value,
            "belief_before": _rating_value(before),
            "emotion": emotion.value, "emotion_before": _rating_value(emotion_before),
            "evidence_for": evidence_for.value, "evidence_against": evidence_against.value,
            "traps": [tid for tid, check in trap_boxes.items() if check.value],
            "balanced": balanced.value, "belief_after": _rating_value(after),
            "emotion_after": _rating_value(emotion_after),
        }

    def number_of(record_id) -> int:
        ids = [r["id"] for r in logic.records(journal)]
        return ids.index(record_id) + 1 if record_id in ids else len(ids) + 1

    def show_title():
        if state["current"] is None:
            form_title.value = (
                f'<h4 style="margin:14px 0 4px 0">Thought record {number_of(None)} (new)</h4>'
                '<div class="interdep-muted">It is saved as soon as you write or rate '
                "something.</div>")
        else:
            form_title.value = (f'<h4 style="margin:14px 0 4px 0">Thought record '
                                f"{number_of(state['current'])}</h4>")

    def save():
        if state["loading"] or not state["dirty"]:
            return
        state["dirty"] = False
        try:
            record = logic.clean_record(fields(), trap_ids)
        except logic.RecordError as exc:
            say(str(exc), problem=True)
            return
        if state["current"] is None and logic.is_empty(record):
            say("")
            return
        state["current"] = logic.save_record(journal, state["current"], record)
        say(f"Saved at {dt.datetime.now():%H:%M:%S}.")
        show_title()
        render_list()
        refresh.changed(journal, step_id)

    debouncer = Debouncer(guarded(errors)(save))

    def flush():
        if state["dirty"]:
            debouncer.flush()

    def on_change(_change):
        if state["loading"]:
            return
        state["dirty"] = True
        say("Saving…")
        debouncer.poke()

    @guarded(errors)
    def on_slider(change, box):
        if state["loading"]:
            return
        box.unrated.value = False  # moving the slider means "this is my rating"
        box.show()
        on_change(change)

    @guarded(errors)
    def on_unrated(change, box):
        box.show()
        on_change(change)

    @guarded(errors)
    def on_example(change):
        if state["loading"] or not change["new"]:
            return
        belief.value = examples[change["new"]]

    def load(record):
        state["loading"] = True
        try:
            record = record or {}
            state["current"] = record.get("id")
            situation.value = record.get("situation", "")
            belief.value = record.get("belief", "")
            match = [eid for eid, label in examples.items() if label == belief.value]
            example_pick.value = match[0] if match else ""
            _set_rating(before, logic.field(record, "belief_before"))
            emotion.value = logic.field(record, "emotion")
            _set_rating(emotion_before, logic.field(record, "emotion_before"))
            evidence_for.value = record.get("evidence_for", "")
            evidence_against.value = record.get("evidence_against", "")
            for tid, check in trap_boxes.items():
                check.value = tid in (record.get("traps") or [])
            balanced.value = record.get("balanced", "")
            _set_rating(after, logic.field(record, "belief_after"))
            _set_rating(emotion_after, logic.field(record, "emotion_after"))
        finally:
            state["loading"] = False
        state["dirty"] = False
        show_title()

    def render_list():
        items = logic.records(journal)
        rows = []
        for number, item in enumerate(items, start=1):
            is_open = item["id"] == state["current"]
            b, a = logic.field(item, "belief_before"), logic.field(item, "belief_after")
            if b is not None and a is not None:
                scores = f"belief {b} → {a}"
            elif b is not None:
                scores = f"belief {b}, not re-rated yet"
            elif a is not None:
                scores = f"re-rated {a}"
            else:
                scores = "not rated yet"
            feeling = feeling_scores(item)
            if feeling:
                scores += f" · {feeling}"
            text = w.HTML(
                f"<b>{esc(logic.title(number, item))}</b> "
                f'<span class="interdep-muted">{esc(scores)}'
                f"{' · open below' if is_open else ''}</span>",
                layout=w.Layout(flex="1 1 auto"))
            open_button = w.Button(description="Open", icon="folder-open", disabled=is_open,
                                   tooltip="Show this record in the form below",
                                   layout=w.Layout(width="auto"))
            remove = w.Button(description="Remove", icon="trash", layout=w.Layout(width="auto"),
                              tooltip="Delete this thought record")
            open_button.on_click(guarded(errors)(lambda _b, rid=item["id"]: open_record(rid)))
            remove.on_click(guarded(errors)(lambda _b, rid=item["id"]: remove_record(rid)))
            row = w.HBox([text, open_button, remove], layout=w.Layout(
                border_bottom="1px solid #ddd", padding="4px 0", align_items="center"))
            row.record_id, row.open_button, row.remove_button = item["id"], open_button, remove
            rows.append(row)
        listing.children = rows or [w.HTML(
            '<div class="interdep-muted">No thought records saved yet. The form below is '
            "ready for your first one.</div>")]
        box.rows = rows

    def open_record(record_id):
        flush()
        load(logic.record(journal, record_id))
        list_status.value = ""
        say("")
        render_list()

    def remove_record(record_id):
        flush()
        removed = logic.remove_record(journal, record_id)
        if removed is not None:
            state["removed"] = removed
            undo.layout.display = None
            list_status.value = ('<span class="interdep-muted">The thought record was '
                                 "removed.</span>")
            if state["current"] == record_id:
                load(None)
        render_list()
        show_title()
        refresh.changed(journal, step_id)

    @guarded(errors)
    def on_new(_):
        flush()
        load(None)
        say("")
        list_status.value = ('<span class="interdep-muted">Your earlier records are kept in '
                             "the list above.</span>" if logic.records(journal) else "")
        render_list()

    @guarded(errors)
    def on_undo(_):
        if state["removed"]:
            logic.restore_record(journal, *state["removed"])
            state["removed"] = None
            list_status.value = '<span class="interdep-muted">The record is back.</span>'
        undo.layout.display = "none"
        render_list()
        show_title()
        refresh.changed(journal, step_id)

    for widget in (situation, belief, emotion, evidence_for, evidence_against, balanced,
                   *trap_boxes.values()):
        widget.observe(guarded(errors)(on_change), names="value")
    for rating in (before, emotion_before, after, emotion_after):
        rating.slider.observe(lambda c, r=rating: on_slider(c, r), names="value")
        rating.unrated.observe(lambda c, r=rating: on_unrated(c, r), names="value")
    example_pick.observe(on_example, names="value")
    new_button.on_click(on_new)
    undo.on_click(on_undo)

    records_part = exercise["records"]
    box = w.VBox([
        style(),
        w.HTML(f'<div class="interdep-card">{esc(exercise["intro"])}<br>{RECORDS_BADGE}</div>'),
        w.HTML(f'<div class="interdep-statement"><b>{esc(records_part["label"])}</b></div>'
               f'<div class="interdep-muted">{esc(records_part["help"])}</div>'),
        listing, w.HBox([new_button, undo, list_status]),
        form_title,
        labelled(parts["situation"], situation),
        labelled(parts["belief"], w.VBox([example_pick, belief])),
        before,
        labelled(parts["emotion"], emotion),
        emotion_before,
        labelled(parts["evidence_for"], evidence_for),
        labelled(parts["evidence_against"], evidence_against),
        labelled(parts["traps"], traps),
        labelled(parts["balanced_thought"], balanced),
        after,
        emotion_after,
        status, errors,
    ])
    box.add_class("interdep-thought-record")
    existing = logic.records(journal)
    load(existing[-1] if existing else None)
    render_list()
    box.situation, box.example_pick, box.belief = situation, example_pick, belief
    box.before, box.after = before, after
    box.emotion, box.emotion_before, box.emotion_after = emotion, emotion_before, emotion_after
    box.evidence_for, box.evidence_against, box.balanced = (
        evidence_for, evidence_against, balanced)
    box.traps, box.new_button, box.undo_button = trap_boxes, new_button, undo
    box.status, box.errors, box.debouncer = status, errors, debouncer
    box.current = lambda: state["current"]
    return box


def chart_data(session) -> dict:
    return logic.belief_change(logic.records(session.journal))


def belief_chart_panel(session) -> w.VBox:
    """Belief before and after, one dumbbell per record; redraws when a record changes."""
    from ..charts import thought_record as charts
    from ..charts.style import new_figure

    def draw(data):
        fig, ax = new_figure(*charts.figure_size(data))
        charts.belief_chart(ax, data)
        return fig, charts.caption(data)

    return chart_panel(session, session.step.exercise["chart"], session.step.id,
                       lambda: chart_data(session), draw,
                       is_empty=lambda d: not d["rows"] and not d["feelings"])


PARTS = {"records": records_panel, "chart": belief_chart_panel}

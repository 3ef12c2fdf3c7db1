"""Step 04 widgets: put people on the support map, see the map and the counts, pick one person.

Every word the participant reads comes from the ``exercise:`` section of
``data/curriculum/steps/04-build-a-support-network.yaml``; the logic is in
``exercises/support_map.py``. Names are the participant's own words: escaped in every bit of
HTML, and never part of anything shared.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as w

from ..exercises import support_map as logic
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
LISTENERS = ("map", "counts", "counts_table", "closer")


def _notify(session, source: str) -> None:
    notify(session, source, LISTENERS)


def _labels(session, key: str) -> dict[str, str]:
    return {entry["id"]: entry["label"] for entry in session.step.exercise[key]}


def _question(field: Mapping, extra: str = "") -> w.HTML:
    return w.HTML(f'<div class="interdep-statement"><b>{esc(field["label"])}</b></div>'
                  f'<div class="interdep-muted">{esc(field["help"])}{extra}</div>')


def person_label(person: Mapping, kinds: Mapping[str, str], directions: Mapping[str, str]) -> str:
    """One person in the list as HTML; their name is escaped."""
    ticked = ", ".join(kinds[k].lower() for k in person["kinds"]) or "no kinds ticked yet"
    return (f"<b>{esc(person['name'])}</b> · {esc(ticked)} · "
            f"{esc(directions[person['direction']])}")


# ---- adding, changing and removing people ----------------------------------------------------


def people_panel(session) -> w.VBox:
    journal, exercise = session.journal, session.step.exercise
    part = _part(session, "people")
    circles, kinds = _labels(session, "circles"), _labels(session, "kinds")
    directions = _labels(session, "directions")
    name_field, circle_field = _field(session, "name"), _field(session, "circle")
    kinds_field, direction_field = _field(session, "kinds"), _field(session, "direction")

    name = w.Text(description=name_field["label"], placeholder='for example "J" or "Aunt M"',
                  style={"description_width": "initial"}, layout=w.Layout(width="420px"))
    # the question and its hint are written above each of these choices
    circle = ChoiceGroup(options=[(label, cid) for cid, label in circles.items()],
                         value=None, label=circle_field["label"], tooltip=circle_field["label"],
                         layout=w.Layout(width="auto"))
    circle_help = "".join(f"<br><b>{esc(c['label'])}:</b> {esc(c['description'])}"
                          for c in exercise["circles"])
    kind_boxes = {kid: w.Checkbox(value=False, description=label, indent=False,
                                  tooltip=next(k["description"] for k in exercise["kinds"]
                                               if k["id"] == kid),
                                  layout=w.Layout(width="auto", margin="0 22px 0 0"))
                  for kid, label in kinds.items()}
    kind_help = "".join(f"<br><b>{esc(k['label'])}:</b> {esc(k['description'])}"
                        for k in exercise["kinds"])
    direction = ChoiceGroup(options=[(label, did) for did, label in directions.items()],
                            value=None, label=direction_field["label"],
                            tooltip=direction_field["label"], layout=w.Layout(width="auto"))
    direction.add_class("interdep-choices")
    add = w.Button(description="Add to my map", icon="plus", button_style="primary",
                   tooltip="Add this person to your map", layout=w.Layout(width="auto"))
    cancel = w.Button(description="Cancel changing", tooltip="Leave this person as they were",
                      layout=w.Layout(width="auto", display="none"))
    undo = w.Button(description="Undo", icon="undo", tooltip="Put the removed person back",
                    layout=w.Layout(width="auto", display="none"))
    message, warning, listing = w.HTML(""), w.HTML(""), w.VBox([])
    errors = error_area()
    box = w.VBox([
        style(), w.HTML(f'<div class="interdep-card">{esc(exercise["intro"])}</div>'),
        _heading(part),
        name, w.HTML(f'<div class="interdep-muted" style="margin:0 0 6px 0">'
                     f'{esc(name_field["help"])}</div>'),
        _question(circle_field, circle_help), circle,
        _question(kinds_field, kind_help), w.HBox(list(kind_boxes.values()),
                                                  layout=w.Layout(flex_flow="row wrap")),
        _question(direction_field), direction,
        w.HBox([add, cancel]), w.HBox([message, undo]), warning, errors,
        w.HTML(f'<div class="interdep-statement" style="margin-top:10px"><b>'
               f'{esc(part["list_title"])}</b></div>'),
        listing,
    ])
    box.add_class("interdep-support-map")
    state = {"editing": None, "removed": None}

    def clear_form():
        name.value = ""
        circle.value = direction.value = None
        for check in kind_boxes.values():
            check.value = False
        state["editing"] = None
        add.description, add.icon = "Add to my map", "plus"
        cancel.layout.display = "none"

    def render():
        groups = logic.by_circle(journal)
        rows, children = [], []
        for cid, label in circles.items():
            if not groups[cid]:
                continue
            children.append(w.HTML(f'<div class="interdep-muted" style="margin-top:6px">'
                                   f"<b>{esc(label)}</b> ({len(groups[cid])})</div>"))
            for person in groups[cid]:
                text = w.HTML(person_label(person, kinds, directions),
                              layout=w.Layout(flex="1 1 auto"))
                edit = w.Button(description="Change", icon="pencil",
                                layout=w.Layout(width="auto"),
                                tooltip="Change this person's circle, kinds or direction")
                remove = w.Button(description="Remove", icon="trash",
                                  layout=w.Layout(width="auto"),
                                  tooltip="Take this person off your map")
                edit.on_click(guarded(errors)(lambda _b, p=person: start_edit(p)))
                remove.on_click(guarded(errors)(lambda _b, p=person: remove_person(p)))
                row = w.HBox([text, edit, remove], layout=w.Layout(
                    border_bottom="1px solid #ddd", padding="3px 0", align_items="center"))
                row.person_id, row.label, row.edit_button, row.remove_button = (
                    person["id"], text, edit, remove)
                rows.append(row)
                children.append(row)
        listing.children = children or [
            w.HTML(f'<div class="interdep-muted">{esc(part["empty_list"])}</div>')]
        box.rows = rows

    def changed():
        render()
        _notify(session, "people")

    def warn(person_name: str):
        kind = logic.name_warning(person_name)
        warning.value = (f'<div class="interdep-notice" role="note">'
                         f'{esc(exercise["warnings"][kind])}</div>' if kind else "")

    def start_edit(person):
        state["editing"] = person["id"]
        name.value, circle.value, direction.value = (
            person["name"], person["circle"], person["direction"])
        for kid, check in kind_boxes.items():
            check.value = kid in person["kinds"]
        add.description, add.icon = "Save changes", "check"
        cancel.layout.display = None
        warning.value = ""
        _say(message, f"Changing {person['name']}: make your changes above, then press "
                      "Save changes.")

    def remove_person(person):
        removed = logic.remove_person(journal, person["id"])
        if removed is None:
            _say(message, "That person was already removed.")
        else:
            state["removed"] = removed
            undo.layout.display = None
            _say(message, f"{person['name']} was taken off your map.")
            if state["editing"] == person["id"]:
                clear_form()
        changed()

    @guarded(errors)
    def on_add(_):
        ticked = [kid for kid, check in kind_boxes.items() if check.value]
        try:
            if state["editing"]:
                person = logic.update_person(journal, state["editing"], name.value,
                                             circle.value, ticked, direction.value)
                done = f"Your changes to {person['name']} are saved."
            else:
                person = logic.add_person(journal, name.value, circle.value, ticked,
                                          direction.value)
                where = circles[person["circle"]].lower()
                done = f"{person['name']} is on your map, in the {where}."
        except logic.PersonError as exc:
            _say(message, str(exc), problem=True)
            return
        clear_form()
        state["removed"] = None
        undo.layout.display = "none"
        _say(message, done)
        warn(person["name"])
        changed()

    @guarded(errors)
    def on_cancel(_):
        clear_form()
        _say(message, "Nothing was changed.")

    @guarded(errors)
    def on_undo(_):
        if state["removed"]:
            try:
                logic.restore_person(journal, state["removed"])
            except logic.PersonError as exc:
                _say(message, str(exc), problem=True)
                return
            state["removed"] = None
            _say(message, "They are back on your map.")
        undo.layout.display = "none"
        changed()

    add.on_click(on_add)
    cancel.on_click(on_cancel)
    undo.on_click(on_undo)
    clear_form()
    render()
    box.name, box.circle, box.kinds, box.direction = name, circle, kind_boxes, direction
    box.add_button, box.cancel_button, box.undo_button = add, cancel, undo
    box.message, box.warning, box.errors = message, warning, errors
    return box


# ---- the map and the counts ----------------------------------------------------------------------


def map_data(session) -> dict:
    return {"people": logic.map_people(session.journal),
            "circles": list(_labels(session, "circles").items()),
            "directions": list(_labels(session, "directions").items())}


def kinds_data(session) -> dict:
    return {"counts": logic.kinds_by_direction(session.journal),
            "kinds": list(_labels(session, "kinds").items()),
            "directions": list(_labels(session, "directions").items())}


def map_panel(session) -> w.VBox:
    from ..charts import support_map as charts
    from ..charts.style import new_figure

    def draw(data):
        fig, ax = new_figure(*charts.figure_size(data))
        charts.map_chart(ax, data)
        return fig, charts.map_caption(data)

    return chart_panel(session, _part(session, "map"), _topic(session, "map"),
                       lambda: map_data(session), draw, is_empty=lambda d: not d["people"])


def counts_table(session) -> str:
    """People per circle, with the kinds of support and directions, as an HTML table."""
    c = logic.counts(session.journal)
    circles, kinds = _labels(session, "circles"), _labels(session, "kinds")
    directions = _labels(session, "directions")
    cell = 'style="padding:3px 10px;text-align:{};border-bottom:1px solid #ddd"'
    head = "".join(f"<th {cell.format('right')}>{esc(x)}</th>"
                   for x in ["People", *kinds.values(), *directions.values()])
    rows = []
    for cid, label in circles.items():
        values = [c[cid], *(c["circle_kinds"][cid][k] for k in kinds),
                  *(c["circle_directions"][cid][d] for d in directions)]
        rows.append(f"<tr><th {cell.format('left')}>{esc(label)}</th>"
                    + "".join(f"<td {cell.format('right')}>{v}</td>" for v in values) + "</tr>")
    total = [sum(c[cid] for cid in circles), *(c["kinds"][k] for k in kinds),
             *(c["directions"][d] for d in directions)]
    rows.append(f"<tr><th {cell.format('left')}>All</th>"
                + "".join(f"<td {cell.format('right')}><b>{v}</b></td>" for v in total)
                + "</tr>")
    return ('<table class="interdep-counts" style="border-collapse:collapse;margin:6px 0">'
            f"<thead><tr><th {cell.format('left')}>Circle</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def counts_panel(session) -> w.VBox:
    from ..charts import support_map as charts
    from ..charts.style import new_figure

    table, errors = w.HTML(counts_table(session)), error_area()

    @guarded(errors)
    def refresh_table():
        table.value = counts_table(session)

    def draw(data):
        fig, ax = new_figure(9.5, 4.8)
        charts.kinds_chart(ax, data)
        return fig, charts.kinds_caption(data)

    chart = chart_panel(session, _part(session, "counts"), _topic(session, "counts"),
                        lambda: kinds_data(session), draw,
                        is_empty=lambda d: not any(sum(v.values()) for v in d["counts"].values()))
    refresh.listen(session.journal, _topic(session, "counts_table"), refresh_table)
    box = w.VBox([style(), table, errors, chart])
    box.table, box.chart, box.errors = table, chart, errors
    return box


# ---- one step closer ---------------------------------------------------------------------


def closer_panel(session) -> w.VBox:
    journal = session.journal
    part = _part(session, "closer")
    circles = _labels(session, "circles")

    def describe() -> str:
        person = logic.move_closer(journal)
        if not logic.people(journal):
            return part["empty"]
        if person is None:
            return ""
        words = part["inner" if person["circle"] == "inner" else "chosen"]
        return words.format(name=person["name"])

    def options():
        # the outer circle first: those are the people a step can bring closer
        groups = logic.by_circle(journal)
        everyone = [p for cid in reversed(list(circles)) for p in groups[cid]]
        return [(f"{p['name']} ({circles[p['circle']].lower()})", p["id"]) for p in everyone]

    def current():
        person = logic.move_closer(journal)
        return person["id"] if person else None

    return pick_one_panel(
        session, "closer", options=options, current=current, describe=describe,
        save=lambda person_id: logic.set_move_closer(journal, person_id), listeners=LISTENERS)


PARTS = {
    "people": people_panel,
    "map": map_panel,
    "counts": counts_panel,
    "closer": closer_panel,
}

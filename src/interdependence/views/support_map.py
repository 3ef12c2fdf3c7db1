"""Step 04 views: put people on the support map, see the map and the counts, pick one person.

Every word the participant reads comes from the ``exercise:`` section of the step's YAML
(``data/curriculum/steps/``); the data and its rules are the model,
:class:`~interdependence.exercises.support_map.SupportMap` (``session.model``). Each part is
a class that observes the model, so a change in one cell redraws the others. Names are the
participant's own words: escaped in every bit of HTML, and never part of anything shared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from ..exercises.keyed_list import Entry
from ..exercises.support_map import SupportMap, name_warning
from . import shared
from .chart_panel import ModelChart, drawn
from .choices import ChoiceGroup
from .exercise_parts import PickOne, field_text, heading, model_of, part_text
from .guard import error_area, guarded
from .list_editor import ListEditor
from .style import esc, style


def map_of(session) -> SupportMap:
    return model_of(session, SupportMap)


def labels(session, key: str) -> dict[str, str]:
    """id -> label of the step's ``circles``, ``kinds`` or ``directions``, in YAML order."""
    return {entry["id"]: entry["label"] for entry in session.step.exercise[key]}


def question(field: Mapping, extra: str = "") -> w.HTML:
    return shared.html(f'<div class="interdep-statement"><b>{esc(field["label"])}</b></div>'
                       f'<div class="interdep-muted">{esc(field["help"])}{extra}</div>')


def described(entries: list[Mapping]) -> str:
    """The lines under a question: each choice's label and what it means."""
    return "".join(f"<br><b>{esc(e['label'])}:</b> {esc(e['description'])}" for e in entries)


def person_label(person: Mapping, kinds: Mapping[str, str], directions: Mapping[str, str]) -> str:
    """One person in the list as HTML; their name is escaped."""
    ticked = ", ".join(kinds[k].lower() for k in person["kinds"]) or "no kinds ticked yet"
    return (f"<b>{esc(person['name'])}</b> · {esc(ticked)} · "
            f"{esc(directions[person['direction']])}")


# ---- adding, changing and removing people ----------------------------------------------------


class PeopleEditor(ListEditor):
    """The map's list of people, grouped by circle. Parts beyond :class:`ListEditor`'s: the
    form's ``nickname`` (initials or a nickname), ``circle``, ``kinds`` (kind id ->
    checkbox) and ``direction``, and ``warning`` (a gentle hint when a name looks like a full
    name or an email address)."""

    model: SupportMap

    def __init__(self, session):
        self.model = map_of(session)
        exercise, part = session.step.exercise, part_text(session, "people")
        self.warnings = exercise["warnings"]
        self.circles, self.kind_labels = labels(session, "circles"), labels(session, "kinds")
        self.directions = labels(session, "directions")
        name_field, circle_field = field_text(session, "name"), field_text(session, "circle")
        kinds_field = field_text(session, "kinds")
        direction_field = field_text(session, "direction")
        self.nickname = w.Text(description=name_field["label"],
                               placeholder='for example "J" or "Aunt M"',
                               style=shared.text_style(description_width="initial"),
                               layout=shared.layout(width="420px"))
        # the question and its hint are written above each of these choices
        self.circle = ChoiceGroup(options=[(label, cid) for cid, label in self.circles.items()],
                                  value=None, label=circle_field["label"],
                                  tooltip=circle_field["label"], layout=shared.layout(width="auto"))
        beside = shared.layout(width="auto", margin="0 22px 0 0")
        self.kinds = {k["id"]: shared.checkbox(value=False, description=k["label"], indent=False,
                                               tooltip=k["description"], layout=beside)
                      for k in exercise["kinds"]}
        self.direction = ChoiceGroup(
            options=[(label, did) for did, label in self.directions.items()], value=None,
            label=direction_field["label"], tooltip=direction_field["label"],
            layout=shared.layout(width="auto"), _dom_classes=("interdep-choices",))
        self.warning = shared.html("")
        self._grouping: list[tuple[w.HBox, Any]] = []  # the rows and circles last grouped
        super().__init__(
            self.model, self.model.people, slot="people", words=part,
            above=[shared.html(f'<div class="interdep-card">{esc(exercise["intro"])}</div>'),
                   heading(part)],
            form=[self.nickname,
                  shared.html(f'<div class="interdep-muted" style="margin:0 0 6px 0">'
                              f'{esc(name_field["help"])}</div>'),
                  question(circle_field, described(exercise["circles"])), self.circle,
                  question(kinds_field, described(exercise["kinds"])),
                  shared.hbox(self.kinds.values(), layout=shared.layout(flex_flow="row wrap")),
                  question(direction_field), self.direction],
            classes=["interdep-support-map"],
            below=[self.warning, shared.html(
                f'<div class="interdep-statement" style="margin-top:10px"><b>'
                f'{esc(part["list_title"])}</b></div>')])

    def read_form(self) -> dict[str, Any]:
        return {"name": self.nickname.value, "circle": self.circle.value,
                "kinds": [kid for kid, check in self.kinds.items() if check.value],
                "direction": self.direction.value}

    def fill_form(self, entry: Entry) -> None:
        self.nickname.value = entry["name"]
        self.circle.value, self.direction.value = entry["circle"], entry["direction"]
        for kid, check in self.kinds.items():
            check.value = kid in entry["kinds"]

    def clear_form(self) -> None:
        self.nickname.value = ""
        self.circle.value = self.direction.value = None
        for check in self.kinds.values():
            check.value = False

    def name(self, entry: Entry) -> str:
        return str(entry.get("name", ""))

    def word_values(self, entry: Entry) -> dict[str, Any]:
        circle = self.circles.get(entry.get("circle", ""), "")
        return {**super().word_values(entry), "name": self.name(entry), "circle": circle.lower()}

    def ordered(self, entries: list[Entry]) -> list[Entry]:
        return [p for people in self.model.by_circle().values() for p in people]

    def describe(self, entry: Entry) -> str:
        return person_label(entry, self.kind_labels, self.directions)

    def render(self) -> None:
        """The rows under a heading for each circle that has anyone in it; regrouped only
        when a row or a circle changed (so the keyboard focus stays on the rows)."""
        super().render()
        circle_of = {p["id"]: p.get("circle") for p in self.items.items()}
        grouping = [(row, circle_of.get(row.entry_id)) for row in self.rows]
        if grouping == self._grouping:
            return
        self._grouping = grouping
        if not self.rows:
            return
        sizes = Counter(circle_of.get(row.entry_id) for row in self.rows)
        children: list[w.Widget] = []
        for index, row in enumerate(self.rows):
            circle = circle_of.get(row.entry_id)
            if index == 0 or circle_of.get(self.rows[index - 1].entry_id) != circle:
                children.append(shared.html(
                    f'<div class="interdep-muted" style="margin-top:6px">'
                    f"<b>{esc(self.circles.get(circle or '', ''))}</b> ({sizes[circle]})</div>"))
            children.append(row)
        self.listing.children = children

    def start_edit(self, entry_id: str) -> None:
        self.warning.value = ""
        super().start_edit(entry_id)

    def save(self) -> Entry | None:
        """As :meth:`ListEditor.save`, then a gentle hint if the name looks like a full name
        or an email address (saved either way: only a hint)."""
        entry = super().save()
        if entry is not None:
            kind = name_warning(entry["name"])
            self.warning.value = (f'<div class="interdep-notice" role="note">'
                                  f'{esc(self.warnings[kind])}</div>' if kind else "")
        return entry


# ---- the map and the counts ----------------------------------------------------------------------


class _LabelledChart(ModelChart):
    """A chart of the map drawn with the step's labels: :meth:`read` gives ``fetch(model)``
    under ``key`` beside the labels of ``section`` and of the directions (both as lists)."""

    def __init__(self, session, part_id: str, key: str, section: str,
                 fetch: Callable[[Any], Any]):
        self._key, self._fetch = key, fetch
        self.labels = {section: list(labels(session, section).items()),
                       "directions": list(labels(session, "directions").items())}
        super().__init__(session, part_id)

    def read(self) -> dict[str, Any]:
        return {self._key: self._fetch(map_of(self.session)), **self.labels}


class MapChart(_LabelledChart):
    """The three circles with everyone in them (data: ``SupportMap.map_people`` and the
    step's labels)."""

    def __init__(self, session):
        super().__init__(session, "map", "people", "circles", lambda model: model.map_people())

    def is_empty(self, data: Any) -> bool:
        return not data["people"]

    def draw(self, data: Any, phone: bool = False) -> tuple[Any, str]:
        from ..charts import support_map as charts

        return drawn(charts.figure_size(data, phone), charts.map_chart, charts.map_caption, data,
                     phone)


class KindsChart(_LabelledChart):
    """Each kind of support, split by the way it flows (data:
    ``SupportMap.kinds_by_direction`` and the step's labels)."""

    def __init__(self, session):
        super().__init__(session, "counts", "counts", "kinds",
                         lambda model: model.kinds_by_direction())

    def is_empty(self, data: Any) -> bool:
        return not any(sum(by_direction.values()) for by_direction in data["counts"].values())

    def draw(self, data: Any, phone: bool = False) -> tuple[Any, str]:
        from ..charts import support_map as charts

        return drawn(charts.kinds_size(data, phone), charts.kinds_chart, charts.kinds_caption,
                     data, phone)


def counts_table(counts: Mapping[str, Any], circles: Mapping[str, str],
                 kinds: Mapping[str, str], directions: Mapping[str, str]) -> str:
    """People per circle, with the kinds of support and directions, as an HTML table
    (``counts``: ``SupportMap.counts``). Counts only, never a name."""
    cell = 'style="padding:3px 10px;text-align:{};border-bottom:1px solid var(--interdep-rule)"'
    columns = ["People", *kinds.values(), *directions.values()]

    # Each number carries its column's name (data-label): on a phone the rows become cards
    # ("People 2 · Practical 1 ..."), since nine columns do not fit in 390 px (style.py).
    # The roles keep it a table for a screen reader whatever the CSS does to the display.
    def row(title: str, values: list[Any], bold: bool = False) -> str:
        cells = "".join(f'<td role="cell" data-label="{esc(name)}" {cell.format("right")}>'
                        f"{f'<b>{v}</b>' if bold else v}</td>"
                        for name, v in zip(columns, values, strict=True))
        return (f'<tr role="row"><th role="rowheader" scope="row" {cell.format("left")}>'
                f"{esc(title)}</th>{cells}</tr>")

    head = "".join(f'<th role="columnheader" scope="col" {cell.format("right")}>{esc(x)}</th>'
                   for x in columns)
    rows = [row(label, [counts[cid], *(counts["circle_kinds"][cid][k] for k in kinds),
                        *(counts["circle_directions"][cid][d] for d in directions)])
            for cid, label in circles.items()]
    rows.append(row("All", [sum(counts[cid] for cid in circles),
                            *(counts["kinds"][k] for k in kinds),
                            *(counts["directions"][d] for d in directions)], bold=True))
    return ('<table class="interdep-counts" role="table" '
            'style="border-collapse:collapse;margin:6px 0">'
            f'<thead role="rowgroup"><tr role="row"><th role="columnheader" scope="col" '
            f"{cell.format('left')}>Circle</th>{head}</tr></thead>"
            f"<tbody role=\"rowgroup\">{''.join(rows)}</tbody></table>")


class CountsPanel(w.VBox):
    """Counting up: ``table`` (people per circle, kind and direction) and ``chart`` (a
    :class:`KindsChart`); ``errors`` for a failure of the table. Both redraw on any change."""

    def __init__(self, session):
        self.model = map_of(session)
        self.circles, self.kinds = labels(session, "circles"), labels(session, "kinds")
        self.directions = labels(session, "directions")
        self.table, self.errors = shared.html(""), error_area()
        self.chart = KindsChart(session)
        super().__init__([style(), self.table, self.errors, self.chart], layout=shared.layout())
        self.redraw()
        self._stop = self.model.observe(self.refresh, slot="counts_table")

    def refresh(self) -> None:
        guarded(self.errors)(self.redraw)()

    def redraw(self) -> None:
        self.table.value = counts_table(self.model.counts(), self.circles, self.kinds,
                                        self.directions)


# ---- one step closer ---------------------------------------------------------------------


class PickCloser(PickOne):
    """Choose one person to move a step closer, the outer circle first. Parts: ``choice``,
    ``note``, ``errors``."""

    def __init__(self, session):
        self.model = map_of(session)
        self.circles = labels(session, "circles")
        super().__init__(session, "closer", options=self.options, chosen=self.model.closer,
                         save=self.model.choose_closer, count=lambda: len(self.model.people),
                         saying=self.saying)

    def options(self) -> list[tuple[str, Any]]:
        # the outer circle first: those are the people a step can bring closer
        groups = self.model.by_circle()
        return [(f"{p['name']} ({self.circles[cid].lower()})", p["id"])
                for cid in reversed(list(self.circles)) for p in groups.get(cid, [])]

    def saying(self, person: Entry) -> str:
        words = self.part["inner" if person.get("circle") == "inner" else "chosen"]
        return words.format(name=person["name"])

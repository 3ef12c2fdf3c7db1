"""Small pieces the exercise views share: reading a part's text from the step's YAML,
headings and notes, the step's model, and the "pick one of mine" panel (PickOne)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import ipywidgets as w

from . import shared
from .guard import error_area, guarded
from .style import esc, style

M = TypeVar("M")


def part_text(session, part_id: str) -> Mapping:
    """The ``exercise.parts`` entry with this id, from the step's YAML; or, for a step whose
    ``parts`` are its form's questions (02), the ``exercise`` section of that name
    (``exercise.chart``)."""
    exercise = session.step.exercise
    found = next((p for p in exercise.get("parts", ()) if p["id"] == part_id), None)
    if found is None and isinstance(exercise.get(part_id), Mapping):
        return exercise[part_id]
    if found is None:
        raise KeyError(f"{session.step.id} has no exercise part {part_id!r}")
    return found


def field_text(session, field_id: str) -> Mapping:
    """The ``exercise.fields`` entry with this id, from the step's YAML."""
    return next(f for f in session.step.exercise["fields"] if f["id"] == field_id)


def heading(part: Mapping) -> w.HTML:
    """The part's help line under its heading. The heading itself (the part's ``label``) is
    the notebook's Markdown heading just above the cell, so it is not said twice."""
    return shared.html(f'<div class="interdep-muted">{esc(part["help"])}</div>')


#: The words of :func:`private_mark`: the reflections' "Private" badge, said once per
#: exercise whose writing is never shared, before its first box.
PRIVATE = "Private: what you write here is never shared."


def private_mark() -> w.HTML:
    """One line saying the exercise below stays private (``.interdep-private``, the badge
    the reflections wear), so nobody has to guess before writing."""
    return shared.html(f'<div class="interdep-muted interdep-private-mark">'
                       f'<span class="interdep-private">{esc(PRIVATE)}</span></div>')


def muted(text: str, margin: str = "0") -> w.HTML:
    """A quiet line of help (escaped), indented by ``margin`` to sit under a field."""
    return shared.html(
        f'<div class="interdep-muted" style="margin-left:{margin}">{esc(text)}</div>')


def wide() -> w.Layout:
    """A fresh layout each time, for a widget that is shown and hidden on its own (a shared
    one refuses the change: ``shared.layout(width="95%")`` for one that never is)."""
    return w.Layout(width="95%")


def model_of(session, kind: type[M]) -> M:
    """The session's model, checked to be the step's own (a view built for another step
    fails here, plainly, not deep inside)."""
    model = session.model
    if not isinstance(model, kind):
        raise TypeError(f"{session.step.id} has no {kind.__name__}")
    return model


def status_line() -> w.HTML:
    """An empty line for what just happened ("Saved."), written with :func:`say`. It keeps
    the room of one line while it is empty (``.interdep-status-line`` in ``style.py``), so
    the page under it does not jump down when "Saved." appears, nor back when it goes."""
    return shared.html("", _dom_classes=(STATUS_LINE,))


#: The class of a :func:`status_line`.
STATUS_LINE = "interdep-status-line"


def say(area: w.HTML, message: str, problem: bool = False) -> None:
    kind = "interdep-notice" if problem else "interdep-muted"
    area.value = f'<div class="{kind}" role="status">{esc(message)}</div>' if message else ""


class PickOne(w.VBox):
    """A drop-down to pick one of the participant's own entries (or none), saved at once,
    observing the step's model.

    ``options()`` gives (label, id) pairs, ``chosen()`` the saved entry or None, ``save(id)``
    stores a choice (through the model, which tells every other cell), ``count()`` how many
    entries there are to pick from, ``saying(entry)`` the sentence shown under a choice.
    Parts: ``choice``, ``note``, ``errors``.
    """

    def __init__(self, session, part_id: str, *, options: Callable[[], list[tuple[str, Any]]],
                 chosen: Callable[[], Any], save: Callable[[Any], None],
                 count: Callable[[], int], saying: Callable[[Any], str]):
        self.part = part_text(session, part_id)
        self._options, self._chosen, self._save, self._count, self._saying = (
            options, chosen, save, count, saying)
        self.choice = w.Dropdown(description=self.part["label"],
                                 style=shared.description_style(description_width="initial"),
                                 layout=shared.layout(width="95%"))
        self.note, self.errors = status_line(), error_area()
        super().__init__([style(), heading(self.part), self.choice, self.note, self.errors],
                         layout=shared.layout())
        self._filling = False
        self.choice.observe(guarded(self.errors)(self._on_choice), names="value")
        self.fill()
        self._stop = session.model.observe(self.refresh, slot=part_id)

    def refresh(self) -> None:
        guarded(self.errors)(self.fill)()

    def fill(self) -> None:
        """The options and the saved choice, read now (the list is left alone when it has
        not changed, so a keyboard user keeps their place)."""
        self._filling = True
        try:
            options = [(self.part["none"], None), *self._options()]
            if list(self.choice.options) != options:
                self.choice.options = options
            current = self.current()
            if current is None:  # value None alone leaves the box blank: show "Not chosen yet"
                self.choice.index = 0
            else:
                self.choice.value = current
        finally:
            self._filling = False
        say(self.note, self.describe())

    def current(self) -> Any:
        """The saved choice's id, or None."""
        picked = self._chosen()
        return picked["id"] if picked else None

    def describe(self) -> str:
        """The part's ``empty`` words while there is nothing to pick; "" while nothing is
        picked; else what ``saying`` says of the choice."""
        if not self._count():
            return self.part["empty"]
        picked = self._chosen()
        if picked is None:
            return ""
        return self._saying(picked)

    def _on_choice(self, change: Mapping) -> None:
        if self._filling:
            return
        self._save(change["new"])  # the model tells every view, this one included

"""ONE editor for a list of the participant's entries: add, change, remove, and undo a remove.

A step subclasses :class:`ListEditor` for its :class:`~interdependence.exercises.keyed_list.
KeyedList` and supplies only what differs: the form's widgets (``form``), how to read and
fill them (:meth:`ListEditor.read_form`, :meth:`ListEditor.fill_form`,
:meth:`ListEditor.clear_form`), how one row reads (:meth:`ListEditor.describe`, with the
participant's words escaped), the order of the rows (:meth:`ListEditor.ordered`) and its
words (the step YAML's part, see :data:`WORDS`).

The editor observes the model: whichever cell changes the list, every editor and chart
showing it redraws. See ``exercises/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w

from .. import palette
from ..exercises.keyed_list import Entry, KeyedList, Removed
from ..exercises.model import ExerciseError, ExerciseModel
from . import shared
from .exercise_parts import say, status_line
from .guard import error_area, guarded
from .style import esc, style

#: The words of an editor; a step overrides any of them in its YAML part (same keys).
#: ``added``, ``changed``, ``editing`` and ``removed`` are formatted with
#: :meth:`ListEditor.word_values`: ``{text}`` is the plain words :meth:`ListEditor.name` gives.
WORDS: Mapping[str, str] = {
    "add": "Add", "save_changes": "Save changes", "cancel": "Cancel changing",
    "undo": "Undo", "change": "Change", "remove": "Remove", "noun": "entry",
    "added": "Added and saved.", "changed": "Your changes are saved.",
    "editing": "Change it above, then press Save changes.",
    "unchanged": "Nothing was changed.", "removed": "Removed “{text}”.",
    "already_removed": "That was already removed.", "restored": "It is back on your list.",
    "empty": "Nothing here yet. Whatever you add appears here.",
}


#: The longest entry a row's tooltip names in full (a longer one ends in "…").
TIP_WORDS = 80


def count_heading(title: str, count: int) -> str:
    """The title over a list with how many it holds ("My scripts (3):"); "" for none."""
    return f"<b>{esc(title)} ({count}):</b>" if count else ""

class ListEditor(w.VBox):
    """Add / change / remove-with-undo over ``items``, a KeyedList of ``model``.

    Parts (attributes, for the notebook and for tests): ``save_button`` (adds, or saves the
    entry being changed), ``cancel_button``, ``undo_button``, ``message`` (what just
    happened, or what is wrong with the input), ``errors`` (a failure of the kit itself,
    via ``guarded``), ``listing`` (the box of rows) and ``rows``: one HBox per entry with
    ``entry_id``, ``label``, ``edit_button`` and ``remove_button``. State: ``editing`` (the
    id being changed, or None) and ``removed`` (what undo would put back).
    """

    #: A subclass makes all its own widgets BEFORE calling ``super().__init__``: the editor
    #: draws itself at the end of ``__init__``, through the subclass's ``render``.

    def __init__(self, model: ExerciseModel, items: KeyedList, *, slot: str,
                 form: Sequence[w.Widget], words: Mapping[str, Any] | None = None,
                 above: Sequence[w.Widget] = (), below: Sequence[w.Widget] = (),
                 classes: Sequence[str] = ()):
        self.model, self.items = model, items
        self.words = {**WORDS, **{k: v for k, v in (words or {}).items() if k in WORDS}}
        self.editing: str | None = None
        self.form_widgets = list(form)
        self.removed: Removed | None = None
        self.rows: list[w.HBox] = []
        self._shown: list[tuple[str, str, str]] | None = None  # (id, row html, name) as drawn
        self.save_button = shared.button(description=self.words["add"], icon="plus",
                                         button_style="primary",
                                         tooltip=self.words["add"])
        self.cancel_button = shared.button(description=self.words["cancel"],
                                           tooltip=self.words["cancel"],
                                           layout=shared.layout(width="auto", display="none"))
        self.undo_button = shared.button(description=self.words["undo"], icon="undo",
                                         tooltip=f"Put the removed {self.words['noun']} back",
                                         layout=shared.layout(width="auto", display="none"))
        self.message, self.errors, self.listing = status_line(), error_area(), shared.vbox([])
        super().__init__([style(), *above, *form,
                          shared.hbox([self.save_button, self.cancel_button]),
                          shared.hbox([self.message, self.undo_button]), self.errors, *below,
                          self.listing], layout=shared.layout(),
                         _dom_classes=("interdep-list-editor", *classes))
        self.save_button.on_click(self.guard(lambda _b: self.save()))
        self.cancel_button.on_click(self.guard(lambda _b: self.cancel()))
        self.undo_button.on_click(self.guard(lambda _b: self.undo()))
        self._stop = model.observe(self.refresh, slot=slot)
        self._reset_form()
        self.render()

    # ---- what a step supplies ----------------------------------------------------------

    def read_form(self) -> dict[str, Any]:
        """The values typed into the form, as ``items.add``/``update`` take them."""
        raise NotImplementedError

    def fill_form(self, entry: Entry) -> None:
        """Show ``entry`` in the form, to change it."""
        raise NotImplementedError

    def clear_form(self) -> None:
        raise NotImplementedError

    def describe(self, entry: Entry) -> str:
        """One row as HTML; escape every word the participant wrote (``esc``)."""
        raise NotImplementedError

    def name(self, entry: Entry) -> str:
        """The entry in a few plain words, for "Removed …" (shown escaped)."""
        return str(entry.get("text", self.words["noun"]))

    def row_tips(self) -> tuple[str, str]:
        """The first words of a row's Change and Remove tooltips; a step may say them its
        own way (02: "Open in the form below")."""
        return self.words["change"], self.words["remove"]

    def row_tip(self, action: str, entry: Entry) -> str:
        """A row button's tooltip, which is also what a screen reader says after the button's
        word: the action and the entry it acts on ("Change: Ask Sam for a lift"). Without the
        entry a list sounded like "Change, Change, Change"."""
        words = " ".join(self.name(entry).split())
        if len(words) > TIP_WORDS:
            words = words[: TIP_WORDS - 1].rstrip() + "…"
        return f"{action}: {words}" if words else action

    def word_values(self, entry: Entry) -> dict[str, Any]:
        """What the words about one entry (``added``, ``changed``, ``editing``, ``removed``)
        may name: ``{text}``; a step adds its own (04: ``{name}``, ``{circle}``)."""
        return {"text": self.name(entry)}

    def ordered(self, entries: list[Entry]) -> list[Entry]:
        """The rows in the order shown; by default the order they were added."""
        return entries

    def first_field(self) -> w.Widget | None:
        """The box that takes the keyboard when a row's Change is pressed: by default the
        form's first text box (or drop-down), looked for inside boxes too."""
        return _first_field(self.form_widgets)

    # ---- actions (each button calls one, through ``guard``) ------------------------------

    def guard(self, action: Callable[..., Any]) -> Callable[..., Any]:
        """``action`` with its failures shown in ``errors`` (see ``views/guard.guarded``)."""
        return guarded(self.errors)(action)

    def change(self, entry_id: str) -> None:
        """A row's Change: open the entry in the form, and move the keyboard focus to the
        form's first box. The browser scrolls that box into view: the form sits far from
        the row on a phone (above a long list, or under it), and without this the page
        stayed on the list and the words being changed were off the screen."""
        self.start_edit(entry_id)
        target = self.first_field() if self.editing == entry_id else None
        if target is not None:
            target.focus()

    def start_edit(self, entry_id: str) -> None:
        entry = self.items.find(entry_id)
        if entry is None:
            say(self.message, self.words["already_removed"])
            return
        self.editing = entry_id
        self.fill_form(entry)
        self.save_button.description, self.save_button.icon = self.words["save_changes"], "check"
        self.save_button.tooltip = self.words["save_changes"]
        shared.display(self.cancel_button, True)
        say(self.message, self.words["editing"].format(**self.word_values(entry)))

    def save(self) -> Entry | None:
        """Add what the form holds, or save the entry being changed; a problem with the
        input is said in ``message`` and the form keeps what was typed."""
        try:
            if self.editing:
                entry = self.items.update(self.editing, self.read_form())
                done = self.words["changed"].format(**self.word_values(entry))
            else:
                entry = self.items.add(self.read_form())
                done = self.words["added"].format(**self.word_values(entry))
        except ExerciseError as exc:
            say(self.message, str(exc), problem=True)
            return None
        self._reset_form()
        self._forget_removed()
        say(self.message, done)
        return entry

    def cancel(self) -> None:
        self._reset_form()
        say(self.message, self.words["unchanged"])

    def remove(self, entry_id: str) -> None:
        entry = self.items.find(entry_id)
        removed = self.items.remove(entry_id)
        if removed is None or entry is None:
            say(self.message, self.words["already_removed"])
            return
        self.removed = removed
        shared.display(self.undo_button, True)
        if self.editing == entry_id:
            self._reset_form()
        say(self.message, self.words["removed"].format(**self.word_values(entry)))

    def undo(self) -> None:
        if self.removed is not None:
            try:
                self.items.restore(self.removed)
            except ExerciseError as exc:
                say(self.message, str(exc), problem=True)
                return
            say(self.message, self.words["restored"])
        self._forget_removed()

    # ---- drawing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Redraw after any change of the model (from this cell or another one)."""
        self.guard(self.render)()

    def render(self) -> None:
        """The rows, read from the journal now. An entry being changed that another cell
        removed leaves the form."""
        entries = self.items.items()
        if self.editing and not any(e["id"] == self.editing for e in entries):
            self._reset_form()
        shown = [(entry["id"], self.describe(entry), self.name(entry))
                 for entry in self.ordered(entries)]
        if shown == self._shown:
            return  # nothing on the rows changed (a save elsewhere in the step): keep them,
            # and the keyboard focus on them
        self._shown = shown
        by_id = {entry["id"]: entry for entry in entries}
        self.rows = [self._row(entry_id, html, by_id[entry_id]) for entry_id, html, _ in shown]
        self.listing.children = self.rows or [
            shared.html(f'<div class="interdep-muted">{esc(self.words["empty"])}</div>')]

    def _row(self, entry_id: str, html: str, entry: Entry) -> w.HBox:
        change_tip, remove_tip = self.row_tips()
        label = shared.html(html, layout=shared.layout(flex="1 1 auto", width="auto"))
        edit = shared.button(description=self.words["change"], icon="pencil",
                             tooltip=self.row_tip(change_tip, entry), layout=_button_layout())
        remove = shared.button(description=self.words["remove"], icon="trash",
                               tooltip=self.row_tip(remove_tip, entry), layout=_button_layout())
        edit.on_click(self.guard(lambda _b, i=entry_id: self.change(i)))
        remove.on_click(self.guard(lambda _b, i=entry_id: self.remove(i)))
        row = shared.hbox([label, edit, remove], layout=shared.layout(
            border_bottom=f"1px solid {palette.RULE}", padding="3px 0", align_items="center"))
        row.add_class("interdep-record-row")  # on a phone, its buttons under its words
        row.entry_id, row.label, row.edit_button, row.remove_button = (
            entry_id, label, edit, remove)
        return row

    def _reset_form(self) -> None:
        self.clear_form()
        self.editing = None
        self.save_button.description, self.save_button.icon = self.words["add"], "plus"
        self.save_button.tooltip = self.words["add"]
        shared.display(self.cancel_button, False)

    def _forget_removed(self) -> None:
        self.removed = None
        shared.display(self.undo_button, False)


#: What ``first_field`` may give the keyboard to (their front-ends focus the box itself).
_FOCUSABLE = (w.Text, w.Textarea, w.Dropdown, w.IntText, w.FloatText)


def _first_field(widgets: Sequence[w.Widget]) -> w.Widget | None:
    for widget in widgets:
        if isinstance(widget, _FOCUSABLE):
            return widget
        found = _first_field(getattr(widget, "children", ()))
        if found is not None:
            return found
    return None


def _button_layout() -> w.Layout:
    # never squeezed by a long entry: the text wraps instead
    return shared.layout(width="auto", min_width="fit-content", flex="0 0 auto")

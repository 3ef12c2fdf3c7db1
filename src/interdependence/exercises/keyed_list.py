"""An ordered list of the participant's entries under one journal key: add, change, remove,
and undo a remove. Every exercise with a list (asks, people, disclosures, tasks, scripts,
moments, records) uses one of these instead of writing the same five functions again.

Each entry is a dict with an ``"id"``. The list belongs to a model
(:class:`~interdependence.exercises.model.ExerciseModel`); each change is ONE journal write
(:meth:`ExerciseModel.save`) and then tells the model's observers.

*Links* are other keys of the same step that hold data about one entry:

- ``id_links``: keys holding the id of one entry, or None (step 03's ``chosen``, step 04's
  ``move_closer``). Removing that entry sets the key to None; undo sets it back.
- ``dict_links``: keys holding ``{entry id: data}`` (step 03's ``outcomes``). Removing the
  entry takes its data out; undo puts it back.

The entry, its place and its links change together, in the same write, or not at all.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import ExerciseError, ExerciseModel

Entry = dict[str, Any]
#: ``clean(values, others)``: check what the participant typed against the other entries
#: and return the fields to store (without "id"); raise the step's ExerciseError if it
#: cannot be saved.
Clean = Callable[[dict[str, Any], list[Entry]], dict[str, Any]]


@dataclass(frozen=True)
class Removed:
    """What :meth:`KeyedList.restore` needs to undo a remove."""

    entry: Entry
    index: int
    picked: tuple[str, ...] = ()  # id_links that pointed at the entry
    notes: dict[str, Any] = field(default_factory=dict)  # dict_links key -> the entry's data


@dataclass(frozen=True)
class ListRules:
    """What one list allows, and what it says when it cannot (the step's own words).

    ``full`` and ``full_again`` are formatted with ``maximum``; ``error`` is the step's
    ExerciseError subclass, ``full_error`` the one raised when the list is full.
    ``recheck_restore``: undo checks the entry with ``clean`` again, against the entries on
    the list now, and refuses with the step's error (step 04: a person of the same name
    added since the remove).
    ``defaults``: fields a new entry starts with, under what ``clean`` returns (step 06: a
    new task is not decided yet, ``{"decision": None}``); changes keep what is stored.
    """

    prefix: str
    clean: Clean
    maximum: int | None = None
    full: str = ("This list already has {maximum} entries. To add a new one, remove or "
                 "change one first.")
    full_again: str = ("The list has {maximum} entries again, so the removed one cannot come "
                       "back. Remove another first if you would like it back.")
    gone: str = "That entry is no longer on your list."
    error: type[ExerciseError] = ExerciseError
    full_error: type[ExerciseError] | None = None
    id_links: Sequence[str] = ()
    dict_links: Sequence[str] = ()
    recheck_restore: bool = False
    defaults: Mapping[str, Any] = field(default_factory=dict)


class KeyedList:
    """The entries under ``model``'s journal key ``key``, kept by ``rules``."""

    def __init__(self, model: ExerciseModel, key: str, rules: ListRules):
        self.model, self.key, self.rules = model, key, rules

    # ---- reading (always from the journal) ---------------------------------------------

    def _stored(self) -> list[Any]:
        value = self.model.read(self.key, [])
        return value if isinstance(value, list) else []

    def items(self) -> list[Entry]:
        """The entries in the order they were added; damaged ones (not a dict with an id)
        are skipped, never a reason to fail."""
        return [e for e in self._stored() if _is_entry(e)]

    def __len__(self) -> int:
        return len(self.items())

    def find(self, entry_id: Any) -> Entry | None:
        if entry_id is None:
            return None
        return next((e for e in self.items() if e["id"] == entry_id), None)

    def ids(self) -> list[str]:
        return [e["id"] for e in self.items()]

    # ---- changing (one journal write each) ---------------------------------------------

    def add(self, values: dict[str, Any]) -> Entry:
        """Check and store a new entry at the end; refuses one beyond the maximum."""
        stored = self._stored()
        current = [e for e in stored if _is_entry(e)]
        maximum = self.rules.maximum
        if maximum is not None and len(current) >= maximum:
            raise self._full_error(self.rules.full.format(maximum=maximum))
        entry = {"id": self._new_id(current), **self.rules.defaults,
                 **self.rules.clean(dict(values), current)}
        self.model.save({self.key: [*stored, entry]})
        return entry

    def update(self, entry_id: str, values: dict[str, Any]) -> Entry:
        """Check and store new values for one entry, in its place."""
        stored = self._stored()
        index = self._index(stored, entry_id)
        if index is None:
            raise self.rules.error(self.rules.gone)
        others = [e for e in stored if _is_entry(e) and e["id"] != entry_id]
        entry = {**stored[index], **self.rules.clean(dict(values), others), "id": entry_id}
        stored[index] = entry
        self.model.save({self.key: stored})
        return entry

    def remove(self, entry_id: str) -> Removed | None:
        """Take an entry and its links away; None if it was not there (already removed)."""
        stored = self._stored()
        index = self._index(stored, entry_id)
        if index is None:
            return None
        entry = stored.pop(index)
        changes: dict[str, Any] = {self.key: stored}
        picked = tuple(k for k in self.rules.id_links if self.model.read(k) == entry_id)
        changes.update({k: None for k in picked})
        notes: dict[str, Any] = {}
        for key in self.rules.dict_links:
            data = _as_dict(self.model.read(key, {}))
            if entry_id in data:
                notes[key] = data.pop(entry_id)
                changes[key] = data
        self.model.save(changes)
        return Removed(entry=entry, index=index, picked=picked, notes=notes)

    def restore(self, removed: Removed) -> Entry:
        """Undo :meth:`remove`: the entry at its old place, its picks and its notes back."""
        stored = self._stored()
        entry = removed.entry
        if self._index(stored, entry["id"]) is not None:
            return entry  # already back (undo pressed in another cell)
        maximum = self.rules.maximum
        if maximum is not None and sum(map(_is_entry, stored)) >= maximum:
            raise self._full_error(self.rules.full_again.format(maximum=maximum))
        if self.rules.recheck_restore:
            self.rules.clean({k: v for k, v in entry.items() if k != "id"},
                             [e for e in stored if _is_entry(e)])
        stored.insert(min(removed.index, len(stored)), entry)
        changes: dict[str, Any] = {self.key: stored}
        changes.update({k: entry["id"] for k in removed.picked if self.model.read(k) is None})
        for key, note in removed.notes.items():
            data = _as_dict(self.model.read(key, {}))
            data[entry["id"]] = note
            changes[key] = data
        self.model.save(changes)
        return entry

    # ---- helpers ------------------------------------------------------------------------

    def _full_error(self, message: str) -> ExerciseError:
        return (self.rules.full_error or self.rules.error)(message)

    @staticmethod
    def _index(stored: list[Any], entry_id: Any) -> int | None:
        return next((i for i, e in enumerate(stored) if _is_entry(e) and e["id"] == entry_id),
                    None)

    def _new_id(self, current: list[Entry]) -> str:
        """A short random id no entry, and no link's leftover data, uses."""
        taken = {e["id"] for e in current}
        for key in self.rules.dict_links:
            taken |= set(_as_dict(self.model.read(key, {})))
        while True:
            entry_id = self.rules.prefix + secrets.token_hex(3)
            if entry_id not in taken:
                return entry_id


def _is_entry(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("id"), str)


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}

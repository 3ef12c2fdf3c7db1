"""Frozen records: what ``@dataclass(frozen=True)`` gives, for a fraction of its cost to define.

A frozen dataclass writes the source of six methods and compiles it (``exec``) when its
``class`` statement runs: about 0.6 ms a class, every time a kernel starts. The welcome
notebook's first cell defined eleven of them, 6 ms of a cold start whose aim is 28 ms beyond
``import ipywidgets`` (issue 14, item 4). A :class:`Record` subclass declares its fields as a
dataclass does (annotations, in order, the ones with a default last) and behaves the same:
made by position or keyword, a ``repr`` naming every field, equal to a record of the same
class with equal fields, hashable, never changed once made
(``dataclasses.FrozenInstanceError``), and its ``__post_init__``, if any, run once the fields
are set. mypy reads it as a frozen dataclass (``typing.dataclass_transform``).

A default is one value shared by every record that takes it, so it must be immutable: a
tuple, a ``frozenset``, a ``MappingProxyType``, another record (a dataclass would insist on
``field(default_factory=...)`` for those; none is needed here).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import Any, ClassVar, dataclass_transform


@dataclass_transform(frozen_default=True)
class Record:
    """A frozen record; subclass it and annotate the fields."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [name for name, kind in cls.__dict__.get("__annotations__", {}).items()
               if "ClassVar" not in str(kind)]
        fields = cls._fields + tuple(name for name in own if name not in cls._fields)
        defaults = {**cls._defaults, **{name: cls.__dict__[name] for name in own
                                        if name in cls.__dict__}}
        first = next((i for i, name in enumerate(fields) if name in defaults), len(fields))
        late = [name for name in fields[first:] if name not in defaults]
        if late:
            raise TypeError(f"{cls.__name__}: the field {late[0]!r} has no default but comes "
                            "after one that has")
        cls._fields, cls._defaults = fields, defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        name = type(self).__name__
        if len(args) > len(self._fields):
            raise TypeError(f"{name}() takes {len(self._fields)} arguments, "
                            f"{len(args)} were given")
        values = dict(zip(self._fields, args, strict=False))  # fewer args: defaults or keywords
        for key, value in kwargs.items():
            if key not in self._fields:
                raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
            if key in values:
                raise TypeError(f"{name}() got multiple values for argument {key!r}")
            values[key] = value
        state = self.__dict__
        for key in self._fields:
            if key in values:
                state[key] = values[key]
            elif key in self._defaults:
                state[key] = self._defaults[key]
            else:
                raise TypeError(f"{name}() missing a required argument: {key!r}")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:  # checks, as a dataclass's __post_init__
            post_init()

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[key] for key in self._fields)

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={self.__dict__[key]!r}" for key in self._fields)
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

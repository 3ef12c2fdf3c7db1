"""Let a chart in one cell redraw itself when an exercise in another cell saves.

An exercise view calls ``changed(journal, topic)`` after it saves; a chart view registers
``listen(journal, topic, redraw)``. Only the newest few charts per topic are kept, so a cell
re-run many times does not pile up redraws of charts nobody sees. Re-running the chart cell
always works too; this only saves the participant that step.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

KEEP = 3
_listeners: list[tuple[weakref.ref, str, Callable[[], None]]] = []


def listen(journal, topic: str, redraw: Callable[[], None]) -> None:
    _listeners[:] = [entry for entry in _listeners if entry[0]() is not None]
    _listeners.append((weakref.ref(journal), topic, redraw))
    same = [e for e in _listeners if e[0]() is journal and e[1] == topic]
    for old in same[:-KEEP]:
        _listeners.remove(old)


def changed(journal, topic: str) -> None:
    for ref, name, redraw in list(_listeners):
        if name == topic and ref() is journal:
            redraw()

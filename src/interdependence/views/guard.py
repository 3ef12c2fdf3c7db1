"""Errors shown next to the widget that failed, in words, never lost in the log console.

Every widget callback goes through :func:`guarded`: an expected failure (a journal that
cannot be written, say) is said plainly in the widget's error area; anything else is shown
with a short traceback to pass on, logged, and recorded in :data:`CALLBACK_ERRORS` so a test
that triggered it fails even though the notebook survived.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeAlias

import ipywidgets as w

from ..journal import JournalError
from . import shared
from .style import esc

log = logging.getLogger(__name__)

#: Every error a callback met, newest last. Tests assert this stays empty.
CALLBACK_ERRORS: list[BaseException] = []


def error_area() -> w.HTML:
    """A hidden place under a widget where its errors will be said."""
    return shared.html("", layout=shared.layout(display="none"))


class LaterErrorArea:
    """An error area made only when there is an error to say (issue 14, item 4).

    Nearly every error area stays empty and hidden for good, yet each was a widget to build
    when the page opened: fifteen of the welcome page's. This one is a place kept at the end
    of a box (:func:`place`): the first :func:`show_error` makes the hidden area's widget
    (``widget``) and adds it there, where :func:`error_area` would have been, after the box's
    other children and before any later area of the same box. ``value`` is what it says
    (``""`` until then); :func:`clear_error` before that does nothing.
    """

    def __init__(self) -> None:
        self.widget: w.HTML | None = None
        self.box: w.Box | None = None
        self.after: tuple[LaterErrorArea, ...] = ()  # the box's areas placed before this one

    @property
    def value(self) -> str:
        return self.widget.value if self.widget is not None else ""

    def made(self) -> w.HTML:
        """The area's widget, made and added to its box if it is not yet."""
        if self.widget is None:
            if self.box is None:
                raise RuntimeError("an error area was never placed in a box (guard.place)")
            self.widget = error_area()
            children = list(self.box.children)
            later = [a.widget for a in _placed(self.box) if self in a.after and a.widget]
            at = min((children.index(x) for x in later if x in children), default=len(children))
            children.insert(at, self.widget)
            self.box.children = tuple(children)
        return self.widget


class OwnErrorArea:
    """The error area of a widget that draws its own (``choices.Rating``): the words go in
    its ``error`` trait, and the widget shows them under itself with ``role="alert"``; ""
    hides them. No widget to make, none to place (issue 14, item 4)."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget

    @property
    def value(self) -> str:
        return str(self.widget.error)


def _placed(box: w.Box) -> list[LaterErrorArea]:
    return box.__dict__.get("_later_error_areas", [])


def place(box: w.Box, *areas: LaterErrorArea) -> None:
    """Keep ``areas``' places at the end of ``box``, in this order."""
    placed = box.__dict__.setdefault("_later_error_areas", [])
    for area in areas:
        area.box, area.after = box, tuple(placed)
        placed.append(area)


Area: TypeAlias = "w.HTML | LaterErrorArea | OwnErrorArea"


def show_error(area: Area, message: str) -> None:
    if isinstance(area, OwnErrorArea):
        area.widget.error = message
        return
    if isinstance(area, LaterErrorArea):
        area = area.made()
    area.value = f'<div class="interdep-error" role="alert">{esc(message)}</div>'
    shared.display(area, True)


def clear_error(area: Area) -> None:
    if isinstance(area, OwnErrorArea):
        area.widget.error = ""
        return
    if isinstance(area, LaterErrorArea):
        if area.widget is None:
            return  # never shown: nothing to clear
        area = area.widget
    area.value = ""
    shared.display(area, False)


def guarded(area: Area) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a callback so a failure is shown in ``area`` and recorded, never lost."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                result = func(*args, **kwargs)
            except JournalError as exc:  # an expected failure: say it plainly
                CALLBACK_ERRORS.append(exc)
                show_error(area, str(exc))
                return None
            except Exception as exc:
                CALLBACK_ERRORS.append(exc)
                log.exception("widget callback failed")
                show_error(
                    area,
                    "Something went wrong here, and your last change may not be saved: "
                    f"{type(exc).__name__}: {exc}. Please tell your facilitator or open an "
                    "issue with this message.\n" + traceback.format_exc(limit=2),
                )
                return None
            clear_error(area)
            return result

        return wrapper

    return decorate

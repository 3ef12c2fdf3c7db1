"""Layouts and styles many widgets share, so a page builds fewer widgets (issue 14, item 4).

Every ipywidgets control makes a ``Layout`` widget and, for most, a style widget of its
own, even when both are left at their defaults: the welcome page built 224 widgets, 141 of
them layouts and styles, and building them was the largest part of its cold start. ipywidgets
lets several widgets share one layout or style (one model in the page, one view per widget),
so a widget that never changes its layout or style takes a shared one from here instead.

A shared layout or style is never changed once made: a change would change every widget
that shares it, so it raises. A widget whose layout changes later (a button shown only after
a question) keeps a ``w.Layout()`` of its own; an error area switches between two shared
layouts instead (``guard.py``). A shared widget that was closed (``Widget.close_all()``) is
made again on the next call.
"""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle


class _Frozen:
    """Raises on a change to a synced trait once built (what the page sees)."""

    _frozen = False

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._frozen = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen and name in self.keys:  # type: ignore[attr-defined]
            raise AttributeError(
                f"This {type(self).__name__} is shared by many widgets, so changing its "
                f"{name!r} would change them all. Give the widget a layout or style of its own "
                "(w.Layout(...)) if it needs to change.")
        super().__setattr__(name, value)


class SharedLayout(_Frozen, w.Layout):
    """A Layout shared by many widgets; it cannot be changed. ``made_with``: its traits."""

    made_with: dict[str, Any] = {}


class SharedHTMLStyle(_Frozen, HTMLStyle):
    """An HTML widget's style, shared; it cannot be changed."""


class SharedCheckboxStyle(_Frozen, CheckboxStyle):
    """A tick box's style, shared; it cannot be changed."""


class SharedButtonStyle(_Frozen, ButtonStyle):
    """A button's style, shared; it cannot be changed."""


class SharedTextStyle(_Frozen, TextStyle):
    """A text box's style, shared; it cannot be changed."""


class SharedDescriptionStyle(_Frozen, DescriptionStyle):
    """A drop-down's style, shared; it cannot be changed."""


class SharedToggleButtonStyle(_Frozen, ToggleButtonStyle):
    """A toggle button's style, shared; it cannot be changed."""


_W = TypeVar("_W", bound=w.Widget)
_made: dict[tuple[type, tuple[tuple[str, Any], ...]], w.Widget] = {}


def _shared(kind: type[_W], traits: dict[str, Any]) -> _W:
    key = (kind, tuple(sorted(traits.items())))
    made = _made.get(key)
    if made is None or made.comm is None:  # never made, or closed since
        made = _made[key] = kind(**traits)
        made.__dict__["made_with"] = dict(traits)
    return made


def layout(**traits: Any) -> SharedLayout:
    """The shared Layout with these traits (none: the default layout)."""
    return _shared(SharedLayout, traits)


def display(widget: w.DOMWidget, shown: bool) -> None:
    """Show or hide ``widget``. On a shared layout it moves to the shared layout that differs
    only in ``display`` (nothing is changed for the others); a layout of its own is changed."""
    value = None if shown else "none"
    own = widget.layout
    if isinstance(own, SharedLayout):
        widget.layout = layout(**{**{k: v for k, v in own.made_with.items() if k != "display"},
                                  **({} if shown else {"display": value})})
    else:
        own.display = value


def html_style() -> SharedHTMLStyle:
    return _shared(SharedHTMLStyle, {})


def checkbox_style() -> SharedCheckboxStyle:
    return _shared(SharedCheckboxStyle, {})


def button_style() -> SharedButtonStyle:
    return _shared(SharedButtonStyle, {})


def text_style(**traits: Any) -> SharedTextStyle:
    """The shared style of a text box (``description_width="initial"`` and the like)."""
    return _shared(SharedTextStyle, traits)


def description_style(**traits: Any) -> SharedDescriptionStyle:
    """The shared style of a drop-down (``description_width="initial"`` and the like)."""
    return _shared(SharedDescriptionStyle, traits)


def toggle_button_style() -> SharedToggleButtonStyle:
    return _shared(SharedToggleButtonStyle, {})


def html(value: str = "", **traits: Any) -> w.HTML:
    """An HTML widget on shared parts: the default layout unless ``layout`` is given."""
    traits.setdefault("layout", layout())
    return w.HTML(value, style=html_style(), **traits)


def vbox(children: Any = (), **traits: Any) -> w.VBox:
    """A VBox on the shared default layout unless ``layout`` is given."""
    traits.setdefault("layout", layout())
    return w.VBox(list(children), **traits)


def hbox(children: Any = (), **traits: Any) -> w.HBox:
    """An HBox on the shared default layout unless ``layout`` is given."""
    traits.setdefault("layout", layout())
    return w.HBox(list(children), **traits)


def button(**traits: Any) -> w.Button:
    """A Button on a shared style, and the shared layout ``width="auto"`` unless ``layout``
    is given (a button whose layout changes later passes its own)."""
    traits.setdefault("layout", layout(width="auto"))
    return w.Button(style=button_style(), **traits)


def checkbox(**traits: Any) -> w.Checkbox:
    """A tick box on a shared style, and the shared layout ``width="auto"`` unless given."""
    traits.setdefault("layout", layout(width="auto"))
    return w.Checkbox(style=checkbox_style(), **traits)

"""Layouts and styles many widgets share, so a page builds fewer widgets (issue 14, item 4).

Every ipywidgets control makes a ``Layout`` widget and, for most, a style widget of its
own, even when both are left at their defaults: the welcome page built 224 widgets, 141 of
them layouts and styles, and building them was the largest part of its cold start. ipywidgets
lets several widgets share one layout or style (one model in the page, one view per widget),
so a widget that never changes its layout or style takes a shared one from here instead.

A shared layout or style is never changed once made: a change would change every widget
that shares it, so it raises (``is_shared`` tells one apart). A widget whose layout changes
later (a button shown only after a question) keeps a ``w.Layout()`` of its own; an error
area switches between two shared layouts instead (``guard.py``). A shared widget that was
closed (``Widget.close_all()``) is made again on the next call.
"""

from __future__ import annotations

from typing import Any, TypeVar

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

_W = TypeVar("_W", bound=w.Widget)


def _refuse(widget: w.Widget, name: str) -> Any:
    def refuse(_owner: Any, _proposal: Any) -> Any:
        raise AttributeError(
            f"This {type(widget).__name__} is shared by many widgets, so changing its "
            f"{name!r} would change them all. Give the widget a layout or style of its own "
            "(w.Layout(...)) if it needs to change.")
    return refuse


def _freeze(widget: _W) -> _W:
    """Make every synced trait of ``widget`` refuse a change from now on (what the page sees).

    Per instance, through traitlets' cross-validation hook (what ``@t.validate`` registers),
    not a frozen subclass of each kind: defining a traitlets class costs about as much as
    building two widgets, and the welcome page would define six of them (issue 14, item 4).
    """
    for name in widget.keys:
        widget._register_validator(_refuse(widget, name), names=(name,))
    return widget


def is_shared(widget: w.Widget) -> bool:
    """True for a layout or style made here (shared, never changed)."""
    return "made_with" in widget.__dict__


_made: dict[tuple[type, tuple[tuple[str, Any], ...]], w.Widget] = {}


def _shared(kind: type[_W], traits: dict[str, Any]) -> _W:
    key = (kind, tuple(sorted(traits.items())))
    made = _made.get(key)
    if made is None or made.comm is None:  # never made, or closed since
        made = _made[key] = _freeze(kind(**traits))
        made.__dict__["made_with"] = dict(traits)
    return made


def layout(**traits: Any) -> w.Layout:
    """The shared Layout with these traits (none: the default layout)."""
    return _shared(w.Layout, traits)


def display(widget: w.DOMWidget, shown: bool) -> None:
    """Show or hide ``widget``. On a shared layout it moves to the shared layout that differs
    only in ``display`` (nothing is changed for the others); a layout of its own is changed."""
    value = None if shown else "none"
    own = widget.layout
    if is_shared(own):
        made_with = own.__dict__["made_with"]
        widget.layout = layout(**{**{k: v for k, v in made_with.items() if k != "display"},
                                  **({} if shown else {"display": value})})
    else:
        own.display = value


def html_style() -> HTMLStyle:
    return _shared(HTMLStyle, {})


def checkbox_style() -> CheckboxStyle:
    return _shared(CheckboxStyle, {})


def button_style() -> ButtonStyle:
    return _shared(ButtonStyle, {})


def text_style(**traits: Any) -> TextStyle:
    """The shared style of a text box (``description_width="initial"`` and the like)."""
    return _shared(TextStyle, traits)


def description_style(**traits: Any) -> DescriptionStyle:
    """The shared style of a drop-down (``description_width="initial"`` and the like)."""
    return _shared(DescriptionStyle, traits)


def toggle_button_style() -> ToggleButtonStyle:
    return _shared(ToggleButtonStyle, {})


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

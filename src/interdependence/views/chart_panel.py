"""A chart cell that draws an exercise's data, or a kind sentence when there is none yet.

Used by the exercise views: a step subclasses :class:`ModelChart`. The chart redraws when
its cell is run again, and whenever the step's model changes (from any cell).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from . import shared
from .guard import error_area, guarded
from .style import esc, style


class ModelChart(w.VBox):
    """A chart of a step's model that redraws
    whenever the model changes (from any cell). A step subclasses it and supplies
    :meth:`read` (the chart's data, from the model) and :meth:`draw` (figure and caption).

    Parts: ``picture``, ``errors``; after each drawing ``data`` and ``caption`` (for tests
    and reports). The picture is a ``<picture>``: ``draw(data)`` on a wide screen and
    ``draw(data, phone=True)``, the phone layout, on a narrow one. In a live kernel the phone
    layout is drawn once the kernel is idle (:data:`WHEN_IDLE`), so a change, or Run All,
    shows as fast as the wide figures draw. It draws again only when :meth:`read` gives
    other data than it drew (a save of another part of the step leaves the picture alone),
    so :meth:`draw` must depend on the data alone. ``part`` is the exercise part from the
    step YAML (``help``, ``empty``).
    """

    children: tuple[Any, ...]  # the VBox's trait, typed here: ipywidgets has no types

    def __init__(self, session, part_id: str):
        from .exercise_parts import part_text

        self.session, self.model = session, session.model
        self.part = part_text(session, part_id)
        self.picture, self.errors = shared.html(""), error_area()
        self.data: Any = None
        self.caption = ""
        self._phone_later: Any = None  # the phone layout's drawing, while it waits its turn
        super().__init__([style(), shared.html(f'<div class="interdep-muted">'
                                               f'{esc(self.part["help"])}</div>'),
                          self.picture, self.errors], layout=shared.layout(),
                         _dom_classes=("interdep-chart-panel",))
        self.redraw()
        self._stop = self.model.observe(self.redraw, slot=part_id)

    def read(self) -> Any:
        raise NotImplementedError

    def draw(self, data: Any, phone: bool = False) -> tuple[Any, str]:
        """A figure of ``data`` and its caption; ``phone``: the narrow phone layout (same
        caption, ``charts.style.PHONE_WIDTH`` wide)."""
        raise NotImplementedError

    def is_empty(self, data: Any) -> bool:
        return not data

    def empty_text(self, data: Any) -> str:
        """The sentence shown instead of an empty chart: the part's ``empty`` words, or one
        that depends on the data (08 says which answers are still missing)."""
        return str(self.part["empty"])

    def redraw(self) -> None:
        guarded(self.errors)(self._redraw)()

    def _redraw(self) -> None:
        from ..charts.render import empty_state_html, figure_markup, figure_png

        data = self.read()
        if self.picture.value and data == self.data:
            return  # a change elsewhere in the step: the picture on screen is still right
        self._cancel_phone()
        if self.is_empty(data):
            self.caption = self.empty_text(data)
            self.picture.value = empty_state_html(self.caption)
        else:
            fig, self.caption = self.draw(data)
            wide = figure_png(fig)
            self.picture.value = figure_markup(self.caption, wide)
            self._draw_phone(data, self.caption, wide)
        self.data = data

    def _draw_phone(self, data: Any, caption: str, wide: bytes) -> None:
        """Add the phone layout to the picture: at once outside a kernel, else once the
        kernel is idle (after the wide picture has gone to the page, and after the cells
        queued behind this one: Run All shows every cell first)."""
        from .autosave import kernel_loop

        def add() -> None:
            from ..charts.render import figure_markup, figure_png

            self._phone_later = None
            fig, _ = self.draw(data, phone=True)
            self.picture.value = figure_markup(caption, wide, figure_png(fig))

        loop = kernel_loop()
        if loop is None:
            guarded(self.errors)(add)()
        else:
            self._phone_later = WHEN_IDLE.add(loop, guarded(self.errors)(add))

    def _cancel_phone(self) -> None:
        """A newer drawing is on its way: the phone layout of the old one is never shown."""
        if self._phone_later is not None:
            self._phone_later.cancel()
            self._phone_later = None


class _Later:
    """One drawing waiting in :data:`WHEN_IDLE`; ``cancel()`` drops it."""

    def __init__(self, action: Callable[[], None]) -> None:
        self.action: Callable[[], None] | None = action

    def cancel(self) -> None:
        self.action = None


class WhenIdle:
    """Drawings kept until the kernel is idle: no cell has run for :attr:`quiet` seconds.
    They run one per turn of the kernel's loop, so a cell sent meanwhile goes first."""

    quiet = 0.25

    def __init__(self) -> None:
        self.waiting: list[_Later] = []
        self._timer: Any = None
        self._loop: Any = None
        self._seen: object = None

    def add(self, loop: Any, action: Callable[[], None]) -> _Later:
        later = _Later(action)
        if loop is not self._loop:  # a new kernel loop (tests run several): start afresh
            self.waiting, self._timer, self._loop = [], None, loop
        self.waiting.append(later)
        if self._timer is None:
            self._seen = _cells_run()
            self._timer = loop.call_later(self.quiet, self._turn, loop)
        return later

    def _turn(self, loop: Any) -> None:
        self.waiting = [later for later in self.waiting if later.action is not None]
        if not self.waiting:
            self._timer = None
            return
        if _cells_run() != self._seen:  # a cell ran meanwhile: wait for quiet again
            self._seen = _cells_run()
            self._timer = loop.call_later(self.quiet, self._turn, loop)
            return
        later = self.waiting.pop(0)
        action, later.action = later.action, None  # done: nothing left to cancel
        self._timer = loop.call_soon(self._turn, loop)
        if action is not None:
            action()


def _cells_run() -> object:
    """How many cells this kernel has run (changes whenever one runs)."""
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    return getattr(shell, "execution_count", None)


#: The phone layouts of every chart in this kernel, drawn when it is idle.
WHEN_IDLE = WhenIdle()


def drawn(size: tuple[float, float], chart: Callable[[Any, Any], Any],
          caption: Callable[[Any], str], data: Any, phone: bool = False) -> tuple[Any, str]:
    """A new figure of ``size`` with ``chart(ax, data)`` drawn on it, and ``caption(data)``:
    what most :meth:`ModelChart.draw` methods return. ``phone``: the figure is the phone
    layout's width and taller instead, unless ``size`` is already that narrow (``chart`` sees
    it with ``charts.style.is_phone``)."""
    from ..charts.style import PHONE_WIDTH, new_figure, phone_height

    if phone and size[0] > PHONE_WIDTH:  # a wide size: the phone layout's, made taller
        size = (PHONE_WIDTH, phone_height(size[1]))
    fig, ax = new_figure(*size)
    chart(ax, data)
    return fig, caption(data)

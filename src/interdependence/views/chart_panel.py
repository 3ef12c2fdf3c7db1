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
    ``draw(data, phone=True)``, the phone layout, on a narrow one. In a live kernel the
    layout the person's screen shows (:mod:`.viewport`; wide until the browser says) is drawn
    first and the other once the kernel is idle (:data:`WHEN_IDLE`), so a change, or Run All,
    shows as fast as one figure draws. Until then the other layout keeps its last picture,
    so a screen never shows the wrong layout or changes size twice. It draws again only
    when :meth:`read` gives other data than it drew (a save of another part of the step
    leaves the picture alone), so :meth:`draw` must depend on the data alone. ``part`` is
    the exercise part from the step YAML (``help``, ``empty``).
    """

    children: tuple[Any, ...]  # the VBox's trait, typed here: ipywidgets has no types

    def __init__(self, session, part_id: str):
        from .exercise_parts import part_text

        self.session, self.model = session, session.model
        self.part = part_text(session, part_id)
        self.picture, self.errors = shared.html(""), error_area()
        self.data: Any = None
        self.caption = ""
        self._later: Any = None  # the other layout's drawing, while it waits its turn
        self._pngs: dict[bool, bytes] = {}  # the last picture of each layout (phone: True)
        super().__init__([style(), shared.html(f'<div class="interdep-muted">'
                                               f'{esc(self.part["help"])}</div>'),
                          self.picture, self.errors], layout=shared.layout(),
                         _dom_classes=("interdep-chart-panel",))
        from .viewport import screen

        screen()  # ask the browser which layout it shows, before the first change
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
        from ..charts.render import empty_state_html, figure_png
        from .viewport import is_narrow

        data = self.read()
        if self.picture.value and data == self.data:
            return  # a change elsewhere in the step: the picture on screen is still right
        self._cancel_later()
        if self.is_empty(data):
            self.caption = self.empty_text(data)
            self.picture.value = empty_state_html(self.caption)
            self._pngs = {}
        else:
            phone = is_narrow()  # the layout on screen first
            fig, self.caption = self.draw(data, phone=phone)
            self._show(phone, figure_png(fig))
            self._draw_other(data, not phone)
        self.data = data

    def _show(self, phone: bool, png: bytes) -> None:
        """Put ``png`` in as the picture of one layout. The other keeps its last picture
        until it is drawn; on the first drawing there is none, and this one stands in for
        both."""
        from ..charts.render import figure_markup

        self._pngs[phone] = png
        wide = self._pngs.get(False, png)
        self.picture.value = figure_markup(self.caption, wide, self._pngs.get(True))

    def _draw_other(self, data: Any, phone: bool) -> None:
        """Draw the layout not on screen: at once outside a kernel, else once the kernel is
        idle (after the first picture has gone to the page, and after the cells queued
        behind this one: Run All shows every cell first)."""
        from .autosave import kernel_loop

        def add() -> None:
            from ..charts.render import figure_png

            self._later = None
            fig, _ = self.draw(data, phone=phone)
            self._show(phone, figure_png(fig))

        loop = kernel_loop()
        if loop is None:
            guarded(self.errors)(add)()
        else:
            self._later = WHEN_IDLE.add(loop, guarded(self.errors)(add))

    def _cancel_later(self) -> None:
        """A newer drawing is on its way: the other layout of the old one is never shown."""
        if self._later is not None:
            self._later.cancel()
            self._later = None


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

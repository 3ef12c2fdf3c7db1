"""A chart cell that draws an exercise's data, or a kind sentence when there is none yet.

Used by the exercise views: a step subclasses :class:`ModelChart`. The chart redraws when
its cell is run again, and whenever the step's model changes (from any cell).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from .guard import error_area, guarded
from .style import esc, style


class ModelChart(w.VBox):
    """A chart of a step's model that redraws
    whenever the model changes (from any cell). A step subclasses it and supplies
    :meth:`read` (the chart's data, from the model) and :meth:`draw` (figure and caption).

    Parts: ``picture``, ``errors``; after each drawing ``data`` and ``caption`` (for tests
    and reports). It draws again only when :meth:`read` gives other data than it drew
    (a save of another part of the step leaves the picture alone), so :meth:`draw` must
    depend on the data alone. ``part`` is the exercise part from the step YAML (``help``,
    ``empty``).
    """

    children: tuple[Any, ...]  # the VBox's trait, typed here: ipywidgets has no types

    def __init__(self, session, part_id: str):
        from .exercise_parts import part_text

        self.session, self.model = session, session.model
        self.part = part_text(session, part_id)
        self.picture, self.errors = w.HTML(""), error_area()
        self.data: Any = None
        self.caption = ""
        super().__init__([style(), w.HTML(f'<div class="interdep-muted">'
                                          f'{esc(self.part["help"])}</div>'),
                          self.picture, self.errors])
        self.add_class("interdep-chart-panel")
        self.redraw()
        self._stop = self.model.observe(self.redraw, slot=part_id)

    def read(self) -> Any:
        raise NotImplementedError

    def draw(self, data: Any) -> tuple[Any, str]:
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
        from ..charts.render import empty_state_html, figure_html

        data = self.read()
        if self.picture.value and data == self.data:
            return  # a change elsewhere in the step: the picture on screen is still right
        if self.is_empty(data):
            self.caption = self.empty_text(data)
            self.picture.value = empty_state_html(self.caption)
        else:
            fig, self.caption = self.draw(data)
            self.picture.value = figure_html(fig, self.caption)
        self.data = data


def drawn(size: tuple[float, float], chart: Callable[[Any, Any], Any],
          caption: Callable[[Any], str], data: Any) -> tuple[Any, str]:
    """A new figure of ``size`` with ``chart(ax, data)`` drawn on it, and ``caption(data)``:
    what most :meth:`ModelChart.draw` methods return."""
    from ..charts.style import new_figure

    fig, ax = new_figure(*size)
    chart(ax, data)
    return fig, caption(data)

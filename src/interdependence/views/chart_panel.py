"""A chart cell that draws an exercise's data, or a kind sentence when there is none yet.

Used by the exercise views: ``chart_panel(session, part, topic, data, draw)``. The panel
redraws when its cell is run again, and when another cell calls
``refresh.changed(journal, topic)`` after saving.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from . import refresh
from .guard import error_area, guarded
from .style import esc, style


def chart_panel(session, part: Mapping, topic: str, data: Callable[[], Any],
                draw: Callable[[Any], tuple[Any, str]],
                is_empty: Callable[[Any], bool] = lambda d: not d) -> w.VBox:
    """``data()`` reads the journal; ``draw(data)`` returns ``(figure, caption)``.

    ``part`` is the exercise part from the step YAML: its ``help`` is shown above the
    chart and its ``empty`` sentence instead of the chart while there is nothing to draw.
    The box keeps ``.data`` and ``.caption`` of the last drawing, for tests and reports.
    """
    from ..charts.render import empty_state_html, figure_html

    picture = w.HTML("")
    errors = error_area()
    box = w.VBox([style(), w.HTML(f'<div class="interdep-muted">{esc(part["help"])}</div>'),
                  picture, errors])
    box.add_class("interdep-chart-panel")

    @guarded(errors)
    def redraw():
        current = data()
        box.data = current
        if is_empty(current):
            box.caption = part["empty"]
            picture.value = empty_state_html(part["empty"])
            return
        fig, caption = draw(current)
        box.caption = caption
        picture.value = figure_html(fig, caption)

    redraw()
    refresh.listen(session.journal, topic, redraw)
    box.picture, box.errors, box.redraw = picture, errors, redraw
    return box


class ModelChart(w.VBox):
    """The class version of :func:`chart_panel`: a chart of a step's model that redraws
    whenever the model changes (from any cell). A step subclasses it and supplies
    :meth:`read` (the chart's data, from the model) and :meth:`draw` (figure and caption).

    Parts: ``picture``, ``errors``; after each drawing ``data`` and ``caption`` (for tests
    and reports). It draws again only when :meth:`read` gives other data than it drew
    (a save of another part of the step leaves the picture alone), so :meth:`draw` must
    depend on the data alone. ``part`` is the exercise part from the step YAML (``help``,
    ``empty``).
    """

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

    def redraw(self) -> None:
        guarded(self.errors)(self._redraw)()

    def _redraw(self) -> None:
        from ..charts.render import empty_state_html, figure_html

        data = self.read()
        if self.picture.value and data == self.data:
            return  # a change elsewhere in the step: the picture on screen is still right
        if self.is_empty(data):
            self.caption = self.part["empty"]
            self.picture.value = empty_state_html(self.part["empty"])
        else:
            fig, self.caption = self.draw(data)
            self.picture.value = figure_html(fig, self.caption)
        self.data = data

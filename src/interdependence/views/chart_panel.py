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

"""Which layout of a chart the person's screen shows: the phone one or the wide one.

A chart on a page is a ``<picture>`` with two layouts (``charts.render.figure_markup``): the
browser shows the phone layout on a screen matching ``charts.render.PHONE_MEDIA`` and the wide
one elsewhere. The kernel cannot see the screen, so :class:`Viewport`, a widget with no view,
asks the browser (``matchMedia``) as soon as its model reaches the page, and again whenever
the answer changes (a phone turned sideways, a window made narrower). A chart that redraws
(:class:`~interdependence.views.chart_panel.ModelChart`) draws the layout on screen first and
the other one when the kernel is idle, so a person on a phone never waits for, or sees, the
wide picture.

One :class:`Viewport` per kernel (:func:`screen`). Two pages on one kernel (JupyterLab with a
notebook open twice) share it: the last one to say wins, which only changes which layout is
drawn first. Outside a kernel, or before the browser has said, the screen counts as wide.
"""

from __future__ import annotations

import traitlets as t

from ..charts.render import PHONE_MEDIA  # the <picture>'s own query for its phone <source>
from .choices import FrontEndWidget

_ESM = r"""
function initialize({ model }) {
  const query = window.matchMedia(model.get("media"));
  const tell = () => {
    if (model.get("narrow") !== query.matches) {
      model.set("narrow", query.matches);
      model.save_changes();
    }
  };
  tell();
  query.addEventListener("change", tell);
  return () => query.removeEventListener("change", tell);
}
function render({ el }) { el.hidden = true; }
export default { initialize, render };
"""


class Viewport(FrontEndWidget):
    """``narrow``: the browser's screen matches :data:`PHONE_MEDIA` (set by the browser)."""

    _esm = t.Unicode(_ESM).tag(sync=True)
    _anywidget_id = t.Unicode("interdependence.views.viewport.Viewport").tag(sync=True)

    media = t.Unicode(PHONE_MEDIA).tag(sync=True)
    narrow = t.Bool(False).tag(sync=True)


_SCREEN: Viewport | None = None


def screen() -> Viewport | None:
    """This kernel's :class:`Viewport`, made on the first call in a kernel (its model goes to
    the page with the next message); None outside a kernel (a test, a report)."""
    global _SCREEN
    from .autosave import kernel_loop

    if _SCREEN is None and kernel_loop() is not None:
        _SCREEN = Viewport()
    return _SCREEN


def is_narrow() -> bool:
    """The person's screen shows the phone layout (False when not known)."""
    return bool(_SCREEN is not None and _SCREEN.narrow)

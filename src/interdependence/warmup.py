"""A notebook that draws charts starts loading matplotlib as soon as its kernel starts.

Importing matplotlib takes most of a second on a small computer, and a step's first chart
pays it: in JupyterLab, "Run All" (or Shift + Enter down the page) waits for it at the
first chart cell. A kernel starts when its notebook opens, and a person reads the page
before they run anything, so a kernel of a kit notebook that draws charts (a step whose
registry entry says ``draws_charts``, or the facilitator's dashboard) imports matplotlib on
a thread of its own from the moment it starts; the chart cell then finds it loaded.

Which notebook a kernel serves comes from ``JPY_SESSION_NAME`` (Jupyter Server sets it to the
notebook's path). Any other kernel (a plain notebook, a test, a script) loads nothing, and
``INTERDEPENDENCE_WARM_UP=0`` in the server's environment turns it off everywhere (a hub
short of memory: a kernel with matplotlib loaded holds about 45 MB more, measured as
resident memory; a step's kernel loads it anyway once it draws a chart).

Only third-party modules are imported here, never the kit's own: none of them imports the
kit, so the thread can never wait for a module the kernel's own thread is importing while
that thread waits for one of its (the one way two threads' imports can deadlock). A failure
is logged and otherwise ignored: the chart cell imports what it needs itself, as it always
did. Started by the ``views/first_cell`` IPython extension, which every kernel of the kit's
environment loads.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from pathlib import PurePath

#: What a chart needs, in the order a chart cell would import it (matplotlib's own imports
#: numpy and PIL).
MODULES = ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg",
           "matplotlib.font_manager", "PIL.Image")
#: The facilitator's dashboard notebook (facilitator_guide/): it draws charts too.
DASHBOARD = "cohort-dashboard"
THREAD_NAME = "interdependence-warm-up"
#: Set to 0 to turn the warm-up off.
SWITCH = "INTERDEPENDENCE_WARM_UP"
log = logging.getLogger(__name__)


def wanted(session_name: str | None) -> bool:
    """Does the notebook at ``session_name`` (a path, as ``JPY_SESSION_NAME`` holds it) draw
    charts? True for a kit step that does (by its file name, ``<step id>.ipynb``) and for
    the dashboard."""
    if not session_name:
        return False
    name = PurePath(session_name)
    if name.suffix != ".ipynb":
        return False
    if name.stem == DASHBOARD:
        return True
    from . import steps

    return steps.get(name.stem).draws_charts


def _warm() -> None:
    try:
        for module in MODULES:
            importlib.import_module(module)
        from matplotlib import font_manager

        font_manager.findfont(font_manager.FontProperties())  # cached for every thread
    except BaseException as exc:  # noqa: BLE001 - a warm-up never disturbs the notebook
        log.debug("Loading matplotlib ahead did not work (%r); a chart will load it.", exc)


def start(session_name: str | None = None) -> threading.Thread | None:
    """Start loading matplotlib on a daemon thread if this kernel's notebook draws charts
    (``session_name``: ``JPY_SESSION_NAME`` when None). Returns the thread, or None."""
    if os.environ.get(SWITCH, "").strip() == "0":
        return None
    if session_name is None:
        session_name = os.environ.get("JPY_SESSION_NAME")
    try:
        if not wanted(session_name):
            return None
    except Exception as exc:  # noqa: BLE001 - an unreadable registry: no warm-up, no error
        log.debug("No warm-up: %r", exc)
        return None
    thread = threading.Thread(target=_warm, name=THREAD_NAME, daemon=True)
    thread.start()
    return thread

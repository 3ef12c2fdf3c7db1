"""Where the participant is: JupyterLab (cells they run) or the app (``make app``, no code).

The notebooks' Markdown cells that only say how to run cells carry the ``lab-only`` tag and
the app leaves them out (``app.py``). What Python prints cannot be tagged, so a view that
tells people how to redraw or start afresh asks :func:`in_app` which words to use.
"""

from __future__ import annotations

import os

#: Set in every kernel Voila starts (``voila.utils.ENV_VARIABLE``): ``VOILA_KERNEL_ID`` by
#: the code Voila runs before the notebook's first cell, the others in the kernel's
#: environment. JupyterLab sets none of them.
VOILA_MARKERS = ("VOILA_KERNEL_ID", "VOILA_BASE_URL", "VOILA_SERVER_URL")


def in_app() -> bool:
    """True in a page of the app (Voila), False in JupyterLab, nbval and plain Python."""
    return any(os.environ.get(name) for name in VOILA_MARKERS)


def page_word() -> str:
    """What a part of the workshop is on screen: a "page" in the app, a "notebook" in Lab."""
    return "page" if in_app() else "notebook"


def start_afresh() -> str:
    """How to see a part again from the start, with what the journal holds now."""
    if in_app():
        return "Reload a page (or open it again from the list of parts) to start afresh."
    return "Restart a notebook's kernel and run its cells again to start afresh."


#: Set to "True" by Voila in a pre-heated kernel: one the app starts, and runs its notebook
#: in, before anyone opens the page (app.py, ``--pool-size``).
PREHEAT_ENV = "VOILA_PREHEAT"

#: What a page builds its widgets from: imported while a pre-heated kernel waits for its
#: page to be opened, so that this time is paid ahead too.
WARM_MODULES = (
    "ipywidgets", "matplotlib.backends.backend_agg", "interdependence.views.page",
    "interdependence.views.ratings", "interdependence.views.reflections",
    "interdependence.views.exercises", "interdependence.views.share",
    "interdependence.views.welcome", "interdependence.charts",
)

_waited = False


def _warm_drawing() -> None:
    """Draw one small chart with text to PNG, off screen: matplotlib's first drawing loads
    its fonts and renderer, a cost the page's first chart would pay otherwise."""
    from io import BytesIO

    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    axes = figure.add_subplot()
    axes.barh(["a"], [1])
    axes.set_title("warm")
    figure.savefig(BytesIO(), format="png")


def pre_heated() -> bool:
    """True in a kernel the app started ahead, until its page has been opened."""
    return not _waited and os.environ.get(PREHEAT_ENV) == "True"


def wait_for_page(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """In a pre-heated kernel: import ``modules``, then wait until someone opens the page.

    What the page reads after this (the journal, the cohort) is read as it is when the page
    is opened, not when the kernel was started: answers given in JupyterLab a second ago
    are on it. Anywhere else (JupyterLab, a kernel Voila started for a request, plain
    Python) this returns at once and imports nothing.
    """
    global _waited
    if not pre_heated():
        return
    import importlib

    for name in modules:
        importlib.import_module(name)
    _warm_drawing()
    from voila.utils import wait_for_request

    _waited = True  # a second call must not wait again: the request comes once
    wait_for_request()

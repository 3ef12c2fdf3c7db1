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

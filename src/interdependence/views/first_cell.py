"""A kind sentence instead of ``NameError: name 'step' is not defined``.

Every notebook's first code cell makes ``step`` (``step = open_step("...")``); the cells
below call ``step.ratings()`` and so on. Run one of those first, or after a kernel restart,
and Python's answer is a red traceback. This IPython extension, loaded in every kernel of
the kit's environment, replaces that one error with a sentence saying which cell to run
first. Any other error shows as usual.

It is loaded at kernel start by ``resources/ipython_kernel_config.json``, which ``make lab``
copies to ``<environment>/etc/ipython/`` (IPython reads config from there; the deployment
guide does the same on a hub). Without it nothing breaks: the traceback is back.

Being loaded at every kernel's start, it also starts the chart warm-up (``warmup.py``).
"""

from __future__ import annotations

from typing import Any

#: The names the notebooks' first code cell defines.
FIRST_CELL_NAMES = frozenset({"step", "open_step"})

MESSAGE = (
    "This cell needs the first cell of this notebook to run before it. Scroll up to the top, "
    "click in the first grey cell (it starts with <code>from interdependence import "
    "open_step</code>) and press <b>Shift + Enter</b>. Then come back here and run this cell "
    "again. Nothing you saved is lost."
)
PLAIN = ("This cell needs the first cell of this notebook to run before it. Scroll up to the "
         "top, click in the first grey cell (it starts with 'from interdependence import "
         "open_step') and press Shift + Enter. Then come back here and run this cell again. "
         "Nothing you saved is lost.")


def is_missing_first_cell(value: BaseException) -> bool:
    return isinstance(value, NameError) and getattr(value, "name", None) in FIRST_CELL_NAMES


def handler(shell: Any, etype, value, tb, tb_offset=None):
    """IPython's custom exception handler: the sentence for a missing ``step``, else the
    usual traceback, shown as IPython shows it (it discards what a handler returns)."""
    if not is_missing_first_cell(value):
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    from IPython.display import display

    from .style import STYLE

    display({"text/html": f'{STYLE}<div class="interdep-notice" role="alert">{MESSAGE}</div>',
             "text/plain": PLAIN}, raw=True)
    return None


def load_ipython_extension(shell) -> None:
    shell.set_custom_exc((NameError,), handler)
    # Loaded as the kernel starts: a notebook that draws charts starts loading matplotlib
    # now, on a thread of its own, while its reader reads (see warmup.py).
    if getattr(shell, "kernel", None) is not None:
        from .. import warmup

        warmup.start()


def unload_ipython_extension(shell) -> None:
    shell.set_custom_exc((), None)

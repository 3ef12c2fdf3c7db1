"""Saving as people type, without saving on every key: a debouncer on the kernel's loop."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # asyncio is loaded by the kernel; plain Python need not import it
    import asyncio


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the live Jupyter kernel we run in, or None outside a kernel.

    Timers need a loop that keeps turning while nothing else happens. Inside a kernel that
    is the kernel's own loop. Elsewhere (plain Python, pytest, a script that also drives
    a browser through Playwright, whose sync API leaves a loop marked "running") a timer
    could wait forever, so callers act at once instead.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Run ``action`` once typing pauses for ``delay`` seconds; at once outside a kernel."""

    def __init__(self, action: Callable[[], None], delay: float = 0.8,
                 loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.action, self.delay = action, delay
        self._handle: asyncio.TimerHandle | None = None
        self._loop = loop  # tests pass a loop; notebooks use the kernel's

    def poke(self) -> None:
        loop = self._loop or kernel_loop()
        if loop is None:
            self.action()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self.flush)

    @property
    def pending(self) -> bool:
        """Whether typing is waiting to be saved (a redraw must not overwrite it)."""
        return self._handle is not None

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self.action()

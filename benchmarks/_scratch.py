"""Temp folders a benchmark removes when it ends, even when it fails or is interrupted with
Ctrl-C: a benchmark run leaves nothing behind in the temp folder (journals filled in, copies
of cohorts, a served copy of the notebooks)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch(prefix: str = "bench-", where: str | None = None) -> Path:
    """A new empty folder (in ``where``, else the system's temp folder), removed with all it
    holds when this Python ends."""
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=where))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path

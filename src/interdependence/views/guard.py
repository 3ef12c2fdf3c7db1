"""Errors shown next to the widget that failed, in words, never lost in the log console.

Every widget callback goes through :func:`guarded`: an expected failure (a journal that
cannot be written, say) is said plainly in the widget's error area; anything else is shown
with a short traceback to pass on, logged, and recorded in :data:`CALLBACK_ERRORS` so a test
that triggered it fails even though the notebook survived.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from functools import wraps
from typing import Any

import ipywidgets as w

from ..journal import JournalError
from . import shared
from .style import esc

log = logging.getLogger(__name__)

#: Every error a callback met, newest last. Tests assert this stays empty.
CALLBACK_ERRORS: list[BaseException] = []


def error_area() -> w.HTML:
    """A hidden place under a widget where its errors will be said."""
    return shared.html("", layout=shared.layout(display="none"))


def show_error(area: w.HTML, message: str) -> None:
    area.value = f'<div class="interdep-error" role="alert">{esc(message)}</div>'
    shared.display(area, True)


def clear_error(area: w.HTML) -> None:
    area.value = ""
    shared.display(area, False)


def guarded(area: w.HTML) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a callback so a failure is shown in ``area`` and recorded, never lost."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                result = func(*args, **kwargs)
            except JournalError as exc:  # an expected failure: say it plainly
                CALLBACK_ERRORS.append(exc)
                show_error(area, str(exc))
                return None
            except Exception as exc:
                CALLBACK_ERRORS.append(exc)
                log.exception("widget callback failed")
                show_error(
                    area,
                    "Something went wrong here, and your last change may not be saved: "
                    f"{type(exc).__name__}: {exc}. Please tell your facilitator or open an "
                    "issue with this message.\n" + traceback.format_exc(limit=2),
                )
                return None
            clear_error(area)
            return result

        return wrapper

    return decorate

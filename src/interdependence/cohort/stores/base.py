"""The store interface every cohort store implements, and the errors they all raise.

Nothing here knows about folders or databases: :class:`Store` is what the share panel, the
loader, the reveal state and the CLI talk to (the methods are listed in the package's
docstring, ``cohort/stores/__init__.py``).
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ... import privacy
from ..settings import CohortSettings

MAX_BYTES = 256 * 1024


class StoreError(RuntimeError):
    """The store could not be reached or written. The message is for a person, in plain words."""


@dataclass(frozen=True)
class Problem:
    """A record the store would not (or could not) read. ``movable``: safe to set aside."""

    reason: str
    movable: bool = True


class Store(ABC):
    location: str

    @abstractmethod
    def put(self, submission: Mapping[str, Any]) -> str: ...

    @abstractmethod
    def delete(self, token: str) -> bool: ...

    @abstractmethod
    def records(self) -> Iterator[tuple[str, bytes | dict | Problem]]: ...

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def settings(self) -> CohortSettings | None: ...

    @abstractmethod
    def init_settings(self, code: str, min_group: int = privacy.DEFAULT_MIN_GROUP,
                      keep_days: int | None = None) -> CohortSettings: ...

    @abstractmethod
    def set_aside(self, name: str, reason: str) -> str | None: ...

    @abstractmethod
    def has_submissions(self) -> bool: ...

    @abstractmethod
    def set_aside_records(self) -> Iterator[tuple[str, bytes | dict | Problem]]: ...

    @abstractmethod
    def delete_set_aside(self, name: str) -> bool: ...

    # Not every store can do these; the defaults say so plainly.
    notes: list[str]  # plain sentences about the last records() or set_aside(), if any

    @property
    def identity(self) -> str:
        """One name for this store however its location is spelled (keys the revealed set)."""
        return self.location

    def sources(self) -> dict[str, str]:
        """token -> an opaque id of the account that wrote it, where the store knows it."""
        return {}

    def read_state(self, name: str) -> bytes | None:
        """The facilitator's saved state ``name`` (for example the last revealed set)."""
        return None

    def write_state(self, name: str, data: bytes) -> None:
        raise StoreError(f"{self.location} cannot keep the facilitator's state.")

    def prepare(self) -> None:
        """Create what the facilitator's tools need in the store (setup-cohort)."""
        return None

    def state_lock(self):
        """Held while an output decides what to reveal (see :mod:`cohort.reveal`)."""
        return contextlib.nullcontext()

    def wait(self) -> None:
        """Wait for work a load left running (the folder store's take-over)."""
        return None

    def leftovers(self) -> list[str]:
        return []

    def remove_leftovers(self, older_than: float = 600.0) -> list[str]:
        return []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"


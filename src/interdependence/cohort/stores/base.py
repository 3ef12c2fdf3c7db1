"""The store interface every cohort store implements, the rules they share, and their errors.

Nothing here knows about folders or databases: :class:`Store` is what the share panel, the
loader, the reveal state and the CLI talk to (the methods are listed in the package's
docstring, ``cohort/stores/__init__.py``).

The rules that protect participants are the same whatever keeps the data, so they are written
once, here, as template methods (as nbgrader's ``exchange/abc`` runs abstract steps): each
store supplies only the small steps that touch its own storage.

- :meth:`Store.init_settings`: the values are checked, and the defaults
  (``privacy.DEFAULT_MIN_GROUP``, ``settings.DEFAULT_KEEP_DAYS``) applied, in one place. Once a
  submission exists, the code and the smallest group size are fixed (participants shared on
  those terms), and the keeping time can be made shorter but never longer (participants were
  told their answers are kept *at most* that many days). The step is
  :meth:`Store._save_settings`; :meth:`Store._may_set_up` lets a store refuse first.
- :meth:`Store.read_state` / :meth:`Store.write_state`: one rule for state names and sizes;
  the steps are :meth:`Store._read_state` / :meth:`Store._write_state`.
- :func:`check_token`: what a participant's token may be, before anything is written.
"""

from __future__ import annotations

import contextlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, ClassVar

from ... import privacy
from ...frozen import Record
from ..settings import DEFAULT_KEEP_DAYS, CohortSettings, SettingsError, new_settings

MAX_BYTES = 256 * 1024                 # the largest submission any store reads
MAX_STATE_BYTES = 16 * 1024 * 1024     # the largest piece of the facilitator's state
#: A state name: it becomes part of a file name in a folder, a row's key in a database.
STATE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
#: A location naming the hub's share service (``hubservice.py``), not a folder or database.
SERVICE_SCHEME = "jupyterhub-service:"


def is_service_location(location: object) -> bool:
    """Does ``location`` name the hub's share service? (Here, so that asking does not import
    the service's HTTP client.)"""
    return isinstance(location, str) and location.strip().startswith(SERVICE_SCHEME)


class StoreError(RuntimeError):
    """The store could not be reached or written. The message is for a person, in plain words."""


class Problem(Record):
    """A record the store would not (or could not) read. ``movable``: safe to set aside."""

    reason: str
    movable: bool = True


def check_token(token: object) -> str:
    """``token`` if it can name a submission; a plain :class:`StoreError` if not (a token
    becomes a file name, so ``../x`` or a space must never get as far as the store)."""
    from ..submission import TOKEN  # here: the share panel's preview needs no submission rules

    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        raise StoreError("That is not a valid token (16 to 64 letters, digits, - or _).")
    return token


def check_new_settings(code: str, min_group: int = privacy.DEFAULT_MIN_GROUP,
                       keep_days: int | None = None) -> CohortSettings:
    """The settings these values make (``keep_days`` None: the default), or a plain
    :class:`StoreError` saying which value is not allowed. Nothing is written."""
    try:
        return new_settings(code, min_group,
                            DEFAULT_KEEP_DAYS if keep_days is None else keep_days)
    except SettingsError as exc:
        raise StoreError(str(exc)) from None


class Store(ABC):
    location: str
    notes: list[str]  # plain sentences about the last records() or set_aside(), if any

    #: What the facilitator can do instead when a cohort's terms are fixed (said after why).
    NEW_COHORT_HINT: ClassVar[str] = "Start a new cohort to use other values."

    # ---- participants ------------------------------------------------------------------------
    @abstractmethod
    def put(self, submission: Mapping[str, Any]) -> str: ...

    @abstractmethod
    def delete(self, token: str) -> bool: ...

    def delete_many(self, tokens: list[str]) -> list[str]:
        """Withdraw each of ``tokens`` (purge); returns those that had a submission."""
        return [t for t in tokens if self.delete(t)]

    # ---- the facilitator ---------------------------------------------------------------------
    @abstractmethod
    def records(self) -> Iterator[tuple[str, bytes | dict | list | Problem]]:
        """Every candidate submission as (name, what): its bytes (or a dict), a
        :class:`Problem`, or a list: a coded record (``cohort/columns.py``) the store kept from
        an earlier load, validated then, given only after :meth:`use_keep`."""

    # A store may keep what the loader accepted, so a repeated load need not read and check
    # every record again (the folder store's keep, ``stores/keep.py``). These do nothing here.
    def use_keep(self, book: str) -> None:
        """The next :meth:`records` may hand back records kept under ``book`` (the loader's
        code book and the cohort's code: a record kept under other rules is read again)."""
        return None

    def accepted(self, name: str, coded: list) -> None:
        """The loader accepted the record ``name`` read by the last :meth:`records`."""
        return None

    def after_load(self) -> None:
        """The loader's data is ready (the folder store takes files over, keeps records)."""
        return None

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def has_submissions(self) -> bool: ...

    @abstractmethod
    def set_aside(self, name: str, reason: str) -> str | None: ...

    @abstractmethod
    def set_aside_records(self) -> Iterator[tuple[str, bytes | dict | Problem]]: ...

    @abstractmethod
    def delete_set_aside(self, name: str) -> bool: ...

    # ---- settings: the shared rule, then the store's own step ---------------------------------
    @abstractmethod
    def settings(self) -> CohortSettings | None: ...

    def init_settings(self, code: str, min_group: int = privacy.DEFAULT_MIN_GROUP,
                      keep_days: int | None = None, created: str | None = None
                      ) -> CohortSettings:
        """Create the cohort's settings, or confirm or change them (``setup-cohort``).

        ``keep_days`` None keeps the cohort's keeping time (the default for a new one).
        ``created`` fixes the date of a new cohort (demo cohorts that must come out the same
        every time); an existing cohort keeps its own. Returns the settings now in force.
        """
        wanted = check_new_settings(code, min_group, keep_days)
        if created:
            wanted = replace(wanted, created=created)
        self._may_set_up()
        current = self.settings()
        settled = self._settled(current, wanted, keep_days is not None)
        if settled is not current:
            self._save_settings(settled)
        return settled

    def _settled(self, current: CohortSettings | None, wanted: CohortSettings,
                 keep_days_given: bool) -> CohortSettings:
        """The settings to keep: ``current`` itself when nothing changes, else the new ones.

        Once a submission exists the code and smallest group size are fixed, since
        participants shared on those terms, and the keeping time may only get shorter: the
        share panel told them their answers are kept *at most* that many days.
        """
        if current is None:
            return wanted
        keep = wanted.keep_days if keep_days_given else current.keep_days
        same_terms = (current.code, current.min_group) == (wanted.code, wanted.min_group)
        if same_terms and keep == current.keep_days:
            return current
        if (not same_terms or keep > current.keep_days) and self.has_submissions():
            if not same_terms:
                raise StoreError(
                    f"This cohort already has submissions, so its code ({current.code}) and "
                    f"smallest group size ({current.min_group}) are fixed: participants shared "
                    f"on those terms. {self.NEW_COHORT_HINT}")
            raise StoreError(
                f"This cohort already has submissions, and participants were told their "
                f"answers are kept at most {current.keep_days} days, so that time can be made "
                f"shorter but not longer. {self.NEW_COHORT_HINT}")
        return CohortSettings(wanted.code, wanted.min_group, current.created, keep)

    def _may_set_up(self) -> None:
        """Raise a plain :class:`StoreError` when this caller may not set the cohort up here."""
        return None

    @abstractmethod
    def _save_settings(self, settings: CohortSettings) -> None:
        """Keep ``settings`` (already checked against the rules) as the cohort's settings."""

    # ---- the facilitator's own state: one rule for names and sizes ----------------------------
    def read_state(self, name: str) -> bytes | None:
        """The facilitator's saved state ``name`` (for example the last revealed set)."""
        return self._read_state(check_state_name(name))

    def write_state(self, name: str, data: bytes) -> None:
        """Keep ``data`` under ``name`` (replacing it), all or nothing."""
        name = check_state_name(name)
        if not isinstance(data, (bytes, bytearray)):
            raise StoreError("State is kept as bytes.")
        if len(data) > MAX_STATE_BYTES:
            raise StoreError(f"That state is larger than {MAX_STATE_BYTES // 1024 // 1024} MB.")
        self._write_state(name, bytes(data))

    def _read_state(self, name: str) -> bytes | None:
        """The step: read the (checked) state ``name``; None when there is none."""
        return None

    def _write_state(self, name: str, data: bytes) -> None:
        """The step: keep ``data`` under the (checked) ``name``."""
        raise StoreError(f"{self.location} cannot keep the facilitator's state.")

    # ---- not every store can do these; the defaults say so plainly ---------------------------
    @property
    def identity(self) -> str:
        """One name for this store however its location is spelled (keys the revealed set)."""
        return self.location

    def sources(self) -> dict[str, str]:
        """token -> an opaque id of the account that wrote it, where the store knows it."""
        return {}

    def prepare(self) -> None:
        """Create what the facilitator's tools need in the store (setup-cohort)."""
        return None

    def state_lock(self) -> contextlib.AbstractContextManager[object]:
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


def check_state_name(name: object) -> str:
    """``name`` if it may name a piece of the facilitator's state, else a :class:`StoreError`."""
    if not isinstance(name, str) or not STATE_NAME.fullmatch(name):
        raise StoreError(f"{name!r} is not a state name (small letters, digits, ., - and _, "
                         "up to 100).")
    return name

"""``open_store(location)``: the one place that turns a location into a store.

A folder path gives a :class:`~.folder.FolderStore`; a ``postgresql://`` URL a
:class:`~.postgres.PostgresStore`; ``jupyterhub-service:...`` the share service's client
(:class:`~.hubservice.HubServiceStore`). The PostgreSQL store is imported only when a URL is
given: it needs the ``hub`` extra (SQLAlchemy and psycopg), which a participant's laptop may
not have, and then the missing piece is named in one plain sentence.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .base import Store, StoreError, is_service_location
from .folder import FolderStore
from .hubservice import HubServiceStore

if TYPE_CHECKING:  # for the annotation only: imported for real when a URL is opened
    from .postgres import PostgresStore

POSTGRES_PREFIXES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_postgres_url(location: object) -> bool:
    """Whether ``location`` names a PostgreSQL cohort rather than a folder."""
    return isinstance(location, str) and location.startswith(POSTGRES_PREFIXES)


def open_store(location: str | os.PathLike[str] | Store) -> Store:
    """The store at ``location``: a folder path, a ``postgresql://`` URL, or the hub's share
    service (``jupyterhub-service:...``). A store given is returned as it is."""
    if isinstance(location, Store):
        return location
    text = os.fspath(location)
    if is_service_location(text):
        return HubServiceStore(text)
    if is_postgres_url(text):
        return open_postgres_store(text)
    if not text.strip():
        raise StoreError("No cohort folder was given.")
    return FolderStore(Path(text).expanduser())


def open_postgres_store(url: str) -> PostgresStore:
    """The PostgreSQL store at ``url``, typed as one (for what only it can do, such as
    ``grant_participant``); a plain :class:`StoreError` when the ``hub`` extra is missing."""
    if not is_postgres_url(url):
        raise StoreError(f"{url} is not a postgresql:// URL.")
    try:
        from .postgres import PostgresStore
    except ModuleNotFoundError as exc:
        raise StoreError("This installation has no PostgreSQL store; give a folder "
                         f"instead ({exc.name} is missing).") from None
    return PostgresStore(url)

"""``open_store(location)``: the one place that turns a location into a store.

A folder path gives a :class:`~.folder.FolderStore`; a ``postgresql://`` URL a
:class:`~.postgres.PostgresStore`; ``jupyterhub-service:...`` the share service's client
(:mod:`.hubservice`). The PostgreSQL store is imported only when a URL is given: it needs the
``hub`` extra (SQLAlchemy and psycopg), which a participant's laptop may not have.
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import Store, StoreError
from .folder import FolderStore


def open_store(location: str | os.PathLike | Store) -> Store:
    """The store at ``location``: a folder path, or a ``postgresql://`` URL."""
    if isinstance(location, Store):
        return location
    text = os.fspath(location)
    if text.strip().startswith("jupyterhub-service:"):  # the hub's share service (hubservice.py)
        from .hubservice import HubServiceStore

        return HubServiceStore(text)
    if text.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        try:
            from .postgres import PostgresStore
        except ModuleNotFoundError as exc:
            raise StoreError("This installation has no PostgreSQL store; give a folder "
                             f"instead ({exc.name} is missing).") from None
        return PostgresStore(text)
    if not text.strip():
        raise StoreError("No cohort folder was given.")
    return FolderStore(Path(text).expanduser())


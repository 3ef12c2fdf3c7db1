"""What the facilitator does to a cohort store besides loading it: check, withdraw, purge.

All through the store interface, so a folder and a database behave alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .stores.base import Problem, Store, StoreError
from .stores.factory import open_store
from .submission import DATE, TOKEN


@dataclass
class PurgeResult:
    deleted: int = 0
    set_aside_deleted: int = 0
    kept: int = 0
    undated: list[str] = field(default_factory=list)
    leftovers_removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _date_of(data: bytes | dict | list | Problem) -> dt.date | None:
    if isinstance(data, Problem):
        return None
    if isinstance(data, list):  # a record a store kept: [token, date, ...]
        data = {"date": data[1]}
    if not isinstance(data, dict):
        try:
            data = json.loads(data)
        except (ValueError, RecursionError):
            return None
    value = data.get("date") if isinstance(data, dict) else None
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def cohort_store(source: Any) -> Store:
    """The store at ``source``, only if it is a cohort (it has the facilitator's settings):
    the wrong folder (an inbox of e-mailed files, one's own journal folder) loses nothing."""
    store = open_store(source)
    if store.settings() is None:
        raise StoreError(f"{store.location} is not a cohort folder: it has no settings.json made "
                         "by you. Nothing in it was removed. Check the folder name, or run "
                         "`interdependence setup-cohort` on it if it is meant to be one.")
    return store


def withdraw(source: Any, token: str) -> tuple[bool, list[str]]:
    """Delete one participant's submission (and any temp copy a crash left); returns whether
    there was one, and the temp files removed. A temp file may hold a whole submission, and
    its name only says whose by its token, so every old one goes."""
    from .reveal import forget

    store = cohort_store(source)
    account = store.sources().get(token)
    removed = store.delete(token)
    # what was shown loses them at once (their charts hide until enough others change)
    forget(store, [(token, account)] + list(getattr(store, "withdrawn", None) or []))
    _drop_pictures(store)
    return removed, store.remove_leftovers()


def _drop_pictures(store: Any) -> None:
    """The report's kept chart pictures go too (a folder store's): the next report draws."""
    drop = getattr(store, "drop_pictures", None)
    if drop is not None:
        drop()


def purge(source: Any, older_than_days: int, today: dt.date | None = None) -> PurgeResult:
    """Delete every submission dated more than ``older_than_days`` days ago.

    The date is the submission's own (the day it was last shared). Records set aside earlier
    are purged too, by their date or, when they have none, by when they were set aside; they
    may hold personal words as much as valid ones do. Anything that cannot be dated is kept
    and listed, for a person to decide.
    """
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) \
            or older_than_days < 0:
        raise StoreError(f"--older-than needs a number of days (0 or more), "
                         f"not {older_than_days!r}.")
    store: Store = cohort_store(source)
    cutoff = (today or dt.date.today()) - dt.timedelta(days=older_than_days)
    result = PurgeResult()
    result.leftovers_removed = store.remove_leftovers()
    records = list(store.records())
    accounts = store.sources()
    gone: list[tuple[str, str | None]] = list(getattr(store, "withdrawn", None) or [])
    expired = []
    for name, data in records:
        day = _date_of(data)
        token = name[:-5] if name.endswith(".json") else ""
        if day is None or not TOKEN.fullmatch(token):
            result.undated.append(name)
        elif day < cutoff:
            expired.append(token)
        else:
            result.kept += 1
    for token in store.delete_many(expired):  # one pass: the folder's keep is rewritten once
        result.deleted += 1
        gone.append((token, accounts.get(token)))
    from .reveal import forget

    result.problems = forget(store, gone)  # nothing purged stays in what was shown
    if gone:
        _drop_pictures(store)
    mtime = getattr(store, "mtime", None)
    for name, data in list(store.set_aside_records()):
        day = _date_of(data)
        if day is None and mtime is not None:
            stamp = mtime(name, set_aside=True)
            day = dt.date.fromtimestamp(stamp) if stamp is not None else None
        if day is None:
            result.undated.append(f"set aside: {name}")
        elif day < cutoff:
            result.set_aside_deleted += store.delete_set_aside(name)
    return result


def set_aside_count(source: Any) -> int:
    return sum(1 for _ in open_store(source).set_aside_records())

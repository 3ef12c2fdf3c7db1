"""Small builders shared by the cohort, privacy, share and CLI tests."""

from __future__ import annotations

import copy
import datetime as dt
import json
import secrets
from pathlib import Path

from interdependence.cohort import FolderStore
from interdependence.cohort.submission import SCHEMA
from interdependence.curriculum import default as default_curriculum

CODE = "TEST-1"


def token() -> str:
    return secrets.token_urlsafe(16)


def submission(tok: str | None = None, code: str = CODE, date: str | None = None,
               asking: int | None = 4, steps: dict | None = None) -> dict:
    """A valid submission with a check-in, a reflection and a start-small summary."""
    body = steps if steps is not None else {
        "00-welcome": {
            "ratings": {"sign.asking": asking, "sign.uneasy_relying": None,
                        "sign.overcommitting": 2},
            "reflections": {"welcome.hopes": "To ask for help once this week."},
            "summary": {},
        },
        "03-start-small": {
            "ratings": {"small.stuck_alone": 3},
            "reflections": {},
            "summary": {"asks": 5, "first_ask_done": True, "expected": 60, "actual": 30},
        },
    }
    return {"schema": schema_for(body), "token": tok or token(), "cohort": code,
            "date": date or dt.date.today().isoformat(), "steps": copy.deepcopy(body)}


def schema_for(steps: dict) -> int:
    """The schema an honest kit would have written these answers under: today's, unless a
    rating id exists only in the version-1 item bank (as in tests written before it changed;
    see data/curriculum/migrations.yaml)."""
    current = {i.id for s in default_curriculum().steps for i in s.items}
    ids = {i for body in steps.values() if isinstance(body, dict)
           for i in (body.get("ratings") or {})}
    return SCHEMA if ids <= current else 1


def cohort(folder: Path, n: int = 0, code: str = CODE, min_group: int = 5) -> FolderStore:
    """A cohort folder with settings and ``n`` valid submissions."""
    folder.mkdir(parents=True, exist_ok=True)
    store = FolderStore(folder)
    store.init_settings(code, min_group)
    for i in range(n):
        store.put(submission(asking=1 + i % 5))
    return store


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    return path


def files_under(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` (relative name -> bytes), reason notes left out."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and not p.name.endswith(".reason.txt")}

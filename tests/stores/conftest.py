"""One contract, two stores: every test in this folder runs against a folder store and a
PostgreSQL store on a real server started in a temp folder on loopback."""

import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from postgres_server import missing_reason, running_postgres  # noqa: E402

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres():
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with running_postgres() as server:
        yield server


@pytest.fixture(params=["folder", "postgres"])
def location(request, tmp_path):
    """A fresh, empty cohort location of each kind."""
    if request.param == "folder":
        folder = tmp_path / "cohort"
        folder.mkdir()
        return str(folder)
    server = request.getfixturevalue("postgres")
    return server.url() + f"?cohort=C{next(_names)}"


def submission(token, code="TEST1", ratings=None, date="2026-11-27"):
    return {"schema": 2, "token": token, "cohort": code, "date": date,
            "steps": {"00-welcome": {"ratings": ratings or {"sign.asking": 4},
                                     "reflections": {}, "summary": {}}}}

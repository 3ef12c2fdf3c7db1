import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CURRICULUM = ROOT / "data" / "curriculum"


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    """Each test gets its own journal folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("INTERDEPENDENCE_HOME", str(home))
    from interdependence import journal

    journal._open.clear()
    yield home
    journal._open.clear()


@pytest.fixture(autouse=True)
def no_callback_errors():
    """A widget callback that failed is a failed test, even though the notebook survived."""
    try:
        from interdependence.views.guard import CALLBACK_ERRORS
    except ImportError:  # pragma: no cover - ipywidgets missing is reported elsewhere
        yield
        return
    CALLBACK_ERRORS.clear()
    yield
    errors = list(CALLBACK_ERRORS)
    CALLBACK_ERRORS.clear()
    assert not errors, f"widget callbacks failed: {errors!r}"


@pytest.fixture
def curriculum_copy(tmp_path):
    """A writable copy of the item bank, for tests that break it on purpose."""
    target = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM, target)
    return target


@pytest.fixture
def journal(private_home):
    from interdependence.journal import Journal

    return Journal(private_home / "journal.json")


def in_ci() -> bool:
    return os.environ.get("CI") == "true"

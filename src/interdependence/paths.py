"""Where things live. The welcome notebook shows these paths to the participant."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "INTERDEPENDENCE_HOME"
COHORT_ENV = "INTERDEPENDENCE_COHORT"
DATA_ENV = "INTERDEPENDENCE_DATA"


def home() -> Path:
    """The private folder: ``~/interdependence`` unless INTERDEPENDENCE_HOME is set."""
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else Path.home() / "interdependence"


def journal_path() -> Path:
    return home() / "journal.json"


def exports_dir() -> Path:
    return home() / "exports"


def data_dir() -> Path:
    """The project's ``data/`` folder (content and the sample cohort)."""
    value = os.environ.get(DATA_ENV)
    if value:
        return Path(value)
    # src/interdependence/paths.py -> project root / data (editable install, the supported one)
    return Path(__file__).resolve().parents[2] / "data"


def curriculum_dir() -> Path:
    return data_dir() / "curriculum"

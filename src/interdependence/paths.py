"""Where things live. The welcome notebook shows these paths to the participant.

Two kinds of place:

- The participant's own (:func:`home`, the journal, exports): theirs, writable, private.
- The kit's own files (:func:`kit_root`): the item bank in ``data/``, the notebooks, the
  cohort dashboard notebook, the sample cohort. Read-only to the kit. :func:`kit_root` alone
  decides where they are: in a checkout (an editable install, ``make lab``) the checkout's
  own folders, so an edit to a YAML file or a notebook shows at once; installed from a wheel,
  the copy that the build step (``setup.py``) puts inside the package, ``interdependence/_shipped``.
"""

from __future__ import annotations

import functools
import os
import sys
from importlib.machinery import SourceFileLoader
from pathlib import Path

HOME_ENV = "INTERDEPENDENCE_HOME"
COHORT_ENV = "INTERDEPENDENCE_COHORT"
#: "1": the cohort in INTERDEPENDENCE_COHORT is the only one the dashboard may show (set by the
#: facilitator's app, ``interdependence facilitator-app``, for its kernels).
COHORT_FIXED_ENV = "INTERDEPENDENCE_COHORT_FIXED"
DATA_ENV = "INTERDEPENDENCE_DATA"

#: The folder inside the installed package that holds the kit's files (see setup.py).
SHIPPED = "_shipped"
NOTEBOOKS = "notebooks"
DASHBOARD_NOTEBOOK = "facilitator_guide/cohort-dashboard.ipynb"
SAMPLE_COHORT = "sample-cohort"


class KitFilesMissing(RuntimeError):
    """The kit's own files (questions, notebooks) are neither in a checkout nor shipped."""


def home() -> Path:
    """The private folder: ``~/interdependence`` unless INTERDEPENDENCE_HOME is set."""
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else Path.home() / "interdependence"


def journal_path() -> Path:
    return home() / "journal.json"


def exports_dir() -> Path:
    return home() / "exports"


# ---- the kit's own files -------------------------------------------------------------------


def package_dir() -> Path:
    """The installed ``interdependence`` package folder (``src/interdependence`` in a checkout)."""
    spec = sys.modules[__package__ or "interdependence"].__spec__
    if spec is not None and spec.origin and isinstance(spec.loader, SourceFileLoader):
        # What importlib.resources.files answers for plain files, without importing it
        # (and zipfile, tempfile and shutil with it) at every start.
        return Path(spec.origin).parent
    from importlib import resources

    files = resources.files(__package__ or "interdependence")
    if not isinstance(files, Path):  # a zip import: Voila and the copies need real files
        raise KitFilesMissing("The interdependence package is not installed as plain files "
                              f"({files}); install it with pip, which unpacks it.")
    return files


def kit_root() -> Path:
    """The folder holding the kit's own files, laid out as in the repository.

    ``data/`` (curriculum, demo reflections, sample cohort), ``notebooks/`` and
    ``facilitator_guide/cohort-dashboard.ipynb``. Installed from a wheel: the package's
    ``_shipped/`` folder. Run from a checkout (``src/`` layout, editable install): the
    checkout itself. The one place that decides; nothing else guesses from ``__file__``.
    """
    return _find_kit_root(package_dir())


# Found once per package folder and process: the answer cannot change while it runs, and a
# process that later drops to another account (the drop-box tests fork as a participant)
# may no longer be allowed to look inside the checkout to find it again.
@functools.cache
def _find_kit_root(package: Path) -> Path:
    shipped = package / SHIPPED
    if shipped.is_dir():
        return shipped
    # src/interdependence -> the checkout. Resolved through a module file: a "strict"
    # editable install runs the package from a folder of links to the checkout's files.
    source = (package / "__init__.py").resolve().parent
    checkout = source.parent.parent
    if source.parent.name == "src" and (checkout / "data" / "curriculum").is_dir():
        return checkout
    raise KitFilesMissing(
        f"The kit's questions and notebooks were not found: the package in {package} has no "
        f"{SHIPPED}/ folder and is not inside a copy of the project. Install it from a wheel "
        "(pip install interdependence-*.whl) or from the project folder (pip install -e .).")


def is_installed_copy() -> bool:
    """Whether the kit's files are the wheel's copy inside the package (not a checkout)."""
    return kit_root() == package_dir() / SHIPPED


def data_dir() -> Path:
    """The ``data/`` folder (content and the sample cohort); INTERDEPENDENCE_DATA overrides."""
    value = os.environ.get(DATA_ENV)
    if value:
        return Path(value)
    return kit_root() / "data"


def curriculum_dir() -> Path:
    return data_dir() / "curriculum"


def notebooks_dir() -> Path:
    """The participant notebooks, ``00-welcome.ipynb`` to ``08-...``."""
    return kit_root() / NOTEBOOKS


def dashboard_notebook() -> Path:
    """The facilitator's cohort dashboard notebook."""
    return kit_root() / DASHBOARD_NOTEBOOK


# ---- the sample cohort -----------------------------------------------------------------------


def _shipped_sample() -> Path:
    return data_dir() / SAMPLE_COHORT


def _sample_copy() -> Path:
    return home() / SAMPLE_COHORT


def _uses_a_copy() -> bool:
    return not os.environ.get(DATA_ENV) and is_installed_copy()


def sample_cohorts() -> tuple[Path, ...]:
    """Every folder that is the kit's own sample cohort (never changed when loaded)."""
    if _uses_a_copy():
        return (_shipped_sample(), _sample_copy())
    return (_shipped_sample(),)


def sample_cohort() -> Path:
    """The synthetic sample cohort, as the dashboard opens it out of the box.

    In a checkout (or with INTERDEPENDENCE_DATA): ``data/sample-cohort`` itself. Installed
    from a wheel, the package's copy belongs to whoever installed it (root, on a hub), and the
    cohort tools trust only a ``settings.json`` of the facilitator's own and keep what they
    have shown inside the cohort folder; so the sample is copied into the private folder
    (``~/interdependence/sample-cohort``) and that copy is used. It is made again when this
    version's sample differs from it.
    """
    shipped = _shipped_sample()
    if not _uses_a_copy():
        return shipped
    target = _sample_copy()
    names = sorted(p.name for p in shipped.glob("*.json"))
    if target.is_dir() and not target.is_symlink() and _same_files(shipped, target, names):
        return target
    import shutil
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{SAMPLE_COHORT}.", dir=target.parent))
    for name in names:
        shutil.copyfile(shipped / name, fresh / name)
    old = None
    if target.is_symlink() or target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{SAMPLE_COHORT}.old.", dir=target.parent))
        os.replace(target, old / SAMPLE_COHORT)
    try:
        os.rename(fresh, target)
    except OSError:  # another notebook made it at the same moment: use theirs
        shutil.rmtree(fresh, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return target


def _same_files(shipped: Path, copy: Path, names: list[str]) -> bool:
    """Whether ``copy`` holds exactly the sample's files (a state it saved may be beside)."""
    have = {p.name for p in copy.glob("*.json")}
    if have != set(names):
        return False
    import filecmp

    _, mismatch, errors = filecmp.cmpfiles(shipped, copy, names, shallow=False)
    return not mismatch and not errors

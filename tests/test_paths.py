"""Where the kit finds its own files (paths.kit_root) and its sample cohort.

A checkout is tested as it is; an installed wheel is stood in for by a package folder with a
``_shipped/`` copy inside (tests/test_wheel.py installs a real one).
"""

import os
import shutil
from pathlib import Path

import pytest

from interdependence import paths
from interdependence.cohort.stores.folder import FolderStore
from interdependence.report import build as report

ROOT = Path(__file__).resolve().parents[1]


def test_in_a_checkout_the_kit_files_are_the_checkout_s_own(monkeypatch):
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    assert paths.kit_root() == ROOT
    assert not paths.is_installed_copy()
    assert paths.curriculum_dir() == ROOT / "data" / "curriculum"
    assert paths.notebooks_dir() == ROOT / "notebooks"
    assert paths.dashboard_notebook() == ROOT / "facilitator_guide" / "cohort-dashboard.ipynb"
    assert paths.sample_cohort() == ROOT / "data" / "sample-cohort"  # used in place, no copy
    assert not (paths.home() / "sample-cohort").exists()


def test_only_paths_py_works_out_where_the_project_is():
    """No module guesses the checkout from its own file's place (``parents[2]``)."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py")
                 if "parents[" in p.read_text(encoding="utf-8")]
    assert offenders == []


def _installed(tmp_path, monkeypatch) -> Path:
    """A stand-in for the wheel's package: the kit's files in ``_shipped/`` and no checkout
    around it."""
    package = tmp_path / "site-packages" / "interdependence"
    shipped = package / paths.SHIPPED
    shutil.copytree(ROOT / "data" / "curriculum", shipped / "data" / "curriculum")
    (shipped / "data" / "sample-cohort").mkdir()
    for source in (ROOT / "data" / "sample-cohort").glob("*.json"):
        shutil.copyfile(source, shipped / "data" / "sample-cohort" / source.name)
    shutil.copytree(ROOT / "notebooks", shipped / "notebooks")
    monkeypatch.setattr(paths, "package_dir", lambda: package)
    monkeypatch.delenv(paths.DATA_ENV, raising=False)
    return shipped


def test_installed_the_kit_files_are_the_copy_inside_the_package(tmp_path, monkeypatch):
    shipped = _installed(tmp_path, monkeypatch)
    assert paths.kit_root() == shipped and paths.is_installed_copy()
    assert paths.curriculum_dir() == shipped / "data" / "curriculum"
    assert (paths.notebooks_dir() / "00-welcome.ipynb").is_file()


def test_a_strict_editable_install_of_links_still_finds_the_checkout(tmp_path, monkeypatch):
    """setuptools' strict editable mode runs the package from a folder of links to the
    checkout's files."""
    farm = tmp_path / "__editable__" / "interdependence"
    farm.mkdir(parents=True)
    (farm / "__init__.py").symlink_to(ROOT / "src" / "interdependence" / "__init__.py")
    monkeypatch.setattr(paths, "package_dir", lambda: farm)
    assert paths.kit_root() == ROOT and not paths.is_installed_copy()


def test_a_package_with_no_kit_files_says_how_to_install_it(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "interdependence"
    package.mkdir(parents=True)
    monkeypatch.setattr(paths, "package_dir", lambda: package)
    with pytest.raises(paths.KitFilesMissing, match="pip install"):
        paths.kit_root()


def test_interdependence_data_still_wins_for_the_item_bank(tmp_path, monkeypatch):
    _installed(tmp_path, monkeypatch)
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "elsewhere"))
    assert paths.curriculum_dir() == tmp_path / "elsewhere" / "curriculum"
    assert paths.sample_cohort() == tmp_path / "elsewhere" / "sample-cohort"


def test_installed_the_sample_cohort_is_a_copy_of_this_account_s_own(tmp_path, monkeypatch):
    """The package's files belong to whoever installed them (root, on a hub), and the cohort
    tools trust only a settings.json of the facilitator's own: so the dashboard opens a copy
    in the private folder, and loading it never counts as a real cohort."""
    shipped = _installed(tmp_path, monkeypatch)
    copy = paths.sample_cohort()
    assert copy == paths.home() / "sample-cohort"
    names = sorted(p.name for p in (shipped / "data" / "sample-cohort").glob("*.json"))
    assert sorted(p.name for p in copy.glob("*.json")) == names
    assert (copy / "settings.json").read_bytes() == (
        shipped / "data" / "sample-cohort" / "settings.json").read_bytes()
    if os.name == "posix":
        assert copy.stat().st_uid == os.geteuid() and copy.stat().st_mode & 0o077 == 0
    assert FolderStore(copy).settings() is not None  # trusted: this account's own
    assert report.is_bundled_sample(copy) and report.is_bundled_sample(FolderStore(copy))
    assert not list(paths.home().glob(".sample-cohort*")), "no temp folder is left behind"


def test_the_sample_copy_is_kept_while_it_matches_and_made_again_when_it_does_not(
        tmp_path, monkeypatch):
    shipped = _installed(tmp_path, monkeypatch)
    copy = paths.sample_cohort()
    kept = copy / "_facilitator"  # what the tools keep in a cohort: stays while it matches
    kept.mkdir()
    assert paths.sample_cohort() == copy and kept.is_dir()
    # A newer version of the kit ships another sample: the old copy and its state go.
    some = sorted((shipped / "data" / "sample-cohort").glob("*.json"))[0]
    some.write_text('{"changed": true}', encoding="utf-8")
    assert paths.sample_cohort() == copy
    assert (copy / some.name).read_text(encoding="utf-8") == '{"changed": true}'
    assert not kept.exists()
    (copy / "extra.json").write_text("{}", encoding="utf-8")  # not the sample's: made again
    assert paths.sample_cohort() == copy and not (copy / "extra.json").exists()
    assert not list(paths.home().glob(".sample-cohort*"))


def test_the_dashboard_opens_the_sample_copy_out_of_the_box(tmp_path, monkeypatch):
    _installed(tmp_path, monkeypatch)
    monkeypatch.delenv(paths.COHORT_ENV, raising=False)
    from interdependence.views import dashboard

    dash = dashboard.open_dashboard()
    assert dash.problems.value == ""
    assert dash.loaded is not None and dash.loaded.accepted > 0
    copy = paths.home() / "sample-cohort"
    assert not (copy / "_set_aside").exists()

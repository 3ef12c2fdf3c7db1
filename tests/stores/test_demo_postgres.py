"""`interdependence demo-cohort` with a postgresql:// URL writes into the database, the same
cohort a folder would hold, and never a local folder named after the URL."""

import pytest

from interdependence import cli
from interdependence.cohort.demo import write_demo_cohort
from interdependence.cohort.loader import load_cohort
from interdependence.cohort.stores.base import StoreError
from interdependence.cohort.stores.factory import open_store

from .conftest import submission


def test_demo_cohort_to_a_url_fills_the_database_not_a_folder(postgres, tmp_path, monkeypatch,
                                                              capsys):
    monkeypatch.chdir(tmp_path)
    url = postgres.url() + "?cohort=DEMO_PG"
    assert cli.main(["demo-cohort", url, "--participants", "7", "--seed", "3",
                     "--code", "PRACTICE", "--min-group", "4"]) == 0
    out = capsys.readouterr().out
    assert "7 made-up participants" in out and "test-kit-secret" not in out
    assert list(tmp_path.iterdir()) == []  # no folder called postgresql:
    store = open_store(url)
    assert store.count() == 7
    settings = store.settings()
    assert (settings.code, settings.min_group) == ("PRACTICE", 4)
    data = load_cohort(url)
    assert data.accepted == 7 and data.rejected == []
    # the same seed gives the same cohort in a folder
    folder = write_demo_cohort(tmp_path / "same", count=7, seed=3, code="PRACTICE", min_group=4)
    assert load_cohort(folder.path, set_aside=False).tokens == data.tokens


def test_demo_cohort_refuses_a_database_cohort_that_has_submissions(postgres, tmp_path,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = postgres.url() + "?cohort=REAL_PG"
    store = open_store(url)
    store.init_settings("TEST1", 5)
    store.put(submission("x" * 22))
    with pytest.raises(StoreError, match="already has submissions"):
        write_demo_cohort(url, count=3)
    assert store.count() == 1
    assert list(tmp_path.iterdir()) == []

"""Test-wide set-up, for tests/ and for the notebooks nbval executes.

- Every run gets a fresh temp INTERDEPENDENCE_HOME, so no test touches a real journal;
  the kernels nbval starts inherit it.
- With CI=true a skipped test fails: in CI a missing dependency is a broken set-up, not
  a reason to pass quietly.
- When nbval runs, it must have collected every notebook of the curriculum.
"""

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    home = tempfile.mkdtemp(prefix="interdependence-test-home-")
    os.environ["INTERDEPENDENCE_HOME"] = home
    os.environ.pop("INTERDEPENDENCE_COHORT", None)
    os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") == "true" and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"Skipped in CI, where every test must run: {reason}"


def expected_notebooks() -> list[Path]:
    steps = sorted((ROOT / "data" / "curriculum" / "steps").glob("*.yaml"))
    return [ROOT / "notebooks" / f"{s.stem}.ipynb" for s in steps]


def pytest_collection_finish(session):
    """When the notebooks folder is run under nbval, every curriculum notebook must be in it."""
    notebooks = (ROOT / "notebooks").resolve()
    asked = {Path(a.split("::")[0]).resolve() for a in session.config.args}
    if notebooks not in asked or not session.config.getoption("nbval_lax", default=False):
        return
    collected = {Path(str(item.path)).resolve() for item in session.items}
    expected = expected_notebooks()
    missing = [p.name for p in expected if p.resolve() not in collected]
    if not expected or missing:
        raise pytest.UsageError(
            f"nbval did not collect these curriculum notebooks: {missing or 'none expected'}")

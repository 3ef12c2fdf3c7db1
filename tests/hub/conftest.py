"""Fixtures for the JupyterHub integration test: the kit deployed once per session, a
PostgreSQL server, and three system accounts per test (two participants, one facilitator).

Needs root (it creates system users and the hub starts servers as them), Debian's python3
with venv, Node.js with npm, and PostgreSQL's server binaries; `.ci/run` installs them.
Without them the tests skip with the reason, and under CI=true a skip is a failure.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
import hub_deploy  # noqa: E402
import postgres_server  # noqa: E402


@pytest.fixture(scope="session")
def kit():
    """The kit installed for everyone, as the deployment guide does it (about a minute)."""
    reason = hub_deploy.missing_reason()
    if reason:
        pytest.skip(reason)
    deployed = hub_deploy.build_kit()
    try:
        yield deployed
    finally:
        shutil.rmtree(deployed.root, ignore_errors=True)


@pytest.fixture
def people(kit):
    """Fresh system accounts with homes; removed (homes too) after the test."""
    with hub_deploy.system_users() as made:
        yield made


@pytest.fixture(scope="session")
def postgres():
    reason = postgres_server.missing_reason()
    if reason:
        pytest.skip(reason)
    with postgres_server.running_postgres() as server:
        yield server

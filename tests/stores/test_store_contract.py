"""The cohort store contract, proven against the folder store and PostgreSQL alike."""

import multiprocessing
import secrets
import subprocess
import sys

import pytest

from interdependence.cohort.loader import load_cohort
from interdependence.cohort.stores.base import StoreError
from interdependence.cohort.stores.factory import open_store

from .conftest import submission


def token():
    return secrets.token_urlsafe(16)


def test_a_fresh_store_has_no_settings_and_no_submissions(location):
    store = open_store(location)
    assert store.settings() is None
    assert store.count() == 0 and not store.has_submissions()
    assert list(store.records()) == []


def test_settings_are_kept_and_fixed_once_a_submission_exists(location):
    store = open_store(location)
    first = store.init_settings("TEST1", 5)
    assert (first.code, first.min_group) == ("TEST1", 5)
    assert open_store(location).settings() == first
    assert store.init_settings("TEST1", 6).min_group == 6  # still free: nobody has shared
    store.put(submission(token()))
    with pytest.raises(StoreError, match="fixed"):
        store.init_settings("TEST1", 7)
    assert open_store(location).settings().min_group == 6


def test_keeping_time_can_be_shortened_but_never_lengthened_once_a_submission_exists(location):
    """The share panel tells participants their answers are kept *at most* keep_days days."""
    store = open_store(location)
    first = store.init_settings("TEST1", 5, keep_days=30)
    assert store.init_settings("TEST1", 5, keep_days=60).keep_days == 60  # nobody has shared
    assert store.init_settings("TEST1", 5).keep_days == 60  # no keep_days: the cohort's own
    store.put(submission(token()))
    with pytest.raises(StoreError, match="kept at most 60 days"):
        store.init_settings("TEST1", 5, keep_days=61)
    assert open_store(location).settings().keep_days == 60
    shorter = store.init_settings("TEST1", 5, keep_days=20)
    assert (shorter.keep_days, shorter.created) == (20, first.created)
    assert open_store(location).settings() == shorter


def test_state_names_and_sizes_follow_one_rule_in_every_store(location):
    store = open_store(location)
    store.init_settings("TEST1")
    store.write_state("revealed", b"one")
    store.write_state("bad-0a1b2.json", b"two")
    assert (store.read_state("revealed"), store.read_state("bad-0a1b2.json")) == (b"one", b"two")
    assert store.read_state("never-written") is None
    for bad in ("../x", "", "a/b", "Revealed", ".hidden", "x" * 101, None):
        with pytest.raises(StoreError, match="not a state name"):
            store.write_state(bad, b"x")
        with pytest.raises(StoreError, match="not a state name"):
            store.read_state(bad)
    with pytest.raises(StoreError, match="larger than 16 MB"):
        store.write_state("revealed", b"x" * (16 * 1024 * 1024 + 1))
    assert store.read_state("revealed") == b"one"


def test_min_group_below_three_is_refused(location):
    with pytest.raises(StoreError):
        open_store(location).init_settings("TEST1", 2)


def test_sharing_again_replaces_never_duplicates(location):
    store = open_store(location)
    store.init_settings("TEST1")
    t = token()
    store.put(submission(t, ratings={"sign.asking": 2}))
    store.put(submission(t, ratings={"sign.asking": 5}))
    assert store.count() == 1
    data = load_cohort(location)
    assert data.accepted == 1
    assert data.ratings["value"].tolist() == [5]


def test_withdraw_removes_the_submission(location):
    store = open_store(location)
    store.init_settings("TEST1")
    keep, leave = token(), token()
    store.put(submission(keep))
    store.put(submission(leave))
    assert store.delete(leave) is True
    assert store.delete(leave) is False
    assert load_cohort(location).tokens == frozenset({keep})


def test_invalid_token_is_refused_before_anything_is_written(location):
    store = open_store(location)
    for bad in ("../../etc/passwd", "short", "a b c d e f g h i j k"):
        with pytest.raises(StoreError, match="not a valid token"):
            store.put(submission(bad))
    assert store.count() == 0


def test_records_come_back_exactly_as_written(location):
    store = open_store(location)
    store.init_settings("TEST1")
    t = token()
    sub = submission(t, ratings={"sign.asking": None, "sign.uneasy_relying": 3})
    store.put(sub)
    [(name, raw)] = list(store.records())
    assert name == f"{t}.json"
    import json

    assert json.loads(raw) == sub


def test_rows_keep_no_time_of_day_or_owner(location):
    store = open_store(location)
    store.init_settings("TEST1")
    t = token()
    store.put(submission(t))
    [(_, raw)] = list(store.records())
    text = raw.decode().replace(t, "<token>")  # a random token may contain any short word
    import getpass
    import re
    import socket

    assert not re.search(r"\d{2}:\d{2}", text)
    assert getpass.getuser() not in text and socket.gethostname() not in text


def test_a_rejected_record_is_set_aside_with_its_reason_never_deleted(location):
    store = open_store(location)
    store.init_settings("TEST1")
    good, bad = token(), token()
    store.put(submission(good))
    store.put(submission(bad, code="OTHER"))  # another cohort's code: the loader rejects it
    data = load_cohort(location)
    assert data.tokens == frozenset({good})
    assert [name for name, _ in data.rejected] == [f"{bad}.json"]
    assert "OTHER" in data.rejected[0][1] or "cohort" in data.rejected[0][1]
    aside = list(store.set_aside_records())
    assert len(aside) == 1 and bad in aside[0][0]
    assert b"OTHER" in aside[0][1]  # kept whole
    assert load_cohort(location).accepted == 1  # and out of the way on the next load


def _share_one(args):
    location, t = args
    open_store(location).put(submission(t))
    return t


def test_fifty_participants_sharing_at_once_leave_fifty_valid_submissions(location):
    open_store(location).init_settings("TEST1")
    tokens = [token() for _ in range(50)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(10) as pool:
        done = pool.map(_share_one, [(location, t) for t in tokens])
    assert sorted(done) == sorted(tokens)
    data = load_cohort(location)
    assert data.accepted == 50 and data.rejected == []
    assert data.tokens == frozenset(tokens)


def test_a_bad_location_is_one_clear_line():
    with pytest.raises(StoreError) as caught:
        open_store("/no/such/cohort/folder").count()
    assert "\n" not in str(caught.value)


def test_wrong_password_is_one_clear_line_without_the_password(postgres):
    url = postgres.url(password="not-the-password")
    with pytest.raises(StoreError) as caught:
        open_store(url).count()
    message = str(caught.value)
    assert "password is wrong" in message and "not-the-password" not in message
    assert "\n" not in message


def test_wrong_port_is_one_clear_line(postgres):
    from postgres_server import free_port

    url = f"postgresql://kit:x@127.0.0.1:{free_port()}/kit"
    with pytest.raises(StoreError, match="not answering"):
        open_store(url).count()


def test_cli_names_a_wrong_password_in_one_line(postgres):
    url = postgres.url(password="nope-nope")
    proc = subprocess.run([sys.executable, "-m", "interdependence.cli", "check", url],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "password is wrong" in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr and "nope-nope" not in proc.stderr + proc.stdout


def test_server_going_away_mid_share_then_retry_works(postgres):
    url = postgres.url() + "?cohort=AWAY"
    store = open_store(url)
    store.init_settings("TEST1")
    t = token()
    store.put(submission(t, ratings={"sign.asking": 1}))
    postgres.stop("immediate")
    try:
        with pytest.raises(StoreError, match="not answering"):
            store.put(submission(t, ratings={"sign.asking": 3}))
    finally:
        postgres.start()
    store.put(submission(t, ratings={"sign.asking": 3}))  # the retry
    assert load_cohort(url).ratings["value"].tolist() == [3]


def test_the_store_creates_and_versions_its_own_tables(postgres):
    from interdependence.cohort.stores.postgres import SCHEMA_VERSION, PostgresStore

    store = PostgresStore(postgres.url() + "?cohort=MIGRATE")
    assert store.migrate() == SCHEMA_VERSION
    assert store.migrate() == SCHEMA_VERSION  # idempotent


def test_a_database_from_a_newer_kit_is_refused_plainly(postgres):
    import sqlalchemy as sa

    from interdependence.cohort.stores.postgres import PostgresStore, meta

    store = PostgresStore(postgres.url() + "?cohort=NEWER")
    store.migrate()
    with store.engine.begin() as conn:
        conn.execute(sa.update(meta).where(meta.c.key == "schema").values(value="99"))
    try:
        with pytest.raises(StoreError, match="newer version"):
            PostgresStore(postgres.url() + "?cohort=NEWER").migrate()
    finally:
        with store.engine.begin() as conn:
            conn.execute(sa.update(meta).where(meta.c.key == "schema").values(value="1"))


def test_participants_role_can_share_and_withdraw_but_read_nothing(postgres):
    """The URL on participants' servers must not open anyone's answers (not even by SQL)."""
    import os

    import psycopg
    from postgres_server import SUPERUSER_PASSWORD

    admin = f"postgresql://postgres:{SUPERUSER_PASSWORD}@127.0.0.1:{postgres.port}/kit"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS kit_participant")
        conn.execute("CREATE ROLE kit_participant LOGIN PASSWORD 'p-secret'")
    owner_url = postgres.url() + "?cohort=ROLES"
    proc = subprocess.run(
        [sys.executable, "-m", "interdependence.cli", "setup-cohort", owner_url,
         "--code", "TEST1", "--participant-role", "kit_participant"],
        capture_output=True, text=True, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    participant_url = postgres.url(user="kit_participant", password="p-secret") + "?cohort=ROLES"
    mine, other = token(), token()
    open_store(owner_url).put(submission(other, ratings={"sign.asking": 2}))

    participant = open_store(participant_url)
    assert participant.settings().code == "TEST1"  # needed for the consent text
    participant.put(submission(mine))
    participant.put(submission(mine, ratings={"sign.asking": 5}))  # reshare replaces
    for read in (participant.count, lambda: list(participant.records())):
        with pytest.raises(StoreError, match="may only share and withdraw"):
            read()
    with psycopg.connect(participant_url.split("?")[0]) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT body FROM interdependence_submissions").fetchall()
    data = load_cohort(owner_url)
    assert data.tokens == frozenset({mine, other})
    assert participant.delete(mine) is True
    assert load_cohort(owner_url).tokens == frozenset({other})


def test_share_function_refuses_a_malformed_token_even_when_called_directly(postgres):
    import psycopg

    store = open_store(postgres.url() + "?cohort=DIRECT")
    store.init_settings("TEST1")
    with psycopg.connect(postgres.url()) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="not a valid submission"):
            conn.execute("SELECT interdependence_share('DIRECT', '../x', '{}', '2026-11-27')")

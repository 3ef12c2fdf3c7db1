"""PostgreSQL schema 3: a participant role shares only into the cohorts it was granted; the
facilitator's own state is kept where participants' roles cannot read it; v2 -> v3 keeps rows."""

import secrets
import subprocess
import sys

import pytest

from interdependence.cohort.loader import load_cohort
from interdependence.cohort.stores.base import StoreError
from interdependence.cohort.stores.factory import open_store

from .conftest import submission

pytestmark = pytest.mark.postgres


def token():
    return secrets.token_urlsafe(16)


def admin_url(postgres, db="kit"):
    from postgres_server import SUPERUSER_PASSWORD

    return f"postgresql://postgres:{SUPERUSER_PASSWORD}@127.0.0.1:{postgres.port}/{db}"


def make_role(postgres, role, password):
    import psycopg

    with psycopg.connect(admin_url(postgres), autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {role}")
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")


def setup_cohort(owner_url, code, role=None):
    args = [sys.executable, "-m", "interdependence.cli", "setup-cohort", owner_url,
            "--code", code]
    if role:
        args += ["--participant-role", role]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_participant_role_shares_only_into_its_own_cohort(postgres):
    make_role(postgres, "kit_part_a", "a-secret")
    owner_a, owner_b = (postgres.url() + "?cohort=GRANT-A", postgres.url() + "?cohort=GRANT-B")
    setup_cohort(owner_a, "TEST1", "kit_part_a")
    setup_cohort(owner_b, "TEST1")
    role_url = postgres.url(user="kit_part_a", password="a-secret")
    into_a, into_b = open_store(role_url + "?cohort=GRANT-A"), open_store(
        role_url + "?cohort=GRANT-B")
    mine = token()
    into_a.put(submission(mine))
    with pytest.raises(StoreError) as refused:
        into_b.put(submission(token()))
    message = str(refused.value)
    assert "another cohort" in message and "GRANT-B" in message and "\n" not in message
    assert "a-secret" not in message
    # Withdrawing from B is refused alike, even for a token that is there.
    theirs = token()
    open_store(owner_b).put(submission(theirs))
    with pytest.raises(StoreError, match="another cohort"):
        into_b.delete(theirs)
    assert load_cohort(owner_b).tokens == frozenset({theirs})
    assert load_cohort(owner_a).tokens == frozenset({mine})
    assert into_a.delete(mine) is True


def test_the_share_function_checks_the_caller_even_when_called_directly(postgres):
    import psycopg

    make_role(postgres, "kit_part_d", "d-secret")
    setup_cohort(postgres.url() + "?cohort=DIRECT-A", "TEST1", "kit_part_d")
    setup_cohort(postgres.url() + "?cohort=DIRECT-B", "TEST1")
    url = postgres.url(user="kit_part_d", password="d-secret")
    with psycopg.connect(url) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="DIRECT-B"):
            conn.execute("SELECT interdependence_share('DIRECT-B', %s, '{}', '2026-11-27')",
                         (token(),))
        conn.rollback()
        # SET ROLE cannot dodge the check: it looks at the role that logged in.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SET ROLE kit")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM interdependence_grants").fetchall()


def test_facilitator_state_round_trips_and_is_kept_per_cohort(postgres):
    from interdependence.cohort.stores.postgres import PostgresStore

    one = PostgresStore(postgres.url() + "?cohort=STATE-1")
    two = PostgresStore(postgres.url() + "?cohort=STATE-2")
    assert one.read_state("revealed.json") is None
    one.write_state("revealed.json", b'{"n": 5}')
    one.write_state("revealed.json", b'{"n": 10}')  # replaces
    two.write_state("revealed.json", b"\x00\xffbinary")
    assert one.read_state("revealed.json") == b'{"n": 10}'
    assert PostgresStore(postgres.url() + "?cohort=STATE-2").read_state(
        "revealed.json") == b"\x00\xffbinary"
    for bad in ("../x", "", "a/b"):
        with pytest.raises(StoreError, match="not a state name"):
            one.write_state(bad, b"x")


def test_the_participant_role_cannot_read_the_facilitators_state(postgres):
    import psycopg

    from interdependence.cohort.stores.postgres import PostgresStore

    make_role(postgres, "kit_part_s", "s-secret")
    owner = postgres.url() + "?cohort=STATE-P"
    setup_cohort(owner, "TEST1", "kit_part_s")
    PostgresStore(owner).write_state("revealed.json", b"only the facilitator's")
    participant = PostgresStore(postgres.url(user="kit_part_s", password="s-secret")
                                + "?cohort=STATE-P")
    with pytest.raises(StoreError, match="may only share and withdraw"):
        participant.read_state("revealed.json")
    with pytest.raises(StoreError, match="may only share and withdraw"):
        participant.write_state("revealed.json", b"forged")
    with psycopg.connect(postgres.url(user="kit_part_s", password="s-secret")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT body FROM interdependence_state").fetchall()
    assert PostgresStore(owner).read_state("revealed.json") == b"only the facilitator's"


def test_identity_names_the_store_without_secrets(postgres):
    from interdependence.cohort.stores.postgres import PostgresStore

    owner = PostgresStore(postgres.url() + "?cohort=IDENT&sslmode=disable")
    participant = PostgresStore(postgres.url(user="someone", password="pw") + "?cohort=IDENT")
    assert owner.identity == f"postgresql://127.0.0.1:{postgres.port}/kit#IDENT"
    assert participant.identity == owner.identity  # the same store, whoever connects
    assert "kit-secret" not in owner.identity and "pw" not in participant.identity
    assert PostgresStore(postgres.url() + "?cohort=OTHER").identity != owner.identity


def test_a_v2_database_migrates_to_v3_keeping_rows_and_participants(postgres):
    """Build the schema-2 layout (v1 tables, v2 functions granted to a role, no grants or state
    tables), then let the current kit open it."""
    import psycopg
    import sqlalchemy as sa

    from interdependence.cohort.stores import postgres as pg

    with psycopg.connect(admin_url(postgres), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS kit_v2")
        conn.execute("CREATE DATABASE kit_v2 OWNER kit")
    make_role(postgres, "kit_part_v2", "v2-secret")
    owner = postgres.url(db="kit_v2") + "?cohort=OLD"
    kept = token()
    engine = sa.create_engine(pg.split_url(owner)[0])
    try:
        with engine.begin() as conn:
            pg.metadata.create_all(conn, tables=[pg.meta, pg.cohorts, pg.submissions,
                                                 pg.set_aside_rows])
            for statement in V2_FUNCTIONS:
                conn.execute(sa.text(statement))
            conn.execute(sa.insert(pg.meta).values(key="schema", value="2"))
            conn.execute(sa.insert(pg.cohorts).values(
                name="OLD", settings='{"schema": 1, "code": "TEST1", "min_group": 5, '
                                     '"created": "2026-11-01", "keep_days": 90}'))
            conn.execute(sa.text(
                "SELECT interdependence_share('OLD', :t, :b, '2026-11-20')"),
                {"t": kept, "b": pg.encode(submission(kept)).decode()})
            conn.execute(sa.text("GRANT USAGE ON SCHEMA public TO kit_part_v2"))
            conn.execute(sa.text("GRANT SELECT ON interdependence_meta, interdependence_cohorts "
                                 "TO kit_part_v2"))
            conn.execute(sa.text("GRANT EXECUTE ON FUNCTION interdependence_share(text, text, "
                                 "text, date), interdependence_withdraw(text, text) "
                                 "TO kit_part_v2"))
    finally:
        engine.dispose()

    store = pg.PostgresStore(owner)
    assert store.migrate() == 3
    assert load_cohort(owner).tokens == frozenset({kept})
    # The running workshop keeps working: the old role may still share into OLD ...
    role_url = postgres.url(user="kit_part_v2", password="v2-secret", db="kit_v2")
    again = token()
    open_store(role_url + "?cohort=OLD").put(submission(again))
    assert load_cohort(owner).tokens == frozenset({kept, again})
    # ... but, unlike under schema 2, not into a cohort made after the upgrade.
    setup_cohort(postgres.url(db="kit_v2") + "?cohort=NEW", "TEST1")
    with pytest.raises(StoreError, match="another cohort"):
        open_store(role_url + "?cohort=NEW").put(submission(token()))
    store.write_state("x", b"y")
    assert store.read_state("x") == b"y"
    pg._engines.pop(pg.split_url(owner)[0]).dispose()
    pg._engines.pop(pg.split_url(role_url)[0]).dispose()


# The share and withdraw functions exactly as schema 2 made them (any caller with EXECUTE could
# write into any cohort): the layout the migration starts from.
V2_FUNCTIONS = (
    """
    CREATE OR REPLACE FUNCTION interdependence_share(
        p_cohort text, p_token text, p_body text, p_date date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    DECLARE owner_schema text := (SELECT nspname FROM pg_namespace n
        JOIN pg_proc p ON p.pronamespace = n.oid WHERE p.proname = 'interdependence_share'
        LIMIT 1);
    BEGIN
        IF p_token !~ '^[A-Za-z0-9_-]{16,64}$' OR p_cohort !~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'
           OR octet_length(p_body) > 262144 THEN
            RAISE EXCEPTION 'not a valid submission';
        END IF;
        EXECUTE format('INSERT INTO %I.interdependence_submissions (cohort, token, body, '
                       'shared_on) VALUES ($1, $2, $3, $4) ON CONFLICT (cohort, token) DO '
                       'UPDATE SET body = EXCLUDED.body, shared_on = EXCLUDED.shared_on',
                       owner_schema) USING p_cohort, p_token, p_body, p_date;
    END $fn$
    """,
    """
    CREATE OR REPLACE FUNCTION interdependence_withdraw(p_cohort text, p_token text)
    RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    DECLARE owner_schema text := (SELECT nspname FROM pg_namespace n
        JOIN pg_proc p ON p.pronamespace = n.oid WHERE p.proname = 'interdependence_withdraw'
        LIMIT 1);
        removed integer;
    BEGIN
        EXECUTE format('DELETE FROM %I.interdependence_submissions WHERE cohort = $1 '
                       'AND token = $2', owner_schema) USING p_cohort, p_token;
        GET DIAGNOSTICS removed = ROW_COUNT;
        RETURN removed > 0;
    END $fn$
    """,
    "REVOKE ALL ON FUNCTION interdependence_share(text, text, text, date) FROM PUBLIC",
    "REVOKE ALL ON FUNCTION interdependence_withdraw(text, text) FROM PUBLIC",
)

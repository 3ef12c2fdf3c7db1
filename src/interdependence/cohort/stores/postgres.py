"""The PostgreSQL cohort store: the interface of :mod:`.base`, for hubs that span machines.

Chosen by giving a URL instead of a folder, anywhere a cohort location is accepted::

    postgresql://kit:SECRET@db.example.org:5432/kit?cohort=SPRING-26

``cohort=`` names the cohort inside the database (several cohorts can share one database,
like several folders on one drive); without it the cohort is called ``default``. The other
query parameters go to the driver (for example ``sslmode=require``).

Tables (created and migrated by the store itself; ``interdependence_meta`` keeps the version):

- ``interdependence_cohorts(name, settings)``: the settings JSON, as in ``settings.json``.
- ``interdependence_submissions(cohort, token, body, shared_on)``: one row per participant;
  ``body`` is the submission's JSON text, exactly as the folder store would write it, so the
  loader validates both alike. ``shared_on`` is a date, never a time. No row records who
  connected, from where, or when.
- ``interdependence_set_aside(id, cohort, name, body, reason, set_aside_on)``: rejected rows,
  moved out of the way with their reason, never deleted except by ``purge``.

- ``interdependence_grants(role, cohort)`` (schema 3): which participant role may share into
  which cohort. ``grant_participant(role)`` adds the store's own cohort.
- ``interdependence_state(cohort, name, body)`` (schema 3): the facilitator's own state (for
  example what the dashboard last revealed), read and written with ``read_state`` and
  ``write_state``. Only the owner role can read it; participants' roles get no right on it.

Two roles, two URLs. The facilitator's URL uses the role that owns the tables. Participants'
servers (or, better, the hub's share service, see ``interdependence.hubshare``) get a URL for a
role made with ``interdependence setup-cohort URL --code C --participant-role NAME``: it may
only call two functions, ``interdependence_share`` and ``interdependence_withdraw``
(``SECURITY DEFINER``, owned by the facilitator's role), and read the schema version and the
cohort settings. It cannot read, list or count submissions, so a participant who copies the URL
out of their environment still cannot see anyone's answers. Since schema 3 the two functions
also check the caller (``session_user``) against ``interdependence_grants``: a role set up for
cohort A cannot share into, or withdraw from, cohort B. The owner role (and any role that is a
member of it) may write into every cohort, as it could through the tables anyway.

Migrating from schema 2 keeps every row. Roles that could call the share function under
schema 2 could share into any cohort; the migration grants them the cohorts that exist at that
moment, so a running workshop keeps working, and nothing more (new cohorts need
``--participant-role`` again).

Needs the ``hub`` extra (SQLAlchemy 2 and psycopg 3); imported only when a URL is used.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from ..settings import CohortSettings, SettingsError, parse_settings
from ..submission import encode
from .base import MAX_BYTES, Problem, Store, StoreError, check_token

SCHEMA_VERSION = 3
T = TypeVar("T")
COHORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")

metadata = sa.MetaData()
meta = sa.Table(
    "interdependence_meta", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
cohorts = sa.Table(
    "interdependence_cohorts", metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("settings", sa.Text, nullable=False),
)
submissions = sa.Table(
    "interdependence_submissions", metadata,
    sa.Column("cohort", sa.String(40), primary_key=True),
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("shared_on", sa.Date, nullable=False),
)
set_aside_rows = sa.Table(
    "interdependence_set_aside", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cohort", sa.String(40), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("set_aside_on", sa.Date, nullable=False),
)
grants = sa.Table(
    "interdependence_grants", metadata,
    sa.Column("role", sa.String(63), primary_key=True),
    sa.Column("cohort", sa.String(40), primary_key=True),
)
state_rows = sa.Table(
    "interdependence_state", metadata,
    sa.Column("cohort", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("body", sa.LargeBinary, nullable=False),
)

# Share and withdraw run with the owner's rights, so participants' role needs no table rights.
# search_path is pinned: a SECURITY DEFINER function must not resolve names a caller controls.
# Both check the caller: session_user (the role that logged in; SET ROLE cannot change it) must
# own the tables (or be a member of the owner role), or be granted this cohort.
_CALLER_CHECK = """
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.interdependence_grants '
                       'WHERE role = $1 AND cohort = $2)', owner_schema)
            INTO allowed USING session_user::text, p_cohort;
        IF NOT (allowed OR pg_has_role(session_user, (SELECT c.relowner FROM pg_class c
                    WHERE c.oid = format('%I.interdependence_submissions', owner_schema)
                    ::regclass), 'MEMBER')) THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'this account may not share into cohort ' || p_cohort;
        END IF;
"""
_FUNCTIONS = (
    """
    CREATE OR REPLACE FUNCTION interdependence_share(
        p_cohort text, p_token text, p_body text, p_date date) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
    DECLARE owner_schema text := (SELECT nspname FROM pg_namespace n
        JOIN pg_proc p ON p.pronamespace = n.oid WHERE p.proname = 'interdependence_share'
        LIMIT 1);
        allowed boolean;
    BEGIN
        IF p_token !~ '^[A-Za-z0-9_-]{16,64}$' OR p_cohort !~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'
           OR octet_length(p_body) > 262144 THEN
            RAISE EXCEPTION 'not a valid submission';
        END IF;""" + _CALLER_CHECK + """
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
        allowed boolean;
    BEGIN""" + _CALLER_CHECK + """
        EXECUTE format('DELETE FROM %I.interdependence_submissions WHERE cohort = $1 '
                       'AND token = $2', owner_schema) USING p_cohort, p_token;
        GET DIAGNOSTICS removed = ROW_COUNT;
        RETURN removed > 0;
    END $fn$
    """,
    "REVOKE ALL ON FUNCTION interdependence_share(text, text, text, date) FROM PUBLIC",
    "REVOKE ALL ON FUNCTION interdependence_withdraw(text, text) FROM PUBLIC",
)

# Schema 2 -> 3: roles that could already call the share function keep the cohorts that exist
# now (under schema 2 they could share into any cohort), so a running workshop keeps working.
_GRANT_EXISTING = """
    INSERT INTO interdependence_grants (role, cohort)
    SELECT DISTINCT r.rolname, c.name
    FROM pg_proc p CROSS JOIN LATERAL aclexplode(p.proacl) a
    JOIN pg_roles r ON r.oid = a.grantee
    CROSS JOIN interdependence_cohorts c
    WHERE p.proname = 'interdependence_share' AND p.pronamespace = current_schema()::regnamespace
      AND a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner
    ON CONFLICT DO NOTHING
"""

_engines: dict[str, sa.Engine] = {}


def split_url(url: str) -> tuple[str, str, str]:
    """(SQLAlchemy URL, cohort name, a description safe to show: no password)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    cohort = next((v for k, v in query if k == "cohort"), "default")
    if not COHORT_NAME.fullmatch(cohort):
        raise StoreError(f"The cohort name {cohort!r} in the URL should use letters, numbers, "
                         "- and _ only (up to 40).")
    rest = urlencode([(k, v) for k, v in query if k != "cohort"])
    scheme = "postgresql+psycopg"
    sa_url = urlunsplit((scheme, parts.netloc, parts.path, rest, ""))
    host = parts.hostname or "localhost"
    where = f"PostgreSQL at {host}:{parts.port or 5432}{parts.path or ''} (cohort {cohort})"
    return sa_url, cohort, where


class PostgresStore(Store):
    """A cohort in a PostgreSQL database: one cohort name in the kit's tables (see above)."""

    NEW_COHORT_HINT = "Use another cohort name in the URL for other values."

    def __init__(self, url: str, connect_timeout: int = 5):
        self._sa_url, self.cohort, self.location = split_url(url)
        parts = urlsplit(url)
        self._user = parts.username or ""
        # No user, no password, no driver options: the same store whoever connects to it.
        self._identity = (f"postgresql://{parts.hostname or 'localhost'}:{parts.port or 5432}"
                          f"{parts.path or '/'}#{self.cohort}")
        self._timeout = connect_timeout
        self._ready = False

    @property
    def identity(self) -> str:
        """Names this cohort unambiguously, without secrets: ``postgresql://host:port/db#cohort``."""
        return self._identity

    # ---- plumbing ------------------------------------------------------------------------
    @property
    def engine(self) -> sa.Engine:
        engine = _engines.get(self._sa_url)
        if engine is None:
            engine = _engines[self._sa_url] = sa.create_engine(
                self._sa_url, pool_pre_ping=True, pool_size=2, max_overflow=2,
                connect_args={"connect_timeout": self._timeout,
                              "application_name": "interdependence"})
        return engine

    def _plain(self, exc: Exception, doing: str) -> StoreError:
        """One clear line; never the password, never a traceback."""
        text = str(getattr(exc, "orig", exc) or exc)
        if "password authentication failed" in text or "authentication failed" in text:
            return StoreError(f"The {self.location} refused the user '{self._user}': the user "
                              "name or password is wrong. Check the cohort URL.")
        if "may not share into cohort" in text:
            return StoreError(f"The {self.location} did not let this account {doing}: it was "
                              f"set up for another cohort, not {self.cohort}. Your answers are "
                              "still in your journal; ask your facilitator for this cohort's "
                              "address.")
        if "permission denied" in text:
            return StoreError(f"The {self.location} did not allow this account to {doing}: "
                              "participants' accounts may only share and withdraw.")
        if "does not exist" in text and "database" in text:
            return StoreError(f"The database in the URL does not exist on {self.location}.")
        if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)):
            return StoreError(f"Could not reach the {self.location} to {doing}: the server is "
                              "not answering. Your answers are safe in your journal; try "
                              "again in a moment, or tell your facilitator.")
        first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
        return StoreError(f"The {self.location} could not {doing}: {first}")

    def _run(self, doing: str, work: Callable[[sa.Connection], T]) -> T:
        try:
            if not self._ready:
                self.migrate()
            with self.engine.begin() as conn:
                return work(conn)
        except StoreError:
            raise
        except sa_exc.SQLAlchemyError as exc:
            # A broken connection is dropped from the pool so a retry gets a fresh one.
            self.engine.dispose()
            raise self._plain(exc, doing) from None

    def migrate(self) -> int:
        """Create or upgrade the kit's tables; returns the schema version now in place."""
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(74152026)"))
                metadata.create_all(conn, tables=[meta])
                row = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema")).first()
                version = int(row[0]) if row else 0
                if version > SCHEMA_VERSION:
                    raise StoreError(
                        f"The {self.location} was set up by a newer version of this kit (schema "
                        f"{version}; this one knows {SCHEMA_VERSION}). Upgrade the kit.")
                if version < 1:
                    metadata.create_all(conn, tables=[cohorts, submissions, set_aside_rows])
                if version < 3:
                    metadata.create_all(conn, tables=[grants, state_rows])
                    if version == 2:  # before the functions change: their ACL is the list
                        conn.execute(sa.text(_GRANT_EXISTING))
                    for statement in _FUNCTIONS:
                        conn.execute(sa.text(statement))
                if version < SCHEMA_VERSION:
                    conn.execute(sa.delete(meta).where(meta.c.key == "schema"))
                    conn.execute(sa.insert(meta).values(key="schema", value=str(SCHEMA_VERSION)))
                    version = SCHEMA_VERSION
        except StoreError:
            raise
        except sa_exc.SQLAlchemyError as exc:
            self.engine.dispose()
            raise self._plain(exc, "set up its tables") from None
        self._ready = True
        return version

    # ---- participants --------------------------------------------------------------------
    def put(self, submission: Mapping[str, Any]) -> str:
        token = check_token(submission.get("token"))
        body = encode(submission).decode("utf-8")
        shared_on = _date(submission.get("date"))

        # Through the function, so a participant's role needs no table rights.
        def work(conn: sa.Connection) -> None:
            conn.execute(sa.text("SELECT interdependence_share(:c, :t, :b, :d)"),
                         {"c": self.cohort, "t": token, "b": body, "d": shared_on})

        self._run("save your answers", work)
        return f"{self.location}, {token}"

    def delete(self, token: str) -> bool:
        token = check_token(token)

        def work(conn: sa.Connection) -> bool:
            return bool(conn.execute(sa.text("SELECT interdependence_withdraw(:c, :t)"),
                                     {"c": self.cohort, "t": token}).scalar())

        return self._run("remove your answers", work)

    # ---- the facilitator -----------------------------------------------------------------
    def _rows(self, table: sa.Table, name_col: sa.ColumnElement[str],
              where: sa.ColumnElement[bool]) -> Iterator[tuple[str, bytes | Problem]]:
        size = sa.func.octet_length(table.c.body)
        body = sa.case((size > MAX_BYTES, sa.null()), else_=table.c.body)
        query = sa.select(name_col, body, size).where(where).order_by(name_col)
        rows = self._run("read the cohort", lambda conn: conn.execute(query).all())
        for name, text, n in rows:
            if text is None:
                yield name, Problem(f"it is {n // 1024} KB, more than the {MAX_BYTES // 1024} "
                                    "KB a submission can be; it was not read")
            else:
                yield name, text.encode("utf-8")

    def records(self) -> Iterator[tuple[str, bytes | Problem]]:
        name = (submissions.c.token + ".json").label("name")
        yield from self._rows(submissions, name, submissions.c.cohort == self.cohort)

    def count(self) -> int:
        query = sa.select(sa.func.count()).select_from(submissions).where(
            submissions.c.cohort == self.cohort)
        return self._run("count submissions", lambda conn: conn.execute(query).scalar_one())

    def has_submissions(self) -> bool:
        return self.count() > 0

    def settings(self) -> CohortSettings | None:
        query = sa.select(cohorts.c.settings).where(cohorts.c.name == self.cohort)
        raw = self._run("read the cohort settings", lambda conn: conn.execute(query).scalar())
        if raw is None:
            return None
        try:
            return parse_settings(raw)
        except SettingsError as exc:
            raise StoreError(f"The settings of {self.location} are damaged: {exc}") from None

    def _save_settings(self, settings: CohortSettings) -> None:
        text = json.dumps(settings.to_json())

        def work(conn: sa.Connection) -> None:
            from sqlalchemy.dialects.postgresql import insert

            stmt = insert(cohorts).values(name=self.cohort, settings=text)
            conn.execute(stmt.on_conflict_do_update(index_elements=[cohorts.c.name],
                                                    set_={"settings": stmt.excluded.settings}))

        self._run("save the cohort settings", work)

    def set_aside(self, name: str, reason: str) -> str | None:
        token = name[:-5] if name.endswith(".json") else name

        def work(conn: sa.Connection) -> str | None:
            row = conn.execute(sa.delete(submissions).where(
                submissions.c.cohort == self.cohort, submissions.c.token == token,
            ).returning(submissions.c.body)).first()
            if row is None:
                return None
            conn.execute(sa.insert(set_aside_rows).values(
                cohort=self.cohort, name=name, body=row[0], reason=reason,
                set_aside_on=dt.date.today()))
            return f"{self.location}, set aside: {name}"

        try:
            return self._run("set a submission aside", work)
        except StoreError:
            return None

    def set_aside_records(self) -> Iterator[tuple[str, bytes | Problem]]:
        name = (set_aside_rows.c.name + "#" + sa.cast(set_aside_rows.c.id, sa.String)).label("n")
        yield from self._rows(set_aside_rows, name, set_aside_rows.c.cohort == self.cohort)

    def delete_set_aside(self, name: str) -> bool:
        try:
            row_id = int(name.rsplit("#", 1)[1])
        except (IndexError, ValueError):
            return False

        def work(conn: sa.Connection) -> bool:
            done = conn.execute(sa.delete(set_aside_rows).where(
                set_aside_rows.c.cohort == self.cohort, set_aside_rows.c.id == row_id))
            return done.rowcount > 0

        return self._run("remove a set-aside record", work)

    def grant_participant(self, role: str) -> None:
        """Let ``role`` share and withdraw in this store's cohort, and nothing else."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
            raise StoreError(f"{role!r} is not a plain PostgreSQL role name (a-z, 0-9, _).")

        def work(conn: sa.Connection) -> None:
            from sqlalchemy.dialects.postgresql import insert

            conn.execute(insert(grants).values(role=role, cohort=self.cohort)
                         .on_conflict_do_nothing())
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar()
            for statement in (
                f'GRANT USAGE ON SCHEMA "{schema}" TO {role}',
                f"GRANT SELECT ON interdependence_meta, interdependence_cohorts TO {role}",
                f"GRANT EXECUTE ON FUNCTION interdependence_share(text, text, text, date),"
                f" interdependence_withdraw(text, text) TO {role}",
            ):
                conn.execute(sa.text(statement))

        self._run(f"give the role {role} the right to share", work)

    # ---- the facilitator's own state (owner only; names and sizes checked by the base) ------
    def _read_state(self, name: str) -> bytes | None:
        """The bytes last written under ``name`` for this cohort, or None."""
        query = sa.select(state_rows.c.body).where(state_rows.c.cohort == self.cohort,
                                                   state_rows.c.name == name)
        body = self._run("read the facilitator's saved state",
                         lambda conn: conn.execute(query).scalar())
        return None if body is None else bytes(body)

    def _write_state(self, name: str, data: bytes) -> None:
        """Keep ``data`` under ``name`` for this cohort (replacing it), in one transaction."""
        def work(conn: sa.Connection) -> None:
            from sqlalchemy.dialects.postgresql import insert

            stmt = insert(state_rows).values(cohort=self.cohort, name=name, body=data)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=[state_rows.c.cohort, state_rows.c.name],
                set_={"body": stmt.excluded.body}))

        self._run("save the facilitator's state", work)

def _date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return dt.date.today()

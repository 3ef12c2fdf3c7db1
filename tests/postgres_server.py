"""A real PostgreSQL server for the store tests, in a temp folder, on loopback.

Uses Debian's `postgresql` package (initdb and pg_ctl; `.ci/run` installs it). initdb will
not run as root, so as root the server runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERUSER_PASSWORD = "test-superuser-secret"
KIT_PASSWORD = "test-kit-secret"


def find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    port: int
    datadir: Path
    pg_ctl: str
    run_as: list[str]

    def url(self, user: str = "kit", password: str = KIT_PASSWORD, db: str = "kit") -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{db}"

    def stop(self, mode: str = "fast") -> None:
        subprocess.run([*self.run_as, self.pg_ctl, "-D", str(self.datadir), "-m", mode, "stop"],
                       check=False, capture_output=True)

    def start(self) -> None:
        log = self.datadir.parent / "server.log"
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", str(self.datadir), "-l", str(log), "-w", "-t", "60",
             "-o", f"-p {self.port} -k {self.datadir.parent} -c listen_addresses=127.0.0.1",
             "start"],
            check=True, capture_output=True)


def missing_reason() -> str | None:
    if not (find_bin("initdb") and find_bin("pg_ctl") and find_bin("psql")):
        return ("PostgreSQL server binaries not found: install them with "
                "`apt-get install postgresql` (as root) to run the PostgreSQL store tests")
    return None


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    initdb, pg_ctl, psql = find_bin("initdb"), find_bin("pg_ctl"), find_bin("psql")
    root = Path(tempfile.mkdtemp(prefix="interdependence-pg-"))
    datadir = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        root.chmod(0o700)
    pwfile = root / "pw"
    pwfile.write_text(SUPERUSER_PASSWORD + "\n")
    if run_as:
        shutil.chown(pwfile, "postgres")
    subprocess.run([*run_as, initdb, "-D", str(datadir), "-U", "postgres", "--pwfile", str(pwfile),
                    "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8"],
                   check=True, capture_output=True)
    server = PostgresServer(port=free_port(), datadir=datadir, pg_ctl=pg_ctl, run_as=run_as)
    server.start()
    try:
        env = dict(os.environ, PGPASSWORD=SUPERUSER_PASSWORD)
        for sql in (f"CREATE ROLE kit LOGIN PASSWORD '{KIT_PASSWORD}'",
                    "CREATE DATABASE kit OWNER kit"):
            subprocess.run([psql, "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres",
                            "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           check=True, capture_output=True, env=env)
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)

"""A real PostgreSQL server for the desk's tests (issue 14, item 4), started by the tests.

``pg_server`` (once per test session) finds Debian's ``initdb`` and ``pg_ctl``
(``/usr/lib/postgresql/*/bin``, else on PATH), makes a cluster in a fresh temporary folder,
starts it listening on a unix socket in that folder only (no TCP port to clash with), and stops
it and removes the folder at the end. Run as root (as CI does), the cluster belongs to the
``postgres`` system user, since ``initdb`` refuses root. Without PostgreSQL the tests that need
it are skipped, saying why; ``./dev test`` installs it, so CI runs them.

``pg_url`` gives each test a database of its own, dropped after it.
``desk_kind``/``new_desk`` give a test a desk on either engine, so one test body runs on both.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ENGINES = ["sqlite", "postgresql"]
INITDB = ["-E", "UTF8", "--no-sync", "--locale=C"]
START = ["start"]


@dataclass(frozen=True)
class PgServer:
    folder: Path  # holds the socket
    bindir: Path
    user: str  # the cluster's superuser

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@/{database}?host={self.folder}"

    def psql(self, database: str, sql: str) -> str:
        done = subprocess.run(
            [
                str(self.bindir / "psql"),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.folder),
                "-U",
                self.user,
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed here (./dev test installs it)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("the psycopg driver is not installed (pip install -e '.[test]')")
    runner: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root, and there is no postgres user to own a test cluster")
        runner = ["runuser", "-u", "postgres", "--"]
    # Short, in /tmp: a unix socket's path must stay under about 100 characters.
    folder = Path(tempfile.mkdtemp(prefix="sipdesk-pg-"))
    if runner:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data, log = folder / "data", folder / "server.log"
    subprocess.run(
        [
            *runner,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            *INITDB,
        ],
        check=True,
        capture_output=True,
    )
    options = f"-k {folder} -c listen_addresses='' -F -c max_connections=40"
    subprocess.run(
        [
            *runner,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-w",
            "-l",
            str(log),
            *START,
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield PgServer(folder, bindir, "postgres")
    finally:
        subprocess.run(
            [*runner, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a fresh, empty database of this test's own; dropped after it."""
    name = f"desk_{uuid.uuid4().hex[:12]}"
    pg_server.psql("postgres", f"CREATE DATABASE {name}")
    try:
        yield pg_server.url(name)
    finally:
        pg_server.psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=ENGINES)
def desk_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@dataclass(frozen=True)
class NewDesk:
    """``new_desk(district_name=…)`` makes a desk on the test's engine and opens it;
    ``new_desk.reopen(readonly=False)`` opens it again (after the first is closed);
    ``new_desk.where`` names it on the command line (a file, or ``--db URL``)."""

    kind: str
    target: str  # the desk file's path, or the server database's URL

    def __call__(self, district_name: str = "") -> Any:
        from sipdesk.district.document import DeskDocument
        from sipdesk.district.server import ServerDesk

        if self.kind == "postgresql":
            return ServerDesk.create(self.target, district_name=district_name)
        return DeskDocument.create(self.target, district_name=district_name)

    def reopen(self, readonly: bool = False) -> Any:
        from sipdesk.district.document import DeskDocument
        from sipdesk.district.server import ServerDesk

        if self.kind == "postgresql":
            return ServerDesk.open(self.target, readonly=readonly)
        return DeskDocument.open(self.target, readonly=readonly)

    @property
    def where(self) -> list[str]:
        return ["--db", self.target] if self.kind == "postgresql" else [self.target]


@pytest.fixture
def new_desk(desk_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> NewDesk:
    """A desk to make on either engine (see :class:`NewDesk`)."""
    if desk_kind == "postgresql":
        return NewDesk(desk_kind, request.getfixturevalue("pg_url"))
    return NewDesk(desk_kind, str(tmp_path / "desk.sipdistrict"))

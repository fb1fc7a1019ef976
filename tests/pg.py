"""A real PostgreSQL server for the tests, and a fresh database on each backend.

The server is CLAIMSCOPE_TEST_PG's (a URL to a database the tests may CREATE DATABASE from, as
.ci/run exports), else a throwaway cluster this run starts with scripts/test-postgres.sh when the
server binaries are installed, else the PostgreSQL tests skip, saying why; with
CLAIMSCOPE_REQUIRE_PG=1 (CI) a missing server fails them instead. Every test gets its own database,
dropped afterwards. conftest.py registers this module as a plugin.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "test-postgres.sh"
BACKENDS = ("sqlite", "postgresql")
_names = itertools.count()


class NoServer(Exception):
    """No throwaway server could be started (the reason: test-postgres.sh's words)."""


@dataclass
class Cluster:
    """A throwaway server this run started (stoppable: the fault test stops and restarts it)."""

    folder: Path
    url: str

    @classmethod
    def start(cls) -> Cluster:
        folder = Path(tempfile.mkdtemp(prefix="claimscope-pg-", dir="/tmp"))
        started = subprocess.run(
            ["bash", str(SCRIPT), "start", str(folder)], capture_output=True, text=True, timeout=120, check=False
        )
        if started.returncode:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoServer(started.stderr.strip() or f"test-postgres.sh exited {started.returncode}")
        return cls(folder, started.stdout.strip().splitlines()[-1])

    def run(self, action: str) -> None:
        subprocess.run(["bash", str(SCRIPT), action, str(self.folder)], check=True, timeout=120, capture_output=True)

    def stop(self) -> None:
        self.run("stop")

    def restart(self) -> None:
        """Start the stopped server again, on the same port and data."""
        self.run("start")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def own_cluster() -> Cluster:
    """A throwaway server of the caller's own, or a skip (a failure in CI) where none can start."""
    try:
        return Cluster.start()
    except NoServer as reason:
        unavailable(str(reason))


def unavailable(reason: str) -> NoReturn:
    """No server: a skip, or a failure where one is required."""
    message = f"no PostgreSQL server: {reason}"
    if os.environ.get("CLAIMSCOPE_REQUIRE_PG") == "1":
        pytest.fail(message + " (CLAIMSCOPE_REQUIRE_PG=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A cluster of this run's own (for tests that stop the server)."""
    cluster = own_cluster()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> str:
    """The URL of a database on a server the tests may create databases on."""
    given = os.environ.get("CLAIMSCOPE_TEST_PG")
    if given:
        return given
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    return cluster.url


def create_database(server: str, name: str | None = None) -> tuple[str, Callable[[], None]]:
    """A new empty database on ``server`` (named, or a test's own): its URL, and what drops it."""
    name = name or f"claimscope_test_{os.getpid()}_{next(_names)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(params=BACKENDS)
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes new empty databases on the test's backend (SQLite files, or PostgreSQL databases)."""
    drops: list[Callable[[], None]] = []
    count = itertools.count()

    def make() -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / f'db{next(count)}.sqlite'}"
        url, drop = create_database(request.getfixturevalue("pg_server"))
        drops.append(drop)
        return url

    yield make
    for drop in drops:
        drop()


@pytest.fixture
def db_url(fresh_db: Callable[[], str]) -> str:
    """A new empty database on each backend in turn."""
    return fresh_db()

"""A database that cannot be written or is locked: one clear line and a non-zero exit, never a
traceback; reading a read-only database still works."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from claimscope import batch
from claimscope.cli import app as cli_app
from claimscope.cli.app import app
from claimscope.query.materialise import refresh
from claimscope.records import AnalysedDocument, Problem
from claimscope.store import Store, failures
from claimscope.store import db as store_db
from claimscope.store.db import StoreError
from claimscope.store.failures import explain
from claimscope.store.state import CHANGED_AT, CHANGES
from tests.conftest import statement_files

runner = CliRunner()
READS = (["documents"], ["speakers"], ["claims"], ["flags"], ["entity", "Pokrovsk"])


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app.console, "width", 200)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("« Nous tenons la ville », a déclaré le porte-parole de l'armée.", encoding="utf-8")
    return path


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    """A claimscope database with its schema and nothing stored (no analysis needed)."""
    path = tmp_path / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    refresh(store)  # as an ingest leaves it: readers need not write
    store.engine.dispose()
    return path


def _one_clear_line(output: str, *words: str) -> None:
    """One error line (after any note saying what the command waited for)."""
    lines = [line for line in output.splitlines() if line.strip() and not line.startswith("note: ")]
    assert len(lines) == 1, output
    assert lines[0].startswith("error: the database ") and "--db" in lines[0], output
    for word in words:
        assert word in lines[0], output
    assert "Traceback" not in output and "sqlalche.me" not in output


def test_a_read_only_database_refuses_writes_in_one_line_and_serves_reads(store_file: Path, article: Path) -> None:
    read_only = f"sqlite:///file:{store_file}?mode=ro&uri=true"
    result = runner.invoke(app, ["ingest", str(article), "--db", read_only])
    assert result.exit_code == 2
    _one_clear_line(result.output, str(store_file), "read-only")
    imported = runner.invoke(app, ["kb", "import", str(article), "--db", read_only])
    assert imported.exit_code == 2
    _one_clear_line(imported.output, "read-only")
    for command in READS:
        shown = runner.invoke(app, [*command, "--db", read_only])
        assert shown.exit_code == 0, (command, shown.output)
        assert "Traceback" not in shown.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files: the ?mode=ro test stands for it")
def test_a_file_without_write_permission(store_file: Path, article: Path) -> None:
    for path in store_file.parent.glob("store.sqlite*"):
        path.chmod(0o444)
    try:
        result = runner.invoke(app, ["ingest", str(article), "--db", f"sqlite:///{store_file}"])
        assert result.exit_code == 2
        _one_clear_line(result.output, "read-only")
    finally:
        for path in store_file.parent.glob("store.sqlite*"):
            path.chmod(0o644)


def _as_nobody(*args: str) -> subprocess.CompletedProcess[str] | None:
    """The CLI run as an unprivileged user (root may write anywhere); None where that cannot be."""
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return None
    if subprocess.run([*nobody, sys.executable, "-c", "import claimscope"], capture_output=True).returncode:
        return None  # the interpreter or the checkout is not readable by others here
    command = [*nobody, sys.executable, "-m", "claimscope.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=120)


def test_a_database_in_a_folder_this_user_may_not_write_says_what_to_do(store_file: Path) -> None:
    """SQLite reads a WAL database only where it may create its -shm file: the driver's "attempt
    to write a readonly database" for a command that writes nothing said "nothing can be stored"."""
    folder = Path(tempfile.mkdtemp(prefix="claimscope-ro-", dir="/tmp"))  # not under root's private tmp
    try:
        copy = folder / "archive.db"
        shutil.copy(store_file, copy)
        copy.chmod(0o644)
        folder.chmod(0o755 if os.geteuid() == 0 else 0o555)
        result = _as_nobody("documents", "--db", f"sqlite:///{copy}")
        if result is None and os.geteuid() == 0:
            pytest.skip("no way to run the command as a user without write permission here")
        output, code = (
            (result.stderr + result.stdout, result.returncode)
            if result is not None
            else (lambda r: (r.output, r.exit_code))(runner.invoke(app, ["documents", "--db", f"sqlite:///{copy}"]))
        )
        assert code == 2, output
        _one_clear_line(output, f"this user may not write in {folder}", "make that folder writable")
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("command", [["documents"], ["ingest", "article.txt"]])
def test_a_folder_given_for_a_database_is_said_to_be_one(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "article.txt").write_text("« Nous tenons la ville », a déclaré le maire.", encoding="utf-8")
    command = [str(tmp_path / word) if word.endswith(".txt") else word for word in command]  # an input there is
    result = runner.invoke(app, [*command, "--db", f"sqlite:///{tmp_path}"])
    assert result.exit_code == 2
    assert f"error: {tmp_path} is a folder, not a database file; e.g. --db sqlite:///{tmp_path}/claimscope.db" in (
        " ".join(result.output.split())
    )


def _stale(store_file: Path) -> None:
    """As if a writer stored documents and did not refresh: the next reader would refresh."""
    with sqlite3.connect(store_file) as connection:
        connection.execute("REPLACE INTO store_state (name, value) VALUES (?, 7), (?, 0)", (CHANGES, CHANGED_AT))


def test_a_stale_read_only_database_is_read_as_last_refreshed(store_file: Path) -> None:
    _stale(store_file)
    read_only = f"sqlite:///file:{store_file}?mode=ro&uri=true"
    result = runner.invoke(app, ["claims", "--db", read_only])
    assert result.exit_code == 0, result.output
    assert "read-only" in result.output and "last refreshed" in result.output


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(failures, "WRITER_WAIT_S", 0.5)  # a writer waits this long for another
    monkeypatch.setattr(store_db, "MIGRATE_ATTEMPTS", 2)


@pytest.fixture
def locked(store_file: Path) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, held."""
    holder = sqlite3.connect(store_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


def test_a_locked_database_refuses_an_ingest_in_one_line(
    short_wait: None, store_file: Path, article: Path, locked: sqlite3.Connection
) -> None:
    url = f"sqlite:///{store_file}"
    for command in (["ingest", str(article)], ["kb", "import", str(article)]):
        result = runner.invoke(app, [*command, "--db", url])
        assert result.exit_code == 2, result.output
        assert "held by another writer" in result.output  # it waited for it first
        _one_clear_line(result.output, "locked by another process", "try again")
    shown = runner.invoke(app, ["documents", "--db", url])  # WAL: readers do not wait for a writer
    assert shown.exit_code == 0, shown.output


def test_a_stale_database_locked_by_a_writer_is_read_as_last_refreshed(short_wait: None, store_file: Path) -> None:
    _stale(store_file)
    holder = sqlite3.connect(store_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = runner.invoke(app, ["claims", "--db", f"sqlite:///{store_file}"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 0, result.output
    assert "locked by another writer" in result.output and "last refreshed" in result.output


def test_a_locked_database_in_rollback_mode_refuses_reads_in_one_line(short_wait: None, store_file: Path) -> None:
    with sqlite3.connect(store_file) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # made by another tool: readers wait for writers
    holder = sqlite3.connect(store_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for command in READS:
            result = runner.invoke(app, [*command, "--db", f"sqlite:///{store_file}"])
            assert result.exit_code == 2, (command, result.output)
            _one_clear_line(result.output, "locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_database_failing_half_way_through_an_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_file: Path
) -> None:
    """The disk fills between two batches (of one document each here): the first is kept."""
    folder = statement_files(tmp_path)
    real_insert = Store._insert
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    saves: list[str] = []

    def full_disk(self: Store, analysed: AnalysedDocument, replace: bool = False, session: Any = None) -> bool:
        saves.append(analysed.document.id)
        if len(saves) >= 2:
            raise full
        return real_insert(self, analysed, replace, session)

    def nothing_recorded(self: Store, problem: Problem) -> None:
        raise full

    monkeypatch.setattr(Store, "_insert", full_disk)
    monkeypatch.setattr(Store, "record_problem", nothing_recorded)
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 1)
    result = runner.invoke(app, ["ingest", str(folder), "--db", f"sqlite:///{store_file}"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "the disk is full" in result.output and "free some space" in result.output
    assert "stopped at document 2 of 3: 1 document stored before is kept" in result.output


def test_an_ingest_waits_for_another_writer_holding_the_database_past_the_busy_timeout(
    short_wait: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_file: Path
) -> None:
    """Another writer (its refresh takes a minute at 100,000 documents) holds the database while a
    batch is under way, longer than SQLite's busy timeout: the batch waits, says so, and stores all."""
    folder = statement_files(tmp_path)
    real_save = Store.save_many
    saves: list[int] = []

    def held_meanwhile(self: Store, batch: Any) -> Any:
        saves.append(len(saves))
        if len(saves) == 2:  # another process's write transaction, held for five busy timeouts
            holder = sqlite3.connect(store_file, isolation_level=None, check_same_thread=False)
            holder.execute("BEGIN EXCLUSIVE")
            threading.Timer(1.0, lambda: (holder.execute("ROLLBACK"), holder.close())).start()
        return real_save(self, batch)

    monkeypatch.setattr(Store, "save_many", held_meanwhile)
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 1)
    monkeypatch.setattr(failures, "WRITER_WAIT_S", 30.0)
    result = runner.invoke(app, ["ingest", str(folder), "--db", f"sqlite:///{store_file}"])
    assert result.exit_code == 0, result.output
    assert "held by another writer" in result.output and "waiting" in result.output
    assert len(saves) > 3  # the second batch tried again
    stored = runner.invoke(app, ["documents", "--db", f"sqlite:///{store_file}"])
    assert sorted(line.strip()[-5:] for line in stored.output.splitlines() if "/in/" in line) == [
        "0.txt",
        "1.txt",
        "2.txt",
    ], stored.output


def test_explanations_name_the_file_and_what_to_do() -> None:
    locked = OperationalError("SELECT", {}, sqlite3.OperationalError("database is locked"))
    line = explain(locked, "sqlite:////data/claims.db", 30)
    assert line.startswith("the database /data/claims.db is locked") and "30 s" in line
    unknown = explain(OperationalError("SELECT", {}, Exception("something\nnew")), "postgresql://u:secret@h/db", 30)
    assert "secret" not in unknown and "something; new" in unknown and "\n" not in unknown


def test_a_url_of_no_known_database_names_it_without_its_password_and_says_how_to_write_one() -> None:
    result = runner.invoke(app, ["claims", "--db", "postgres://analyst:s3cret@db.example/news"])
    assert result.exit_code == 2, result.output
    assert "s3cret" not in result.output and "analyst:***@db.example" in result.output
    assert "postgresql+psycopg://" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("", "no database URL given; e.g. --db sqlite:///claimscope.db"),
        ("claims.db", "for a file, use sqlite:///claims.db"),
        ("sqlite:/data/claims.db", "for a file, use sqlite:////data/claims.db"),
        ("sqlite://data/claims.db", "names a host ('data'), which SQLite has none of"),
        ("sqlite://data/claims.db", "(sqlite:////data/claims.db?)"),
        ("sqlite://claims.db", "(sqlite:///claims.db?)"),  # a file here, not /claims.db/
        ("sqllite:///claims.db", "claimscope opens sqlite:///FILE or postgresql+psycopg://"),
        ("postgresql+psycopg://analyst:s3cret@127.0.0.1:1", "names no database; add its name:"),
        ("postgresql+psycopg://analyst:s3cret@127.0.0.1:609530/news", "has no valid port in its URL"),
    ],
)
def test_a_mistyped_url_says_which_url_was_meant_before_anything_is_created(
    url: str, said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["db", "stats", "--db", url])
    assert result.exit_code == 2 and said in " ".join(result.output.split()), result.output
    assert "s3cret" not in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # no database made under a wrong name


def test_a_library_caller_is_refused_a_postgresql_url_without_a_database_name() -> None:
    """`Store(url)` itself refuses it, before any connection: a caller of the Python API would
    otherwise create the schema in the server's default database (port 1: nothing is reached)."""
    with pytest.raises(StoreError, match=r"names no database; add its name: .*127\.0\.0\.1:1/claimscope") as raised:
        Store("postgresql+psycopg://analyst:s3cret@127.0.0.1:1")
    assert "s3cret" not in str(raised.value)

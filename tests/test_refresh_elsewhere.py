"""A process that goes on after its refresh (`watch`'s polls, a short batch, the desk's server)
refreshes a large store in a process of its own, whose memory goes back when it ends, and a small
one in this process (`materialise.worth_a_process`); what the refresh finds, or raises, is the
same either way (real stores on both backends, real processes)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from claimscope import batch, beside, query
from claimscope.budget import Budget
from claimscope.query import materialise
from claimscope.query.materialise import is_stale
from claimscope.store import Store
from claimscope.store.db import BUSY_TIMEOUT_MS
from tests.apart_calls import counted_refresh, counted_refresh_at
from tests.conftest import analyse_text
from tests.test_cluster import write_articles
from tests.test_query import TEXT


@pytest.fixture
def noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The file each refresh notes itself in (`apart_calls.counted_refresh`), wherever it runs."""
    monkeypatch.setenv("REFRESHES", str(tmp_path / "refreshes.jsonl"))
    monkeypatch.setattr(batch, "refresh", counted_refresh)
    monkeypatch.setattr(materialise, "refresh_at", counted_refresh_at)
    monkeypatch.setattr(materialise, "APART_DOCUMENTS", 5)
    return tmp_path / "refreshes.jsonl"


def refreshes(noted: Path) -> list[list[float]]:
    """Each refresh: the documents it took in, its share, its process and its priority."""
    return [json.loads(line) for line in noted.read_text("utf-8").splitlines()] if noted.exists() else []


def five_documents(store: Store, folder: Path) -> None:
    for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi"):
        store.save(analyse_text(folder, TEXT.replace("lundi", day)))


def join_refreshers() -> None:
    for thread in [t for t in threading.enumerate() if t.name == materialise.REFRESHER]:
        thread.join(60)


def test_a_short_batch_refreshes_a_large_store_in_a_process_of_its_own(
    db_url: str, tmp_path: Path, noted: Path
) -> None:
    """Two short batches (no refresh on the way): the first, into a store holding fewer than
    APART_DOCUMENTS documents, refreshes in this process; the second, into one holding as many,
    in a process of its own, at the batch's priority (it waits for it), with the same share."""
    store, articles = Store(db_url), sorted(write_articles(tmp_path / "in", 5).iterdir())
    for part in (articles[:2], articles[2:]):
        summary = batch.ingest(part, store, budget=Budget(0, 0))
        assert summary.stored == len(part) and not is_stale(store)
    (small, _, here, _), (large, share, elsewhere, priority) = refreshes(noted)
    assert (small, here) == (2, os.getpid())
    assert (large, share) == (3, materialise.FULL_SHARE)  # 3 of 5 (as many as APART_DOCUMENTS): a rebuild
    assert elsewhere != os.getpid() and priority == os.getpriority(os.PRIO_PROCESS, 0)
    assert query.propositions(store).total > 0


def test_the_desks_readers_refresh_a_large_store_in_a_process_of_its_own(
    db_url: str, tmp_path: Path, noted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The desk's stale reads start the refresh beside them; for a large store it runs in a process
    of its own, below the server's priority where writers go side by side (PostgreSQL: the
    server's requests go first), at its priority on SQLite (whose one writer it is until it ends)."""
    store = Store(db_url)
    five_documents(store, tmp_path)
    monkeypatch.setattr(materialise, "QUIET_SECONDS", 0)
    query.refresh_apart(store)
    assert query.propositions(store).total == 0  # read at once, from the last tables
    join_refreshers()
    ((taken, _, pid, priority),) = refreshes(noted)
    assert taken == 5 and pid != os.getpid() and not is_stale(store)
    lowered = beside.NICENESS if store.side_by_side else 0
    assert priority == min(os.getpriority(os.PRIO_PROCESS, 0) + lowered, 19)
    assert query.propositions(store).total == 1


def test_the_desks_refresh_apart_of_a_read_only_store_is_told_and_left_a_while(
    tmp_path: Path, noted: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The refresh's process finds the database read-only: the server says so once and leaves it
    RETRY_SECONDS (no interpreter started on every request), reading the last tables meanwhile."""
    store_file = tmp_path / "db.sqlite"
    store = Store(f"sqlite:///{store_file}")
    five_documents(store, tmp_path)
    store.engine.dispose()  # its write-ahead log checkpointed into the file as the last connection closes
    shutil.copyfile(store_file, tmp_path / "copy.sqlite")
    monkeypatch.setattr(materialise, "QUIET_SECONDS", 0)
    read_only = Store(f"sqlite:///file:{tmp_path / 'copy.sqlite'}?mode=ro&uri=true", migrate=False)
    query.refresh_apart(read_only)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert query.propositions(read_only).total == 0
            join_refreshers()
    assert len(refreshes(noted)) == 1 and refreshes(noted)[0][2] != os.getpid()  # tried once, elsewhere
    (said,) = [r for r in caplog.records if r.levelno >= logging.WARNING]  # said once, as a note
    assert "read-only" in said.getMessage() and said.levelno == logging.WARNING and not said.exc_info
    assert is_stale(read_only)


@pytest.mark.filterwarnings("ignore:Selection of the SingletonThreadPool")  # SQLAlchemy's, on mode=memory
def test_an_in_memory_store_refreshes_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process cannot open an in-memory database (it would open an empty one of its own)."""
    monkeypatch.setattr(materialise, "APART_DOCUMENTS", 0)
    assert materialise.worth_a_process(Store(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    assert not materialise.worth_a_process(Store("sqlite://"))
    assert not materialise.worth_a_process(Store("sqlite:///:memory:"))
    assert not materialise.worth_a_process(Store("sqlite:///file:shared?mode=memory&cache=shared&uri=true"))
    assert materialise.worth_a_process(Store(f"sqlite:///file:{tmp_path / 'db.sqlite'}?mode=ro&uri=true"))


def test_the_desks_refresh_apart_of_a_locked_store_gives_up_after_the_busy_timeout(
    tmp_path: Path, noted: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another writer holds SQLite's lock: the refresh's process waits the busy timeout once (not
    the batches' quarter of an hour of tries), and the server says so and reads the last tables."""
    store_file = tmp_path / "db.sqlite"
    store = Store(f"sqlite:///{store_file}")
    five_documents(store, tmp_path)
    monkeypatch.setattr(materialise, "QUIET_SECONDS", 0)
    query.refresh_apart(store)
    holder = sqlite3.connect(store_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with caplog.at_level(logging.WARNING):
            assert query.propositions(store).total == 0
            for thread in [t for t in threading.enumerate() if t.name == materialise.REFRESHER]:
                thread.join(BUSY_TIMEOUT_MS / 1000 + 30)
                assert not thread.is_alive()  # gave up once the busy timeout had passed
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    (said,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "locked by another writer" in said.getMessage() and refreshes(noted)[0][2] != os.getpid()
    assert is_stale(store)


def test_a_refresh_elsewhere_waits_for_the_one_underway_in_this_process(
    tmp_path: Path, noted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One refresh at a time in a process, wherever it runs: an upload's refresh into a large store
    waits for the desk's refresh underway (on SQLite it would otherwise wait for its writer's lock,
    and give up)."""
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    five_documents(store, tmp_path)
    started: list[str] = []
    real = materialise.apart

    def apart(*args: object, **kwargs: object) -> None:  # the process of its own, as it starts
        started.append("refresh")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(materialise, "apart", apart)
    waiting = threading.Thread(target=materialise.refresh_elsewhere, args=(store, 1.0, 0.0, False))
    with materialise._refreshing:  # the desk's refresh underway, as `_refresh_apart` holds it
        waiting.start()
        waiting.join(1)
        assert waiting.is_alive() and not started  # not started while the other is underway
    waiting.join(60)
    assert started == ["refresh"] and len(refreshes(noted)) == 1 and not is_stale(store)

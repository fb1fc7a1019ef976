"""A long stream's refreshes run beside it: on PostgreSQL the stream goes on storing, on SQLite (one
writer at a time) on analysing, what it analyses held until the refresh ends; either way the batch
ends with every document stored once and the tables fresh, and a refresh that fails stops the batch
(real analysis, real servers)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claimscope import batch, beside
from claimscope.budget import Budget, analyse_within
from claimscope.cli.app import app
from claimscope.query import materialise
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store
from claimscope.store.failures import waited
from claimscope.store.models import PropositionRow
from tests.apart_calls import (
    REFRESH_AT,
    dying_refresh_at,
    failing_refresh_at,
    gave_up_waiting,
    lines,
    raising_unmade,
    slow_refresh_at,
    stored,
)
from tests.conftest import statement_files
from tests.test_cluster import alive

ARTICLES = 40
runner = CliRunner()


class Noted:
    """What the refreshes beside the stream saw (`slow_refresh_at`), and the documents analysed."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen_file, self.analysed_file = folder / "seen.jsonl", folder / "analysed.txt"
        monkeypatch.setenv("SEEN", str(self.seen_file))
        monkeypatch.setenv("ANALYSED", str(self.analysed_file))
        monkeypatch.setattr(materialise, "refresh_at", slow_refresh_at)
        monkeypatch.setattr(batch, "analyse_group", self.analyse)
        self.gate = time.monotonic() + 60  # the stream waits for the first refresh until then, at most

    @property
    def seen(self) -> list[list[int]]:
        noted = self.seen_file.read_text("utf-8").splitlines() if self.seen_file.exists() else []
        return [json.loads(line) for line in noted]

    @property
    def analysed(self) -> int:
        return lines(self.analysed_file)

    def analyse(self, documents: list[Document], budget: Budget | None = None) -> Iterator[AnalysedDocument | Problem]:
        """The real analysis; from the 7th document on, once the first refresh has begun (its
        process takes a second or two to start: the stream would be over)."""
        for document in documents:
            while self.analysed >= 6 and not Path(f"{self.seen_file}.began").exists() and time.monotonic() < self.gate:
                time.sleep(0.05)
            with self.analysed_file.open("a", encoding="utf-8") as analysed:
                analysed.write(document.id + "\n")
            yield analyse_within(document, budget)


@pytest.fixture
def noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Noted:
    folder = tmp_path / "noted"
    folder.mkdir()
    return Noted(folder, monkeypatch)


@pytest.fixture
def streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(batch, "REFRESH_SHARE", 1.0)  # due every 4 documents, however long refreshing takes


def test_a_stream_stores_beside_its_refreshes_where_writers_go_side_by_side(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None, noted: Noted
) -> None:
    store = Store(db_url)
    summary = batch.ingest([statement_files(tmp_path, ARTICLES)], store, budget=Budget(0, 0), refresh_every=4)
    assert summary.stored == ARTICLES and stored(store) == ARTICLES == noted.analysed
    assert not materialise.is_stale(store)
    seen = noted.seen
    stored_on = [before < after for before, after, *_ in seen]
    analysed_on = [before < after for _, _, before, after, *_ in seen]
    assert any(analysed_on), seen  # the stream went on beside its refreshes
    if store.side_by_side:  # PostgreSQL: storing too
        assert any(stored_on), seen
    else:  # SQLite: what it analysed meanwhile was saved once each refresh had ended
        assert seen and not any(stored_on), seen
    # each refresh in a process of its own; beside the stream giving way to it where it holds no lock
    # the stream needs; the one that ends the batch, in line, at the stream's priority
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    lowered = min(ours + (beside.NICENESS if store.side_by_side else 0), 19)
    assert all(pid != os.getpid() for *_, pid, _ in seen), seen
    assert {priority for *_, priority in seen[:-1]} <= {lowered} and seen[-1][-1] in {lowered, ours}, seen
    assert lowered in {priority for *_, priority in seen}, seen


@pytest.mark.parametrize("fresh_db", ["postgresql"], indirect=True)
def test_a_refresh_failing_beside_the_stream_stops_the_batch(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None, noted: Noted
) -> None:
    monkeypatch.setattr(materialise, "refresh_at", failing_refresh_at)
    store = Store(db_url)
    with pytest.raises(RuntimeError, match="the refresh failed"):
        batch.ingest([statement_files(tmp_path, ARTICLES)], store, budget=Budget(0, 0), refresh_every=4)
    kept = stored(store)
    assert 4 <= kept < ARTICLES  # what was stored is kept; the rest waits for the same command again
    monkeypatch.setattr(materialise, "refresh_at", REFRESH_AT)
    again = batch.ingest([tmp_path / "in"], store, budget=Budget(0, 0), refresh_every=4)
    assert (again.stored, again.already_stored) == (ARTICLES - kept, kept)
    assert stored(store) == ARTICLES and not materialise.is_stale(store)


def stored_beside(
    monkeypatch: pytest.MonkeyPatch, store: Store, late: list[AnalysedDocument]
) -> list[dict[str, datetime]]:
    """``late`` stored as by an ingest beside the next refresh, once it has read (under its lock)
    which documents it takes in; the lists of documents it read, filled as it runs."""
    reads: list[dict[str, datetime]] = []
    taking_in = materialise._pending

    def pending(session: Session) -> dict[str, datetime]:
        found = taking_in(session)
        reads.append(found)
        if len(reads) == 2:  # the list the refresh takes in
            for analysed in late:
                store.save(analysed)
        return found

    monkeypatch.setattr(materialise, "_pending", pending)
    return reads


def test_a_refresh_reads_no_document_stored_after_it_began(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ingest beside a refresh commits documents while the refresh runs: one stored after the
    refresh read which documents it takes in is neither read nor grouped by it (it was read, and
    the refresh failed: it had no dispatch group yet), and the next refresh takes it in."""
    from tests.test_flags import document, role

    def said(doc_id: str) -> AnalysedDocument:
        text = f"{doc_id} : Ivan Petrenko, conseiller de Volodymyr Zelensky"
        return document(
            doc_id, text, f"{doc_id}.example", [role("Ivan Petrenko", "adviser of", "Volodymyr Zelensky", text)]
        )

    store = Store(db_url)
    store.save(said("a"))
    materialise.refresh(store, full=True)
    store.save(said("b"))
    reads = stored_beside(monkeypatch, store, [said("c")])
    materialise.refresh(store, full=False)
    monkeypatch.undo()
    assert list(reads[-1]) == ["b"] and materialise.is_stale(store)  # "c" waits for the next refresh
    materialise.refresh(store, full=False)
    with store.sessions() as session:
        stances = session.scalar(select(PropositionRow.stances))
        sources = session.scalar(select(PropositionRow.independent_sources))
    assert (stances, sources) == (3, 3)


@pytest.mark.parametrize("fresh_db", ["sqlite"], indirect=True)
def test_ctrl_c_beside_a_refresh_saves_what_was_held_once_it_ends(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    streaming: None,
    noted: Noted,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """On SQLite the documents analysed while a refresh holds the writer wait in memory: Ctrl-C
    then saves them once the refresh has ended, and the same command stores the rest."""

    def interrupted(documents: list[Document], budget: Budget | None = None) -> Iterator[AnalysedDocument | Problem]:
        for result in noted.analyse(documents, budget):
            if noted.seen == [] and noted.analysed > 6:  # the first refresh (after 4) still underway
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(batch, "analyse_group", interrupted)
    store = Store(db_url)
    folder = statement_files(tmp_path, ARTICLES)
    with pytest.raises(KeyboardInterrupt):
        batch.ingest([folder], store, budget=Budget(0, 0), refresh_every=4)
    assert "once the refresh underway ends" in caplog.text
    kept = stored(store)
    assert kept == noted.analysed - 1 == 6  # each analysed before Ctrl-C, the one it stopped not
    monkeypatch.setattr(batch, "analyse_group", noted.analyse)
    again = batch.ingest([folder], store, budget=Budget(0, 0), refresh_every=4)
    assert (again.stored, again.already_stored) == (ARTICLES - kept, kept)
    assert stored(store) == ARTICLES and not materialise.is_stale(store)


def test_a_process_of_its_own_that_ends_without_an_answer_is_an_error() -> None:
    with pytest.raises(beside.ApartFailed, match="exit code 3"):
        beside.apart(os._exit, 3)


def test_an_error_raised_in_a_process_of_its_own_comes_back_whole() -> None:
    """The error itself (a database's, which the command words as one line), with what was set on
    it after it was raised (how long a writer waited) and its traceback as the cause."""
    with pytest.raises(OperationalError, match="database is locked") as raised:
        beside.apart(gave_up_waiting)
    assert waited(raised.value) == 900.0
    cause = raised.value.__cause__
    assert isinstance(cause, beside.RemoteTraceback) and "gave_up_waiting" in str(cause)


def test_an_error_that_cannot_be_made_again_comes_back_in_words() -> None:
    with pytest.raises(beside.ApartFailed, match="Unmade: the index: is gone"):
        beside.apart(raising_unmade)


@pytest.mark.parametrize("fresh_db", ["sqlite"], indirect=True)
def test_a_stream_whose_refresh_process_is_killed_ends_in_one_line_and_resumes(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None, noted: Noted
) -> None:
    """The process of its own killed (by the kernel, for its memory): the command says so in one
    line, and the same command run again stores the rest and refreshes."""
    folder = statement_files(tmp_path, ARTICLES)
    budget = ["--time-budget", "0", "--memory-budget", "0"]  # analysed here: no worker process
    command = ["ingest", str(folder), "--db", db_url, "--refresh-every", "4", *budget]
    monkeypatch.setattr(materialise, "refresh_at", dying_refresh_at)
    failed = runner.invoke(app, command)
    assert failed.exit_code == 2, failed.output
    assert "error: the refresh failed" in failed.output
    assert "killed by signal 9 (out of memory?)" in failed.output
    monkeypatch.setattr(materialise, "refresh_at", REFRESH_AT)
    again = runner.invoke(app, command)
    assert again.exit_code == 0, again.output
    assert stored(Store(db_url)) == ARTICLES and not materialise.is_stale(Store(db_url))


def test_a_process_of_its_own_goes_when_its_caller_goes(tmp_path: Path) -> None:
    """A command killed outright (SIGKILL: no clean-up runs) leaves no refresh running on; SIGTERM,
    which is for the command, leaves it be."""
    noted = tmp_path / "pid"
    call = (
        "from claimscope.beside import apart; from tests.apart_calls import noting_pid_then_sleeping; "
        f"apart(noting_pid_then_sleeping, {str(noted)!r})"
    )
    caller = subprocess.Popen([sys.executable, "-c", call], cwd=Path(__file__).parent.parent)
    try:
        deadline = time.monotonic() + 60
        while not noted.exists() and caller.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert noted.exists(), caller.poll()
        child = int(noted.read_text("utf-8"))
        os.kill(child, signal.SIGTERM)
        time.sleep(0.5)
        assert alive(child)
    finally:
        caller.send_signal(signal.SIGKILL)
        caller.wait()
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)

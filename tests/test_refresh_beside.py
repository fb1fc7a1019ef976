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
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimscope import batch, beside
from claimscope.budget import Budget, analyse_within
from claimscope.query import materialise
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store
from claimscope.store.models import DocumentRow, PropositionRow
from tests.conftest import statement_files

ARTICLES = 40
REFRESH_AT = batch.refresh_at  # the real one, whatever a test has put in its place
SLOW_S = 1.0  # each refresh takes this long more: time enough for a stream going on to store some


def _stored(store: Store) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0)


def _lines(path: Path) -> int:
    return len(path.read_text("utf-8").splitlines()) if path.exists() else 0


def slow_refresh_at(url: str, share: float, writer_wait: float | None) -> None:
    """The real refresh beside the stream, after a pause, in its process of its own: the documents
    stored, and analysed, when it began and ended, its process and its priority, noted in the file
    named by $SEEN (the analysed documents are the lines of $ANALYSED)."""
    store, analysed = Store(url, migrate=False), Path(os.environ["ANALYSED"])
    before, analysed_before = _stored(store), _lines(analysed)
    _began()
    time.sleep(SLOW_S)
    REFRESH_AT(url, share, writer_wait)
    noted = [before, _stored(store), analysed_before, _lines(analysed), os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)]
    with Path(os.environ["SEEN"]).open("a", encoding="utf-8") as seen:
        seen.write(json.dumps(noted) + "\n")


def failing_refresh_at(url: str, share: float, writer_wait: float | None) -> None:
    _began()
    raise RuntimeError("the refresh failed")


def _began() -> None:
    """A refresh beside the stream has begun: the stream's analysis goes on (`Noted.analyse`)."""
    with Path(os.environ["SEEN"] + ".began").open("a", encoding="utf-8") as began:
        began.write("\n")


class Noted:
    """What the refreshes beside the stream saw (`slow_refresh_at`), and the documents analysed."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen_file, self.analysed_file = folder / "seen.jsonl", folder / "analysed.txt"
        monkeypatch.setenv("SEEN", str(self.seen_file))
        monkeypatch.setenv("ANALYSED", str(self.analysed_file))
        monkeypatch.setattr(batch, "refresh_at", slow_refresh_at)
        monkeypatch.setattr(batch, "analyse_group", self.analyse)
        self.gate = time.monotonic() + 60  # the stream waits for the first refresh until then, at most

    @property
    def seen(self) -> list[list[int]]:
        lines = self.seen_file.read_text("utf-8").splitlines() if self.seen_file.exists() else []
        return [json.loads(line) for line in lines]

    @property
    def analysed(self) -> int:
        return _lines(self.analysed_file)

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
    assert summary.stored == ARTICLES and _stored(store) == ARTICLES == noted.analysed
    assert not materialise.is_stale(store)
    seen = noted.seen
    stored_on = [before < after for before, after, *_ in seen]
    analysed_on = [before < after for _, _, before, after, *_ in seen]
    assert any(analysed_on), seen  # the stream went on beside its refreshes
    if store.side_by_side:  # PostgreSQL: storing too
        assert any(stored_on), seen
    else:  # SQLite: what it analysed meanwhile was saved once each refresh had ended
        assert seen and not any(stored_on), seen
    ours = os.getpriority(os.PRIO_PROCESS, 0)  # each refresh in a process of its own, giving way to the stream
    assert all(pid != os.getpid() and priority == min(ours + beside.NICENESS, 19) for *_, pid, priority in seen), seen


@pytest.mark.parametrize("fresh_db", ["postgresql"], indirect=True)
def test_a_refresh_failing_beside_the_stream_stops_the_batch(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None, noted: Noted
) -> None:
    monkeypatch.setattr(batch, "refresh_at", failing_refresh_at)
    store = Store(db_url)
    with pytest.raises(RuntimeError, match="the refresh failed"):
        batch.ingest([statement_files(tmp_path, ARTICLES)], store, budget=Budget(0, 0), refresh_every=4)
    kept = _stored(store)
    assert 4 <= kept < ARTICLES  # what was stored is kept; the rest waits for the same command again
    monkeypatch.setattr(batch, "refresh_at", REFRESH_AT)
    again = batch.ingest([tmp_path / "in"], store, budget=Budget(0, 0), refresh_every=4)
    assert (again.stored, again.already_stored) == (ARTICLES - kept, kept)
    assert _stored(store) == ARTICLES and not materialise.is_stale(store)


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
    kept = _stored(store)
    assert kept == noted.analysed - 1 == 6  # each analysed before Ctrl-C, the one it stopped not
    monkeypatch.setattr(batch, "analyse_group", noted.analyse)
    again = batch.ingest([folder], store, budget=Budget(0, 0), refresh_every=4)
    assert (again.stored, again.already_stored) == (ARTICLES - kept, kept)
    assert _stored(store) == ARTICLES and not materialise.is_stale(store)


def test_a_process_of_its_own_that_ends_without_an_answer_is_an_error() -> None:
    with pytest.raises(beside.ApartFailed, match="exit code 3"):
        beside.apart(os._exit, 3)


def noting_pid_then_sleeping(path: str) -> None:
    Path(path).write_text(str(os.getpid()), "utf-8")
    time.sleep(60)


def test_a_process_of_its_own_goes_when_its_caller_goes(tmp_path: Path) -> None:
    """A command killed outright (SIGKILL: no clean-up runs) leaves no refresh running on."""
    noted = tmp_path / "pid"
    call = (
        "from claimscope.beside import apart; from tests.test_refresh_beside import noting_pid_then_sleeping; "
        f"apart(noting_pid_then_sleeping, {str(noted)!r})"
    )
    caller = subprocess.Popen([sys.executable, "-c", call], cwd=Path(__file__).parent.parent)
    try:
        deadline = time.monotonic() + 60
        while not noted.exists() and caller.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert noted.exists(), caller.poll()
        child = int(noted.read_text("utf-8"))
    finally:
        caller.send_signal(signal.SIGKILL)
        caller.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"

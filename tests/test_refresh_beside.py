"""A long stream's refreshes run beside it: on PostgreSQL the stream goes on storing, on SQLite (one
writer at a time) on analysing, what it analyses held until the refresh ends; either way the batch
ends with every document stored once and the tables fresh, and a refresh that fails stops the batch
(real analysis, real servers)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimscope import batch
from claimscope.budget import Budget, analyse_within
from claimscope.query import materialise
from claimscope.records import AnalysedDocument, Document, Problem
from claimscope.store import Store
from claimscope.store.models import DocumentRow, PropositionRow
from tests.conftest import statement_files

ARTICLES = 40
SLOW_S = 1.0  # each refresh takes this long more: time enough for a stream going on to store some


def _stored(store: Store) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0)


def _slow(seen: list[tuple[int, int, int, int]], analysed: list[str]) -> Callable[..., object]:
    """The real refresh, after a pause; the documents stored, and analysed, when it began and ended."""

    def refresh(store: Store, full: bool | None = None, share: float = materialise.FULL_SHARE) -> object:
        before, analysed_before = _stored(store), len(analysed)
        time.sleep(SLOW_S)
        done = materialise.refresh(store, full, share)
        seen.append((before, _stored(store), analysed_before, len(analysed)))
        return done

    return refresh


def _counting(analysed: list[str]) -> Callable[..., Iterator[AnalysedDocument | Problem]]:
    def analyse(documents: list[Document], budget: Budget | None = None) -> Iterator[AnalysedDocument | Problem]:
        for document in documents:
            analysed.append(document.id)
            yield analyse_within(document, budget)

    return analyse


@pytest.fixture
def streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(batch, "REFRESH_SHARE", 1.0)  # due every 4 documents, however long refreshing takes


def test_a_stream_stores_beside_its_refreshes_where_writers_go_side_by_side(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None
) -> None:
    seen: list[tuple[int, int, int, int]] = []
    analysed: list[str] = []
    monkeypatch.setattr(batch, "refresh", _slow(seen, analysed))
    monkeypatch.setattr(batch, "analyse_group", _counting(analysed))
    store = Store(db_url)
    summary = batch.ingest([statement_files(tmp_path, ARTICLES)], store, budget=Budget(0, 0), refresh_every=4)
    assert summary.stored == ARTICLES and _stored(store) == ARTICLES == len(analysed)
    assert not materialise.is_stale(store)
    stored_on = [before < after for before, after, _, _ in seen]
    analysed_on = [before < after for _, _, before, after in seen]
    assert any(analysed_on) and not analysed_on[-1], seen  # the stream went on beside each refresh but the last
    if store.side_by_side:  # PostgreSQL: storing too
        assert any(stored_on) and not stored_on[-1], seen
    else:  # SQLite: what it analysed meanwhile was saved once each refresh had ended
        assert not any(stored_on), seen
    assert len(seen) >= 2, seen


@pytest.mark.parametrize("fresh_db", ["postgresql"], indirect=True)
def test_a_refresh_failing_beside_the_stream_stops_the_batch(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None
) -> None:
    def failing(store: Store, full: bool | None = None, share: float = materialise.FULL_SHARE) -> object:
        raise RuntimeError("the refresh failed")

    monkeypatch.setattr(batch, "refresh", failing)
    store = Store(db_url)
    with pytest.raises(RuntimeError, match="the refresh failed"):
        batch.ingest([statement_files(tmp_path, ARTICLES)], store, budget=Budget(0, 0), refresh_every=4)
    kept = _stored(store)
    assert 4 <= kept < ARTICLES  # what was stored is kept; the rest waits for the same command again
    monkeypatch.setattr(batch, "refresh", materialise.refresh)
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
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None, caplog: pytest.LogCaptureFixture
) -> None:
    """On SQLite the documents analysed while a refresh holds the writer wait in memory: Ctrl-C
    then saves them once the refresh has ended, and the same command stores the rest."""
    seen: list[tuple[int, int, int, int]] = []
    analysed: list[str] = []
    monkeypatch.setattr(batch, "refresh", _slow(seen, analysed))
    counting = _counting(analysed)

    def interrupted(documents: list[Document], budget: Budget | None = None) -> Iterator[AnalysedDocument | Problem]:
        for result in counting(documents, budget):
            if seen == [] and len(analysed) > 6:  # the first refresh (after 4) still underway
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(batch, "analyse_group", interrupted)
    store = Store(db_url)
    folder = statement_files(tmp_path, ARTICLES)
    with pytest.raises(KeyboardInterrupt):
        batch.ingest([folder], store, budget=Budget(0, 0), refresh_every=4)
    assert "once the refresh underway ends" in caplog.text
    kept = _stored(store)
    assert kept == len(analysed) - 1 == 6  # each analysed before Ctrl-C, the one it stopped not
    monkeypatch.setattr(batch, "analyse_group", counting)
    again = batch.ingest([folder], store, budget=Budget(0, 0), refresh_every=4)
    assert (again.stored, again.already_stored) == (ARTICLES - kept, kept)
    assert _stored(store) == ARTICLES and not materialise.is_stale(store)

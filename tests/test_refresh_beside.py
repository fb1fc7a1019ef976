"""A long stream's refreshes run beside it on PostgreSQL (the stream goes on storing) and in line on
SQLite (one writer at a time); either way the batch ends with every document stored once and the
tables fresh, and a refresh that fails stops the batch (real analysis, real servers)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimscope import batch
from claimscope.budget import Budget
from claimscope.query import materialise
from claimscope.records import AnalysedDocument
from claimscope.store import Store
from claimscope.store.models import DocumentRow, PropositionRow
from tests.conftest import statement_files

ARTICLES = 40
SLOW_S = 1.0  # each refresh takes this long more: time enough for a stream going on to store some


def _stored(store: Store) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0)


def _slow(seen: list[tuple[int, int]]) -> Callable[..., object]:
    """The real refresh, after a pause; the documents stored when it began and when it ended."""

    def refresh(store: Store, full: bool | None = None, share: float = materialise.FULL_SHARE) -> object:
        before = _stored(store)
        time.sleep(SLOW_S)
        done = materialise.refresh(store, full, share)
        seen.append((before, _stored(store)))
        return done

    return refresh


@pytest.fixture
def streaming(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "BATCH_DOCUMENTS", 2)
    monkeypatch.setattr(batch, "REFRESH_SHARE", 1.0)  # due every 4 documents, however long refreshing takes


def test_a_stream_stores_beside_its_refreshes_where_writers_go_side_by_side(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streaming: None
) -> None:
    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(batch, "refresh", _slow(seen))
    store = Store(db_url)
    summary = batch.ingest([statement_files(tmp_path, ARTICLES)], store, budget=Budget(0, 0), refresh_every=4)
    assert summary.stored == ARTICLES and _stored(store) == ARTICLES
    assert not materialise.is_stale(store)
    went_on = [before < after for before, after in seen]
    if store.side_by_side:  # PostgreSQL: the stream stored documents while each refresh ran, but the last
        assert any(went_on) and not went_on[-1], seen
    else:  # SQLite: the stream waited for each
        assert not any(went_on), seen
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
    reads = []
    taking_in = materialise._pending

    def pending(session: Session) -> list[str]:
        found = taking_in(session)
        reads.append(found)
        if len(reads) == 2:  # the list the refresh takes in, read under its lock: then "c" is stored
            store.save(said("c"))
        return found

    monkeypatch.setattr(materialise, "_pending", pending)
    materialise.refresh(store, full=False)
    monkeypatch.undo()
    assert reads[-1] == ["b"] and materialise.is_stale(store)  # "c" waits for the next refresh
    materialise.refresh(store, full=False)
    with store.sessions() as session:
        stances = session.scalar(select(PropositionRow.stances))
        sources = session.scalar(select(PropositionRow.independent_sources))
    assert (stances, sources) == (3, 3)

"""The query planner's statistics are gathered as the store grows: without them SQLite read a
key's few claims through the index of their type (every claim of that type)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select, text

from claimscope import batch
from claimscope.query import materialise
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, Source, Span, Stance
from claimscope.store import Store
from claimscope.store.models import ClaimRow
from claimscope.store.state import ANALYSED, state


def _article(number: int) -> AnalysedDocument:
    place = f"Ville{number % 10}"
    text_ = f"Selon l'armée russe, ses troupes contrôlent la ville de {place} depuis lundi (article {number})."
    claim = Claim(
        ClaimType.CONTROL,
        f"control|{place}|Russia",
        {"place": place, "controller": "Russia"},
        Stance.ASSERTS,
        Source("armée russe", "organisation", "Russia"),
        Span(0, 20),
        text_[:20],
        date=date(2025, 12, 1),
    )
    doc = Document(
        f"doc{number:03d}", f"doc{number}.txt", text_, site=f"s{number}.example", published=date(2025, 12, 2)
    )
    return AnalysedDocument(doc, claims=[claim])


def _store(tmp_path: Path, count: int) -> Store:
    store = Store(f"sqlite:///{tmp_path}/stats.db")
    store.save_many([(_article(n), False) for n in range(count)])
    return store


def _analysed(store: Store) -> int:
    with store.sessions() as session:
        return state(session, ANALYSED)


def test_statistics_are_gathered_again_once_the_store_has_doubled(tmp_path: Path) -> None:
    store = _store(tmp_path, 4)
    materialise.refresh(store)
    assert _analysed(store) == 4
    store.save_many([(_article(n), False) for n in range(4, 7)])
    materialise.refresh(store)
    assert _analysed(store) == 4  # 7 documents: not yet twice as many
    store.save_many([(_article(7), False)])
    materialise.refresh(store)
    assert _analysed(store) == 8


def _plan(store: Store) -> str:
    """How this process's connections read a key's claims."""
    query = select(ClaimRow.id).where(ClaimRow.key.in_(["control|Ville1|Russia"]), ClaimRow.type == "control")
    sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        return " ".join(str(row[-1]) for row in connection.execute(text("EXPLAIN QUERY PLAN " + sql)))


def test_a_key_is_read_through_its_own_index_once_statistics_exist(tmp_path: Path) -> None:
    store = _store(tmp_path, 60)
    assert "ix_claims_type" in _plan(store)  # what the planner guesses with no statistics
    materialise.refresh(store)
    assert "ix_claims_key" in _plan(store)


def test_a_stream_plans_with_the_statistics_its_refresh_apart_gathered(tmp_path: Path) -> None:
    """A refresh beside a stream runs in a process of its own: the stream's pooled connections,
    opened before, open again after it to read the statistics it gathered."""
    store = _store(tmp_path, 60)
    assert "ix_claims_type" in _plan(store)
    run = batch._Run(store, reanalyse=False, on_item=None, on_result=None, rename=None, on_known=None)
    run.refresh(beside=True)
    run.beside.wait()
    assert "ix_claims_key" in _plan(store)


def test_an_in_memory_store_keeps_its_documents_through_the_refresh_that_gathers_statistics() -> None:
    """A file's pooled connections are dropped once statistics are gathered (they plan without
    them until they open again); an in-memory database's one connection is the database."""
    store = Store("sqlite://")
    for number in range(3):
        store.save(_article(number))
    materialise.refresh(store)
    with store.sessions() as session:
        assert state(session, ANALYSED) == 3
        assert len(session.scalars(select(ClaimRow)).all()) == 3

"""A quote given to another speaker than other sources give it to is flagged by the incremental
refresh whatever batch the other sources came in, as the full refresh flags it (both backends)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from claimscope.query import flagging, incremental, materialise, tables
from claimscope.records import AnalysedDocument
from claimscope.store import Store
from claimscope.store.models import ClaimQuoteRow, FlagRow
from tests.test_flags import document, quote

WORDS = "nous verrons si cela se produit pour un éventuel accord"


def _said(doc_id: str, site: str, speaker: str) -> AnalysedDocument:
    return document(doc_id, f"{doc_id} {WORDS}", site, [quote(speaker, WORDS)])


def _flags(store: Store) -> list[tuple[Any, ...]]:
    with store.sessions() as session:
        return sorted(
            (f.id, f.kind, f.document_id, f.message, f.evidence_total, [e["document"] for e in f.evidence])
            for f in session.scalars(select(FlagRow))
        )


def _in_turn(store: Store, *batches: list[AnalysedDocument]) -> list[tuple[Any, ...]]:
    """Each batch stored and refreshed incrementally (the first one fully); the flags written."""
    for n, batch in enumerate(batches):
        for analysed in batch:
            store.save(analysed)
        materialise.refresh(store, full=not n)
    return _flags(store)


TRUMP_TWICE = [_said("a", "one.example", "Donald Trump"), _said("b", "two.example", "Donald Trump")]
WITKOFF = _said("c", "three.example", "Steve Witkoff")
FLAGGED = "quote given to Steve Witkoff; other sources give it to Donald Trump"


def test_a_quote_stored_a_batch_after_its_other_sources_is_flagged(db_url: str) -> None:
    store = Store(db_url)
    found = _in_turn(store, TRUMP_TWICE, [WITKOFF])
    assert [(f[1], f[2], f[3], f[4], f[5]) for f in found] == [("quote-conflict", "c", FLAGGED, 2, ["a", "b"])]
    materialise.refresh(store, full=True)
    assert _flags(store) == found


def test_the_other_sources_may_be_new_documents_read_in_another_part(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh reads its new documents whole a part at a time: the index holds them all."""
    monkeypatch.setattr(incremental, "WHOLE", 1)
    store = Store(db_url)
    found = _in_turn(store, TRUMP_TWICE[:1], [TRUMP_TWICE[1], WITKOFF])
    assert [(f[2], f[3]) for f in found] == [("c", FLAGGED)]
    materialise.refresh(store, full=True)
    assert _flags(store) == found


def test_the_evidence_read_is_bounded_and_counted(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The majority's first statements, in storing order, and how many there are in all."""
    monkeypatch.setattr(flagging, "EVIDENCE_KEPT", 1)
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", 1)
    store = Store(db_url)
    found = _in_turn(store, TRUMP_TWICE, [WITKOFF])
    assert [(f[4], f[5]) for f in found] == [(2, ["a"])]
    materialise.refresh(store, full=True)
    assert _flags(store) == found


def test_a_tie_between_speakers_is_not_flagged(db_url: str) -> None:
    store = Store(db_url)
    assert _in_turn(store, TRUMP_TWICE[:1], [WITKOFF]) == []


def test_the_quotes_of_a_store_from_before_the_index_are_indexed_by_the_upgrade(tmp_path: Any) -> None:
    from alembic import command

    from claimscope.store.db import alembic_config

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(url)
    _in_turn(store, [*TRUMP_TWICE, WITKOFF])

    def indexed() -> list[tuple[str, str]]:
        with Store(url).sessions() as session:
            return sorted((r[0], r[1]) for r in session.execute(select(ClaimQuoteRow.document_id, ClaimQuoteRow.quote)))

    written = indexed()
    assert [doc for doc, _ in written] == ["a", "b", "c"] and len({key for _, key in written}) == 1
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    store.engine.dispose()
    assert indexed() == written  # opened, the store is upgraded: the index filled from its claims


def test_claims_are_read_for_more_keys_and_reports_than_a_statement_has_parameters(db_url: str) -> None:
    """A refresh at 100,000 documents asks for the claims of tens of thousands of meeting reports:
    PostgreSQL refused a statement of more than 65,535 parameters; now each set is one parameter."""
    from claimscope.query.knowledge import store_knowledge
    from claimscope.query.tables import one_of
    from claimscope.store.models import ClaimRow

    store = Store(db_url)
    _in_turn(store, TRUMP_TWICE)
    kb = store_knowledge(store)
    many = 70_000
    with store.sessions() as session:
        stored = sorted(session.scalars(select(ClaimRow.id)))
        keys = sorted(session.scalars(select(ClaimRow.key)))
        by_id = one_of(session, ClaimRow.id, {*stored, *range(10**6, 10**6 + many)})
        assert sorted(session.scalars(select(ClaimRow.id).where(by_id))) == stored
        by_key = one_of(session, ClaimRow.key, {*keys, *(f"statement|nobody|{n}" for n in range(many))})
        assert sorted(session.scalars(select(ClaimRow.key).where(by_key))) == keys
        documents, *_ = incremental._claims(
            session, kb, {f"role|nobody|of|{n}" for n in range(many)}, (set(), set()), set(), (set(), set()), {}
        )
        assert documents == {}

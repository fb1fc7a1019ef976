"""Speakers' counts kept from refresh to refresh (`query.speaker_counts`) against a full count, on
both backends (real sample): each document counted once, whatever comes beside a refresh, a
store refreshed before the sides were kept, or a document analysed again."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import delete, select

from claimscope.claims import duplicates
from claimscope.query import materialise, speaker_counts
from claimscope.records import AnalysedDocument
from claimscope.store import Store
from claimscope.store.models import SpeakerSideRow, SpeakerStatsRow, StateRow
from tests.desk import _sample

HALF = 25  # of the 50 sample articles


@pytest.fixture(autouse=True)
def no_rewrites(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rewrites are found by a full refresh only (they need every story's words): left out of both."""
    monkeypatch.setattr(duplicates, "rewrites", lambda stories, versions=None: [])


def _speakers(store: Store) -> dict[str, Any]:
    with store.sessions() as session:
        return {
            "speakers": sorted(
                (s.name, s.type, s.side, s.statements, s.documents) for s in session.scalars(select(SpeakerStatsRow))
            ),
            "sides": sorted((s.name, s.party, s.claims) for s in session.scalars(select(SpeakerSideRow))),
        }


def _as_full(store: Store) -> None:
    """The tables kept incrementally are those a full refresh writes."""
    kept = _speakers(store)
    assert kept["speakers"] and kept["sides"], "the sample quotes speakers and gives them sides"
    materialise.refresh(store, full=True)
    assert kept == _speakers(store)


def _stored(db_url: str, documents: list[AnalysedDocument]) -> Store:
    store = Store(db_url)
    store.save_many([(d, False) for d in documents])
    materialise.refresh(store, full=True)
    return store


def _quoted(analysed: AnalysedDocument) -> set[str]:
    return {a.speaker.name for a in analysed.attributions if a.speaker and a.speaker.name}


@pytest.mark.parametrize("full", [True, False], ids=["full", "incremental"])
def test_a_document_stored_beside_a_refresh_is_counted_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch, full: bool
) -> None:
    """One stored after a refresh listed what it takes in (on PostgreSQL an ingest commits beside
    it) is the next refresh's new document: counted by neither a full count nor the speakers
    counted afresh (those of a document analysed again, here quoting the same speaker), it is
    counted once by the next."""
    sample = list(_sample()[1])
    before = set().union(*map(_quoted, sample[:HALF]))
    beside = next(d for d in reversed(sample[HALF:]) if _quoted(d) & before)
    if full:
        store = Store(db_url)
        store.save_many([(d, False) for d in sample])
    else:
        store = _stored(db_url, sample[:HALF])
        store.save_many([(d, False) for d in sample[HALF:]])
        store.save(next(d for d in sample[:HALF] if _quoted(d) & _quoted(beside)), replace=True)
    listed = materialise._pending
    monkeypatch.setattr(materialise, "_pending", lambda s: [d for d in listed(s) if d != beside.document.id])
    materialise.refresh(store, full=full)
    monkeypatch.setattr(materialise, "_pending", listed)
    assert materialise.refresh(store, full=False).documents == 1
    _as_full(store)


def test_a_store_refreshed_before_the_sides_were_kept_counts_them_once(db_url: str) -> None:
    sample = list(_sample()[1])
    store = _stored(db_url, sample[:HALF])
    with store.session() as session:  # as migration 0016 leaves a store refreshed before it
        session.execute(delete(SpeakerSideRow))
        session.execute(delete(StateRow).where(StateRow.name == speaker_counts.KEPT))
    store.save_many([(d, False) for d in sample[HALF:]])
    materialise.refresh(store, full=False)
    _as_full(store)


def test_a_document_analysed_again_is_counted_again_for_the_names_its_claims_gave(db_url: str) -> None:
    """Its claims gave a side to someone it does not quote (a government "selon" another
    article's speaker, an outlet): the new version without them leaves that name's sides
    counted as a full refresh counts them."""
    sample = list(_sample()[1])

    def unquoted(analysed: AnalysedDocument) -> set[str]:
        return {c.source.name for c in analysed.claims if c.source.party != "unknown"} - _quoted(analysed)

    analysed = next(d for d in sample if unquoted(d) - {d.document.site} and d.document.published is not None)
    gone = unquoted(analysed)
    store = _stored(db_url, sample)
    store.save(replace(analysed, claims=[c for c in analysed.claims if c.source.name not in gone]), replace=True)
    materialise.refresh(store, full=False)
    _as_full(store)

"""Relations' objects counted from refresh to refresh (`query.object_counts`) against a full count,
on both backends: each statement counted once with the source its document counts as now, and the
statements a flag may cite picked on from those kept, whatever is stored out of order, analysed
again or regrouped (`tests.test_refresh_summed` and `tests.test_speaker_counts` compare them too)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from claimscope.claims.flags import _tally
from claimscope.claims.knowledge import CHECKED
from claimscope.query import materialise, object_counts, tables
from claimscope.query.evidence import Pick, counted_objects
from claimscope.query.tables import identity
from claimscope.records import AnalysedDocument, Claim, Stance
from claimscope.store import Store
from claimscope.store.models import DocumentGroupRow, DocumentRow, ObjectEvidenceRow, ObjectSourceRow, StateRow
from tests.conftest import kept_objects, stored_whole
from tests.desk import _sample
from tests.test_refresh_summed import FIRST, LATER, STORED, _report

KEPT = 3  # statements a flag may cite of each object: fewer than the stored ones, so that order matters


def _kept_then_full(
    store: Store, later: list[AnalysedDocument], between: Callable[[Store], None] = lambda store: None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The kept rows after an incremental refresh takes ``later`` in (stored, then ``between``
    done), and after a full refresh."""
    store.save_many([(analysed, False) for analysed in STORED])
    materialise.refresh(store, full=True)
    store.save_many([(analysed, True) for analysed in later])
    between(store)
    materialise.refresh(store, full=False)
    kept = kept_objects(store)
    materialise.refresh(store, full=True)
    return kept, kept_objects(store)


def _cited(rows: dict[str, Any], document: str) -> int:
    return sum(claim[0] == document for *_, claim in rows["object evidence"])


def test_new_statements_are_counted_on_from_those_kept(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """News later than the store: only its statements are read, and the statements a flag may
    cite go on from the kept ones as a full refresh picks them (a new object's first are cited)."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    read: list[object_counts.Statement] = []
    real = object_counts._statements

    def reading(*args: Any) -> Iterator[object_counts.Statement]:
        for statement in real(*args):
            read.append(statement)
            yield statement

    kept, full = _kept_then_full(
        Store(db_url), LATER, lambda store: monkeypatch.setattr(object_counts, "_statements", reading)
    )
    assert kept == full
    new, stored = (sum(c.stance is Stance.ASSERTS for a in batch for c in a.claims) for batch in (LATER, STORED))
    assert len(read) == new + (stored + new), "the new statements (the incremental refresh), then all (the full one)"
    assert _cited(full, "Doc122de") == 3, "the first statements of a new object, one of each person's"


def test_a_statement_stored_before_the_kept_ones_is_picked_as_a_full_refresh_picks_it(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A version committed late (beside the refresh, on PostgreSQL) comes before statements kept
    as citable: its relation is counted afresh."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    early = _report(130, "early.example", FIRST)

    def stored_first(store: Store) -> None:
        with store.session() as session:
            first = session.scalar(select(func.min(DocumentRow.ingested_at)))
            assert first is not None
            session.execute(
                update(DocumentRow)
                .where(DocumentRow.id == early.document.id)
                .values(ingested_at=first - timedelta(days=1))
            )

    kept, full = _kept_then_full(Store(db_url), [early], stored_first)
    assert kept == full
    assert _cited(full, early.document.id) == 3, "first in storing order: cited"


def test_a_relation_a_document_analysed_again_no_longer_gives_is_counted_afresh(db_url: str) -> None:
    again = replace(
        STORED[0], claims=[replace(c, args={**c.args, "object": "Vladimir Putin"}) for c in STORED[0].claims]
    )
    kept, full = _kept_then_full(Store(db_url), [again])
    assert kept == full
    assert {o[1] for o in full["object sources"]} == {"Donald Trump", "Vladimir Putin"}


@pytest.mark.parametrize("original", ["stored", "new"])
def test_an_articles_new_copy_moves_its_statements_to_the_source_they_count_as(db_url: str, original: str) -> None:
    """The only article of its site, copied by another site: its statements now count as the
    dispatch, and its site no longer as a source of their objects (the original stored before,
    or new in the same refresh: then its statements are counted once, as the dispatch)."""
    lone = _report(140, "lone.example", FIRST)
    copy = replace(lone, document=replace(lone.document, id="Copy140", source="copy.txt", site="copy.example"))
    store = Store(db_url)
    if original == "stored":
        store.save(lone)
    kept, full = _kept_then_full(store, [copy] if original == "stored" else [lone, copy])
    assert kept == full
    lone_sources = {o[2] for o in full["object sources"] if o[3] == 2}  # the original and its copy
    assert len(lone_sources) == 1 and not lone_sources & {o[2] for o in full["object sources"] if o[3] != 2}


def _unkept(store: Store) -> None:
    """As migration 0018 leaves a store refreshed before it."""
    with store.session() as session:
        session.execute(delete(ObjectSourceRow))
        session.execute(delete(ObjectEvidenceRow))
        session.execute(delete(StateRow).where(StateRow.name == object_counts.KEPT))


def test_a_store_refreshed_before_the_objects_were_kept_counts_them_once(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    kept, full = _kept_then_full(Store(db_url), LATER, _unkept)
    assert kept == full


def test_statements_picked_with_another_bound_are_picked_afresh(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """EVIDENCE_KEPT changed between two refreshes (a new version): every object is counted again."""
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT + 2)
    kept, full = _kept_then_full(Store(db_url), LATER, lambda store: monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT))
    assert kept == full


def test_the_counts_kept_are_each_objects_sources_and_statements_in_the_store(db_url: str) -> None:
    """Against the records themselves (the sample, refreshed whole): each object's independent
    sources and statements as a flag counts them over every statement, and the statements
    `Pick` cites in storing order."""
    store = Store(db_url)
    store.save_many([(analysed, False) for analysed in _sample()[1]])
    materialise.refresh(store, full=True)
    with store.sessions() as session:
        documents, claim_ids = stored_whole(session)  # in storing order
        sources = dict(session.execute(select(DocumentGroupRow.document_id, DocumentGroupRow.source_group)).all())
        said: dict[tuple[str, str], list[tuple[AnalysedDocument, Claim]]] = defaultdict(list)
        pick, cited = Pick(), set()
        for analysed in documents:
            for claim in analysed.claims:
                if claim.type in CHECKED and claim.stance is Stance.ASSERTS:
                    subject = (claim.args["person"], claim.args["relation"])
                    said[subject].append((analysed, claim))
                    if pick.cites((subject, claim.args["object"]), analysed.document.site or analysed.document.source):
                        cited |= set(claim_ids[identity(analysed.document.id, claim)])
        counted = counted_objects(session, said)
    assert len(said) > 3, "the sample gives several people offices"
    assert counted == ({subject: _tally(group, sources) for subject, group in said.items()}, cited)

"""Dispatch groups and the sources their articles count as, kept up to date as documents come
(`claims.independence` says what a full refresh computes; an incremental refresh must write the same).

A new document's copies are the stored documents sharing one of its LSH band keys (an index lookup)
and passing the containment check; its dispatch group joins theirs (a merge relabels the groups it
joins, the smallest id naming each group as a full refresh does), and the group's members count as
the source it now is: the dispatch once two sites print it, else the site. A replaced document
leaves its group first; what is left of it is named and counted anew.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from claimscope.claims.duplicates import copies_packed
from claimscope.claims.independence import counted_as, is_site_source
from claimscope.query import object_counts
from claimscope.query.tables import Signature, chunks
from claimscope.records import AnalysedDocument, Document
from claimscope.store.models import (
    ClaimNameRow,
    ClaimQuoteRow,
    DocumentBandRow,
    DocumentGroupRow,
    DocumentRow,
    DocumentShinglesRow,
    FlagRow,
    PropositionStanceRow,
    ReplacedRow,
)
from claimscope.store.replaced import MEETING_DAY, PROPOSITION, RELATION, SPEAKER

HELD_BYTES = 64 * 1024 * 1024  # the stored copies' shingles kept once read (8 bytes a shingle)


def unindexed(session: Session, ids: list[str]) -> set[str]:
    """The new documents' index rows dropped (a replaced document's, before any new one is grouped:
    none may join a group through what a document no longer says), and what is left of the groups
    replaced documents leave named and counted as a full refresh would (its smallest member; the
    sites left); the propositions a replaced document had stances in, and those whose stances
    changed source."""
    stale = pids(session, PropositionStanceRow.document_id, ids)
    left: set[str] = set()  # the dispatch groups replaced documents were in
    for batch in chunks(ids):
        left |= set(session.scalars(select(DocumentGroupRow.dispatch).where(DocumentGroupRow.document_id.in_(batch))))
    for table, column in (
        (ClaimNameRow, ClaimNameRow.document_id),
        (ClaimQuoteRow, ClaimQuoteRow.document_id),
        (DocumentBandRow, DocumentBandRow.document_id),
        (DocumentShinglesRow, DocumentShinglesRow.document_id),
        (FlagRow, FlagRow.document_id),
        (DocumentGroupRow, DocumentGroupRow.document_id),
    ):
        for batch in chunks(ids):
            session.execute(delete(table).where(column.in_(batch)))
    for dispatch in sorted(left):
        members = dict(
            session.execute(
                select(DocumentRow.id, DocumentRow.site)
                .join(DocumentGroupRow, DocumentGroupRow.document_id == DocumentRow.id)
                .where(DocumentGroupRow.dispatch == dispatch)
            ).all()
        )
        if not members:
            continue
        name = min(members)  # the group was named by a document that left it: by the next one
        if name != dispatch:
            session.execute(update(DocumentGroupRow).where(DocumentGroupRow.dispatch == dispatch).values(dispatch=name))
        stale |= _relabel(session, name, counted_as(name, members))
    return stale


def taken_replaced(session: Session, documents: Iterable[str]) -> tuple[set[str], set[str], set[str], set[str]]:
    """The propositions, speakers, meeting keys and relations (JSON) these documents had before
    they were replaced, as the store noted them (`store.replaced`); the notes are then dropped:
    the refresh taking the documents in recomputes them."""
    found: dict[str, set[str]] = {PROPOSITION: set(), SPEAKER: set(), MEETING_DAY: set(), RELATION: set()}
    for batch in chunks(documents):
        for kind, value in session.execute(
            select(ReplacedRow.kind, ReplacedRow.value).where(ReplacedRow.document_id.in_(batch))
        ):
            found[kind].add(value)
        session.execute(delete(ReplacedRow).where(ReplacedRow.document_id.in_(batch)))
    return found[PROPOSITION], found[SPEAKER], found[MEETING_DAY], found[RELATION]


def pids(session: Session, column: InstrumentedAttribute[Any], values: Iterable[Any]) -> set[str]:
    """The propositions with a stance whose ``column`` (its document, claim or source) is one of ``values``."""
    found: set[str] = set()
    for batch in chunks(values):
        found |= set(session.scalars(select(PropositionStanceRow.pid).where(column.in_(batch)).distinct()))
    return found


def group(session: Session, new: list[AnalysedDocument], signatures: dict[str, Signature]) -> set[str]:
    """Each new document into its dispatch group (``signatures``: their band keys and shingles, as
    written), and the group's members counted as the source it now is (`claims.independence`);
    the propositions with stances whose source changed (they may count one source more or fewer)."""
    renamed: set[str] = set()  # propositions
    shingles = _Shingles(session)
    for analysed in new:
        doc = analysed.document
        copies: list[str] = []
        if doc.id in signatures:
            buckets, mine = signatures[doc.id]
            copies = _a_copy_in_each(shingles, mine, _grouped_near(session, doc.id, buckets))
        dispatch_of, source_of = groups(session, copies)
        dispatches, joined = set(dispatch_of.values()), set(source_of.values())
        dispatch = min({doc.id} | dispatches)
        for old in dispatches - {dispatch}:
            session.execute(update(DocumentGroupRow).where(DocumentGroupRow.dispatch == old).values(dispatch=dispatch))
        source = _counted_as(doc, dispatch, joined)
        session.add(DocumentGroupRow(document_id=doc.id, dispatch=dispatch, source_group=source))
        session.flush()
        if joined - {source}:
            renamed |= _relabel(session, dispatch, source)
    return renamed


def _counted_as(doc: Document, dispatch: str, joined: set[str]) -> str:
    """The source a dispatch group counts as once ``doc`` joined it (``joined``: the sources the
    groups it joined counted as), as `claims.independence.counted_as` says of its members: still
    its one site's when they all counted as the site it is of, else the dispatch's."""
    own = counted_as(doc.id, {doc.id: doc.site})
    return own if not joined or (joined == {own} and is_site_source(own)) else dispatch


def _relabel(session: Session, dispatch: str, source: str) -> set[str]:
    """The members of a dispatch group counted as ``source`` (their relations' objects too:
    `query.object_counts`); the propositions with stances of those whose source changed."""
    moved = list(
        session.scalars(
            select(DocumentGroupRow.document_id).where(
                DocumentGroupRow.dispatch == dispatch, DocumentGroupRow.source_group != source
            )
        )
    )
    renamed = pids(session, PropositionStanceRow.document_id, moved)
    for batch in chunks(moved):
        object_counts.moved(session, batch, source)
        for table in (DocumentGroupRow, PropositionStanceRow):
            session.execute(update(table).where(table.document_id.in_(batch)).values(source_group=source))
    return renamed


def _grouped_near(session: Session, doc_id: str, buckets: list[int]) -> dict[str, str]:
    """The documents sharing one of these LSH band keys that are already grouped (stored, or new
    and grouped before), with their dispatch groups: one query, the documents found from the index
    of keys alone, then their groups (the bench's dense variants share keys with hundreds of
    documents, whose groups were a second query of hundreds of ids)."""
    near = select(DocumentBandRow.document_id).where(
        DocumentBandRow.bucket.in_(buckets), DocumentBandRow.document_id != doc_id
    )
    query = select(DocumentGroupRow.document_id, DocumentGroupRow.dispatch).where(
        DocumentGroupRow.document_id.in_(near)
    )
    return {other: dispatch for other, dispatch in session.execute(query)}


def _a_copy_in_each(shingles: _Shingles, mine: bytes, dispatch_of: dict[str, str]) -> list[str]:
    """One stored copy (near-duplicate by ``mine``, the packed shingles) in each dispatch group that
    holds one, among the candidates ``dispatch_of``: the members of a group share its dispatch and
    source groups, so one copy joins them as well as all (a dispatch copied 200 times was checked
    200 times a new copy). The first candidate of each group is checked, then the others of the
    groups it did not join, each round at once (`claims.duplicates.copies_packed`)."""
    members: dict[str, list[str]] = defaultdict(list)
    for other in sorted(dispatch_of):
        members[dispatch_of[other]].append(other)
    found: dict[str, str] = {}
    for round_ in ([m[:1] for m in members.values()], [m[1:] for m in members.values()]):
        held = shingles.read([other for group in round_ for other in group if dispatch_of[other] not in found])
        checked = sorted(held)
        for other, copy in zip(checked, copies_packed(mine, [held[other] for other in checked]), strict=True):
            if copy and dispatch_of[other] not in found:
                found[dispatch_of[other]] = other
    return sorted(found.values())


class _Shingles:
    """Documents' packed shingles, those read kept while a part of the new documents (up to
    `incremental.WHOLE`) is grouped, up to HELD_BYTES: the new documents of one story are checked
    against mostly the same stored ones."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.held: dict[str, bytes] = {}
        self.size = 0

    def read(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The shingles of those of ``ids`` that have them (documents too short have none)."""
        ids = set(ids)
        found = {doc: self.held[doc] for doc in ids & self.held.keys()}
        for batch in chunks(sorted(ids - found.keys())):
            query = select(DocumentShinglesRow.document_id, DocumentShinglesRow.hashes).where(
                DocumentShinglesRow.document_id.in_(batch)
            )
            for doc, hashes in self.session.execute(query):
                found[doc] = hashes
                if self.size + len(hashes) <= HELD_BYTES:
                    self.held[doc] = hashes
                    self.size += len(hashes)
        return found


def groups(session: Session, ids: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    dispatch: dict[str, str] = {}
    source: dict[str, str] = {}
    for batch in chunks(set(ids)):
        for doc_id, group, counted in session.execute(
            select(DocumentGroupRow.document_id, DocumentGroupRow.dispatch, DocumentGroupRow.source_group).where(
                DocumentGroupRow.document_id.in_(batch)
            )
        ):
            dispatch[doc_id], source[doc_id] = group, counted
    return dispatch, source

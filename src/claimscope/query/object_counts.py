"""Each object of a person's relation or role: the sources and statements asserting it, and the
statements a flag may cite, kept as documents come.

A new article's minority flag (`claims.flags`) counts each object's independent sources and
statements and cites the majority's first statements (`query.evidence.Pick`). A full refresh
counts them from every document it takes in. An incremental one adds its new documents'
statements: news comes last in storing order, so the statements a flag may cite go on from those
kept. A regrouped document's statements move to the source it now counts as (`moved`). Only two
kinds of relation are counted again from the store: those of documents analysed again (their old
statements are gone), and those where a new statement comes before a kept citable one (a version
committed late beside the refresh on PostgreSQL). Reading every statement of the relations new
articles give took some 5 s a refresh at 100,000 documents (160,000 statements).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from claimscope.claims.knowledge import CHECKED
from claimscope.query import tables
from claimscope.query.evidence import Pick, Relation, prefixed, relation_id
from claimscope.query.tables import Pending, chunks, insert_rows, listed, pid, taken_in
from claimscope.records import Stance
from claimscope.store.convert import Decoded
from claimscope.store.models import (
    ClaimRow,
    DocumentGroupRow,
    DocumentRow,
    ObjectEvidenceRow,
    ObjectSourceRow,
)
from claimscope.store.state import set_state, state

KEPT = "object sources kept"  # the EVIDENCE_KEPT they were picked with: 0 (never) or another counts afresh
Place = tuple[datetime, str, int, int]  # a statement's place in storing order: document, start, claim
Key = tuple[str, str, str]  # relation id, object, source


class Statement(NamedTuple):
    claim: int
    said: Relation
    object: str
    site: str  # as a flag's evidence names it
    source: str  # as `Independence` counts it
    place: Place


def write_objects(session: Session, taken: ColumnElement[bool]) -> None:
    """Every object counted afresh, from the documents ``taken``."""
    session.execute(delete(ObjectSourceRow))
    session.execute(delete(ObjectEvidenceRow))
    tally = _Tally(_Kept(session, []))
    tally.add(_statements(session, taken))
    tally.write(session)
    set_state(session, KEPT, tables.EVIDENCE_KEPT)


def count_objects(session: Session, pending: Pending, again: Collection[Relation]) -> None:
    """The ``pending`` documents' statements added to the kept counts (once their dispatch groups
    are written); the relations ``again`` (of documents analysed again) counted afresh."""
    taken = taken_in(session, pending)
    if state(session, KEPT) != tables.EVIDENCE_KEPT:
        write_objects(session, taken)
        return
    new = list(_statements(session, listed(session, pending)))
    kept = _Kept(session, {relation_id(s.said) for s in new})
    late = {s.said for s in new if s.place < kept.last.get((relation_id(s.said), s.object), s.place)}
    recount = set(again) | late
    kept.forget(session, {relation_id(said) for said in recount})
    tally = _Tally(kept)
    tally.add(s for s in new if s.said not in recount)
    if recount:
        prefixes = {(kind.value, *said) for said in recount for kind in CHECKED}
        tally.add(s for s in _statements(session, taken, or_(*prefixed(prefixes))) if s.said in recount)
    tally.write(session)


def moved(session: Session, documents: list[str], source: str) -> None:
    """These documents, regrouped, counted as ``source``: the statements of those counted before
    move to it (a new document's are added with the source it ends the refresh as)."""
    if state(session, KEPT) != tables.EVIDENCE_KEPT:
        return  # counted afresh at the refresh's end
    deltas: Counter[Key] = Counter()
    for statement in _statements(session, DocumentRow.id.in_(documents), DocumentRow.materialised.is_(True)):
        rid = relation_id(statement.said)
        deltas[(rid, statement.object, statement.source)] -= 1
        deltas[(rid, statement.object, source)] += 1
    tally = _Tally(_Kept(session, {rid for rid, _, _ in deltas}))
    tally.counts = deltas
    tally.write(session)


def _statements(session: Session, *where: Any) -> Iterator[Statement]:
    """The asserting statements of relations and roles ``where`` says, in storing order."""
    named = func.coalesce(func.nullif(DocumentRow.site, ""), DocumentRow.source)  # as evidence names it
    counted = func.coalesce(DocumentGroupRow.source_group, ClaimRow.document_id)  # as `Independence` counts it
    query = (
        select(ClaimRow.id, cast(ClaimRow.args, Text), named, counted)
        .add_columns(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .outerjoin(DocumentGroupRow, DocumentGroupRow.document_id == ClaimRow.document_id)
        .where(ClaimRow.type.in_([kind.value for kind in CHECKED]), ClaimRow.stance == Stance.ASSERTS.value, *where)
        .order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)  # as a full refresh reads
    )
    decoded = Decoded()
    for claim_id, args_text, site, source, ingested, document, start in session.execute(query):
        args = decoded(args_text)
        place = (ingested, document, start, claim_id)
        yield Statement(claim_id, (args["person"], args["relation"]), args["object"], site, source, place)


class _Kept:
    """The kept rows of some relations (by `relation_id`): each object's statements by source,
    its cited statements' sites and the place of the last."""

    def __init__(self, session: Session, relations: Collection[str]) -> None:
        self.statements: dict[Key, int] = {}
        self.sites: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.last: dict[tuple[str, str], Place] = {}
        for batch in chunks(sorted(relations)):
            rows, cites = ObjectSourceRow, ObjectEvidenceRow
            kept = select(rows.relation, rows.object, rows.source, rows.statements).where(rows.relation.in_(batch))
            for rid, obj, source, n in session.execute(kept):
                self.statements[(rid, obj, source)] = n
            cited = (
                select(cites.relation, cites.object, cites.site, DocumentRow.ingested_at, DocumentRow.id)
                .add_columns(ClaimRow.start, ClaimRow.id)
                .join(ClaimRow, ClaimRow.id == cites.claim_id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(cites.relation.in_(batch))
            )
            for rid, obj, site, ingested, document, start, claim in session.execute(cited):
                place: Place = (ingested, document, start, claim)
                self.sites[(rid, obj)].add(site)
                self.last[(rid, obj)] = max(self.last.get((rid, obj), place), place)

    def forget(self, session: Session, relations: set[str]) -> None:
        """These relations' kept rows dropped, here and in the store (they are counted afresh)."""
        for batch in chunks(sorted(relations)):
            session.execute(delete(ObjectSourceRow).where(ObjectSourceRow.relation.in_(batch)))
            session.execute(delete(ObjectEvidenceRow).where(ObjectEvidenceRow.relation.in_(batch)))
        self.statements = {key: n for key, n in self.statements.items() if key[0] not in relations}
        self.sites = defaultdict(set, {key: s for key, s in self.sites.items() if key[0] not in relations})


class _Tally:
    """Statements added to the kept rows: the counts by (relation, object, source) and the
    statements a flag may cite, picked on from those kept."""

    def __init__(self, kept: _Kept) -> None:
        self.kept = kept
        self.counts: Counter[Key] = Counter()
        self.pick = Pick()
        for (rid, obj, _), n in kept.statements.items():
            self.pick.told[(rid, obj)] += n
        for key, sites in kept.sites.items():
            self.pick.sites[key] |= sites
        self.cited: list[dict[str, Any]] = []

    def add(self, statements: Iterable[Statement]) -> None:
        """``statements`` counted, in storing order, after those kept."""
        for s in statements:
            rid = relation_id(s.said)
            self.counts[(rid, s.object, s.source)] += 1
            if self.pick.cites((rid, s.object), s.site):
                self.cited.append({"claim_id": s.claim, "relation": rid, "object": s.object, "site": s.site})

    def write(self, session: Session) -> None:
        changed, added, gone = [], [], []
        for (rid, obj, source), n in sorted(self.counts.items()):
            row = {"relation": rid, "object_id": pid(obj), "source": source}
            before = self.kept.statements.get((rid, obj, source))
            if before is None:
                added.append({**row, "object": obj, "statements": n})
            elif before + n:
                changed.append({**row, "statements": before + n})
            else:
                gone.append(row)
        if changed:
            session.execute(update(ObjectSourceRow), changed)
        for row in gone:
            session.execute(delete(ObjectSourceRow).filter_by(**row))
        insert_rows(session, ObjectSourceRow, [row for row in added if row["statements"]])
        insert_rows(session, ObjectEvidenceRow, self.cited)

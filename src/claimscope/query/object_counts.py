"""Each person's relation or role: its objects' sources and statements, its statements by day,
and the statements a flag may cite, kept as documents come.

A new article's minority flag (`claims.flags`) counts each object's independent sources and
statements and cites the majority's first statements; its flag against the knowledge base cites
the relation's statements the knowledge base allows and counts them (whether it allows one
depends on the statement's type, object and day alone: hence the counts by day). Of each object,
and of the statements allowed, `query.evidence.Pick` picks those a flag may cite. A full refresh
counts them from every document it takes in. An incremental one adds its new documents'
statements: news comes last in storing order, so the picks go on from those kept. A regrouped
document's statements move to the source it now counts as (`moved`). Only two kinds of relation
are counted again from the store: those of documents analysed again (their old statements are
gone), and those where a new statement's storing time is no later than a kept pick's (a version
committed late beside the refresh on PostgreSQL); every relation when the knowledge base's facts
change (the statements allowed are picked by them). Reading every statement of those relations took some 10 s a refresh
at 100,000 documents (236,000 statements).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import ColumnElement, Text, cast, delete, func, or_, select, update
from sqlalchemy.orm import Session

from claimscope.claims.knowledge import CHECKED, allows
from claimscope.entities.kb import KnowledgeBase
from claimscope.query import tables
from claimscope.query.evidence import Pick, Relation, prefixed, relation_id
from claimscope.query.tables import Pending, chunks, insert_rows, listed, pid, taken_in
from claimscope.records import ClaimType, Stance
from claimscope.store.convert import Decoded
from claimscope.store.models import (
    ClaimRow,
    DocumentGroupRow,
    DocumentRow,
    ObjectDayRow,
    ObjectEvidenceRow,
    ObjectSourceRow,
)
from claimscope.store.state import set_state, state

if TYPE_CHECKING:
    from claimscope.claims.flags import Counted

PICKED_WITH = "object sources kept"  # the EVIDENCE_KEPT they were picked with: 0 (never) or another counts afresh
PICKED_BY = "object picks knowledge"  # the facts the statements allowed were picked by (`facts_digest`)
Place = tuple[datetime, str, int, int]  # a statement's place in storing order: stored, document, start, claim
Key = tuple[str, str, str]  # relation id, object, source
Day = tuple[str, str, str, str]  # relation id, object, type, day ("" undated)
Picked = tuple[str, str | None]  # relation id, object; None: the relation's statements the knowledge base allows


class Statement(NamedTuple):
    claim: int
    said: Relation
    object: str
    type: str
    day: date | None
    site: str  # as a flag's evidence names it
    source: str  # as `Independence` counts it
    place: Place


def write_objects(session: Session, kb: KnowledgeBase, taken: ColumnElement[bool]) -> None:
    """Every object counted afresh, from the documents ``taken``."""
    for table in (ObjectSourceRow, ObjectDayRow, ObjectEvidenceRow):
        session.execute(delete(table))
    tally = _Tally(_Kept(session, kb, set()))
    tally.add(_statements(session, taken))
    tally.write(session)
    set_state(session, PICKED_WITH, tables.EVIDENCE_KEPT)
    set_state(session, PICKED_BY, facts_digest(kb))


def count_objects(session: Session, kb: KnowledgeBase, pending: Pending, again: Collection[Relation] | None) -> None:
    """The ``pending`` documents' statements added to the kept counts (once their dispatch groups
    are written); the relations ``again`` (of documents analysed again; None: unknown) counted
    afresh, and every relation when the knowledge base's facts changed since they were picked."""
    taken = taken_in(session, pending)
    if again is None or (state(session, PICKED_WITH), state(session, PICKED_BY)) != (
        tables.EVIDENCE_KEPT,
        facts_digest(kb),
    ):
        write_objects(session, kb, taken)
        return
    new = list(_statements(session, listed(session, pending)))
    kept = _Kept(session, kb, {s.said for s in new})
    late = {s.said for s in new if kept.late(s)}
    recount = set(again) | late
    kept.forget(session, {relation_id(said) for said in recount})
    tally = _Tally(kept)
    tally.add(s for s in new if s.said not in recount)
    if recount:
        prefixes = {(kind.value, *said) for said in recount for kind in CHECKED}
        tally.add(s for s in _statements(session, taken, or_(*prefixed(prefixes))) if s.said in recount)
    tally.write(session)


def facts_digest(kb: KnowledgeBase) -> int:
    """The knowledge base's facts, digested (31 bits: a store's counter): the statements allowed
    are picked by them, so that an import a refresh did not see as such still picks them again."""
    facts = "\n".join(sorted(repr(fact) for fact in kb.facts))
    return int(hashlib.sha1(facts.encode("utf-8")).hexdigest()[:7], 16)


def moved(session: Session, documents: list[str], source: str) -> None:
    """These documents, regrouped, counted as ``source``: the statements of those counted before
    move to it (a new document's are added with the source it ends the refresh as)."""
    if state(session, PICKED_WITH) != tables.EVIDENCE_KEPT:
        return  # counted afresh at the refresh's end
    deltas: Counter[Key] = Counter()
    said: set[Relation] = set()
    for statement in _statements(session, DocumentRow.id.in_(documents), DocumentRow.materialised.is_(True)):
        rid = relation_id(statement.said)
        deltas[(rid, statement.object, statement.source)] -= 1
        deltas[(rid, statement.object, source)] += 1
        said.add(statement.said)
    kept = _Kept(session, None, said)
    _write_counts(session, ObjectSourceRow, ("source",), deltas, kept.statements)


@dataclass
class Kept:
    """What the store keeps of some relations for the flags of new articles: each object's sources
    and statements; of the relations a flag against the knowledge base cites, the statements it
    allows; the ids of the statements a flag may cite of either."""

    counted: Counted
    allowed: dict[Relation, int]
    cited: set[int]


def counted_objects(
    session: Session, kb: KnowledgeBase, relations: Collection[Relation], allowing: Collection[Relation]
) -> Kept:
    """The sources and statements of each object of these ``relations``, the statements the
    knowledge base allows of those ``allowing``, and the ids of the statements a flag may cite
    (of each object of both, and of the statements allowed)."""
    kept = _Kept(session, kb, set(relations) | set(allowing))
    sources: dict[Relation, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    told: dict[Relation, Counter[str]] = defaultdict(Counter)
    for (rid, obj, source), n in kept.statements.items():
        sources[kept.relations[rid]][obj].add(source)
        told[kept.relations[rid]][obj] += n
    counted = {
        said: {obj: (len(voters), told[said][obj]) for obj, voters in sources[said].items()}
        for said in relations
        if said in sources
    }
    cited: set[int] = set()
    for (rid, of), picks in kept.cited.items():  # of an object, or (None) of the statements allowed
        # each object's first statements for ``allowing`` too: a flag lists the relations it cites in
        # the order of their first statements, allowed or not
        if of is not None or kept.relations[rid] in allowing:
            cited |= {place[3] for place, _ in picks}
    allowed = kept.allowed()
    return Kept(counted, {said: allowed[relation_id(said)] for said in allowing}, cited)


def allowed_picked(session: Session, allowing: Collection[Relation], documents: ColumnElement[bool]) -> set[Relation]:
    """Those of these relations that a statement of one of these ``documents`` (the new ones) is
    picked of, among the statements the knowledge base allows: their flags read them whole. A flag
    on a document cites the other documents' statements, which `Pick` picks as it picked them all
    only if none of that document's is picked."""
    by_id = {relation_id(said): said for said in allowing}
    found: set[Relation] = set()
    for batch in chunks(sorted(by_id)):
        picks = ObjectEvidenceRow
        query = (
            select(picks.relation)
            .join(ClaimRow, ClaimRow.id == picks.claim_id)
            .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
            .where(picks.relation.in_(batch), picks.agreeing.is_(True), documents)
            .distinct()
        )
        found |= {by_id[rid] for rid in session.scalars(query)}
    return found


def _statements(session: Session, *where: Any) -> Iterator[Statement]:
    """The asserting statements of relations and roles ``where`` says, in storing order."""
    named = func.coalesce(func.nullif(DocumentRow.site, ""), DocumentRow.source)  # as evidence names it
    counted = func.coalesce(DocumentGroupRow.source_group, ClaimRow.document_id)  # as `Independence` counts it
    query = (
        select(ClaimRow.id, cast(ClaimRow.args, Text), ClaimRow.type, ClaimRow.event_date, named, counted)
        .add_columns(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .outerjoin(DocumentGroupRow, DocumentGroupRow.document_id == ClaimRow.document_id)
        .where(ClaimRow.type.in_([kind.value for kind in CHECKED]), ClaimRow.stance == Stance.ASSERTS.value, *where)
        .order_by(DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)  # as a full refresh reads
    )
    decoded = Decoded()
    for claim_id, args_text, kind, day, site, source, ingested, document, start in session.execute(query):
        args = decoded(args_text)
        place = (ingested, document, start, claim_id)
        said = (args["person"], args["relation"])
        yield Statement(claim_id, said, args["object"], kind, day, site, source, place)


class _Kept:
    """The kept rows of some relations (by `relation_id`): each object's statements by source and
    by day, and of each object and of the statements the knowledge base allows (with ``kb``), the
    statements a flag may cite, with their places and sites."""

    def __init__(self, session: Session, kb: KnowledgeBase | None, relations: Collection[Relation]) -> None:
        self.kb = kb
        self.relations = {relation_id(said): said for said in relations}
        self.judged: dict[tuple[str, str, str, str, date | None], bool] = {}  # by what `allows` reads
        self.statements: dict[Key, int] = {}
        self.days: dict[Day, int] = {}
        self.cited: dict[Picked, list[tuple[Place, str]]] = defaultdict(list)
        self.last: dict[Picked, datetime] | None = None  # the latest storing time of each list's, once asked
        for batch in chunks(sorted(self.relations)):
            rows, cites, days = ObjectSourceRow, ObjectEvidenceRow, ObjectDayRow
            kept = select(rows.relation, rows.object, rows.source, rows.statements).where(rows.relation.in_(batch))
            self.statements |= {(rid, obj, source): n for rid, obj, source, n in session.execute(kept)}
            if kb is None:
                continue
            by_day = select(days.relation, days.object, days.type, days.day, days.statements)
            for rid, obj, kind, day, n in session.execute(by_day.where(days.relation.in_(batch))):
                self.days[(rid, obj, kind, day)] = n
            cited = (
                select(cites.relation, cites.object, cites.agreeing, cites.site, DocumentRow.ingested_at)
                .add_columns(DocumentRow.id, ClaimRow.start, ClaimRow.id)
                .join(ClaimRow, ClaimRow.id == cites.claim_id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(cites.relation.in_(batch))
            )
            for rid, obj, allowed, site, ingested, document, start, claim in session.execute(cited):
                self.cited[(rid, None if allowed else obj)].append(((ingested, document, start, claim), site))

    def allows(self, said: Relation, obj: str, kind: str, day: date | None) -> bool:
        """Whether the knowledge base allows such a statement (once for each of these)."""
        told = (*said, obj, kind, day)
        if told not in self.judged:
            assert self.kb is not None, "statements are picked with the knowledge base"
            args = {"person": said[0], "relation": said[1], "object": obj}
            self.judged[told] = allows(self.kb, ClaimType(kind), args, day)
        return self.judged[told]

    def allowed(self) -> Counter[str]:
        """How many statements of each relation the knowledge base allows."""
        found: Counter[str] = Counter()
        for (rid, obj, kind, day), n in self.days.items():
            if self.allows(self.relations[rid], obj, kind, date.fromisoformat(day) if day else None):
                found[rid] += n
        return found

    def picked(self, s: Statement) -> list[Picked]:
        """The lists of statements a flag may cite that ``s`` is in (as it comes)."""
        rid = relation_id(s.said)
        return [(rid, s.object), (rid, None)] if self.allows(s.said, s.object, s.type, s.day) else [(rid, s.object)]

    def late(self, s: Statement) -> bool:
        """Whether ``s`` may come before a statement kept in one of its lists (its storing time no
        later: the database orders ties by its collation, which Python does not know)."""
        if self.last is None:
            self.last = {key: max(place[0] for place, _ in cited) for key, cited in self.cited.items() if cited}
        return any(key in self.last and s.place[0] <= self.last[key] for key in self.picked(s))

    def forget(self, session: Session, relations: set[str]) -> None:
        """These relations' kept rows dropped, here and in the store (they are counted afresh)."""
        for batch in chunks(sorted(relations)):
            for table in (ObjectSourceRow, ObjectDayRow, ObjectEvidenceRow):
                session.execute(delete(table).where(table.relation.in_(batch)))
        self.statements = {key: n for key, n in self.statements.items() if key[0] not in relations}
        self.days = {key: n for key, n in self.days.items() if key[0] not in relations}
        self.cited = defaultdict(list, {key: c for key, c in self.cited.items() if key[0] not in relations})
        self.last = None


class _Tally:
    """Statements added to the kept rows: the counts by (relation, object, source) and by day, and
    the statements a flag may cite, picked on from those kept."""

    def __init__(self, kept: _Kept) -> None:
        self.kept = kept
        self.counts: Counter[Key] = Counter()
        self.days: Counter[Day] = Counter()
        self.pick = Pick()
        for (rid, obj, _), n in kept.statements.items():
            self.pick.told[(rid, obj)] += n
        for rid, n in kept.allowed().items():
            self.pick.told[(rid, None)] += n
        for key, cited in kept.cited.items():
            self.pick.sites[key] |= {site for _, site in cited}
        self.cited: list[dict[str, Any]] = []

    def add(self, statements: Iterable[Statement]) -> None:
        """``statements`` counted, in storing order, after those kept."""
        for s in statements:
            rid = relation_id(s.said)
            self.counts[(rid, s.object, s.source)] += 1
            self.days[(rid, s.object, s.type, s.day.isoformat() if s.day else "")] += 1
            for key in self.kept.picked(s):
                if self.pick.cites(key, s.site):
                    row = {"claim_id": s.claim, "agreeing": key[1] is None, "relation": rid, "object": s.object}
                    self.cited.append({**row, "site": s.site})

    def write(self, session: Session) -> None:
        _write_counts(session, ObjectSourceRow, ("source",), self.counts, self.kept.statements)
        _write_counts(session, ObjectDayRow, ("type", "day"), self.days, self.kept.days)
        insert_rows(session, ObjectEvidenceRow, self.cited)


def _write_counts(
    session: Session,
    model: type[ObjectSourceRow] | type[ObjectDayRow],
    columns: tuple[str, ...],
    counts: Counter[Any],
    kept: Mapping[Any, int],
) -> None:
    """These statements by (relation, object, *``columns``) added to the ``kept`` ones. A count that
    falls under one keeps no row (it can only if a statement moved was never counted: a claim whose
    key does not begin with its arguments, missed when its relation is counted again by key)."""
    changed, added, gone = [], [], []
    for key, n in sorted(counts.items()):
        rid, obj, *rest = key
        row = {"relation": rid, "object_id": pid(obj), **dict(zip(columns, rest, strict=True))}
        before = kept.get(key)
        if before is None:
            added += [{**row, "object": obj, "statements": n}] if n > 0 else []
        elif before + n > 0:
            changed.append({**row, "statements": before + n})
        else:
            gone.append(row)
    if changed:
        session.execute(update(model), changed)
    for row in gone:
        session.execute(delete(model).filter_by(**row))
    insert_rows(session, model, added)

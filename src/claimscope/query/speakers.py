"""Speakers: the most quoted, and one speaker with knowledge, statements by them and about them."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from claimscope.query.knowledge import canonical, store_knowledge
from claimscope.query.materialise import ensure_fresh
from claimscope.query.newest import NEWEST, SCANNED_ID, read_in_order
from claimscope.query.records import DocumentRef, Page, Speaker, SpeakerSummary, Statement, StoredClaim, TimelinePoint
from claimscope.store import Store
from claimscope.store.collation import bytewise
from claimscope.store.convert import claim_record
from claimscope.store.models import (
    AttributionRow,
    ClaimNameRow,
    ClaimRow,
    DocumentRow,
    EntityRow,
    MentionRow,
    SpeakerStatsRow,
)

MAX_LIMIT = 500
ABOUT_SHOWN = 200
CONTENT_CHARS = 400
# most quoted first, then by name (the index ix_speaker_stats_order walks it)
SPEAKERS_ORDER = (SpeakerStatsRow.statements.desc(), bytewise(SpeakerStatsRow.name), bytewise(SpeakerStatsRow.type))


def _side(store: Store, name: str) -> str | None:
    with store.sessions() as session:
        return session.scalar(select(SpeakerStatsRow.side).where(SpeakerStatsRow.name == name).limit(1))


def speakers(store: Store, offset: int = 0, limit: int = 50) -> Page[SpeakerSummary]:
    """Resolved speakers, most quoted first (then by name), one page (materialised counts)."""
    ensure_fresh(store)
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    with store.sessions() as session:
        total = session.scalar(select(func.count()).select_from(SpeakerStatsRow)) or 0
        rows = session.scalars(select(SpeakerStatsRow).order_by(*SPEAKERS_ORDER).offset(offset).limit(limit))
        items = [SpeakerSummary(r.name, r.type, r.side, r.statements, r.documents) for r in rows]
    return Page(items, total, offset, limit)


def said_by(session: Session, name: str | None) -> ColumnElement[bool]:
    """Said by the speaker ``name``, by the entity each attribution keeps (migration 0022), its
    ids looked up first and written into the SQL (not bound: a statement prepared after a few runs
    may be planned for any ids): PostgreSQL then plans with how often that entity is quoted (from
    the name alone it guessed 2,178 of a speaker's articles for 28,000, and tested the words of
    each for a search: 527 ms against 102)."""
    ids = list(session.scalars(select(EntityRow.id).where(EntityRow.name == name))) if name else []
    return AttributionRow.speaker_entity_id.in_(bindparam("speakers", ids, expanding=True, literal_execute=True))


def _statements(store: Store, name: str, offset: int, limit: int) -> Page[Statement]:
    """A page of what ``name`` said, newest first, counted on the entity each attribution keeps,
    the page's statement ids first, then what those show (the most quoted speaker's 108,000
    statements at 100,000 articles were looked up and sorted whole: 229 ms a page; on SQLite the
    ids read in the articles' order, `newest.read_in_order`, take under 1 ms, the count some 10)."""
    length = AttributionRow.content_end - AttributionRow.content_start
    with store.sessions() as session:
        spoken = said_by(session, name)
        total = session.scalar(select(func.count()).select_from(AttributionRow).where(spoken)) or 0
        article = SCANNED_ID if read_in_order(session, total, offset + limit) else DocumentRow.id
        ids = list(
            session.scalars(
                select(AttributionRow.id)
                .join(DocumentRow, AttributionRow.document_id == article)
                .where(spoken)
                .order_by(*NEWEST, AttributionRow.id)
                .offset(offset)
                .limit(limit)
            )
        )
        rows = {
            r.id: r
            for r in session.execute(
                select(
                    AttributionRow.id,
                    AttributionRow.document_id,
                    AttributionRow.kind,
                    AttributionRow.cue_lemma,
                    MentionRow.text,
                    DocumentRow.title,
                    DocumentRow.site,
                    DocumentRow.published,
                    func.substr(
                        DocumentRow.text,
                        AttributionRow.content_start + 1,
                        case((length > CONTENT_CHARS, CONTENT_CHARS), else_=length),
                    ).label("said"),
                )
                .join(MentionRow, AttributionRow.speaker_mention_id == MentionRow.id)
                .join(DocumentRow, DocumentRow.id == AttributionRow.document_id)
                .where(AttributionRow.id.in_(ids))
            )
        }
    items = [
        Statement(
            DocumentRef(r.document_id, r.title, r.site, r.published), r.id, r.said or "", r.text, r.kind, r.cue_lemma
        )
        for r in (rows[i] for i in ids if i in rows)
    ]
    return Page(items, total, offset, limit)


def full_name(store: Store, name: str) -> str | None:
    """The one stored person whose name ``name`` ends ("Kovalenko" for "Andriy Kovalenko"): how a
    reader asks for someone the knowledge base does not know."""
    with store.sessions() as session:
        return _full_name(session, name)


def _full_name(session: Session, name: str) -> str | None:
    if not name.strip():
        return None
    query = select(EntityRow.name).where(
        EntityRow.type == "person", EntityRow.name.iendswith(f" {name.strip()}", autoescape=True)
    )
    found = list(session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


def speaker_name(store: Store, typed: str) -> str:
    """The resolved name for a person or a known body typed in any spelling ("Poutine", "ISW"),
    or the one stored person whose name it ends ("Dati"); other speakers (governments, groups)
    are stored under the name they resolve to and are taken as typed."""
    name, kind, _ = canonical(typed, store_knowledge(store))
    if kind in ("person", "organisation"):
        return name
    return full_name(store, typed) or typed


def speaker(store: Store, name: str, offset: int = 0, limit: int = 50) -> Speaker | None:
    """A speaker by resolved name (or any spelling the knowledge base knows, or the surname of
    one stored person)."""
    kb = store_knowledge(store)
    known = kb.person(name)  # a person the knowledge base knows by this spelling, before a stored namesake
    name = known.name if known is not None else name
    with store.sessions() as session:
        row = session.execute(select(EntityRow.name, EntityRow.type).where(EntityRow.name == name)).first()
        if row is None:
            name = canonical(name, kb)[0]
            row = session.execute(select(EntityRow.name, EntityRow.type).where(EntityRow.name == name)).first()
        stored = (row[0], row[1]) if row is not None else None
        if known is None and (stored is None or stored[1] != "person"):
            full = _full_name(session, name)  # "Kovalenko": the one stored person whose name it ends
            if full is not None:
                name, stored = full, (full, "person")
    person = kb.person(name)
    if stored is None and person is None:
        return None
    type_ = stored[1] if stored else "person"
    roles: list[tuple[str, date | None, date | None]] = [
        (role.role, h.start, h.end) for role in kb.roles for h in role.holders if h.name == name
    ]
    relations = [(f.subject, f.relation, f.object, f.start, f.end) for f in kb.facts if name in (f.subject, f.object)]
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    return Speaker(
        name=name,
        type=type_,
        side=_side(store, name),
        aliases=sorted(set(kb.spellings.get(name, [])) - {name}),
        roles=roles,
        relations=relations,
        statements=_statements(store, name, offset, limit),
        about=claims_about(store, name),
    )


def claims_about(store: Store, name: str, limit: int = ABOUT_SHOWN) -> list[tuple[DocumentRef, StoredClaim]]:
    """Claims of other sources that name this person or place (meetings, relations, roles, control)."""
    about = select(ClaimNameRow.claim_id).where(ClaimNameRow.name == name, ClaimNameRow.own.is_(False))
    return _claims(store, about, ClaimNameRow.event_date, ClaimNameRow.claim_id, limit)


def claims_by(store: Store, name: str, limit: int = ABOUT_SHOWN) -> list[tuple[DocumentRef, StoredClaim]]:
    """Claims this source holds, in date order."""
    return _claims(
        store, select(ClaimRow.id).where(ClaimRow.source_name == name), ClaimRow.event_date, ClaimRow.id, limit
    )


def claim_counts(store: Store, name: str) -> tuple[int, int]:
    """How many claims this source holds, and how many of other sources name it (index ranges)."""
    ensure_fresh(store)
    with store.sessions() as session:
        by = session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.source_name == name))
        about = session.scalar(
            select(func.count()).select_from(ClaimNameRow).where(ClaimNameRow.name == name, ClaimNameRow.own.is_(False))
        )
    return int(by or 0), int(about or 0)


def _claims(
    store: Store, ids: Select[Any], when: InstrumentedAttribute[Any], order: InstrumentedAttribute[int], limit: int
) -> list[tuple[DocumentRef, StoredClaim]]:
    """The first ``limit`` claims of ``ids`` in date order (``when``, then ``order``), undated
    last: the dated first, then the undated, each read in the order of an index."""
    ensure_fresh(store)
    with store.sessions() as session:
        first: list[int] = list(session.scalars(ids.where(when.is_not(None)).order_by(when, order).limit(limit)))
        if len(first) < limit:
            first += session.scalars(ids.where(when.is_(None)).order_by(order).limit(limit - len(first)))
        rows = {
            row.id: (row, title, site, published)
            for row, title, site, published in session.execute(
                select(ClaimRow, DocumentRow.title, DocumentRow.site, DocumentRow.published)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(ClaimRow.id.in_(first))
            )
        }
    return [
        (DocumentRef(row.document_id, title, site, published), StoredClaim(row.id, claim_record(row), None))
        for row, title, site, published in (rows[claim_id] for claim_id in first)
    ]


def person_timeline(store: Store, name: str) -> list[TimelinePoint]:
    """A speaker's statements over time, dated by their article's publication."""
    with store.sessions() as session:
        rows = session.execute(
            select(
                DocumentRow.published,
                AttributionRow.cue_class,
                DocumentRow.site,
                AttributionRow.document_id,
                AttributionRow.id,
                DocumentRow.title,
            )
            .join(DocumentRow, DocumentRow.id == AttributionRow.document_id)
            .where(said_by(session, name), DocumentRow.published.is_not(None))
            .order_by(DocumentRow.published, AttributionRow.id)
        ).all()
    return [
        TimelinePoint(when, cls or "other", site or doc[:8], doc, f"a-{aid}", title)
        for when, cls, site, doc, aid, title in rows
        if isinstance(when, date)
    ]

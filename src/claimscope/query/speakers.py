"""Speakers: the most quoted, and one speaker with knowledge, statements by them and about them."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import ColumnElement, func, select

from claimscope.query.knowledge import canonical, store_knowledge
from claimscope.query.records import DocumentRef, Page, Speaker, SpeakerSummary, Statement, StoredClaim, TimelinePoint
from claimscope.store import Store
from claimscope.store.convert import claim_record
from claimscope.store.models import AttributionRow, ClaimRow, DocumentRow, EntityRow, MentionRow

MAX_LIMIT = 500
ABOUT_SHOWN = 200
CONTENT_CHARS = 400


def _sides(store: Store, names: list[str]) -> dict[str, str]:
    """Each speaker's side in the story: the one their claims are most often given."""
    if not names:
        return {}
    with store.sessions() as session:
        rows = session.execute(
            select(ClaimRow.source_name, ClaimRow.party, func.count())
            .where(ClaimRow.source_name.in_(names), ClaimRow.party != "unknown")
            .group_by(ClaimRow.source_name, ClaimRow.party)
        ).all()
    counts: dict[str, Counter[str]] = {}
    for name, party, count in rows:
        counts.setdefault(name, Counter())[party] += int(count)
    return {name: c.most_common(1)[0][0] for name, c in counts.items()}


def speakers(store: Store, offset: int = 0, limit: int = 50) -> Page[SpeakerSummary]:
    """Resolved speakers, most quoted first (then by name), one page."""
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    with store.sessions() as session:
        grouped = (
            select(
                EntityRow.name,
                EntityRow.type,
                func.count(AttributionRow.id).label("statements"),
                func.count(func.distinct(AttributionRow.document_id)),
            )
            .join(MentionRow, MentionRow.entity_id == EntityRow.id)
            .join(AttributionRow, AttributionRow.speaker_mention_id == MentionRow.id)
            .group_by(EntityRow.id, EntityRow.name, EntityRow.type)
        )
        total = session.scalar(select(func.count()).select_from(grouped.subquery())) or 0
        rows = session.execute(
            grouped.order_by(func.count(AttributionRow.id).desc(), EntityRow.name, EntityRow.type)
            .offset(offset)
            .limit(limit)
        ).all()
    sides = _sides(store, [r[0] for r in rows])
    items = [SpeakerSummary(n, t, sides.get(n), int(c), int(d)) for n, t, c, d in rows]
    return Page(items, total, offset, limit)


def _statements(store: Store, name: str, offset: int, limit: int) -> Page[Statement]:
    with store.sessions() as session:
        query = (
            select(
                AttributionRow.id,
                AttributionRow.document_id,
                AttributionRow.content_start,
                AttributionRow.content_end,
                AttributionRow.kind,
                AttributionRow.cue_lemma,
                MentionRow.text,
                DocumentRow.title,
                DocumentRow.site,
                DocumentRow.published,
            )
            .join(MentionRow, AttributionRow.speaker_mention_id == MentionRow.id)
            .join(EntityRow, MentionRow.entity_id == EntityRow.id)
            .join(DocumentRow, DocumentRow.id == AttributionRow.document_id)
            .where(EntityRow.name == name)
        )
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(DocumentRow.published.is_(None), DocumentRow.published.desc(), AttributionRow.id)
            .offset(offset)
            .limit(limit)
        ).all()
        texts = {
            (r.document_id, r.id): session.scalar(
                select(
                    func.substr(
                        DocumentRow.text, r.content_start + 1, min(r.content_end - r.content_start, CONTENT_CHARS)
                    )
                ).where(DocumentRow.id == r.document_id)
            )
            or ""
            for r in rows
        }
    items = [
        Statement(
            DocumentRef(r.document_id, r.title, r.site, r.published),
            r.id,
            texts[(r.document_id, r.id)],
            r.text,
            r.kind,
            r.cue_lemma,
        )
        for r in rows
    ]
    return Page(items, total, offset, limit)


def speaker(store: Store, name: str, offset: int = 0, limit: int = 50) -> Speaker | None:
    """A speaker by resolved name (or any spelling the knowledge base knows)."""
    kb = store_knowledge(store)
    with store.sessions() as session:
        found = session.execute(select(EntityRow.name, EntityRow.type).where(EntityRow.name == name)).first()
        if found is None:
            name = canonical(name, kb)[0]
            found = session.execute(select(EntityRow.name, EntityRow.type).where(EntityRow.name == name)).first()
    person = kb.person(name)
    if found is None and person is None:
        return None
    type_ = found[1] if found else "person"
    roles: list[tuple[str, date | None, date | None]] = [
        (role.role, h.start, h.end) for role in kb.roles for h in role.holders if h.name == name
    ]
    relations = [(f.subject, f.relation, f.object, f.start, f.end) for f in kb.facts if name in (f.subject, f.object)]
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    return Speaker(
        name=name,
        type=type_,
        side=_sides(store, [name]).get(name),
        aliases=sorted(set(kb.spellings.get(name, [])) - {name}),
        roles=roles,
        relations=relations,
        statements=_statements(store, name, offset, limit),
        about=claims_about(store, name),
    )


def claims_about(store: Store, name: str, limit: int = ABOUT_SHOWN) -> list[tuple[DocumentRef, StoredClaim]]:
    """Claims of other sources that name this person or place (meetings, relations, roles, control)."""
    return _claims(store, name, ClaimRow.key.contains(name, autoescape=True) & (ClaimRow.source_name != name), limit)


def claims_by(store: Store, name: str, limit: int = ABOUT_SHOWN) -> list[tuple[DocumentRef, StoredClaim]]:
    """Claims this source holds, in date order."""
    return _claims(store, name, ClaimRow.source_name == name, limit)


def _claims(
    store: Store, name: str, condition: ColumnElement[bool], limit: int
) -> list[tuple[DocumentRef, StoredClaim]]:
    with store.sessions() as session:
        rows = session.execute(
            select(ClaimRow, DocumentRow.title, DocumentRow.site, DocumentRow.published)
            .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
            .where(condition)
            .order_by(ClaimRow.event_date.is_(None), ClaimRow.event_date, ClaimRow.id)
            .limit(limit)
        ).all()
    found = []
    for row, title, site, published in rows:
        claim = claim_record(row)
        named = set(claim.args.values()) | set(claim.args.get("participants", "").split("; "))
        if claim.source.name == name or name in named:
            found.append((DocumentRef(row.document_id, title, site, published), StoredClaim(row.id, claim, None)))
    return found


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
            .join(MentionRow, AttributionRow.speaker_mention_id == MentionRow.id)
            .join(EntityRow, MentionRow.entity_id == EntityRow.id)
            .join(DocumentRow, DocumentRow.id == AttributionRow.document_id)
            .where(EntityRow.name == name, DocumentRow.published.is_not(None))
            .order_by(DocumentRow.published, AttributionRow.id)
        ).all()
    return [
        TimelinePoint(when, cls or "other", site or doc[:8], doc, f"a-{aid}", title)
        for when, cls, site, doc, aid, title in rows
        if isinstance(when, date)
    ]

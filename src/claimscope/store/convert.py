"""Rows to records and back, so that views and cross-source stages work on records only."""

from __future__ import annotations

from dataclasses import asdict

from claimscope.records import Claim, ClaimType, Document, KbEntity, KbFact, Place, Source, Span, Stance
from claimscope.store.models import ClaimRow, DocumentRow, KbEntityRow, KbFactRow


def claim_row(claim: Claim) -> ClaimRow:
    return ClaimRow(
        type=claim.type.value,
        key=claim.key[:600],
        args=claim.args,
        stance=claim.stance.value,
        source_name=claim.source.name[:400],
        source_type=claim.source.type,
        party=claim.source.party,
        start=claim.span.start,
        end=claim.span.end,
        evidence=claim.evidence,
        event_date=claim.date,
        date_text=claim.date_text[:80] if claim.date_text else None,
        extent=claim.extent,
        hedges=list(claim.hedges),
        attribution=claim.attribution,
        place=asdict(claim.place) if claim.place else None,
        sentence_start=claim.sentence.start if claim.sentence else None,
        sentence_end=claim.sentence.end if claim.sentence else None,
    )


def claim_record(row: ClaimRow) -> Claim:
    place = Place(**row.place) if row.place else None  # type: ignore[arg-type]
    return Claim(
        type=ClaimType(row.type),
        key=row.key,
        args=dict(row.args),
        stance=Stance(row.stance),
        source=Source(row.source_name, row.source_type, row.party),
        span=Span(row.start, row.end),
        evidence=row.evidence,
        date=row.event_date,
        date_text=row.date_text,
        extent=row.extent,
        hedges=tuple(row.hedges),
        attribution=row.attribution,
        place=place,
        sentence=Span(row.sentence_start, row.sentence_end)
        if row.sentence_start is not None and row.sentence_end is not None
        else None,
    )


def document_record(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        source=row.source,
        text=row.text,
        title=row.title,
        author=row.author,
        site=row.site,
        url=row.url,
        published=row.published,
        language=row.language,
        language_score=row.language_score,
    )


def kb_entity_row(entity: KbEntity) -> KbEntityRow:
    return KbEntityRow(
        name=entity.name[:400],
        type=entity.type[:20],
        aliases=list(entity.aliases),
        gender=(entity.gender or None) and entity.gender[:2],
        wikidata=entity.wikidata[:20] if entity.wikidata else None,
        origin=entity.origin,
    )


def kb_fact_row(fact: KbFact) -> KbFactRow:
    return KbFactRow(
        subject=fact.subject[:400],
        relation=fact.relation[:80],
        object=fact.object[:400],
        start=fact.start,
        end=fact.end,
        origin=fact.origin,
    )


def kb_entity_record(row: KbEntityRow) -> KbEntity:
    return KbEntity(row.name, row.type, tuple(row.aliases), row.gender, row.wikidata, row.origin)


def kb_fact_record(row: KbFactRow) -> KbFact:
    return KbFact(row.subject, row.relation, row.object, row.start, row.end, row.origin)

"""Rows to records and back, so that views and cross-source stages work on records only."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

from claimscope.records import (
    AnalysedDocument,
    Attribution,
    Claim,
    ClaimType,
    Cue,
    Document,
    EntityMention,
    KbEntity,
    KbFact,
    Kind,
    Mention,
    Place,
    Source,
    Span,
    SpeakerType,
    Stance,
)
from claimscope.store.models import AttributionRow, ClaimRow, DocumentRow, KbEntityRow, KbFactRow, MentionRow


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


def analysed_loading() -> list[ExecutableOption]:
    """The loader options `analysed_record` needs: attributions (with their speakers), mentions, claims."""
    return [
        selectinload(DocumentRow.attributions).selectinload(AttributionRow.speaker).selectinload(MentionRow.entity),
        selectinload(DocumentRow.mentions).selectinload(MentionRow.entity),
        selectinload(DocumentRow.claims),
    ]


def analysed_record(row: DocumentRow) -> AnalysedDocument:
    """A stored document as the pipeline's record: its attributions, entity mentions and claims
    (the cross-source stages need all three, as they had them at analysis)."""
    entities = [
        EntityMention(Span(m.start, m.end), m.text, m.label, m.entity.name if m.entity else m.text)
        for m in row.mentions
        if m.label != "SPEAKER"
    ]
    return AnalysedDocument(
        document_record(row),
        [attribution_record(a) for a in row.attributions],
        entities,
        analysed=row.analysed,
        note=row.note,
        claims=[claim_record(c) for c in row.claims],
    )


def attribution_record(row: AttributionRow) -> Attribution:
    speaker = None
    if row.speaker is not None:
        entity = row.speaker.entity
        type_ = SpeakerType(entity.type) if entity and entity.type in SpeakerType._value2member_map_ else None
        speaker = Mention(
            Span(row.speaker.start, row.speaker.end),
            row.speaker.text,
            form="",
            name=entity.name if entity else None,
            type=type_ or SpeakerType.UNKNOWN,
        )
    cue = None
    if row.cue_text is not None and row.cue_start is not None and row.cue_end is not None:
        cue = Cue(Span(row.cue_start, row.cue_end), row.cue_text, row.cue_lemma or "", row.cue_class or "")
    return Attribution(
        speaker, cue, Span(row.content_start, row.content_end), Kind(row.kind), row.confidence, row.construction
    )

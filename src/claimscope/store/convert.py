"""Rows to records and back, so that views and cross-source stages work on records only."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Row, Text, cast, select
from sqlalchemy.orm import Session, selectinload
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
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    DocumentRow,
    EntityRow,
    KbEntityRow,
    KbFactRow,
    MentionRow,
)

READ_BATCH = 500  # documents read at a time (ids in one IN (...), well under every database's limit)


TYPES = {t.value: t for t in ClaimType}  # a lookup, not an Enum call: a refresh reads 500,000 claims
STANCES = {s.value: s for s in Stance}
JSON_COLUMNS = ("args", "hedges", "place")


def claim_record(row: ClaimRow | Row[Any]) -> Claim:
    """A claim from its ORM row, or a row of its columns with their JSON decoded."""
    return Claim(
        type=TYPES[row.type],
        key=row.key,
        args=dict(row.args),
        stance=STANCES[row.stance],
        source=Source(row.source_name, row.source_type, row.party),
        span=Span(row.start, row.end),
        evidence=row.evidence,
        date=row.event_date,
        date_text=row.date_text,
        extent=row.extent,
        hedges=tuple(row.hedges),
        attribution=row.attribution,
        place=Place(**row.place) if row.place else None,
        sentence=Span(row.sentence_start, row.sentence_end)
        if row.sentence_start is not None and row.sentence_end is not None
        else None,
    )


_UNREAD = object()


class Decoded:
    """JSON texts decoded once each: the claims a refresh reads repeat the same arguments."""

    def __init__(self) -> None:
        self.known: dict[str, Any] = {}

    def __call__(self, text: str) -> Any:
        found = self.known.get(text, _UNREAD)
        if found is _UNREAD:
            found = self.known[text] = json.loads(text)
        return found


# the claims table's columns in the order `ClaimReader` unpacks them (a test checks the table's)
CLAIM_COLUMNS = (
    "id", "document_id", "type", "key", "args", "stance", "source_name", "source_type", "party", "start", "end",
    "evidence", "event_date", "date_text", "extent", "hedges", "attribution", "place", "sentence_start", "sentence_end",
)  # fmt: skip


class ClaimReader:
    """Claims from many rows read with `ClaimReader.columns()` (more columns may follow), their
    JSON as text: a refresh reads 500,000 claims, which repeat the same arguments, hedges, places
    and sources. So each text is decoded once, the immutable parts (source, place, hedges) are
    shared between claims, and a row is unpacked by position: twice as fast as `claim_record`."""

    def __init__(self) -> None:
        self.decoded = Decoded()
        self.sources: dict[tuple[str, str, str], Source] = {}
        self.places: dict[str | None, Place | None] = {None: None}
        self.hedges: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def columns() -> list[Any]:
        table = ClaimRow.__table__.c
        return [cast(table[c], Text).label(c) if c in JSON_COLUMNS else table[c] for c in CLAIM_COLUMNS]

    def __call__(self, row: Sequence[Any]) -> Claim:
        (_, _, kind, key, args, stance, name, type_, party, start, end, evidence, when, said, extent, hedges,
         attribution, place, sentence_start, sentence_end) = row[:20]  # fmt: skip
        source = self.sources.get((name, type_, party))
        if source is None:
            source = self.sources[(name, type_, party)] = Source(name, type_, party)
        if place not in self.places:  # a claim without a place stores JSON null
            decoded = json.loads(place)
            self.places[place] = Place(**decoded) if decoded else None
        where = self.places[place]
        held = self.hedges.get(hedges)
        if held is None:
            held = self.hedges[hedges] = tuple(json.loads(hedges)) if hedges is not None else ()
        return Claim(
            TYPES[kind],
            key,
            dict(self.decoded(args)) if args is not None else {},
            STANCES[stance],
            source,
            Span(start, end),
            evidence,
            when,
            said,
            extent,
            held,
            attribution,
            where,
            Span(sentence_start, sentence_end) if sentence_start is not None and sentence_end is not None else None,
        )


def document_record(row: DocumentRow | Row[Any]) -> Document:
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
    spoken = row.speaker
    entity = spoken.entity if spoken is not None else None
    said_by = (spoken.start, spoken.end, spoken.text) if spoken is not None else None
    return _attribution(row, said_by, (entity.name, entity.type) if entity else None)


def _attribution(
    row: AttributionRow | Row[Any], said_by: tuple[int, int, str] | None, entity: tuple[str, str] | None
) -> Attribution:
    """An attribution from its row, its speaker's mention (start, end, text) and that mention's
    entity (name, type)."""
    speaker = None
    if said_by is not None:
        name, type_ = entity or (None, None)
        speaker = Mention(
            Span(said_by[0], said_by[1]),
            said_by[2],
            form="",
            name=name,
            type=SpeakerType(type_) if type_ in SpeakerType._value2member_map_ else SpeakerType.UNKNOWN,
        )
    cue = None
    if row.cue_text is not None and row.cue_start is not None and row.cue_end is not None:
        cue = Cue(Span(row.cue_start, row.cue_end), row.cue_text, row.cue_lemma or "", row.cue_class or "")
    return Attribution(
        speaker, cue, Span(row.content_start, row.content_end), Kind(row.kind), row.confidence, row.construction
    )


def analysed_documents(session: Session, ids: Sequence[str]) -> Iterator[tuple[AnalysedDocument, list[int]]]:
    """The documents ``ids`` as `analysed_record` makes them, in that order, each with its claims'
    row ids (in the record's order), read a batch at a time as plain rows: a refresh reads every
    document, and ORM objects for millions of mentions cost more time and memory than the rows."""
    speaker, entity = MentionRow.__table__.alias("speaker"), EntityRow.__table__.alias("speaker_entity")
    for start in range(0, len(ids), READ_BATCH):
        batch = list(ids[start : start + READ_BATCH])
        mentions: dict[str, list[EntityMention]] = defaultdict(list)
        for doc_id, m_start, m_end, text, label, name in session.execute(
            select(MentionRow.document_id, MentionRow.start, MentionRow.end, MentionRow.text, MentionRow.label)
            .add_columns(EntityRow.name)
            .outerjoin(EntityRow, EntityRow.id == MentionRow.entity_id)
            .where(MentionRow.document_id.in_(batch), MentionRow.label != "SPEAKER")
            .order_by(MentionRow.document_id, MentionRow.id)
        ):
            mentions[doc_id].append(EntityMention(Span(m_start, m_end), text, label, text if name is None else name))
        attributions: dict[str, list[Attribution]] = defaultdict(list)
        for row in session.execute(
            select(*AttributionRow.__table__.columns)
            .add_columns(speaker.c.start, speaker.c.end, speaker.c.text, entity.c.name, entity.c.type)
            .outerjoin(speaker, speaker.c.id == AttributionRow.speaker_mention_id)
            .outerjoin(entity, entity.c.id == speaker.c.entity_id)
            .where(AttributionRow.document_id.in_(batch))
            .order_by(AttributionRow.document_id, AttributionRow.content_start, AttributionRow.id)
        ):
            said_by = (row[-5], row[-4], row[-3]) if row[-5] is not None else None
            attributions[row.document_id].append(
                _attribution(row, said_by, (row[-2], row[-1]) if row[-2] is not None else None)
            )
        claims: dict[str, list[Row[Any]]] = defaultdict(list)
        reader = ClaimReader()
        for claim in session.execute(
            select(*reader.columns())
            .where(ClaimRow.document_id.in_(batch))
            .order_by(ClaimRow.document_id, ClaimRow.start, ClaimRow.id)
        ):
            claims[claim.document_id].append(claim)
        documents = {
            row.id: row
            for row in session.execute(select(*DocumentRow.__table__.columns).where(DocumentRow.id.in_(batch)))
        }
        for doc_id in batch:
            row = documents[doc_id]
            analysed = AnalysedDocument(
                document_record(row),
                attributions[doc_id],
                mentions[doc_id],
                analysed=row.analysed,
                note=row.note,
                claims=[reader(c) for c in claims[doc_id]],
            )
            yield analysed, [c.id for c in claims[doc_id]]

"""The stable JSON output format (docs/json-format.md), shared by every view."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from claimscope.records import AnalysedDocument, Attribution, Claim, Flag, Verdict

SCHEMA_VERSION = 2  # 2: claims and flags per document; verdicts and flags across sources


class SpeakerOut(BaseModel):
    text: str
    start: int
    end: int
    name: str | None
    type: str


class CueOut(BaseModel):
    text: str | None
    lemma: str | None
    start: int | None = None
    end: int | None = None
    # "class" is a Python keyword: the field is serialised by alias
    class_: str | None = None

    model_config = {"populate_by_name": True, "alias_generator": lambda f: "class" if f == "class_" else f}


class ContentOut(BaseModel):
    text: str
    start: int
    end: int


class AttributionOut(BaseModel):
    speaker: SpeakerOut | None
    cue: CueOut
    content: ContentOut
    kind: str
    confidence: float


class EntityOut(BaseModel):
    text: str
    start: int
    end: int
    label: str
    name: str


class PlaceOut(BaseModel):
    name: str
    country: str
    latitude: float | None
    longitude: float | None
    geonameid: int | None


class SourceOut(BaseModel):
    name: str
    type: str
    party: str


class ClaimOut(BaseModel):
    type: str
    key: str
    args: dict[str, str]
    stance: str
    source: SourceOut
    start: int
    end: int
    evidence: str
    date: date | None
    date_text: str | None
    extent: str | None
    hedges: list[str]
    attribution: int | None  # index in the document's attributions; null for the narration
    place: PlaceOut | None


class EvidenceOut(BaseModel):
    document: str
    source: str
    text: str


class FlagOut(BaseModel):
    kind: str
    document: str
    start: int
    end: int
    sentence: str
    message: str
    evidence: list[EvidenceOut]


class StanceRowOut(BaseModel):
    document: str
    site: str | None
    published: date | None
    dispatch: str
    claim: ClaimOut


class VerdictOut(BaseModel):
    key: str
    type: str
    args: dict[str, str]
    status: str
    independent_sources: int
    reason: str
    stances: list[StanceRowOut]


class DocumentOut(BaseModel):
    id: str
    source: str
    title: str | None
    language: str | None
    published: date | None
    analysed: bool
    note: str | None
    warnings: list[str] = []
    text: str
    attributions: list[AttributionOut]
    entities: list[EntityOut]
    claims: list[ClaimOut] = []
    flags: list[FlagOut] = []


class Output(BaseModel):
    schema_version: int = SCHEMA_VERSION
    documents: list[DocumentOut]
    problems: list[dict[str, str]] = []


def attribution_out(text: str, a: Attribution) -> AttributionOut:
    speaker = None
    if a.speaker is not None:
        s = a.speaker
        speaker = SpeakerOut(text=s.text, start=s.span.start, end=s.span.end, name=s.name, type=s.type.value)
    cue = (
        CueOut(text=a.cue.text, lemma=a.cue.lemma, class_=a.cue.cls, start=a.cue.span.start, end=a.cue.span.end)
        if a.cue
        else CueOut(text=None, lemma=None)
    )
    content = ContentOut(text=text[a.content.start : a.content.end], start=a.content.start, end=a.content.end)
    return AttributionOut(
        speaker=speaker, cue=cue, content=content, kind=a.kind.value, confidence=round(a.confidence, 3)
    )


def document_out(analysed: AnalysedDocument) -> DocumentOut:
    doc = analysed.document
    return DocumentOut(
        id=doc.id,
        source=doc.source,
        title=doc.title,
        language=doc.language,
        published=doc.published,
        analysed=analysed.analysed,
        note=analysed.note,
        warnings=list(doc.warnings),
        text=doc.text,
        attributions=[attribution_out(doc.text, a) for a in analysed.attributions],
        entities=[
            EntityOut(text=e.text, start=e.span.start, end=e.span.end, label=e.label, name=e.name)
            for e in analysed.entities
        ],
        claims=[claim_out(c) for c in analysed.claims],
        flags=[flag_out(f) for f in analysed.flags],
    )


def claim_out(c: Claim) -> ClaimOut:
    place = c.place
    return ClaimOut(
        type=c.type.value,
        key=c.key,
        args=c.args,
        stance=c.stance.value,
        source=SourceOut(name=c.source.name, type=c.source.type, party=c.source.party),
        start=c.span.start,
        end=c.span.end,
        evidence=c.evidence,
        date=c.date,
        date_text=c.date_text,
        extent=c.extent,
        hedges=list(c.hedges),
        attribution=c.attribution,
        place=PlaceOut(
            name=place.name,
            country=place.country,
            latitude=place.latitude,
            longitude=place.longitude,
            geonameid=place.geonameid,
        )
        if place
        else None,
    )


def flag_out(f: Flag) -> FlagOut:
    return FlagOut(
        kind=f.kind,
        document=f.document,
        start=f.span.start,
        end=f.span.end,
        sentence=f.sentence,
        message=f.message,
        evidence=[EvidenceOut(document=e.document, source=e.source, text=e.text) for e in f.evidence],
    )


def verdict_out(v: Verdict) -> VerdictOut:
    return VerdictOut(
        key=v.key,
        type=v.type.value,
        args=v.args,
        status=v.status,
        independent_sources=v.independent_sources,
        reason=v.reason,
        stances=[
            StanceRowOut(
                document=r.document, site=r.site, published=r.published, dispatch=r.dispatch, claim=claim_out(r.claim)
            )
            for r in v.rows
        ],
    )

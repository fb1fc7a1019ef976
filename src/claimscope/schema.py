"""The stable JSON output format (docs/json-format.md), shared by every view."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from claimscope.records import AnalysedDocument, Attribution

SCHEMA_VERSION = 1


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
    )

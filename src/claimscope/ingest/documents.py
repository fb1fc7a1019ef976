"""Building a Document from text and metadata: normalise, identify, hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from claimscope.ingest.errors import IngestError
from claimscope.ingest.language import identify
from claimscope.ingest.normalise import normalise_blocks
from claimscope.records import Document, Span

MIN_CHARS = 40


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)


def document_id(text: str) -> str:
    """Stable id: the same normalised text always gets the same id (dedup on re-ingest)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def build_document(raw: str, blocks: list[Span], source: str, meta: Metadata) -> Document:
    text, offset_map = normalise_blocks(raw, blocks)
    if len(text) < MIN_CHARS:
        raise IngestError(f"no usable text ({len(text)} characters after cleaning)")
    language, score = identify(text)
    if meta.language and language is None:
        language = meta.language
    title = meta.title or _first_line(text)
    return Document(
        id=document_id(text),
        source=source,
        text=text,
        title=title,
        author=meta.author,
        site=meta.site,
        url=meta.url,
        published=meta.published,
        language=language,
        language_score=score,
        offset_map=offset_map,
        warnings=list(meta.warnings),
    )


def _first_line(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    return first[:300] if first else None

"""Building a Document from text and metadata: normalise, identify, hash."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from claimscope.ingest.boilerplate import is_furniture
from claimscope.ingest.errors import IngestError
from claimscope.ingest.language import identify
from claimscope.ingest.normalise import normalise_blocks
from claimscope.records import Document, Span
from claimscope.text import DATE_MARKER

MIN_CHARS = 40
HEADLINE_LINES = 5  # a title stands among a page's first (non-blank) lines, after its furniture
HEADLINE_CHARS = 160
HEADLINE_WORDS = 4  # shorter opening lines are section labels, site names, dates ("World", "CRBC News")
SENTENCE_END = re.compile(r"(?<=[a-zà-ÿ0-9]{2})[.!?](?=\s+[\"«“]?[A-ZÀ-Ý])")  # not after "U.S." or "Mr."
WORD = re.compile(r"[^\W\d_]{2,}")  # a word of letters: "2." or "/" is none


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)
    charset: str | None = None  # what the transport says the bytes are (HTTP's Content-Type)


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
    title = meta.title or _headline(text)
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


def _headline(text: str) -> str | None:
    """A record without a title is shown by its first line of text, not by the byline, dateline,
    share button or section label a stored page may open with (the first line when every line is
    furniture)."""
    opening = text.split("\n", 4 * HEADLINE_LINES)[: 4 * HEADLINE_LINES]  # blank lines between
    lines = [line.strip() for line in opening if line.strip()][:HEADLINE_LINES]
    lines = [DATE_MARKER.sub("", line) or line for line in lines]
    text_lines = [line for line in lines if not is_furniture(line)]
    worded = [line for line in text_lines if len(WORD.findall(line)) >= HEADLINE_WORDS]
    found = worded or text_lines or lines
    return _shortened(found[0]) if found else None


def _shortened(line: str) -> str:
    """A lead paragraph standing in for a title: its first sentence, at most HEADLINE_CHARS."""
    if len(line) > HEADLINE_CHARS:
        end = SENTENCE_END.search(line, 40)
        line = line[: end.start() + 1] if end else line
    return line if len(line) <= HEADLINE_CHARS else line[: HEADLINE_CHARS - 1].rstrip() + "…"

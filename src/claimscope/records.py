"""Typed records passed one way between pipeline stages, and nothing else.

Offsets (``start``/``end``) always index ``Document.text``, the normalised stored text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Kind(str, Enum):
    """How the reported words are rendered."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    ACCORDING_TO = "according_to"


class SpeakerType(str, Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    GOVERNMENT = "government"
    GROUP = "group"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def shifted(self, by: int) -> Span:
        return Span(self.start + by, self.end + by)


@dataclass(frozen=True)
class OffsetMap:
    """Maps stored-text offsets back to the raw input, as runs of equal-length segments.

    Each run is ``(text_start, raw_start, length)``: text[text_start + i] came from
    raw[raw_start + i]. Offsets between runs map to the start of the next run.
    """

    runs: tuple[tuple[int, int, int], ...] = ()

    def to_raw(self, offset: int) -> int:
        for text_start, raw_start, length in self.runs:
            if offset < text_start + length:
                return raw_start + max(0, offset - text_start)
        if not self.runs:
            return offset
        text_start, raw_start, length = self.runs[-1]
        return raw_start + length + (offset - text_start - length)


@dataclass
class Document:
    """One ingested text: id is the hash of the normalised text."""

    id: str
    source: str
    text: str
    title: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    language_score: float | None = None
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    warnings: list[str] = field(default_factory=list)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]


@dataclass(frozen=True)
class Problem:
    """An input that could not be (fully) ingested: reported, never fatal to a batch."""

    source: str
    reason: str


@dataclass(frozen=True)
class Paragraph:
    """A block of the stored text, parsed on its own (headlines and subheads included)."""

    span: Span
    is_heading: bool = False


@dataclass
class Mention:
    """A stretch of text that designates someone: a name, a pronoun, a role, a metonym."""

    span: Span
    text: str
    form: str  # name | pronoun | noun, as the parse shows it
    head_lemma: str = ""
    proper_name: str | None = None  # the name inside the mention ("Iouri Ouchakov"), if any
    number: str = "sing"
    gender: str | None = None
    name: str | None = None  # canonical name, filled by entity resolution
    type: SpeakerType = SpeakerType.UNKNOWN


@dataclass(frozen=True)
class Cue:
    span: Span
    text: str
    lemma: str
    cls: str


@dataclass
class Attribution:
    speaker: Mention | None
    cue: Cue | None
    content: Span
    kind: Kind
    confidence: float
    construction: str
    paragraph: int = 0


@dataclass
class EntityMention:
    span: Span
    text: str
    label: str
    name: str


@dataclass
class AnalysedDocument:
    """A document with what the pipeline found in it."""

    document: Document
    attributions: list[Attribution] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    analysed: bool = True
    note: str | None = None

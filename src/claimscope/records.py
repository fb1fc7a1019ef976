"""Typed records passed one way between pipeline stages, and nothing else.

Offsets (``start``/``end``) always index ``Document.text``, the normalised stored text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
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


class SpanSet:
    """Many spans merged into disjoint runs, asked by bisection whether they cover an offset or
    overlap a span (a long document's reported words are asked about every word or name)."""

    def __init__(self, spans: Iterable[Span]):
        merged: list[list[int]] = []
        for span in sorted(spans, key=lambda s: s.start):
            if span.end <= span.start:
                continue  # an empty span covers nothing
            if merged and span.start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], span.end)
            else:
                merged.append([span.start, span.end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def covers(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]

    def overlaps(self, span: Span) -> bool:
        """Some run shares at least one character with ``span`` (as ``Span.overlap`` > 0)."""
        i = bisect_left(self.starts, span.end) - 1  # the last run starting before the span ends
        return span.end > span.start and i >= 0 and self.ends[i] > span.start


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
    url: str | None = None  # canonical: where the page was found, after redirects
    listed_url: str | None = None  # the URL a list or feed gave, when it redirected elsewhere: the same page
    published: date | None = None
    language: str | None = None
    language_score: float | None = None
    offset_map: OffsetMap = field(default_factory=OffsetMap)
    warnings: list[str] = field(default_factory=list)

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]


@dataclass(frozen=True)
class Absence:
    """A page a watch remembers as not there (404, 410): whether it may be asked for again, and
    whether it went recently (its feed is then read whole, so that it is asked for again even
    when the feed does not change)."""

    due: bool
    recent: bool


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
    members: tuple[str, ...] = ()  # the people a coordination names ("X and Y said"), if any
    roles: tuple[str, ...] = ()  # the roles a coordination names, if no one ("le président et le chancelier")
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
    claims: list[Claim] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


# -- claims across sources -------------------------------------------------------------


class ClaimType(str, Enum):
    CONTROL = "control"  # control(place, actor, extent, date)
    MEETING = "meeting"  # meeting(participants, place, date)
    RELATION = "relation"  # relation(person, relation, person)
    ROLE = "role"  # role(person, role, of)
    STATEMENT = "statement"  # statement(speaker, topic, text): nothing said is lost


class Stance(str, Enum):
    """A source's position on a proposition."""

    ASSERTS = "asserts"
    DENIES = "denies"
    PARTIAL = "partial"  # confirms part of it ("a large part of the town")
    HEDGED = "hedged"  # asserts with reserve (conditional, "so-called", scare quotes)


class DateOrigin(str, Enum):
    """Where a claim's date comes from, for checks that trust only a source's own words (its
    ``date_text`` is for readers, whatever its language)."""

    WORDS = "words"  # the source's own words, resolved against its publication
    INFERRED = "inferred"  # its words, read against the dates the other sources give
    PUBLICATION = "publication"  # none: as of its publication
    ESTIMATE = "estimate"  # none, and no publication date: as of an estimate of it (a lower bound)


@dataclass(frozen=True)
class Place:
    """A place resolved in the gazetteer (GeoNames id and coordinates), or a settlement the
    article names that the gazetteer does not know (no coordinates: it is on no map)."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float | None
    longitude: float | None
    geonameid: int | None = None
    population: int = 0


@dataclass(frozen=True)
class Source:
    """Who holds a stance: a resolved speaker, or the outlet itself for its narration."""

    name: str
    type: str  # person | government | organisation | group | outlet | unknown
    party: str  # side in the story: russia, ukraine, us, europe, observer, journalist, unknown


@dataclass
class Claim:
    """A normalised proposition as one source in one document takes it."""

    type: ClaimType
    key: str  # the proposition, identical across documents and languages
    args: dict[str, str]
    stance: Stance
    source: Source
    span: Span  # the sentence (or reported content) it is read from
    evidence: str
    date: date | None = None  # when the event happened, resolved against publication
    date_text: str | None = None
    extent: str | None = None  # control: full | partial | contested
    hedges: tuple[str, ...] = ()
    attribution: int | None = None  # index in AnalysedDocument.attributions; None = narration
    place: Place | None = None
    sentence: Span | None = None  # the whole sentence, for views and flags
    date_origin: DateOrigin = DateOrigin.WORDS  # set by verdicts when the words alone do not date it


@dataclass(frozen=True)
class KbFact:
    """One fact of the knowledge base: (subject, relation, object), valid in a period."""

    subject: str
    relation: str  # spouse, son-in-law of, adviser of, envoy of, member of, holds role …
    object: str
    start: date | None = None
    end: date | None = None
    origin: str = "claimscope"  # the data file or import it came from


@dataclass(frozen=True)
class KbEntity:
    """A canonical entity of the knowledge base with its names in several languages."""

    name: str
    type: str  # person | organisation | government | place
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    wikidata: str | None = None
    origin: str = "claimscope"


@dataclass(frozen=True)
class StanceRow:
    """One document's stance on a grouped proposition, for verdicts and views."""

    document: str
    site: str | None
    published: date | None
    claim: Claim
    dispatch: str  # near-duplicate group: copies of one dispatch share it


@dataclass
class Verdict:
    """What the sources together say about one proposition."""

    key: str
    type: ClaimType
    args: dict[str, str]
    status: str  # corroborated | contested | single-source | contradicted
    independent_sources: int
    rows: list[StanceRow]
    reason: str


@dataclass(frozen=True)
class Evidence:
    document: str  # an article's id, or one of REFERENCES
    source: str
    text: str


# evidence that is no article: claimscope's own references, named in Evidence.document
KNOWLEDGE_BASE = "knowledge base"
GAZETTEER = "gazetteer"
CALENDAR = "calendar"
REFERENCES = frozenset({KNOWLEDGE_BASE, GAZETTEER, CALENDAR})


FLAG_KINDS = ("kb-conflict", "role-conflict", "source-conflict", "self-contradiction", "quote-conflict")


@dataclass
class Flag:
    """A statement that conflicts with the knowledge base, other sources or its own article."""

    kind: str  # kb-conflict | source-conflict | self-contradiction | role-conflict | quote-conflict
    document: str
    span: Span
    sentence: str
    message: str
    evidence: list[Evidence] = field(default_factory=list)
    omitted: int = 0  # further pieces of evidence, counted but not listed (the store reads a bounded few)

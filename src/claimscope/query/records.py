"""What the query layer hands to every view (CLI, HTTP API, web pages): records, never rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, TypeVar

from claimscope.records import AnalysedDocument, Claim, Flag, StanceRow, Verdict

T = TypeVar("T")

STATUS_ORDER = ("contested", "contradicted", "corroborated", "single-source")  # the board's order


@dataclass
class Page(Generic[T]):
    """One page of a longer, stably ordered list."""

    items: list[T]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def number(self) -> int:
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit)) if self.limit else 1


@dataclass(frozen=True)
class DocumentRef:
    id: str
    title: str | None
    site: str | None
    published: date | None


@dataclass
class CountedAsOne:
    """A proposition's groups of articles that count as one source: the first groups with their
    first articles (all of them unless a view asked for fewer), and every group's size."""

    groups: list[list[DocumentRef]]
    sizes: list[int]


@dataclass
class DocumentSummary:
    id: str
    title: str | None
    site: str | None
    url: str | None
    source: str
    published: date | None
    language: str | None
    analysed: bool
    attributions: int
    flags: int
    snippet: str | None = None  # search hit, with \ue000…\ue001 around the matched words


@dataclass
class StoredClaim:
    """A claim of one article, with its place in the store and the proposition it feeds."""

    id: int
    claim: Claim
    pid: str | None


@dataclass
class StoredFlag:
    """A flag as stored: its evidence holds the first EVIDENCE_KEPT pieces, of evidence_total."""

    id: str
    flag: Flag
    document: DocumentRef | None = None
    evidence_total: int = 0


@dataclass
class Article:
    """An article as the desk shows it: text, voices, claims, flags, and its dispatch's copies."""

    analysed: AnalysedDocument
    attribution_ids: list[int]  # parallel to analysed.attributions: anchors #a-ID
    author: str | None
    site: str | None
    url: str | None
    claims: list[StoredClaim]
    flags: list[StoredFlag]
    copies: list[DocumentRef]  # other articles of the same dispatch
    same_source: list[DocumentRef]  # other articles counted as the same source (copies, one site)


@dataclass
class PropositionSummary:
    pid: str
    key: str
    type: str
    args: dict[str, str]
    status: str
    independent_sources: int
    stances: int
    first_date: date | None
    last_date: date | None
    reason: str
    place: str | None = None


@dataclass
class Proposition:
    """A proposition with one page of its stances (the articles counted as one source come
    from ``query.counted_as_one``: only the pages that show them pay for them)."""

    summary: PropositionSummary
    verdict: Verdict  # rows: this page's stances, in date order
    titles: dict[str, str | None]  # document id -> title, for the rows shown
    offset: int = 0
    total: int = 0
    claim_ids: list[int] = field(default_factory=list)  # parallel to verdict.rows: anchors #c-ID
    overall: str = ""  # the verdict over every stance (``summary`` is as of a day when one is asked)
    by_stance: dict[str, int] = field(default_factory=dict)  # how many stances of each kind (by then, with until)


@dataclass
class SpeakerSummary:
    name: str
    type: str
    side: str | None
    statements: int
    documents: int


@dataclass
class Statement:
    """An attribution by a speaker, with where to find it."""

    document: DocumentRef
    attribution: int  # the attribution's id: #a-ID in its article's page
    text: str
    written: str | None  # the speaker as written
    kind: str
    cue: str | None


@dataclass
class Speaker:
    name: str
    type: str
    side: str | None
    aliases: list[str]
    roles: list[tuple[str, date | None, date | None]]
    relations: list[tuple[str, str, str, date | None, date | None]]
    statements: Page[Statement]
    about: list[tuple[DocumentRef, StoredClaim]] = field(default_factory=list)


@dataclass(frozen=True)
class TimelinePoint:
    when: date
    lane: str  # a stance for a proposition, a cue class for a person
    label: str  # who (source and side) or what
    document: str
    anchor: str  # a-ID (attribution) or c-ID (claim) inside the article's page
    title: str | None = None  # the article's, for tooltips and tables


@dataclass(frozen=True)
class RecordedProblem:
    """An input that could not be read, fetched or analysed, and when it was first met."""

    source: str
    reason: str
    seen_at: datetime


__all__ = [
    "STATUS_ORDER",
    "Article",
    "DocumentRef",
    "DocumentSummary",
    "Page",
    "Proposition",
    "PropositionSummary",
    "RecordedProblem",
    "Speaker",
    "SpeakerSummary",
    "StanceRow",
    "Statement",
    "StoredClaim",
    "StoredFlag",
    "TimelinePoint",
]

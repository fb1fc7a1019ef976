"""Every attribution, claim and flag of the store, streamed for the exports.

Each function yields flat records, read in batches by key (``id > last``), each batch in its own
short session: an export of a large store never holds it in memory nor keeps a read transaction
open while the client downloads (SQLite would hold off every writer until the end).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, case, func, select
from sqlalchemy.orm import InstrumentedAttribute

from claimscope.query.flags import flag_record
from claimscope.query.materialise import ensure_fresh
from claimscope.query.propositions import ClaimFilter, board_query
from claimscope.records import Flag
from claimscope.store import Store
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    DocumentRow,
    EntityRow,
    FlagRow,
    MentionRow,
    PropositionRow,
    PropositionStanceRow,
)

BATCH = 500
CONTENT_CHARS = 2000  # a reported statement longer than this is cut in exports


@dataclass(frozen=True)
class ArticleFields:
    """Where a row was read: enough to cite the article without the desk."""

    document: str
    title: str | None
    site: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True)
class AttributionExport:
    id: int  # the attribution's anchor in its article's page: #a-ID
    article: ArticleFields
    speaker: str | None  # as written
    speaker_name: str | None  # resolved
    speaker_type: str | None
    cue: str | None
    cue_lemma: str | None
    cue_class: str | None
    kind: str
    confidence: float
    start: int
    end: int
    content: str


@dataclass(frozen=True)
class ClaimExport:
    id: int  # the claim's anchor in its article's page: #c-ID
    article: ArticleFields
    type: str
    key: str
    args: dict[str, str]
    stance: str
    source: str
    source_type: str
    party: str
    evidence: str
    date: date | None
    date_text: str | None
    extent: str | None
    hedges: list[str]
    place: str | None
    latitude: float | None
    longitude: float | None
    start: int
    end: int
    pid: str | None  # the proposition across sources; None for statements, which are not grouped
    status: str | None  # its verdict


@dataclass(frozen=True)
class FlagReview:
    """A flag with what a fact-check record needs: the article it appears in and who said it."""

    id: str
    flag: Flag
    article: ArticleFields
    author: str | None  # the source of the flagged claim (a speaker, or the outlet's narration)
    author_type: str | None  # person | government | organisation | group | outlet | unknown


ARTICLE = (DocumentRow.id, DocumentRow.title, DocumentRow.site, DocumentRow.url, DocumentRow.published)
# the columns exported, read as plain rows (an ORM object a claim cost a fifth of an export's time)
ATTRIBUTION_COLUMNS = tuple(
    getattr(AttributionRow, name)
    for name in ("cue_text", "cue_lemma", "cue_class", "kind", "confidence", "content_start", "content_end")
)
CLAIM_COLUMNS = tuple(
    getattr(ClaimRow, name)
    for name in (
        *("type", "key", "args", "stance", "source_name", "source_type", "party", "evidence"),
        *("event_date", "date_text", "extent", "hedges", "place", "start", "end"),
    )
)


def _article(row: Row) -> ArticleFields:
    return ArticleFields(row.id, row.title, row.site, row.url, row.published)


def _batches(store: Store, query: Select, key: InstrumentedAttribute[Any]) -> Iterator[Sequence[Row]]:
    """The rows of ``query`` in batches ordered by ``key`` (a primary key, selected as
    ``row_id``), one session each."""
    last: object = None
    while True:
        with store.sessions() as session:
            page = query if last is None else query.where(key > last)
            rows = session.execute(page.order_by(key).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].row_id


def attributions(store: Store) -> Iterator[AttributionExport]:
    """Every attribution, in the order they were stored."""
    length = AttributionRow.content_end - AttributionRow.content_start
    content = func.substr(
        DocumentRow.text,
        AttributionRow.content_start + 1,
        case((length > CONTENT_CHARS, CONTENT_CHARS), else_=length),
    )
    query = (
        select(
            AttributionRow.id.label("row_id"),
            *ATTRIBUTION_COLUMNS,
            *ARTICLE,
            MentionRow.text.label("speaker"),
            EntityRow.name.label("speaker_name"),
            EntityRow.type.label("speaker_type"),
            content.label("content"),
        )
        .join(DocumentRow, DocumentRow.id == AttributionRow.document_id)
        .outerjoin(MentionRow, MentionRow.id == AttributionRow.speaker_mention_id)
        .outerjoin(EntityRow, EntityRow.id == MentionRow.entity_id)
    )
    for rows in _batches(store, query, AttributionRow.id):
        for a in rows:
            yield AttributionExport(
                a.row_id,
                _article(a),
                a.speaker,
                a.speaker_name,
                a.speaker_type,
                a.cue_text,
                a.cue_lemma,
                a.cue_class,
                a.kind,
                a.confidence,
                a.content_start,
                a.content_end,
                a.content or "",
            )


def claims(store: Store, f: ClaimFilter | None = None) -> Iterator[ClaimExport]:
    """Every claim, in the order they were stored, with its proposition and verdict; with a filter
    of the board (``f``), the claims of the propositions it matches."""
    ensure_fresh(store)
    # each claim's proposition looked up through the stances' index on claim_id: grouping every
    # stance in a subquery made the database group them all again for each batch (34 s at 10,000 documents)
    pid = (
        select(func.min(PropositionStanceRow.pid))
        .where(PropositionStanceRow.claim_id == ClaimRow.id)
        .correlate(ClaimRow)
        .scalar_subquery()
    )
    status = select(PropositionRow.status).where(PropositionRow.pid == pid).scalar_subquery()
    query = select(
        ClaimRow.id.label("row_id"), *CLAIM_COLUMNS, *ARTICLE, pid.label("pid"), status.label("status")
    ).join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
    if f is not None and f != ClaimFilter():
        matched = board_query(store, f).with_only_columns(PropositionRow.pid)
        query = query.where(
            ClaimRow.id.in_(select(PropositionStanceRow.claim_id).where(PropositionStanceRow.pid.in_(matched)))
        )
    for rows in _batches(store, query, ClaimRow.id):
        for c in rows:
            place = c.place or {}
            yield ClaimExport(
                c.row_id,
                _article(c),
                c.type,
                c.key,
                dict(c.args),
                c.stance,
                c.source_name,
                c.source_type,
                c.party,
                c.evidence,
                c.event_date,
                c.date_text,
                c.extent,
                list(c.hedges),
                _text(place.get("name")),
                _number(place.get("latitude")),
                _number(place.get("longitude")),
                c.start,
                c.end,
                c.pid,
                c.status,
            )


def flag_reviews(store: Store, kind: str | None = None) -> Iterator[FlagReview]:
    """Every flag (of one kind, or all), with its article and the source of the flagged claim."""
    ensure_fresh(store)
    query = select(FlagRow.id.label("row_id"), FlagRow, *ARTICLE).outerjoin(
        DocumentRow, DocumentRow.id == FlagRow.document_id
    )
    if kind:
        query = query.where(FlagRow.kind == kind)
    for rows in _batches(store, query, FlagRow.id):
        authors = _claim_sources(store, {r.FlagRow.document_id for r in rows})
        for row in rows:
            f: FlagRow = row.FlagRow
            flag = flag_record(f)
            article = _article(row) if row.id else ArticleFields(f.document_id, None, None, None, None)
            yield FlagReview(f.id, flag, article, *_author(authors.get(f.document_id, []), flag))


@dataclass(frozen=True)
class _Spoken:
    span: tuple[int, int]  # the sentence the claim is read from (the span a flag points at)
    source: str
    source_type: str
    names: tuple[str, ...]  # the claim's arguments (people, places, relations)


def _claim_sources(store: Store, documents: set[str]) -> dict[str, list[_Spoken]]:
    """The claims in these documents: where, by whom, about what."""
    found: dict[str, list[_Spoken]] = {}
    with store.sessions() as session:
        rows = session.execute(
            select(
                ClaimRow.document_id,
                func.coalesce(ClaimRow.sentence_start, ClaimRow.start),
                func.coalesce(ClaimRow.sentence_end, ClaimRow.end),
                ClaimRow.source_name,
                ClaimRow.source_type,
                ClaimRow.args,
            )
            .where(ClaimRow.document_id.in_(documents))
            .order_by(ClaimRow.id)
        )
        for document, start, end, name, type_, args in rows:
            names = tuple(v for v in (args or {}).values() if isinstance(v, str) and v)
            found.setdefault(document, []).append(_Spoken((start, end), name, type_, names))
    return found


def _author(spoken: list[_Spoken], flag: Flag) -> tuple[str | None, str | None]:
    """The source of the flagged claim. A flag points at its claim's sentence, which other claims
    may share: the claim whose arguments the flag's message names wins, then the widest overlap."""
    where = (flag.span.start, flag.span.end)

    def fit(s: _Spoken) -> tuple[bool, int, int]:
        overlap = min(where[1], s.span[1]) - max(where[0], s.span[0])
        return s.span == where, sum(n in flag.message for n in s.names), overlap

    candidates = [s for s in spoken if fit(s)[2] > 0]
    if not candidates:
        return None, None
    best = max(candidates, key=fit)
    return best.source, best.source_type


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

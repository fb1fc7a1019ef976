"""Articles: lists with search and filters, one article with its voices, claims and flags."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import astuple, dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from claimscope.query.flags import flag_record
from claimscope.query.materialise import ensure_fresh
from claimscope.query.newest import NEWEST, SCANNED_ID, read_in_order
from claimscope.query.records import Article, DocumentRef, DocumentSummary, Page, StoredClaim, StoredFlag
from claimscope.query.search import matching, ranked, snippets, terms
from claimscope.query.speakers import said_by, speaker_name
from claimscope.records import AnalysedDocument
from claimscope.store import Store
from claimscope.store.convert import analysed_loading, analysed_record
from claimscope.store.models import (
    AttributionRow,
    DocumentGroupRow,
    DocumentRow,
    FlagRow,
    PropositionStanceRow,
)

MAX_LIMIT = 200
MAX_REFS = 1000


@dataclass(frozen=True)
class DocumentFilter:
    q: str | None = None
    site: str | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None
    speaker: str | None = None  # a speaker: a resolved name, or a person in any spelling
    flagged: bool | None = None


def _filtered(query: Select, f: DocumentFilter, spoken: ColumnElement[bool], in_order: bool = False) -> Select:
    """``query`` narrowed by ``f``'s filters (not its words), ``spoken`` said by its speaker
    (`speakers.said_by`); ``in_order`` (SQLite's only, `newest.read_in_order`): the speaker's
    articles tested as the list's order reads them, not each looked up."""
    if f.site:
        query = query.where(DocumentRow.site == f.site)
    if f.language:
        query = query.where(DocumentRow.language == f.language)
    if f.since:
        query = query.where(DocumentRow.published >= f.since)
    if f.until:
        query = query.where(DocumentRow.published <= f.until)
    if f.speaker:  # the speaker's articles, found once from the speaker's entity (one index, not its mentions)
        articles = select(AttributionRow.document_id).where(spoken)
        query = query.where((SCANNED_ID if in_order else DocumentRow.id).in_(articles))
    if f.flagged is not None:  # as last refreshed (`ensure_fresh`), from the count kept beside each article
        query = query.where(DocumentRow.flag_count > 0 if f.flagged else DocumentRow.flag_count == 0)
    return query


def documents(store: Store, f: DocumentFilter | None = None, offset: int = 0, limit: int = 50) -> Page[DocumentSummary]:
    """Stored articles, newest first (best match first when searching), one page."""
    f = f or DocumentFilter()
    if f.speaker:
        f = replace(f, speaker=speaker_name(store, f.speaker))
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    ensure_fresh(store)  # the flag counts shown come from the materialised flags
    with store.sessions() as session:
        spoken = said_by(session, f.speaker)
        if f.q:
            words = terms(f.q)
            narrow = (lambda query: _filtered(query, f, spoken)) if _narrowed(f) else None
            found = ranked(session, words, narrow, offset, limit) if words else (0, [])
            if found is not None:
                total, ids = found
                return Page(_summaries(session, ids, snippets(session, words, ids)), total, offset, limit)
            query = _filtered(select(DocumentRow.id).where(matching(f.q)), f, spoken)
        else:
            query = _filtered(select(DocumentRow.id), f, spoken)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        if not f.q and f.speaker and read_in_order(session, total, offset + limit):
            query = _filtered(select(DocumentRow.id), f, spoken, in_order=True)
        ids = list(session.scalars(query.order_by(*NEWEST).offset(offset).limit(limit)))
        return Page(_summaries(session, ids, {}), total, offset, limit)


def _narrowed(f: DocumentFilter) -> bool:
    """Whether ``f`` filters by more than words (an empty value filters nothing, as in `_filtered`)."""
    return any(value is not None and value != "" for value in astuple(replace(f, q=None)))


def _summaries(session: Session, ids: list[str], passages: dict[str, str]) -> list[DocumentSummary]:
    if not ids:
        return []
    rows = {
        r.id: r
        for r in session.execute(
            select(
                DocumentRow.id,
                DocumentRow.title,
                DocumentRow.site,
                DocumentRow.url,
                DocumentRow.source,
                DocumentRow.published,
                DocumentRow.language,
                DocumentRow.analysed,
                DocumentRow.flag_count,
            ).where(DocumentRow.id.in_(ids))
        )
    }
    said = dict(
        session.execute(
            select(AttributionRow.document_id, func.count())
            .where(AttributionRow.document_id.in_(ids))
            .group_by(AttributionRow.document_id)
        ).all()
    )
    return [
        DocumentSummary(
            id=r.id,
            title=r.title,
            site=r.site,
            url=r.url,
            source=r.source,
            published=r.published,
            language=r.language,
            analysed=r.analysed,
            attributions=int(said.get(r.id, 0)),
            flags=r.flag_count,
            snippet=passages.get(r.id),
        )
        for r in (rows[i] for i in ids if i in rows)
    ]


def sites(store: Store) -> list[str]:
    """Every site with stored articles, for filter menus."""
    with store.sessions() as session:
        query = select(DocumentRow.site).where(DocumentRow.site.is_not(None)).distinct()
        return sorted(s for s in session.scalars(query) if s)  # by code point, on every backend


def languages(store: Store) -> list[str]:
    """Every language of stored articles, for filter menus."""
    with store.sessions() as session:
        query = select(DocumentRow.language).where(DocumentRow.language.is_not(None)).distinct()
        return sorted(s for s in session.scalars(query) if s)


def refs(store: Store, ids: list[str]) -> dict[str, DocumentRef]:
    """The stored articles among ``ids`` (flag evidence names documents and the knowledge base alike),
    so a page can link the ones that are articles, in one query (of at most MAX_REFS ids)."""
    wanted = sorted(set(ids))[:MAX_REFS]
    if not wanted:
        return {}
    with store.sessions() as session:
        query = select(DocumentRow.id, DocumentRow.title, DocumentRow.site, DocumentRow.published).where(
            DocumentRow.id.in_(wanted)
        )
        return {r.id: DocumentRef(*r) for r in session.execute(query)}


def every_document(store: Store, f: DocumentFilter | None = None) -> Iterator[DocumentSummary]:
    """Every stored article ``f`` matches, in the list's order, a page at a time (for the terminal)."""
    page = documents(store, f, offset=0, limit=MAX_LIMIT)
    yield from page.items
    while page.has_next:
        page = documents(store, f, offset=page.offset + page.limit, limit=MAX_LIMIT)
        yield from page.items


def matching_ids(store: Store, prefix: str, limit: int = 10) -> list[str]:
    """Ids starting with ``prefix``: what an ambiguous prefix could mean."""
    with store.sessions() as session:
        query = select(DocumentRow.id).where(DocumentRow.id.startswith(prefix, autoescape=True)).limit(limit)
        return list(session.scalars(query))


def resolve_id(store: Store, prefix: str) -> str | None:
    """A document id from the id or a unique prefix of it; else from where the document came
    from: its URL, its file, or a record's id in its file ("fr-001" of "articles.jsonl#fr-001",
    the id a corpus and its readers cite)."""
    if not prefix:
        return None
    with store.sessions() as session:
        found = list(
            session.scalars(select(DocumentRow.id).where(DocumentRow.id.startswith(prefix, autoescape=True)).limit(2))
        )
        if not found:
            source = or_(DocumentRow.source == prefix, DocumentRow.url == prefix)
            source = or_(source, DocumentRow.source.endswith(f"#{prefix}", autoescape=True))
            found = list(session.scalars(select(DocumentRow.id).where(source).limit(2)))
    return found[0] if len(found) == 1 else None


def analysed_document(session: Session, doc_id: str) -> tuple[DocumentRow, AnalysedDocument] | None:
    """A stored document as the pipeline's record (the same JSON as `analyze --json`)."""
    row = session.scalars(select(DocumentRow).where(DocumentRow.id == doc_id).options(*analysed_loading())).first()
    if row is None:
        return None
    return row, analysed_record(row)


def article(store: Store, doc_id: str) -> Article | None:
    """One article with its voices, claims (and their propositions), flags and dispatch copies."""
    ensure_fresh(store)
    with store.sessions() as session:
        found = analysed_document(session, doc_id)
        if found is None:
            return None
        row, analysed = found
        pids = dict(
            session.execute(
                select(PropositionStanceRow.claim_id, PropositionStanceRow.pid).where(
                    PropositionStanceRow.document_id == doc_id
                )
            ).all()
        )
        claims = [StoredClaim(c.id, rec, pids.get(c.id)) for c, rec in zip(row.claims, analysed.claims, strict=True)]
        flags = [
            StoredFlag(f.id, flag_record(f), evidence_total=f.evidence_total)
            for f in session.scalars(select(FlagRow).where(FlagRow.document_id == doc_id).order_by(FlagRow.start))
        ]
        analysed.flags = [f.flag for f in flags]
        group = session.get(DocumentGroupRow, doc_id)
        copies = _refs(session, DocumentGroupRow.dispatch == group.dispatch, doc_id) if group else []
        same = _refs(session, DocumentGroupRow.source_group == group.source_group, doc_id) if group else []
        return Article(
            analysed, [a.id for a in row.attributions], row.author, row.site, row.url, claims, flags, copies, same
        )


def _refs(session: Session, condition: ColumnElement[bool], but: str) -> list[DocumentRef]:
    query = (
        select(DocumentRow.id, DocumentRow.title, DocumentRow.site, DocumentRow.published)
        .join(DocumentGroupRow, DocumentGroupRow.document_id == DocumentRow.id)
        .where(condition, DocumentRow.id != but)
        .order_by(DocumentRow.published, DocumentRow.id)
        .limit(MAX_LIMIT)
    )
    return [DocumentRef(*r) for r in session.execute(query)]

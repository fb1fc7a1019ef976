"""Stored articles: the list with search and filters, and one article in the `analyze --json` format."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status
from pydantic import BaseModel, Field

from claimscope.api.deps import Limit, Offset, StoreDep
from claimscope.api.models import NOT_FOUND, PageOut, article_link, page_out
from claimscope.query import DocumentFilter, article, documents, resolve_id
from claimscope.query.limits import LANGUAGE_CHARS, NAME_CHARS, SEARCH_CHARS, SITE_CHARS
from claimscope.query.records import DocumentSummary
from claimscope.query.search import MARK_END, MARK_START
from claimscope.schema import DocumentOut, document_out

router = APIRouter(prefix="/api/documents", tags=["documents"])


class DocumentSummaryOut(BaseModel):
    id: str
    title: str | None
    site: str | None
    url: str | None = Field(description="Where the article was published, as its page says (untrusted).")
    source: str = Field(description="The file (or file#record) it was ingested from.")
    published: date | None
    language: str | None
    analysed: bool
    attributions: int
    flags: int
    snippet: str | None = Field(
        description=f"With q: the passage that matched, the matched words between "
        f"U+{ord(MARK_START):04X} and U+{ord(MARK_END):04X}."
    )
    link: str


def summary_out(d: DocumentSummary) -> DocumentSummaryOut:
    return DocumentSummaryOut(**asdict(d), link=article_link(d.id))


@router.get("", summary="Stored articles, searched and filtered")
def list_documents(
    store: StoreDep,
    q: Annotated[
        str | None, Query(max_length=SEARCH_CHARS, description="Words of the text or title (all must occur).")
    ] = None,
    site: Annotated[str | None, Query(max_length=SITE_CHARS)] = None,
    language: Annotated[str | None, Query(max_length=LANGUAGE_CHARS, description="ISO 639-1 code, e.g. fr.")] = None,
    since: Annotated[date | None, Query(description="Published on or after this day.")] = None,
    until: Annotated[date | None, Query(description="Published on or before this day.")] = None,
    speaker: Annotated[str | None, Query(max_length=NAME_CHARS, description="A resolved speaker's name.")] = None,
    flagged: Annotated[bool | None, Query(description="Only articles with (true) or without (false) flags.")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> PageOut[DocumentSummaryOut]:
    """Newest first (best match first with `q`), then by id: the order is stable across pages."""
    found = documents(store, DocumentFilter(q, site, language, since, until, speaker, flagged), offset, limit)
    return page_out(found, [summary_out(d) for d in found.items])


@router.get("/{doc_id}", responses=NOT_FOUND, summary="One article, as `claimscope analyze --json` prints it")
def get_document(
    store: StoreDep,
    doc_id: Annotated[str, Path(max_length=64, description="The document id, or a unique prefix of it.")],
) -> DocumentOut:
    """The text, attributions, entities, claims and flags (docs/json-format.md); the flags are
    those found across sources, as the desk shows them."""
    found = resolve_id(store, doc_id)
    shown = article(store, found) if found else None
    if shown is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no stored document has that id (or the prefix is ambiguous)")
    return document_out(shown.analysed)

"""Response models shared by the API's resources: pages, article references, errors, links.

Every response is a pydantic model, so `/openapi.json` describes each field a client receives.
Links point at the desk's pages (`/articles/ID#a-N`, `/claims/PID`): a client showing an API
result can send its user to the evidence.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, Field

from claimscope.query.records import DocumentRef, Page

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    """One page of a stably ordered list: ask again with ``offset + len(items)`` for the next."""

    total: int = Field(description="Items in the whole list.")
    offset: int
    limit: int
    items: list[T]


def page_out(page: Page[Any], items: list[T]) -> PageOut[T]:
    """A page's counts with its items converted to their models."""
    return PageOut[T](total=page.total, offset=page.offset, limit=page.limit, items=items)


class DocumentRefOut(BaseModel):
    id: str
    title: str | None
    site: str | None
    published: date | None
    link: str = Field(description="The article's page on the desk.")


class ErrorOut(BaseModel):
    detail: str = Field(description="What went wrong, for a person to read.")


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "Nothing by that id or name."}}


def http_url(url: str | None) -> str | None:
    """The URL when it is an http(s) address with a host, else None: a stored ``javascript:``
    or ``data:`` URL is shown as text, never as a link (pages, exports, fact-check records)."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def article_link(doc_id: str, anchor: str | None = None) -> str:
    return f"/articles/{quote(doc_id, safe='')}" + (f"#{anchor}" if anchor else "")


def speaker_link(name: str) -> str:
    return f"/speakers/{quote(name, safe='')}"


def proposition_link(pid: str) -> str:
    return f"/claims/{quote(pid, safe='')}"


def ref_out(ref: DocumentRef) -> DocumentRefOut:
    return DocumentRefOut(id=ref.id, title=ref.title, site=ref.site, published=ref.published, link=article_link(ref.id))

"""Which page URLs the store holds, so that a fetch, a feed or a watch does not fetch one twice.

A page is known by the canonical URL of the document stored from it, or, when its text was already
stored from another URL (a syndicated copy, a page that moved), by that URL noted beside the text.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimscope.store.models import DocumentRow, PageUrlRow


def known_url(session: Session, url: str) -> bool:
    if session.scalar(select(DocumentRow.id).where(DocumentRow.url == url).limit(1)) is not None:
        return True
    return session.get(PageUrlRow, url) is not None


def note_url(session: Session, url: str, document_id: str) -> None:
    """A page at ``url`` whose text is stored as ``document_id`` (from another URL)."""
    session.add(PageUrlRow(url=url, document_id=document_id))

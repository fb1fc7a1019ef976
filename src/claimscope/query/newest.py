"""Lists newest first (the desk's articles, a speaker's statements), and how SQLite reads one
narrowed to a speaker: its planner cannot tell how many articles one speaker has, and for the
most quoted (28,000 of 100,000 articles) it looked each up by id and sorted them all to show 50."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.orm import Session

from claimscope.query.search import ROWID
from claimscope.store.models import DocumentRow

# newest first, the undated last, then by id: the order of the index `ix_documents_newest`
NEWEST: tuple[Any, ...] = (DocumentRow.published.is_(None), DocumentRow.published.desc(), DocumentRow.id)
# SQLite: looking one of a speaker's articles up by id to sort it costs about as much as this many
# entries of the newest-first index read in order (at 100,000 articles, the 28,000 of the most
# quoted speaker: 118-138 ms looked up and sorted; a whole pass of the index, each entry tested
# against them, 53; the first page that way 13)
ENTRIES_A_ROW = 8
# the article's id, not looked up by SQLite's index on it (`+`): the list read in its own order
SCANNED_ID: ColumnElement[str] = literal_column("+documents.id")


def read_in_order(session: Session, total: int, end: int) -> bool:
    """Whether SQLite reads the articles newest first until ``end`` of the ``total`` it lists
    have passed (each tested against the speaker's, found once), rather than looking each up to
    sort them all: reading in order passes some ``end`` × stored ÷ ``total`` entries of the
    index, looking up costs ENTRIES_A_ROW entries an article (other databases plan by their own
    statistics: never)."""
    if session.get_bind().dialect.name != "sqlite" or not total:
        return False
    stored = session.scalar(select(func.max(ROWID)).select_from(DocumentRow)) or 0  # (gaps: near enough)
    return end * stored <= ENTRIES_A_ROW * total * total

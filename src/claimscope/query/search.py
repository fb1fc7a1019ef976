"""Full-text search over stored articles: the one place that knows each database's text index.

SQLite uses the FTS5 index the migrations keep in step with the documents table (accents and
case folded, ranked by BM25, with a snippet). Other databases fall back to matching every word
with LIKE until they get their own index (PostgreSQL: a tsvector column behind the same function).
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Select, and_, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from claimscope.store.models import DocumentRow

MARK_START, MARK_END = "\ue000", "\ue001"  # around matched words in snippets; views turn them into marks
MAX_TERMS = 12
FTS = table("documents_fts", column("rowid"))
WORD = re.compile(r"\w+", re.UNICODE)


def terms(query: str) -> list[str]:
    """The words of a user's query (operators and quotes are not syntax here)."""
    return WORD.findall(query)[:MAX_TERMS]


def fts_available(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def fts_query(words: list[str]) -> str:
    """Every word must occur; the last one may be a prefix (search as you type)."""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def matching(session: Session, query: str) -> tuple[Select | None, ColumnElement[bool]]:
    """(a select of (document id, rank, snippet) for SQLite, or None) and a filter for the rest."""
    words = terms(query)
    if not words:
        return None, and_(literal_column("0") == 1)
    if fts_available(session):
        hits: Select = (
            select(
                DocumentRow.id.label("doc_id"),
                literal_column("bm25(documents_fts, 4.0, 1.0)").label("rank"),
                literal_column(f"snippet(documents_fts, 1, '{MARK_START}', '{MARK_END}', '…', 24)").label("snippet"),
            )
            .select_from(FTS)
            .join(DocumentRow, literal_column("documents.rowid") == FTS.c.rowid)
            .where(text("documents_fts MATCH :fts").bindparams(fts=fts_query(words)))
        )
        return hits, and_(literal_column("1") == 1)
    return None, and_(
        *(
            or_(
                func.lower(DocumentRow.text).contains(w.lower(), autoescape=True),
                func.lower(DocumentRow.title).contains(w.lower(), autoescape=True),
            )
            for w in words
        )
    )

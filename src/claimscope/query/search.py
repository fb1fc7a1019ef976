"""Full-text search over stored articles: the one place that knows each database's text index.

SQLite uses the FTS5 index the migrations keep in step with the documents table (accents and
case folded, ranked by BM25, with a snippet). PostgreSQL uses its own full text search over the
GIN expression index of migration 0005 (same folding, titles weighted above texts, ts_rank, a
ts_headline snippet). Other databases fall back to matching every word with LIKE.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Select, and_, column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import Session

from claimscope.store.models import DocumentRow

MARK_START, MARK_END = "\ue000", "\ue001"  # around matched words in snippets; views turn them into marks
MAX_TERMS = 12
FTS = table("documents_fts", column("rowid"))
# migration 0005's index expression, character for character (PostgreSQL uses the index only for it)
DOCUMENT_VECTOR = (
    "(setweight(to_tsvector('claimscope_search'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('claimscope_search'::regconfig, text), 'B'))"
)
HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=…"
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


def ts_query(words: list[str]) -> str:
    """PostgreSQL's form of fts_query (words are \\w+: nothing in them is tsquery syntax)."""
    return " & ".join(words) + ":*"


def _postgresql_hits(words: list[str]) -> Select:
    """(document id, rank, snippet) of the documents with every word, best first by rank."""
    vector: ColumnElement[str] = literal_column(DOCUMENT_VECTOR)
    tsquery = func.to_tsquery(literal_column("'claimscope_search'::regconfig"), ts_query(words))
    return select(
        DocumentRow.id.label("doc_id"),
        (-func.ts_rank(vector, tsquery)).label("rank"),
        func.ts_headline(literal_column("'claimscope_search'::regconfig"), DocumentRow.text, tsquery, HEADLINE).label(
            "snippet"
        ),
    ).where(vector.op("@@")(tsquery))


def matching(session: Session, query: str) -> tuple[Select | None, ColumnElement[bool]]:
    """(a select of (document id, rank, snippet) where the database has a text index, or None)
    and a filter for the rest."""
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
    if session.get_bind().dialect.name == "postgresql":
        return _postgresql_hits(words), and_(literal_column("1") == 1)
    return None, and_(
        *(
            or_(
                func.lower(DocumentRow.text).contains(w.lower(), autoescape=True),
                func.lower(DocumentRow.title).contains(w.lower(), autoescape=True),
            )
            for w in words
        )
    )

"""Full-text search over stored articles: the one place that knows each database's text index.

SQLite uses the FTS5 index the migrations keep in step with the documents table (accents and
case folded, ranked by BM25, with a snippet). PostgreSQL uses its own full text search over the
generated column of migration 0021 and its GIN index (same folding, titles weighted above texts,
ts_rank, a ts_headline snippet). Other databases fall back to matching every word with LIKE.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    TextClause,
    and_,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from claimscope.store.models import DocumentRow

MARK_START, MARK_END = "\ue000", "\ue001"  # around matched words in snippets; views turn them into marks
MAX_TERMS = 12
# SQLite: a search narrowed by other filters with more matches than this has the documents they
# keep found from the documents' side, a cost fixed by the store (at 100,000 documents the most
# quoted speaker's some 60 ms; one site's, or the flagged ones from their kept count, under 10);
# with fewer, each match's row is read and tested (some 3-8 µs a match). At 10,000 matches both
# cost about the same (within that speaker's articles 84 ms row by row against 85, within the
# flagged 48 against 32); at 38,000 within the flagged 154 against 61; at 2,000 within the
# speaker's 50 against 80 (docs/scaling.md)
FEW_MATCHES = 20_000
FTS = table("documents_fts", column("rowid"))
ROWID: ColumnElement[int] = literal_column("documents.rowid")
BM25: ColumnElement[float] = literal_column("bm25(documents_fts, 4.0, 1.0)")  # titles weigh 4 times the text
KEPT_ROWID: ColumnElement[int] = literal_column("+documents_fts.rowid")  # `+`: not given to FTS5 to look up
SNIPPET: ColumnElement[str] = literal_column(f"snippet(documents_fts, 1, '{MARK_START}', '{MARK_END}', '…', 24)")
# PostgreSQL's words of each article, titles weighted above texts (migration 0021's generated column)
SEARCH_VECTOR: ColumnElement[str] = literal_column("documents.search_vector")
HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=12, MaxFragments=1, FragmentDelimiter=…"
WORD = re.compile(r"\w+", re.UNICODE)
AVOIDED_SCANS = ("enable_seqscan", "enable_indexscan")  # PostgreSQL's plans a search makes a last resort


def terms(query: str) -> list[str]:
    """The words of a user's query (operators and quotes are not syntax here)."""
    return WORD.findall(query)[:MAX_TERMS]


def fts_query(words: list[str]) -> str:
    """Every word must occur; the last one may be a prefix (search as you type)."""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def ts_query(words: list[str]) -> str:
    """PostgreSQL's form of fts_query (words are \\w+: nothing in them is tsquery syntax)."""
    return " & ".join(words) + ":*"


def _match(words: list[str]) -> TextClause:
    return text("documents_fts MATCH :fts").bindparams(fts=fts_query(words))


def _tsquery(words: list[str]) -> ColumnElement[str]:
    return func.to_tsquery(literal_column("'claimscope_search'::regconfig"), ts_query(words))


def _ranked_on_the_index(
    session: Session, words: list[str], within: Select | None, offset: int, limit: int
) -> tuple[int, list[str]]:
    """SQLite's count and page read from the FTS table alone, then the page's ids: through a join
    to the documents, counting 38,000 matches took 53 ms at 100,000 documents against 5 alone.
    Other filters come as the rowids of the documents they keep (``within``), found once from
    the documents' side (mostly through covering indexes) and tested against each match, not
    handed to FTS5 as a list to look up (which read the matches again for each: minutes at
    100,000 documents): joined to each match's row instead, a search of 38,000 matches within one
    site took 136 ms against 55 (docs/scaling.md). The triggers of migration 0003 keep one FTS
    row per document; a VACUUM run by hand on the file may renumber the documents' rowids, which
    leaves the index pointing elsewhere (as it would leave every search)."""
    match: list[ColumnElement[bool] | TextClause] = [_match(words)]
    if within is not None:
        match.append(KEPT_ROWID.in_(within))
    total = session.scalar(select(func.count()).select_from(FTS).where(*match)) or 0
    page = select(FTS.c.rowid).where(*match).order_by(BM25, FTS.c.rowid).offset(offset).limit(limit)
    rowids = list(session.scalars(page))
    ids = {r: i for r, i in session.execute(select(ROWID, DocumentRow.id).where(ROWID.in_(rowids)))}
    return total, [ids[r] for r in rowids if r in ids]


def _matches(session: Session, words: list[str]) -> int:
    return session.scalar(select(func.count()).select_from(FTS).where(_match(words))) or 0


def hits(session: Session, words: list[str]) -> tuple[Select, tuple[Any, ...]] | None:
    """A select of the ids of the documents holding every word, from the documents table (for
    other filters), and the order that ranks them best first (ties in the order they were stored
    on SQLite, by id on PostgreSQL); None where the database has no text index."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        found = select(DocumentRow.id).select_from(FTS).join(DocumentRow, FTS.c.rowid == ROWID).where(_match(words))
        return found, (BM25, ROWID)
    if dialect == "postgresql":
        tsquery = _tsquery(words)
        found = select(DocumentRow.id).where(SEARCH_VECTOR.op("@@")(tsquery))
        return found, (-func.ts_rank(SEARCH_VECTOR, tsquery), DocumentRow.id)
    return None


def ranked(
    session: Session, words: list[str], narrow: Callable[[Select], Select] | None, offset: int, limit: int
) -> tuple[int, list[str]] | None:
    """How many documents hold every word, and one page of their ids, best first, where the
    database has a text index (None where it has none). ``narrow`` adds the list's other filters;
    SQLite ranks and counts on its index alone, unless other filters narrow a few matches (then
    each match's row is tested: `FEW_MATCHES`). No snippet is cut here: ``snippets`` cuts the
    page's only (an offset of 30,000 had cut every skipped row's, 1.2 s)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite" and (narrow is None or _matches(session, words) > FEW_MATCHES):
        within = narrow(select(ROWID).select_from(DocumentRow)).correlate(None) if narrow is not None else None
        return _ranked_on_the_index(session, words, within, offset, limit)
    found = hits(session, words)
    if found is None:
        return None
    query, order = found
    if narrow is not None:
        query = narrow(query)
    with _through_the_index(session, dialect == "postgresql"):
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        return total, list(session.scalars(query.order_by(*order).offset(offset).limit(limit)))


@contextmanager
def _through_the_index(session: Session, needed: bool) -> Iterator[None]:
    """PostgreSQL's matches found through the GIN index, not by testing every row: the planner
    cannot see that testing a row reads its words out of line (TOAST), and for a common word it
    took a table scan (at 100,000 documents, counting 72,000 matches: 505–560 ms, against 31–45
    through the index; ranking them: 483–585 against 349–359; a search narrowed to one language
    820 against 319: docs/scaling.md); narrowed to the flagged, it took their index (flag counts,
    migration 0023) and tested each flagged article's words, 397 ms against 120 through bitmaps.
    Sequential scans and one-row-at-a-time index scans (index-only ones too) are made a last
    resort (AVOIDED_SCANS) for these two statements only (set_config's ``is_local``: within this
    transaction, then put back); bitmaps of every index remain, combined as the filters ask."""
    if not needed:
        yield
        return
    previous = {name: session.scalar(text(f"SELECT current_setting('{name}')")) for name in AVOIDED_SCANS}
    for name in AVOIDED_SCANS:
        session.execute(text(f"SELECT set_config('{name}', 'off', true)"))
    yield  # where a statement fails, the rollback puts the settings back
    for name, value in previous.items():
        session.execute(text(f"SELECT set_config('{name}', :previous, true)").bindparams(previous=value))


def snippets(session: Session, words: list[str], ids: list[str]) -> dict[str, str]:
    """The matched passage of each of ``ids`` with its words marked, where the database can cut one."""
    if not ids or not words:
        return {}
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return _fts_snippets(session, words, ids)
    if dialect != "postgresql":
        return {}
    configuration: ColumnElement[str] = literal_column("'claimscope_search'::regconfig")
    headline = func.ts_headline(configuration, DocumentRow.text, _tsquery(words), HEADLINE)
    query = select(DocumentRow.id, headline).where(DocumentRow.id.in_(ids))
    return {doc_id: passage for doc_id, passage in session.execute(query)}


def _fts_snippets(session: Session, words: list[str], ids: list[str]) -> dict[str, str]:
    named = {r: i for r, i in session.execute(select(ROWID, DocumentRow.id).where(DocumentRow.id.in_(ids)))}
    if not named:
        return {}
    # the rowids as a range FTS5 reads the matches' list through once, and as a list it must not
    # be given (`+`): it would read the whole list again for each (164 ms for 50 rows)
    listed = KEPT_ROWID.in_(named)
    query = select(FTS.c.rowid, SNIPPET).where(_match(words), FTS.c.rowid.between(min(named), max(named)), listed)
    return {named[r]: passage for r, passage in session.execute(query)}


def matching(query: str) -> ColumnElement[bool]:
    """Where the database has no text index: every word of ``query`` in the title or the text."""
    if not terms(query):
        return false()
    return and_(
        *(
            or_(
                func.lower(DocumentRow.text).contains(w.lower(), autoescape=True),
                func.lower(DocumentRow.title).contains(w.lower(), autoescape=True),
            )
            for w in terms(query)
        )
    )

"""Propositions across sources: the claims board, one proposition with its stances, timelines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, Row, Select, Subquery, and_, false, func, or_, select
from sqlalchemy.orm import Session

from claimscope.query.knowledge import spellings, store_knowledge
from claimscope.query.materialise import ensure_fresh
from claimscope.query.records import (
    CountedAsOne,
    DocumentRef,
    Page,
    Proposition,
    PropositionSummary,
    TimelinePoint,
)
from claimscope.records import ClaimType, StanceRow, Verdict
from claimscope.store import Store
from claimscope.store.collation import bytewise
from claimscope.store.convert import claim_record
from claimscope.store.models import ClaimRow, DocumentGroupRow, DocumentRow, PropositionRow, PropositionStanceRow

MAX_LIMIT = 500
STATUSES = ("contested", "contradicted", "corroborated", "single-source")
# the board's order: contested first, then the most reported, then by key (ix_propositions_board)
BOARD_ORDER = (PropositionRow.rank, PropositionRow.stances.desc(), bytewise(PropositionRow.key))


@dataclass(frozen=True)
class ClaimFilter:
    type: str | None = None
    status: str | None = None
    about: str | None = None  # a place or person in any spelling
    contested: bool = False  # contested or contradicted
    since: date | None = None
    until: date | None = None


def summary(row: PropositionRow) -> PropositionSummary:
    return PropositionSummary(
        row.pid,
        row.key,
        row.type,
        dict(row.args),
        row.status,
        row.independent_sources,
        row.stances,
        row.first_date,
        row.last_date,
        row.reason,
        row.place,
    )


def board_query(store: Store, f: ClaimFilter) -> Select:
    """The propositions ``f`` matches (the board's filters; the claims export reads them too)."""
    query = select(PropositionRow)
    if f.type:
        query = query.where(PropositionRow.type == f.type)
    if f.status:
        query = query.where(PropositionRow.status == f.status)
    if f.contested:
        query = query.where(PropositionRow.status.in_(("contested", "contradicted")))
    if f.since:
        query = query.where(PropositionRow.last_date >= f.since)
    if f.until:
        query = query.where(PropositionRow.first_date <= f.until)
    if f.about and f.about.strip():
        names = spellings(f.about, store_knowledge(store))
        query = query.where(  # false() first: words that fold to no name (punctuation) match nothing
            # any part of the names or the key: "Jared" finds Jared Kushner's relations and the
            # meetings he is among the participants of alike
            or_(false(), *(PropositionRow.names.contains(n, autoescape=True) for n in names))
        )
    return query


def propositions(
    store: Store, f: ClaimFilter | None = None, offset: int = 0, limit: int = 50
) -> Page[PropositionSummary]:
    """The claims board: contested first, then the most reported, one page."""
    ensure_fresh(store)
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    with store.sessions() as session:
        rows, total = _board_page(session, store, f, offset, limit)
        return Page([summary(r) for r in rows], total, offset, limit)


def _board_page(
    session: Session, store: Store, f: ClaimFilter | None, offset: int, limit: int
) -> tuple[list[PropositionRow], int]:
    """One page of the board's propositions, in its order, and how many match in all."""
    query = board_query(store, f or ClaimFilter())
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return list(session.scalars(query.order_by(*BOARD_ORDER).offset(offset).limit(limit))), total


def claim_articles(store: Store) -> int:
    """How many stored articles have claims (each has a dispatch group once materialised; none
    when the claims table is empty, as a version before claims left it)."""
    ensure_fresh(store)
    with store.sessions() as session:
        if session.scalar(select(ClaimRow.id).limit(1)) is None:
            return 0
        return int(session.scalar(select(func.count()).select_from(DocumentGroupRow)) or 0)


def all_verdicts(store: Store, f: ClaimFilter | None = None) -> list[Verdict]:
    """Every matching proposition with all its stances, in the board's order (for exports):
    one read of the propositions, then their stances a batch of propositions at a time."""
    ensure_fresh(store)
    with store.sessions() as session:
        heads = list(session.scalars(board_query(store, f or ClaimFilter()).order_by(*BOARD_ORDER)))
        return _verdicts(session, heads, None)


def verdict_page(
    store: Store, f: ClaimFilter | None = None, offset: int = 0, limit: int = 20, stances: int = 20
) -> Page[tuple[Verdict, int]]:
    """One page of the board, each proposition with its first ``stances`` stances in date order
    and how many it has (the terminal's tables): a page costs the same in any size of store."""
    ensure_fresh(store)
    limit, offset = max(1, min(limit, MAX_LIMIT)), max(0, offset)
    with store.sessions() as session:
        heads, total = _board_page(session, store, f, offset, limit)
        found = _verdicts(session, heads, max(1, stances))
    return Page([(verdict, head.stances) for verdict, head in zip(found, heads, strict=True)], total, offset, limit)


def _verdicts(session: Session, heads: list[PropositionRow], stances: int | None) -> list[Verdict]:
    """The propositions with their stances (the first ``stances`` of each, or all), through the
    (pid, position) index (positions are apart: the first of each are read one proposition at a time)."""
    found: dict[str, list[StanceRow]] = defaultdict(list)
    for start in range(0, len(heads), MAX_LIMIT):
        pids = [head.pid for head in heads[start : start + MAX_LIMIT]]
        if stances is None:
            query = _stances(PropositionStanceRow.pid.in_(pids))
            rows = session.execute(query.order_by(PropositionStanceRow.pid, PropositionStanceRow.position)).all()
        else:
            rows = []
            for key_id in pids:
                query = _stances(PropositionStanceRow.pid == key_id).order_by(PropositionStanceRow.position)
                rows += session.execute(query.limit(stances)).all()
        for stance, row, _ in _read(session, rows):
            found[stance.pid].append(row)
    return [
        Verdict(h.key, ClaimType(h.type), dict(h.args), h.status, h.independent_sources, found[h.pid], h.reason)
        for h in heads
    ]


def _stances(condition: ColumnElement[bool]) -> Select:
    """Stances with their claims and articles (site, date, title)."""
    return (
        select(PropositionStanceRow, ClaimRow, DocumentRow.site, DocumentRow.published, DocumentRow.title)
        .join(ClaimRow, ClaimRow.id == PropositionStanceRow.claim_id)
        .join(DocumentRow, DocumentRow.id == PropositionStanceRow.document_id)
        .where(condition)
    )


def _read(session: Session, found: Sequence[Row]) -> list[tuple[PropositionStanceRow, StanceRow, str | None]]:
    """Rows of ``_stances`` as records: each claim dated as the verdict read it, with its dispatch."""
    dispatch = dict(
        session.execute(
            select(DocumentGroupRow.document_id, DocumentGroupRow.dispatch).where(
                DocumentGroupRow.document_id.in_({s.document_id for s, *_ in found})
            )
        ).all()
    )
    read = []
    for stance, claim_row, site, published, title in found:
        claim = replace(claim_record(claim_row), date=stance.event_date, date_text=stance.date_text)
        read.append(
            (stance, StanceRow(stance.document_id, site, published, claim, dispatch.get(stance.document_id, "")), title)
        )
    return read


def status_as_of(independent: dict[str, int], overall: str) -> str:
    """The verdict from the stances known by a day, by the verdicts' own rule (independent sources
    per stance); a proposition the knowledge base contradicts stays contradicted."""
    from claimscope.claims.reasons import status_of  # the claims' modules load numpy: the map's pages only

    stating = independent.get("asserts", 0) + independent.get("hedged", 0)
    if overall == "contradicted" and stating:
        return overall
    return status_of(
        independent.get("asserts", 0), stating, independent.get("denies", 0), independent.get("partial", 0)
    )


def proposition_summary(store: Store, pid: str) -> PropositionSummary | None:
    """A proposition's verdict and counts without its stances (a timeline's heading)."""
    ensure_fresh(store)
    with store.sessions() as session:
        row = session.get(PropositionRow, pid)
        return summary(row) if row is not None else None


def proposition(
    store: Store,
    pid: str,
    offset: int = 0,
    limit: int | None = 100,
    until: date | None = None,
    newest_first: bool = False,
    stance: str | None = None,
) -> Proposition | None:
    """One proposition with a page of its stances (all of them with ``limit=None``), in date
    order (``newest_first``: the latest first, as the map's panel shows a place as of a day);
    ``until`` keeps the stances dated on or before that day, and the verdict is theirs; ``stance``
    lists only those of one kind ("who denies it?"), the verdict still every stance's."""
    ensure_fresh(store)
    with store.sessions() as session:
        row = session.get(PropositionRow, pid)
        if row is None:
            return None
        shown = [PropositionStanceRow.pid == pid]
        if until is not None:
            shown.append(PropositionStanceRow.event_date <= until)
        query = _stances(and_(*shown))
        dated = select(PropositionStanceRow.stance, func.count()).where(*shown).group_by(PropositionStanceRow.stance)
        by_stance = {kind: int(n) for kind, n in session.execute(dated)}
        stances = sum(by_stance.values())
        if stance is not None:
            query = query.where(PropositionStanceRow.stance == stance)
        total = by_stance.get(stance, 0) if stance is not None else stances
        if newest_first:  # undated stances stay last
            query = query.order_by(PropositionStanceRow.event_date.is_(None), PropositionStanceRow.position.desc())
        else:
            query = query.order_by(PropositionStanceRow.position)
        query = query.offset(max(0, offset))
        if limit is not None:
            query = query.limit(max(1, min(limit, MAX_LIMIT)))
        read = _read(session, session.execute(query).all())
        rows = [r for _, r, _ in read]
        titles = {r.document: title for _, r, title in read}
        claim_ids = [row.claim_id for row, _, _ in read]
        head = summary(row) if until is None else _as_of(session, row, until, stances)
        verdict = Verdict(
            row.key, ClaimType(row.type), dict(row.args), head.status, head.independent_sources, rows, head.reason
        )
        return Proposition(head, verdict, titles, max(0, offset), total, claim_ids, row.status, by_stance)


def _as_of(session: Session, row: PropositionRow, until: date, stances: int) -> PropositionSummary:
    """The proposition as its ``stances`` dated on or before ``until`` show it: their verdict by
    the verdicts' rule, their independent sources and dates; the reason says so and gives the
    verdict over every stance (undated stances are left out: nobody knows when they held)."""
    by_day = (PropositionStanceRow.pid == row.pid, PropositionStanceRow.event_date <= until)
    sources = func.count(func.distinct(PropositionStanceRow.source_group))
    independent: dict[str, int] = {
        stance: int(n)
        for stance, n in session.execute(
            select(PropositionStanceRow.stance, sources).where(*by_day).group_by(PropositionStanceRow.stance)
        )
    }
    groups, first, last = session.execute(
        select(sources, func.min(PropositionStanceRow.event_date), func.max(PropositionStanceRow.event_date)).where(
            *by_day
        )
    ).one()
    counts = ", ".join(f"{n} {stance}" for stance, n in sorted(independent.items())) or "none"
    reason = (
        f"as of {until:%Y-%m-%d}: independent sources: {counts}; {stances:,} of its {row.stances:,} statements"
        f" dated by then; over every date: {row.status}"
    )
    return replace(
        summary(row),
        status=status_as_of(independent, row.status) if stances else "unreported",
        independent_sources=int(groups),
        stances=int(stances),
        first_date=first,
        last_date=last,
        reason=reason,
    )


def counted_as_one(store: Store, pid: str, shown: int | None = None) -> CountedAsOne:
    """Groups of articles of this proposition that count as one source (copies, one site), in
    group order, each group's articles in order: every one, read in one statement; with ``shown``,
    only the first ``shown`` groups' first ``shown`` articles, and every group's size (a
    proposition told 16,000 times has groups of hundreds: reading them all took 0.2 s a page)."""
    group = PropositionStanceRow.source_group
    pairs = select(group.label("source"), PropositionStanceRow.document_id.label("doc")).distinct()
    pairs = pairs.where(PropositionStanceRow.pid == pid)
    with store.sessions() as session:
        if shown is None:
            whole = [refs for refs in _articles(session, pairs.subquery(), None).values() if len(refs) > 1]
            return CountedAsOne(whole, [len(refs) for refs in whole])
        size = func.count(PropositionStanceRow.document_id.distinct())
        grouped = select(group, size).where(PropositionStanceRow.pid == pid).group_by(group).having(size > 1)
        sizes = session.execute(grouped.order_by(bytewise(group))).all()
        first = [source for source, _ in sizes[:shown]]
        found = _articles(session, pairs.where(group.in_(first)).subquery(), shown) if first else {}
    return CountedAsOne([found.get(source, []) for source in first], [int(n) for _, n in sizes])


def _articles(session: Session, pairs: Subquery, shown: int | None) -> dict[str, list[DocumentRef]]:
    """The articles of these (source, doc) pairs by group, in order: the first ``shown`` of each."""
    chosen = select(pairs.c.source, pairs.c.doc, DocumentRow.title, DocumentRow.site, DocumentRow.published)
    if shown is not None:
        rank = func.row_number().over(partition_by=pairs.c.source, order_by=bytewise(pairs.c.doc))
        chosen = chosen.add_columns(rank.label("rank"))
    ranked = chosen.join(DocumentRow, DocumentRow.id == pairs.c.doc).subquery()
    query = select(*ranked.c[:5]).order_by(bytewise(ranked.c.source), bytewise(ranked.c.doc))
    found: dict[str, list[DocumentRef]] = defaultdict(list)
    for source, doc_id, title, site, published in session.execute(
        query if shown is None else query.where(ranked.c.rank <= shown)
    ):
        found[source].append(DocumentRef(doc_id, title, site, published))
    return found


def timeline(store: Store, pid: str) -> list[TimelinePoint]:
    """Who asserted, denied, partly confirmed or hedged the proposition, and when."""
    ensure_fresh(store)
    with store.sessions() as session:
        query = (
            select(
                PropositionStanceRow.event_date,
                PropositionStanceRow.stance,
                ClaimRow.source_name,
                ClaimRow.party,
                PropositionStanceRow.document_id,
                ClaimRow.id,
                DocumentRow.title,
            )
            .join(ClaimRow, ClaimRow.id == PropositionStanceRow.claim_id)
            .join(DocumentRow, DocumentRow.id == PropositionStanceRow.document_id)
            .where(PropositionStanceRow.pid == pid, PropositionStanceRow.event_date.is_not(None))
            .order_by(PropositionStanceRow.event_date, PropositionStanceRow.position)
        )
        return [
            TimelinePoint(when, stance, f"{source} ({party})", doc, f"c-{claim_id}", title)
            for when, stance, source, party, doc, claim_id, title in session.execute(query)
            if when is not None
        ]

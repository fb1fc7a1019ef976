"""What a summed proposition's verdict reads of its stance rows (`claims.reasons.Tally`), by
grouped queries on them: the sources taking each stance, the statements and articles, the groups
counted once with their first articles, the latest statement and the sides asserting it
(`query.summaries` appends the new stances first; a regrouping relabels their sources in place).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from claimscope.claims.reasons import FOLDED_SHOWN, Tally, folded
from claimscope.claims.sources import credited_party
from claimscope.query.tables import one_of
from claimscope.records import Claim, Stance
from claimscope.store.collation import bytewise
from claimscope.store.convert import ClaimReader
from claimscope.store.models import ClaimRow, DocumentRow, PropositionStanceRow

STATED = (Stance.ASSERTS.value, Stance.HEDGED.value)  # the stances of the current state
# whether a group of stance rows holds each stance, in `Stance`'s order (built once: about 1 ms a tally)
_TOOK = [func.max(case((PropositionStanceRow.stance == stance.value, 1), else_=0)) for stance in Stance]


def tally(session: Session, key_id: str) -> tuple[Claim, Tally]:
    """The proposition's first statement and what its verdict reads of its stance rows: the
    sources taking each stance, the statements, articles and groups counted once from one grouped
    pass over them (an article's stances share its source: `tables.stance_values` writes the
    source of its document, `grouping._relabel` relabels all of a document's rows at once)."""
    row = PropositionStanceRow
    stances = select(row).where(row.pid == key_id).subquery()
    query = (
        select(row.source_group, func.count(), func.count(row.document_id.distinct()), *_TOOK)
        .where(row.pid == key_id)
        .group_by(row.source_group)
        .order_by(func.min(row.position))
    )
    by_stance: dict[Stance, set[str]] = defaultdict(set)
    statements = articles = 0
    groups: list[tuple[str, int]] = []  # those of several articles, in the order of their first stance
    for group, told, among, *taken in session.execute(query):
        statements, articles = statements + told, articles + among
        for stance, took_it in zip(Stance, taken, strict=True):
            if took_it:
                by_stance[stance].add(group)
        if among > 1:
            groups.append((group, among))
    first_id = session.scalar(select(stances.c.claim_id).order_by(stances.c.position).limit(1))
    stated = session.execute(  # the current state, dated as the verdict dates it (its publication's day)
        select(stances.c.claim_id, stances.c.event_date, stances.c.date_text)
        .where(stances.c.stance.in_(STATED))
        .order_by(stances.c.event_date.desc(), stances.c.position)
        .limit(1)
    ).first()
    latest_id = stated.claim_id if stated else None
    claims = claims_by_id(session, {i for i in (first_id, latest_id) if i is not None})
    first = claims[first_id]  # type: ignore[index]
    credited = credited_party(first)
    parties: set[str] = set()
    if credited:  # only a capture credits a side (`claims.reasons`)
        parties = set(
            session.scalars(
                select(ClaimRow.party)
                .join(stances, stances.c.claim_id == ClaimRow.id)
                .where(stances.c.stance == Stance.ASSERTS.value)
                .distinct()
            )
        )
    latest = replace(claims[stated.claim_id], date=stated.event_date, date_text=stated.date_text) if stated else None
    told = Tally(by_stance, statements, articles, latest, _folded(session, stances, groups), parties, credited)
    return first, told


def _folded(session: Session, stances: Any, groups: list[tuple[str, int]]) -> str:
    """`claims.reasons.folded` of these groups of several articles (in the order of their first
    stance), with the first articles (by id) of the first ones and their sites."""
    shown = [group for group, _ in groups[:FOLDED_SHOWN]]
    pairs = (
        select(stances.c.source_group, stances.c.document_id)
        .where(stances.c.source_group.in_(shown))
        .distinct()
        .subquery()
    )
    rank = func.row_number().over(partition_by=pairs.c.source_group, order_by=bytewise(pairs.c.document_id))
    ranked = select(pairs.c.source_group, pairs.c.document_id, rank.label("rank")).subquery()
    first: dict[str, list[str]] = defaultdict(list)  # each group's first articles, by id
    for group, doc in session.execute(
        select(ranked.c.source_group, ranked.c.document_id).where(ranked.c.rank <= FOLDED_SHOWN)
    ):
        first[group].append(doc)
    ids = [doc for docs in first.values() for doc in docs]
    sites = dict(session.execute(select(DocumentRow.id, DocumentRow.site).where(DocumentRow.id.in_(ids))).all())
    named = [
        (size, [(sites.get(doc) or "?", doc[:8]) for doc in sorted(first[group])])
        for group, size in groups[:FOLDED_SHOWN]
    ]
    return folded(named, len(groups))


def claims_by_id(session: Session, ids: set[int]) -> dict[int, Claim]:
    """These claims, by row id."""
    reader = ClaimReader()
    query = select(*reader.columns()).where(one_of(session, ClaimRow.id, ids))
    return {row.id: reader(row) for row in session.execute(query)}

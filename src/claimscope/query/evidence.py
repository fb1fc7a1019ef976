"""What a refresh reads of the relations and roles its new articles give: the first statements.

A new article's relation or role is flagged against the other sources' ("adviser of" two
presidents) and against the knowledge base, with the statements that say otherwise as evidence
(`claims.flags`). A much-told one ("Steve Witkoff, Trump's envoy": 44,000 articles of the bench
store) was read whole for that, every refresh. But a flag keeps the first statement of each site,
then the first others, up to EVIDENCE_KEPT, and the count of all (`query.tables`); the majority
counts sources, not statements. So of each kind of statement (its proposition and day, what the
knowledge base checks) the stored ones read are the first EVIDENCE_KEPT + 1 in storing order, the
first of each site and the first of each source, and the others are counted: the flags come out as
they would from every statement, since new articles come after every stored one in storing order
(when one does not, an article analysed again, every statement is read as before).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from claimscope.claims.flags import Unread
from claimscope.query.tables import EVIDENCE_KEPT, one_of
from claimscope.records import Stance
from claimscope.store.models import ClaimRow, DocumentGroupRow, DocumentRow

FIRST = EVIDENCE_KEPT + 1  # the first statements of each kind that the evidence a flag keeps may need


def prefixes(checked: set[tuple[str, ...]]) -> list[ColumnElement[bool]]:
    """The claims of these (type, person, relation), every object, through the key's index."""
    ranges: list[ColumnElement[bool]] = []
    for prefix in sorted(checked):  # "role|Steve Witkoff|envoy of|…"
        start = "|".join(prefix) + "|"
        ranges.append(and_(ClaimRow.key >= start, ClaimRow.key < start + "\U0010ffff"))
    return ranges


def first_statements(
    session: Session, checked: set[tuple[str, ...]], pending: list[str]
) -> tuple[set[int], Unread] | None:
    """The stored statements of these relations and roles that flags may cite or count (see
    above), by id, and the others counted by kind; None when a ``pending`` document comes before a
    stored one in storing order (then every statement is read)."""
    if not checked or not _last(session, pending):
        return None
    order = (DocumentRow.ingested_at, DocumentRow.id, ClaimRow.start, ClaimRow.id)
    kind = (ClaimRow.key, ClaimRow.event_date)
    site = func.coalesce(DocumentRow.site, DocumentRow.source)  # the evidence's source (`claims.flags`)
    ranked = (
        select(
            ClaimRow.id,
            ClaimRow.key,
            ClaimRow.event_date,
            func.row_number().over(partition_by=kind, order_by=order).label("at"),
            func.row_number().over(partition_by=(*kind, site), order_by=order).label("in_site"),
            func.row_number()
            .over(partition_by=(ClaimRow.key, DocumentGroupRow.source_group), order_by=order)
            .label("in_source"),
        )
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .join(DocumentGroupRow, DocumentGroupRow.document_id == ClaimRow.document_id)
        .where(or_(*prefixes(checked)), ClaimRow.stance == Stance.ASSERTS.value, DocumentRow.materialised.is_(True))
        .subquery()
    )
    first = or_(ranked.c.at <= FIRST, ranked.c.in_site == 1, ranked.c.in_source == 1)
    kept = set(session.scalars(select(ranked.c.id).where(first)))
    unread: Counter[tuple[str, date | None]] = Counter()
    for key, when, count in session.execute(
        select(ranked.c.key, ranked.c.event_date, func.sum(case((first, 0), else_=1))).group_by(
            ranked.c.key, ranked.c.event_date
        )
    ):
        if count:
            unread[(key, when)] = int(count)
    return kept, unread


def _last(session: Session, pending: list[str]) -> bool:
    """Whether the ``pending`` documents come after every stored one in storing order."""
    stored = session.execute(
        select(DocumentRow.ingested_at, DocumentRow.id)
        .where(DocumentRow.materialised.is_(True))
        .order_by(DocumentRow.ingested_at.desc(), DocumentRow.id.desc())
        .limit(1)
    ).first()
    new = session.execute(
        select(DocumentRow.ingested_at, DocumentRow.id)
        .where(one_of(session, DocumentRow.id, pending))
        .order_by(DocumentRow.ingested_at, DocumentRow.id)
        .limit(1)
    ).first()
    if stored is None or new is None:
        return True
    latest: tuple[datetime, str] = (stored[0], stored[1])
    return (new[0], new[1]) > latest

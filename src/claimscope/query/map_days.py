"""The map's table: each control proposition's stances summed by kind and day, kept by the refresh.

The map shows, for every place as of a chosen day, how many stances of each kind there were by
then, from how many independent sources, and the latest. Read from the stance rows, that grew
with the store (165,000 rows at 100,000 documents: 224 ms a map, 67 ms its days). A source is
counted on the day of its first such stance (undated: None), so summing the days up to any day
gives the sources by then. A refresh writes the rows of the propositions whose stances it
wrote or relabelled (a full one all of them); migration 0020 wrote a store's first ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from claimscope.query.tables import chunks, insert_rows
from claimscope.records import ClaimType
from claimscope.store.models import MapDayRow, PropositionRow, PropositionStanceRow

Day = tuple[str, str, date | None]  # proposition, stance, day


def keep_map_days(session: Session, pids: Collection[str] | None) -> None:
    """The rows of the propositions ``pids`` written again (all of them for None), in the
    refresh's transaction."""
    if pids is None:
        session.execute(delete(MapDayRow))
        _write(session, None)
        return
    for batch in chunks(sorted(pids)):
        session.execute(delete(MapDayRow).where(MapDayRow.pid.in_(batch)))
        _write(session, batch)


def _write(session: Session, pids: list[str] | None) -> None:
    row = PropositionStanceRow
    control = select(PropositionRow.pid).where(PropositionRow.type == ClaimType.CONTROL.value)
    query = (
        select(row.pid, row.stance, row.source_group, row.event_date, func.count())
        .where(row.pid.in_(control))
        .group_by(row.pid, row.stance, row.source_group, row.event_date)
    )
    if pids is not None:
        query = query.where(row.pid.in_(pids))
    insert_rows(session, MapDayRow, day_rows(session.execute(query)))


def day_rows(counted: Iterable[tuple[str, str, str, date | None, int]]) -> list[dict[str, Any]]:
    """The rows of (proposition, stance, source, day, stances): each source counted once, on the
    first day it took the stance (None if it never did on a known day)."""
    stances: Counter[Day] = Counter()
    first: dict[tuple[str, str, str], date | None] = {}
    for pid, stance, source, day, count in counted:
        stances[(pid, stance, day)] += count
        known = first.get((pid, stance, source), day)
        first[(pid, stance, source)] = day if known is None else min(known, day or known)
    sources = Counter((pid, stance, day) for (pid, stance, _), day in first.items())
    return [
        {"pid": pid, "stance": stance, "day": day, "stances": count, "sources": sources[(pid, stance, day)]}
        for (pid, stance, day), count in stances.items()
    ]

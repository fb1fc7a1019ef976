"""Which stored meeting reports an incremental refresh groups again: only those a new one can move.

Meetings are grouped across keys (`claimscope.claims.verdicts`): a key's reports naming none of its
core people are split off; a report lacking the place or the day joins the meeting whose core
shares two of its people; a meeting a day from another at the same place, with two core people in
common, joins it. So a new report changes other meetings than its own key's, but only through
these links: keys it may join (two people in common; for a report giving no day, keys of the weeks
around its publication), reports that may join its key (two of the people its key names; of its
day, or giving none and published in those weeks), the keys a day before and after at its place,
reports left on their own
with the same key and people, and the meetings each report was in before. The reports closed under
these links are found through the indexes (claim keys, claim names, proposition stances; a key
without place or day is read whole, ids and participants only); grouping them alone gives their
meetings what grouping every report gives, in time that grows with the meetings a report touches,
not with the store. A link is followed through every person a key names rather than its core (a
superset), so no report that could move is missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from claimscope.claims.verdicts import MIN_SHARED_PARTICIPANTS as SHARED
from claimscope.claims.verdicts import REPORT_WINDOW
from claimscope.query.tables import chunks
from claimscope.records import ClaimType
from claimscope.store.models import ClaimNameRow, ClaimRow, DocumentRow, PropositionStanceRow

MEETING = ClaimType.MEETING.value
NAME_CHARS = 400  # a claim name as stored (claim_names clips them)


def meeting_claims(session: Session, seeds: Iterable[int]) -> set[int]:
    """The ids of the meeting claims to group again with ``seeds`` (those of new documents, and
    those of meetings a refresh recomputes for other reasons)."""
    found: set[int] = set()
    keys_read: set[str] = set()
    asked: set[tuple[str, frozenset[str], date | None]] = set()  # (what was asked, of which people, when)
    alike: dict[str, dict[frozenset[str], set[int]]] = {}  # a key without place or day: its claims by people
    todo = set(seeds)
    while todo:
        found |= todo
        rows = _rows(session, ClaimRow.id, todo)
        todo = _former_company(session, todo)
        keys = {k for _, key, _, _ in rows for k in _neighbours(key)} - keys_read
        keys_read |= keys
        rows += _rows(session, ClaimRow.key, keys)
        todo |= {claim_id for claim_id, _, _, _ in rows}
        named: dict[str, set[str]] = {}  # a key read whole this round: every person its claims name
        for _, key, people, published in rows:
            if key in keys:
                named.setdefault(key, set()).update(people)
            elif not _anchored(key):
                if key not in alike:
                    alike[key] = _by_people(_rows(session, ClaimRow.key, [key]))
                todo |= alike[key].get(frozenset(people), set())  # left on their own with it: same key, same people
                asking = ("anchors", frozenset(people), _day(key) or published)
                if asking not in asked:
                    asked.add(asking)
                    todo |= _anchors(session, frozenset(people), _day(key), published)
        for key, names in named.items():
            asking = ("reports", frozenset(names), _day(key))
            if asking not in asked:
                asked.add(asking)
                todo |= _reports(session, frozenset(names), _day(key))
        todo -= found
    return found


def _rows(session: Session, column: Any, values: Iterable[Any]) -> list[tuple[int, str, list[str], date | None]]:
    """Meeting claims by id or by key: their ids, keys, participants and publication dates."""
    rows: list[tuple[int, str, list[str], date | None]] = []
    for batch in chunks(sorted(values)):
        query = (
            select(ClaimRow.id, ClaimRow.key, ClaimRow.args, DocumentRow.published)
            .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
            .where(column.in_(batch), ClaimRow.type == MEETING)
        )
        rows += [(claim_id, key, _people(args), published) for claim_id, key, args, published in session.execute(query)]
    return rows


def _former_company(session: Session, ids: Iterable[int]) -> set[int]:
    """The claims that were in a meeting with these (what leaves a meeting changes it)."""
    found: set[int] = set()
    for batch in chunks(sorted(ids)):
        pids = select(PropositionStanceRow.pid).where(PropositionStanceRow.claim_id.in_(batch))
        found |= set(session.scalars(select(PropositionStanceRow.claim_id).where(PropositionStanceRow.pid.in_(pids))))
    return found


def _naming(people: frozenset[str], *when: Any) -> Any:
    """Meeting claims naming one of these people (and meeting the conditions ``when``): one row a
    claim and name."""
    return (
        select(ClaimNameRow.claim_id, ClaimNameRow.name, ClaimRow.key)
        .join(ClaimRow, ClaimRow.id == ClaimNameRow.claim_id)
        .where(ClaimNameRow.name.in_(sorted(p[:NAME_CHARS] for p in people)), ClaimRow.type == MEETING, *when)
        .subquery()
    )


def _reports(session: Session, people: frozenset[str], day: date | None) -> set[int]:
    """Reports without a place or a day that may join a key of this ``day`` whose claims name these
    people: those naming two of them, of that day, or giving none and published in the weeks
    around it (or undated)."""
    if len(people) < SHARED:
        return set()
    when: list[Any] = []
    if day is not None:
        published = select(DocumentRow.published).where(DocumentRow.id == ClaimNameRow.document_id).scalar_subquery()
        near = or_(published.between(day - REPORT_WINDOW, day + REPORT_WINDOW), published.is_(None))
        when.append(or_(ClaimNameRow.event_date == day, and_(ClaimNameRow.event_date.is_(None), near)))
    naming = _naming(people, *when)
    query = select(naming.c.claim_id, naming.c.key).group_by(naming.c.claim_id, naming.c.key)
    return {c for c, key in session.execute(query.having(func.count() >= SHARED)) if not _anchored(key)}


def _anchors(session: Session, people: frozenset[str], day: date | None, published: date | None) -> set[int]:
    """The claims of the keys (with place and day) that a report naming these people may join:
    keys whose claims, together, name two of them; of the report's day if it gives one, else of the
    weeks around its publication."""
    if len(people) < SHARED:
        return set()
    if day is not None:
        when = [ClaimNameRow.event_date == day]
    elif published is not None:
        when = [ClaimNameRow.event_date.between(published - REPORT_WINDOW, published + REPORT_WINDOW)]
    else:
        when = []
    naming = _naming(people, *when)
    query = select(naming.c.key).group_by(naming.c.key).having(func.count(func.distinct(naming.c.name)) >= SHARED)
    keys = [key for key in session.scalars(query) if _anchored(key)]
    return {claim_id for claim_id, _, _, _ in _rows(session, ClaimRow.key, keys)}


def _by_people(rows: list[tuple[int, str, list[str], date | None]]) -> dict[frozenset[str], set[int]]:
    found: dict[frozenset[str], set[int]] = {}
    for claim_id, _, people, _ in rows:
        found.setdefault(frozenset(people), set()).add(claim_id)
    return found


def _neighbours(key: str) -> list[str]:
    """An anchored key, and the keys of the same place a day before and after."""
    if not _anchored(key):
        return []
    _, place, day = key.split("|")[:3]
    try:
        when = date.fromisoformat(day)
    except ValueError:
        return [key]
    return [key, *(f"meeting|{place}|{when + timedelta(days=d)}" for d in (-1, 1))]


def _day(key: str) -> date | None:
    """The day a meeting key gives (None for "?")."""
    try:
        return date.fromisoformat(key.split("|")[2])
    except ValueError:
        return None


def _anchored(key: str) -> bool:
    return "?" not in key.split("|")


def _people(args: dict[str, str]) -> list[str]:
    return [p for p in args.get("participants", "").split("; ") if p]

"""Which stored meeting reports an incremental refresh groups again: only those a new one can move.

Meetings are grouped across keys (`claimscope.claims.verdicts`): a key's reports naming none of its
core people are split off; a report lacking the place or the day joins the meeting whose core
shares two of its people; a meeting a day from another at the same place, with two core people in
common, joins it. So a new report changes other meetings than its own key's, but only through
these links: keys it may join (two people in common; for a report giving no day, keys of the weeks
around its publication), reports that may join its key (two of the people its key names; of its
day, or giving none and published in those weeks), the keys a day before and after at its place,
reports left on their own with the same key and people (and month told, without a day), and the
meetings each report was in before. The reports closed under these links are found through the
indexes (claim keys, claim names, proposition stances; a key without place or day is read whole,
ids and participants only); grouping them alone gives their meetings what grouping every report
gives, in time that grows with the meetings a report touches, not with the store. A link is
followed through every person a key names rather than its core (a superset), so no report that
could move is missed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimscope.claims.verdicts import MIN_SHARED_PARTICIPANTS as SHARED
from claimscope.claims.verdicts import REPORT_WINDOW, told_in
from claimscope.query.tables import chunks
from claimscope.records import ClaimType
from claimscope.store.models import ClaimNameRow, ClaimRow, DocumentRow, PropositionStanceRow

MEETING = ClaimType.MEETING.value
NAME_CHARS = 400  # a claim name as stored (claim_names clips them)


def meeting_claims(session: Session, seeds: Iterable[int]) -> set[int]:
    """The ids of the meeting claims to group again with ``seeds`` (those of new documents, and
    those of meetings a refresh recomputes for other reasons).

    Two kinds of links are followed. Every meeting read is read whole (the reports it holds, its
    key, and the keys a day before and after at its place, which it may join or gather). But only
    a report that may move is looked up where it may go (the keys it may join, the reports left on
    their own with it): the new reports, and the reports that may join a key the new reports
    change (which alone change a key's core people or its size). A report read because its meeting
    is read stays in it: what ranks that meeting first for it is unchanged, and a changed key that
    could now outrank it would have counted the report among those that may join it."""
    seeds = set(seeds)
    found: set[int] = set()
    keys_read: set[str] = set()
    meetings_read: set[str] = set()
    alike: dict[str, dict[tuple[frozenset[str], str], set[int]]] = {}  # a key without place or day: by meeting alone
    named_by = _Named(session)
    read = _Rows(session)
    changed = {key for _, key, _, _, _ in read.ids(seeds) if _anchored(key)}
    movable, placed = set(seeds), set[int]()  # reports that may move, and those looked up
    joinable: set[str] = set()  # keys a report that may move may join: read whole with the next round's
    todo = set(seeds)
    while todo or joinable or movable - placed:
        found |= todo
        rows = read.ids(todo)
        todo = _former_company(session, todo, meetings_read)
        anchored = {key for _, key, _, _, _ in rows} | joinable
        keys = {k for key in anchored for k in _neighbours(key)} - keys_read
        keys_read |= keys
        named: dict[str, set[str]] = {}  # a changed key read whole: every person its claims name
        for claim_id, key, people, _, _ in read.keys(keys):
            todo.add(claim_id)
            if key in changed:
                named.setdefault(key, set()).update(people)
        for key, names in named.items():
            movable |= named_by.reports(frozenset(names), _day(key))
        joinable = set()
        asked, placed = movable - placed, placed | movable  # an id no claim has any more is asked once
        for claim_id, key, people, published, document in read.ids(asked):
            todo.add(claim_id)
            if _anchored(key):
                continue
            if key not in alike:
                alike[key] = _by_people(read.keys([key]))
            # left on their own with it: same key, same people, told in the same month if no day
            movable |= alike[key].get((frozenset(people), _told(key, published, document)), set())
            joinable |= named_by.anchors(frozenset(people), _day(key), published)
        joinable -= keys_read
        todo -= found
    return found


Row = tuple[int, str, list[str], date | None, str]  # a meeting claim's id, key, participants, publication, article


class _Rows:
    """Meeting claims by id or by key, each read once a refresh: a claim read with its key (a
    meeting read whole) is asked for again by id as the links are followed (four reads of each of
    a 100,000-document store's meeting claims, before)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[int, Row] = {}

    def ids(self, ids: Iterable[int]) -> list[Row]:
        ids = set(ids)
        self._read(ClaimRow.id, ids - self.known.keys())
        return [self.known[i] for i in ids if i in self.known]  # those that are meeting claims

    def keys(self, keys: Iterable[str]) -> list[Row]:
        return self._read(ClaimRow.key, keys)

    def _read(self, column: Any, values: Iterable[Any]) -> list[Row]:
        rows: list[Row] = []
        for batch in chunks(sorted(values)):
            query = (
                select(ClaimRow.id, ClaimRow.key, ClaimRow.args, DocumentRow.published, ClaimRow.document_id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(column.in_(batch), ClaimRow.type == MEETING)
            )
            for claim_id, key, args, published, document in self.session.execute(query):
                row = self.known.get(claim_id) or (claim_id, key, _people(args), published, document)
                self.known[claim_id] = row
                rows.append(row)
        return rows


def _former_company(session: Session, ids: Iterable[int], read: set[str]) -> set[int]:
    """The claims that were in a meeting with these (what leaves a meeting changes it), of the
    meetings not ``read`` before (each meeting's claims are read once, however many of them ask)."""
    pids: set[str] = set()
    for claims in chunks(sorted(ids)):
        pids |= set(
            session.scalars(
                select(PropositionStanceRow.pid).where(PropositionStanceRow.claim_id.in_(claims)).distinct()
            )
        )
    pids -= read
    read |= pids
    found: set[int] = set()
    for meetings in chunks(sorted(pids)):
        found |= set(
            session.scalars(select(PropositionStanceRow.claim_id).where(PropositionStanceRow.pid.in_(meetings)))
        )
    return found


class _Named:
    """Which meeting claims name each person, read once a refresh, a name at a time: the links of a
    report (the keys it may join, the reports that may join a key) are asked for thousands of
    times over the same few people, and each ask was a query grouping every claim naming them
    (a 1,000-document batch at the end of a 100,000-document store asked for 25 minutes)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.keys: dict[str, dict[date | None, set[str]]] = {}  # name -> claim date -> keys
        self.dated: dict[str, dict[date, set[int]]] = {}  # name -> date -> reports without place or day
        self.undated: dict[str, dict[date | None, set[int]]] = {}  # name -> publication -> undated reports
        self.asked: dict[tuple[frozenset[str], date | None, date | None], set[str]] = {}

    def _read(self, name: str) -> None:
        keys: dict[date | None, set[str]] = defaultdict(set)
        dated: dict[date, set[int]] = defaultdict(set)
        undated: dict[date | None, set[int]] = defaultdict(set)
        query = (
            select(ClaimNameRow.claim_id, ClaimRow.key, ClaimNameRow.event_date, DocumentRow.published)
            .join(ClaimRow, ClaimRow.id == ClaimNameRow.claim_id)
            .outerjoin(DocumentRow, DocumentRow.id == ClaimNameRow.document_id)
            .where(ClaimNameRow.name == name, ClaimRow.type == MEETING)
        )
        for claim_id, key, when, published in self.session.execute(query):
            keys[when].add(key)
            if _anchored(key):
                continue
            if when is not None:
                dated[when].add(claim_id)
            else:
                undated[published].add(claim_id)
        self.keys[name], self.dated[name], self.undated[name] = keys, dated, undated

    def _names(self, people: frozenset[str]) -> list[str]:
        names = sorted({p[:NAME_CHARS] for p in people})
        for name in names:
            if name not in self.keys:
                self._read(name)
        return names

    def reports(self, people: frozenset[str], day: date | None) -> set[int]:
        """Reports without a place or a day that may join a key of this ``day`` whose claims name
        these people: those naming two of them, of that day, or giving none and published in the
        weeks around it (or undated)."""
        if len(people) < SHARED:
            return set()
        counts: Counter[int] = Counter()
        for name in self._names(people):
            dated, undated = self.dated[name], self.undated[name]
            if day is None:
                found = set().union(*dated.values(), *undated.values())
            else:
                found = dated.get(day, set()) | undated.get(None, set())
                found = found.union(*(undated.get(d, ()) for d in _weeks_around(day)))
            counts.update(found)
        return {claim_id for claim_id, count in counts.items() if count >= SHARED}

    def anchors(self, people: frozenset[str], day: date | None, published: date | None) -> set[str]:
        """The keys (with place and day) that a report naming these people may join: keys whose
        claims, together, name two of them; of the report's day if it gives one, else of the weeks
        around its publication (worked out once for each)."""
        asked = (people, day, published)
        if asked not in self.asked:
            self.asked[asked] = self._anchors(people, day, published)
        return self.asked[asked]

    def _anchors(self, people: frozenset[str], day: date | None, published: date | None) -> set[str]:
        if len(people) < SHARED:
            return set()
        counts: Counter[str] = Counter()
        for name in self._names(people):
            keys = self.keys[name]
            if day is not None:
                found = keys.get(day, set())
            elif published is not None:
                found = set().union(*(keys.get(d, ()) for d in _weeks_around(published)))
            else:
                found = set().union(*keys.values())
            counts.update(key for key in found if _anchored(key))
        return {key for key, count in counts.items() if count >= SHARED}


def _weeks_around(day: date) -> list[date]:
    """The days within REPORT_WINDOW of ``day``."""
    return [day + timedelta(days=d) for d in range(-REPORT_WINDOW.days, REPORT_WINDOW.days + 1)]


def _by_people(rows: list[Row]) -> dict[tuple[frozenset[str], str], set[int]]:
    """A key's reports by the meeting each is when left on its own: its people (and month told)."""
    found: dict[tuple[frozenset[str], str], set[int]] = {}
    for claim_id, key, people, published, document in rows:
        found.setdefault((frozenset(people), _told(key, published, document)), set()).add(claim_id)
    return found


def _told(key: str, published: date | None, document: str) -> str:
    """What tells a report's meeting apart when left on its own (`claims.verdicts.told_in`)."""
    _, place, when = key.split("|")[:3]
    return told_in(published, place, when, document)


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

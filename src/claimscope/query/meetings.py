"""Which stored meeting reports an incremental refresh groups again: the meetings new reports change.

How reports make meetings (`claims.same_meeting`) decides each thing from the keys (place and
day) around it: a key's tally (its core people and size) from its own reports, a report's meeting
from the tallies of the keys it may join, the day a key is merged into from the tallies of the
keys within two days. So the meetings new reports change are found by working out those
decisions again for what they touch, from the tallies alone:
- each key whose reports changed (``retold``: the new reports' keys, and those of the reports
  replaced documents had), with the keys within two days of it (which may now be merged into
  another), and the reports lacking a place or a day that may now join it (naming two of its
  people, of its day or of the weeks around it);
- for each report read that lacks a place or a day, the key it joins now, or, joining none, the
  reports left on their own with it;
- for each key read, the key it is merged into now.
Each is read whole: every report of a key, and every report of the meeting each report was in
(what leaves a meeting changes it). Grouping these alone, with the tallies of the keys around them
(``Regrouped.nearby``), gives their meetings what grouping every report gives: a report read
joins, of the keys read, the one it joins of all (that key is read, and the others' tallies are
whole), and a key read is merged into one read. What is read grows with the meetings new reports
change and the keys around them, not with the store (a walk along every day a place has meetings
on, before).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from claimscope.claims.same_meeting import (
    MIN_SHARED_PARTICIPANTS,
    REPORT_WINDOW,
    Anchors,
    KeyTally,
    Report,
    anchored,
    day_before_and_after,
    key_day,
    key_tally,
    merged_into,
    named_in,
    own_meeting,
    planned,
)
from claimscope.query.tables import chunks, pid
from claimscope.records import ClaimType
from claimscope.store.models import ClaimNameRow, ClaimRow, DocumentRow, PropositionStanceRow
from claimscope.store.rows import NAME_CHARS

MEETING = ClaimType.MEETING.value


class Regrouped(NamedTuple):
    """The meeting claims to group again, and the tallies of the keys around theirs."""

    claims: set[int]
    nearby: dict[str, KeyTally]


def meeting_claims(
    session: Session, seeds: Iterable[int], retold: Iterable[str], taken: ColumnElement[bool]
) -> Regrouped:
    """The meeting claims to group again with ``seeds`` (those of new documents, and those of
    meetings a refresh recomputes for other reasons), ``retold`` the keys whose reports changed;
    only those of the documents ``taken`` are read (on PostgreSQL an ingest beside the refresh
    stores reports that the next refresh takes in: they are not in the tallies either)."""
    closure = _Closure(session, taken)
    return Regrouped(closure.run(set(seeds), {key for key in retold if anchored(key)}), closure.tallies)


class Row(NamedTuple):
    """A stored meeting report: what grouping it reads."""

    id: int
    key: str
    people: frozenset[str]
    published: date | None
    document: str
    planned: bool


class _Closure:
    """One refresh's walk: what it has read, and the tallies and choices worked out on the way."""

    def __init__(self, session: Session, taken: ColumnElement[bool]) -> None:
        self.session = session
        self.read = _Rows(session, taken)
        self.named_by = _Named(session)  # its links to reports not taken in lead nowhere: `_Rows` reads taken ones
        self.tallies: dict[str, KeyTally] = {}
        self.chosen: dict[Report, str | None] = {}
        self.whole: set[str] = set()  # keys every report of which is read
        self.meetings: set[str] = set()  # stored meetings every report of which is read

    def run(self, seeds: set[int], retold: set[str]) -> set[int]:
        found: set[int] = set()
        keys = {key for changed in retold for key in _within_two_days(changed)}
        todo = set(seeds)
        for key in retold:
            named = frozenset(person for row in self.read.keys([key]) for person in row.people)
            if (day := key_day(key)) is not None:  # (an anchored key's day is a date: claims.meeting writes it)
                todo |= self.named_by.reports(named, day)
        while todo or keys:
            found |= todo
            meetings: set[str] = set()
            for row in self.read.ids(todo):
                if anchored(row.key):
                    keys.add(row.key)
                elif (joined := self._joins(row)) is not None:
                    keys.add(joined)
                else:  # its own meeting, with the reports left on their own with it
                    meetings.add(pid(own_meeting(row.key, row.people, row.published, row.document)))
            todo = self._members(todo, meetings)
            keys -= self.whole
            self.whole |= keys
            self._tally([k for key in keys for k in _within_two_days(key)])
            todo |= {row.id for row in self.read.keys(keys)}
            keys = {parent for key in keys if key in self.tallies and (parent := merged_into(key, self.tallies))}
            todo -= found
        return found

    def _joins(self, row: Row) -> str | None:
        """The key a report lacking a place or a day joins, from the tallies of those it may join
        (keys whose reports name two of its people, of its day or the weeks around its publication)."""
        _, place, when = row.key.split("|")[:3]
        report = Report(row.people, place, when, row.published, row.planned)
        if report not in self.chosen:
            candidates = self.named_by.anchors(row.people, key_day(row.key), row.published)
            self._tally(candidates)
            self.chosen[report] = Anchors({k: self.tallies[k] for k in candidates if k in self.tallies}).choose(report)
        return self.chosen[report]

    def _tally(self, keys: Iterable[str]) -> None:
        """The tallies of these keys (those with reports), each worked out once."""
        wanted = set(keys) - self.tallies.keys()
        people: dict[str, list[frozenset[str]]] = defaultdict(list)
        for row in self.read.keys(wanted):
            people[row.key].append(row.people)
        self.tallies.update({key: key_tally(named) for key, named in people.items()})

    def _members(self, ids: Iterable[int], meetings: set[str]) -> set[int]:
        """The claims of the stored meetings these claims were in, and of these meetings, of those
        not read before."""
        for claims in chunks(sorted(ids)):
            meetings |= set(
                self.session.scalars(
                    select(PropositionStanceRow.pid).where(PropositionStanceRow.claim_id.in_(claims)).distinct()
                )
            )
        meetings -= self.meetings
        self.meetings |= meetings
        found: set[int] = set()
        for batch in chunks(sorted(meetings)):
            found |= set(
                self.session.scalars(select(PropositionStanceRow.claim_id).where(PropositionStanceRow.pid.in_(batch)))
            )
        return found


class _Rows:
    """Meeting claims by id or by key, of the documents taken in, each read once a refresh (a claim
    read with its key is asked for again by id as the links are followed)."""

    def __init__(self, session: Session, taken: ColumnElement[bool]) -> None:
        self.session = session
        self.taken = taken
        self.known: dict[int, Row] = {}
        self.by_key: dict[str, list[Row]] = {}

    def ids(self, ids: Iterable[int]) -> list[Row]:
        ids = set(ids)
        self._read(ClaimRow.id, ids - self.known.keys())
        return [self.known[i] for i in ids if i in self.known]  # those that are meeting claims

    def keys(self, keys: Iterable[str]) -> list[Row]:
        keys = set(keys)
        for row in self._read(ClaimRow.key, keys - self.by_key.keys()):
            self.by_key.setdefault(row.key, []).append(row)
        return [row for key in keys for row in self.by_key.setdefault(key, [])]

    def _read(self, column: Any, values: Iterable[Any]) -> list[Row]:
        rows: list[Row] = []
        for batch in chunks(sorted(values)):
            query = (
                select(
                    ClaimRow.id,
                    ClaimRow.key,
                    ClaimRow.args,
                    DocumentRow.published,
                    ClaimRow.document_id,
                    ClaimRow.hedges,
                )
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(column.in_(batch), ClaimRow.type == MEETING, self.taken)
            )
            for claim_id, key, args, published, document, hedges in self.session.execute(query):
                row = self.known.get(claim_id) or Row(
                    claim_id, key, frozenset(named_in(args)), published, document, planned(hedges)
                )
                self.known[claim_id] = row
                rows.append(row)
        return rows


class _Named:
    """Which meeting claims name each person, around the days asked for, each day read once a
    refresh: the links of a report (the keys it may join, the reports that may join a key) are
    asked for thousands of times over the same few people and days. A name's claims of a day are
    a range of the index (name, own, event_date), its undated ones published on a day a range of
    (name, published): what is read grows with the days asked for, not with the store (every
    claim naming each person was read before: 174,000 rows for one name at 100,000 documents)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.days: dict[str, set[date]] = defaultdict(set)  # name -> claim dates read
        self.every_day: set[str] = set()  # names all the dated claims of which are read
        self.published: dict[str, set[date | None]] = defaultdict(set)  # name -> publications read
        self.keys: dict[str, dict[date | None, set[str]]] = defaultdict(lambda: defaultdict(set))  # anchored keys
        self.dated: dict[str, dict[date | None, set[int]]] = defaultdict(lambda: defaultdict(set))  # without a place
        self.undated: dict[str, dict[date | None, set[int]]] = defaultdict(lambda: defaultdict(set))  # by publication
        self.asked: dict[tuple[frozenset[str], date | None, date | None], set[str]] = {}

    def _read_days(self, name: str, days: Iterable[date] | None) -> None:
        """The claims naming ``name`` dated one of these ``days`` (None: of any day)."""
        if name in self.every_day:
            return
        if days is None:
            when = ClaimNameRow.event_date.is_not(None)
            self.every_day.add(name)
        elif wanted := set(days) - self.days[name]:
            when = ClaimNameRow.event_date.in_(sorted(wanted))
            self.days[name] |= wanted
        else:
            return
        query = (
            select(ClaimNameRow.claim_id, ClaimRow.key, ClaimNameRow.event_date)
            .join(ClaimRow, ClaimRow.id == ClaimNameRow.claim_id)
            .where(ClaimNameRow.name == name, ClaimNameRow.own.in_((False, True)), when, ClaimRow.type == MEETING)
        )
        for claim_id, key, day in self.session.execute(query):
            if anchored(key):
                self.keys[name][day].add(key)
            else:
                self.dated[name][day].add(claim_id)

    def _read_published(self, name: str, days: Iterable[date | None]) -> None:
        """The undated claims naming ``name`` whose document was published one of these ``days``."""
        wanted = set(days) - self.published[name]
        if not wanted:
            return
        self.published[name] |= wanted
        # the days, and no publication: each a range of ix_claim_names_undated (an OR of the two is not)
        ranges = []
        if dates := sorted(day for day in wanted if day is not None):
            ranges.append(ClaimNameRow.published.in_(dates))
        if None in wanted:
            ranges.append(ClaimNameRow.published.is_(None))
        for on in ranges:
            query = (
                select(ClaimNameRow.claim_id, ClaimRow.key, ClaimNameRow.published)
                .join(ClaimRow, ClaimRow.id == ClaimNameRow.claim_id)
                .where(ClaimNameRow.name == name, ClaimNameRow.event_date.is_(None), on, ClaimRow.type == MEETING)
            )
            for claim_id, key, published in self.session.execute(query):
                if not anchored(key):  # (an undated claim's key gives no day)
                    self.undated[name][published].add(claim_id)

    def reports(self, people: frozenset[str], day: date) -> set[int]:
        """Reports without a place or a day that may join a key of this ``day`` whose claims name
        these people: those naming two of them, of that day, or giving none and published in the
        weeks around it (or undated)."""
        if len(people) < MIN_SHARED_PARTICIPANTS:
            return set()
        around: list[date | None] = [*_weeks_around(day), None]
        counts: Counter[int] = Counter()
        for name in _names(people):
            self._read_days(name, [day])
            self._read_published(name, around)
            dated, undated = self.dated[name], self.undated[name]
            counts.update(dated.get(day, set()).union(*(undated.get(d, ()) for d in around)))
        return {claim_id for claim_id, count in counts.items() if count >= MIN_SHARED_PARTICIPANTS}

    def anchors(self, people: frozenset[str], day: date | None, published: date | None) -> set[str]:
        """The keys (with place and day) that a report naming these people may join: keys whose
        claims, together, name two of them; of the report's day if it gives one, else of the weeks
        around its publication (worked out once for each)."""
        asked = (people, day, published)
        if asked not in self.asked:
            self.asked[asked] = self._anchors(people, day, published)
        return self.asked[asked]

    def _anchors(self, people: frozenset[str], day: date | None, published: date | None) -> set[str]:
        if len(people) < MIN_SHARED_PARTICIPANTS:
            return set()
        days = [day] if day is not None else _weeks_around(published) if published is not None else None
        counts: Counter[str] = Counter()
        for name in _names(people):
            self._read_days(name, days)
            keys = self.keys[name]
            found = keys.values() if days is None else [keys.get(d, set()) for d in days]
            counts.update(set().union(*found))
        return {key for key, count in counts.items() if count >= MIN_SHARED_PARTICIPANTS}


def _names(people: frozenset[str]) -> list[str]:
    """The names as claim_names stores them."""
    return sorted({p[:NAME_CHARS] for p in people})


def _weeks_around(day: date) -> list[date]:
    """The days within REPORT_WINDOW of ``day``."""
    return [day + timedelta(days=d) for d in range(-REPORT_WINDOW.days, REPORT_WINDOW.days + 1)]


def _within_two_days(key: str) -> list[str]:
    """An anchored key, and the keys of its place a day and two days before and after it."""
    near = day_before_and_after(key)
    return [key, *near, *(far for other in near for far in day_before_and_after(other) if far != key)]

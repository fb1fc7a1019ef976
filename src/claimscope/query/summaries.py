"""Verdicts of much-told propositions summed in the store, not recomputed from every claim.

A relation, role or place reported by tens of thousands of articles ("Steve Witkoff, Trump's
envoy") is touched by most new batches; recomputing it built every claim's record and rewrote
every stance. A full computation would leave its stored stances in the same order, the new
statements among those of their days (news is later than the store: mostly the last day's). So
the new stance rows are written in the gaps between the stored ones' positions (`tables.GAP`:
none of them moves), and what the verdict's wording reads of
its rows (`claims.reasons.Tally`: the sources taking each stance, the statements, articles,
groups counted once, the latest statement, the sides asserting it) is summed by grouped queries on
the stance rows (`query.tallies`; a regrouping relabels their sources in place), which give the
same verdict. Those queries still read every stance of the proposition (one grouped pass, and the
latest statement and first articles: some 0.25 s for 46,000): a step towards a refresh that does
not grow with the store, not the end (docs/scaling.md).

A proposition with statements of an undated article (its day estimated from its other
statements), with a stance of an article analysed again, or whose first statement (whose
arguments it shows) may give way to one with other arguments, is recomputed whole from its
claims, as before. Where the new statements move the median day so that a stored statement's
unresolved day ("mardi", read against it) falls on another day, those few stances are dated again
in place and sorted among the others with the new ones (weekdays are common in much-told
propositions: recomputing those whole read tens of thousands of claims a refresh), unless such a
stance's article has another among those it sorts among (a full refresh orders an article's
statements by where each stands in it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, insert, or_, select, update
from sqlalchemy.orm import Session

from claimscope.claims.datelines import TOLD
from claimscope.claims.misdated import DATED_TYPES, compared
from claimscope.claims.reasons import judged
from claimscope.claims.verdicts import dated_against, dated_alone, read_against
from claimscope.entities.kb import KnowledgeBase
from claimscope.query.records import STATUS_ORDER
from claimscope.query.tables import GAP, STANCE_COLUMNS, chunks, named_with, one_of, pid, stance_values
from claimscope.query.tallies import claims_by_id, tally
from claimscope.records import Stance, StanceRow, Verdict
from claimscope.store.convert import ClaimReader
from claimscope.store.models import ClaimRow, DocumentRow, PropositionRow, PropositionStanceRow

MANY = 500  # stored stances from which a proposition is summed rather than recomputed from its claims
DATED = {kind.value for kind in DATED_TYPES}  # propositions whose day sources can contradict
_said = func.coalesce(ClaimRow.date_text, "") != ""  # the statement's words give a day

New = tuple[StanceRow, int]  # a new statement of a proposition, as a verdict dates it, and its claim's row id
Placed = tuple[int, int, date, str]  # a stored stance row: its id, position, day and article


@dataclass
class Appended:
    """A proposition whose new statements are placed among the ``tail`` of its stored stances
    (those of the first day a new statement takes, or a ``redated`` one leaves or takes, and
    after), after the stance at position ``preceding`` (None: the tail comes first); ``anchor``:
    the median day its statements' unresolved days are read against, the new ones counted;
    ``redated``: the stored statements (by stance row id) whose unresolved day reads as another
    day against it, dated again."""

    key: str
    preceding: int | None
    new: list[New]
    anchor: date | None
    tail: list[Placed]
    redated: dict[int, StanceRow]


def appendable(session: Session, told: Mapping[str, list[New]], stale: Collection[str]) -> dict[str, Appended]:
    """Which of these propositions can be summed, with their new statements (as stored, with their
    claims' row ids): stored with MANY stances or more, not ``stale``, none of an undated article
    (its day is estimated from its other statements), each stored statement whose unresolved day
    reads as another day against the moved median (re-dated) alone of its article among the stances
    it sorts among, and its first statement (whose arguments the proposition shows) staying first,
    or each statement that may replace it showing the same arguments."""
    by_pid = {pid(key): key for key in told if pid(key) not in stale}
    counted: dict[str, dict[str, str]] = {}  # their arguments
    for batch in chunks(sorted(by_pid)):
        query = select(PropositionRow.pid, PropositionRow.args)
        query = query.where(PropositionRow.pid.in_(batch), PropositionRow.stances >= MANY)
        counted |= {key_id: args for key_id, args in session.execute(query)}
    keys = {by_pid[p] for p in counted if all(row.published for row, _ in told[by_pid[p]])}
    keys -= _undated_articles(session, keys)
    days, unresolved = _days(session, keys)
    found = {}
    for key in sorted(keys):
        stored = days.get(key, Counter())
        # the new statements' unresolved days are read against the median they move, as a full refresh reads them
        anchor = _median(stored + Counter(row.claim.date for row, _ in told[key] if row.claim.date))
        before = _median(stored)
        moved = {text for text in unresolved[key] if read_against(text, before) != read_against(text, anchor)}
        redated, left = _redated(session, pid(key), moved, anchor) if moved else ({}, [])
        if None in left:
            continue  # a stance "as of a day" (none is, but of undated articles): it would not be in the tail
        new = _ordered(told[key], anchor)
        first = min([row.claim.date or date.max for row, _ in new[:1]] + [d for d in left if d], default=date.max)
        first = min([first] + [row.claim.date or date.max for row in redated.values()])
        tail, preceding = _tail(session, pid(key), first)
        if redated and not _apart(tail, redated):
            continue  # a re-dated statement would sort among its article's others by where each stands in it
        order = [_order(row, 1, 0) for row, _ in new[:1]]
        order += [_order(redated[row_id], 0, position) for row_id, position, _, _ in tail if row_id in redated]
        if tail and preceding is None and (tail[0][0] in redated or min(order) < (*tail[0][2:4], 0, 0)):
            # another statement may come first: the proposition shows its arguments
            firsts = [row.claim.args for row, _ in new[:1]] + [row.claim.args for row in redated.values()]
            firsts += [_first_args(session, pid(key), redated)] if tail[0][0] in redated else []
            if any(dict(first) != counted[pid(key)] for first in firsts):
                continue
        found[key] = Appended(key, preceding, new, anchor, tail, redated)
    return found


def _first_args(session: Session, key_id: str, redated: Collection[int]) -> dict[str, str]:
    """The arguments of the first stored statement of a proposition that is not re-dated."""
    query = (
        select(ClaimRow.args)
        .join(PropositionStanceRow, PropositionStanceRow.claim_id == ClaimRow.id)
        .where(PropositionStanceRow.pid == key_id, ~one_of(session, PropositionStanceRow.id, redated))
        .order_by(PropositionStanceRow.position)
        .limit(1)
    )
    return dict(session.scalar(query) or {})


def _apart(tail: list[Placed], redated: Collection[int]) -> bool:
    """Whether each re-dated stance is its article's only one among these."""
    articles = Counter(doc for _, _, _, doc in tail)
    return all(articles[doc] == 1 for row_id, _, _, doc in tail if row_id in redated)


def _order(row: StanceRow, is_new: int, at: int) -> tuple[date, str, int, int]:
    """Where a statement sorts in a verdict: by day, article, then (an article's) ``at``."""
    return (row.claim.date or date.max, row.document, is_new, at)


def _tail(session: Session, key_id: str, day: date) -> tuple[list[Placed], int | None]:
    """The stored stances of ``day`` and after, in order (those the new statements sort among),
    and the position of the last stance before them (None: they are the first)."""
    rows = session.execute(
        select(
            PropositionStanceRow.id,
            PropositionStanceRow.position,
            PropositionStanceRow.event_date,
            PropositionStanceRow.document_id,
        )
        .where(PropositionStanceRow.pid == key_id, PropositionStanceRow.event_date >= day)
        .order_by(PropositionStanceRow.position)
    )
    tail = [(row_id, position, when, document) for row_id, position, when, document in rows if when is not None]
    before = [PropositionStanceRow.position < tail[0][1]] if tail else []
    last = select(func.max(PropositionStanceRow.position)).where(PropositionStanceRow.pid == key_id, *before)
    return tail, session.scalar(last)


def _redated(
    session: Session, key_id: str, texts: Collection[str], anchor: date | None
) -> tuple[dict[int, StanceRow], list[date | None]]:
    """The stored statements whose unresolved day is one of these words, dated against ``anchor``
    (by stance row id), and the days their stance rows give (which they leave)."""
    found, left = {}, []
    conditions = (ClaimRow.event_date.is_(None), ClaimRow.date_text.in_(sorted(texts)))
    for stance_id, stored, row in _statements(session, key_id, *conditions):
        found[stance_id] = dated_alone(dated_against(row, anchor))
        left.append(stored)
    return found, left


def _statements(session: Session, key_id: str, *conditions: Any) -> Iterator[tuple[int, date | None, StanceRow]]:
    """The stored statements of a proposition that meet these conditions, in order, each with its
    stance row's id and day (the day its verdict read), the statement as its claim is stored (an
    unresolved day not read)."""
    reader = ClaimReader()
    query = (
        select(*reader.columns())
        .add_columns(DocumentRow.site, DocumentRow.published, PropositionStanceRow.id, PropositionStanceRow.event_date)
        .join(PropositionStanceRow, PropositionStanceRow.claim_id == ClaimRow.id)
        .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        .where(PropositionStanceRow.pid == key_id, *conditions)
        .order_by(PropositionStanceRow.position)
    )
    for row in session.execute(query):
        stance = StanceRow(row.document_id, row.site, row.published, reader(row), "")
        yield row[-2], row[-1], stance


def _ordered(rows: list[New], anchor: date | None) -> list[New]:
    """New statements dated as a verdict dates them (unresolved days read against ``anchor``), in
    the verdict's order (the day, the article, then where each claim stands in it)."""
    dated = [(dated_alone(dated_against(row, anchor)), row_id) for row, row_id in rows]
    return sorted(dated, key=lambda i: (i[0].claim.date or date.max, i[0].document, i[0].claim.span.start, i[1]))


def _median(days: Counter[date]) -> date | None:
    """`claims.verdicts.median_day` of days counted."""
    ordered = sorted(days.items())
    rank = sum(days.values()) // 2
    for day, count in ordered:
        if rank < count:
            return day
        rank -= count
    return None


def _days(session: Session, keys: set[str]) -> tuple[dict[str, Counter[date]], dict[str, set[str]]]:
    """The days the stored statements of these propositions give, counted; and the words of the
    days they give that their words alone leave unresolved ("mardi")."""
    found: dict[str, Counter[date]] = defaultdict(Counter)
    unresolved: dict[str, set[str]] = defaultdict(set)
    # the documents not taken in yet (the new ones, and any an ingest beside the refresh commits):
    # a few, where joining every claim to its document to ask took 2 to 3 s at 100,000 documents
    unstored = select(DocumentRow.id).where(DocumentRow.materialised.is_(False))
    words = case((ClaimRow.event_date.is_(None), ClaimRow.date_text))
    for batch in chunks(sorted(keys)):
        for key, day, text, count in session.execute(
            select(ClaimRow.key, ClaimRow.event_date, words, func.count())
            .where(ClaimRow.key.in_(batch), ClaimRow.document_id.not_in(unstored))
            .where(or_(ClaimRow.event_date.is_not(None), _said))
            .group_by(ClaimRow.key, ClaimRow.event_date, words)
        ):
            if day is None:
                unresolved[key].add(text)
            else:
                found[key][day] = count
    return found, unresolved


def _undated_articles(session: Session, keys: set[str]) -> set[str]:
    """Propositions with a statement of an undated article (its day estimated from its others)."""
    found: set[str] = set()
    for batch in chunks(sorted(keys)):
        found |= set(
            session.scalars(
                select(ClaimRow.key)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(ClaimRow.key.in_(batch), DocumentRow.published.is_(None))
                .distinct()
            )
        )
    return found


def worded(session: Session, summed: Mapping[str, Appended], datelined: Collection[str]) -> dict[str, list[StanceRow]]:
    """The stored statements of these propositions that name their own day, in order: what the
    flags of new articles read of a proposition besides their own statements (the days sources
    give): for the date conflicts of a dated kind (a place's capture) where a new statement's day
    is compared with theirs (asserted ones only: `claims.misdated.compared`), for the datelines of
    the new articles that have one (``datelined``: what the others report happened, denied or not,
    on a day of their own words: `claims.datelines` reads no other)."""
    found: dict[str, list[StanceRow]] = defaultdict(list)
    for key, appended in sorted(summed.items()):
        new = [row for row, _ in appended.new]
        read = []
        if any(row.document in datelined for row in new):  # what they say happened, on a day of their own words
            read.append(and_(ClaimRow.stance.in_([s.value for s in TOLD]), ClaimRow.event_date.is_not(None)))
        if key.split("|")[0] in DATED and any(compared(row.claim) for row in new):
            read.append(ClaimRow.stance == Stance.ASSERTS.value)  # their day read against the others' if need be
        if not read:
            continue  # no flag of a new article reads the stored statements
        for _, _, stance in _statements(session, pid(key), _said, or_(*read)):
            found[key].append(dated_against(stance, appended.anchor))
    return found


def write_summed(
    session: Session,
    summed: Mapping[str, Appended],
    worded: Mapping[str, list[StanceRow]],
    sources: Mapping[str, str],
    kb: KnowledgeBase,
) -> list[tuple[Verdict, int]]:
    """Append the new stances, then each proposition's verdict from its stance rows; the verdicts
    returned hold the rows flags read (the stored ones naming their day, and the new ones), each
    with its number of stances (where a full refresh lists it among the others: flags that two
    verdicts could raise go to the first)."""
    found = []
    for key, appended in sorted(summed.items()):
        key_id = pid(key)
        _place(session, key_id, appended, sources)
        first, told = tally(session, key_id)
        status, reason, count = judged(told, kb)
        new = [row for row, _ in appended.new]
        _update(session, key_id, (status, count, reason), told.statements, new, bool(appended.redated))
        rows = _merged(worded.get(key, []), new)
        found.append((Verdict(key, first.type, dict(first.args), status, count, rows, reason), told.statements))
    return found


def _place(session: Session, key_id: str, appended: Appended, sources: Mapping[str, str]) -> None:
    """The new stance rows written among the stored ones of their days, in the gaps between their
    positions, and the re-dated ones moved to their new place, with their new day and words (the
    other stored ones stay where they are: `_positions`)."""
    redated = appended.redated
    order = sorted(
        [
            (_order(redated[row_id], 0, position) if row_id in redated else (when, doc, 0, position), row_id, position)
            for row_id, position, when, doc in appended.tail
        ]
        + [(_order(row, 1, at), 0, at) for at, (row, _) in enumerate(appended.new)]
    )
    staying = [None if is_new or row_id in redated else at for (_, _, is_new, _), row_id, at in order]
    moved: list[dict[str, Any]] = []
    dated: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    for position, ((_, _, is_new, _), row_id, at) in zip(_positions(appended.preceding, staying), order, strict=True):
        if is_new or row_id in redated:
            row, claim_id = appended.new[at] if is_new else (redated[row_id], 0)
            values = dict(zip(STANCE_COLUMNS, stance_values(key_id, position, claim_id, row, sources), strict=True))
            if is_new:
                added.append(values)
            else:  # a re-dated one: its claim and sources stay
                dated.append({"id": row_id, **{c: values[c] for c in ("position", "event_date", "date_text")}})
        elif at != position:
            moved.append({"id": row_id, "position": position})
    for rows in (moved, dated):
        if rows:
            session.execute(update(PropositionStanceRow), rows)
    if added:
        session.execute(insert(PropositionStanceRow), added)


def _positions(preceding: int | None, staying: list[int | None]) -> list[int]:
    """Positions for stances in a verdict's order after the one at ``preceding``: those
    ``staying`` keep theirs, the others (None) are spread over the gaps between them (a much-told
    proposition's new statements are written without moving its stored stances); where a gap is
    too narrow (many statements written in one place), all are spaced out again, GAP apart."""
    found: list[int] = []
    low, waiting = preceding, 0  # the last position given, and how many are to come after it
    for position in staying:
        if position is None:
            waiting += 1
            continue
        between = _between(low, position, waiting)
        if between is None:
            return _after(preceding, len(staying))
        found += [*between, position]
        low, waiting = position, 0
    return found + _after(low, waiting)


def _after(low: int | None, count: int) -> list[int]:
    """``count`` positions GAP apart after ``low`` (from 0 after none)."""
    first = 0 if low is None else low + GAP
    return [first + GAP * n for n in range(count)]


def _between(low: int | None, high: int, count: int) -> list[int] | None:
    """``count`` positions evenly apart between ``low`` and ``high`` (GAP apart before ``high``
    where nothing precedes); None where they do not fit."""
    if low is None:
        return [high - GAP * (count - n) for n in range(count)]
    step = (high - low) // (count + 1)
    return [low + step * (n + 1) for n in range(count)] if step >= 1 or not count else None


def _merged(stored: list[StanceRow], new: list[StanceRow]) -> list[StanceRow]:
    """Stored and new statements in a verdict's order (by day, then article; no article is in both)."""
    order = [_order(r, 0, at) for at, r in enumerate(stored)] + [_order(r, 1, at) for at, r in enumerate(new)]
    return [(new if is_new else stored)[at] for _, _, is_new, at in sorted(order)]


def _update(
    session: Session, key_id: str, verdict: tuple[str, int, str], stances: int, new: list[StanceRow], redated: bool
) -> None:
    """The proposition's row: its verdict (status, independent sources, reason), its stances, its
    first and last days (read again from its stances where some were ``redated``), the places the
    new statements add to its names, and its place (its first statement's that has one)."""
    status, count, reason = verdict
    stored = session.execute(
        select(PropositionRow.names, PropositionRow.first_date, PropositionRow.last_date, PropositionRow.place).where(
            PropositionRow.pid == key_id
        )
    ).one()
    days = [stored.first_date, stored.last_date, *(r.claim.date for r in new)]
    days = [d for d in (_span(session, key_id) if redated else days) if d]  # a re-dated one may leave the first or last
    values: dict[str, Any] = {
        "pid": key_id,
        "status": status,
        "independent_sources": count,
        "reason": reason,
        "stances": stances,
        "rank": STATUS_ORDER.index(status),
        "first_date": min(days, default=None),
        "last_date": max(days, default=None),
        "names": named_with(stored.names, {r.claim.place.name for r in new if r.claim.place}),
    }
    if stored.place is None and not any(r.claim.place for r in new):
        session.execute(update(PropositionRow), [values])  # no statement has a place (a relation, a role)
        return
    placed = session.scalar(
        select(PropositionStanceRow.claim_id)
        .join(ClaimRow, ClaimRow.id == PropositionStanceRow.claim_id)
        .where(PropositionStanceRow.pid == key_id, ClaimRow.place.is_not(None), cast(ClaimRow.place, Text) != "null")
        .order_by(PropositionStanceRow.position)
        .limit(1)
    )
    place = claims_by_id(session, {placed})[placed].place if placed is not None else None
    values |= {
        "place": place.name[:200] if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
    }
    session.execute(update(PropositionRow), [values])


def _span(session: Session, key_id: str) -> tuple[date | None, date | None]:
    """The first and last days of a proposition's stances."""
    day = PropositionStanceRow.event_date
    first, last = session.execute(select(func.min(day), func.max(day)).where(PropositionStanceRow.pid == key_id)).one()
    return first, last

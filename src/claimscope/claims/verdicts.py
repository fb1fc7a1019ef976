"""Claims about one proposition, grouped across documents, and what the sources together say.

Independence is counted in *sources*, not articles (claimscope.claims.independence): a dispatch
printed by several outlets (copies, rewrites, translations) is one source, and any other article
counts as its site. A
proposition is corroborated when two or more independent sources assert it and none deny it or
confirm only part of it; contested when some assert and others deny or only partly confirm;
contradicted when sources only deny it or the knowledge base says otherwise; single-source
otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from claimscope.claims.dates import event_date, names_month, on_or_before
from claimscope.claims.independence import Independence, independence
from claimscope.claims.reasons import judged, tally
from claimscope.claims.same_meeting import KeyTally, core_of, merge_meetings, participants
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import AnalysedDocument, Claim, ClaimType, DateOrigin, StanceRow, Verdict

GROUPED = (ClaimType.CONTROL, ClaimType.MEETING, ClaimType.RELATION, ClaimType.ROLE)


def verdicts(
    documents: Sequence[AnalysedDocument],
    kb: KnowledgeBase,
    known: Independence | None = None,
    wanted: Callable[[str], bool] | None = None,
    nearby: Mapping[str, KeyTally] | None = None,
) -> list[Verdict]:
    """The verdict of every proposition the documents' claims feed; with ``wanted``, of the
    propositions it keeps only (meetings are grouped across keys first). The others' claims are
    then evidence for flags alone: an incremental refresh reads statements of the relations a new
    article gives for its flags, and judged them all to keep a few. An undated article's statements
    are dated from its others, so all its propositions must be wanted, or none (`query.incremental`
    reads them). ``nearby``: the tallies of meeting keys whose reports are not given, around those
    that are (`claims.same_meeting.merge_meetings`)."""
    known = known or independence(documents)
    sources, dispatches = known.source, known.dispatch
    groups: dict[str, list[StanceRow]] = defaultdict(list)
    for analysed in documents:
        doc = analysed.document
        for claim in analysed.claims:
            if claim.type in GROUPED:
                groups[claim.key].append(StanceRow(doc.id, doc.site, doc.published, claim, dispatches[doc.id]))
    merge_meetings(groups, nearby or {})
    dated = {key: _dated(rows) for key, rows in groups.items() if wanted is None or wanted(key)}
    estimates = _publication_estimates(dated.values())
    found = []
    for key, rows in dated.items():
        rows = [_as_of(row, estimates) for row in rows]
        rows.sort(key=lambda r: (r.claim.date or date.max, r.document))
        first = rows[0].claim
        status, reason, count = judged(tally(rows, sources), kb)
        found.append(Verdict(key, first.type, _args(rows), status, count, rows, reason))
    return sorted(found, key=lambda v: (-len(v.rows), v.key))


def _args(rows: list[StanceRow]) -> dict[str, str]:
    args = dict(rows[0].claim.args)
    if rows[0].claim.type is ClaimType.MEETING:
        anchored = [r.claim for r in rows if r.claim.args.get("place") and r.claim.args.get("date")]
        args = dict((anchored or [rows[0].claim])[0].args)
        core = core_of([participants(r.claim) for r in rows])  # the people most reports name
        args["participants"] = "; ".join(sorted(core))
        args.pop("outcome", None)
    return args


class _Estimates(NamedTuple):
    """What an undated article's days are read against: ``told``, the latest event it reports
    that other sources date (the year of its own "21 novembre"); ``latest``, that or a later day
    of its own within OWN_DAYS of it (its "jeudi", its estimated publication)."""

    told: dict[str, date]
    latest: dict[str, date]


YEAR_WINDOW = timedelta(days=180)  # how far past an undated article's known dates its own days may lie
NEAREST = timedelta(days=3)  # a weekday read against a day: the nearest such day (up to 3 days later)
OWN_DAYS = timedelta(days=31)  # how far past those dates its own day may move its estimate (not a plan's)


def _publication_estimates(groups: Iterable[list[StanceRow]]) -> _Estimates:
    """An undated article is at least as late as the latest event it reports: those other sources
    date, and its own "11 décembre" in the year they give, unless weeks later (an announced date)."""
    groups = list(groups)
    told: dict[str, date] = {}
    for rows in groups:
        for row in rows:
            when = row.claim.date
            if row.published is None and when is not None and when > told.get(row.document, date.min):
                told[row.document] = when
    latest = dict(told)
    for rows in groups:
        for row in rows:
            text = row.claim.date_text
            if row.document in told and row.claim.date is None and text and names_month(text):
                when = on_or_before(text, told[row.document] + YEAR_WINDOW)
                if when is not None and latest[row.document] < when <= told[row.document] + OWN_DAYS:
                    latest[row.document] = when
    return _Estimates(told, latest)


def _as_of(row: StanceRow, estimates: _Estimates) -> StanceRow:
    """A stance with no date of its own holds as of its article's publication."""
    if row.claim.date is not None:
        return row
    if row.published is not None:
        return _redated(row, row.published, "as of publication", DateOrigin.PUBLICATION)
    doc, text = row.document, row.claim.date_text
    if doc in estimates.told and text:
        # its own "21 novembre", in the year of the article's other dates (it is at least as late
        # as them, and seldom reports a day half a year away); its "jeudi", the nearest to its latest day
        month = names_month(text)
        if month:
            when = on_or_before(text, estimates.told[doc] + YEAR_WINDOW)
        else:
            when, _ = event_date(text, estimates.latest[doc] + NEAREST)
        if when is not None:
            said = f"{text} ({'year from' if month else 'read against'} the article's other dates)"
            return _redated(row, when, said, DateOrigin.INFERRED)
    if doc in estimates.latest:
        said = "as of publication (undated article; estimated from the latest date it reports)"
        return _redated(row, estimates.latest[doc], said, DateOrigin.ESTIMATE)
    return row


def dated_alone(row: StanceRow) -> StanceRow:
    """A stance dated as a verdict dates it when no day is read from other statements: its own
    day, else its article's publication (`query.summaries` appends such stances)."""
    return _as_of(row, _Estimates({}, {}))


def _redated(row: StanceRow, when: date, text: str, origin: DateOrigin) -> StanceRow:
    """The stance with its claim dated otherwise, the stored claim left as it is (a shallow copy of
    its fields: `dataclasses.replace`, then `copy.copy`, took seconds over a refresh's 300,000)."""
    claim = object.__new__(Claim)
    claim.__dict__.update(row.claim.__dict__)
    claim.date, claim.date_text, claim.date_origin = when, text, origin
    return StanceRow(row.document, row.site, row.published, claim, row.dispatch)


def _dated(rows: list[StanceRow]) -> list[StanceRow]:
    """An undated article's "mardi" or "2 décembre" is read against the dates the other
    sources of the group give: the nearest such day to their median (for "2 décembre", only its
    year: the date says so, not that the day was guessed)."""
    anchor = median_day(sorted(r.claim.date for r in rows if r.claim.date))
    return [dated_against(row, anchor) for row in rows]


def median_day(told: Sequence[date]) -> date | None:
    """The median of these days (sorted), which a statement's unresolved day is read against."""
    return told[len(told) // 2] if told else None


def dated_against(row: StanceRow, anchor: date | None) -> StanceRow:
    """The stance with its unresolved day ("mardi") read against the others' median day ``anchor``."""
    claim = row.claim
    if claim.date is None and claim.date_text and anchor is not None:
        when = read_against(claim.date_text, anchor)
        if when is not None:
            how = "year from other sources" if names_month(claim.date_text) else "inferred from other sources"
            return _redated(row, when, f"{claim.date_text} ({how})", DateOrigin.INFERRED)
    return row


def read_against(text: str, anchor: date | None) -> date | None:
    """The day an unresolved day's words ("mardi") give against the others' median day ``anchor``."""
    return event_date(text, anchor + NEAREST)[0] if anchor is not None else None


def said_date(claim: Claim) -> bool:
    """The source names a day (resolved by itself or against other sources), not "as of publication"."""
    return bool(claim.date_text) and claim.date_origin not in (DateOrigin.PUBLICATION, DateOrigin.ESTIMATE)


def own_date(claim: Claim) -> bool:
    """Dated by the source's own words alone: not by its publication, nor inferred from other
    sources (an undated article's "overnight" that nothing resolves names no day)."""
    return claim.date is not None and bool(claim.date_text) and claim.date_origin is DateOrigin.WORDS

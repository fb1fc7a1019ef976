"""Which meeting reports tell the same meeting, across the keys (place and day) they give.

Every rule reads a key's own reports (its ``KeyTally``: the people most of them name, and how many
of them name those people) and the report at hand, never the groups that form around other keys:
so an incremental refresh can work out where a stored report goes, or which day a meeting is
merged into, from the keys around it alone (`query.meetings`), and grouping the reports of those
keys gives what grouping every report gives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

from claimscope.records import Claim, StanceRow

MIN_SHARED_PARTICIPANTS = 2
MIN_ROWS_TO_SPLIT = 3
CORE_SHARE = 3  # a core participant is named by at least one report in three
# an undated report tells a meeting of the weeks around its publication, not one of the same people
# months away (the store then reads only those weeks' meetings to regroup one)
REPORT_WINDOW = timedelta(days=30)


class KeyTally(NamedTuple):
    """What the reports giving one place and day say of it: ``core``, the people most of them
    name; ``size``, how many of them name those people (the dated evidence for that day)."""

    core: frozenset[str]
    size: int


def key_tally(people: Sequence[Collection[str]]) -> KeyTally:
    """The tally of a key whose reports name these people (one set a report)."""
    core = core_of(people)
    return KeyTally(frozenset(core), sum(1 for named in people if _kept(named, core, len(people))))


def core_of(people: Sequence[Collection[str]]) -> set[str]:
    """The people a meeting's reports name most: in at least a third of them, and in two when
    there are several."""
    counts: Counter[str] = Counter(person for named in people for person in named)
    needed = 1 if len(people) < MIN_ROWS_TO_SPLIT else max(2, -(-len(people) // CORE_SHARE))
    return {p for p, n in counts.items() if n >= needed}


def _kept(named: Collection[str], core: Collection[str], reports: int) -> bool:
    """A report of a key naming core people tells its meeting; one naming none of them tells
    another of that day and place (two reports cannot outvote each other)."""
    return reports < MIN_ROWS_TO_SPLIT or len(set(named) & set(core)) >= min(MIN_SHARED_PARTICIPANTS, len(named))


def participants(claim: Claim) -> set[str]:
    return named_in(claim.args)


def named_in(args: Mapping[str, str]) -> set[str]:
    """The participants a meeting claim's arguments name."""
    return {p for p in args.get("participants", "").split("; ") if p}


def own_meeting(key: str, people: Collection[str], published: date | None, document: str) -> str:
    """The meeting a report lacking a place or a day is when it joins none: its key, who met and
    (without a day) when it was told."""
    _, place, when = key.split("|")[:3]
    return f"{key}|{'; '.join(sorted(people))}{told_in(published, place, when, document)}"


def anchored(key: str) -> bool:
    """A meeting key giving both a place and a day."""
    return "?" not in key.split("|")[1:3]


def told_in(published: date | None, place: str, when: str, document: str) -> str:
    """What tells apart the meetings of one place (or none) and the same people that no report
    dates: the month they were reported in (an undated report tells a meeting of the weeks around
    its publication; "Trump met Putin" in March and in December are two meetings). An undated
    article's report of one that it does not place either is its own: it may be any meeting of
    those people ("a previous summit with Putin", "a future meeting between Putin and Trump",
    greetings passed on)."""
    if when != "?":
        return ""
    if published is not None:
        return f"|told {published:%Y-%m}"
    return f"|told in {document}" if place == "?" else ""


class Report(NamedTuple):
    """What decides the meeting of a report lacking a place or a day."""

    people: frozenset[str]
    place: str  # "?" when it gives none
    when: str  # "?" when it gives none
    published: date | None
    planned: bool


class Anchors:
    """The meetings that reports lacking a place or a day may join (keys giving both), ranked for
    each set of people once: a much-told meeting's tens of thousands of reports are a few kinds."""

    def __init__(self, tallies: Mapping[str, KeyTally]) -> None:
        self.sizes = {key: tally.size for key, tally in tallies.items() if tally.size}
        self.with_person: dict[str, list[str]] = defaultdict(list)  # only meetings sharing someone can be joined
        for key in self.sizes:
            for person in tallies[key].core:
                self.with_person[person].append(key)
        self.ranked: dict[frozenset[str], list[str]] = {}
        self.chosen: dict[Report, str | None] = {}

    def choose(self, report: Report) -> str | None:
        """The meeting sharing the most people (then the one most dated reports give, then the
        greatest key) that the report's place, day and publication fit; None when none does."""
        if report not in self.chosen:
            self.chosen[report] = next((a for a in self._sharing(report.people) if _fits(report, a)), None)
        return self.chosen[report]

    def _sharing(self, people: frozenset[str]) -> list[str]:
        """Meetings whose core shares MIN_SHARED_PARTICIPANTS of these people, most shared first,
        then the one most dated reports give (an undated report is about the day most sources
        name, not the latest one a single source names), then the greatest key."""
        if people not in self.ranked:
            shared = Counter(anchor for person in people for anchor in self.with_person.get(person, ()))
            kept = [anchor for anchor, count in shared.items() if count >= MIN_SHARED_PARTICIPANTS]
            self.ranked[people] = sorted(kept, key=lambda a: (shared[a], self.sizes[a], a), reverse=True)
        return self.ranked[people]


def _fits(report: Report, anchor: str) -> bool:
    """The anchor's place and day are the report's (where it gives them); a report published
    before a meeting's day can only announce it, not tell it; one that gives no day tells a meeting
    within REPORT_WINDOW of its publication."""
    _, place, when = anchor.split("|")[:3]
    if report.place not in ("?", place) or report.when not in ("?", when):
        return False
    if report.published is None:
        return True
    day = date.fromisoformat(when)
    if report.when == "?" and abs(report.published - day) > REPORT_WINDOW:
        return False
    return report.published >= day or report.planned


def key_day(key: str) -> date | None:
    """The day a meeting key gives (None for "?")."""
    try:
        return date.fromisoformat(key.split("|")[2])
    except ValueError:
        return None


def day_before_and_after(key: str) -> list[str]:
    """The keys of the same place a day before and after an anchored key."""
    place, day = key.split("|")[1], key_day(key)
    return [] if day is None else [f"meeting|{place}|{day + timedelta(days=d)}" for d in (-1, 1)]


def merged_into(key: str, tallies: Mapping[str, KeyTally]) -> str | None:
    """One meeting dated a day apart by different sources ("dans la nuit du 2 au 3 décembre"): of
    the keys a day before and after at the same place sharing two core people, the one more dated
    reports give (then the greater key), if it outranks this one and is not merged into another
    itself (talks over several days stay a meeting a day: a day joins the day most sources give,
    not a run of days). Read from the tallies of the keys within two days (``tallies`` needs no
    others)."""
    found = [other for other in _outranking(key, tallies) if not _outranking(other, tallies)]
    return max(found, key=lambda other: (tallies[other].size, other), default=None)


def _outranking(key: str, tallies: Mapping[str, KeyTally]) -> list[str]:
    """The keys a day before and after at the same place sharing two core people, with more dated
    reports (or as many and a greater key)."""
    own = tallies[key]
    return [
        other
        for other in day_before_and_after(key)
        if (tally := tallies.get(other)) is not None
        and tally.size
        and len(own.core & tally.core) >= MIN_SHARED_PARTICIPANTS
        and (tally.size, other) > (own.size, key)
    ]


def merge_meetings(groups: dict[str, list[StanceRow]], nearby: Mapping[str, KeyTally]) -> None:
    """Meetings are keyed by place and date; within one key, a report naming none of the core
    participants (those most of its sources name) is another meeting of that day and place and
    is split off; a report lacking place or date joins the meeting whose core it shares two
    people with, or else is its own meeting with the reports of the same people (and month, when
    it gives no day); a meeting joins the one a day from it that it is merged into. ``nearby``:
    the tallies of keys whose reports are not among these (an incremental refresh groups only
    the meetings around its new reports, `query.meetings`)."""
    keys = [k for k in groups if k.startswith("meeting|") and anchored(k)]
    own = {k: key_tally([participants(row.claim) for row in groups[k]]) for k in keys}
    tallies = {**nearby, **own}
    for key in keys:
        kept, rows = [], groups[key]
        for row in rows:
            people = participants(row.claim)
            if _kept(people, tallies[key].core, len(rows)):
                kept.append(row)
            else:
                groups.setdefault(f"{key}|{'; '.join(sorted(people))}", []).append(row)
        if kept:
            groups[key] = kept
        else:
            del groups[key]
    anchors = Anchors(own)
    # in the keys' order, not the reports': grouping any reports that hold whole meetings (what an
    # incremental refresh reads) then gives each meeting its rows in the same order as grouping all
    for key in sorted(k for k in groups if k.startswith("meeting|") and not anchored(k)):
        _, place, when = key.split("|")[:3]
        for row in groups.pop(key):  # one by one: "?|?" gathers every undated, unplaced report
            people = participants(row.claim)
            best = anchors.choose(Report(frozenset(people), place, when, row.published, planned(row.claim.hedges)))
            if best is not None:
                groups[best].append(row)
            else:  # its own meeting: who met is then part of what it is (and, without a day, when it was told)
                groups.setdefault(own_meeting(key, people, row.published, row.document), []).append(row)
    for key in sorted(anchors.sizes):
        if (into := merged_into(key, tallies)) is not None:
            groups[into].extend(groups.pop(key))


def planned(hedges: Collection[str] | None) -> bool:
    """A report of a meeting still to come (it may be published before the meeting's day)."""
    return "planned" in (hedges or ())

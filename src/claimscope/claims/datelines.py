"""A dateline that the article's own events belie.

A dispatch opens with where and when it was written ("Pokrovsk, Ukraine, 12 avril 2025"). When
the events the article reports are dated by most independent sources months after that day, the
dateline is wrong (a template left over, a garbled copy): a reader takes old news for new, or
new for old. The article's events are dated by the other sources, not by the article itself,
whose weekdays ("mardi") would be read against the very dateline in question.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from claimscope.claims.dates import MONTH, WEEKDAY, find_dates
from claimscope.claims.verdicts import own_date
from claimscope.records import AnalysedDocument, Evidence, Flag, Span, Stance, StanceRow, Verdict
from claimscope.text import fold_chars

MAX_GAP_DAYS = 30  # a dateline this far before the events the sources date is not a slip of a day
MAX_EVIDENCE = 3
MAX_LABEL_WORDS = 3  # each comma-separated part of "Pokrovsk, Ukraine," or "Date :"
TOLD = (Stance.ASSERTS, Stance.DENIES, Stance.PARTIAL)  # what happened, not what may
_DATELINE = re.compile(
    rf"(?m)^(?P<label>[^\n]{{0,60}}?)(?P<date>\b(?:(?:{WEEKDAY})\s+)?(?:1er|\d{{1,2}})\s+"
    rf"(?:{MONTH})\s+\d{{4}})[ \t]*$"
)


def dateline(text: str) -> tuple[Span, date] | None:
    """The first line that is only places (or a "Date :" label) and a full date."""
    for m in _DATELINE.finditer(fold_chars(text)):
        label = text[m.start("label") : m.end("label")].strip(" \t:,")
        parts = [p.strip(" :") for p in re.split(r"[,:]", label) if p.strip(" :")]
        if any(len(p.split()) > MAX_LABEL_WORDS or not p[:1].isupper() for p in parts):
            continue
        found = [d for d in find_dates(text[m.start("date") : m.end("date")], None) if d.when]
        if found and found[0].when is not None:
            return Span(m.start(), m.end()), found[0].when
    return None


def dateline_flags(
    documents: Sequence[AnalysedDocument],
    found: list[Verdict],
    sources: Mapping[str, str],
    wanted: Collection[str] | None = None,
) -> list[Flag]:
    """A flag on each dateline more than a month before what other sources date its events (of
    the ``wanted`` documents only, when given)."""
    reported = _dated_by_others(found, sources, wanted)
    flags = []
    for analysed in documents:
        doc = analysed.document
        line = dateline(doc.text)
        if line is None or doc.id not in reported:
            continue
        where, written = line
        events = reported[doc.id]
        when, evidence = min(events, key=lambda e: e[0])  # the earliest: the most lenient reading
        if (when - written).days <= MAX_GAP_DAYS:
            continue
        flags.append(
            Flag(
                "source-conflict",
                doc.id,
                where,
                doc.text[where.start : where.end],
                f"dateline {written}, but independent sources date the events this article reports {when} or later",
                evidence,
            )
        )
    return flags


def _dated_by_others(
    found: list[Verdict], sources: Mapping[str, str], wanted: Collection[str] | None
) -> dict[str, list[tuple[date, list[Evidence]]]]:
    """Document -> for each proposition it reports, the median date that the other independent
    sources give it in their own words, with their statements. What the others say depends only
    on the document's source group: worked out once a group, not once a document (a proposition
    of thousands of reports would cost the square of them)."""
    out: dict[str, list[tuple[date, list[Evidence]]]] = {}
    for verdict in found:
        rows = [r for r in verdict.rows if r.claim.stance in TOLD and "planned" not in r.claim.hedges]
        dated = sorted((r for r in rows if own_date(r.claim)), key=lambda r: r.claim.date or date.min)
        rows_of: dict[str, list[int]] = {}  # each source's rows, by their place in ``dated``
        for at, row in enumerate(dated):
            rows_of.setdefault(sources.get(row.document, row.document), []).append(at)
        told: dict[str, tuple[date, list[Evidence]] | None] = {}
        for document in {r.document for r in rows if wanted is None or r.document in wanted}:
            own = sources.get(document, document)
            if own not in told:
                told[own] = _median_elsewhere(dated, rows_of.get(own, [])) if len(rows_of.keys() - {own}) >= 2 else None
            median = told[own]
            if median is not None:  # one other source does not outvote an article's own dateline
                out.setdefault(document, []).append((median[0], list(median[1])))
    return out


def _median_elsewhere(dated: list[StanceRow], mine: list[int]) -> tuple[date, list[Evidence]]:
    """The median date of the rows (in date order) of the other sources than the one whose rows
    are at ``mine`` (sorted), with their statements: found by counting, not by copying the rows
    of the others once a source (a much-told proposition has 40,000 rows and 90 sources)."""
    wanted = (len(dated) - len(mine)) // 2  # the median's rank among the others' rows
    at = wanted
    while (moved := wanted + bisect_right(mine, at)) != at:  # rows of ``mine`` up to it push it on
        at = moved
    median = dated[at].claim.date
    assert median is not None
    skipped = set(mine)
    evidence: list[Evidence] = []
    for index in range(bisect_left(dated, median, key=lambda r: r.claim.date or date.min), len(dated)):
        row = dated[index]
        if row.claim.date != median or len(evidence) == MAX_EVIDENCE:
            break
        if index not in skipped:
            evidence.append(Evidence(row.document, row.site or "", f"{row.claim.evidence} ({row.claim.date_text})"))
    return median, evidence

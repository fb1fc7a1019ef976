"""Dates no report of current events can mean, flagged where they are written.

A fact-checker stops at a date that cannot be right whatever the other sources say:

- a month of an abolished calendar ("révélée le 25 brumaire par Bloomberg" in a report of this
  week's talks): synonym-spinning rewrites turn "novembre" into "brumaire";
- a day the month does not have ("le 31 novembre");
- a weekday that does not fall on the day it is written with ("lundi 2 décembre 2025", a Tuesday),
  when the year is written or the publication date gives it.

Each flag carries the calendar fact, and what other sources write with the same day number (and
weekday) in a real month, so the reader sees which date was probably meant.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import islice

from claimscope.claims.dates import (
    DAY_RANGES,
    MONTH,
    MONTHS,
    OBSOLETE_MONTHS,
    WEEKDAY,
    WEEKDAY_NAMES,
    WEEKDAYS,
    find_dates,
)
from claimscope.claims.rules import claim_languages, rules
from claimscope.records import CALENDAR, AnalysedDocument, Evidence, Flag, Span
from claimscope.text import fold_chars

MAX_EVIDENCE = 3  # other sources' real dates shown with a garbled one
# the articles searched for them, at most (naming someone the flagged one names and writing its
# day's number; its own source's among them): a date no source echoes was searched in every article
# naming Putin
SEARCHED = 500
GARBLED = "garbled date"  # how a garbled date's flag message begins
_OBSOLETE = re.compile(
    rf"\b(?:(?P<weekday>{WEEKDAY})\s+)?(?P<day>1er|\d{{1,2}})\s+(?P<month>{'|'.join(OBSOLETE_MONTHS)})\b"
    r"(?!\s+an\b)",  # "18 brumaire an VIII" is a real Republican date, in a history piece
)
_WEEKDAY_AND_DAY = re.compile(rf"\b(?:{WEEKDAY})\s+\d")  # what a wrong weekday is written with
_IMPOSSIBLE = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH})\b(?:\s+(?P<year>\d{{4}}))?")


@dataclass(frozen=True)
class Garbled:
    """A date expression that cannot be a real date, and why."""

    span: Span
    text: str
    day: int
    weekday: int | None
    why: str


def garbled_dates(text: str, published: date | None) -> list[Garbled]:
    """Every impossible date written in ``text`` (offsets kept: folding keeps French lengths)."""
    folded = fold_chars(text)
    found = list(_obsolete(text, folded))
    found.extend(_impossible(text, folded))
    if _WEEKDAY_AND_DAY.search(folded):  # most texts write none: the scan for every date is spared
        found.extend(_wrong_weekday(text, published))
    return sorted(found, key=lambda g: g.span.start)


def _obsolete(text: str, folded: str) -> Iterator[Garbled]:
    for m in _OBSOLETE.finditer(folded):
        if text[m.start("month")].isupper():  # "le 18 Brumaire": the coup, an event's name
            continue
        weekday = WEEKDAYS[m["weekday"]] if m["weekday"] else None
        yield Garbled(
            Span(m.start(), m.end()),
            text[m.start() : m.end()],
            int(m["day"].removesuffix("er")),
            weekday,
            f"'{text[m.start('month') : m.end('month')]}' is a month of the French Republican calendar, "
            "abolished in 1806: no date of current events",
        )


def _impossible(text: str, folded: str) -> Iterator[Garbled]:
    for m in _IMPOSSIBLE.finditer(folded):
        day, month = int(m["day"]), MONTHS[m["month"]]
        year = int(m["year"]) if m["year"] else 2024  # a leap year: "29 février" stands without one
        if 1 <= day <= calendar.monthrange(year, month)[1]:
            continue
        yield Garbled(
            Span(m.start(), m.end()),
            text[m.start() : m.end()],
            day,
            None,
            f"'{text[m.start('month') : m.end('month')]}' has no day {day}",
        )


def _wrong_weekday(text: str, published: date | None) -> Iterator[Garbled]:
    """A weekday written with its day and month whose date (year written, or the publication's)
    falls on another weekday."""
    for mention in find_dates(text, published):
        words = fold_chars(mention.text).split()
        if mention.when is None or len(words) < 3 or words[0] not in WEEKDAYS or not words[1][:1].isdigit():
            continue
        said = WEEKDAYS[words[0]]
        if mention.when.weekday() != said and not any(w in words for w in DAY_RANGES):  # a range: the first day
            yield Garbled(
                Span(mention.start, mention.end),
                mention.text,
                mention.when.day,
                said,
                f"{mention.when.isoformat()} is a {WEEKDAY_NAMES[mention.when.weekday()]}, not a {WEEKDAY_NAMES[said]}",
            )


# what the other sources write with a garbled date's day: by the flagged article's source group,
# the names it gives, the day and the weekday (all that the search reads of it)
Meant = dict[tuple[str, frozenset[str], int, int | None], list[tuple[str, Evidence]]]


def garbled_date_flags(documents: Sequence[AnalysedDocument], sources: Mapping[str, str]) -> list[Flag]:
    """A flag for every impossible date, with the real dates other sources write with that day
    (searched once for the copies of one garbled report, which name the same people)."""
    meant: Meant = {}
    return [flag for analysed in documents for flag in document_garbled_flags(analysed, documents, sources, meant)]


def document_garbled_flags(
    analysed: AnalysedDocument,
    others: Iterable[AnalysedDocument],
    sources: Mapping[str, str],
    searched: Meant | None = None,
    found: list[Garbled] | None = None,
) -> list[Flag]:
    """A flag for each impossible date of one article (``found``, when the caller looked for
    them already), with the real dates the first of ``others`` write with that day (read only
    until MAX_EVIDENCE are found; ``searched``: the searches already made in the same ``others``)."""
    flags = []
    doc = analysed.document
    names = frozenset(e.name for e in analysed.entities)
    for garbled in garbled_dates(doc.text, doc.published) if found is None else found:
        sentence = sentence_around(doc.text, garbled.span)
        key = (sources.get(doc.id, doc.id), names, garbled.day, garbled.weekday)
        meant = searched.get(key) if searched is not None else None
        if meant is None:
            meant = list(islice(_same_day_elsewhere(garbled, analysed, others, sources), MAX_EVIDENCE))
            if searched is not None:
                searched[key] = meant
        evidence = [Evidence(CALENDAR, "calendar", garbled.why), *(e for _, e in meant)]
        flags.append(
            Flag(
                "source-conflict" if meant else "kb-conflict",
                doc.id,
                sentence,
                doc.text[sentence.start : sentence.end],
                f"{GARBLED} '{garbled.text}': {garbled.why}"
                + (f"; other sources write '{meant[0][0]}'" if meant else ""),
                evidence,
            )
        )
    return flags


def _same_day_elsewhere(
    garbled: Garbled, flagged: AnalysedDocument, documents: Iterable[AnalysedDocument], sources: Mapping[str, str]
) -> Iterator[tuple[str, Evidence]]:
    """Real dates with the same day number (and weekday, if one was written) in independent
    sources that name some of the people or places the flagged article names (in the first
    SEARCHED articles that name one and write the number)."""
    own = sources.get(flagged.document.id, flagged.document.id)
    names = {e.name for e in flagged.entities}
    number = str(garbled.day)
    searched = 0
    for other in documents:
        doc = other.document
        if number not in doc.text or not names & {e.name for e in other.entities}:
            continue
        searched += 1
        if searched > SEARCHED:
            return
        if sources.get(doc.id, doc.id) == own:
            continue
        for mention in find_dates(doc.text, doc.published):
            words = fold_chars(mention.text).split()
            days = [int(m.group()) for w in words if (m := re.match(r"\d+", w))]  # "1er", "24," ("November 24, 2025")
            if not days or days[0] != garbled.day or not {w.strip(",") for w in words} & set(MONTHS):
                continue
            if garbled.weekday is not None and (words[0] not in WEEKDAYS or WEEKDAYS[words[0]] != garbled.weekday):
                continue
            where = sentence_around(doc.text, Span(mention.start, mention.end))
            yield mention.text, Evidence(doc.id, doc.site or doc.source, doc.text[where.start : where.end])


@cache
def _sentence_end() -> re.Pattern[str]:
    """A sentence's end: not the period of "M. Witkoff" nor of an abbreviation of any language's titles.yaml."""
    every = {a for language in claim_languages() for a in rules(language).titles.abbreviations}
    abbreviations = "".join(rf"(?<!\b{re.escape(a)})" for a in sorted(every))
    return re.compile(rf"(?<!\b[A-Z]){abbreviations}[.!?…](?=\s)|\n")


def sentence_around(text: str, span: Span) -> Span:
    """The sentence (or line) a span lies in: a flag points at the whole sentence."""
    end_of_sentence = _sentence_end()
    start = max((m.end() for m in end_of_sentence.finditer(text, 0, span.start)), default=0)
    end = next((m.start() + 1 for m in end_of_sentence.finditer(text, span.end)), len(text))
    while start < span.start and text[start].isspace():
        start += 1
    return Span(start, max(end, span.end))

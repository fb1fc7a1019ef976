"""Event dates from the words of a sentence, resolved against the publication date.

A weekday means the most recent such day on or before publication ("lundi" in a Wednesday
paper is two days earlier); a day and month without a year take the publication's year,
or the year before when that would put the event after publication.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from claimscope.lang import merged
from claimscope.text import fold_chars

_DATA = merged("dates")
WEEKDAYS = {fold_chars(word): day for day, words in _DATA["weekdays"].items() for word in words}
MONTHS = {fold_chars(word): month for month, words in _DATA["months"].items() for word in words}
RELATIVE_DAYS = {fold_chars(words): days for words, days in _DATA["relative_days"].items()}
OBSOLETE_MONTHS = frozenset(fold_chars(word) for word in _DATA.get("obsolete_months", ()))  # garbled.py
WEEKDAY_NAMES = {day: words[0] for day, words in _DATA["weekdays"].items()}  # 0 -> "lundi"
DAY_RANGES = tuple(fold_chars(word) for word in _DATA["day_ranges"])  # "les 2 et 3", "du 2 au 5"
_COMING = "|".join(rf"\s+{re.escape(fold_chars(word))}" for word in _DATA["coming"])  # "jeudi prochain"

WEEKDAY = "|".join(WEEKDAYS)  # the alternatives of a pattern, for every reader of written dates
MONTH = "|".join(MONTHS)
DATE_PATTERN = re.compile(
    rf"\b(?:(?P<weekday>{WEEKDAY})\s+)?(?P<day>1er|\d{{1,2}})(?:\s+(?:{'|'.join(DAY_RANGES)})\s+\d{{1,2}})?"
    rf"\s+(?P<month>{MONTH})(?:\s+(?P<year>\d{{4}}))?\b"
    rf"|\b(?P<month2>{MONTH})\s+(?P<day2>\d{{1,2}})(?:,\s*(?P<year2>\d{{4}}))?\b"
    rf"|\ben\s+(?P<month3>{MONTH})\s+(?P<year3>\d{{4}})\b"
    rf"|\b(?P<weekday_only>{WEEKDAY})(?P<coming>{_COMING})?\b"
    rf"|(?P<relative>{'|'.join(re.escape(k) for k in RELATIVE_DAYS)})",
)


FUTURE_PENALTY = 60  # days: a day and month read as past unless the coming one is much nearer


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int  # offsets in the text searched
    end: int
    when: date | None


@lru_cache(maxsize=256)  # every claim of a sentence asks for its dates
def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in ``text`` (offsets kept: folding keeps lengths for French text)."""
    folded = fold_chars(text)
    return [
        DateMention(text[m.start() : m.end()], m.start(), m.end(), _resolve(m, published))
        for m in DATE_PATTERN.finditer(folded)
    ]


def _resolve(m: re.Match[str], published: date | None) -> date | None:
    if m["month3"]:
        return date(int(m["year3"]), MONTHS[m["month3"]], 1)
    written = _day_month_year(m)
    if written is not None:
        return _day_month(*written, published)
    if published is None:
        return None
    if m["weekday_only"]:
        weekday = WEEKDAYS[m["weekday_only"]]
        if m["coming"]:  # "jeudi prochain": the next one after publication
            return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
        return published - timedelta(days=(published.weekday() - weekday) % 7)
    return published + timedelta(days=RELATIVE_DAYS[m["relative"]])


def _day_month_year(m: re.Match[str]) -> tuple[int, int, int | None] | None:
    """The day, month and year a match writes ("2 décembre 2025", "December 2, 2025"), if a day."""
    day, month, year = (m["day"], m["month"], m["year"]) if m["day"] else (m["day2"], m["month2"], m["year2"])
    return (int(day.removesuffix("er")), MONTHS[month], int(year) if year else None) if day else None


def _day_month(day: int, month: int, year: int | None, published: date | None) -> date | None:
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    candidates = []
    for guess in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(guess, month, day))
        except ValueError:
            continue
    # the nearest such day, a past one preferred: news tells what happened ("le 2 janvier" in a
    # 30 December paper is the coming one, in a 3 December paper the last one)
    return min(
        candidates, key=lambda d: abs((d - published).days) + (FUTURE_PENALTY if d > published else 0), default=None
    )


def event_dates(text: str, published: date | None) -> list[DateMention]:
    """The dates in ``text`` that may date an event: not a full date alone in parentheses that
    ends the text with no full stop ("Commentaire … sur la rencontre … (3 décembre 2025)"), the
    day a transcript or a release is titled with, not the day of what it tells."""
    return [m for m in find_dates(text, published) if not _stamp(text, m)]


def _stamp(text: str, mention: DateMention) -> bool:
    return bool(
        STAMP_YEAR.search(mention.text)
        and STAMP_OPENS.search(text, 0, mention.start)
        and STAMP_CLOSES.fullmatch(text, mention.end)
    )


STAMP_YEAR = re.compile(r"\d{4}$")
STAMP_OPENS = re.compile(r"\(\s*$")
STAMP_CLOSES = re.compile(r"\s*\)\s*")


def event_date(text: str, published: date | None) -> tuple[date | None, str | None]:
    """The first resolvable date said in a text, else the first unresolvable one's words."""
    found = event_dates(text, published)
    for mention in found:
        if mention.when is not None:
            return mention.when, mention.text
    return (None, found[0].text) if found else (None, None)


def on_or_before(text: str, bound: date) -> date | None:
    """The first day and month said in ``text`` (its year, if it says one), else in the latest year
    that puts it on or before ``bound``: an undated article's "25 octobre" read against the days
    other sources give (the nearest-day rule, with its penalty for a day ahead, put any day more than
    a month before them in the next year)."""
    for found in DATE_PATTERN.finditer(fold_chars(text)):
        written = _day_month_year(found)
        if written is None:
            continue
        day, month, year = written
        for guess in [year] if year else [bound.year, bound.year - 1]:
            try:
                when = date(guess, month, day)
            except ValueError:
                continue
            if year or when <= bound:
                return when
        return None
    return None


def from_today(text: str) -> bool:
    """Whether the first date said in ``text`` is a day counted from the day of speaking
    ("yesterday", "hier"): in someone's words, that day is theirs, which the article seldom gives."""
    found = DATE_PATTERN.search(fold_chars(text))
    return found is not None and bool(found["relative"])


def names_month(text: str) -> bool:
    """Whether the first date said in ``text`` names its month ("21 novembre"): only its year is
    then read from elsewhere, where a weekday or "hier" is read from a day."""
    found = DATE_PATTERN.search(fold_chars(text))
    return found is not None and not (found["weekday_only"] or found["relative"])


def date_near(
    text: str, published: date | None, position: int, attached: Callable[[DateMention], bool] | None = None
) -> tuple[date | None, str | None]:
    """The resolvable date said closest to ``position`` (a trigger's offset in ``text``): in
    "a déclaré mardi …, alors que Poutine saluait la veille la prise", the capture is "la veille";
    with ``attached``, only the dates it keeps (those of the trigger's own clause)."""
    every = event_dates(text, published)
    found = [m for m in every if attached is None or attached(m)]
    if not found:
        return None, None

    def distance(m: DateMention) -> int:
        return min(abs(m.start - position), abs(m.end - position))

    resolved = [m for m in found if m.when is not None]
    if not resolved:  # no day resolves (an undated article's "le 2 décembre"): the one said closest
        return None, min(found, key=distance).text
    best = min(resolved, key=distance)
    anchors = [m for m in every if m.when and m is not best and m.text.lower() not in RELATIVE_DAYS]
    if best.text.lower() == "la veille" and anchors and best.when is not None:
        # "a déclaré mardi …, alors que Poutine saluait la veille": the day before that Tuesday
        anchor = min(anchors, key=lambda m: abs(m.start - best.start))
        assert anchor.when is not None
        return anchor.when - timedelta(days=1), f"{best.text} ({anchor.text})"
    return best.when, best.text

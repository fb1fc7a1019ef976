"""Publication dates from whatever a page, record or feed gives (ISO, French or English prose).

A publication date is a day of the past: one written relative to the reading ("hier", "2 days
ago": relative to when?), without its day ("2023-03": the 1st would misdate every "lundi" read
against it), in the future or before any news was printed is no date at all (the document is then
stored undated, and its days are estimated from what it reports).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import dateparser

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
EARLIEST = date(1800, 1, 1)
AHEAD = timedelta(days=1)  # a page published "tomorrow" in a time zone ahead of this machine's
PROSE = {
    "PREFER_DAY_OF_MONTH": "first",
    "STRICT_PARSING": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],  # not relative ones, nor digits run together
}


def parse_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return plausible(value.date())
    if isinstance(value, date):
        return plausible(value)
    text = str(value).strip()
    m = ISO.match(text)
    if m:
        try:
            return plausible(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    parsed = dateparser.parse(text, languages=["fr", "en"], settings=PROSE)
    return plausible(parsed.date()) if parsed else None


def plausible(day: date) -> date | None:
    """The day, if a news article can have been published on it."""
    return day if EARLIEST <= day <= datetime.now(UTC).date() + AHEAD else None

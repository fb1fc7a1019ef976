"""Publication dates from whatever a page or record gives (ISO, French or English prose)."""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = ISO.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    parsed = dateparser.parse(
        text, languages=["fr", "en"], settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": False}
    )
    return parsed.date() if parsed else None

"""Quotation spans: « … », “ … ” and straight "…" pairs, nested marks ignored."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from claimscope.records import Span

PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"'}


@dataclass(frozen=True)
class Quote:
    outer: Span  # with the marks
    inner: Span  # the quoted words, trimmed of spaces

    def words(self, text: str) -> int:
        return len(text[self.inner.start : self.inner.end].split())


def find_quotes(text: str) -> list[Quote]:
    """Top-level quotes in ``text``; an unclosed quote runs to the end of the text."""
    quotes: list[Quote] = []
    i = 0
    while i < len(text):
        opener = text[i]
        closer = PAIRS.get(opener)
        if closer is None or (opener == '"' and i > 0 and text[i - 1].isalnum()):
            i += 1
            continue
        j = text.find(closer, i + 1)
        end = len(text) if j < 0 else j + 1
        inner_start, inner_end = i + 1, (len(text) if j < 0 else j)
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1].isspace():
            inner_end -= 1
        if inner_end > inner_start:
            quotes.append(Quote(Span(i, end), Span(inner_start, inner_end)))
        i = end
    return quotes


class QuoteIndex:
    """A document's quotes in order, for lookups by offset in O(log n) (long pages have many)."""

    def __init__(self, quotes: list[Quote]):
        self.quotes = sorted(quotes, key=lambda q: q.outer.start)
        self._starts = [q.outer.start for q in self.quotes]
        self._ends = [q.outer.end for q in self.quotes]

    def __iter__(self) -> Iterator[Quote]:
        return iter(self.quotes)

    def last_ending_by(self, offset: int) -> Quote | None:
        i = bisect_right(self._ends, offset)
        return self.quotes[i - 1] if i else None

    def first_starting_from(self, offset: int) -> Quote | None:
        i = bisect_left(self._starts, offset)
        return self.quotes[i] if i < len(self.quotes) else None

    def overlapping(self, span: Span) -> list[Quote]:
        """Quotes whose marks or words overlap ``span``."""
        i = bisect_right(self._ends, span.start)
        found = []
        while i < len(self.quotes) and self.quotes[i].outer.start < span.end:
            found.append(self.quotes[i])
            i += 1
        return found

"""Quotes with no cue of their own: they continue the current speaker, or follow `Nom :`."""

from __future__ import annotations

from claimscope.attribution.quotes import Quote
from claimscope.records import Attribution, Kind, Mention

MIN_WORDS = 4
MAX_DISTANCE_PARAGRAPHS = 2


def attribute_bare_quotes(text: str, quotes: list[tuple[int, Quote]], found: list[Attribution]) -> list[Attribution]:
    """Give each clause-long quote not already inside an attribution to the latest speaker."""
    extra: list[Attribution] = []
    for paragraph, quote in quotes:
        if quote.words(text) < MIN_WORDS or _covered(quote, found):
            continue
        previous = _latest_before(quote.outer.start, paragraph, found + extra)
        if previous is None:
            continue
        extra.append(
            Attribution(
                speaker=previous,
                cue=None,
                content=quote.inner,
                kind=Kind.DIRECT,
                confidence=0.6,
                construction="bare_quote",
                paragraph=paragraph,
            )
        )
    return extra


def _covered(quote: Quote, found: list[Attribution]) -> bool:
    return any(a.content.overlap(quote.inner) >= len(quote.inner) // 2 for a in found)


def _latest_before(offset: int, paragraph: int, found: list[Attribution]) -> Mention | None:
    best: Attribution | None = None
    for attribution in found:
        if attribution.speaker is None or attribution.content.start >= offset:
            continue
        if paragraph - attribution.paragraph > MAX_DISTANCE_PARAGRAPHS:
            continue
        if best is None or attribution.content.start > best.content.start:
            best = attribution
    return best.speaker if best else None

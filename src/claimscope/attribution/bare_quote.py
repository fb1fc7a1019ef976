"""Quotes with no cue of their own: they continue the current speaker."""

from __future__ import annotations

import re
from collections import defaultdict

from claimscope.attribution.quotes import Quote
from claimscope.nlp.parsing import HEADING_MAX_CHARS
from claimscope.records import Attribution, Kind, Mention
from claimscope.text import fold

MIN_WORDS = 4
MAX_DISTANCE_PARAGRAPHS = 2
TITLE_REACH = 40  # characters before a quote where the noun naming it stands
SECTION_PARAGRAPHS = 4  # paragraphs below a heading where its quote is said again
SAID_AGAIN = 0.8  # share of a heading quote's words that a speaker's words below must hold
WORD = re.compile(r"\w\w+")  # a word, its punctuation and elided "l'", "n'" left aside
CLOSING_QUOTES = '»"”'
OPENING_QUOTES = '«"“'
ENDS = ".!?…"


def attribute_bare_quotes(
    text: str,
    quotes: list[tuple[int, Quote]],
    found: list[Attribution],
    titles: frozenset[str] = frozenset(),
    headings: frozenset[int] = frozenset(),
) -> list[Attribution]:
    """Give each clause-long quote not already inside an attribution to the latest speaker; not a
    quote right after one of ``titles``, the name of a thing ("le forum « La Russie vous appelle ! »").
    A quote in a heading (a paragraph of ``headings``) is the words of the section below it: the
    speaker who says them there, else nobody (not the speaker of the section above)."""
    by_paragraph: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in found:
        by_paragraph[attribution.paragraph].append(attribution)
    extra: list[Attribution] = []
    for paragraph, quote in quotes:
        # an anaphoric cue may sit one paragraph after the quote it points back to
        nearby = [a for p in range(paragraph - MAX_DISTANCE_PARAGRAPHS, paragraph + 2) for a in by_paragraph[p]]
        if quote.words(text) < MIN_WORDS or _covered(quote, nearby) or _titled(text, quote, titles):
            continue
        if paragraph in headings and text[quote.outer.end - 1 : quote.outer.end] in CLOSING_QUOTES:
            # (a quote left open runs on from an excerpt cut short, no heading: "Elles "sont …")
            below = [a for p in range(paragraph + 1, paragraph + 1 + SECTION_PARAGRAPHS) for a in by_paragraph[p]]
            previous = _saying_again(text, quote, below)
        else:
            previous = _overlapping(quote, nearby) or _latest_before(quote.outer.start, nearby)
        if previous is None:
            continue
        continued = Attribution(
            speaker=previous,
            cue=None,
            content=quote.inner,
            kind=Kind.DIRECT,
            confidence=0.6,
            construction="bare_quote",
            paragraph=paragraph,
        )
        extra.append(continued)
        by_paragraph[paragraph].append(continued)
    return extra


def _covered(quote: Quote, found: list[Attribution]) -> bool:
    """Half the quote is already someone's words (one attribution, or the two halves of a quote
    split by its incise)."""
    return sum(a.content.overlap(quote.inner) for a in found) >= len(quote.inner) // 2


def _overlapping(quote: Quote, found: list[Attribution]) -> Mention | None:
    """A quote that goes on past the words an attribution gives someone ("notant que «la pandémie
    n'est pas derrière nous. La situation reste…»") goes on in that person's voice."""
    speaking = [a for a in found if a.speaker is not None and a.content.overlap(quote.inner)]
    return speaking[0].speaker if speaking else None


def quoted_heading(block: str) -> bool:
    """A short block that ends on a closing quote with no sentence's end before it: a section's
    heading quoting the section ('"Les peines font preuve d'humanité"'), not a quote of the prose
    ('« Nous sommes prêts. »'); read as a heading by the bare quotes alone."""
    block = block.strip()
    if len(block) > HEADING_MAX_CHARS or not block or block[0] not in OPENING_QUOTES or block[-1] not in CLOSING_QUOTES:
        return False  # (a quote ending a line of prose is no heading: "…, « fiers de vous »")
    return block[:-1].rstrip()[-1:] not in ENDS and not any(mark in block[:-1] for mark in ENDS)


def _saying_again(text: str, quote: Quote, below: list[Attribution]) -> Mention | None:
    """The first speaker below a heading whose words hold the heading quote's ("Les peines font
    preuve d'humanité" over "« …les peines sont correctes, font preuve d'humanité », indique X")."""
    words = WORD.findall(fold(text[quote.inner.start : quote.inner.end]))  # "essentielle," is "essentielle"
    for attribution in sorted(below, key=lambda a: a.content.start):
        said = set(WORD.findall(fold(text[attribution.content.start : attribution.content.end])))
        if attribution.speaker is not None and sum(w in said for w in words) >= SAID_AGAIN * len(words):
            return attribution.speaker
    return None


def _latest_before(offset: int, found: list[Attribution]) -> Mention | None:
    before = [a for a in found if a.speaker is not None and a.content.start < offset]
    best = max(before, key=lambda a: a.content.start, default=None)
    return best.speaker if best else None


def _titled(text: str, quote: Quote, titles: frozenset[str]) -> bool:
    """The word before the quote is a noun a title follows ("au forum « … »", "Operation "…"")."""
    before = text[max(0, quote.outer.start - TITLE_REACH) : quote.outer.start].split()
    return bool(before) and fold(before[-1]).strip(",;:(") in titles

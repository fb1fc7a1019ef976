"""A direct quote that sources give to different speakers: the attributions in the minority of
independent sources are flagged (quote-conflict). Quotes are compared by their folded words; the
store indexes each by a key of them, so that a new article's quote finds its other speakers
through the index (query.incremental)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from claimscope.claims.misdated import MIN_MAJORITY, flag_sentence, flag_span
from claimscope.records import AnalysedDocument, Claim, ClaimType, Evidence, Flag
from claimscope.text import fold

MIN_QUOTE_WORDS = 6


def quote_text(claim: Claim) -> str | None:
    """The folded words of a direct quote a person is given, when they are enough to be one
    remark (MIN_QUOTE_WORDS): what two sources giving it to different speakers share."""
    if claim.type is not ClaimType.STATEMENT or claim.args.get("kind") != "direct" or claim.source.type != "person":
        return None
    text = " ".join(fold(claim.evidence).split())
    return text if len(text.split()) >= MIN_QUOTE_WORDS else None


def quote_key(claim: Claim) -> str | None:
    """The index key of ``quote_text`` (the store looks a new quote's other speakers up by it)."""
    text = quote_text(claim)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16] if text else None


def quote_majority(speakers: Mapping[str, Collection[str]]) -> str | None:
    """The speaker most independent sources give a quote to (``speakers``: each speaker's
    sources), when there are several and one has a clear majority of MIN_MAJORITY or more."""
    if len(speakers) < 2:
        return None
    ranked = sorted(speakers, key=lambda s: (-len(speakers[s]), s))
    majority, runner_up = ranked[0], ranked[1]
    if len(speakers[majority]) < MIN_MAJORITY or len(speakers[majority]) == len(speakers[runner_up]):
        return None  # no clear majority of independent sources: nothing to say who is wrong
    return majority


def quote_flag(
    analysed: AnalysedDocument, claim: Claim, majority: str, evidence: list[Evidence], omitted: int = 0
) -> Flag:
    """``claim`` gives a quote to another speaker than ``majority``, with the majority's statements."""
    return Flag(
        "quote-conflict",
        analysed.document.id,
        flag_span(claim),
        flag_sentence(analysed.document.text, claim),
        f"quote given to {claim.source.name}; other sources give it to {majority}",
        evidence,
        omitted,
    )


def quotes_in(
    documents: Iterable[AnalysedDocument], key: Callable[[Claim], str | None] = quote_text
) -> dict[str, list[tuple[AnalysedDocument, Claim]]]:
    """The direct quotes of ``documents`` grouped by ``key`` (their folded words, or their index key)."""
    quotes: dict[str, list[tuple[AnalysedDocument, Claim]]] = defaultdict(list)
    for analysed in documents:
        for claim in analysed.claims:
            found = key(claim)
            if found is not None:
                quotes[found].append((analysed, claim))
    return quotes


def quote_conflicts(documents: Sequence[AnalysedDocument], sources: Mapping[str, str]) -> list[Flag]:
    """One direct quote, several speakers: each attribution in the minority is flagged."""
    found = []
    for group in quotes_in(documents).values():
        speakers: dict[str, set[str]] = defaultdict(set)
        for analysed, claim in group:
            speakers[claim.source.name].add(sources.get(analysed.document.id, analysed.document.id))
        majority = quote_majority(speakers)
        if majority is None:
            continue
        evidence = [Evidence(a.document.id, c.source.name, c.evidence) for a, c in group if c.source.name == majority]
        found += [quote_flag(a, c, majority, evidence) for a, c in group if c.source.name != majority]
    return found

"""A cue that points back: `C'est ce qu'indique l'AFP.`, `Ainsi a résumé Iouri Ouchakov.` —
what was said is the sentence before (or the quote that closed it)."""

from __future__ import annotations

from collections.abc import Iterator

from claimscope.attribution.constructions.reported import cue_entry
from claimscope.attribution.context import SentenceContext, trim
from claimscope.attribution.tokens import inverted_subject, is_negated, mention_from
from claimscope.records import Attribution, Kind
from claimscope.text import fold

MAX_OPENING_TOKENS = 6


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    if ctx.previous is None or not _opens_anaphorically(ctx):
        return
    for token in ctx.sent[:MAX_OPENING_TOKENS]:
        entry = cue_entry(ctx, token)
        if entry is None or is_negated(token):
            continue
        subjects = [c for c in token.children if c.dep_.startswith("nsubj") and c.i > token.i]
        subject = subjects[0] if subjects else inverted_subject(token)
        if subject is None:
            return
        quote = ctx.quote_ending_at(ctx.previous.end) or ctx.quote_ending_at(ctx.previous.end - 1)
        if quote is not None and quote.outer.start >= ctx.previous.start:
            content, kind = quote.inner, Kind.DIRECT
        else:
            span = trim(ctx.text, ctx.previous.start, ctx.previous.end)
            if span is None:
                return
            content, kind = span, Kind.INDIRECT
        yield ctx.attribution(mention_from(subject, ctx.base), ctx.cue(token, entry), content, 0.7, "anaphoric", kind)
        return


def _opens_anaphorically(ctx: SentenceContext) -> bool:
    opening = fold(ctx.sent.text[:40])
    return any(opening.startswith(fold(o)) for o in ctx.lexicon.anaphoric_openers)

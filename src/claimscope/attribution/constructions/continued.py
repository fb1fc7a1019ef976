"""A source carried into the next sentence by the reporting conditional: `Selon des sources
russes, la ville serait occupée. Vovtchansk serait également sous contrôle russe.` French news
marks words it does not vouch for with the conditional; right after a sentence that opens on
`Selon X,`, a conditional sentence with no cue of its own goes on reporting X.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from claimscope.attribution.constructions import according
from claimscope.attribution.constructions.reported import cue_entry
from claimscope.attribution.context import SentenceContext, trim
from claimscope.attribution.tokens import present_participle
from claimscope.records import Attribution, Kind

CONFIDENCE = 0.6


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    if ctx.previous is None or ctx.is_heading or not _conditional(ctx) or _has_own_cue(ctx):
        return
    source = _opening_source(ctx)
    if source is None:
        return
    start, end = ctx.offset(ctx.sent[0]), ctx.offset(ctx.sent[-1]) + len(ctx.sent[-1].text)
    content = trim(ctx.text, start, end)
    if content is not None:
        yield ctx.attribution(source.speaker, None, content, CONFIDENCE, "according_continued", Kind.ACCORDING_TO)


def _conditional(ctx: SentenceContext) -> bool:
    """A conditional verb outside quotes (`serait`, `aurait pris`; the parser often misses the
    main clause, so any will do) other than a forecast's modal (`devrait`), and no `si` that
    would make it a hypothesis."""
    tokens = [t for t in ctx.sent if not ctx.inside_quote(ctx.offset(t))]
    if any(t.pos_ == "SCONJ" and t.lower_ in ctx.lexicon.hypothesis_marks for t in tokens):
        return False
    return any(
        t.pos_ in {"VERB", "AUX"} and "Cnd" in t.morph.get("Mood", []) and t.lemma_ not in ctx.lexicon.forecast_modals
        for t in tokens
    )


def _has_own_cue(ctx: SentenceContext) -> bool:
    """A finite cue or an according-to phrase gives the sentence a voice of its own (a gerund
    such as `En revendiquant …` does not)."""
    for token in ctx.sent:
        if ctx.inside_quote(ctx.offset(token)):
            continue
        if cue_entry(ctx, token) is not None and not present_participle(token):
            return True
    return any(True for _ in according.find(ctx))


def _opening_source(ctx: SentenceContext) -> Attribution | None:
    """The `Selon X,` that opens the sentence just before, in the same paragraph."""
    previous = ctx.previous
    if previous is None or previous.start < ctx.base or previous.end > ctx.offset(ctx.sent[0]):
        return None
    span = ctx.sent.doc.char_span(previous.start - ctx.base, previous.end - ctx.base, alignment_mode="expand")
    if span is None:
        return None
    for found in according.find(dataclasses.replace(ctx, sent=span)):
        if found.cue is not None and found.cue.span.start == ctx.offset(span[0]) and found.speaker is not None:
            return found
    return None

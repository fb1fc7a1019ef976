"""Inverted reporting clauses: `« … », a indiqué X`, `Les combats continuent, affirme X`."""

from __future__ import annotations

from collections.abc import Iterator

from claimscope.attribution.constructions.reported import cue_entry
from claimscope.attribution.context import SentenceContext, trim
from claimscope.attribution.tokens import (
    EMPTY_SUBJECTS,
    infinitive,
    inverted_subject,
    is_negated,
    mention_from,
    present_participle,
    subject_of,
)
from claimscope.records import Attribution, Kind, Span


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    for token in ctx.sent:
        entry = cue_entry(ctx, token)
        # the tagger often reads an inverted "dit"/"lance" as a participle: only rule out
        # forms that cannot head an incise (infinitives, present participles)
        if entry is None or is_negated(token) or present_participle(token) or infinitive(token):
            continue
        before_subject = subject_of(token)
        if before_subject is not None and before_subject.i < token.i and before_subject.lower_ not in EMPTY_SUBJECTS:
            continue
        subject = inverted_subject(token)
        if subject is None:
            continue
        cue = ctx.cue(token, entry)
        # the incise follows a comma or a closing quote; a sentence may open with it
        # ("– a déclaré Kovalenko.") when the quote closed just before
        before = ctx.text[ctx.offset(ctx.sent[0]) : cue.span.start].strip(" -–—")
        if before and before[-1] not in ',»”"':
            continue
        if not before and ctx.quote_ending_at(cue.span.start) is None:
            continue
        sentence_start = ctx.offset(ctx.sent[0])
        quote = ctx.quote_ending_at(cue.span.start)
        content: Span | None
        if quote is not None:
            content = quote.inner
            kind = Kind.DIRECT
        else:
            content = trim(ctx.text, sentence_start, cue.span.start)
            kind = Kind.INDIRECT
        if content is None:
            continue
        speaker = mention_from(subject, ctx.base)
        yield ctx.attribution(speaker, cue, content, 0.8, "inverted", kind)

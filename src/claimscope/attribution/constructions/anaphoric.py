"""A cue that points back: `C'est ce qu'indique l'AFP.`, `Ainsi a résumé Iouri Ouchakov.` —
what was said is the sentence before (or the quote that closed it); `…, comme le rapporte Tass.`
— the sentence's other clause."""

from __future__ import annotations

from collections.abc import Iterator

from claimscope.attribution.constructions.according import LEAD, TAIL
from claimscope.attribution.constructions.reported import cue_entry
from claimscope.attribution.context import SentenceContext, beside_phrase, trim
from claimscope.attribution.mention_span import mention_from
from claimscope.attribution.tokens import inverted_subject, is_negated
from claimscope.records import Attribution, Kind
from claimscope.text import fold

MAX_OPENING_TOKENS = 6
OWN_CONTENT = {"ccomp", "obj", "xcomp"}  # what a cue would report in its own clause


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    yield from _as_told(ctx)
    if ctx.previous is None or not _opens_anaphorically(ctx):
        return
    for token in ctx.sent[:MAX_OPENING_TOKENS]:
        entry = cue_entry(ctx, token)
        if entry is None or is_negated(token):
            continue
        subjects = [c for c in token.children if c.dep_.startswith("nsubj") and c.i > token.i]
        subject = subjects[0] if subjects else inverted_subject(token, subject_only=True)
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


def _as_told(ctx: SentenceContext) -> Iterator[Attribution]:
    """`…, comme le rapporte l'agence Tass.`, `Comme l'a indiqué le Kremlin, …`: a cue whose clause
    opens on a mark of comparison, with no content of its own but a pronoun standing for the
    sentence's other clause: that clause is what the source told."""
    lexicon = ctx.lexicon
    for token in ctx.sent:
        entry = cue_entry(ctx, token)
        if entry is None or entry.cls not in lexicon.as_told_classes or entry.lemma in lexicon.commitments:
            continue
        if token.dep_ != "advcl" or is_negated(token) or ctx.inside_quote(ctx.offset(token)):
            continue  # "« Nous sommes d'accord, comme le Président l'a indiqué »": the speaker's own words
        children = list(token.children)
        if not any(c.dep_ == "mark" and fold(c.text) in lexicon.as_told_marks for c in children):
            continue
        own = [c for c in children if c.dep_ in OWN_CONTENT and c.pos_ != "PRON"]
        clitic = any(c.dep_ in OWN_CONTENT and c.pos_ == "PRON" and c.i < token.i for c in children)
        subject = next((c for c in children if c.dep_.startswith("nsubj")), None)
        if subject is None and clitic and len(own) == 1 and own[0].i > token.i:
            subject = own[0]  # "comme l'a rapporté l'agence Tass": the parser's object is the subject
        subject = subject or inverted_subject(token, subject_only=True)
        if subject is None or any(c is not subject for c in own):
            continue  # "comme la Russie affirme que …", "comme il annonce la prise": words of its own
        first, last = token.left_edge, token.right_edge
        if "," not in ctx.text[ctx.offset(last) : ctx.offset(ctx.sent[-1])]:
            last = ctx.sent[-1]  # the clause ends the sentence (the parser may hang its last name elsewhere)
        content = beside_phrase(ctx, ctx.offset(first), ctx.offset(last) + len(last.text), LEAD, TAIL)
        if content is not None:
            yield ctx.attribution(mention_from(subject, ctx.base), ctx.cue(token, entry), content, 0.75, "anaphoric")

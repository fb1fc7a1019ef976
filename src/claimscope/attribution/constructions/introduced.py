"""Points a colon introduces: `Le ministre a déclaré mardi :` or `… a donné les principaux points
des déclarations du commandant en chef :` ending its paragraph, then a list (`- …`, `• …`), or a
paragraph of unquoted words, as briefings and agency summaries lay them out: each point is the
speaker's, an attribution of its own (a quote after the colon is read by `reported`); and a
title's `Une annonce du Kremlin : …`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Token

from claimscope.attribution.constructions.reported import content_of, cue_entry
from claimscope.attribution.context import SentenceContext, trim
from claimscope.attribution.mention_span import mention_from
from claimscope.attribution.tokens import EMPTY_SUBJECTS, finite_or_perfect, is_negated, subject_of
from claimscope.lang import merged
from claimscope.records import Attribution, Cue, Mention, Span
from claimscope.text import fold

INTRODUCED = "introduced"
LIST_MARK = re.compile(r"[-–—•*▪] +(?=\S)")
PROSE_END = (".", "!", "?", "…", "»", '"', "”")
MOST_POINTS = 30  # a list longer than this is no one's points (a table, a menu)
DE = frozenset({"de", "d'", "d’", "du", "des"})
DEFINITE = tuple(merged("groups")["definite"])  # "le ", "du ": a definite description


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    yield from _titled(ctx)
    colon = ctx.sent[-1]
    after = ctx.offset(colon) + 1
    line_end = ctx.text.find("\n", after)
    if colon.text != ":" or line_end < 0 or ctx.text[after:line_end].strip():
        return  # the colon must end its paragraph: what it introduces is below
    introducer = _introducer(ctx)
    if introducer is None:
        return
    speaker, cue = introducer
    for content in _points(ctx.text, line_end + 1):
        yield ctx.attribution(speaker, cue, content, 0.6, INTRODUCED)


def _introducer(ctx: SentenceContext) -> tuple[Mention, Cue] | None:
    """The speaker and cue of the sentence the colon ends: a saying verb with no words of its own
    before the colon (`a déclaré mardi :`), or a saying noun and whose it is (`les déclarations du
    commandant en chef :`, `X a fait les déclarations suivantes :`)."""
    for token in reversed(ctx.sent):
        entry = cue_entry(ctx, token)
        if entry is not None:
            if not finite_or_perfect(token) or is_negated(token) or content_of(ctx, token, entry)[0] is not None:
                return None
            subject = _speaker(subject_of(token), token)
            return (mention_from(subject, ctx.base), ctx.cue(token, entry)) if subject is not None else None
        cls = ctx.lexicon.nouns.get(token.lower_)
        if cls is not None and token.pos_ == "NOUN":
            owner = next((c for c in token.children if c.dep_ == "nmod" and _of(c)), None)
            if owner is None and token.dep_ == "obj":
                owner = subject_of(token.head)
            subject = _speaker(owner, token)
            if subject is None:
                return None
            return _owner(ctx, subject), _noun_cue(ctx, token, cls)
    return None


def _titled(ctx: SentenceContext) -> Iterator[Attribution]:
    """A title whose words before a colon are a saying and whose it is (`Une annonce du Kremlin :
    Pokrovsk et Vovtchansk sous contrôle russe`): what follows the colon is that source's, not
    the outlet's own statement."""
    colon = next((t for t in ctx.sent if t.text == ":"), None)
    if not ctx.is_heading or colon is None or colon.i == ctx.sent[-1].i:
        return
    for token in ctx.sent.doc[ctx.sent.start : colon.i]:
        if token.pos_ != "NOUN" or ctx.lexicon.nouns.get(token.lower_) not in ctx.lexicon.title_classes:
            continue
        owner = next((c for c in token.children if c.dep_ == "nmod" and _of(c) and c.i < colon.i), None)
        subject = _speaker(owner, token)
        content = trim(ctx.text, ctx.offset(colon) + 1, ctx.offset(ctx.sent[-1]) + len(ctx.sent[-1].text))
        if subject is None or content is None:
            return
        cue = _noun_cue(ctx, token, ctx.lexicon.nouns[token.lower_])
        yield ctx.attribution(_owner(ctx, subject), cue, content, 0.6, "headline")
        return


def _noun_cue(ctx: SentenceContext, noun: Token, cls: str) -> Cue:
    """A saying noun as the cue ("les déclarations du commandant", "Une annonce du Kremlin")."""
    start = ctx.offset(noun)
    return Cue(Span(start, start + len(noun.text)), noun.text, noun.lemma_.lower(), cls)


def _owner(ctx: SentenceContext, owner: Token) -> Mention:
    """Whose the saying noun is, with its article when the preposition carries one ("du
    commandant en chef": "de le"), which makes the role noun a definite description."""
    mention = mention_from(owner, ctx.base)
    case = next((c for c in owner.children if c.dep_ == "case" and c.i < owner.i), None)
    if case is None or not f"{fold(case.text)} ".startswith(DEFINITE):
        return mention
    start = ctx.offset(case)
    return replace(mention, span=Span(start, mention.span.end), text=ctx.text[start : mention.span.end])


def _of(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and any(c.lower_ in DE for c in token.children if c.dep_ == "case")


def _speaker(subject: Token | None, cue: Token) -> Token | None:
    if subject is None or subject.lower_ in EMPTY_SUBJECTS or subject.pos_ in {"VERB", "AUX"}:
        return None
    return subject if subject.i != cue.i else None


def _points(text: str, start: int) -> Iterator[Span]:
    """The list items from ``start`` on (blank lines skipped), each without its mark and final
    full stop; with no list, the one paragraph of prose that follows, unless it opens a quote."""
    found = 0
    for line_start, line in _lines(text, start):
        indent = len(line) - len(line.lstrip())
        line_start, line = line_start + indent, line[indent:]
        mark = LIST_MARK.match(line)
        if mark is not None and found < MOST_POINTS:
            point = trim(text, line_start + mark.end(), line_start + len(line))
            if point is not None:
                found += 1
                yield point
            continue
        if not found and line.rstrip().endswith(PROSE_END) and line[:1] not in '«“"':
            prose = trim(text, line_start, line_start + len(line))
            if prose is not None:
                yield prose
        return


def _lines(text: str, start: int) -> Iterator[tuple[int, str]]:
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text[start:end].strip():
            yield start, text[start:end]
        start = end + 1

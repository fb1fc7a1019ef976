"""According-to sources: `According to Kyiv, …`, `…, according to the ministry.`, `according to a
statement from the Kremlin`."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimscope.attribution.context import SentenceContext, beside_phrase
from claimscope.attribution.english.grammar import RELATIVE_PRONOUNS, TIME_NOUNS, mention
from claimscope.attribution.lexicon import PrepositionCue
from claimscope.records import Attribution, Cue, Kind, Span

LEAD, TAIL = " ,;:—–-", ' ,;:.!?—–-"”'  # no words before / after an according-to phrase

SOURCE_OF = {"from", "by", "of"}  # "a statement from the ministry": the ministry speaks


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    tokens = list(ctx.sent)
    for n, token in enumerate(tokens):
        prep = _match(ctx, tokens, n)
        if prep is None or ctx.inside_quote(ctx.offset(token)):
            continue
        last_word = tokens[n + len(prep.words) - 1]
        if last_word.pos_ != "ADP" or (n > 0 and tokens[n - 1].like_num):
            continue  # "57 per cent", "$5 per share": a rate, no source
        head = _source_head(last_word)
        if head is None or not _can_be_source(ctx, head):
            continue
        phrase = [t for t in head.subtree if t.i >= token.i]
        end_token = max(phrase, key=lambda t: t.i)
        speaker = mention(_speaker_in_noun(ctx, head), ctx.base)
        cue_span = Span(ctx.offset(token), ctx.offset(last_word) + len(last_word.text))
        cue = Cue(cue_span, ctx.text[cue_span.start : cue_span.end], " ".join(prep.words), prep.cls)
        content = beside_phrase(ctx, cue_span.start, ctx.offset(end_token) + len(end_token.text), LEAD, TAIL)
        if content is not None:
            yield ctx.attribution(speaker, cue, content, 0.85, "according_to", Kind.ACCORDING_TO)


def _match(ctx: SentenceContext, tokens: list[Token], n: int) -> PrepositionCue | None:
    for prep in ctx.lexicon.prepositions:
        if [t.lower_ for t in tokens[n : n + len(prep.words)]] == list(prep.words):
            return prep
    return None


def _source_head(last_word: Token) -> Token | None:
    """The noun the preposition governs ("according to the ministry")."""
    objects = [c for c in last_word.children if c.dep_ == "pobj"]
    if objects:
        return objects[0]
    following = last_word.doc[last_word.i + 1 : last_word.i + 6]
    return next((t for t in following if t.pos_ in {"NOUN", "PROPN", "PRON"} and t.head.i <= t.i), None)


def _can_be_source(ctx: SentenceContext, head: Token) -> bool:
    """`according to plan`, `per cent` introduce no source."""
    lemma = head.lemma_.lower()
    return not (
        head.pos_ in {"VERB", "AUX", "NUM"}
        or head.lower_ in RELATIVE_PRONOUNS
        or lemma in ctx.lexicon.not_sources
        or lemma in TIME_NOUNS
    )


def _speaker_in_noun(ctx: SentenceContext, head: Token) -> Token:
    """`a statement from the ministry`, `the ministry's statement`, `the account provided by the
    serviceman`: the report's author speaks."""
    if head.lemma_.lower() not in ctx.lexicon.nouns:
        return head
    for child in head.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "acl" and child.i == head.i + 1:  # "… provided by X", "… issued by X"
            by = next((c for c in child.children if c.dep_ == "agent"), None)
            author = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            if author is not None:
                return author
        if child.dep_ == "prep" and child.lower_ in SOURCE_OF:
            author = next((c for c in child.children if c.dep_ == "pobj"), None)
            if author is not None:
                return author
    return head

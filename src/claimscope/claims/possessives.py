"""Whom a possessive before a title stands for ("Witkoff and his son-in-law", "Trump sent his
envoy Steve Witkoff and his son-in-law Jared Kushner"), for the English titles of premodified.py."""

from __future__ import annotations

import re

from claimscope.claims.context import DocumentContext
from claimscope.records import Span
from claimscope.text import fold, fold_chars

LEFT_CHARS = 150  # before a possessive, where the person it stands for may be named
TITLE_CHARS = 60  # a title between a possessive and the name it describes ("his special envoy")
BREAKS = re.compile(r"[,;:()\u2014\u2013]|\s-\s")  # a title has none of these inside


def possessor(pronoun_at: int, person_at: int, ctx: DocumentContext) -> str | None:
    """Whom "his" stands for: the person named last before it ("Witkoff and his son-in-law"), an
    entity or a name the knowledge base knows that the tagger left out; in the second of two
    coordinated titles opened by the same possessive, whom the first one's stands for."""
    parallel = _parallel_possessive(pronoun_at, ctx)
    if parallel is not None:
        return possessor(*parallel, ctx)
    described = next((e for e in ctx.entities if e.span.start == person_at), None)
    named = [
        (e.span.start, e.name)
        for e in ctx.by_label.get("PER", ([], []))[1]
        if e.span.end <= pronoun_at and ctx.is_person(e) and (described is None or e.name != described.name)
    ]
    before = ctx.words_in(Span(max(0, pronoun_at - LEFT_CHARS), pronoun_at))
    known = [(w.start, p.name) for w in before if w.token.text[:1].isupper() and (p := ctx.kb.person(w.token.text))]
    found = [(at, name) for at, name in [*named, *known] if described is None or name != described.name]
    if not found:
        return None
    name = max(found)[1]
    person = ctx.kb.person(name)
    return person.name if person else name


def _parallel_possessive(pronoun_at: int, ctx: DocumentContext) -> tuple[int, int] | None:
    """ "Trump sent his envoy Steve Witkoff and his son-in-law Jared Kushner": the second "his" is
    Trump's as the first is, not Witkoff's (as it is in "Witkoff and his son-in-law"). The first
    possessive and the name its title describes, when the pronoun follows that name and "and"."""
    text = ctx.document.text
    words = text[pronoun_at : pronoun_at + TITLE_CHARS].split(maxsplit=1)
    if not words:
        return None
    pronoun, conjunction = fold(words[0]), re.escape(ctx.rules.titles.conjunction)
    joined = re.compile(rf"\s*,?\s*{conjunction}\s+")
    opened = re.compile(rf"(?:^|\s)({re.escape(pronoun)})\s")
    for entity in ctx.by_label.get("PER", ([], []))[1]:
        if entity.span.end > pronoun_at or not joined.fullmatch(fold_chars(text[entity.span.end : pronoun_at])):
            continue
        start = max(0, entity.span.start - TITLE_CHARS)
        title = fold_chars(text[start : entity.span.start]).rstrip(" ,")
        last = next(reversed(list(opened.finditer(title))), None)
        between = title[last.end() :] if last else ""
        if last and not BREAKS.search(between) and not re.search(rf"(?:^|\s){conjunction}(?:\s|$)", between):
            return start + last.start(1), entity.span.start
    return None

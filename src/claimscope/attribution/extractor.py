"""Runs the construction rules of the document's language over each sentence and settles what
they found."""

from __future__ import annotations

from collections import defaultdict

from claimscope.attribution.bare_quote import attribute_bare_quotes, quoted_heading
from claimscope.attribution.context import SentenceContext
from claimscope.attribution.lexicon import lexicon
from claimscope.attribution.quotes import Quote, QuoteIndex, find_quotes
from claimscope.attribution.transcript import attribute_transcripts
from claimscope.lang import module
from claimscope.nlp.parsing import ParsedDocument, sentences_of
from claimscope.records import Attribution, Span

TAIL_CONSTRUCTIONS = {"participial", "according_to"}
SPLIT_QUOTE = "split_quote"
MANY_PARTS = {SPLIT_QUOTE, "split_clause", "introduced"}  # constructions giving one cue several contents


def extract(parsed: ParsedDocument) -> list[Attribution]:
    text = parsed.document.text
    language = parsed.document.language or ""
    lex = lexicon(language)
    rules = module(language).constructions().values()
    found: list[Attribution] = []
    all_quotes: list[tuple[int, Quote]] = []
    for number, (para, doc) in enumerate(parsed.paragraphs):
        base = para.span.start
        all_quotes.extend((number, Quote(q.outer.shifted(base), q.inner.shifted(base))) for q in find_quotes(doc.text))
    # quotes are document-wide: an incise may close a quote opened in the paragraph before
    quotes = QuoteIndex([q for _, q in all_quotes])
    previous: Span | None = None
    for number, (para, doc) in enumerate(parsed.paragraphs):
        sentences = [doc[:]] if para.is_heading else sentences_of(doc)
        for sent in sentences:
            ctx = SentenceContext(sent, para.span.start, text, quotes, lex, number, para.is_heading, previous)
            for rule in rules:
                found.extend(rule(ctx))
            if not para.is_heading:
                previous = Span(para.span.start + sent.start_char, para.span.start + sent.end_char)
    found.extend(attribute_transcripts(text, parsed.paragraphs))
    found = _settle(found)
    _cut_tails(found, text)
    headings = frozenset(
        number
        for number, (para, _) in enumerate(parsed.paragraphs)
        if para.is_heading or quoted_heading(text[para.span.start : para.span.end])
    )
    found.extend(attribute_bare_quotes(text, all_quotes, found, lex.title_nouns, headings))
    return sorted(found, key=lambda a: (a.content.start, a.content.end))


def _settle(found: list[Attribution]) -> list[Attribution]:
    """One attribution per cue: when two rules read the same cue, keep the surer one; a quote
    split by its incise keeps its two parts, and a colon's list its points, and no other reading
    of that cue."""
    split = [a for a in found if a.construction in MANY_PARTS]
    split_cues = {_cue_key(a) for a in split}
    by_cue: dict[tuple[int, int], Attribution] = {}
    for attribution in found:
        key = _cue_key(attribution)
        if attribution.construction in MANY_PARTS or key in split_cues:
            continue
        kept = by_cue.get(key)
        if kept is None or attribution.confidence > kept.confidence:
            by_cue[key] = attribution
    return [*by_cue.values(), *split]


def _cue_key(attribution: Attribution) -> tuple[int, int]:
    return (attribution.cue.span.start, attribution.cue.span.end) if attribution.cue else (-1, id(attribution))


def _cut_tails(found: list[Attribution], text: str) -> None:
    """Reported words stop where another voice's cue takes over: `ajouté que A, soulignant B`
    and `a annoncé que A, selon un communiqué` both end A before the comma."""
    by_paragraph: dict[int, list[Attribution]] = defaultdict(list)
    for attribution in found:
        by_paragraph[attribution.paragraph].append(attribution)
    for tail in found:
        if tail.cue is None or tail.construction not in TAIL_CONSTRUCTIONS:
            continue
        cue_start = tail.cue.span.start
        for other in by_paragraph[tail.paragraph]:
            if other is tail or not (other.content.start < cue_start < other.content.end):
                continue
            cut = text.rfind(",", other.content.start, cue_start)
            if cut > other.content.start and text[cut:cue_start].strip(" ,") == "":
                other.content = Span(other.content.start, cut)

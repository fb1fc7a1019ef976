"""English incises, the cue after what it reports: `"…," X said`, `"…," said X`, `…, the
ministry said.`, `…, Chief of the General Staff Valery Gerasimov said.`."""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.attribution.context import INCISE_GAP, SentenceContext, trim
from claimscope.attribution.english.content import Found, clause_of, span_of
from claimscope.attribution.english.grammar import ADDRESSING, AUDIENCES, PERSON_HEADS, loose_subject
from claimscope.attribution.quotes import Quote

INCISE_POS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "PART"}  # the words of an incise's speaker
TITLE_LINKS = {"of", "for", "-", "'s", "’s"}  # "Chief of the General Staff of the Russian armed forces X"
MIN_CLAUSE_WORDS = 3  # "Pokrovsk has fallen, the ministry said"
INCISE_ENDS = ",?!—–-…"  # how a quote that an incise follows ends
DASHES = ("-", "–", "—")
INCISE_MARKS = (",", " -", "–", "—")  # what an incise follows when it ends a clause of unquoted words


def content_before(ctx: SentenceContext, verb: Token, subject: Token, alone: bool) -> Found | None:
    """What the cue closes: `"…," X said`, `"…," said X`, `…, the ministry said.` (an incise
    opens after a comma or a closing quote, its clause before it)."""
    if not _ends_clause(verb, subject):
        return None  # "…, Russia maintained a critical stance": a clause of its own, no incise
    first = verb.doc[min(verb.i, subject.left_edge.i)]
    first = _incise_start(ctx, first) or first
    offset = ctx.offset(first)
    quote = ctx.quotes.last_ending_by(offset)
    opens = quote is not None and ctx.text[ctx.offset(ctx.sent[0]) : quote.outer.start].strip(INCISE_GAP + "(") == ""
    if quote is not None and opens and _closes_on(ctx, quote, offset, alone):
        content = trim(ctx.text, quote.inner.start, quote.inner.end)
        return Found(content, True, 0.9) if content is not None else None
    if not _incise_position(ctx, first):
        return None
    clause = clause_of(ctx, verb, after=False, before=first.i)
    if clause is not None:
        span = span_of(ctx, *clause)
    else:  # the parser hung the incise inside the clause: all of the sentence before its comma
        words = [t for t in ctx.sent.doc[ctx.sent.start : first.i] if not t.is_punct]
        if len(words) < MIN_CLAUSE_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in words):
            return None  # "However, ISW found …", "Meanwhile, Putin commented …": no clause
        start = ctx.offset(ctx.sent[0])
        comma = max(ctx.text.rfind(mark, start, offset) for mark in INCISE_MARKS)
        span = trim(ctx.text, start, comma) if comma > start else None
    return Found(span, False, 0.85) if span is not None else None


def content_within(ctx: SentenceContext, verb: Token) -> Found | None:
    """An incise between commas inside the clause it reports: `Those signs, he says, will be
    posted outside`, `…, which, he said, scared the man off`, `The bank, he continued, intervenes
    …`: what follows the incise, to the end of the clause the parser hung it on."""
    doc = verb.doc
    words = [t for t in verb.subtree if not t.is_punct]  # the incise, without the commas around it
    first, last, head = words[0], words[-1], verb.head
    if verb.dep_ != "parataxis" or head.i <= last.i or not _ends_clause(verb) or ctx.inside_quote(ctx.offset(head)):
        return None
    if first.i == 0 or doc[first.i - 1].text != "," or last.i + 2 >= len(doc) or doc[last.i + 1].text != ",":
        return None
    end = head.right_edge
    while end.i > last.i + 2 and end.is_punct:
        end = doc[end.i - 1]
    span = span_of(ctx, doc[last.i + 2], end)
    return Found(span, False, 0.8) if span is not None else None


def _ends_clause(verb: Token, subject: Token | None = None) -> bool:
    """Nothing the cue could report follows it, only its audience, time and place (`"…," he
    told reporters on Monday`, `"…?" King asked Scott`, `"…," Putin told his top brass`: the
    object of a verb that addresses someone is whom it addresses), or its ``subject`` the parser
    took for an object (`‘…,' reads a social media post`)."""
    addressing = verb.lemma_.lower() in ADDRESSING
    return not any(
        c.i > verb.i
        and (subject is None or c.i != subject.i)
        and c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "oprd"}
        and not (c.dep_ == "xcomp" and verb.doc[c.left_edge.i - 1].text == ",")  # "told AFP, to follow up"
        and not (c.dep_ == "dobj" and addressing and (c.pos_ in {"NOUN", "PROPN"} or c.tag_ == "PRP"))
        and c.lemma_.lower() not in AUDIENCES
        and not (c.dep_ == "dobj" and c.left_edge.i == verb.i + 1 and (c.ent_type_ == "PER" or c.pos_ == "PRON"))
        for c in verb.children
    )


def _closes_on(ctx: SentenceContext, quote: Quote, offset: int, alone: bool) -> bool:
    """The quote ends on its incise: `"… now," he said`, `"Why?" she asked`; a quote that ends
    its sentence (`"…." He said that …`) only when the cue has no other words to report
    (`"…." Trump told reporters.`)."""
    gap = ctx.text[quote.outer.end : offset]
    last = ctx.text[quote.inner.end - 1 : quote.inner.end]
    return gap.strip(INCISE_GAP) == "" and ("," in gap or last in INCISE_ENDS or alone)


def _incise_position(ctx: SentenceContext, first: Token) -> bool:
    """The incise follows a comma, a closing quote or a dash (`… - emphasized the President.`, as
    translations from Ukrainian and Russian write it) and ends its sentence."""
    before = ctx.text[ctx.offset(ctx.sent[0]) : ctx.offset(first)].rstrip()
    dashes = "".join(DASHES)
    return bool(before) and (before[-1] in dashes or before.rstrip(" " + dashes)[-1:] in (",", "”", '"', "'"))


def incise_subject(ctx: SentenceContext, verb: Token, incise_only: bool = False) -> Token | None:
    """A sentence-final incise's speaker the parser hung elsewhere (`…, Valery Gerasimov said.`);
    for a cue that is only ever an incise, the object the parser gives it right after a quote
    (`‘…,' reads a social media post`): such a verb reports the quote, its "object" is who wrote
    it; so is, after any cue, an object that is someone and ends the sentence (`… - emphasized the
    President.`)."""
    dashed = verb.dep_ == "conj" and verb.i > 0 and verb.doc[verb.i - 1].text in DASHES  # "… - emphasized X"
    if verb.dep_ != "ROOT" and not dashed:
        return None
    objects = [c for c in verb.children if c.dep_ in {"ccomp", "dobj"} and c.i > verb.i]
    if objects:
        first = objects[0]
        someone = _someone_last(first) and verb.lemma_.lower() not in ADDRESSING  # not "…, told the Mayor"
        inverted = first.dep_ == "dobj" and _incise_position(ctx, verb) and (incise_only or someone)
        return first if inverted and loose_subject(verb) is None else None
    if dashed:
        return None
    subject = loose_subject(verb)
    if subject is None or (subject.i < verb.i and not _after_comma(ctx, subject)):
        return None
    return subject


def _someone_last(obj: Token) -> bool:
    """The object names a person and only punctuation follows it in its sentence."""
    person = obj.lemma_.lower() in PERSON_HEADS or obj.ent_type_ == "PERSON"
    return person and all(t.is_punct for t in obj.doc[obj.right_edge.i + 1 : obj.sent.end])


def _after_comma(ctx: SentenceContext, token: Token) -> bool:
    return _incise_start(ctx, token) is not None


def _incise_start(ctx: SentenceContext, token: Token) -> Token | None:
    """The first word of an incise ``token`` belongs to: the one after the sentence's last
    comma or closing quote, with only a noun phrase (no verb) between it and ``token``."""
    doc = ctx.sent.doc
    for before in reversed(doc[ctx.sent.start : token.i + 1]):
        if before.text in {",", "”", '"'} and before.i < token.i:
            return doc[before.i + 1]
        if before.pos_ not in INCISE_POS and before.lower_ not in TITLE_LINKS:
            return None
    return None

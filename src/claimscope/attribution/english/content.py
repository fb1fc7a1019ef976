"""What an English cue verb reports after it: a quote it opens, a that-clause (also one the parser
hung on a noun), an infinitive ("claimed to have …"), or an object ("denied the reports",
"dismissed X as Y", "accused X of Y")."""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Token

from claimscope.attribution.context import SentenceContext, quote_after
from claimscope.attribution.english.grammar import (
    ADDRESSING,
    AUDIENCES,
    CITED,
    COMMENT_NOUNS,
    COMPLEMENTIZERS,
    PERSON_HEADS,
    TIME_NOUNS,
    participle,
)
from claimscope.attribution.lexicon import VerbCue
from claimscope.records import Span

CLOSING = re.compile(r"[.,;:!?…]{0,2}[”\"]")  # the punctuation and closing mark after a quoted fragment
SAID = "said_obj"  # an object that is words said, after a participle too: "…, noting the terminal's status"
OBJECTS = frozenset({"obj", SAID})
THAT_REACH = 16
DASHES = {"-", "–", "—"}  # tokens after a cue where a misattached "that" may still open its clause


def cue_entry(ctx: SentenceContext, token: Token) -> VerbCue | None:
    if token.pos_ not in {"VERB", "AUX"} and not (token.dep_ == "ROOT" and token.tag_.startswith("VB")):
        return None
    following = [t.lower_ for t in token.doc[token.i + 1 : token.i + 4]]
    return ctx.lexicon.verb(token.lemma_.lower(), following, token.lower_)


class Found(NamedTuple):
    span: Span
    quoted: bool  # a whole quote
    confidence: float
    marked: bool = False  # a that-clause: "said that …"


def marked(found: Found | None) -> bool:
    return found is not None and found.marked


def content_after(ctx: SentenceContext, verb: Token, entry: VerbCue) -> Found | None:
    """What follows the cue: a quote it opens, a that-clause, an infinitive, or an object."""
    quote = quote_after(ctx, verb, " ,")
    past_audience = _past_audience(verb)
    if past_audience is not None and quote is None:  # "told the Today show the final number …"
        tokens = sorted(past_audience.subtree, key=lambda t: t.i)
        span = span_of(ctx, tokens[0], tokens[-1])
        return Found(span, False, 0.85, tokens[0].lower_ in COMPLEMENTIZERS) if span is not None else None
    clause = clause_of(ctx, verb, after=True)
    if clause is not None and _verb_between(ctx, verb, clause[0]):
        clause = None  # "acknowledged X, telling a meeting: "…"": the quote is the other cue's
    if quote is not None and (clause is None or ctx.offset(clause[0]) >= quote.outer.start):
        return Found(quote.inner, True, 0.85)
    if clause is not None:
        span = span_of(ctx, _from_that(*clause), clause[1])
        if span is not None:
            return Found(span, False, 0.9, clause[0].lower_ in COMPLEMENTIZERS)
    that = _that_after(ctx, verb)
    if that is not None:
        return Found(that, False, 0.8, True)
    if entry.cls in ctx.lexicon.infinitive_classes:
        infinitive = _infinitive(ctx, verb)
        if infinitive is not None:
            return Found(infinitive, False, 0.75)
    if participle(verb) and entry.cls == "assert" and qualifier(ctx, verb, entry) is None and SAID not in entry.content:
        return None  # "…, praising Russian fighters": an act, not words ("…, describing it as Y", "noting X" are)
    nominal = _object(ctx, verb, entry) or (_gerund(ctx, verb) if entry.content & OBJECTS else None)
    return Found(nominal, False, 0.7) if nominal is not None else None


def _past_audience(verb: Token) -> Token | None:
    """The clause a cue that addresses someone reports, which the parser hung on the last noun
    of its audience, taken for a verb ("told the Today show the final number …": "show" as the
    cue's complement, the clause as its own)."""
    if verb.lemma_.lower() not in ADDRESSING:
        return None
    audience = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    for child in verb.children:
        if child.dep_ not in {"ccomp", "xcomp"} or child.i < verb.i or child.text[:1].isupper():
            continue
        glued = child.pos_ == "NOUN" or (audience is not None and child.i == audience.right_edge.i + 1)
        if glued and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "mark"} for c in child.children):
            return next((c for c in child.children if c.dep_ == "ccomp" and c.i > child.i), None)
    return None


def _gerund(ctx: SentenceContext, verb: Token) -> Span | None:
    """ "admitted making disrespectful remarks", "denied forgetting …": a gerund is what a verb
    that takes an object reports, as its object would be."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.tag_ == "VBG" and child.i == verb.i + 1:
            tokens = sorted(child.subtree, key=lambda t: t.i)
            return ctx.token_span(tokens[0], tokens[-1])
    return None


def clause_of(ctx: SentenceContext, verb: Token, after: bool, before: int = 0) -> tuple[Token, Token] | None:
    """The cue's clausal complement on one side of it ("said (that) A", "A, he said"), with a
    second that-clause coordinated to it ("said that A and that B")."""
    for child in verb.children:
        if child.dep_ not in {"ccomp", "parataxis"} or (child.i > verb.i) != after:
            continue
        if child.dep_ == "parataxis" and after:
            continue
        tokens = sorted(child.subtree, key=lambda t: t.i)
        second = next((c for c in child.children if c.dep_ == "conj" and _second_cue(ctx, c)), None)
        if second is not None:  # "said A but also stressed that B", B's cue hung on A: A alone
            tokens = [t for t in tokens if t.i < second.left_edge.i]
            while len(tokens) > 1 and (tokens[-1].dep_ == "cc" or tokens[-1].is_punct):
                tokens.pop()
        if after:
            for other in verb.children:
                if other.dep_ == "conj" and other.i > child.i and _reported_clause(other, ctx):
                    tokens.extend(other.subtree)
            tokens.sort(key=lambda t: t.i)
        else:
            tokens = [t for t in tokens if t.i < before]  # the incise may hang inside the clause
        return tokens[0], tokens[-1]
    return None


def _second_cue(ctx: SentenceContext, conj: Token) -> bool:
    """A cue with a content clause of its own, coordinated inside another cue's content."""
    return cue_entry(ctx, conj) is not None and any(c.dep_ == "ccomp" for c in conj.children)


def _from_that(first: Token, last: Token) -> Token:
    """A clause the parser let begin before its "that" (`said -- without denying the reports --
    that A`) begins at it; not at the "that" of a clause inside it ("…, a clear indication that
    …", "A, suggesting that B")."""
    words = first.doc[first.i : last.i + 1]
    root = next((t for t in words if not first.i <= t.head.i <= last.i or t.head.i == t.i), None)
    for token in words:
        if token.dep_ == "mark" and token.lower_ in COMPLEMENTIZERS and token.head.right_edge.i >= last.i:
            return token if root is None or token.head.i == root.i else first
    return first


def _verb_between(ctx: SentenceContext, verb: Token, first: Token) -> bool:
    """A verb of its own between the cue and its clause, not one inside an aside the cue
    governs (`said -- without denying the claim -- that …`, `said in a statement sent to …`)."""
    return any(t.pos_ == "VERB" and not _aside(ctx, verb, t) for t in verb.doc[verb.i + 1 : first.i])


def _aside(ctx: SentenceContext, verb: Token, token: Token) -> bool:
    """``token`` lies in a circumstance of the cue (a prepositional phrase, or a clause opened by
    "after", "when" …) and is no cue of someone else's (`said after officials warned that …`)."""
    if cue_entry(ctx, token) is not None and any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children):
        return False
    for governed in (token, *token.ancestors):
        if governed.head.i == verb.i and governed.i != verb.i:
            return governed.dep_ == "prep" or (governed.dep_ == "advcl" and _subordinated(governed))
    return False


def _subordinated(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ not in COMPLEMENTIZERS for c in clause.children)


def _reported_clause(conj: Token, ctx: SentenceContext) -> bool:
    """A clause coordinated to the cue that goes on with its content ("said that A and that B",
    "said A, but B would …"), not another action of the speaker ("said A and left")."""
    if any(m.lower_ in COMPLEMENTIZERS for m in conj.children):
        return True
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in conj.children) and cue_entry(ctx, conj) is None


def span_of(ctx: SentenceContext, first: Token, last: Token) -> Span | None:
    """A document span of the tokens from ``first`` to ``last``, without a leading "that"."""
    doc = first.doc
    while first.i < last.i and ((first.lower_ in COMPLEMENTIZERS and first.tag_ == "IN") or first.is_punct):
        first = doc[first.i + 1]  # "that" as the parser tags a complementizer (IN), whatever its label
    return ctx.token_span(first, _before_comment(first, last))


def _before_comment(first: Token, last: Token) -> Token:
    """The last word before the writer's comment set after the words said ("…, a clear indication
    that Putin will not soften his stance"): a comma, then a noun phrase of COMMENT_NOUNS that
    opens a clause or an "of"."""
    doc = first.doc
    for comma in doc[first.i + 1 : last.i]:
        if comma.text != ",":
            continue
        words = doc[comma.i + 1 : min(last.i, comma.i + 5) + 1]
        noun = next((t for t in words if t.pos_ == "NOUN"), None)
        if noun is None or noun.lemma_.lower() not in COMMENT_NOUNS or noun.i + 1 > last.i:
            continue
        if all(t.pos_ in {"DET", "ADJ", "ADV"} for t in doc[comma.i + 1 : noun.i]) and doc[noun.i + 1].lower_ in {
            "that",
            "of",
        }:
            return doc[comma.i - 1]
    return last


def balanced(text: str, span: Span) -> Span:
    """A content that opens a quote takes its closing mark along (`called them "absurd"`), with the
    punctuation written inside it (`were “very good,”`, `“… with.”`); one that ends on an opening
    mark (nothing quoted yet) stops before it."""
    inside = text[span.start : span.end]
    for opener, closer in (("“", "”"), ('"', '"')):
        unclosed = inside.count(opener) % 2 == 1 if opener == closer else inside.count(opener) > inside.count(closer)
        if not unclosed:
            continue
        if inside.rstrip().endswith(opener):
            return Span(span.start, span.start + len(inside.rstrip()[:-1].rstrip()))
        tail = CLOSING.match(text, span.end)
        if tail is not None and tail.group().endswith(closer):
            return Span(span.start, tail.end())
    return span


def _infinitive(ctx: SentenceContext, verb: Token) -> Span | None:
    """`X claimed to have seized …`: the infinitive clause is what X asserts."""
    for child in verb.children:
        between = verb.doc[verb.i + 1 : child.left_edge.i]
        if child.dep_ == "xcomp" and child.i > verb.i and any(c.tag_ == "TO" for c in child.children):
            if any(t.text == "," or t.dep_ == "dobj" for t in between):
                return None  # "told AFP, to follow up on …", "added a tax … to reduce …": a purpose, not what was said
            tokens = sorted((t for t in child.subtree if t.i > verb.i), key=lambda t: t.i)  # no relative "that"
            first = next(t for t in tokens if t.tag_ != "TO")
            return ctx.token_span(first, tokens[-1])
    return None


def _object(ctx: SentenceContext, verb: Token, entry: VerbCue) -> Span | None:
    """`denied the reports`, `hailed the "liberation"`, `dismissed X as Y` and `called X "Y"`
    (object and qualification together), `accused X of Y`, `thanked X for Y` (what the
    preposition governs), `expressed hope that Y` (the noun's clause); an audience ("told
    reporters"), a time or a pronoun is no content."""
    for word in entry.content - OBJECTS - {"obj_as"}:  # a preposition's complement: "of", "for", "on"
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == word and c.i > verb.i), None)
        rest = sorted(t for c in prep.children for t in c.subtree) if prep is not None else []
        if rest:
            return ctx.token_span(rest[0], rest[-1])
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i and c.lemma_.lower() not in AUDIENCES]
    quality = qualifier(ctx, verb, entry)
    if quality is not None and (not objects or objects[0].pos_ == "PRON"):  # "what both sides described as X",
        rest = qualified_words(quality)  # "what he called X", "describing it as X"
        return ctx.token_span(rest[0], rest[-1]) if rest else None
    if not objects or objects[0].lemma_.lower() in TIME_NOUNS or objects[0].pos_ == "PRON":
        return None
    if quality is None and _voice(objects[0]):  # "branded the envoy 'a traitor'": someone qualified
        return None
    obj = objects[0]
    tokens = sorted(obj.subtree, key=lambda t: t.i)
    clause = next((c for c in obj.children if c.dep_ in {"acl", "ccomp"} and _marked_that(c)), None)
    reports = obj.lemma_.lower() in ctx.lexicon.nouns  # "denied reports that …": the reports are denied
    if clause is not None and entry.content & OBJECTS and not reports:  # "expressed cautious optimism that …"
        inner = sorted(clause.subtree, key=lambda t: t.i)
        return span_of(ctx, inner[0], inner[-1])
    if quality is not None:
        return ctx.token_span(tokens[0], max(quality.subtree, key=lambda t: t.i))
    if not entry.content & OBJECTS:
        return None
    return ctx.token_span(tokens[0], _before_aside(tokens)[-1])


def _before_aside(tokens: list[Token]) -> list[Token]:
    """An object without the writer's aside after a comma ("his desire to end the war,
    including a summit in Alaska", "the plan, which …"): a modifier after a comma adds context."""
    for token in tokens[1:-1]:
        after = token.doc[token.i + 1]
        if token.text == "," and (after.dep_ in {"prep", "acl", "relcl"} or after.tag_ in {"VBG", "VBN", "WDT"}):
            return [t for t in tokens if t.i < token.i]
    return tokens


def qualifier(ctx: SentenceContext, verb: Token, entry: VerbCue) -> Token | None:
    """What a naming cue says its object is: `called X "Y"` (Y), `described X as Y` ("as"), or
    `branded X "Y"`, which the parser reads as an apposition or an adverbial noun. A proper
    name is no qualification: "what officials call Artemivsk" names a place, says nothing of it."""
    if "obj_as" not in entry.content:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    first = obj.i if obj is not None else verb.i
    marks = ctx.lexicon.attribute_marks
    later = [c for c in verb.children if c.i > first]
    found = next((c for c in later if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in marks)), None)
    if found is not None and found.pos_ == "PROPN":
        return None
    if found is not None or obj is None or obj.i < verb.i:
        return found
    nominal = [c for c in later if c.dep_ == "npadvmod" and c.lemma_.lower() not in TIME_NOUNS]
    nominal += [c for c in obj.children if c.dep_ == "appos" and c.i > obj.i]
    return min(nominal, key=lambda t: t.i) if nominal else None


def qualified_words(quality: Token) -> list[Token]:
    """The words of a qualification: what its "as" governs, or the predicate itself."""
    if quality.dep_ == "prep":
        return sorted(t for c in quality.children for t in c.subtree)
    return sorted(quality.subtree, key=lambda t: t.i)


def _voice(obj: Token) -> bool:
    """An object that names someone ("citing an unidentified Russian official", "praised the
    troops") is a source or an addressee, not what is said; after a cue with no subject before
    it, someone named is its speaker ("… – emphasised the President"), an incise read as an object."""
    if obj.lemma_.lower() in CITED:
        return True
    verb = obj.head
    dashed = verb.i > 0 and verb.doc[verb.i - 1].text in DASHES  # "… - noted the Mayor."
    inverted = dashed or not any(c.dep_ in {"nsubj", "nsubjpass"} and c.i < verb.i for c in verb.children)
    return inverted and (obj.lemma_.lower() in PERSON_HEADS or obj.ent_type_ == "PERSON")


def _marked_that(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in COMPLEMENTIZERS for m in clause.children)


def _that_after(ctx: SentenceContext, verb: Token) -> Span | None:
    """`told Putin during a visit on Sunday that …`, `said in a statement after the recording
    became public that …`: the that-clause the parser hung on a noun or a verb past the cue's
    object and circumstances (no verb but the circumstances', no clause mark between)."""
    doc = verb.doc
    addressing = verb.lemma_.lower() in ADDRESSING  # "told Putin … that": whom it tells, not what
    things = [
        c
        for c in verb.children
        if c.dep_ == "dobj" and not _voice(c) and c.lemma_.lower() not in AUDIENCES and not addressing
    ]
    for token in doc[verb.i + 1 : min(ctx.sent.end, verb.i + THAT_REACH)]:
        if any(o.left_edge.i <= token.i <= o.right_edge.i for o in things):
            return None  # "denied reports that …": the object, with its clause, is what is denied
        if token.lower_ in COMPLEMENTIZERS and token.dep_ == "mark" and token.head.i > token.i:
            tokens = sorted(token.head.subtree, key=lambda t: t.i)
            return span_of(ctx, doc[token.i + 1], tokens[-1])  # past the mark, however tagged
        if token.text in {",", ";", ":", '"', "“", "”"}:
            return None
        if token.pos_ in {"VERB", "AUX"} and not _aside(ctx, verb, token):
            return None
    return None


def as_phrase_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i), None)

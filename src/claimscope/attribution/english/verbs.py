"""English cue verbs: `X said (that) …`, `X told reporters …`, `X said: "…"`, `"…," X said`,
`"…," said X`, `…, the ministry said.`, `X claimed to have …`, `X denied the reports`, headlines
(`Putin says …`) and participial continuations (`…, adding that …`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimscope.attribution.context import INCISE_GAP, SentenceContext, trim
from claimscope.attribution.english.grammar import (
    AUDIENCES,
    CITED,
    COMPLEMENTIZERS,
    EMPTY_SUBJECTS,
    TIME_NOUNS,
    finite,
    hypothetical,
    loose_subject,
    mention,
    negated,
    participle,
    passive_quoted,
    quoted_subject,
    subject_of,
)
from claimscope.attribution.lexicon import VerbCue
from claimscope.attribution.quotes import Quote
from claimscope.records import Attribution, Kind, Span

HEADLINE_SUBJECT_TOKENS = 5  # "Putin", "Russia's Defense Ministry", "Kremlin aide Yuri Ushakov"
QUOTE_GAP = 25  # characters between a cue and the quote it opens ("said on Monday: "…"")
SPLIT_QUOTE = "split_quote"
INCISE_POS = {"PROPN", "NOUN", "ADJ", "DET", "NUM", "PART"}  # the words of an incise's speaker
TITLE_LINKS = {"of", "for", "-", "'s", "’s"}  # "Chief of the General Staff of the Russian armed forces X"
MIN_CLAUSE_WORDS = 3  # "Pokrovsk has fallen, the ministry said"
THAT_REACH = 16  # tokens after a cue where a misattached "that" may still open its clause
INCISE_ENDS = ",?!—–-…"  # how a quote that an incise follows ends


def cue_entry(ctx: SentenceContext, token: Token) -> VerbCue | None:
    if token.pos_ not in {"VERB", "AUX"} and not (token.dep_ == "ROOT" and token.tag_.startswith("VB")):
        return None
    following = [t.lower_ for t in token.doc[token.i + 1 : token.i + 4]]
    return ctx.lexicon.verb(token.lemma_.lower(), following, token.lower_)


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    for verb in ctx.sent:
        entry = cue_entry(ctx, verb)
        if entry is None or ctx.inside_quote(ctx.offset(verb)) or negated(verb) or _free_relative(ctx, verb):
            continue
        if hypothetical(verb, ctx.lexicon.forecast_modals, ctx.lexicon.hypothesis_marks):
            continue
        quoted_as = passive_quoted(verb)
        continuing = quoted_as is None and participle(verb)
        if quoted_as is None and not continuing and not finite(verb):
            continue
        agent = _agent(verb)
        if agent is not None:  # "The visit was confirmed by Yuri Ushakov"
            content = _passive_content(ctx, verb)
            if content is not None:
                yield ctx.attribution(mention(agent, ctx.base), ctx.cue(verb, entry), content, 0.75, "agentive")
            continue
        if continuing:
            subject = _continued_subject(ctx, verb)
        else:
            subject = quoted_as or subject_of(verb) or _headline_subject(ctx, verb) or _incise_subject(ctx, verb)
        if subject is None or subject.lower_ in EMPTY_SUBJECTS or subject.pos_ in {"VERB", "AUX"}:
            continue
        speaker = mention(subject, ctx.base)
        cue = ctx.cue(verb, entry)
        construction = "participial" if continuing else "headline" if ctx.is_heading else "reported"
        after = _content_after(ctx, verb, entry)
        before = None if continuing else _content_before(ctx, verb, subject, after is None)
        if before is not None and after is not None and before.quoted and after.quoted:  # "A," he said, "B."
            yield ctx.attribution(speaker, cue, before.span, 0.9, SPLIT_QUOTE, Kind.DIRECT)
            yield ctx.attribution(speaker, cue, after.span, 0.9, SPLIT_QUOTE, Kind.DIRECT)
            continue
        # "…," he said vs. `"substantive," they acknowledged that …`: an explicit that-clause wins
        found = before if before is not None and ((before.quoted and not _marked(after)) or after is None) else after
        if found is None:
            continue
        if found is before:
            construction = "inverted"
        confidence = found.confidence - (0.1 if continuing else 0.0)
        yield ctx.attribution(speaker, cue, found.span, confidence, construction)


class Found(NamedTuple):
    span: Span
    quoted: bool  # a whole quote
    confidence: float
    marked: bool = False  # a that-clause: "said that …"


def _marked(found: Found | None) -> bool:
    return found is not None and found.marked


def _content_after(ctx: SentenceContext, verb: Token, entry: VerbCue) -> Found | None:
    """What follows the cue: a quote it opens, a that-clause, an infinitive, or an object."""
    quote = _quote_after(ctx, verb)
    clause = _clause(ctx, verb, after=True)
    if clause is not None and _verb_between(verb, clause[0]):
        clause = None  # "acknowledged X, telling a meeting: "…"": the quote is the other cue's
    if quote is not None and (clause is None or ctx.offset(clause[0]) >= quote.outer.start):
        return Found(quote.inner, True, 0.85)
    if clause is not None:
        span = _span(ctx, *clause)
        if span is not None:
            return Found(span, False, 0.9, clause[0].lower_ in COMPLEMENTIZERS)
    that = _that_after(ctx, verb)
    if that is not None:
        return Found(that, False, 0.8, True)
    if entry.cls in ctx.lexicon.infinitive_classes:
        infinitive = _infinitive(ctx, verb)
        if infinitive is not None:
            return Found(infinitive, False, 0.75)
    if participle(verb) and entry.cls == "assert":
        return None  # "…, praising Russian fighters": an act, not words ("…, citing X", "dismissing X" are)
    nominal = _object(ctx, verb, entry)
    return Found(nominal, False, 0.7) if nominal is not None else None


def _content_before(ctx: SentenceContext, verb: Token, subject: Token, alone: bool) -> Found | None:
    """What the cue closes: `"…," X said`, `"…," said X`, `…, the ministry said.` (an incise
    opens after a comma or a closing quote, its clause before it)."""
    if not _ends_clause(verb):
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
    clause = _clause(ctx, verb, after=False, before=first.i)
    if clause is not None:
        span = _span(ctx, *clause)
    else:  # the parser hung the incise inside the clause: all of the sentence before its comma
        words = [t for t in ctx.sent.doc[ctx.sent.start : first.i] if not t.is_punct]
        if len(words) < MIN_CLAUSE_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in words):
            return None  # "However, ISW found …", "Meanwhile, Putin commented …": no clause
        comma = ctx.text.rfind(",", ctx.offset(ctx.sent[0]), offset)
        span = trim(ctx.text, ctx.offset(ctx.sent[0]), comma)
    return Found(span, False, 0.85) if span is not None else None


def _ends_clause(verb: Token) -> bool:
    """Nothing the cue could report follows it, only its audience, time and place (`"…," he
    told reporters on Monday`)."""
    return not any(
        c.i > verb.i and c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "oprd"} and c.lemma_.lower() not in AUDIENCES
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
    """The incise follows a comma or a closing quote and ends its sentence."""
    before = ctx.text[ctx.offset(ctx.sent[0]) : ctx.offset(first)].rstrip(" -–—")
    return bool(before) and before[-1] in ",”\"'"


def _clause(ctx: SentenceContext, verb: Token, after: bool, before: int = 0) -> tuple[Token, Token] | None:
    """The cue's clausal complement on one side of it ("said (that) A", "A, he said"), with a
    second that-clause coordinated to it ("said that A and that B")."""
    for child in verb.children:
        if child.dep_ not in {"ccomp", "parataxis"} or (child.i > verb.i) != after:
            continue
        if child.dep_ == "parataxis" and after:
            continue
        tokens = sorted(child.subtree, key=lambda t: t.i)
        if after:
            for other in verb.children:
                if other.dep_ == "conj" and other.i > child.i and _reported_clause(other, ctx):
                    tokens.extend(other.subtree)
            tokens.sort(key=lambda t: t.i)
        else:
            tokens = [t for t in tokens if t.i < before]  # the incise may hang inside the clause
        return tokens[0], tokens[-1]
    return None


def _verb_between(verb: Token, first: Token) -> bool:
    return any(t.pos_ == "VERB" for t in verb.doc[verb.i + 1 : first.i])


def _reported_clause(conj: Token, ctx: SentenceContext) -> bool:
    """A clause coordinated to the cue that goes on with its content ("said that A and that B",
    "said A, but B would …"), not another action of the speaker ("said A and left")."""
    if any(m.lower_ in COMPLEMENTIZERS for m in conj.children):
        return True
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in conj.children) and cue_entry(ctx, conj) is None


def _quote_after(ctx: SentenceContext, verb: Token) -> Quote | None:
    """`X said: "…"`, `X told reporters on Monday: "…"`: a quote opening right after the cue."""
    start = ctx.offset(verb) + len(verb.text)
    quote = ctx.quotes.first_starting_from(start)
    if quote is None:
        return None
    gap = ctx.text[start : quote.outer.start]
    return quote if (len(gap) <= QUOTE_GAP and ":" in gap) or gap.strip(" ,") == "" else None


def _span(ctx: SentenceContext, first: Token, last: Token) -> Span | None:
    """A document span of the tokens from ``first`` to ``last``, without a leading "that"."""
    doc = first.doc
    while first.i < last.i and ((first.lower_ in COMPLEMENTIZERS and first.dep_ == "mark") or first.is_punct):
        first = doc[first.i + 1]
    return ctx.token_span(first, last)


def _infinitive(ctx: SentenceContext, verb: Token) -> Span | None:
    """`X claimed to have seized …`: the infinitive clause is what X asserts."""
    for child in verb.children:
        between = verb.doc[verb.i + 1 : child.left_edge.i]
        if child.dep_ == "xcomp" and child.i > verb.i and any(c.tag_ == "TO" for c in child.children):
            if any(t.text == "," for t in between):
                return None  # "told AFP, to follow up on …": a purpose, not what was said
            tokens = sorted(child.subtree, key=lambda t: t.i)
            first = next(t for t in tokens if t.tag_ != "TO")
            return ctx.token_span(first, tokens[-1])
    return None


def _object(ctx: SentenceContext, verb: Token, entry: VerbCue) -> Span | None:
    """`denied the reports`, `hailed the "liberation"`, `dismissed X as Y` and `called X "Y"`
    (object and qualification together), `accused X of Y`, `thanked X for Y` (what the
    preposition governs), `expressed hope that Y` (the noun's clause); an audience ("told
    reporters"), a time or a pronoun is no content."""
    for word in entry.content - {"obj", "obj_as"}:  # a preposition's complement: "of", "for", "on"
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == word and c.i > verb.i), None)
        rest = sorted(t for c in prep.children for t in c.subtree) if prep is not None else []
        if rest:
            return ctx.token_span(rest[0], rest[-1])
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i and c.lemma_.lower() not in AUDIENCES]
    as_phrase = _as_phrase(verb)
    if not objects and as_phrase is not None and "obj_as" in entry.content:  # "what both sides described as X"
        rest = sorted(t for c in as_phrase.children for t in c.subtree)
        return ctx.token_span(rest[0], rest[-1]) if rest else None
    if not objects or objects[0].lemma_.lower() in TIME_NOUNS or objects[0].pos_ == "PRON" or _voice(objects[0]):
        return None
    obj = objects[0]
    tokens = sorted(obj.subtree, key=lambda t: t.i)
    clause = next((c for c in obj.children if c.dep_ in {"acl", "ccomp"} and _marked_that(c)), None)
    reports = obj.lemma_.lower() in ctx.lexicon.nouns  # "denied reports that …": the reports are denied
    if clause is not None and "obj" in entry.content and not reports:  # "expressed cautious optimism that …"
        inner = sorted(clause.subtree, key=lambda t: t.i)
        return _span(ctx, inner[0], inner[-1])
    if "obj_as" in entry.content:
        qualified = [
            c
            for c in verb.children
            if c.i > obj.i and (c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ in ctx.lexicon.attribute_marks))
        ]
        if qualified:
            return ctx.token_span(tokens[0], max(qualified[0].subtree, key=lambda t: t.i))
    if "obj" not in entry.content:
        return None
    return ctx.token_span(tokens[0], tokens[-1])


def _voice(obj: Token) -> bool:
    """An object that names someone ("citing an unidentified Russian official", "praised the
    troops") is a source or an addressee, not what is said."""
    return obj.lemma_.lower() in CITED


def _marked_that(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ in COMPLEMENTIZERS for m in clause.children)


def _that_after(ctx: SentenceContext, verb: Token) -> Span | None:
    """`told Putin during a visit on Sunday that …`: the that-clause the parser hung on a noun
    past the cue's object and circumstances (no verb, no clause mark between)."""
    doc = verb.doc
    things = [c for c in verb.children if c.dep_ == "dobj" and not _voice(c) and c.lemma_.lower() not in AUDIENCES]
    for token in doc[verb.i + 1 : min(ctx.sent.end, verb.i + THAT_REACH)]:
        if any(o.left_edge.i <= token.i <= o.right_edge.i for o in things):
            return None  # "denied reports that …": the object, with its clause, is what is denied
        if token.lower_ in COMPLEMENTIZERS and token.dep_ == "mark" and token.head.i > token.i:
            tokens = sorted(token.head.subtree, key=lambda t: t.i)
            return _span(ctx, token, tokens[-1])
        if token.pos_ in {"VERB", "AUX"} or token.text in {",", ";", ":", '"', "“", "”"}:
            return None
    return None


def _continued_subject(ctx: SentenceContext, verb: Token) -> Token | None:
    """`…, adding that …`: the subject of the nearest governing verb that has one, outside
    quoted words."""
    found = []
    for ancestor in verb.ancestors:
        if ancestor.pos_ not in {"VERB", "AUX"} or _subordinate(ancestor):
            continue  # "said when a reporter asked him, adding …": the subordinate clause is not who adds
        subject = subject_of(ancestor) or quoted_subject(ancestor)  # "was quoted as saying, adding"
        if subject is not None and not ctx.inside_quote(ctx.offset(subject)) and subject.i < verb.i:
            if cue_entry(ctx, ancestor) is not None:
                return subject  # "denied reports that X captured …, insisting …": the denier insists
            found.append(subject)
    return found[0] if found else None


def _free_relative(ctx: SentenceContext, verb: Token) -> bool:
    """`what it said were "loud statements"`: the writer's words about a statement, not one
    (but `in what both sides described as "…"` reports their words: the "as" phrase, unless
    the phrase is what another cue reports: `dismissed what it described as …`)."""
    if not any(c.lower_ == "what" and c.i < verb.i for c in verb.children):
        return False
    return _as_phrase(verb) is None or cue_entry(ctx, verb.head) is not None


def _as_phrase(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i), None)


def _agent(verb: Token) -> Token | None:
    """The speaker of a passive cue: "confirmed by X"."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _passive_content(ctx: SentenceContext, verb: Token) -> Span | None:
    """What a passive cue reports: its passive subject ("The visit was confirmed by …")."""
    subject = next((c for c in verb.children if c.dep_ in {"nsubjpass", "csubjpass"}), None)
    if subject is None or subject.lower_ in EMPTY_SUBJECTS or subject.pos_ == "PRON":
        return None
    tokens = sorted(subject.subtree, key=lambda t: t.i)
    return ctx.token_span(tokens[0], tokens[-1])


def _incise_subject(ctx: SentenceContext, verb: Token) -> Token | None:
    """A sentence-final incise's speaker the parser hung elsewhere (`…, Valery Gerasimov said.`)."""
    if verb.dep_ != "ROOT" or any(c.dep_ in {"ccomp", "dobj"} and c.i > verb.i for c in verb.children):
        return None
    subject = loose_subject(verb)
    if subject is None or (subject.i < verb.i and not _after_comma(ctx, subject)):
        return None
    return subject


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


def _subordinate(verb: Token) -> bool:
    """A clause opened by "when", "while", "as", "after" …: no main clause's speaker."""
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in verb.children
    )


def _headline_subject(ctx: SentenceContext, verb: Token) -> Token | None:
    """`Putin says …`, `Kremlin hails victory`: a headline opens on its speaker, which the
    parser, unused to the telegraphic style, may leave unattached. Only a short capitalised
    phrase with no verb of its own counts."""
    if not ctx.is_heading:
        return None
    sent: SpacySpan = ctx.sent
    before = [t for t in sent.doc[sent.start : verb.i] if not t.is_space]
    if not before or len(before) > HEADLINE_SUBJECT_TOKENS or not before[0].text[:1].isupper():
        return None
    if any(t.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ"} or (t.is_punct and t.text != "'s") for t in before):
        return None
    nouns = [t for t in before if t.pos_ in {"NOUN", "PROPN"}]
    return nouns[-1] if nouns else None

"""The que-clause a reporting verb governs ("a indiqué que …"), found where the parser hung it
elsewhere or left its verb out; the constructions that report one read it here."""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.attribution.context import SentenceContext
from claimscope.attribution.tokens import GRAMMAR, TIME_NOUNS, finite
from claimscope.records import Span

QUE = frozenset(GRAMMAR["complementizers"])
CONJUNCTION_HEADS = frozenset(GRAMMAR.get("conjunction_heads", ()))  # "tandis que": no saying's clause
ADVERB_HEADS = frozenset(GRAMMAR.get("adverb_heads", ()))
CLAUSE_NOUNS = frozenset(GRAMMAR.get("clause_nouns", ()))
QUE_NEAR = 6  # tokens after the verb where any `que` opens its clause (as before)
CLAUSE_MARKS = {":", ";", "«", "»", '"', "“", "”", "(", ")", "."}  # marks no channel phrase crosses
QUE_REACH = 16  # how far past a prepositional phrase a conjunction `que` may still be the verb's


def que_clause(ctx: SentenceContext, verb: Token) -> tuple[Span, float] | None:
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and any(m.lower_ in QUE for m in child.children):
            first = min(child.subtree, key=lambda t: t.i)
            last = max(child.subtree, key=lambda t: t.i)
            last = _extend_coordinated(verb, _verb_left_out(verb, child, last))
            span = ctx.token_span(first, last)
            if span is not None:
                return span, 0.9
    # the parse missed the clause: take what follows a nearby `que` to the end of the sentence
    que = _que_after(ctx, verb)
    if que is not None:
        span = ctx.token_span(que, ctx.sent[-1])
        if span is not None:
            return span, 0.75
    return None


def reports_que(ctx: SentenceContext, verb: Token) -> bool:
    """A `que` of the verb's own: right after it, or past the time, place and channel of the
    saying ("s'est réjoui lundi dans un communiqué que …"); not a relative ("s'emporte contre les
    décisions que …", "se réjouit du soutien que …") nor another conjunction ("s'est emporté alors
    que …")."""
    que = _que_after(ctx, verb)
    if que is None or que.pos_ != "SCONJ" or _conjunction(ctx, verb, que):
        return False
    # "se réjouit du soutien que …": the verb's object, and a relative on it ("de ce que …" is the clause)
    between = ctx.sent.doc[verb.i + 1 : que.i]
    words = [t.lower_ for t in between if not t.lower_.endswith("ment") and t.lower_ not in TIME_NOUNS]
    return words[:1] not in (["du"], ["des"], ["de"], ["d'"]) or words[1:] in ([w] for w in CLAUSE_NOUNS)


def _que_after(ctx: SentenceContext, verb: Token) -> Token | None:
    """The `que` the parser hung elsewhere: right after the verb, or past the place, time and
    channel of the saying (`a confirmé dans une interview à Sky News que …`, which the parser
    reads as a relative on `interview`). Past an object (`a annoncé la prise de la ville que …`)
    a `que` is a relative pronoun, not the clause's."""
    prepositional = crossed = False
    for token in ctx.sent.doc[verb.i + 1 : min(ctx.sent.end, verb.i + QUE_REACH)]:
        near = token.i < verb.i + QUE_NEAR
        conjunction = token.pos_ == "SCONJ" or (near and token.pos_ == "PRON")
        if token.lower_.replace("’", "'") in QUE and conjunction:
            if crossed and token.pos_ == "PRON":
                return None  # "souligne l'importance que Moscou accorde à …": a relative pronoun
            if _conjunction(ctx, verb, token):
                return None  # "comme il l'a indiqué, tandis que …": another clause's conjunction
            return token if near or not crossed else None
        if token.pos_ == "VERB":
            return None
        if token.pos_ == "ADP":
            prepositional = True
        # past an object, a clause mark or an auxiliary, a far `que` is no longer the verb's
        crossed = crossed or token.pos_ == "AUX" or token.text in CLAUSE_MARKS
        if token.pos_ in {"NOUN", "PROPN"} and not prepositional and token.lower_ not in TIME_NOUNS:
            crossed = True
    return None


def _verb_left_out(verb: Token, clause: Token, last: Token) -> Token:
    """A que-clause the parser left without its verb, hanging the verb on the cue ("affirme que le
    projet d'autoroute entre Toulouse et Castres, jugé « climaticide », ira « jusqu'à son terme »"):
    the clause runs on to that verb's last word."""
    if any(t.pos_ in ("VERB", "AUX") for t in clause.subtree):
        return last
    verbs = [c for c in verb.children if c.i > last.i and c.dep_ == "parataxis" and c.pos_ == "VERB" and finite(c)]
    return max(verbs[0].subtree, key=lambda t: t.i) if verbs else last


def _extend_coordinated(verb: Token, last: Token) -> Token:
    """`a indiqué que A et que B`: the second clause may hang off the verb itself."""
    for child in verb.children:
        if child.dep_ == "conj" and child.i > last.i and any(m.lower_ in QUE for m in child.children):
            last = max(child.subtree, key=lambda t: t.i)
    return last


def _conjunction(ctx: SentenceContext, verb: Token, que: Token) -> bool:
    """The ``que`` ends another conjunction ("alors que", "tandis que"), unless its first word is
    an adverb of the verb it follows at once and a clause follows ("a rappelé ainsi que la loi
    interdit …", not "a témoigné ainsi que son épouse")."""
    head = que.doc[que.i - 1] if que.i > 0 else None
    if head is None or head.lower_ not in CONJUNCTION_HEADS:
        return False
    clause = any(t.pos_ in ("VERB", "AUX") and finite(t) for t in que.doc[que.i + 1 : ctx.sent.end])
    return not (head.i == verb.i + 1 and head.lower_ in ADVERB_HEADS and clause)

"""Which words tell who holds a town: a capture, a loss, a hold or a fight, as the language's
`control.triggers` list them, and not when the word tells an aim, a stake, an idiom or how
long a deed took (`claims.control` reads the claims they trigger)."""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext
from claimscope.claims.sides import OBJECT_DEPS
from claimscope.text import fold

PHRASAL_DEPS = ("prt", "dobj")  # English labels: a verb's particle and object ("hold back", "take place")


def trigger_role(token: Token, ctx: DocumentContext) -> str | None:
    """The role a word gives the side it names in a control claim (captor, loser, holder,
    fought: lang/*/claims.yaml `control.triggers`), or None when it tells no capture here."""
    triggers = ctx.rules.control_triggers
    if token.pos_ not in ("NOUN", "VERB", "ADJ"):
        return None
    infinitive = token.pos_ == "VERB" and "Inf" in token.morph.get("VerbForm", [])
    if infinitive and not (continued_verb(token, ctx) or _time_taken(token.head, ctx)):
        return None  # "l'objectif de conquérir Kramatorsk", "veut prendre la ville": an aim, not a capture
    if token.pos_ == "NOUN" and token.dep_ == "dobj" and fold(token.head.lemma_) in ctx.rules.control_aims:
        return None  # "Russian forces have sought control of the city": a goal
    if token.pos_ == "NOUN" and token.dep_ in OBJECT_DEPS and triggers.get(fold(token.head.lemma_)) == "loser":
        return None  # "Ukrainian troops lost control of Pokrovsk": the loss is read on its verb
    if token.pos_ == "NOUN" and _a_stake(token, ctx):
        return None  # "l'importance du contrôle de cette ville", "le contrôle … est un enjeu": no one holds it
    # a phrasal verb, or a verb with the object that makes it an idiom, is read whole: "hold back"
    # the enemy is a fight, "take place" no capture
    phrases = [f"{fold(token.lemma_)} {fold(c.lemma_)}" for c in token.children if c.dep_ in PHRASAL_DEPS]
    if any(p in ctx.rules.control_idioms for p in phrases):
        return None
    if _time_taken(token, ctx):
        return None
    phrasal = next((p for p in phrases if p in triggers), None)
    return triggers[phrasal] if phrasal else triggers.get(fold(token.lemma_)) or triggers.get(fold(token.text))


def _time_taken(verb: Token, ctx: DocumentContext) -> bool:
    """An expletive subject, a span of time and an infinitive, in the simple past: "it took the
    Russians a year to capture Pokrovsk" tells how long the capture took ("took the Russians" is
    no capture of them); the infinitive's capture is done (not "it will take them months to …")."""
    rules, children = ctx.rules, list(verb.children)
    told = "Past" in verb.morph.get("Tense", []) and not any(c.dep_ == "aux" for c in children)  # not "will take"
    return (
        told
        and any(c.dep_ == "nsubj" and fold(c.text) in rules.control_expletives for c in children)
        and any(fold(c.lemma_) in rules.control_spans for c in children)
        and any(c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB" for c in children)
    )


def _a_stake(noun: Token, ctx: DocumentContext) -> bool:
    """The noun hangs on one of what is at stake: "l'importance du contrôle de", "the importance
    of control of" (through its preposition), "le contrôle de X est un enjeu" (the predicate
    noun heads the clause), "control of X is a key issue" (the copula's attribute)."""
    head = noun.head.head if noun.dep_ == "pobj" else noun.head
    if head.i == noun.i:
        return False
    heads = [head, *(c for c in head.children if c.dep_ == "attr")] if noun.dep_.startswith("nsubj") else [head]
    return any(fold(h.lemma_) in ctx.rules.control_topics for h in heads)


def continued_verb(token: Token, ctx: DocumentContext) -> bool:
    """An infinitive under a verb saying it goes on ("continue to hold back the enemy"): what the
    side does now, not an aim."""
    return token.head.i != token.i and fold(token.head.lemma_) in ctx.rules.ongoing

"""The thing said, named before its cue: `une information démentie par Kiev`, `une annonce saluée
par Vladimir Poutine`, `un projet jugé « climaticide » par ses opposants`, `une affirmation que
Kiev conteste`, `l'incendie a été déclaré fixé par la préfecture`. News French packs a second
voice into a noun phrase or a passive this way; the noun (or the attribute given to it) is what
that voice said, and the agent or the relative's subject says it.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from claimscope.attribution.constructions.reported import cue_entry
from claimscope.attribution.context import SentenceContext
from claimscope.attribution.lexicon import VerbCue
from claimscope.attribution.mention_span import mention_from
from claimscope.attribution.tokens import EMPTY_SUBJECTS, RELATIVE_PRONOUNS, is_negated
from claimscope.records import Attribution, Span

ATTRIBUTE_DEPS = {"xcomp"}  # `jugé « climaticide »`
# cue classes whose passive subject is what was said ("la chute de Pokrovsk a été démentie par
# Kiev", "annoncée par le Kremlin"); not an assertion's ("le suspect a été reconnu par un témoin",
# "l'état d'urgence a été déclaré par le gouvernement": an act, no words reported)
SUBJECT_SAID = frozenset({"deny", "claim", "announce", "confirm"})
QUALIFYING = {"obj_through_de": ("de", "d'"), "obj_through_as": ("comme",)}  # `qualifié de « Y »`, `salué comme Y`
NOUNS = {"NOUN", "PROPN"}
CONFIDENCE = 0.65


def find(ctx: SentenceContext) -> Iterator[Attribution]:
    for token in ctx.sent:
        entry = cue_entry(ctx, token)
        if entry is None or token.pos_ != "VERB" or is_negated(token) or ctx.inside_quote(ctx.offset(token)):
            continue
        found = _participle(ctx, token, entry) if token.dep_ == "acl" else None
        if found is None and token.dep_ == "acl:relcl":
            found = _relative(ctx, token, entry)
        if found is None and any(c.dep_ == "aux:pass" for c in token.children):
            found = _passive(ctx, token, entry)
        if found is None:
            continue
        speaker, content = found
        yield ctx.attribution(mention_from(speaker, ctx.base), ctx.cue(token, entry), content, CONFIDENCE, "agentive")


def _participle(ctx: SentenceContext, verb: Token, entry: VerbCue) -> tuple[Token, Span] | None:
    """`<noun>, <past participle> … par <agent>`: the attribute if the participle gives one,
    else the noun phrase (only for cues whose object is what was said)."""
    if "Part" not in verb.morph.get("VerbForm", []) or "Past" not in verb.morph.get("Tense", []):
        return None
    agents = [c for c in verb.children if c.dep_ == "obl:agent" and c.i > verb.i and c.pos_ in NOUNS]
    if not agents or verb.head.pos_ not in NOUNS or verb.head.i > verb.i:
        return None
    agent = agents[0]
    attribute = _attribute(ctx, verb, agent)
    if attribute is not None:
        return agent, attribute
    if "obj" not in entry.content:
        return None
    content = _noun_phrase_before(ctx, verb.head, verb)
    return (agent, content) if content is not None else None


def _passive(ctx: SentenceContext, verb: Token, entry: VerbCue) -> tuple[Token, Span] | None:
    """`l'incendie a été déclaré fixé par la préfecture`, `la version, qui avait été jugée très
    prorusse par l'Ukraine`, `la chute de Pokrovsk a été démentie par Kiev`: the attribute given
    to the passive subject, else (for cues whose object is what was said) the subject itself;
    the parser hangs the agent on the verb or on its attribute."""
    marks = {m for key, found in QUALIFYING.items() if key in entry.content for m in found}
    attributes = [
        c
        for c in verb.children
        if c.i > verb.i
        and (
            (c.dep_ in ATTRIBUTE_DEPS and c.pos_ in {"ADJ", "VERB"})
            or any(m.dep_ == "case" and m.lower_ in marks for m in c.children)  # "qualifiées de « productives »"
        )
    ]
    agents = [c for t in (verb, *attributes) for c in t.children if _agent(c)]
    if not agents or agents[0].i < verb.i:
        return None
    agent = agents[0]
    if attributes and attributes[0].i < agent.i:
        words = [t for t in attributes[0].subtree if t.i < agent.left_edge.i and not t.is_space]
        while words and (words[0].dep_ == "case" or words[0].lower_ in ctx.lexicon.attribute_marks):
            words = words[1:]
        said = ctx.token_span(words[0], words[-1]) if words else None
        return (agent, said) if said is not None else None
    if "obj" not in entry.content or entry.cls not in SUBJECT_SAID:
        return None
    if verb.dep_ == "acl:relcl" and verb.head.pos_ in NOUNS and verb.head.i < verb.i:
        content = _noun_phrase_before(ctx, verb.head, verb)  # "une prise, qui a été démentie par"
        return (agent, content) if content is not None else None
    subjects = [c for c in verb.children if c.dep_ == "nsubj:pass" and c.pos_ in NOUNS and c.i < verb.i]
    if not subjects:
        return None
    subject = subjects[0]
    words = [t for t in subject.subtree if not _in_clause(t, subject)]
    content = ctx.token_span(words[0], words[-1])
    return (agent, content) if content is not None else None


def _agent(token: Token) -> bool:
    """Who does what a passive verb tells: its agent, or a "par …" the parser hung otherwise."""
    if token.pos_ not in NOUNS:
        return False
    return token.dep_ == "obl:agent" or (
        token.dep_.startswith("obl") and any(c.dep_ == "case" and c.lower_ == "par" for c in token.children)
    )


def _in_clause(token: Token, head: Token) -> bool:
    """The token belongs to a relative or participle clause of ``head`` ("l'incendie, qui a ravagé …")."""
    return any(a.dep_.startswith("acl") and a.head.i == head.i for a in [token, *token.ancestors] if a.i != head.i)


def _attribute(ctx: SentenceContext, verb: Token, agent: Token) -> Span | None:
    """`jugé « climaticide » et « anachronique » par`, `présentée comme très importante par`:
    the words between the participle and its agent, when they qualify the noun."""
    between = [c for c in verb.children if verb.i < c.i < agent.i]
    qualifies = any(
        c.dep_ in ATTRIBUTE_DEPS or any(m.lower_ in ctx.lexicon.attribute_marks for m in c.children) for c in between
    )
    if not qualifies:
        return None
    words = [t for t in verb.doc[verb.i + 1 : agent.left_edge.i] if not t.is_space]
    while words and words[0].lower_ in ctx.lexicon.attribute_marks:
        words = words[1:]
    return ctx.token_span(words[0], words[-1]) if words else None


def _relative(ctx: SentenceContext, verb: Token, entry: VerbCue) -> tuple[Token, Span] | None:
    """`une affirmation que Kiev conteste`: the antecedent is the cue's object."""
    if "obj" not in entry.content or verb.head.pos_ not in NOUNS or verb.head.i > verb.i:
        return None
    relative = [c for c in verb.children if c.lower_.replace("’", "'") in {"que", "qu'"} and c.i < verb.i]
    objects = [c for c in verb.children if c.dep_ == "obj" and c.lower_ not in RELATIVE_PRONOUNS]
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in NOUNS and c.lower_ not in EMPTY_SUBJECTS]
    if not relative or objects or not subjects:
        return None
    content = _noun_phrase_before(ctx, verb.head, verb)
    return (subjects[0], content) if content is not None else None


def _noun_phrase_before(ctx: SentenceContext, noun: Token, clause: Token) -> Span | None:
    """The noun phrase up to the clause that modifies it (`une information` of `une information
    démentie par Kiev`); its complements before the clause stay (`une information de la DH`)."""
    first = noun.left_edge
    last = clause.left_edge.i - 1
    while last > noun.i and (noun.doc[last].is_punct or noun.doc[last].pos_ in {"CCONJ", "ADP", "SCONJ"}):
        last -= 1
    if last < noun.i:
        return None
    return ctx.token_span(first, noun.doc[last])

"""Which side the words say holds a place: the side named with a control word ("troupes russes",
"contrôle ukrainien", "prise par"), the speaker's own ("nos troupes"), and a capture that a
later verb undid ("troops who planted a flag … were beaten back"). Kept apart from the reading
of places and stances in claims/control.py."""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, Unit, is_name, token_key
from claimscope.claims.places import relative_head
from claimscope.records import Place
from claimscope.text import fold

FAR = 99  # edges between tokens of different sentences
PARTICLE_DEPS = ("prt", "advmod", "compound:prt")  # "beaten back": the parser's adverb is the particle
OBJECT_DEPS = ("dobj", "obj")  # a trigger noun its verb's subject keeps ("its army maintains control")
UNDERGOING_DEPS = ("dobj", "obj", "nsubjpass", "nsubj:pass")  # whom a verb acts on
SIDES = {"russia": "Russia", "ukraine": "Ukraine"}  # party of a source -> actor


def tree_distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree (FAR across sentences)."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for i, node in enumerate(up_a):
        for j, other in enumerate(up_b):
            if token_key(node) == token_key(other):
                return i + j
    return FAR


def captor(trigger: Token, role: str, place: Place, unit: Unit, ctx: DocumentContext) -> str:
    """The side the words say holds the place; a capture told without its author is the attacker's."""
    defender, attacker = ctx.rules.theatres[place.country]
    sides = {defender: attacker, attacker: defender}
    named, taker, driven_out = _actor(trigger, unit, ctx)
    if named in sides and driven_out:
        return sides[named]
    if named in sides:
        return named if role == "captor" or taker else sides[named]
    return attacker


def undone(trigger: Token, place: Place, ctx: DocumentContext) -> bool:
    """The trigger tells, in a relative clause, what troops did that a verb then undid: "Russian
    troops who held up a flag in the centre of Pokrovsk had been beaten back", "repelling
    Russian troops who planted a flag", "les unités qui avaient pris … ont été repoussées"; not
    when the verb drove them from another town ("… were pushed back from Rodynske")."""
    clause = relative_head(trigger)
    if clause is None or clause.head.i == clause.i or clause.head.dep_ not in UNDERGOING_DEPS:
        return False
    verb = clause.head.head
    return bool(_verb_phrases(verb) & ctx.rules.control_repelled) and not _driven_from_elsewhere(verb, place, ctx)


def _verb_phrases(verb: Token) -> set[str]:
    """The verb's lemma, alone and with each particle ("push", "push back")."""
    lemma = fold(verb.lemma_)
    return {lemma, *(f"{lemma} {fold(c.lemma_)}" for c in verb.children if c.dep_ in PARTICLE_DEPS)}


def _driven_from_elsewhere(verb: Token, place: Place, ctx: DocumentContext) -> bool:
    """The verb drives the troops from another town ("pushed back from Rodynske", "repoussées de
    Rodynske"); not toward one, nor within a region ("pushed back toward Selydove"). The parser
    may hang the place on the verb's particle ("back from")."""
    particles = [c for c in verb.children if c.dep_ in PARTICLE_DEPS]
    for child in (c for head in (verb, *particles) for c in head.children):
        if child.dep_ == "prep" and fold(child.text) in ctx.rules.control_origins:
            names = [g for g in child.children if g.dep_ == "pobj"]
        elif child.dep_.startswith("obl") and any(
            c.dep_ == "case" and fold(c.text) in ctx.rules.control_origins for c in child.children
        ):
            names = [child]
        else:
            continue
        if any(is_name(n) and _other_place(n.text, place, ctx) is not None for n in names):
            return True
    return False


def _other_place(name: str, place: Place, ctx: DocumentContext) -> Place | None:
    """A town of the theatre other than ``place`` (not a capital standing for its government)."""
    found = ctx.gazetteer.lookup(name, ctx.countries)
    if found is None or found.name == place.name or found.country not in ctx.rules.theatres:
        return None
    return None if ctx.kb.government(name) else found


def _actor(trigger: Token, unit: Unit, ctx: DocumentContext) -> tuple[str | None, bool, bool]:
    """The side named nearest the trigger in its phrase or clause ("troupes russes", "contrôle
    ukrainien"), whether it is named as the one who took it ("tombée aux mains des forces
    russes", "prise par"), and whether as the one driven out (`_undergoes`); "nos troupes", and in
    reported words "ses forces", are the speaker's."""
    near = [*trigger.subtree, *trigger.head.children] if trigger.head.i != trigger.i else list(trigger.subtree)
    if trigger.head.pos_ == "ADP":  # "its forces remained in control of …": the subject of the verb above
        near += [t for c in trigger.head.head.children if c.dep_ in ctx.rules.agent_deps for t in c.subtree]
    if fold(trigger.head.lemma_) in ctx.rules.aspectual or (trigger.dep_ in OBJECT_DEPS and not _yielded(trigger, ctx)):
        # "the Ukrainian military has completed the clearing", "its army maintains control in …"
        near += [t for c in trigger.head.children if c.dep_ in ctx.rules.agent_deps for t in c.subtree]
    own = ctx.rules.own_side | (ctx.rules.own_side_reported if unit.attribution is not None else frozenset())
    for token in sorted((t for t in near if unit.has(t)), key=lambda t: tree_distance(trigger, t)):
        word = fold(token.text)
        side = None
        if word in ctx.rules.latter:
            side = _latter_side(token, ctx)
        elif word in ctx.rules.actors and fold(token.head.lemma_) not in ctx.rules.settlements:
            side = ctx.rules.actors[word]  # not "the eastern Ukrainian city of Pokrovsk": where it lies
        elif word in ctx.rules.actor_names and _names_the_doer(token, trigger, ctx):
            side = ctx.rules.actor_names[word]
        elif word in own:
            side = SIDES.get(unit.source.party)
        if side is not None:
            return side, _named_as_taker(token, trigger, ctx), _undergoes(token, trigger)
    return None, False, False


def _latter_side(latter: Token, ctx: DocumentContext) -> str | None:
    """The side of the noun "cette dernière" or "the latter" stands for: the nearest noun or name
    before it in its sentence of the same gender and number, if it names a side ("la Russie") or a
    side's word qualifies it ("proche de l'armée ukrainienne, cette dernière ne contrôle plus …")."""
    features = ("Gender", "Number")
    wanted = {k: latter.morph.get(k, []) for k in features}
    for noun in reversed(latter.doc[latter.sent.start : latter.i]):
        found = {k: noun.morph.get(k, []) for k in features}
        if noun.pos_ not in ("NOUN", "PROPN") or any(
            wanted[k] and found[k] and found[k] != wanted[k] for k in features
        ):
            continue
        if noun.pos_ == "PROPN":
            return ctx.rules.actor_names.get(fold(noun.text))
        words = {fold(c.text) for c in noun.children}
        return next((ctx.rules.actors[w] for w in words if w in ctx.rules.actors), None)
    return None


def _undergoes(token: Token, trigger: Token) -> bool:
    """The side's own name is what a control verb acts on ("cleared almost all the Russians from
    Kupiansk", "chassé les occupants"): the other side holds the place. Not a side's word
    qualifying the object ("raising the Russian flag" names the captor)."""
    return (
        trigger.pos_ == "VERB"
        and token.head.i == trigger.i
        and token.dep_ in UNDERGOING_DEPS
        and token.pos_ in ("NOUN", "PROPN")
    )


def _yielded(trigger: Token, ctx: DocumentContext) -> bool:
    """The verb governing the trigger gives it up ("ceded control of", "give up control")."""
    return bool(_verb_phrases(trigger.head) & ctx.rules.control_yielding)


def _names_the_doer(token: Token, trigger: Token, ctx: DocumentContext) -> bool:
    """A country or capital as the subject or agent of the trigger's clause ("Moscow took"), or
    as the owner of that subject ("Ukraine's forces liberated"); not any place in the phrase
    ("in eastern Ukraine")."""
    if token.dep_ in ctx.rules.agent_deps:
        return _governed_by(token, trigger, ctx)
    doer = token.head
    return token.dep_ in ctx.rules.owner_deps and doer.dep_ in ctx.rules.agent_deps and _governed_by(doer, trigger, ctx)


def _governed_by(token: Token, trigger: Token, ctx: DocumentContext) -> bool:
    """The subject or agent of the trigger's own clause, not of a relative clause inside it; an
    English agent hangs on its preposition ("liberated by Kyiv", "fell to Moscow"; not "captured
    in eastern Ukraine")."""
    heads = {token_key(trigger), token_key(trigger.head)}
    agent = token.dep_ == "pobj" and fold(token.head.text) in ctx.rules.taker_markers
    return token_key(token.head.head if agent else token.head) in heads


def _named_as_taker(token: Token, trigger: Token, ctx: DocumentContext) -> bool:
    """ "aux mains des forces russes", "par l'armée russe": the side that took the place."""
    path = [token, *token.ancestors]
    for node in path:
        if token_key(node) == token_key(trigger):
            break
        if fold(node.lemma_) in ctx.rules.taker_markers or any(
            fold(child.text) in ctx.rules.taker_markers for child in node.children if child.dep_ == "case"
        ):
            return True
    return False

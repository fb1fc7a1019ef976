"""Whose claim a capture is told as: "Zelensky dismissed Russia's boast of seizing Kupiansk"
denies the capture in Zelensky's name and states, in Russia's, that Russia claims it. The gold
gives the claimant its own row, as it does for "Russia said it captured"."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from claimscope.claims.context import DocumentContext, Unit
from claimscope.claims.sources import party_of
from claimscope.entities.text import description
from claimscope.records import Claim, Source, Stance
from claimscope.text import fold

SIDES = frozenset({"russia", "ukraine"})  # who can claim a capture of the theatre


def claimant(trigger: Token, ctx: DocumentContext) -> Source | None:
    """The side owning the claim noun that governs the capture ("Russia's boast of seizing",
    "statements by Russia's leadership about the capture") or owning a capture said claimed
    ("Russia's claimed capture of Pokrovsk"); None when no side is named so."""
    owners: list[Token] = []
    above = trigger.head.head if trigger.head.pos_ == "ADP" else trigger.head
    if above.i != trigger.i and fold(above.lemma_) in ctx.rules.claim_nouns:
        owners += _owners(above, ctx)
    if any(c.dep_ == "amod" and fold(c.text) in ctx.rules.claim_marks for c in trigger.children):
        owners += _owners(trigger, ctx)
        if above.i != trigger.i and _by_claimant(above, ctx):  # "statements by Russia's leadership about the …"
            owners.append(above)
    for owner in owners:
        if owner.pos_ in ("PROPN", "NOUN"):
            source = _source(owner, ctx)
            if source.party in SIDES:
                return source
    return None


def _owners(noun: Token, ctx: DocumentContext) -> list[Token]:
    """Who a noun is said of: its possessor, or the object of its "by"."""
    found = []
    for child in noun.children:
        if child.dep_ == "poss":
            found.append(child)
        elif child.dep_ == "prep" and fold(child.text) in ctx.rules.claimant_preps:
            found += [g for g in child.children if g.dep_ == "pobj"]
    return found


def _by_claimant(noun: Token, ctx: DocumentContext) -> bool:
    """Whether a noun is the "by" object of a claim noun ("statements by Russia's leadership")."""
    prep = noun.head
    return (
        prep.dep_ == "prep"
        and fold(prep.text) in ctx.rules.claimant_preps
        and fold(prep.head.lemma_) in ctx.rules.claim_nouns
    )


def _source(owner: Token, ctx: DocumentContext) -> Source:
    """A government ("Russia's", "Moscow") or a described group ("Russia's leadership")."""
    words = owner.doc[owner.left_edge.i : owner.i + 1].text  # its own words, not what follows it
    government = ctx.kb.government(words)
    if government:
        return Source(government, "government", party_of(government, words, ctx.rules))
    name = description(words)
    return Source(name, "group", party_of(name, words, ctx.rules))


def claimant_claims(
    claim: Claim, owner: Source | None, captor_is_attacker: bool, unit: Unit, ctx: DocumentContext, outlet: Source
) -> list[Claim]:
    """The claim as read, and the claimant's own row; a capture the narration merely tells as a
    side's claim ("Russia's announcement of the capture came on Monday") is the claimant's only.
    Reported by the claimant's own side ("Putin cited Russia's claimed capture"), "claimed" is
    the writer's reserve: the speaker asserts, the outlet hedges."""
    if owner is None:
        return [claim]
    if owner.party == unit.source.party:
        marks_only = claim.stance is Stance.HEDGED and set(claim.hedges) <= ctx.rules.claim_marks
        if unit.attribution is None or not marks_only:
            return [claim]
        return [replace(claim, stance=Stance.ASSERTS, hedges=()), replace(claim, source=outlet, attribution=None)]
    stance = Stance.ASSERTS if captor_is_attacker else Stance.DENIES
    own = replace(claim, source=owner, stance=stance, hedges=())
    if unit.attribution is None and claim.stance is Stance.ASSERTS:
        return [own]
    return [claim, replace(own, date=None, date_text=None)]  # the day read is the other side's words

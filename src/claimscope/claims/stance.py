"""A source's stance from the words around a claim: denial, negation, partial, hedges."""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.claims.context import Unit
from claimscope.claims.rules import ClaimRules
from claimscope.records import Stance
from claimscope.text import fold

WHOLLY = frozenset(
    {"entierement", "totalement", "completement", "integralement", "integralite", "ensemble", "total", "totale",
     "complet", "complete"}
)  # fmt: skip
QUOTE_OPEN, QUOTE_CLOSE = '«“"', '»”"'


def clause_text(trigger: Token, unit: Unit) -> str:
    """The words of the trigger's clause (its nearest verb's subtree) that belong to the unit:
    a "partie" or a "démenti" elsewhere in a long quote is about something else."""
    verb = next((t for t in [trigger, *trigger.ancestors] if t.pos_ in ("VERB", "AUX")), trigger.sent.root)
    return " ".join(t.text for t in verb.subtree if unit.has(t))


def negated(trigger: Token, rules: ClaimRules) -> bool:
    """`ne … pas` on the trigger or the verb above it; `aucun(e)` inside its phrase."""
    for node in [trigger, *list(trigger.ancestors)[:2]]:
        if any(fold(child.text) in rules.negators for child in node.children if child.dep_ in ("advmod", "det")):
            return True
    return any(fold(t.text) in ("aucun", "aucune") for t in trigger.subtree)


def hedges_in(unit: Unit, trigger: Token, text: str, rules: ClaimRules) -> list[str]:
    """Reserve marks: conditional mood, hedging words, scare quotes around the trigger."""
    found = rules.phrases_in(rules.hedges, fold(text))
    verbs = [trigger, *list(trigger.ancestors)[:2]]
    if any(
        "Cnd" in node.morph.get("Mood", []) for v in verbs for node in [v, *v.children] if node.pos_ in ("AUX", "VERB")
    ):
        found.append("conditional")
    doc = trigger.doc
    before = doc[trigger.i - 1].text if trigger.i > 0 else ""
    after = doc[trigger.i + 1].text if trigger.i + 1 < len(doc) else ""
    if before in QUOTE_OPEN and after in QUOTE_CLOSE:
        found.append("scare quotes")
    return sorted(set(found))


def stance_of(unit: Unit, trigger: Token, text: str, partial: bool, rules: ClaimRules) -> tuple[Stance, list[str]]:
    """Denial beats partial beats hedged beats plain assertion."""
    folded = fold(text)
    hedges = hedges_in(unit, trigger, text, rules)
    if negated(trigger, rules):
        if set(folded.split()) & WHOLLY:
            return Stance.PARTIAL, hedges
        return Stance.DENIES, hedges
    if unit.cue_class == "deny" or rules.phrases_in(rules.denial_words, folded):
        return Stance.DENIES, hedges
    if partial:
        return Stance.PARTIAL, hedges
    if hedges:
        return Stance.HEDGED, hedges
    return Stance.ASSERTS, hedges

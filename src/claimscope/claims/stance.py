"""A source's stance from the words around a claim: denial, negation, partial, hedges."""

from __future__ import annotations

from spacy.tokens import Token

from claimscope.claims.context import Unit
from claimscope.claims.rules import ClaimRules
from claimscope.records import Stance
from claimscope.text import fold

QUOTE_OPEN, QUOTE_CLOSE = '«“"', '»”"'
OTHER_CLAUSES = ("acl:relcl", "relcl", "advcl", "parataxis")  # clauses with a say of their own
ABOVE_DEPS = ("neg", "aux", "advmod")  # English labels: the French parse has none of "neg"
NEGATION_DEPS = ("advmod", "det", "neg")  # French (UD) negators are adverbs or determiners, English ones "neg"
# the links from an argument to the word it completes ("evidence to confirm the seizure"), in both
# label sets; not those of a clause or a circumstance of its own (advcl, relcl, obl, prep)
ARGUMENT_DEPS = frozenset({"dobj", "obj", "pobj", "nmod", "acl", "xcomp", "ccomp", "nsubj", "nsubjpass"})
CONDITIONAL = "conditional"  # the hedge the conditional mood marks


def clause_text(trigger: Token, unit: Unit) -> str:
    """The words of the trigger's clause (its nearest verb's subtree, without the relative,
    adverbial and coordinated clauses that have their own say) that belong to the unit: a
    "partie" or a "démenti" elsewhere in a long quote, or in "ce que Kiev dément", is another voice."""
    verb = _verb_of(trigger)
    return " ".join(t.text for t in _own_clause(verb) if unit.has(t))


def antecedent_text(trigger: Token, unit: Unit) -> str:
    """The words the trigger's clause tells of when it is a relative one, less the clause: the
    extent of "les 20 % du territoire de Donetsk que Kiev contrôle encore" is its antecedent's."""
    verb = _verb_of(trigger)
    if verb.dep_ not in ("acl:relcl", "relcl") or verb.head.i == verb.i:
        return ""
    inside = {t.i for t in verb.subtree}
    return " ".join(t.text for t in verb.head.subtree if t.i not in inside and unit.has(t))


def _verb_of(trigger: Token) -> Token:
    return next((t for t in [trigger, *trigger.ancestors] if t.pos_ in ("VERB", "AUX")), trigger.sent.root)


def _own_clause(verb: Token) -> list[Token]:
    """The verb's words, less clauses with a say of their own, and less relative clauses further
    down: in "avoir pris Pokrovsk, une information que Kiev dément et qui assure que les combats
    se poursuivent", the "combats" are Kiev's."""
    words = [verb]
    for child in verb.children:
        if child.dep_ in OTHER_CLAUSES or (
            child.dep_ == "conj" and any(c.dep_.startswith("nsubj") for c in child.children)
        ):
            continue
        words.extend(t for t in child.subtree if not _in_relative(t, child))
    return sorted(words, key=lambda t: t.i)


def _in_relative(token: Token, top: Token) -> bool:
    """Whether a relative clause stands between ``token`` and ``top`` (both included)."""
    for node in [token, *token.ancestors]:
        if node.dep_ in ("acl:relcl", "relcl"):
            return True
        if node.i == top.i:
            return False
    return False


def negated(trigger: Token, rules: ClaimRules) -> bool:
    """`ne … pas`, `ne … plus`, "no longer" on the trigger or the verb above it; `aucun(e)` on the
    trigger or its object ("la perte d'aucune des deux localités"), not further down ("sans
    aucune résistance")."""
    if any(_negates(node, rules) for node in [trigger, *list(trigger.ancestors)[:2]]):
        return True
    near = [*trigger.children, *(grand for child in trigger.children for grand in child.children)]
    return any(fold(t.text) in ("aucun", "aucune") for t in near)


def _negates(node: Token, rules: ClaimRules) -> bool:
    """A negation on this word: one of its marks (or theirs) is a negator, or a pair ("ne … plus")."""
    opens, closes = rules.negation_pairs
    marks = [child for child in node.children if child.dep_ in NEGATION_DEPS]
    words = {fold(t.text) for m in marks for t in [m, *(g for g in m.children if g.dep_ in NEGATION_DEPS)]}
    return bool(words & rules.negators or (words & opens and words & closes))


def denied_above(trigger: Token, unit: Unit, rules: ClaimRules) -> bool:
    """ "Il est faux de dire que l'armée russe a pris Pokrovsk": a denial word heading the clause."""
    return any(unit.has(node) and fold(node.text) in rules.denial_words for node in _verb_of(trigger).ancestors)


def hedges_in(trigger: Token, text: str, rules: ClaimRules) -> list[str]:
    """Reserve marks: conditional mood, hedging words, scare quotes around the trigger."""
    found = rules.phrases_in(rules.hedges, fold(text))
    # "the capture would grant Moscow …" (not "Russia would later claim that it had captured …":
    # the auxiliary of the verb that reports it is the narration's future in the past)
    auxiliaries = (c for v in {trigger, _verb_of(trigger)} for c in v.children if c.dep_ == "aux")
    if conditionals(trigger) or any(fold(c.text) in rules.conditional_auxiliaries for c in auxiliaries):
        found.append(CONDITIONAL)
    doc = trigger.doc
    before = doc[trigger.i - 1].text if trigger.i > 0 else ""
    after = doc[trigger.i + 1].text if trigger.i + 1 < len(doc) else ""
    if before in QUOTE_OPEN and after in QUOTE_CLOSE:
        found.append("scare quotes")
    return sorted(set(found))


def conditionals(trigger: Token) -> list[Token]:
    """The verbs in the conditional mood at the trigger, above it, or beside those."""
    verbs = [trigger, *list(trigger.ancestors)[:2]]
    return [
        node
        for v in verbs
        for node in [v, *v.children]
        if node.pos_ in ("AUX", "VERB") and "Cnd" in node.morph.get("Mood", [])
    ]


def _above(trigger: Token, unit: Unit) -> str:
    """The verbs above the trigger's clause in the unit, with their negations and auxiliaries: "has
    not confirmed the Russian claims of capturing Pokrovsk" hedges the capture it governs."""
    verbs = [t for t in trigger.ancestors if t.pos_ in ("VERB", "AUX") and unit.has(t)]
    words = [*verbs, *(c for v in verbs for c in v.children if c.dep_ in ABOVE_DEPS and unit.has(c))]
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def _condition_on(trigger: Token, unit: Unit, rules: ClaimRules) -> str:
    """A clause a conjunction of a condition sets on the trigger's clause: "The city's fall, if
    confirmed, gives Moscow a platform" is told with reserve ("after …", "before …" are not)."""
    verb = _verb_of(trigger)
    clauses = [c for c in verb.children if c.dep_ == "advcl" and _opens(c, rules.conditions)]
    return " ".join(t.text for c in clauses for t in c.subtree if unit.has(t))


def _negated_above(trigger: Token, unit: Unit, rules: ClaimRules) -> bool:
    """A negation on a verb the trigger is an argument of, further up than `negated` looks: "ISW
    has not observed evidence to confirm the complete Russian seizure of Pokrovsk". Not across a
    clause or a circumstance of its own ("never recovered the ground it lost when Russian forces
    captured Pokrovsk", "n'a jamais caché sa volonté de conquérir le Donbass après la prise")."""
    node = trigger
    while node.dep_ in ARGUMENT_DEPS and node.head.i != node.i and unit.has(node.head):
        node = node.head
        if node.pos_ in ("VERB", "AUX") and _negates(node, rules):
            return True
    return False


def _supposed(trigger: Token, unit: Unit, rules: ClaimRules) -> bool:
    """The trigger is told in a supposition ("If it took the Russians a year to capture Pokrovsk,
    …") or in a clause one is set on ("If Russia's claims prove accurate, the capture of Pokrovsk
    gives Moscow …"): a possibility, not what anyone asserts."""
    verb = _verb_of(trigger)
    marks, not_after = rules.suppositions, rules.not_supposing
    if any(c.dep_ == "advcl" and _opens(c, marks, not_after) for c in verb.children):
        return True
    for node in [verb, *verb.ancestors]:
        if not unit.has(node):
            return False
        if node.dep_ == "advcl" and _opens(node, marks, not_after):
            return True
    return False


def _opens(clause: Token, conjunctions: frozenset[str], not_after: frozenset[str] = frozenset()) -> bool:
    """The clause opens on one of these conjunctions (its "mark", also by lemma: "s'" is "si"),
    not after one of ``not_after`` (a concession or a comparison: "even if", "même si", "as if")."""
    doc = clause.doc
    return any(
        c.dep_ == "mark"
        and (fold(c.text) in conjunctions or fold(c.lemma_) in conjunctions)
        and not (c.i > 0 and fold(doc[c.i - 1].text) in not_after)
        for c in clause.children
    )


def stance_of(unit: Unit, trigger: Token, text: str, partial: bool, rules: ClaimRules) -> tuple[Stance, list[str]]:
    """Denial beats partial beats hedged beats plain assertion."""
    folded = fold(text)
    around = fold(f"{_above(trigger, unit)} {_condition_on(trigger, unit, rules)}")
    hedges = sorted({*hedges_in(trigger, text, rules), *rules.phrases_in(rules.hedges, around)})
    if _negated_above(trigger, unit, rules):
        hedges = sorted({*hedges, "negated above"})
    if _supposed(trigger, unit, rules):
        hedges = sorted({*hedges, "supposition"})
    if negated(trigger, rules):
        if set(folded.split()) & rules.wholly:
            return Stance.PARTIAL, hedges
        return Stance.DENIES, hedges
    said = fold(" ".join(t.text for t in _own_clause(_verb_of(trigger)) if unit.has(t) and t.dep_ != "compound"))
    # a denial word naming a kind of thing ("disinformation campaigns against the backdrop of the
    # meeting") denies nothing: English compounds are left out
    if unit.cue_class == "deny" or rules.phrases_in(rules.denial_words, said) or denied_above(trigger, unit, rules):
        return Stance.DENIES, hedges
    if partial:
        return Stance.PARTIAL, hedges
    if hedges:
        return Stance.HEDGED, hedges
    return Stance.ASSERTS, hedges

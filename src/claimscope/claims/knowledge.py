"""Claims checked against the knowledge base: relations and roles it knows otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from claimscope.claims.rules import claim_languages, rules
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import Claim, ClaimType, KbFact, Source, Span, Stance

CHECKED = (ClaimType.RELATION, ClaimType.ROLE)
STATED = (Stance.ASSERTS, Stance.HEDGED)  # a denial of a wrong relation is no error


@dataclass(frozen=True)
class Conflict:
    """The facts the knowledge base holds instead of a claim, and how to say so."""

    facts: tuple[KbFact, ...]
    text: str


def kb_conflict(claim: Claim, kb: KnowledgeBase) -> Conflict | None:
    """What the knowledge base says instead: another object for this relation on that date, an
    office held at another time, or (for a role) other offices and not this one."""
    if claim.type not in CHECKED or claim.stance not in STATED:
        return None
    person, relation, other = claim.args["person"], claim.args["relation"], claim.args["object"]
    same = sorted(one_office(relation))
    ever = [f for r in same for f in kb.facts_about(person, r)]
    valid = [f for r in same for f in kb.facts_about(person, r, claim.date)]
    if any(f.object == other for f in valid):
        return None
    held = [f for f in ever if f.object == other]
    if held:
        return Conflict(tuple(held), "; ".join(f"{_said(f)} only {_period(f)}" for f in held))
    if valid:
        return Conflict(tuple(valid), "; ".join(_said(f) for f in valid))
    if claim.type is ClaimType.ROLE:
        offices = [f for f in kb.facts_of(person) if f.relation in _role_relations()]
        if offices and not ever:
            return Conflict(tuple(offices), "; ".join(_said(f) for f in offices) + f"; not {relation} {other}")
    return None


def allows(kb: KnowledgeBase, kind: ClaimType, args: dict[str, str], day: date | None) -> bool:
    """Whether the knowledge base allows a relation or role asserted of these arguments on this day
    (all a conflict reads of a claim): the store counts those statements without their claims."""
    claim = Claim(kind, "", args, Stance.ASSERTS, Source("", "", ""), Span(0, 0), "", day)
    return kb_conflict(claim, kb) is None


def one_office(relation: str) -> frozenset[str]:
    """The relations that name the office ``relation`` names: "leader of", "head of", "president
    of" a body are one office whatever the word (claims.yaml ``heads``, in every language)."""
    heads = _heads()
    return heads if relation in heads else frozenset({relation})


@cache
def _heads() -> frozenset[str]:
    return frozenset(head for language in claim_languages() for head in rules(language).heads)


@cache
def _role_relations() -> frozenset[str]:
    return frozenset(role for language in claim_languages() for role in rules(language).roles.values())


def _said(fact: KbFact) -> str:
    return f"{fact.subject} is {fact.relation} {fact.object}"


def _period(fact: KbFact) -> str:
    start = f"from {fact.start}" if fact.start else ""
    end = f"to {fact.end}" if fact.end else "to now"
    return " ".join(p for p in (start, end) if p)

"""Claims checked against the knowledge base: relations and roles it knows otherwise."""

from __future__ import annotations

from claimscope.entities.kb import KnowledgeBase
from claimscope.records import Claim, ClaimType

CHECKED = (ClaimType.RELATION, ClaimType.ROLE)


def kb_conflict(claim: Claim, kb: KnowledgeBase) -> str | None:
    """What the knowledge base says instead, when it knows this relation and not this object."""
    if claim.type not in CHECKED:
        return None
    person, relation, other = claim.args["person"], claim.args["relation"], claim.args["object"]
    facts = kb.facts_about(person, relation, claim.date)
    if not facts or any(f.object == other for f in facts):
        return None
    return "; ".join(f"{f.subject} is {f.relation} {f.object}" for f in facts)

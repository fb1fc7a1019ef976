"""Statements a fact-checker should look at, each with the evidence that conflicts with it.

- kb-conflict: a relation or role the knowledge base knows otherwise ("le gendre de Poutine");
- source-conflict / role-conflict: a relation or role that most independent sources give
  another object (two presidents for one adviser);
- self-contradiction: an article's narration asserting and denying one proposition;
- quote-conflict: the same direct quote given to different speakers by different sources.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from claimscope.claims.knowledge import CHECKED, kb_conflict
from claimscope.claims.sources import NARRATION
from claimscope.claims.verdicts import independent_sources
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import AnalysedDocument, Claim, ClaimType, Evidence, Flag, Stance
from claimscope.text import fold

MIN_QUOTE_WORDS = 6
MIN_MAJORITY = 2  # independent sources needed to outvote an article


def document_flags(analysed: AnalysedDocument, kb: KnowledgeBase) -> list[Flag]:
    """What one article says against the knowledge base or against itself."""
    flags = [_kb_flag(analysed, c, kb) for c in analysed.claims if c.type in CHECKED]
    found = [f for f in flags if f is not None]
    found.extend(_self_contradictions(analysed))
    return found


def corpus_flags(documents: Sequence[AnalysedDocument], kb: KnowledgeBase) -> list[Flag]:
    """Flags of every document, with evidence from the other sources of the corpus."""
    sources = independent_sources(documents)
    by_subject: dict[tuple[str, str], list[tuple[AnalysedDocument, Claim]]] = defaultdict(list)
    for analysed in documents:
        for claim in analysed.claims:
            if claim.type in CHECKED and claim.stance is Stance.ASSERTS:
                by_subject[(claim.args["person"], claim.args["relation"])].append((analysed, claim))
    found: list[Flag] = []
    for analysed in documents:
        for flag in document_flags(analysed, kb):
            found.append(flag)
    for group in by_subject.values():
        found.extend(_minority_flags(group, sources, found))
    found.extend(_quote_conflicts(documents, sources))
    for flag in found:
        if flag.kind == "kb-conflict":
            flag.evidence.extend(_supporting(flag, by_subject, kb))
    return found


def _kb_flag(analysed: AnalysedDocument, claim: Claim, kb: KnowledgeBase) -> Flag | None:
    conflict = kb_conflict(claim, kb)
    if conflict is None:
        return None
    args = claim.args
    return Flag(
        kind="kb-conflict",
        document=analysed.document.id,
        span=claim.span,
        sentence=claim.evidence,
        message=f"calls {args['person']} {args['relation']} {args['object']}; but {conflict}",
        evidence=[Evidence("knowledge base", "claimscope knowledge base", conflict)],
    )


def _supporting(
    flag: Flag, by_subject: Mapping[tuple[str, str], list[tuple[AnalysedDocument, Claim]]], kb: KnowledgeBase
) -> list[Evidence]:
    """Other articles that say what the knowledge base says, for a kb-conflict flag."""
    out = []
    for (person, relation), group in by_subject.items():
        if f"{person} is {relation} " not in flag.evidence[0].text:
            continue
        for analysed, claim in group:
            if analysed.document.id != flag.document and kb_conflict(claim, kb) is None:
                out.append(
                    Evidence(analysed.document.id, analysed.document.site or analysed.document.source, claim.evidence)
                )
    return out


def _minority_flags(
    group: list[tuple[AnalysedDocument, Claim]], sources: Mapping[str, str], already: list[Flag]
) -> list[Flag]:
    """An object of a relation that independent sources outvote: "adviser of" two presidents."""
    by_object: dict[str, set[str]] = defaultdict(set)
    for analysed, claim in group:
        by_object[claim.args["object"]].add(sources.get(analysed.document.id, analysed.document.id))
    if len(by_object) < 2:
        return []
    majority, voters = max(by_object.items(), key=lambda item: len(item[1]))
    if len(voters) < MIN_MAJORITY:
        return []
    flagged = {(f.document, f.span.start) for f in already}
    found = []
    for analysed, claim in group:
        other = claim.args["object"]
        if (
            other == majority
            or len(by_object[other]) >= len(voters)
            or (analysed.document.id, claim.span.start) in flagged
        ):
            continue
        kind = "role-conflict" if claim.type is ClaimType.ROLE else "source-conflict"
        evidence = [
            Evidence(a.document.id, a.document.site or a.document.source, c.evidence)
            for a, c in group
            if c.args["object"] == majority
        ]
        found.append(
            Flag(
                kind,
                analysed.document.id,
                claim.span,
                claim.evidence,
                f"calls {claim.args['person']} {claim.args['relation']} {other}; "
                f"{len(voters)} independent sources say {majority}",
                evidence,
            )
        )
    return found


def _self_contradictions(analysed: AnalysedDocument) -> list[Flag]:
    """The narration asserting and denying one proposition, or giving one relation two objects."""
    by_key: dict[str, dict[Stance, Claim]] = defaultdict(dict)
    objects: dict[tuple[str, str], dict[str, Claim]] = defaultdict(dict)
    for claim in analysed.claims:
        if claim.source.party != NARRATION or claim.type is ClaimType.STATEMENT:
            continue
        by_key[claim.key].setdefault(claim.stance, claim)
        if claim.type in CHECKED:
            objects[(claim.args["person"], claim.args["relation"])].setdefault(claim.args["object"], claim)
    found = []
    for stances in by_key.values():
        if Stance.ASSERTS in stances and Stance.DENIES in stances:
            found.append(_self_flag(analysed, stances[Stance.DENIES], stances[Stance.ASSERTS], "asserts and denies"))
    for (person, relation), claims in objects.items():
        if len(claims) > 1:
            first, *others = claims.values()
            for other in others:
                found.append(_self_flag(analysed, other, first, f"gives {person} two different '{relation}'"))
    return found


def _self_flag(analysed: AnalysedDocument, claim: Claim, earlier: Claim, what: str) -> Flag:
    doc = analysed.document
    return Flag(
        "self-contradiction",
        doc.id,
        claim.span,
        claim.evidence,
        f"the article {what}: {claim.key.split('|', 1)[1].replace('|', ' ')}",
        [Evidence(doc.id, doc.site or doc.source, earlier.evidence)],
    )


def _quote_conflicts(documents: Sequence[AnalysedDocument], sources: Mapping[str, str]) -> list[Flag]:
    """One direct quote, several speakers: each attribution in the minority is flagged."""
    quotes: dict[str, list[tuple[AnalysedDocument, Claim]]] = defaultdict(list)
    for analysed in documents:
        for claim in analysed.claims:
            if (
                claim.type is ClaimType.STATEMENT
                and claim.args.get("kind") == "direct"
                and claim.source.type == "person"
            ):
                text = " ".join(fold(claim.evidence).split())
                if len(text.split()) >= MIN_QUOTE_WORDS:
                    quotes[text].append((analysed, claim))
    found = []
    for group in quotes.values():
        speakers: dict[str, set[str]] = defaultdict(set)
        for analysed, claim in group:
            speakers[claim.source.name].add(sources.get(analysed.document.id, analysed.document.id))
        if len(speakers) < 2:
            continue
        majority = max(speakers, key=lambda s: len(speakers[s]))
        for analysed, claim in group:
            if claim.source.name == majority:
                continue
            evidence = [
                Evidence(a.document.id, c.source.name, c.evidence) for a, c in group if c.source.name == majority
            ]
            found.append(
                Flag(
                    "quote-conflict",
                    analysed.document.id,
                    claim.span,
                    claim.evidence,
                    f"quote given to {claim.source.name}; other sources give it to {majority}",
                    evidence,
                )
            )
    return found

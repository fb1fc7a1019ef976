"""Statements a fact-checker should look at, each with the evidence that conflicts with it.

- kb-conflict: a relation or role the knowledge base knows otherwise ("le gendre de Poutine"), or
  an office it has someone still holding called a past one ("l'ancien dirigeant du fonds", former.py);
- source-conflict / role-conflict: a relation or role that most independent sources give
  another object (two presidents for one adviser);
- self-contradiction: an article's narration giving one person two different objects of one
  relation (son-in-law of Trump here, of Putin there);
- a dateline months before the day other sources date the article's events (claims/datelines.py);
- garbled dates (claims/garbled.py): a date no report of current events can mean ("25 brumaire");
- quote-conflict: the same direct quote given to different speakers by different sources
  (claims/quotes.py), or one remark given to two speakers a few paragraphs apart in one article.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date

from claimscope.claims.datelines import dateline_flags
from claimscope.claims.former import former_name_flags, former_role_flags, former_title_flags
from claimscope.claims.garbled import garbled_date_flags
from claimscope.claims.independence import Independence, independence
from claimscope.claims.knowledge import CHECKED, Conflict, kb_conflict
from claimscope.claims.misdated import MIN_MAJORITY, date_conflicts, flag_sentence, flag_span
from claimscope.claims.quotes import MIN_QUOTE_WORDS, quote_conflicts
from claimscope.claims.rules import rules
from claimscope.claims.sources import NARRATION
from claimscope.claims.verdicts import verdicts
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import (
    KNOWLEDGE_BASE,
    AnalysedDocument,
    Claim,
    ClaimType,
    DateOrigin,
    Evidence,
    Flag,
    SpeakerType,
    Stance,
    Verdict,
)
from claimscope.text import fold

REMARK_SIMILARITY = 0.8  # content vectors this close are one remark said again
REMARK_WINDOW = 800  # characters between two attributions of one remark in an article


Said = Mapping[tuple[str, str], list[tuple[AnalysedDocument, Claim]]]  # (person, relation) -> claims
# (person, relation) -> object -> (independent sources, statements), as the store counts every
# asserting statement: its documents then hold only the statements a flag may cite (`query.object_counts`)
Counted = Mapping[tuple[str, str], Mapping[str, tuple[int, int]]]
# (person, relation) -> the asserting statements the knowledge base allows, as the store counts
# them: its documents then hold only those a flag against it may cite (`query.object_counts`)
Allowed = Mapping[tuple[str, str], int]


def document_flags(analysed: AnalysedDocument, kb: KnowledgeBase, others: Said | None = None) -> list[Flag]:
    """What one article says against the knowledge base or against itself; with ``others``, the
    articles that say what the knowledge base says are added to the evidence."""
    return _document_flags(analysed, kb, Supporting(others, kb) if others else None)


def _document_flags(analysed: AnalysedDocument, kb: KnowledgeBase, supporting: Supporting | None) -> list[Flag]:
    found = []
    for claim in analysed.claims:
        conflict = kb_conflict(claim, kb) if claim.type in CHECKED else None
        if conflict is None:
            continue
        flag = _kb_flag(analysed, claim, conflict)
        if supporting is not None:
            evidence, flag.omitted = supporting.against(analysed.document.id, conflict)
            flag.evidence.extend(evidence)
        found.append(flag)
    found.extend(former_title_flags(analysed, kb, analysed.document.published))
    found.extend(former_role_flags(analysed, kb, analysed.document.published))
    found.extend(former_name_flags(analysed))
    found.extend(_self_contradictions(analysed))
    found.extend(_remark_given_twice(analysed, kb))
    return found


def corpus_flags(
    documents: Sequence[AnalysedDocument],
    kb: KnowledgeBase,
    known: Independence | None = None,
    found_verdicts: list[Verdict] | None = None,
    wanted: Collection[str] | None = None,
    indexed: bool = False,
    counted: Counted | None = None,
    allowed: Allowed | None = None,
) -> list[Flag]:
    """Flags of every document, with evidence from the other sources of the corpus (pass the
    independence and verdicts already computed over the same documents to reuse them); with
    ``wanted``, the flags a document raises on its own, its minority, date-conflict and
    as-of-publication flags and its dateline are checked for those documents only (the others
    are evidence: an incremental refresh flags its new documents); ``indexed``: no quote given to
    several speakers across documents and no garbled date (a refresh finds those through the
    store's indexes); ``counted``: the relations whose objects' sources and statements the store
    counted, and ``allowed``: those whose statements the knowledge base allows it counted, the
    documents holding only the statements their flags may cite."""
    known = known or independence(documents)
    sources = known.source
    by_subject: dict[tuple[str, str], list[tuple[AnalysedDocument, Claim]]] = defaultdict(list)
    for analysed in documents:
        for claim in analysed.claims:
            if claim.type in CHECKED and claim.stance is Stance.ASSERTS:
                by_subject[(claim.args["person"], claim.args["relation"])].append((analysed, claim))
    found: list[Flag] = []
    supporting = Supporting(by_subject, kb, allowed)
    for analysed in documents:
        if wanted is None or analysed.document.id in wanted:
            found.extend(_document_flags(analysed, kb, supporting))
    for subject, group in by_subject.items():
        tally = (counted or {}).get(subject) or _tally(group, sources)
        found.extend(_minority_flags(group, tally, found, wanted))
    texts = {a.document.id: a.document.text for a in documents}
    if found_verdicts is None:
        found_verdicts = verdicts(documents, kb, known)
    found.extend(_as_of_publication(found_verdicts, texts, kb, found, wanted))
    found.extend(date_conflicts(found_verdicts, texts, sources, wanted))
    if not indexed:
        found.extend(quote_conflicts(documents, sources))
        found.extend(garbled_date_flags(documents, sources))
    found.extend(dateline_flags(documents, found_verdicts, sources, wanted))
    return found


def _kb_flag(analysed: AnalysedDocument, claim: Claim, conflict: Conflict) -> Flag:
    args = claim.args
    return Flag(
        kind="role-conflict" if claim.type is ClaimType.ROLE else "kb-conflict",
        document=analysed.document.id,
        span=flag_span(claim),
        sentence=flag_sentence(analysed.document.text, claim),
        message=f"calls {args['person']} {args['relation']} {args['object']}; but {conflict.text}",
        evidence=[Evidence(KNOWLEDGE_BASE, "claimscope knowledge base", conflict.text)],
    )


def _as_of_publication(
    found: list[Verdict],
    texts: Mapping[str, str],
    kb: KnowledgeBase,
    already: list[Flag],
    wanted: Collection[str] | None = None,
) -> list[Flag]:
    """A relation or role an undated claim gives, checked as of its article's (estimated)
    publication: "le gendre et conseiller de Donald Trump" in a December 2025 report, for an
    office the knowledge base says he held only in 2017-2021. The claim alone, undated, matches
    the office held at some time and is not flagged by ``document_flags`` (the ``wanted``
    documents' claims only, when given)."""
    flagged = {(f.document, f.span.start) for f in already}
    flags = []
    for verdict in found:
        if verdict.type not in CHECKED:
            continue
        for row in verdict.rows:
            if wanted is not None and row.document not in wanted:
                continue
            claim = row.claim
            where = (row.document, flag_span(claim).start)
            if claim.date_origin not in (DateOrigin.PUBLICATION, DateOrigin.ESTIMATE) or where in flagged:
                continue
            conflict = kb_conflict(claim, kb)
            if conflict is None:
                continue
            flagged.add(where)
            text = texts.get(row.document, "")
            args = claim.args
            flags.append(
                Flag(
                    "role-conflict" if claim.type is ClaimType.ROLE else "kb-conflict",
                    row.document,
                    flag_span(claim),
                    flag_sentence(text, claim),
                    f"calls {args['person']} {args['relation']} {args['object']} as of {claim.date} "
                    f"({claim.date_text}); but {conflict.text}",
                    [Evidence(KNOWLEDGE_BASE, "claimscope knowledge base", conflict.text)],
                )
            )
    return flags


class Supporting:
    """Other articles that say what the knowledge base says instead of a flagged claim: the claims
    of each (person, relation) that it does not contradict are found once a corpus, not once a
    flag (thousands of flags of one relation would check the same claims thousands of times)."""

    def __init__(self, said: Said, kb: KnowledgeBase, allowed: Allowed | None = None) -> None:
        self.said = said
        self.kb = kb
        self.allowed = allowed or {}  # those the store counted: ``said`` holds the ones a flag may cite
        self.order = {key: n for n, key in enumerate(said)}  # the evidence lists keys in this order
        self.agreeing: dict[tuple[str, str], list[tuple[str, Evidence]]] = {}
        self.conflicts: dict[tuple[object, ...], bool] = {}  # by what `kb_conflict` reads of a claim

    def _agrees(self, claim: Claim) -> bool:
        """The knowledge base does not contradict ``claim``: checked once for each (stance, person,
        relation, object, date), not once for each of a much-told relation's 40,000 claims."""
        args = claim.args
        said = (claim.type, claim.stance, args["person"], args["relation"], args["object"], claim.date)
        if said not in self.conflicts:
            self.conflicts[said] = kb_conflict(claim, self.kb) is not None
        return not self.conflicts[said]

    def against(self, flagged: str, conflict: Conflict) -> tuple[list[Evidence], int]:
        """The evidence from articles other than ``flagged`` for what ``conflict`` says, and how
        many more pieces the store counted (``flagged`` is held whole: none of them is its)."""
        wanted = {(f.subject, f.relation) for f in conflict.facts} & self.order.keys()
        out = []
        omitted = 0
        for key in sorted(wanted, key=self.order.__getitem__):
            if key not in self.agreeing:
                self.agreeing[key] = [
                    (a.document.id, Evidence(a.document.id, a.document.site or a.document.source, c.evidence))
                    for a, c in self.said[key]
                    if self._agrees(c)
                ]
            out += [evidence for document, evidence in self.agreeing[key] if document != flagged]
            if key in self.allowed:
                omitted += self.allowed[key] - len(self.agreeing[key])
        return out, omitted


def _tally(group: list[tuple[AnalysedDocument, Claim]], sources: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    """Each object's independent sources and statements among the group's."""
    by_object: dict[str, set[str]] = defaultdict(set)
    statements: Counter[str] = Counter()
    for analysed, claim in group:
        by_object[claim.args["object"]].add(sources.get(analysed.document.id, analysed.document.id))
        statements[claim.args["object"]] += 1
    return {obj: (len(voters), statements[obj]) for obj, voters in by_object.items()}


def _minority_flags(
    group: list[tuple[AnalysedDocument, Claim]],
    tally: Mapping[str, tuple[int, int]],
    already: list[Flag],
    wanted: Collection[str] | None = None,
) -> list[Flag]:
    """An object of a relation that independent sources outvote: "adviser of" two presidents (the
    claims of the ``wanted`` documents only, when given), by each object's sources and statements
    (``tally``). The majority's statements are the evidence, one list shared by the group's flags
    (built per flag, it took the square of a much-told relation's statements: minutes at 100,000
    articles); those the group does not hold are counted."""
    if len(tally) < 2:
        return []
    # most independent sources, then statements, then the name: the same whatever the articles' order
    majority = min(tally, key=lambda obj: (-tally[obj][0], -tally[obj][1], obj))
    voters, told = tally[majority]
    if voters < MIN_MAJORITY:
        return []
    flagged = {(f.document, f.span.start) for f in already}
    evidence: list[Evidence] = []
    found = []
    for analysed, claim in group:
        other = claim.args["object"]
        if (
            other == majority
            or tally.get(other, (0, 0))[0] >= voters
            or (wanted is not None and analysed.document.id not in wanted)
            or (analysed.document.id, flag_span(claim).start) in flagged
        ):
            continue
        kind = "role-conflict" if claim.type is ClaimType.ROLE else "source-conflict"
        evidence = evidence or [
            Evidence(a.document.id, a.document.site or a.document.source, c.evidence)
            for a, c in group
            if c.args["object"] == majority
        ]
        found.append(
            Flag(
                kind,
                analysed.document.id,
                flag_span(claim),
                flag_sentence(analysed.document.text, claim),
                f"calls {claim.args['person']} {claim.args['relation']} {other}; "
                f"{voters} independent sources say {majority}",
                evidence,
                told - len(evidence),
            )
        )
    return found


def _self_contradictions(analysed: AnalysedDocument) -> list[Flag]:
    """The narration giving one person two different objects of one relation ("le gendre de
    Trump" here, "le gendre de Poutine" there)."""
    objects: dict[tuple[str, str], dict[str, Claim]] = defaultdict(dict)
    for claim in analysed.claims:
        if claim.source.party == NARRATION and claim.type is ClaimType.RELATION:
            objects[(claim.args["person"], claim.args["relation"])].setdefault(claim.args["object"], claim)
    found = []
    for (person, relation), claims in objects.items():
        first, *others = claims.values()
        for other in others:
            found.append(_self_flag(analysed, other, first, f"gives {person} two different '{relation}'"))
    return found + _held_and_doubted(analysed)


def _held_and_doubted(analysed: AnalysedDocument) -> list[Flag]:
    """The narration saying in its own words that a place is held ("a city that has been under
    Moscow's control for some time") while it doubts or denies its capture elsewhere ("if true",
    "the alleged breakthrough")."""
    states = rules(analysed.document.language).control_states
    own = [
        c
        for c in analysed.claims
        if c.type is ClaimType.CONTROL and c.source.party == NARRATION and c.attribution is None
    ]
    found = []
    for claim in own:
        held = claim.stance is Stance.ASSERTS and claim.extent == "full" and not claim.hedges
        if not held or not set(fold(claim.evidence).split()) & states:
            continue
        doubted = next(
            (c for c in own if c.key == claim.key and c.stance in (Stance.HEDGED, Stance.DENIES)),
            None,
        )
        if doubted is not None:
            found.append(_self_flag(analysed, claim, doubted, "holds as taken what it doubts elsewhere"))
    return found


def _remark_given_twice(analysed: AnalysedDocument, kb: KnowledgeBase) -> list[Flag]:
    """One remark given to a person, then a few lines later to someone described by that person
    ("Le président a ajouté que l'on ne pouvait prévoir ce qui ressortira de cette rencontre…",
    then "Le conseiller du président américain a expliqué que le résultat de l'entrevue demeurait
    incertain…"): an aide credited with his principal's words, the later one is flagged."""
    doc = analysed.document
    said = [
        a
        for a in analysed.attributions
        if a.speaker is not None
        and a.speaker.name
        and a.speaker.type is SpeakerType.PERSON
        and len(doc.text[a.content.start : a.content.end].split()) >= MIN_QUOTE_WORDS
    ]
    found = []
    for later_index, later in enumerate(said):
        for earlier in said[:later_index]:
            assert earlier.speaker is not None and later.speaker is not None
            principal = _described_by(later.speaker.name or "", doc.published, kb)
            if (
                principal is None
                or principal != earlier.speaker.name
                or not 0 < later.content.start - earlier.content.end <= REMARK_WINDOW
            ):
                continue
            from claimscope.nlp.parsing import content_similarity  # spaCy's vectors: only flags of remarks load them

            first, second = (doc.text[a.content.start : a.content.end] for a in (earlier, later))
            if doc.language and content_similarity(doc.language, first, second) >= REMARK_SIMILARITY:
                found.append(
                    Flag(
                        "quote-conflict",
                        doc.id,
                        later.content,
                        second,
                        f"the remark given here to the {later.speaker.name} reads like what the article "
                        f"gave to {principal} a few lines before",
                        [Evidence(doc.id, principal, first)],
                    )
                )
                break
    return found


def _described_by(description: str, when: date | None, kb: KnowledgeBase) -> str | None:
    """The person an unnamed speaker is described by: "conseiller du président américain" -> the
    US president on that day; None for a named speaker."""
    if not description[:1].islower() or " " not in description:
        return None
    for marker in (" du ", " de la ", " de l'", " de "):
        if marker in description:
            holder = kb.role_holder(description.split(marker, 1)[1], when)
            person = kb.person(description.split(marker, 1)[1])
            return holder[0] if holder else (person.name if person else None)
    return None


def _self_flag(analysed: AnalysedDocument, claim: Claim, earlier: Claim, what: str) -> Flag:
    doc = analysed.document
    return Flag(
        "self-contradiction",
        doc.id,
        flag_span(claim),
        flag_sentence(doc.text, claim),
        f"the article {what}: {claim.key.split('|', 1)[1].replace('|', ' ')}",
        [Evidence(doc.id, doc.site or doc.source, earlier.evidence)],
    )

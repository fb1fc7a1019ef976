"""Claims, stances, verdicts and flags scored against gold read by people.

Gold (docs/gold-format.md, "Claims gold"): propositions with every document's stance rows and
the expected verdict, and the errors a fact-checker would flag. The whole corpus is analysed
(verdicts need every source), then:

- stances: units (proposition, document, stance); a system claim counts for a gold
  proposition when its normalised arguments match; precision is over claims that match some
  gold proposition (gold is exhaustive within a proposition, not over all propositions); the
  claims that match none are counted apart, by kind, for a reader to judge (a meeting of people
  who did not meet lands there);
- verdicts: the status of the largest group of claims matching each gold proposition;
- flags: a system flag matches a gold flag in the same document whose evidence it overlaps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimscope.claims.flags import corpus_flags
from claimscope.claims.same_meeting import MIN_SHARED_PARTICIPANTS
from claimscope.claims.verdicts import GROUPED as VERDICT_TYPES
from claimscope.claims.verdicts import verdicts
from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase, knowledge
from claimscope.evaluation.gold import GoldError
from claimscope.evaluation.scoring import Matches
from claimscope.records import AnalysedDocument, Claim, ClaimType, Span
from claimscope.text import fold_chars

GROUPED = {t.value for t in VERDICT_TYPES}


@dataclass(frozen=True)
class GoldProposition:
    id: str
    type: str
    args: dict[str, Any]
    verdict: str | None
    stances: tuple[tuple[str, str, str], ...]  # (doc, stance, party)


@dataclass(frozen=True)
class GoldFlag:
    doc: str
    kind: str
    subject: str
    evidence: str


@dataclass
class Counts(Matches):
    def as_dict(self) -> dict[str, float | int]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass
class ClaimsReport:
    stances: Counts = field(default_factory=Counts)
    mentions: Counts = field(default_factory=Counts)  # (proposition, document) whatever the stance
    party_accuracy: float = 0.0
    verdicts_right: int = 0
    verdicts_total: int = 0
    flags: Counts = field(default_factory=Counts)
    flag_kind_accuracy: float = 0.0
    per_proposition: dict[str, Counts] = field(default_factory=dict)
    outside: dict[str, int] = field(default_factory=dict)  # claims of no gold proposition, by kind
    verdict_rows: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "stances": self.stances.as_dict(),
            "proposition_mentions": self.mentions.as_dict(),
            "party_accuracy": round(self.party_accuracy, 3),
            "verdict_accuracy": round(self.verdicts_right / self.verdicts_total, 3) if self.verdicts_total else 0.0,
            "verdicts": [{"proposition": p, "gold": g, "system": s} for p, g, s in self.verdict_rows],
            "flags": self.flags.as_dict(),
            "flag_kind_accuracy": round(self.flag_kind_accuracy, 3),
            "per_proposition": {k: v.as_dict() for k, v in self.per_proposition.items()},
            "outside_gold": self.outside,
            "errors": self.errors,
        }


@dataclass(frozen=True)
class GoldInputs:
    """What a claims gold is about: named files, the corpora whose records are keyed by their id
    (several: a French and an English one), and the records each covers (all if none listed)."""

    files: dict[str, str]
    corpora: tuple[str, ...] = ()
    records: dict[str, frozenset[str]] = field(default_factory=dict)

    def covers(self, corpus: str, record: str) -> bool:
        wanted = self.records.get(corpus)
        return not wanted or record in wanted


def _inputs(given: dict[str, Any]) -> GoldInputs:
    """``corpus`` is one path or a list; ``records`` a list for every corpus, or lists by corpus path."""
    corpus = given.get("corpus", [])
    corpora = tuple(map(str, [corpus] if isinstance(corpus, str) else corpus))
    listed = given.get("records", [])
    if isinstance(listed, dict):
        records = {str(k): frozenset(map(str, v)) for k, v in listed.items()}
    else:
        records = {c: frozenset(map(str, listed)) for c in corpora} if listed else {}
    files = {str(k): str(v) for k, v in given.items() if k not in ("corpus", "records")}
    return GoldInputs(files, corpora, records)


def load_claims_gold(path: Path) -> tuple[GoldInputs, list[GoldProposition], list[GoldFlag]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        inputs = _inputs(dict(data["inputs"]))
        propositions = [
            GoldProposition(
                p["id"],
                p["type"],
                dict(p["args"]),
                p.get("verdict"),
                tuple((s["doc"], s["stance"], s.get("party", "")) for s in p["stances"]),
            )
            for p in data["propositions"]
        ]
        flags = [GoldFlag(f["doc"], f["kind"], f.get("subject", ""), f["evidence"]) for f in data.get("flags", [])]
    except KeyError as exc:
        raise GoldError(f"{path}: not a claims gold file (no {exc.args[0]!r} field; docs/gold-format.md)") from exc
    except (TypeError, AttributeError) as exc:  # a list, or a field of the wrong kind
        raise GoldError(f"{path}: not a claims gold file ({SHAPE}; docs/gold-format.md)") from exc
    except (OSError, ValueError) as exc:
        raise GoldError(f"{path}: not a claims gold file ({exc})") from exc
    return inputs, propositions, flags


SHAPE = "a JSON object of 'inputs' and 'propositions', each proposition with its 'stances', is expected"


def _place(name: object) -> str:
    place = gazetteer().lookup(str(name), ("UA",))
    return place.name if place else str(name)


def _person(name: object, kb: KnowledgeBase) -> str:
    person = kb.person(str(name))
    return person.name if person else str(name)


def matches(claim: Claim, gold: GoldProposition, kb: KnowledgeBase) -> bool:
    """Whether a system claim is about a gold proposition (arguments normalised both sides)."""
    if claim.type.value != gold.type:
        return False
    args = gold.args
    if claim.type is ClaimType.CONTROL:
        return claim.args["place"] == _place(args["place"]) and claim.args["actor"] == args.get("actor", "Russia")
    if claim.type is ClaimType.MEETING:
        wanted = {_person(p, kb) for p in args.get("participants", [])}
        got = set(filter(None, claim.args["participants"].split("; ")))
        place, when = claim.args.get("place"), claim.args.get("date")
        return (
            len(wanted & got) >= MIN_SHARED_PARTICIPANTS
            and place in ("", _place(args.get("place", "")))
            and when in ("", str(args.get("date", "")))
        )  # a report lacking place and date is about the meeting it shares people with, as verdicts group it
    relation = args.get("relation") or args.get("role")
    other = args.get("object") or args.get("of")
    return (
        claim.args["person"] == _person(args["person"], kb)
        and claim.args["relation"] == relation
        and claim.args["object"] == _person(other, kb)
    )


def score_claims(gold_path: Path, analyse_inputs: Callable[[GoldInputs], dict[str, AnalysedDocument]]) -> ClaimsReport:
    inputs, propositions, gold_flags = load_claims_gold(gold_path)
    documents = analyse_inputs(inputs)  # gold doc id -> analysed document
    kb = knowledge()
    by_system_id = {a.document.id: gold_id for gold_id, a in documents.items()}
    report = ClaimsReport()
    _score_stances(report, propositions, documents, kb)
    _score_verdicts(report, propositions, list(documents.values()), kb)
    _score_flags(report, gold_flags, list(documents.values()), by_system_id, kb)
    return report


def _system_units(
    propositions: list[GoldProposition], documents: dict[str, AnalysedDocument], kb: KnowledgeBase
) -> tuple[dict[str, set[tuple[str, str, str]]], list[tuple[str, Claim]]]:
    """Gold proposition id -> system (doc, stance, party) units; and the (doc, claim) of none."""
    units: dict[str, set[tuple[str, str, str]]] = {p.id: set() for p in propositions}
    outside: list[tuple[str, Claim]] = []
    for gold_id, analysed in documents.items():
        for claim in analysed.claims:
            if claim.type.value not in GROUPED:
                continue
            best = _best_match(claim, propositions, kb)
            if best is not None:
                units[best.id].add((gold_id, claim.stance.value, claim.source.party))
            else:
                outside.append((gold_id, claim))
    return units, outside


def _best_match(claim: Claim, propositions: list[GoldProposition], kb: KnowledgeBase) -> GoldProposition | None:
    """The one gold proposition a claim is about: for meetings, the one sharing most participants,
    then the one with fewest others (Witkoff, Kushner and Umerov met in Miami without Rubio too)."""
    candidates = [p for p in propositions if matches(claim, p, kb)]
    if claim.type is not ClaimType.MEETING or len(candidates) < 2:
        return candidates[0] if candidates else None
    got = set(claim.args["participants"].split("; "))

    def fit(proposition: GoldProposition) -> tuple[int, int]:
        wanted = {_person(x, kb) for x in proposition.args.get("participants", [])}
        return len(got & wanted), -len(wanted - got)

    return max(candidates, key=fit)


def _score_stances(
    report: ClaimsReport, propositions: list[GoldProposition], documents: dict[str, AnalysedDocument], kb: KnowledgeBase
) -> None:
    system, outside = _system_units(propositions, documents, kb)
    party_hits = party_total = 0
    for proposition in propositions:
        gold_units = {(d, s) for d, s, _ in proposition.stances}
        got_units = {(d, s) for d, s, _ in system[proposition.id]}
        counts = Counts(len(gold_units), len(got_units), len(gold_units & got_units))
        report.per_proposition[proposition.id] = counts
        report.stances.add(counts)
        gold_docs = {d for d, _ in gold_units}
        got_docs = {d for d, _ in got_units}
        report.mentions.add(Counts(len(gold_docs), len(got_docs), len(gold_docs & got_docs)))
        for doc, stance, party in proposition.stances:
            parties = {p for d, s, p in system[proposition.id] if d == doc and s == stance}
            if parties:
                party_total += 1
                party_hits += party in parties
        for d, s in sorted(gold_units - got_units):
            report.errors.append(f"missed {proposition.id} {d} {s}")
        for d, s in sorted(got_units - gold_units):
            report.errors.append(f"spurious {proposition.id} {d} {s}")
    report.party_accuracy = party_hits / party_total if party_total else 0.0
    for doc, claim in outside:
        report.outside[claim.type.value] = report.outside.get(claim.type.value, 0) + 1
        told = "; ".join(f"{k}={v}" for k, v in claim.args.items() if v)
        report.errors.append(f"outside gold {doc} {claim.type.value} {claim.stance.value} {told}")


def _score_verdicts(
    report: ClaimsReport,
    propositions: list[GoldProposition],
    documents: list[AnalysedDocument],
    kb: KnowledgeBase,
) -> None:
    found = verdicts(documents, kb)
    for proposition in propositions:
        if proposition.verdict is None:
            continue
        candidates = [v for v in found if any(matches(r.claim, proposition, kb) for r in v.rows)]
        best = max(candidates, key=lambda v: len(v.rows), default=None)
        status = best.status if best else None
        report.verdict_rows.append((proposition.id, proposition.verdict, status))
        report.verdicts_total += 1
        report.verdicts_right += status == proposition.verdict


def _score_flags(
    report: ClaimsReport,
    gold_flags: list[GoldFlag],
    documents: list[AnalysedDocument],
    by_system_id: dict[str, str],
    kb: KnowledgeBase,
) -> None:
    texts = {by_system_id[a.document.id]: a.document.text for a in documents}
    system = [(by_system_id[f.document], f) for f in corpus_flags(documents, kb)]
    gold_spans = [(g, _span_of(g.evidence, texts.get(g.doc, ""))) for g in gold_flags]
    matched_system: set[int] = set()
    kinds_right = 0
    for gold, span in gold_spans:
        hit = next(
            (
                i
                for i, (doc, f) in enumerate(system)
                if i not in matched_system and doc == gold.doc and span and f.span.overlap(span) > 0
            ),
            None,
        )  # one system flag answers one gold flag
        if hit is None:
            report.errors.append(f"missed flag {gold.doc} {gold.kind}: {gold.evidence[:60]}")
            continue
        matched_system.add(hit)
        kinds_right += system[hit][1].kind == gold.kind
    for i, (doc, flag) in enumerate(system):
        if i not in matched_system:
            report.errors.append(f"spurious flag {doc} {flag.kind}: {flag.sentence[:60]}")
    matched = len(matched_system)
    report.flags = Counts(len(gold_flags), len(system), matched)
    report.flag_kind_accuracy = kinds_right / matched if matched else 0.0


def _span_of(evidence: str, text: str) -> Span | None:
    """Where gold evidence (copied from the raw page) lies in the stored, normalised text."""
    at = fold_chars(text).find(fold_chars(" ".join(evidence.split())))
    return Span(at, at + len(evidence)) if at >= 0 else None

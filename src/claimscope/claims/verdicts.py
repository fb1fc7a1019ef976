"""Claims about one proposition, grouped across documents, and what the sources together say.

Independence is counted in *sources*, not articles: copies of one wire dispatch (near-duplicate
texts) and articles of the same site are one source. A proposition is corroborated when two or
more independent sources assert it and none deny it or confirm only part of it; contested when
some assert and others deny or only partly confirm; contradicted when sources only deny it or
the knowledge base says otherwise; single-source otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta

from claimscope.claims.dates import event_date
from claimscope.claims.duplicates import dispatch_groups
from claimscope.claims.knowledge import kb_conflict
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import AnalysedDocument, Claim, ClaimType, Stance, StanceRow, Verdict

GROUPED = (ClaimType.CONTROL, ClaimType.MEETING, ClaimType.RELATION, ClaimType.ROLE)
MIN_SHARED_PARTICIPANTS = 2


def independent_sources(documents: Sequence[AnalysedDocument]) -> dict[str, str]:
    """Document id -> source id: copies of one dispatch and articles of one site share it."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, group in dispatch_groups({a.document.id: a.document.text for a in documents}).items():
        parent[find(doc_id)] = find(group)
    by_site: dict[str, str] = {}
    for analysed in documents:
        doc = analysed.document
        if doc.site:
            parent[find(doc.id)] = find(by_site.setdefault(doc.site, doc.id))
    return {a.document.id: find(a.document.id) for a in documents}


def verdicts(documents: Sequence[AnalysedDocument], kb: KnowledgeBase) -> list[Verdict]:
    sources = independent_sources(documents)
    dispatches = dispatch_groups({a.document.id: a.document.text for a in documents})
    groups: dict[str, list[StanceRow]] = defaultdict(list)
    for analysed in documents:
        doc = analysed.document
        for claim in analysed.claims:
            if claim.type in GROUPED:
                groups[claim.key].append(StanceRow(doc.id, doc.site, doc.published, claim, dispatches[doc.id]))
    _merge_meetings(groups)
    found = []
    for key, rows in groups.items():
        rows = _dated(rows)
        first = rows[0].claim
        status, reason, count = _status(rows, sources, kb)
        found.append(Verdict(key, first.type, _args(rows), status, count, rows, reason))
    return sorted(found, key=lambda v: (-len(v.rows), v.key))


def _status(rows: list[StanceRow], sources: Mapping[str, str], kb: KnowledgeBase) -> tuple[str, str, int]:
    by_stance: dict[Stance, set[str]] = defaultdict(set)
    for row in rows:
        by_stance[row.claim.stance].add(sources.get(row.document, row.document))
    asserting = by_stance[Stance.ASSERTS]
    stating = asserting | by_stance[Stance.HEDGED]
    independent = len(stating | by_stance[Stance.DENIES] | by_stance[Stance.PARTIAL])
    conflict = kb_conflict(rows[0].claim, kb)
    copies = len(rows) - independent
    note = f"{len(rows)} statements from {independent} independent sources" + (
        f" (copies of one dispatch or site counted once: {copies} folded)" if copies > 0 else ""
    )
    if conflict:
        return "contradicted", f"knowledge base: {conflict}; {note}", independent
    counts = ", ".join(f"{len(v)} {s.value}" for s, v in sorted(by_stance.items(), key=lambda i: i[0].value) if v)
    if by_stance[Stance.PARTIAL] or (stating and by_stance[Stance.DENIES]):
        return "contested", f"{counts}; {note}", independent
    if not stating:
        return "contradicted", f"only denied; {note}", independent
    if len(asserting) >= 2:
        return "corroborated", f"{len(asserting)} independent sources assert, none deny; {note}", independent
    return "single-source", note, independent


def _merge_meetings(groups: dict[str, list[StanceRow]]) -> None:
    """A meeting told without its place or date joins the group it shares people and the rest with."""
    anchors = [k for k in groups if k.startswith("meeting|") and "?" not in k.split("|")]
    for key in [k for k in groups if k.startswith("meeting|") and "?" in k.split("|")]:
        _, place, when = key.split("|")
        people = set().union(*(_participants(r.claim) for r in groups[key]))
        for anchor in anchors:
            _, a_place, a_when = anchor.split("|")
            anchor_people = set().union(*(_participants(r.claim) for r in groups[anchor]))
            if (
                place in ("?", a_place)
                and when in ("?", a_when)
                and len(people & anchor_people) >= MIN_SHARED_PARTICIPANTS
            ):
                groups[anchor].extend(groups.pop(key))
                break


def _participants(claim: Claim) -> set[str]:
    return {p for p in claim.args.get("participants", "").split("; ") if p}


def _args(rows: list[StanceRow]) -> dict[str, str]:
    args = dict(rows[0].claim.args)
    if rows[0].claim.type is ClaimType.MEETING:
        anchored = [r.claim for r in rows if r.claim.args.get("place") and r.claim.args.get("date")]
        args = dict((anchored or [rows[0].claim])[0].args)
        args["participants"] = "; ".join(sorted(set().union(*(_participants(r.claim) for r in rows))))
        args.pop("outcome", None)
    return args


def _dated(rows: list[StanceRow]) -> list[StanceRow]:
    """An undated article's "mardi" or "2 décembre" is read against the dates the other
    sources of the group give: the nearest such day to their median."""
    told = sorted(r.claim.date for r in rows if r.claim.date)
    anchor = told[len(told) // 2] if told else None
    out = []
    for row in rows:
        claim = row.claim
        if claim.date is None and claim.date_text and anchor is not None:
            when, _ = event_date(claim.date_text, anchor + timedelta(days=3))
            if when is not None:
                claim = replace(claim, date=when, date_text=f"{claim.date_text} (inferred from other sources)")
        out.append(replace(row, claim=claim))
    return sorted(out, key=lambda r: (r.claim.date or r.published or date.max, r.document))

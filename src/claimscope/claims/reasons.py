"""A verdict's status and the reason it gives, from what its rows say (`Tally`).

Independence is counted in *sources*, not articles (claimscope.claims.independence): a dispatch
printed by several outlets (copies, rewrites, translations) is one source, and any other article
counts as its site. The reason says how many statements, articles and independent sources there
are, which articles were counted as one source, and, for a capture every source draws from the
capturing side, that the sources are not independent witnesses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from claimscope.claims.knowledge import kb_conflict
from claimscope.claims.sources import credited_party
from claimscope.entities.kb import KnowledgeBase
from claimscope.records import Claim, Stance, StanceRow

FOLDED_SHOWN = 5  # groups of articles counted as one source named in a reason, and articles of each


@dataclass
class Tally:
    """What a verdict's status and reason read of its rows (a much-told proposition's is summed
    from its stored stances instead, `query.summaries`): the independent sources taking each
    stance, the numbers of statements and articles, the latest asserting or hedging statement (the
    current state, checked against the knowledge base), the groups of articles counted as one
    source, the sides asserting it and the side its first statement credits with it."""

    by_stance: dict[Stance, set[str]]
    statements: int
    articles: int
    latest: Claim | None
    folded: str
    parties: set[str]
    credited: str


def tally(rows: list[StanceRow], sources: Mapping[str, str]) -> Tally:
    by_stance: dict[Stance, set[str]] = defaultdict(set)
    for row in rows:
        by_stance[row.claim.stance].add(sources.get(row.document, row.document))
    stated = [r for r in rows if r.claim.stance in (Stance.ASSERTS, Stance.HEDGED)]
    latest = max(stated, key=lambda r: r.claim.date or date.min, default=None)  # the current state
    return Tally(
        by_stance,
        len(rows),
        len({r.document for r in rows}),
        latest.claim if latest else None,
        _folded(rows, sources),
        {row.claim.source.party for row in rows if row.claim.stance is Stance.ASSERTS},
        credited_party(rows[0].claim) if rows else "",
    )


def judged(told: Tally, kb: KnowledgeBase) -> tuple[str, str, int]:
    """The status, its reason and the number of independent sources."""
    by_stance = defaultdict(set, told.by_stance)
    asserting = by_stance[Stance.ASSERTS]
    stating = asserting | by_stance[Stance.HEDGED]
    independent = len(stating | by_stance[Stance.DENIES] | by_stance[Stance.PARTIAL])
    conflict = kb_conflict(told.latest, kb) if told.latest else None
    note = f"{_count(told.statements, 'statement')} in {_count(told.articles, 'article')} from "
    note += _count(independent, "independent source")
    if told.folded:
        note += f"; counted once each: {told.folded}"
    if conflict:
        return "contradicted", f"knowledge base: {conflict.text}; {note}", independent
    counts = "independent sources: " + ", ".join(
        f"{len(v)} {s.value}" for s, v in sorted(by_stance.items(), key=lambda i: i[0].value) if v
    )
    if sum(len(v) for v in by_stance.values()) > independent:  # the counts add up to more than the sources
        counts += " (a source that took several stances is counted in each)"
    status = status_of(len(asserting), len(stating), len(by_stance[Stance.DENIES]), len(by_stance[Stance.PARTIAL]))
    reason = {
        "contested": f"{counts}; {note}",
        "contradicted": f"only denied; {note}",
        "corroborated": f"{len(asserting)} independent sources assert, none deny{_one_side(told)}; {note}",
    }.get(status, note)
    return status, reason, independent


def _one_side(told: Tally) -> str:
    """What a reader must know of a corroboration of a capture that every source draws from the
    capturing side's claim (two outlets relaying Moscow's "liberation" of a town): the sources
    are independent outlets, not independent witnesses (a claim crediting no side is no side's own)."""
    if not told.credited or len(told.parties) != 1 or told.parties != {told.credited}:
        return ""  # not one side, or a side conceding what the other claims ("a reconnu la prise")
    side = next(iter(told.parties))
    return f", but every assertion is one side's own claim ({side}; no observer, narration or other side asserts it)"


def status_of(asserting: int, stating: int, denying: int, partial: int) -> str:
    """The verdict from how many independent sources assert, state (assert or hedge), deny and
    only partly confirm a proposition, the knowledge base aside (views replaying the days use it)."""
    if partial or (stating and denying):
        return "contested"
    if not stating:
        return "contradicted"
    return "corroborated" if asserting >= 2 else "single-source"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _folded(rows: list[StanceRow], sources: Mapping[str, str]) -> str:
    members: dict[str, dict[str, str]] = defaultdict(dict)  # source -> its articles and their sites
    for row in rows:
        members[sources.get(row.document, row.document)][row.document] = row.site or "?"
    groups = [m for m in members.values() if len(m) > 1]
    shown = [(len(m), [(m[doc], doc[:8]) for doc in sorted(m)[:FOLDED_SHOWN]]) for m in groups[:FOLDED_SHOWN]]
    return folded(shown, len(groups))


def folded(groups: Sequence[tuple[int, Sequence[tuple[str, str]]]], count: int) -> str:
    """Which articles were counted as one source (copies of a dispatch, or one site), from the
    first groups' sizes (in articles) and first (site, article) pairs, by article id, and the
    ``count`` of groups: the first FOLDED_SHOWN groups and articles of each by name, the others
    counted (a proposition reported by 40,000 articles of one site had a reason of a megabyte,
    read and printed with the board)."""
    named = []
    for size, first in groups[:FOLDED_SHOWN]:
        more = f" + {size - FOLDED_SHOWN:,} more" if size > FOLDED_SHOWN else ""
        named.append(" + ".join(f"{site} {doc}" for site, doc in first[:FOLDED_SHOWN]) + more)
    if count > FOLDED_SHOWN:
        named.append(f"{count - FOLDED_SHOWN:,} more groups")
    return "; ".join(named)

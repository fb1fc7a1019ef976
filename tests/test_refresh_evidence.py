"""A much-told relation's flags from its objects counted by the store (`query.evidence`) against a
full refresh, on both backends: the same flags, evidence kept and evidence counted, though the
refresh reads only the statements a flag may cite."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from claimscope.query import evidence, incremental, object_counts, summaries, tables
from claimscope.records import Evidence, Flag, Span
from claimscope.store import Store
from tests.test_refresh_summed import FIRST, LATER, SITES, _report, incremental_and_full

# pieces of evidence kept: more than the stored articles' six sites, so the evidence kept is each
# site's first piece (a late one's too), then the first repeats
KEPT = 8
# forty articles of five sites, then two of a sixth whose first statement comes after the first
# 2 × KEPT of each object (a flag may cite it only as its site's first)
STORED = [
    *(_report(n, SITES[n % len(SITES)], FIRST + timedelta(days=n % 4)) for n in range(40)),
    *(_report(60 + n, "late.example", FIRST + timedelta(days=3)) for n in range(2)),
]


# recomputed: the proposition is read whole for its verdict (its flag's evidence with it); summed:
# only the statements a flag may cite are read
@pytest.mark.parametrize("many", [500, 10], ids=["recomputed", "summed"])
def test_counted_relations_are_flagged_as_a_full_refresh_flags_them(
    db_url: str, monkeypatch: pytest.MonkeyPatch, many: int
) -> None:
    monkeypatch.setattr(tables, "EVIDENCE_KEPT", KEPT)
    monkeypatch.setattr(summaries, "MANY", many)
    read: list[set[int]] = []

    def citing(count: Callable[..., object_counts.Kept]) -> Callable[..., object_counts.Kept]:
        def counting(*args: Any) -> object_counts.Kept:
            found = count(*args)
            read.append(found.cited)
            return found

        return counting

    monkeypatch.setattr(incremental, "counted_objects", citing(object_counts.counted_objects))
    tables_after, full = incremental_and_full(Store(db_url), STORED, LATER)
    outvoted = [f for f in full["flags"] if f[1] == LATER[-1].document.id and "Pierre Martinet" in f[2]]
    assert len(outvoted) == 1 and "independent sources say Donald Trump" in outvoted[0][2]
    assert "late.example" in outvoted[0][3], "the sixth site's first statement is among the evidence kept"
    assert outvoted[0][4] > 40, "every statement of the majority counted"
    assert tables_after == full
    # Pierre Martinet, whom the knowledge base does not know, is counted; the two others, whom the
    # new article calls envoys of another than it says, are read whole
    assert len(read) == 1
    martinet = len(STORED) + len(LATER) - 1  # his statements of Donald Trump
    assert KEPT + 1 <= len(read[0]) < martinet // 2


class _Fewer(evidence.Pick):
    """One first statement fewer than `evidence.Pick` cites (the bound is tight: this loses evidence)."""

    def __init__(self) -> None:
        super().__init__()
        self.first -= 1


def _diverging(pick: Callable[[], evidence.Pick], monkeypatch: pytest.MonkeyPatch) -> int:
    """How many random evidence lists keep other evidence when only the picked statements, those
    read whole for other reasons and new articles' (listed last) are held."""
    rng = random.Random(7)
    diverging = 0
    for _ in range(3000):
        monkeypatch.setattr(tables, "EVIDENCE_KEPT", rng.randint(1, 6))
        sites = rng.randint(1, 10)
        told = [Evidence(f"d{n}", f"s{rng.randrange(sites)}", "") for n in range(rng.randint(0, 30))]
        chosen = pick()
        cited = [chosen.cites("object", e.source) for e in told]
        held = [e for e, c in zip(told, cited, strict=True) if c or rng.random() < 0.3]
        new = [e for e, c in zip(told, cited, strict=True) if not c and e not in held and rng.random() < 0.3]
        held += rng.sample(new, len(new))  # new articles not read with the others: listed last, in any order
        kept = [tables._kept(Flag("k", "d", Span(0, 1), "", "", listed)) for listed in (told, held)]
        diverging += kept[0] != kept[1]
    return diverging


def test_the_statements_picked_keep_the_evidence_every_statement_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _diverging(evidence.Pick, monkeypatch) == 0
    assert _diverging(_Fewer, monkeypatch) > 0

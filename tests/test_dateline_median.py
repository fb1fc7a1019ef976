"""The date the other sources give a proposition, found by counting (`claims.datelines`): the same
median and statements as taking the others' rows one source at a time, on random propositions."""

from __future__ import annotations

import random
from datetime import date, timedelta

from claimscope.claims.datelines import MAX_EVIDENCE, _median_elsewhere
from claimscope.records import Claim, ClaimType, Evidence, Source, Span, Stance, StanceRow


def _rows(rng: random.Random, count: int, sources: int) -> tuple[list[StanceRow], dict[str, str]]:
    rows, source_of = [], {}
    for n in range(count):
        when = date(2025, 12, 1) + timedelta(days=rng.randrange(6))
        claim = Claim(ClaimType.CONTROL, "k", {}, Stance.ASSERTS, Source("s", "outlet", "x"), Span(0, 1), f"e{n}")
        claim.date, claim.date_text = when, "lundi"
        rows.append(StanceRow(f"d{n}", f"site{n}", when, claim, f"d{n}"))
        source_of[f"d{n}"] = f"g{rng.randrange(sources)}"
    return sorted(rows, key=lambda r: r.claim.date or date.min), source_of


def _one_source_at_a_time(dated: list[StanceRow], own: str, source_of: dict[str, str]) -> tuple[date, list[Evidence]]:
    others = [r for r in dated if source_of[r.document] != own]
    median = others[len(others) // 2].claim.date
    assert median is not None
    said = [r for r in others if r.claim.date == median][:MAX_EVIDENCE]
    return median, [Evidence(r.document, r.site or "", f"{r.claim.evidence} ({r.claim.date_text})") for r in said]


def test_the_median_elsewhere_by_counting_equals_the_one_by_copying() -> None:
    rng = random.Random(7)
    checked = 0
    for _ in range(300):
        dated, source_of = _rows(rng, rng.randrange(3, 60), rng.randrange(2, 6))
        at: dict[str, list[int]] = {}
        for index, row in enumerate(dated):
            at.setdefault(source_of[row.document], []).append(index)
        for own in {*at, "elsewhere"}:  # a source with rows here, and one without
            if len(dated) > len(at.get(own, [])):
                assert _median_elsewhere(dated, at.get(own, [])) == _one_source_at_a_time(dated, own, source_of)
                checked += 1
    assert checked > 900

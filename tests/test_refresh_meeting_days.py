"""Meetings a day apart, merged into the day more reports give: the incremental refresh regroups
the days around what changed as a full refresh groups them, from the keys around them alone
(`query.meetings`): a day's merge reads the days within two of it, not a run of days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import NamedTuple

import pytest

from claimscope.query import materialise
from claimscope.records import AnalysedDocument
from claimscope.store import Store
from tests.test_refresh_incremental import _tables
from tests.test_refresh_meetings import PARIS, refreshed_as_full, report

PEOPLE = ("Anna Keller", "Boris Lind")
JUNE = [date(2025, 6, day) for day in range(1, 6)]


def _days(sizes: dict[int, int], prefix: str = "") -> list[AnalysedDocument]:
    """``sizes[n]`` reports of the two people meeting in Paris on June n."""
    return [
        report(f"{prefix}{day}-{n}", PARIS, JUNE[day - 1], *PEOPLE, published=JUNE[day - 1])
        for day, count in sizes.items()
        for n in range(count)
    ]


def _elsewhere(analysed: AnalysedDocument) -> AnalysedDocument:
    """The article analysed again: it tells another meeting."""
    return replace(report("k", "Kyiv", JUNE[0], "Olena Bondar", "Dora Ness"), document=analysed.document)


def _meetings(store: Store) -> set[frozenset[str]]:
    """Each meeting, as the days of its Paris reports (June n as "n")."""
    tables = _tables(store)
    paris = {pid for pid, key, *_ in tables["propositions"] if PARIS in key}
    days: dict[str, set[str]] = {}
    for pid, _, (doc, *_), *_ in tables["stances"]:
        if pid in paris and doc[0].isdigit():
            days.setdefault(pid, set()).add(doc.split("-")[0])
    return {frozenset(held) for held in days.values()}


class Case(NamedTuple):
    stored: dict[int, int]  # reports a day
    new: dict[int, int]  # new reports a day
    unplaced: list[int]  # new reports giving one of these days, and no place
    replaced: int  # June 3's first reports analysed again, telling another meeting
    before: set[str]  # the meetings, as their days
    after: set[str]


CASES = {
    # June 3 is merged into June 4, June 2 into no day (June 3, which outranks it, is merged
    # itself), June 1 into no day: reports that join June 1 and June 2 leave it so, though the
    # days around June 2 are not grouped again
    "reports joining two days leave them as they were": Case(
        {1: 1, 2: 2, 3: 3, 4: 4}, {}, [1, 2], 0, {"1", "2", "34"}, {"1", "2", "34"}
    ),
    # two of June 3's three reports analysed again: June 2 outranks it, and June 1, on its own
    # before (June 2 was merged into June 3), is merged into June 2
    "reports analysed again let a day two days away join": Case({1: 1, 2: 2, 3: 3}, {}, [], 2, {"1", "23"}, {"123"}),
    # June 1's new reports make it outrank June 2, which is merged into it: June 3, merged into
    # June 2 before, now joins June 4, the day after it
    "a day merged two days from new reports joins the day on its other side": Case(
        {1: 1, 2: 3, 3: 1, 4: 2}, {1: 3}, [], 0, {"123", "4"}, {"12", "34"}
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_meetings_a_day_apart_regrouped_incrementally_as_a_full_refresh_groups_them(db_url: str, case: str) -> None:
    stored, new, unplaced, replaced, before, after = CASES[case]
    store = Store(db_url)
    old = _days(stored)
    for analysed in old:
        store.save(analysed)
    materialise.refresh(store, full=True)
    assert _meetings(store) == {frozenset(days) for days in before}
    for analysed in _days(new, "new"):
        store.save(analysed)
    for day in unplaced:
        store.save(report(f"u{day}", None, JUNE[day - 1], *PEOPLE, published=JUNE[day - 1]))
    for analysed in [a for a in old if a.document.id.startswith("3-")][:replaced]:
        store.save(_elsewhere(analysed), replace=True)
    refreshed_as_full(store)
    assert _meetings(store) == {frozenset(days) for days in after}

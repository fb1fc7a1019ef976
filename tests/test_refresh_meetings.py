"""The incremental refresh regroups the stored meetings a new report can change, and writes what a
full refresh writes: on hand-made meeting reports, one case for each way a report moves others (a
report joining a stored meeting, a meeting gathering stored reports, reports left on their own
together, a meeting a day from a larger one at the same place)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from claimscope.query import materialise, meetings
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, Source, Span, Stance
from claimscope.store import Store
from tests.test_refresh_incremental import _tables

OUTLET = Source("outlet", "outlet", "journalist")


def report(
    doc_id: str, place: str | None, day: date | None, *people: str, published: date | None = date(2025, 6, 10)
) -> AnalysedDocument:
    """An article of its own site telling one meeting (place and day left out when None)."""
    text = f"Réunion {doc_id}: {', '.join(people)} se sont rencontrés."
    args = {"participants": "; ".join(sorted(people)), "place": place or "", "date": day.isoformat() if day else ""}
    claim = Claim(
        ClaimType.MEETING,
        f"meeting|{place or '?'}|{args['date'] or '?'}",
        args,
        Stance.ASSERTS,
        OUTLET,
        Span(0, len(text)),
        text,
        date=day,
    )
    document = Document(doc_id, f"{doc_id}.txt", text, site=f"{doc_id}.example", published=published)
    return AnalysedDocument(document, claims=[claim])


def told_twice(first: AnalysedDocument, second: AnalysedDocument) -> AnalysedDocument:
    """One article telling the meetings of two reports (the first's document)."""
    return replace(first, claims=[*first.claims, *second.claims])


GENEVA, PARIS = "Genève", "Paris"
JUNE_1, JUNE_2 = date(2025, 6, 1), date(2025, 6, 2)
FEBRUARY = date(2025, 2, 3)
UNRELATED = [report(f"u{n}", "Kyiv", date(2025, 5, n + 1), "Olena Bondar", f"Person {n}") for n in range(3)]
CASES = {  # stored reports, then the new one
    "a report without place or day joins a stored meeting": (
        [report("a1", GENEVA, JUNE_1, "Anna Keller", "Boris Lind"), report("a2", GENEVA, JUNE_1, "Anna Keller")],
        report("new", None, None, "Anna Keller", "Boris Lind"),
    ),
    "a new meeting gathers a stored report without place or day": (
        [report("b1", None, None, "Anna Keller", "Carl Mott")],
        report("new", PARIS, JUNE_2, "Anna Keller", "Carl Mott"),
    ),
    "reports left on their own with the same people are one meeting": (
        [report("c1", None, None, "Dora Ness", "Emil Ott"), report("c2", None, None, "Dora Ness", "Emil Ott")],
        report("new", None, None, "Dora Ness", "Emil Ott"),
    ),
    "a report without a day joins the meeting of its weeks, not a larger one months before": (
        [
            *(report(f"f{n}", PARIS, FEBRUARY, "Anna Keller", "Boris Lind", published=FEBRUARY) for n in range(4)),
            report("j1", GENEVA, JUNE_1, "Anna Keller", "Boris Lind"),
        ],
        report("new", None, None, "Anna Keller", "Boris Lind"),
    ),
    "a new meeting gathers stored reports of its day and of its weeks, not older ones": (
        [
            report("g1", None, None, "Anna Keller", "Carl Mott"),
            report("g2", None, JUNE_2, "Anna Keller", "Carl Mott", published=date(2025, 9, 1)),
            report("g3", None, None, "Anna Keller", "Carl Mott", published=FEBRUARY),
        ],
        report("new", PARIS, JUNE_2, "Anna Keller", "Carl Mott"),
    ),
    "a report without a day joins the meeting of its weeks though a report of its publication day came first": (
        [report("h1", PARIS, date(2025, 5, 28), "Anna Keller", "Boris Lind", published=date(2025, 5, 28))],
        told_twice(
            report("new", None, JUNE_2, "Anna Keller", "Boris Lind", published=JUNE_2),
            report("new", None, None, "Anna Keller", "Boris Lind", published=JUNE_2),
        ),
    ),
    "an undated article's report of a meeting no report dates or places is its own, beside a dated one's": (
        [report("k1", None, None, "Dora Ness", "Emil Ott", published=None)],
        report("new", None, None, "Dora Ness", "Emil Ott"),
    ),
    "a new meeting gathers an undated article's stored report without place or day": (
        [report("m1", None, None, "Anna Keller", "Carl Mott", published=None)],
        report("new", PARIS, JUNE_2, "Anna Keller", "Carl Mott"),
    ),
    "a meeting a day from a larger one at the same place joins it": (
        [report(f"d{n}", PARIS, JUNE_1, "Anna Keller", "Boris Lind") for n in range(3)],
        report("new", PARIS, JUNE_2, "Anna Keller", "Boris Lind"),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_new_report_regroups_the_stored_meetings_it_changes(tmp_path: Path, case: str) -> None:
    stored, new = CASES[case]
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in [*UNRELATED, *stored]:
        store.save(analysed)
    materialise.refresh(store, full=True)
    before = _tables(store)["propositions"]
    store.save(new)
    materialise.refresh(store, full=False)
    incremental = _tables(store)
    materialise.refresh(store, full=True)
    full = _tables(store)
    assert incremental["propositions"] != before, "the new report changes a stored meeting"
    for table in ("propositions", "proposition places", "stances"):
        assert incremental[table] == full[table], table


def test_a_report_without_a_day_is_about_a_meeting_of_the_weeks_around_its_publication(tmp_path: Path) -> None:
    stored, new = CASES["a report without a day joins the meeting of its weeks, not a larger one months before"]
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in [*stored, new]:
        store.save(analysed)
    materialise.refresh(store, full=True)
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in _tables(store)["stances"]}
    assert meeting_of["new"] == meeting_of["j1"] != meeting_of["f0"]


def test_reports_of_the_same_people_that_no_report_dates_are_one_meeting_a_month(tmp_path: Path) -> None:
    """ "They met", without a day, told in March and in December: two meetings, each of its month."""
    people = ("Anna Keller", "Boris Lind")
    reports = [
        report(name, None, None, *people, published=published)
        for name, published in (("m1", date(2025, 3, 3)), ("m2", date(2025, 3, 28)), ("d1", date(2025, 12, 1)))
    ]
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in reports:
        store.save(analysed)
    materialise.refresh(store, full=True)
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in _tables(store)["stances"]}
    assert meeting_of["m1"] == meeting_of["m2"] != meeting_of["d1"]
    keys = {key for _, key, *_ in _tables(store)["propositions"]}
    assert "meeting|?|?|Anna Keller; Boris Lind|told 2025-03" in keys, keys


def test_undated_articles_reports_of_a_meeting_no_report_dates_are_each_its_own(tmp_path: Path) -> None:
    """ "A previous summit with Putin", "a possible future meeting between Putin and Trump",
    greetings passed on: told by articles without a date, nothing says they are one meeting (the
    three were one, corroborated). Beside a report of one that is dated or placed, they join it."""
    people = ("Anna Keller", "Boris Lind")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for name in ("x1", "x2", "x3"):
        store.save(report(name, None, None, *people, published=None))
    materialise.refresh(store, full=True)
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in _tables(store)["stances"]}
    assert len({meeting_of["x1"], meeting_of["x2"], meeting_of["x3"]}) == 3
    store.save(report("anchor", GENEVA, JUNE_1, *people))
    materialise.refresh(store, full=True)
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in _tables(store)["stances"]}
    assert meeting_of["x1"] == meeting_of["x2"] == meeting_of["anchor"]


PEOPLE = ("Anna Keller", "Boris Lind", "Carl Mott", "Dora Ness")


def _random_report(rng: random.Random, number: int, days: int) -> AnalysedDocument:
    """A report of a few people, at one of two places or none, on a day of the ``days`` from May 22
    or none (those without a day told over the months around them)."""
    day = date(2025, 5, 22) + timedelta(days=rng.randrange(days))
    published = day + timedelta(days=rng.randrange(-2, 10))
    return report(
        f"r{number:03d}",
        rng.choice([GENEVA, PARIS, None]),
        rng.choice([day, day, None]),
        *rng.sample(PEOPLE, rng.randrange(1, 4)),
        published=published,
    )


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("days", [21, 120])
def test_random_meetings_regrouped_incrementally_as_a_full_refresh_groups_them(
    tmp_path: Path, seed: int, days: int
) -> None:
    """Reports of the same few people around the same weeks (or over four months), stored, then a
    few more: the incremental refresh (which follows only the links a new report can move) writes
    what a full refresh writes."""
    rng = random.Random(seed)
    reports = [_random_report(rng, n, days) for n in range(40)]
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in reports[:34]:
        store.save(analysed)
    materialise.refresh(store, full=True)
    for analysed in reports[34:]:
        store.save(analysed)
    materialise.refresh(store, full=False)
    incremental = _tables(store)
    materialise.refresh(store, full=True)
    full = _tables(store)
    for table in ("propositions", "proposition places", "stances"):
        assert incremental[table] == full[table], table


def test_a_report_analysed_again_is_regrouped_in_bounded_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its old claims are gone while stances (on SQLite, which leaves them to the refresh) still name
    them: the meeting links are followed from the claims that exist (a refresh looked for the missing
    ones without end, its memory growing)."""
    first, second = (report(d, "Miami", date(2025, 12, 4), "Rustem Umerov", "Steve Witkoff") for d in ("a", "b"))
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in (first, second):
        store.save(analysed)
    materialise.refresh(store, full=True)
    store.save(first, replace=True)  # the same article analysed again (--reanalyse)
    asked = meetings._Rows.ids

    def bounded(rows: meetings._Rows, ids: Iterable[int]) -> list[meetings.Row]:
        calls.append(1)
        assert len(calls) < 100, "the meeting links are followed without end"
        return asked(rows, ids)

    calls: list[int] = []
    monkeypatch.setattr(meetings._Rows, "ids", bounded)
    materialise.refresh(store, full=False)
    incremental = _tables(store)
    materialise.refresh(store, full=True)
    assert incremental["stances"] == _tables(store)["stances"]

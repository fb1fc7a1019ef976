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
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from claimscope.query import incremental, materialise, meetings
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, Source, Span, Stance
from claimscope.store import Store
from claimscope.store.models import ClaimRow
from tests.test_refresh_beside import stored_beside
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


def refreshed_as_full(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """An incremental refresh's tables, checked against a full refresh's."""
    materialise.refresh(store, full=False)
    found = _tables(store)
    materialise.refresh(store, full=True)
    full = _tables(store)
    for table in ("propositions", "proposition places", "stances"):
        assert found[table] == full[table], table
    return found


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
    incremental = refreshed_as_full(store)
    assert incremental["propositions"] != before, "the new report changes a stored meeting"


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
    three were one, corroborated). Beside a report of one that is dated or placed, they join it,
    whatever its day (a new one is found among the meetings of every day, not of some weeks)."""
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
    store.save(report("x4", None, None, *people, published=None))  # joins it as well, taken in incrementally
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in refreshed_as_full(store)["stances"]}
    assert meeting_of["x4"] == meeting_of["anchor"]


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
@pytest.mark.parametrize(("days", "replaced"), [(21, False), (120, False), (30, True)])
def test_random_meetings_regrouped_incrementally_as_a_full_refresh_groups_them(
    tmp_path: Path, seed: int, days: int, replaced: bool
) -> None:
    """Reports of the same few people around the same weeks (or over four months), stored, then a
    few more (and a stored one analysed again as another meeting: its old key loses a report, its
    core people may change, and with them the meetings around it): the incremental refresh (which
    follows only the links a new report can move) writes what a full refresh writes."""
    rng = random.Random(seed)
    reports = [_random_report(rng, n, days) for n in range(40)]
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in reports[:34]:
        store.save(analysed)
    materialise.refresh(store, full=True)
    for analysed in reports[34:]:
        store.save(analysed)
    if replaced:
        again = replace(_random_report(rng, 99, days), document=reports[rng.randrange(34)].document)
        store.save(again, replace=True)
    refreshed_as_full(store)


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


def test_a_meeting_is_merged_into_the_day_more_dated_reports_give(tmp_path: Path) -> None:
    """Two reports date a meeting in Paris June 1, three June 2; four that give June 1 but no place
    join June 1's. It is one meeting, of June 2: which day is read from the reports giving both
    place and day (June 1 gathered more reports, and June 2 joined it, before)."""
    people = ("Anna Keller", "Boris Lind")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in (
        *(report(f"one{n}", PARIS, JUNE_1, *people) for n in range(2)),
        *(report(f"two{n}", PARIS, JUNE_2, *people) for n in range(3)),
        *(report(f"unplaced{n}", None, JUNE_1, *people) for n in range(4)),
    ):
        store.save(analysed)
    materialise.refresh(store, full=True)
    keys = [key for _, key, *_ in _tables(store)["propositions"]]
    assert keys == [f"meeting|{PARIS}|{JUNE_2}"], keys


def test_a_new_report_regroups_the_days_around_it_not_every_day_its_place_has_meetings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same people meet in Paris every day for two months, told by three reports every other
    day and one between (each merged into the day after it). A new report of one day regroups the
    meetings of the days around it, and writes what a full refresh writes (the links were followed
    along all sixty days, before)."""
    people = ("Anna Keller", "Boris Lind")
    start = date(2025, 6, 1)
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for day in range(60):
        when = start + timedelta(days=day)
        for n in range(1 + 2 * (day % 2)):
            store.save(report(f"d{day:02d}-{n}", PARIS, when, *people, published=when))
    materialise.refresh(store, full=True)
    regrouped: list[int] = []
    follow = incremental.meeting_claims

    def watched(
        session: Session, seeds: Iterable[int], retold: Iterable[str], taken: ColumnElement[bool]
    ) -> meetings.Regrouped:
        found = follow(session, seeds, retold, taken)
        regrouped.extend(found.claims)
        return found

    monkeypatch.setattr(incremental, "meeting_claims", watched)
    when = start + timedelta(days=30)
    store.save(report("new", PARIS, when, *people, published=when))
    refreshed_as_full(store)
    with Session(store.engine) as session:
        documents = set(session.scalars(select(ClaimRow.document_id).where(ClaimRow.id.in_(regrouped))))
    days = sorted({int(doc[1:3]) for doc in documents - {"new"}})
    assert days and days[0] >= 27 and days[-1] <= 33, days


def test_reports_analysed_again_move_the_core_of_their_day_and_it_joins_the_day_before(tmp_path: Path) -> None:
    """Paris, June 2: three reports of Anna Keller and Boris Lind; June 1, two of them and one of
    Anna Keller and Carl Mott (split off), merged into June 2; May 31, two of Anna Keller and Carl
    Mott, on their own. June 1's first two are analysed again as other meetings: the report left
    is June 1's core now, shares one person only with June 2's and is merged into May 31's, as a
    full refresh groups them (the meetings the replaced reports were in are June 2's alone)."""
    may_31 = date(2025, 5, 31)
    stored = [
        *(report(f"r{n}", PARIS, JUNE_2, "Anna Keller", "Boris Lind") for n in range(3)),
        *(report(f"c{n}", PARIS, JUNE_1, "Anna Keller", "Boris Lind") for n in range(2)),
        report("c2", PARIS, JUNE_1, "Anna Keller", "Carl Mott"),
        *(report(f"n{n}", PARIS, may_31, "Anna Keller", "Carl Mott") for n in range(2)),
    ]
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for analysed in stored:
        store.save(analysed)
    materialise.refresh(store, full=True)
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in _tables(store)["stances"]}
    assert meeting_of["c0"] == meeting_of["r0"] and meeting_of["c2"] != meeting_of["n0"]
    for analysed in stored[3:5]:
        store.save(
            replace(report("k", "Kyiv", JUNE_1, "Olena Bondar", "Dora Ness"), document=analysed.document), replace=True
        )
    found = refreshed_as_full(store)
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in found["stances"]}
    assert meeting_of["c2"] == meeting_of["n0"] != meeting_of["r0"]


def test_talks_over_several_days_stay_a_meeting_a_day(tmp_path: Path) -> None:
    """The same people meet in Paris five days running, each day told by two reports: no day is
    merged into a day that is merged into another (they were two meetings, of three days and of two,
    before, as the days' order fell)."""
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    for day in range(5):
        for n in range(2):
            store.save(report(f"d{day}-{n}", PARIS, JUNE_1 + timedelta(days=day), "Anna Keller", "Boris Lind"))
    materialise.refresh(store, full=True)
    days: dict[str, set[str]] = {}
    for pid, _, (doc, *_), *_ in _tables(store)["stances"]:
        days.setdefault(pid, set()).add(doc.split("-")[0])
    assert len(days) == 4 and max(len(held) for held in days.values()) == 2, days


def test_a_replaced_article_was_the_core_of_a_day_merged_into_another(tmp_path: Path) -> None:
    """Paris, June 2: three reports of Anna Keller and Boris Lind; June 1, one article telling
    them twice, and one of Carl Mott and Dora Ness (split off), merged into June 2; May 31, one of
    Carl Mott and Dora Ness, and one of them giving no place nor day. The article is analysed
    again as another meeting: June 1 is now Carl Mott and Dora Ness's, and gathers May 31's and
    the undated report, as a full refresh groups them (the replaced reports' day was not read as
    changed: its meeting is June 2's)."""
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    twice = told_twice(*(report("c", PARIS, JUNE_1, "Anna Keller", "Boris Lind") for _ in range(2)))
    for analysed in (
        *(report(f"r{n}", PARIS, JUNE_2, "Anna Keller", "Boris Lind") for n in range(3)),
        twice,
        report("e", PARIS, JUNE_1, "Carl Mott", "Dora Ness"),
        report("m", PARIS, date(2025, 5, 31), "Carl Mott", "Dora Ness"),
        report("y", None, None, "Carl Mott", "Dora Ness"),
    ):
        store.save(analysed)
    materialise.refresh(store, full=True)
    store.save(replace(report("c", "Kyiv", JUNE_1, "Olena Bondar", "Emil Ott"), document=twice.document), replace=True)
    found = refreshed_as_full(store)
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in found["stances"]}
    assert meeting_of["e"] == meeting_of["m"] == meeting_of["y"] != meeting_of["r0"]


def test_articles_analysed_again_telling_no_meeting_regroup_the_day_they_told(db_url: str) -> None:
    """Two articles make the core of a day's meeting and a third is split off; both are analysed
    again and tell no meeting: the third is the day's meeting now, though no report of the
    meetings they were in is left to regroup (on PostgreSQL their stances are gone with them)."""
    store = Store(db_url)
    first, second = (report(name, PARIS, JUNE_1, "Anna Keller", "Boris Lind") for name in ("c1", "c2"))
    for analysed in (first, second, report("e", PARIS, JUNE_1, "Carl Mott", "Dora Ness")):
        store.save(analysed)
    materialise.refresh(store, full=True)
    for analysed in (first, second):
        store.save(replace(analysed, claims=[]), replace=True)
    found = refreshed_as_full(store)
    assert [key for _, key, *_ in found["propositions"]] == [f"meeting|{PARIS}|{JUNE_1}"]


def test_the_names_of_a_store_from_before_they_carried_their_publication_are_filled_by_the_upgrade(
    db_url: str,
) -> None:
    """The refresh reads the undated reports of a meeting's weeks by their names' publication
    (`query.meetings`): a store written before the names carried it gets it from its documents, and
    a new report of the meeting finds the stored one (a name without it is read as unpublished:
    nothing else would tell that the refresh stopped writing it)."""
    from alembic import command

    from claimscope.store.db import alembic_config
    from claimscope.store.models import ClaimNameRow

    people = ("Anna Keller", "Boris Lind")
    store = Store(db_url)
    store.save(report("old", None, None, *people, published=JUNE_1 + timedelta(days=3)))
    materialise.refresh(store, full=True)
    with store.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
    store.engine.dispose()
    store = Store(db_url)
    with Session(store.engine) as session:
        published = set(session.scalars(select(ClaimNameRow.published)))
    assert published == {JUNE_1 + timedelta(days=3)}
    store.save(report("new", PARIS, JUNE_1, *people, published=JUNE_1))
    meeting_of = {doc: pid for pid, _, (doc, *_), *_ in refreshed_as_full(store)["stances"]}
    assert meeting_of["old"] == meeting_of["new"]
    with Session(store.engine) as session:  # and the refresh writes it for new documents
        published = set(session.scalars(select(ClaimNameRow.published).where(ClaimNameRow.document_id == "new")))
    assert published == {JUNE_1}


def test_reports_stored_beside_a_refresh_are_left_out_of_the_meetings_it_regroups(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest beside a refresh stores two reports of June 4 once the refresh has read which
    documents it takes in: the meeting it writes for its one report of June 3 is June 3's, as if
    they were not stored (they were counted in the tallies around it: June 3 was merged into a June 4
    of no report read), and the next refresh takes them in (June 3 merged into June 4)."""
    people = ("Anna Keller", "Boris Lind")
    june_3, june_4 = JUNE_1 + timedelta(days=2), JUNE_1 + timedelta(days=3)
    store = Store(db_url)
    store.save(report("b", PARIS, june_3, *people, published=june_4))
    late = [report(name, PARIS, june_4, *people, published=june_4) for name in ("c1", "c2")]
    reads = stored_beside(monkeypatch, store, late)
    materialise.refresh(store, full=False)
    monkeypatch.undo()
    assert list(reads[-1]) == ["b"]
    assert [key for _, key, *_ in _tables(store)["propositions"]] == [f"meeting|{PARIS}|{june_3}"]
    materialise.refresh(store, full=False)
    assert [key for _, key, *_ in _tables(store)["propositions"]] == [f"meeting|{PARIS}|{june_4}"]

"""Much-told propositions summed from their stored stances (`query.summaries`) against a full
refresh, on both backends: the same verdicts, stance rows and flags for a stream of later news,
including news of the store's last day, which sorts among its stored stances."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from claimscope import query
from claimscope.query import incremental, materialise, summaries
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, Place, Source, Span, Stance, Verdict
from claimscope.store import Store
from claimscope.store.models import FlagRow, PropositionRow, PropositionStanceRow
from tests.conftest import kept_counts, stance_ranks

FIRST = date(2025, 12, 1)
# sites whose order by code point differs from a locale's ("Beta" before "alpha"), each with
# several articles (counted as one source each: the reason names them)
SITES = ("Beta.example", "alpha.example", "Zulu.example", "émile.example", "delta.example")
WORDS = [
    "army",
    "town",
    "front",
    "drone",
    "winter",
    "talks",
    "border",
    "river",
    "column",
    "village",
    "supply",
    "bridge",
    "night",
]


def _report(
    number: int, site: str, day: date | None, obj: str = "Donald Trump", stance: Stance = Stance.ASSERTS
) -> AnalysedDocument:
    """An article calling two people envoys: one the knowledge base knows (a statement against it
    cites those agreeing with it), one it does not (one against the others is outvoted)."""
    words = " ".join(WORDS[(number * 5 + k * 3) % len(WORDS)] + str(number * 31 + k) for k in range(25))
    text = f"{words}."
    claims = []
    for person, relation in PEOPLE:
        said = f" {person}, {relation} {obj}, arrived."
        args = {"person": person, "relation": relation, "object": obj}
        key = f"role|{person}|{relation}|{obj}"
        source = Source(site.split(".")[0], "media", "journalist")
        span = Span(len(text) + 1, len(text) + len(said))
        claims.append(Claim(ClaimType.ROLE, key, args, stance, source, span, said.strip()))
        text += said
    doc_id = f"{'Dd'[number % 2]}oc{number:03d}{site[:2]}"  # ids whose first eight characters sort by case too
    return AnalysedDocument(Document(doc_id, f"{doc_id}.txt", text, site=site, published=day), claims=claims)


# one the knowledge base knows, one it does not, and one it knows in that office only years before
# (its verdict is contradicted as of the articles' publication: the latest statement's day)
PEOPLE = (("Steve Witkoff", "envoy of"), ("Pierre Martinet", "envoy of"), ("Jared Kushner", "adviser of"))
STORED = [_report(n, SITES[n % len(SITES)], FIRST + timedelta(days=n % 4)) for n in range(40)]
LAST_DAY = FIRST + timedelta(days=4)
LATER = [
    *(
        _report(100 + n, SITES[n % 3], FIRST + timedelta(days=3 + n % 2)) for n in range(6)
    ),  # the last day, then the next
    _report(120, "new.example", FIRST + timedelta(days=4)),
    _report(121, "alpha.example", FIRST + timedelta(days=4), stance=Stance.DENIES),
    _report(123, "Zulu.example", FIRST + timedelta(days=1)),  # a day among the stored ones: those after move on
    _report(122, "delta.example", FIRST + timedelta(days=4), obj="Vladimir Putin"),  # flagged twice
]


def _tables(store: Store) -> dict[str, Any]:
    with store.sessions() as session:
        ranks = stance_ranks(session)
        return {
            "propositions": sorted(
                (
                    p.pid,
                    p.status,
                    p.independent_sources,
                    p.reason,
                    p.stances,
                    p.rank,
                    p.first_date,
                    p.last_date,
                    p.names,
                    p.key,
                    p.type,
                    sorted(p.args.items()),
                    p.place,
                    p.latitude,
                    p.longitude,
                )
                for p in session.scalars(select(PropositionRow))
            ),
            "stances": sorted(
                (s.pid, ranks[s.id], s.document_id, s.stance, s.event_date, s.date_text, s.source_group)
                for s in session.scalars(select(PropositionStanceRow))
            ),
            "flags": sorted(
                (f.id, f.document_id, f.message, str(f.evidence), f.evidence_total)
                for f in session.scalars(select(FlagRow))
            ),
        } | kept_counts(store)


def _summing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the propositions the refreshes sum, as they sum them."""
    summed: list[str] = []
    write = summaries.write_summed

    def counting(*args: Any) -> list[tuple[Verdict, int]]:
        found = write(*args)
        summed.extend(v.key for v, _ in found)
        return found

    monkeypatch.setattr(incremental, "write_summed", counting)
    return summed


def _new_flags(tables: dict[str, Any], new: list[AnalysedDocument]) -> dict[str, Any]:
    """The tables with the flags of the ``new`` articles only (an incremental refresh does not
    revisit the stored articles' flags, which a stored statement dated again may change)."""
    ids = {a.document.id for a in new}
    return tables | {"flags": [f for f in tables["flags"] if f[1] in ids]}


def incremental_and_full(
    store: Store, stored: list[AnalysedDocument], later: list[AnalysedDocument]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The tables after the ``later`` articles are taken in by an incremental refresh (the
    ``stored`` ones by a full one), then after a full refresh of them all."""
    for analysed in stored:
        store.save(analysed)
    materialise.refresh(store, full=True)
    for analysed in later:
        store.save(analysed)
    materialise.refresh(store, full=False)
    tables = _tables(store)
    materialise.refresh(store, full=True)
    return tables, _tables(store)


def test_summed_propositions_are_those_a_full_refresh_writes(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summaries, "MANY", 10)
    summed = _summing(monkeypatch)
    tables, full = incremental_and_full(Store(db_url), STORED, LATER)
    assert summed == sorted(f"role|{person}|{relation}|Donald Trump" for person, relation in PEOPLE)  # others new
    assert any("counted once each" in p[3] for p in full["propositions"])
    assert "contradicted" in {p[1] for p in full["propositions"]}
    flagged = [f for f in full["flags"] if f[1] == LATER[-1].document.id]
    assert len(flagged) == 3, "Witkoff and Kushner against the knowledge base, Martinet against the other sources"
    assert all(f[4] > 20 for f in flagged), "the evidence counted is more than the evidence kept"
    assert tables == full


@pytest.mark.parametrize("copy_id", ["Aaa0", "zzz9"], ids=["first id", "last id"])
def test_a_new_copy_relabels_the_stored_stances_of_a_summed_proposition(
    db_url: str, monkeypatch: pytest.MonkeyPatch, copy_id: str
) -> None:
    """A stored article and a new copy on another site become one source (the dispatch named by the
    smaller id): the stored stances are relabelled in place, and the tally counts each article
    once in its one group (the review's case)."""
    monkeypatch.setattr(summaries, "MANY", 10)
    summed = _summing(monkeypatch)
    original = STORED[0].document
    copy = replace(
        STORED[0],
        document=replace(original, id=copy_id, source=f"{copy_id}.txt", site="copy.example", published=LAST_DAY),
    )
    tables, full = incremental_and_full(Store(db_url), STORED, [*LATER, copy])
    assert summed
    groups = {doc: {s[6] for s in full["stances"] if s[2] == doc} for doc in (original.id, copy_id)}
    assert groups[original.id] == groups[copy_id] and len(groups[copy_id]) == 1, "counted as one source"
    assert tables == full


@pytest.mark.parametrize("undated", ["stored", "new"])
def test_a_proposition_an_undated_article_tells_is_recomputed_not_summed(
    db_url: str, monkeypatch: pytest.MonkeyPatch, undated: str
) -> None:
    """An undated article's statements are dated from its others (`claims.verdicts`): a
    proposition it tells is recomputed whole, whether the article is stored or new."""
    monkeypatch.setattr(summaries, "MANY", 10)
    summed = _summing(monkeypatch)
    stored = [*STORED[:20], *([_report(90, "undated.example", None)] if undated == "stored" else [])]
    later = [*LATER[:3], *([_report(91, "undated.example", None)] if undated == "new" else [])]
    tables, full = incremental_and_full(Store(db_url), stored, later)
    assert summed == []  # each of the three propositions holds a statement of the undated article
    assert tables == full


PLACES = (None, Place("Pokrovsk", "UA", 48.28, 37.18), None, Place("Pokrovs'k", "UA", 48.29, 37.17))


def _capture(
    number: int, site: str, day: date, weekday: str = "", told: tuple[date | str, ...] = ()
) -> AnalysedDocument:
    """An article giving, in its own words, the day a town was taken, as one side claims it (or
    only a ``weekday``, which its words alone leave unresolved: "mardi"), published the day after;
    then, in as many sentences, the days (or weekdays) it also ``told``. Some articles' town is
    found in the gazetteer, by one of two spellings, others' not (the proposition shows the place
    of its first statement that has one)."""
    text = " ".join(WORDS[(number * 7 + k * 2) % len(WORDS)] + str(number * 17 + k) for k in range(25)) + "."
    args = {"place": "Pokrovsk", "side": "Russia"}
    source = Source("Russian defence ministry", "official", "Russia")
    claims = []
    for given in (weekday or day, *told):
        when = given if isinstance(given, str) else f"{given:%d %B}"
        said = f"Moscow said its forces took Pokrovsk on {when}."
        text += f" {said}"
        span = Span(len(text) - len(said), len(text))
        own = None if isinstance(given, str) else given
        claim = Claim(ClaimType.CONTROL, "control|Pokrovsk|Russia", args, Stance.ASSERTS, source, span, said, own, when)
        claims.append(replace(claim, place=PLACES[number % len(PLACES)]))
    doc_id = f"cap{number:03d}"
    published = day + timedelta(days=1)
    return AnalysedDocument(Document(doc_id, f"{doc_id}.txt", text, site=site, published=published), claims=claims)


def test_a_later_day_than_the_stored_sources_give_is_flagged_with_their_statements(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The date conflict of a new article on a summed place reads the stored statements that give
    their own day (its evidence), as a full refresh does."""
    monkeypatch.setattr(summaries, "MANY", 10)
    store = Store(db_url)
    for n in range(12):
        store.save(_capture(n, SITES[n % len(SITES)], FIRST))
    materialise.refresh(store, full=True)
    late = _capture(50, "new.example", FIRST + timedelta(days=2))
    store.save(late)
    materialise.refresh(store, full=False)
    tables = _tables(store)
    materialise.refresh(store, full=True)
    flagged = [f for f in _tables(store)["flags"] if f[1] == late.document.id]
    assert flagged and "independent sources date it 2025-12-01" in flagged[0][2]
    assert tables == _tables(store)


@pytest.mark.parametrize("days", [(1, 2, 3, 5), (3, 5, 6, 7)])
def test_a_median_day_new_statements_move_is_summed(
    db_url: str, monkeypatch: pytest.MonkeyPatch, days: tuple[int, ...]
) -> None:
    """Stored statements of three days (four each) and two saying only "Tuesday", read against
    their median day, then six of a later day, which move the median a day on: whether each stored
    "Tuesday" still reads as the same day (December 2 against the 2nd and the 3rd) or as another
    (the 2nd against the 5th, the 9th against the 6th: the proposition's first two stances, dated
    again in place, after the new ones), the proposition is summed and written as a full refresh
    writes it (but the flags of stored articles, which an incremental refresh does not revisit:
    that "Tuesday" against the others' days)."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    *told, later = (FIRST + timedelta(days=d - 1) for d in days)
    stored = [_capture(n, SITES[n % len(SITES)], told[n % 3]) for n in range(12)]
    stored += [_capture(20 + n, SITES[n], told[-1], weekday="Tuesday") for n in range(2)]
    new = [_capture(40 + n, SITES[n % len(SITES)], later) for n in range(6)]
    tables, full = incremental_and_full(Store(db_url), stored, new)
    assert keys == ["control|Pokrovsk|Russia"]
    assert _new_flags(tables, new) == _new_flags(full, new)


@pytest.mark.parametrize("alone", [True, False])
def test_a_stored_weekday_read_as_another_day_is_dated_again_in_place(
    db_url: str, monkeypatch: pytest.MonkeyPatch, alone: bool
) -> None:
    """Stored statements of December 1, 5 and 6 (median the 5th), one saying only "Tuesday" (the
    2nd against the 5th), then six of the 9th, which move the median to the 6th: the stored
    Tuesday now reads the 9th and sorts among the new statements; its stance is dated again in
    place and the proposition summed, as a full refresh writes it. Where its article also gives
    the 9th in an earlier sentence, the two would sort by where each stands in it (not by the days
    they had): recomputed whole."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    told = [FIRST, FIRST + timedelta(days=4), FIRST + timedelta(days=5)]
    later = FIRST + timedelta(days=8)
    stored = [_capture(n, SITES[n % len(SITES)], told[n % 3]) for n in range(12)]
    weekday = _capture(30, "weekday.example", told[-1], "Tuesday")
    stored.append(weekday if alone else _capture(30, "weekday.example", later, told=("Tuesday",)))
    new = [_capture(40 + n, SITES[n % len(SITES)], later) for n in range(3)]
    new += [_capture(26 + n, SITES[n % len(SITES)], later) for n in range(3)]  # ids on both sides of the stored one
    tables, full = incremental_and_full(Store(db_url), stored, new)
    assert keys == (["control|Pokrovsk|Russia"] if alone else [])
    assert [s[4] for s in full["stances"] if s[2] == "cap030" and "Tuesday" in (s[5] or "")] == [later]
    assert _new_flags(tables, new) == _new_flags(full, new)


@pytest.mark.parametrize("country", ["", "UA"])
def test_a_stored_first_weekday_dated_later_gives_way_to_the_next(
    db_url: str, monkeypatch: pytest.MonkeyPatch, country: str
) -> None:
    """Stored statements of December 3, 4 and 5 (median the 4th) and one saying only "Monday"
    (the 1st against the 4th: the proposition's first); six of the 10th move the median to the
    5th, against which "Monday" reads the 8th. The first stored statement of the 3rd then comes
    first and shows its arguments: summed where they are the same (the first day read again from
    the stances: the 3rd), recomputed where they differ (the review's case)."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    stored = [_capture(n, SITES[n % len(SITES)], FIRST + timedelta(days=2 + n % 3)) for n in range(12)]
    if country:  # the statements of the 3rd give one more argument
        third = [replace(a, claims=[replace(c, args={**c.args, "country": country}) for c in a.claims]) for a in stored]
        stored = [third[n] if n % 3 == 0 else stored[n] for n in range(12)]
    stored.append(_capture(30, "weekday.example", FIRST + timedelta(days=4), "Monday"))
    new = [_capture(40 + n, SITES[n % len(SITES)], FIRST + timedelta(days=9)) for n in range(6)]
    tables, full = incremental_and_full(Store(db_url), stored, new)
    assert keys == ([] if country else ["control|Pokrovsk|Russia"])
    assert [p[6] for p in full["propositions"]] == [FIRST + timedelta(days=2)]
    assert [s[4] for s in full["stances"] if s[2] == "cap030"] == [FIRST + timedelta(days=7)]
    assert _new_flags(tables, new) == _new_flags(full, new)


def test_a_stored_weekday_dated_earlier_than_the_new_statements_becomes_first(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored statements of December 1, 7 and 8 (median the 7th) and one saying only "Monday"
    (the 8th against the 7th); six of the 2nd move the median to the 2nd, against which "Monday"
    reads the 1st: before the new statements' day, and before every stored statement of the 1st
    (its article's id sorts first), it becomes the proposition's first (the review's case: no
    test read a re-dated stance's new day as the first the new stances sort from)."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    days = [FIRST, FIRST + timedelta(days=6), FIRST + timedelta(days=7)]
    stored = [_capture(n, SITES[n % len(SITES)], days[n % 3]) for n in range(10, 22)]
    stored.append(_capture(5, "weekday.example", days[-1], "Monday"))
    new = [_capture(40 + n, SITES[n % len(SITES)], FIRST + timedelta(days=1)) for n in range(6)]
    tables, full = incremental_and_full(Store(db_url), stored, new)
    assert keys == ["control|Pokrovsk|Russia"]
    assert [(s[1], s[4]) for s in full["stances"] if s[2] == "cap005"] == [(0, FIRST)]
    assert _new_flags(tables, new) == _new_flags(full, new)


def test_a_summed_place_is_not_read_for_new_statements_no_flag_compares(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New statements denying a capture (a date conflict compares asserted days only), in articles
    without a dateline: the stored statements are not read for their flags, which are those a full
    refresh gives."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    read: list[str] = []
    statements = summaries._statements
    monkeypatch.setattr(
        summaries, "_statements", lambda session, key_id, *c: read.append(key_id) or statements(session, key_id, *c)
    )
    stored = [_capture(n, SITES[n % len(SITES)], FIRST + timedelta(days=n % 3)) for n in range(12)]
    new = [_capture(40 + n, SITES[n % len(SITES)], FIRST + timedelta(days=5)) for n in range(3)]
    new = [replace(a, claims=[replace(c, stance=Stance.DENIES) for c in a.claims]) for a in new]
    tables, full = incremental_and_full(Store(db_url), stored, new)
    assert keys == ["control|Pokrovsk|Russia"]
    assert read == []
    assert tables == full


@pytest.mark.parametrize("country", ["", "UA"])
def test_a_new_first_statement_is_summed_where_it_shows_the_same_arguments(
    db_url: str, monkeypatch: pytest.MonkeyPatch, country: str
) -> None:
    """A new statement of an earlier day than every stored one becomes the proposition's first,
    whose arguments it shows: summed where they are the same, recomputed where they differ."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    stored = [_capture(n, SITES[n % len(SITES)], FIRST + timedelta(days=2 + n % 3)) for n in range(12)]
    first = _capture(40, "early.example", FIRST)
    if country:
        first = replace(first, claims=[replace(c, args={**c.args, "country": country}) for c in first.claims])
    new = [first, *(_capture(41 + n, SITES[n % len(SITES)], FIRST + timedelta(days=6)) for n in range(3))]
    tables, full = incremental_and_full(Store(db_url), stored, new)
    assert keys == ([] if country else ["control|Pokrovsk|Russia"])
    assert tables == full


def test_a_new_dateline_is_read_against_every_stored_statement_of_what_happened(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new article dated November 15 by its dateline reports a capture that sources date
    December 1 (asserting it) and December 20 (denying it): the median day the others give is
    the 20th, more than a month after its dateline, only with the denials counted (a date
    conflict reads the assertions alone): flagged, as a full refresh flags it."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    stored = [_capture(n, SITES[n % len(SITES)], FIRST) for n in range(12)]
    denied = [_capture(20 + n, f"d{n % 4}.example", FIRST + timedelta(days=19)) for n in range(12)]
    stored += [replace(a, claims=[replace(c, stance=Stance.DENIES) for c in a.claims]) for a in denied]
    report = _capture(40, "new.example", FIRST)
    report = replace(report, document=replace(report.document, text=report.document.text + "\nKyiv, 15 novembre 2025"))
    tables, full = incremental_and_full(Store(db_url), stored, [report])
    assert keys == ["control|Pokrovsk|Russia"]
    flagged = [f for f in full["flags"] if f[1] == report.document.id]
    assert any("dateline 2025-11-15" in f[2] and "2025-12-20" in f[2] for f in flagged)
    assert tables == full


def test_a_new_dateline_and_a_later_day_read_the_stored_weekdays_too(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new article with a dateline dates a capture later than the stored sources do: its date
    conflict cites the stored statements of the majority's day, those saying only "Monday" (read
    against the others' days) among them, which a dateline alone would not read."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    stored = [_capture(n, SITES[n % len(SITES)], FIRST) for n in range(12)]
    stored += [_capture(20 + n, f"monday{n}.example", FIRST, weekday="Monday") for n in range(2)]
    report = _capture(40, "new.example", FIRST + timedelta(days=2))
    report = replace(report, document=replace(report.document, text=report.document.text + "\nKyiv, 2 décembre 2025"))
    tables, full = incremental_and_full(Store(db_url), stored, [report])
    assert keys == ["control|Pokrovsk|Russia"]
    flagged = [f for f in full["flags"] if f[1] == report.document.id]
    assert any("date it 2025-12-01" in f[2] and "cap020" in f[3] and "cap021" in f[3] for f in flagged)
    assert tables == full


def test_a_new_weekday_is_read_against_the_median_the_new_statements_move(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored statements of December 1, 5 and 6 (median the 5th), then six of the 9th and one
    saying only "Tuesday": the median moves to the 6th, against which the new Tuesday reads the
    9th (against the 5th, before the median moved, it would read the 2nd): summed, as a full
    refresh dates it (the review's case: no test read the new statements against the old median)."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    told = [FIRST, FIRST + timedelta(days=4), FIRST + timedelta(days=5)]
    stored = [_capture(n, SITES[n % len(SITES)], told[n % 3]) for n in range(12)]
    later = FIRST + timedelta(days=8)
    new = [_capture(40 + n, SITES[n % len(SITES)], later) for n in range(6)]
    new.append(_capture(50, "new.example", later, weekday="Tuesday"))
    tables, full = incremental_and_full(Store(db_url), stored, new)
    assert keys == ["control|Pokrovsk|Russia"]
    assert [s[4] for s in full["stances"] if s[2] == "cap050"] == [later]
    assert _new_flags(tables, new) == _new_flags(full, new)


def _two_offices(number: int, site: str, day: date, offices: tuple[tuple[str, str, str], ...]) -> AnalysedDocument:
    """One sentence giving people offices they no longer held: each claim is flagged "as of" its
    article's publication, the sentence once (by the verdict listed first)."""
    text = " ".join(WORDS[(number * 3 + k) % len(WORDS)] + str(number * 13 + k) for k in range(25)) + ". "
    sentence = " and ".join(f"{person}, {relation} {of}," for person, relation, of in offices) + " arrived."
    start = len(text)
    claims = []
    for person, relation, of in offices:
        said = f"{person}, {relation} {of},"
        at = start + sentence.index(said)
        args = {"person": person, "relation": relation, "object": of}
        source = Source(site.split(".")[0], "media", "journalist")
        claims.append(
            Claim(
                ClaimType.ROLE,
                f"role|{person}|{relation}|{of}",
                args,
                Stance.ASSERTS,
                source,
                Span(at, at + len(said)),
                said,
                sentence=Span(start, start + len(sentence)),
            )
        )
    doc_id = f"two{number:03d}"
    return AnalysedDocument(Document(doc_id, f"{doc_id}.txt", text + sentence, site=site, published=day), claims=claims)


def test_a_flag_two_verdicts_could_raise_goes_to_the_one_a_full_refresh_lists_first(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A summed verdict takes its place among the recomputed ones by its whole number of stances
    (the second review: appended last, the sentence's "as of publication" flag went to the other)."""
    kushner, umerov = (
        ("Jared Kushner", "adviser of", "Donald Trump"),
        ("Rustem Umerov", "defence minister of", "Ukraine"),
    )
    monkeypatch.setattr(summaries, "MANY", 5)
    store = Store(db_url)
    for n in range(8):
        store.save(_two_offices(n, SITES[n % len(SITES)], FIRST + timedelta(days=n % 3), (kushner,)))
    store.save(_two_offices(30, "u.example", FIRST, (umerov,)))
    materialise.refresh(store, full=True)
    new = _two_offices(50, "new.example", FIRST + timedelta(days=3), (kushner, umerov))
    store.save(new)
    materialise.refresh(store, full=False)
    flags = [f for f in _tables(store)["flags"] if f[1] == new.document.id]
    materialise.refresh(store, full=True)
    assert [f for f in _tables(store)["flags"] if f[1] == new.document.id] == flags
    assert any("Kushner" in f[2] and "as of" in f[2] for f in flags)


@pytest.mark.parametrize(
    ("preceding", "staying", "expected"),
    [
        (None, [0, None, 1024], [0, 512, 1024]),  # in the gap
        (2048, [None, None], [3072, 4096]),  # after the last, GAP apart
        (None, [None, 0], [-1024, 0]),  # before the first
        (0, [1024, None, None, None, 2048], [1024, 1280, 1536, 1792, 2048]),  # evenly apart
        (5, [6, None, 7], [1029, 2053, 3077]),  # no room left: all spaced out again after the preceding one
        (None, [], []),
    ],
)
def test_new_stances_are_written_in_the_gaps_between_stored_ones(
    preceding: int | None, staying: list[int | None], expected: list[int]
) -> None:
    assert summaries._positions(preceding, staying) == expected


def test_a_new_statement_among_the_stored_ones_moves_none_of_them(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new capture report of a day among the stored ones is written in the gap between their
    stances: none of them moves (a refresh rewrote every stance after it), the order is a full
    refresh's, and the claims board lists the same first stances."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    store = Store(db_url)
    for n in range(12):
        store.save(_capture(n, SITES[n % len(SITES)], FIRST + timedelta(days=n % 4)))
    materialise.refresh(store, full=True)
    with store.sessions() as session:
        before = dict(session.execute(select(PropositionStanceRow.id, PropositionStanceRow.position)).all())
    new = [_capture(40 + n, f"new{n}.example", FIRST + timedelta(days=1)) for n in range(3)]
    for analysed in new:
        store.save(analysed)
    materialise.refresh(store, full=False)
    assert keys == ["control|Pokrovsk|Russia"]
    tables, board = _tables(store), _board(store)
    with store.sessions() as session:
        after = dict(session.execute(select(PropositionStanceRow.id, PropositionStanceRow.position)).all())
    assert {row_id: after[row_id] for row_id in before} == before
    assert len(after) == len(before) + 3
    materialise.refresh(store, full=True)
    assert _new_flags(tables, new) == _new_flags(_tables(store), new)  # a stored article's flags are not revisited
    assert board == _board(store)
    assert [doc for doc, _ in board[0][1]][6:] == sorted(a.document.id for a in new)  # after the day's stored ones


def test_new_statements_written_in_one_place_refresh_after_refresh_space_the_stances_out_again(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twelve refreshes each add a report that sorts just before the last one added, in the gap
    between two stored stances: the gap halves each time until it runs out (after ten), then the
    stances from there on are spaced out again; the order stays a full refresh's."""
    monkeypatch.setattr(summaries, "MANY", 10)
    keys = _summing(monkeypatch)
    store = Store(db_url)
    stored = [_capture(n, SITES[n % len(SITES)], FIRST + timedelta(days=n % 2)) for n in range(12)]
    for analysed in stored:
        store.save(analysed)
    materialise.refresh(store, full=True)
    with store.sessions() as session:
        before = dict(session.execute(select(PropositionStanceRow.id, PropositionStanceRow.position)).all())
    new = [_capture(90 - n, "new.example", FIRST) for n in range(12)]  # cap090, cap089…: each sorts first
    for analysed in new:
        store.save(analysed)
        materialise.refresh(store, full=False)
    assert keys == ["control|Pokrovsk|Russia"] * 12
    with store.sessions() as session:
        after = dict(session.execute(select(PropositionStanceRow.id, PropositionStanceRow.position)).all())
    assert any(after[row_id] != position for row_id, position in before.items()), "spaced out again"
    tables = _tables(store)
    materialise.refresh(store, full=True)
    assert _new_flags(tables, new) == _new_flags(_tables(store), new)


def _board(store: Store) -> list[tuple[str, list[tuple[str, date | None]]]]:
    """The claims board's propositions with their first nine stances (articles and days)."""
    page = query.verdict_page(store, stances=9)
    return [(v.key, [(r.document, r.claim.date) for r in v.rows]) for v, _ in page.items]

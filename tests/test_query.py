"""The query layer over the real sample: search, filters, stable pages, materialised verdicts."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from alembic import command

from claimscope import query
from claimscope.query import materialise
from claimscope.query.materialise import is_stale
from claimscope.records import DateOrigin, KbFact
from claimscope.store import Store
from claimscope.store.db import alembic_config
from tests.conftest import analyse_text, stored_whole

TEXT = (
    "Le Kremlin a affirmé lundi que ses forces avaient pris le contrôle total de Pokrovsk. "
    "« C'est faux », a déclaré le porte-parole de l'armée ukrainienne."
)


def test_search_folds_accents_and_case_and_marks_the_words(sample_store: Store) -> None:
    plain = query.documents(sample_store, query.DocumentFilter(q="controle"))
    accented = query.documents(sample_store, query.DocumentFilter(q="CONTRÔLE"))
    assert plain.total == accented.total > 0
    assert [d.id for d in plain.items] == [d.id for d in accented.items]
    assert all("\ue000" in (d.snippet or "") for d in plain.items)


def test_search_takes_any_text_as_words(sample_store: Store) -> None:
    """FTS5 syntax in a query is read as plain words: operators match nothing, names still match."""
    for hostile in ('"', "NEAR(", "*", "'; DROP TABLE documents; --"):
        assert query.documents(sample_store, query.DocumentFilter(q=hostile)).total == 0, hostile
    plain = query.documents(sample_store, query.DocumentFilter(q="Pokrovsk")).total
    assert plain > 0
    assert query.documents(sample_store, query.DocumentFilter(q="Pokrovsk)")).total == plain
    assert query.documents(sample_store, query.DocumentFilter(q="-Pokrovsk OR")).total <= plain


def test_pages_are_stable_and_complete(sample_store: Store) -> None:
    whole = query.documents(sample_store, limit=200)
    paged = []
    for offset in range(0, whole.total, 7):
        paged += [d.id for d in query.documents(sample_store, offset=offset, limit=7).items]
    assert paged == [d.id for d in whole.items]
    assert len(set(paged)) == whole.total == 50


def test_filters_combine(sample_store: Store) -> None:
    flagged = query.documents(sample_store, query.DocumentFilter(flagged=True))
    assert 0 < flagged.total < 50
    assert all(d.flags for d in flagged.items)
    late = query.documents(sample_store, query.DocumentFilter(since=date(2025, 12, 5)))
    assert 0 < late.total < 50
    assert all(d.published and d.published >= date(2025, 12, 5) for d in late.items)
    trump = query.documents(sample_store, query.DocumentFilter(speaker="Donald Trump", q="Poutine"))
    assert trump.total >= 1
    spelled = query.documents(sample_store, query.DocumentFilter(speaker="Poutine"))  # any spelling of a person
    assert spelled.total == query.documents(sample_store, query.DocumentFilter(speaker="Vladimir Putin")).total > 0


def test_a_surname_finds_the_articles_quoting_the_one_person_who_bears_it(sample_store: Store) -> None:
    """ "documents --speaker Kovalenko" found nothing ("any spelling", says its help), while
    `entity Kovalenko` found the one stored person of that name, whom the knowledge base does
    not know (a French general-news trial: "Dati", "Glucksmann")."""
    assert query.full_name(sample_store, "Kovalenko") == "Andriy Kovalenko"
    by_surname = query.documents(sample_store, query.DocumentFilter(speaker="Kovalenko"))
    by_name = query.documents(sample_store, query.DocumentFilter(speaker="Andriy Kovalenko"))
    assert by_surname.total == by_name.total > 0
    assert query.documents(sample_store, query.DocumentFilter(speaker="Nobody-Such")).total == 0


def test_pokrovsk_in_any_spelling_is_contested(sample_store: Store) -> None:
    for spelling in ("Pokrovsk", "pokrovsk", "Pokrovs'k"):
        found = query.propositions(sample_store, query.ClaimFilter(about=spelling, type="control"))
        assert [p.key for p in found.items] == ["control|Pokrovsk|Russia"], spelling
    for nothing in ("!!!", "\u0301"):  # a lone accent folds to no name: nothing is about it (it was the whole board)
        assert query.propositions(sample_store, query.ClaimFilter(about=nothing)).total == 0
    board = query.propositions(sample_store)
    statuses = [p.status for p in board.items]
    assert statuses == sorted(statuses, key=query.records.STATUS_ORDER.index)  # contested first


def test_a_first_name_finds_what_the_full_name_does(sample_store: Store) -> None:
    """ "Jared" found Jared Kushner's relations (their keys name him) but not the meetings he is
    among the participants of, which "Kushner" (a known spelling) found."""
    first = query.propositions(sample_store, query.ClaimFilter(about="Jared"), limit=500)
    last = query.propositions(sample_store, query.ClaimFilter(about="Kushner"), limit=500)
    assert {p.key for p in first.items} == {p.key for p in last.items}
    assert any(p.type == "meeting" for p in first.items) and any(p.type == "relation" for p in first.items)


def test_a_proposition_pages_its_stances_in_date_order(sample_store: Store) -> None:
    pokrovsk = query.propositions(sample_store, query.ClaimFilter(about="Pokrovsk", type="control")).items[0]
    whole = query.proposition(sample_store, pokrovsk.pid, limit=None)
    assert whole is not None and whole.total == pokrovsk.stances == len(whole.verdict.rows)
    first = query.proposition(sample_store, pokrovsk.pid, offset=0, limit=10)
    assert first is not None and first.verdict.rows == whole.verdict.rows[:10]
    dates = [r.claim.date for r in whole.verdict.rows if r.claim.date]
    assert dates == sorted(dates)
    stances = {(r.claim.source.party, r.claim.stance.value) for r in whole.verdict.rows}
    assert {("russia", "asserts"), ("observer", "partial"), ("ukraine", "denies")} <= stances
    early = query.proposition(sample_store, pokrovsk.pid, until=date(2025, 11, 30), limit=None)
    assert early is not None and 0 < early.total < whole.total


def test_the_map_replays_the_days(sample_store: Store) -> None:
    today = query.control_map(sample_store)
    places = {f["properties"]["place"]: f for f in today["features"]}
    lon, lat = places["Pokrovsk"]["geometry"]["coordinates"]
    assert 36 < lon < 38 and 47 < lat < 49
    before = query.control_map(sample_store, date(2025, 11, 29))
    earlier = {f["properties"]["place"]: f["properties"] for f in before["features"]}
    assert set(earlier) <= set(places)
    assert "Pokrovsk" in earlier
    assert earlier["Pokrovsk"]["stances"] != places["Pokrovsk"]["properties"]["stances"]


def test_readers_leave_a_busy_writer_alone_then_refresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    store = Store(db_url)
    store.save(analyse_text(tmp_path, TEXT))
    assert is_stale(store)
    assert query.propositions(store).total == 0  # a writer was at work a moment ago: the last tables
    assert is_stale(store)
    monkeypatch.setattr(materialise, "QUIET_SECONDS", 0)  # the writer has been quiet long enough
    found = query.propositions(store, query.ClaimFilter(about="Pokrovsk"))  # a reader refreshes once
    assert found.total == 1 and not is_stale(store)
    assert query.documents(store, query.DocumentFilter(q="Kremlin")).total == 1


def test_the_desks_readers_refresh_beside_their_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    """A store given to `refresh_apart` (the desk's): a stale read starts one refresh in another
    thread and answers from the last tables at once, however long the refresh takes."""
    store = Store(db_url)
    store.save(analyse_text(tmp_path, TEXT))
    monkeypatch.setattr(materialise, "QUIET_SECONDS", 0)
    released, started = threading.Event(), threading.Event()
    refresh = materialise._refresh
    calls = []

    def slow(*args: object) -> int:
        calls.append(args)
        started.set()
        assert released.wait(30)
        return refresh(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(materialise, "_refresh", slow)
    query.refresh_apart(store)
    assert query.propositions(store).total == 0 and started.wait(30)  # read at once, the refresh begun
    assert query.propositions(store).total == 0  # a second read starts no second refresh
    refreshers = [t for t in threading.enumerate() if t.name == materialise.REFRESHER]
    released.set()
    for thread in refreshers:
        thread.join(30)
    assert not is_stale(store) and query.propositions(store).total == 1 and len(calls) == 1
    assert len([t for t in refreshers if t.is_alive()]) == 0 and len(calls) == len(refreshers)


def test_a_failed_refresh_beside_the_reads_is_logged_and_left_a_while(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.save(analyse_text(tmp_path, TEXT))
    monkeypatch.setattr(materialise, "QUIET_SECONDS", 0)
    calls = []

    def failing(*args: object) -> int:
        calls.append(args)
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(materialise, "_refresh", failing)
    query.refresh_apart(store)
    for _ in range(3):
        assert query.propositions(store).total == 0
        for thread in [t for t in threading.enumerate() if t.name == materialise.REFRESHER]:
            thread.join(30)
    assert len(calls) == 1 and "disk on fire" in caplog.text  # tried once, then left RETRY_SECONDS
    monkeypatch.setattr(materialise, "RETRY_SECONDS", 0)
    query.propositions(store)
    for thread in [t for t in threading.enumerate() if t.name == materialise.REFRESHER]:
        thread.join(30)
    assert len(calls) == 2


def test_imported_knowledge_makes_the_verdicts_stale(tmp_path: Path, db_url: str) -> None:
    store = Store(db_url)
    store.save(analyse_text(tmp_path, TEXT))
    materialise.refresh(store)
    assert not is_stale(store)
    store.add_knowledge(iter([KbFact("Jared Kushner", "adviser of", "Donald Trump")]))
    assert is_stale(store)


def test_materialised_verdicts_and_flags_are_the_live_ones(sample_store: Store) -> None:
    """The tables hold what the verdicts and flags computed from the stored claims say."""
    from claimscope.claims.flags import corpus_flags
    from claimscope.claims.verdicts import verdicts
    from claimscope.store.models import DocumentRow

    with sample_store.sessions() as session:
        documents, _ = stored_whole(session)
        assert session.query(DocumentRow).count() == 50
    kb = query.store_knowledge(sample_store)
    live = {query.pid(v.key): v for v in verdicts(documents, kb)}
    stored = query.all_verdicts(sample_store)
    assert {query.pid(v.key) for v in stored} == set(live)
    for verdict in stored:
        expected = live[query.pid(verdict.key)]
        assert (verdict.status, verdict.reason, verdict.independent_sources) == (
            expected.status,
            expected.reason,
            expected.independent_sources,
        )
        # a stance dated only by the estimated publication of an undated article is stored undated
        assert [(r.document, r.claim.key, r.claim.stance, r.claim.date) for r in verdict.rows] == [
            (
                r.document,
                r.claim.key,
                r.claim.stance,
                None if r.claim.date_origin is DateOrigin.ESTIMATE else r.claim.date,
            )
            for r in expected.rows
        ]
    flags = corpus_flags(documents, kb)
    assert sorted((f.kind, f.document, f.span.start) for f in query.all_flags(sample_store)) == sorted(
        {(f.kind, f.document, f.span.start) for f in flags}
    )


def test_flag_ids_survive_a_refresh(tmp_path: Path, db_url: str) -> None:
    url = db_url
    store = Store(url)
    store.save(analyse_text(tmp_path, "Le gendre de Vladimir Poutine, Jared Kushner, est arrivé à Moscou lundi."))
    materialise.refresh(store)
    before = [(f.id, f.flag.kind) for f in query.flags(store).items]
    assert before
    store.save(analyse_text(tmp_path, TEXT, "other.txt"))
    materialise.refresh(store)
    assert set(before) <= {(f.id, f.flag.kind) for f in query.flags(store).items}


def test_reanalysing_keeps_one_search_entry_per_document(tmp_path: Path, db_url: str) -> None:
    store = Store(db_url)
    analysed = analyse_text(tmp_path, TEXT)
    store.save(analysed)
    store.save(analysed, replace=True)
    assert query.documents(store, query.DocumentFilter(q="porte-parole")).total == 1


def test_a_store_from_before_materialisation_is_upgraded_and_refreshed(tmp_path: Path, db_url: str) -> None:
    url = db_url
    store = Store(url)
    store.save(analyse_text(tmp_path, TEXT))
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    upgraded = Store(url)
    assert is_stale(upgraded)
    assert query.documents(upgraded, query.DocumentFilter(q="Pokrovsk")).total == 1
    assert query.propositions(upgraded, query.ClaimFilter(type="control")).total == 1

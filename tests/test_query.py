"""The query layer over the real sample: search, filters, stable pages, materialised verdicts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from alembic import command

from claimscope import query
from claimscope.query.materialise import is_stale
from claimscope.store import Store
from claimscope.store.db import alembic_config
from tests.conftest import analyse_text

TEXT = (
    "Le Kremlin a affirmé lundi que ses forces avaient pris le contrôle total de Pokrovsk. "
    "« C'est faux », a déclaré le porte-parole de l'armée ukrainienne."
)


def test_search_folds_accents_and_case_and_marks_the_words(desk_store: Store) -> None:
    plain = query.documents(desk_store, query.DocumentFilter(q="controle"))
    accented = query.documents(desk_store, query.DocumentFilter(q="CONTRÔLE"))
    assert plain.total == accented.total > 0
    assert [d.id for d in plain.items] == [d.id for d in accented.items]
    assert all("\ue000" in (d.snippet or "") for d in plain.items)


def test_search_takes_any_text_without_syntax_errors(desk_store: Store) -> None:
    for hostile in ('"', "NEAR(", "a OR", "*", "-x", "'; DROP TABLE documents; --", "Pokrovsk)"):
        page = query.documents(desk_store, query.DocumentFilter(q=hostile))
        assert page.total >= 0


def test_pages_are_stable_and_complete(desk_store: Store) -> None:
    whole = query.documents(desk_store, limit=200)
    paged = []
    for offset in range(0, whole.total, 7):
        paged += [d.id for d in query.documents(desk_store, offset=offset, limit=7).items]
    assert paged == [d.id for d in whole.items]
    assert len(set(paged)) == whole.total == 50


def test_filters_combine(desk_store: Store) -> None:
    flagged = query.documents(desk_store, query.DocumentFilter(flagged=True))
    assert 0 < flagged.total < 50
    assert all(d.flags for d in flagged.items)
    late = query.documents(desk_store, query.DocumentFilter(since=date(2025, 12, 5)))
    assert all(d.published and d.published >= date(2025, 12, 5) for d in late.items)
    trump = query.documents(desk_store, query.DocumentFilter(speaker="Donald Trump", q="Poutine"))
    assert trump.total >= 1


def test_pokrovsk_in_any_spelling_is_contested(desk_store: Store) -> None:
    for spelling in ("Pokrovsk", "pokrovsk", "Pokrovs'k"):
        found = query.propositions(desk_store, query.ClaimFilter(about=spelling, type="control"))
        assert [p.key for p in found.items] == ["control|Pokrovsk|Russia"], spelling
    board = query.propositions(desk_store)
    statuses = [p.status for p in board.items]
    assert statuses == sorted(statuses, key=query.records.STATUS_ORDER.index)  # contested first


def test_a_proposition_pages_its_stances_in_date_order(desk_store: Store) -> None:
    pokrovsk = query.propositions(desk_store, query.ClaimFilter(about="Pokrovsk", type="control")).items[0]
    whole = query.proposition(desk_store, pokrovsk.pid, limit=None)
    assert whole is not None and whole.total == pokrovsk.stances == len(whole.verdict.rows)
    first = query.proposition(desk_store, pokrovsk.pid, offset=0, limit=10)
    assert first is not None and first.verdict.rows == whole.verdict.rows[:10]
    dates = [r.claim.date for r in whole.verdict.rows if r.claim.date]
    assert dates == sorted(dates)
    stances = {(r.claim.source.party, r.claim.stance.value) for r in whole.verdict.rows}
    assert {("russia", "asserts"), ("observer", "partial"), ("ukraine", "denies")} <= stances
    early = query.proposition(desk_store, pokrovsk.pid, until=date(2025, 11, 30), limit=None)
    assert early is not None and 0 < early.total < whole.total


def test_the_map_replays_the_days(desk_store: Store) -> None:
    today = query.control_map(desk_store)
    places = {f["properties"]["place"]: f for f in today["features"]}
    lon, lat = places["Pokrovsk"]["geometry"]["coordinates"]
    assert 36 < lon < 38 and 47 < lat < 49
    before = query.control_map(desk_store, date(2025, 11, 29))
    earlier = {f["properties"]["place"]: f["properties"] for f in before["features"]}
    assert set(earlier) <= set(places)
    assert earlier.get("Pokrovsk") != places["Pokrovsk"]["properties"]


def test_stored_documents_make_the_verdicts_stale_until_refreshed(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.save(analyse_text(tmp_path, TEXT))
    assert is_stale(store)
    found = query.propositions(store, query.ClaimFilter(about="Pokrovsk"))  # a reader refreshes once
    assert found.total == 1 and not is_stale(store)
    assert query.documents(store, query.DocumentFilter(q="Kremlin")).total == 1


def test_reanalysing_keeps_one_search_entry_per_document(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    analysed = analyse_text(tmp_path, TEXT)
    store.save(analysed)
    store.save(analysed, replace=True)
    assert query.documents(store, query.DocumentFilter(q="porte-parole")).total == 1


def test_a_store_from_before_materialisation_is_upgraded_and_refreshed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
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

"""The map's days (`query.map_days`): summed up to any day, they say what the stance rows say; a
store upgraded to them has them written from its stance rows, with their statistics. That
an incremental refresh keeps them as a full one writes them is checked with every other table it
keeps (tests/test_refresh_incremental.py, tests/test_refresh_summed.py)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import func, select
from sqlalchemy import text as text_clause
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claimscope.cli.app import app
from claimscope.query import control_days, control_map
from claimscope.query.map_days import day_rows
from claimscope.query.materialise import is_stale
from claimscope.store import Store
from claimscope.store.db import alembic_config
from claimscope.store.models import MapDayRow, PropositionRow, PropositionStanceRow
from tests.conftest import analyse_text, kept_counts

Counted = dict[str, tuple[int, int, date | None]]  # per stance: stances, sources, latest day
D1, D2 = date(2025, 11, 3), date(2025, 11, 4)


def _read(session: Session, pid: str, as_of: date | None) -> Counted:
    """Straight from the stance rows, as the map read them before it had its days."""
    row = PropositionStanceRow
    query = select(row.stance, func.count(), func.count(row.source_group.distinct()), func.max(row.event_date))
    query = query.where(row.pid == pid).group_by(row.stance)
    if as_of is not None:
        query = query.where(row.event_date <= as_of)
    return {stance: (count, sources, last) for stance, count, sources, last in session.execute(query)}


def _summed(session: Session, pid: str, as_of: date | None) -> Counted:
    row = MapDayRow
    query = select(row.stance, func.sum(row.stances), func.sum(row.sources), func.max(row.day))
    query = query.where(row.pid == pid).group_by(row.stance)
    if as_of is not None:
        query = query.where(row.day <= as_of)
    return {stance: (int(count), int(sources), last) for stance, count, sources, last in session.execute(query)}


def test_the_days_summed_up_to_any_day_say_what_the_stance_rows_say(sample_store: Store) -> None:
    with sample_store.sessions() as session:
        pids = list(session.scalars(select(PropositionRow.pid).where(PropositionRow.type == "control")))
        assert len(pids) >= 5
        assert set(session.scalars(select(MapDayRow.pid).distinct())) == set(pids)  # control ones only
        several = 0
        for pid in pids:
            days = sorted(set(session.scalars(select(MapDayRow.day).where(MapDayRow.pid == pid))) - {None})
            several += len(days) > 1
            before = [days[0] - timedelta(days=1)] if days else []
            for as_of in [None, *before, *days]:
                assert _summed(session, pid, as_of) == _read(session, pid, as_of), (pid, as_of)
        assert several >= 2  # places told of on several days


def test_a_source_counts_once_on_the_first_day_it_took_the_stance() -> None:
    counted = [
        ("p", "asserts", "A", D2, 2),
        ("p", "asserts", "A", None, 1),
        ("p", "asserts", "A", D1, 1),
        ("p", "asserts", "B", None, 3),  # never on a known day: counted undated
        ("p", "asserts", "C", D2, 1),
        ("p", "denies", "A", D2, 1),  # another stance: counted again
    ]
    rows = sorted(day_rows(counted), key=lambda r: (r["stance"], r["day"] or date.min))
    assert [(r["stance"], r["day"], r["stances"], r["sources"]) for r in rows] == [
        ("asserts", None, 4, 1),
        ("asserts", D1, 1, 1),
        ("asserts", D2, 3, 1),
        ("denies", D2, 1, 1),
    ]


def test_a_store_upgraded_to_the_days_shows_the_same_map_at_once(tmp_path: Path, db_url: str) -> None:
    """Migration 0020 writes the days from the stance rows (a read-only store is never refreshed),
    and the new table's statistics for SQLite's planner."""
    store = Store(db_url)
    for n, who in enumerate(("Moscou", "Le Kremlin", "Le ministère russe")):
        text = f"L'armée russe a pris le contrôle de Pokrovsk, a affirmé {who} le {n + 3} novembre 2025."
        store.save(analyse_text(tmp_path, text, f"{n}.txt"))
    text = "Les forces russes contrôlent Pokrovsk, selon l'agence TASS."  # undated
    store.save(analyse_text(tmp_path, text, "undated.txt"))
    assert CliRunner().invoke(app, ["db", "refresh", "--db", db_url]).exit_code == 0
    shown, days, kept = control_map(store), control_days(store), kept_counts(store)["map days"]
    assert shown["features"] and days == [date(2025, 11, 3), date(2025, 11, 4), date(2025, 11, 5)]
    assert any(day is None for _, _, day, _, _ in kept)
    config = alembic_config()
    for step in (command.downgrade, command.upgrade):
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, "0019" if step is command.downgrade else "head")
    assert not is_stale(store)
    assert kept_counts(store)["map days"] == kept
    assert control_map(store) == shown and control_days(store) == days
    if store.engine.dialect.name == "sqlite":
        with store.sessions() as session:
            assert session.scalar(text_clause("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'map_days'"))

"""`claimscope db upgrade`, `db refresh` and `db stats` on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select
from typer.testing import CliRunner

from claimscope.cli.app import app as claimscope
from claimscope.cli.database import Commands
from claimscope.cli.db import db_app, readable
from claimscope.query.materialise import is_stale
from claimscope.query.tables import GAP
from claimscope.store import Store
from claimscope.store.db import alembic_config, head_revision
from claimscope.store.models import PropositionRow, PropositionStanceRow
from tests.conftest import analyse_text

runner = CliRunner()
app = typer.Typer(cls=Commands)  # as app.py registers it
app.add_typer(db_app, name="db")
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_the_head_revision_read_from_file_names_is_alembics() -> None:
    assert head_revision() == HEAD  # a store at HEAD is opened without alembic


def test_upgrade_says_from_which_revision_to_which(tmp_path: Path, db_url: str) -> None:
    new = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert new.exit_code == 0 and f"upgraded from none (a new database) to {HEAD}" in new.output, new.output
    again = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert again.exit_code == 0 and f"already at the latest revision, {HEAD}; nothing to do" in again.output
    store = Store(db_url)
    store.save(analyse_text(tmp_path, "« Nous tenons Pokrovsk », a déclaré le porte-parole."))
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    old = runner.invoke(app, ["db", "upgrade", "--db", db_url])
    assert old.exit_code == 0 and f"upgraded from 0002 to {HEAD}" in old.output, old.output
    stats = runner.invoke(app, ["db", "stats", "--db", db_url])
    assert "documents     1\n" in stats.output and f"schema        {HEAD} (latest)" in stats.output


def test_stance_positions_are_spread_apart_by_the_upgrade(tmp_path: Path, db_url: str) -> None:
    """Migration 0019 spreads a proposition's stance positions GAP apart (new stances are written
    in the gaps) and its downgrade numbers them 0, 1, 2… again, in the same order."""
    store = Store(db_url)
    for n, who in enumerate(("Moscou", "Le Kremlin", "Le ministère russe")):
        text = f"L'armée russe a pris le contrôle de Pokrovsk, a affirmé {who} le {n + 3} novembre 2025."
        store.save(analyse_text(tmp_path, text, f"{n}.txt"))
    runner.invoke(app, ["db", "refresh", "--db", db_url])
    order = select(PropositionStanceRow.pid, PropositionStanceRow.document_id, PropositionStanceRow.position)
    order = order.order_by(PropositionStanceRow.pid, PropositionStanceRow.position)
    with store.sessions() as session:
        written = session.execute(order).all()
    assert len(written) >= 3 and all(position % GAP == 0 for _, _, position in written)
    config = alembic_config()
    for revision, spread in (("0018", 1), (HEAD, GAP)):
        with store.engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if revision == "0018" else command.upgrade)(config, revision)
        with store.sessions() as session:
            found = session.execute(order).all()
        assert [row[:2] for row in found] == [row[:2] for row in written]
        ranks = [sum(1 for other in found[:at] if other[0] == row[0]) for at, row in enumerate(found)]
        assert [position for _, _, position in found] == [rank * spread for rank in ranks]


def test_refresh_brings_verdicts_up_to_date_apart_from_the_ingests(tmp_path: Path, db_url: str) -> None:
    """Documents stored by a writer that did not refresh (killed before its end, say): `db refresh`
    takes them in, then has nothing left to do; --full recomputes every verdict."""
    store = Store(db_url)
    for n, who in enumerate(("Moscou", "Le Kremlin")):
        text = f"L'armée russe a pris le contrôle de Pokrovsk, a affirmé {who} mardi. Texte numéro {n}."
        store.save(analyse_text(tmp_path, text, f"{n}.txt"))
    assert is_stale(store) and not keys(store)
    first = runner.invoke(app, ["db", "refresh", "--db", db_url])  # every document is new: all recomputed
    assert first.exit_code == 0, first.output
    assert "recomputed from every stored claim (2 new documents taken in) in " in first.output, first.output
    assert not is_stale(store) and keys(store) == ["control|Pokrovsk|Russia"]
    text = "L'armée russe contrôle Pokrovsk, a affirmé le Kremlin mercredi. Texte numéro 3."
    store.save(analyse_text(tmp_path, text, "3.txt"))
    store.save(analyse_text(tmp_path, text.replace("3.", "4."), "4.txt"))
    for n in range(5, 30):  # a stream: its last documents are a small share of the store
        filler = f"Le temps de la semaine prochaine sera doux et humide dans tout le pays, numéro {n}. " * 3
        store.save(analyse_text(tmp_path, filler, f"{n}.txt"))
    runner.invoke(app, ["db", "refresh", "--db", db_url])
    store.save(analyse_text(tmp_path, text.replace("3.", "30."), "30.txt"))
    again = runner.invoke(app, ["db", "refresh", "--db", db_url])
    assert again.exit_code == 0 and "brought up to date with 1 new document in" in again.output, again.output
    full = runner.invoke(app, ["db", "refresh", "--full", "--db", db_url])
    assert full.exit_code == 0 and "recomputed from every stored claim in " in full.output
    assert keys(store) == ["control|Pokrovsk|Russia"]
    missing = runner.invoke(app, ["db", "refresh", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert missing.exit_code == 2 and "ingest articles first" in missing.output


def keys(store: Store) -> list[str]:
    with store.sessions() as session:
        return sorted(session.scalars(select(PropositionRow.key)))


def test_stats_fit_80_columns_and_count_what_is_stored(desk_store: Store, pg_sample: Store) -> None:
    for store, backend in ((desk_store, "SQLite 3."), (pg_sample, "PostgreSQL ")):
        url = store.engine.url.render_as_string(hide_password=False)
        result = runner.invoke(app, ["db", "stats", "--db", url])
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert all(len(line) <= 80 for line in lines), lines
        fields = dict(line.split(None, 1) for line in lines if not line.startswith(" "))  # a long path goes on
        assert fields["backend"].startswith(backend) and fields["schema"] == f"{HEAD} (latest)"
        # 282 since the eighteenth session found fr-031's "Pour Washington, …" and fr-041's "À en croire …"
        assert fields["documents"] == "50" and fields["attributions"] == "282" and int(fields["claims"]) > 0
        assert int(fields["propositions"]) > 0 and int(fields["flags"]) > 0 and fields["problems"] == "0"
        assert fields["dates"] == "2025-11-24 to 2025-12-10 (23 undated)"
        assert fields["size"].endswith("MiB") or fields["size"].endswith("KiB"), fields["size"]


def test_stats_of_what_is_not_a_database_say_what_to_do(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["db", "stats", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert missing.exit_code == 2 and "no database at" in missing.output
    assert not (tmp_path / "none.db").exists()
    down = runner.invoke(app, ["db", "stats", "--db", "postgresql+psycopg://claimscope@127.0.0.1:1/claimscope"])
    assert down.exit_code == 2 and "cannot be reached" in down.output and "Traceback" not in down.output


def test_stats_name_an_unknown_database_on_a_server(pg_server: str) -> None:
    url = pg_server.rsplit("/", 1)[0] + "/claimscope_no_such_database"
    result = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert result.exit_code == 2 and "does not exist on that server" in result.output and "createdb" in result.output


def test_sizes_are_readable() -> None:
    assert [readable(n) for n in (None, 512, 2048, 5 * 1024**3)] == ["unknown", "512 bytes", "2.0 KiB", "5.0 GiB"]


def test_on_off_flags_show_no_type_in_help() -> None:
    shown = runner.invoke(app, ["db", "refresh", "--help"], env={"COLUMNS": "200"}).output
    [full] = [line for line in shown.splitlines() if "--full" in line and "Recompute" in line]
    assert "<bool>" not in full
    assert "<str>" in next(line for line in shown.splitlines() if "--db" in line)  # options that take a value do
    for words in ([], ["db"], ["db", "refresh"], ["ingest"]):  # --help itself, added by click when asked for
        assert "<bool>" not in runner.invoke(claimscope, [*words, "--help"], env={"COLUMNS": "200"}).output, words


def test_problems_lists_the_inputs_not_taken_newest_first(tmp_path: Path, db_url: str) -> None:
    """`db stats` counted them and nothing listed them: each once, however often met, with why."""
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "evil\x1b[2J.txt").write_bytes(b"\x00\x01\x02" * 100)
    for _ in range(2):  # met again: recorded once
        assert runner.invoke(claimscope, ["ingest", str(tmp_path), "--db", db_url]).exit_code == 1
    listed = runner.invoke(claimscope, ["db", "problems", "--db", db_url])
    assert listed.exit_code == 0 and "empty file" in listed.output and "binary content" in listed.output
    assert "\x1b" not in listed.output and "2 problems recorded" in listed.output
    assert max(len(line) for line in listed.output.splitlines()) <= 80
    one = runner.invoke(claimscope, ["db", "problems", "--db", db_url, "--limit", "1", "--json"])
    found = json.loads(one.stdout)
    assert found["total"] == 2 and len(found["problems"]) == 1 and found["problems"][0]["reason"]

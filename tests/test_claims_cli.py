"""claims, flags, entity and kb import end to end: a real store, real articles, the real CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope import query
from claimscope.cli import app as cli_app
from claimscope.cli.app import app
from claimscope.records import ClaimType
from claimscope.store import Store
from tests.conftest import FIXTURES, SEED, SHARED, needs_shared
from tests.pg import BACKENDS, create_database

runner = CliRunner()
pytestmark = needs_shared()
PICKED = {"fr-001", "fr-013", "fr-015", "fr-022", "fr-035"}


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app.console, "width", 220)


@pytest.fixture(scope="module", params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed and five corpus articles (three of them copies of two dispatches), ingested."""
    folder = tmp_path_factory.mktemp("claims")
    lines = (SHARED / "corpus" / "news-fr" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [line for line in lines if json.loads(line)["id"] in PICKED]
    (folder / "picked.jsonl").write_text("\n".join(picked) + "\n", encoding="utf-8")
    url, drop = f"sqlite:///{folder / 'db.sqlite'}", None
    if request.param == "postgresql":
        url, drop = create_database(request.getfixturevalue("pg_server"))
    # refreshed at the end only (`--refresh-every` 0; a long batch's refreshes: tests/test_cluster.py)
    result = runner.invoke(
        app, ["ingest", str(SEED), str(folder / "picked.jsonl"), "--db", url, "--refresh-every", "0"]
    )
    assert result.exit_code == 0, result.output
    yield url
    if drop is not None:
        drop()


def test_claims_are_stored_as_found(db: str) -> None:
    store = Store(db)
    stored = [query.article(store, d.id) for d in query.every_document(store)]
    with_claims = [a.analysed for a in stored if a is not None and a.claims]
    assert len(with_claims) == 6
    seed = next(a for a in with_claims if a.document.source.endswith("article-fr-ukraine.txt"))
    kinds = {c.type for c in seed.claims}
    assert {ClaimType.CONTROL, ClaimType.MEETING, ClaimType.RELATION, ClaimType.STATEMENT} <= kinds
    for claim in seed.claims:
        assert seed.document.text[claim.span.start : claim.span.end] == claim.evidence


def test_claims_about_a_place_in_any_spelling(db: str) -> None:
    result = runner.invoke(app, ["claims", "--db", db, "--about", "Pokrovsk", "--json"])
    assert result.exit_code == 0, result.output
    verdicts = json.loads(result.output)["verdicts"]
    pokrovsk = next(v for v in verdicts if v["key"] == "control|Pokrovsk|Russia")
    assert pokrovsk["status"] == "contested"
    assert {s["claim"]["stance"] for s in pokrovsk["stances"]} >= {"asserts", "denies", "partial"}
    table = runner.invoke(app, ["claims", "--db", db, "--about", "Poutine"]).output
    assert "meeting(" in table and "Moscow" in table  # "Poutine" finds Vladimir Putin's meeting


def test_contested_only(db: str) -> None:
    result = runner.invoke(app, ["claims", "--db", db, "--contested", "--json"])
    statuses = {v["status"] for v in json.loads(result.output)["verdicts"]}
    assert statuses and statuses <= {"contested", "contradicted"}


def test_board_filters_by_verdict_and_days(db: str) -> None:
    every = json.loads(runner.invoke(app, ["claims", "--db", db, "--json"]).output)["verdicts"]
    single = runner.invoke(app, ["claims", "--db", db, "--status", "single-source", "--json"])
    assert single.exit_code == 0, single.output
    statuses = [v["status"] for v in json.loads(single.output)["verdicts"]]
    assert statuses and set(statuses) == {"single-source"} and len(statuses) < len(every)
    dated = [v for v in every if any(s["claim"]["date"] for s in v["stances"])]
    day = sorted(s["claim"]["date"] for v in dated for s in v["stances"] if s["claim"]["date"])[0]
    early = json.loads(runner.invoke(app, ["claims", "--db", db, "--until", day, "--json"]).output)["verdicts"]
    late = json.loads(runner.invoke(app, ["claims", "--db", db, "--since", day, "--json"]).output)["verdicts"]
    assert early and len(early) < len(every) and len(late) <= len(every)
    assert all(min(s["claim"]["date"] for s in v["stances"] if s["claim"]["date"]) <= day for v in early)
    bad = runner.invoke(app, ["claims", "--db", db, "--since", "2025-13-01"])
    assert bad.exit_code == 2 and "2025-13-01" in bad.output
    none = runner.invoke(app, ["claims", "--db", db, "--status", "contradicted", "--until", "2000-01-01"])
    assert none.exit_code == 0 and "nothing with these filters" in none.output
    assert "--status contradicted, --until 2000-01-01" in none.output


def test_the_board_shows_as_many_propositions_as_asked(db: str) -> None:
    """The table showed the first 20 whatever was asked; --limit 0 shows every one, in --json's order."""
    keys = [v["key"] for v in json.loads(runner.invoke(app, ["claims", "--db", db, "--json"]).output)["verdicts"]]
    assert len(keys) > 2
    two = runner.invoke(app, ["claims", "--db", db, "--limit", "2"]).output
    assert two.count(" — ") == 2 and f"{len(keys)} propositions (the first 2: --limit 0 shows all)" in two
    every = runner.invoke(app, ["claims", "--db", db, "--limit", "0"]).output
    assert every.count(" — ") == len(keys) and f"{len(keys)} propositions, from" in every
    huge = runner.invoke(app, ["claims", "--db", db, "--limit", "9" * 20])
    assert huge.exit_code == 2 and "Traceback" not in huge.output


def test_flags_name_the_sentence_and_the_conflicting_sources(db: str) -> None:
    result = runner.invoke(app, ["flags", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    flags = json.loads(result.output)["flags"]
    kushner = next(f for f in flags if f["kind"] == "kb-conflict" and "gendre de Poutine" in f["sentence"])
    sources = {e["source"] for e in kushner["evidence"]}
    assert "claimscope knowledge base" in sources and "boursorama.com" in sources
    assert "kb-conflict" in runner.invoke(app, ["flags", "--db", db]).output


def test_entity_view(db: str) -> None:
    result = runner.invoke(app, ["entity", "Kushner", "--db", db, "--json"])
    entity = json.loads(result.output)["entity"]
    assert entity["name"] == "Jared Kushner"
    assert any(r["relation"] == "son-in-law of" and r["object"] == "Donald Trump" for r in entity["relations"])
    assert entity["statements_about"]
    place = json.loads(runner.invoke(app, ["entity", "Kiev", "--db", db, "--json"]).output)["entity"]
    assert place["name"] == "Kyiv" and place["place"]["country"] == "UA"
    unknown = runner.invoke(app, ["entity", "Nobody Atall", "--db", db])
    assert unknown.exit_code == 1 and "nothing known" in unknown.output


def test_kb_import_is_idempotent_and_feeds_the_entity_view(tmp_path: Path, db_url: str) -> None:
    url = db_url
    dump = FIXTURES / "wikidata-sample.json.bz2"
    first = runner.invoke(app, ["kb", "import", str(dump), "--db", url])
    assert first.exit_code == 1, first.output  # the sample holds two broken lines: counted, the rest imported
    assert "wikidata format" in first.output and "0 already known" in first.output
    assert "2 unreadable lines skipped" in first.output
    assert first.stderr == ""  # off a terminal, no progress display (nor the blank line it left)
    again = runner.invoke(app, ["kb", "import", str(dump), "--db", url])
    assert "imported 0 " in again.output
    ivanka = json.loads(runner.invoke(app, ["entity", "Ivanka", "--db", url, "--json"]).stdout)["entity"]
    assert any(r["relation"] == "daughter-in-law of" and r["object"] == "Charles Kushner" for r in ivanka["relations"])
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words\n", encoding="utf-8")
    refused = runner.invoke(app, ["kb", "import", str(bad), "--db", url])
    assert refused.exit_code == 2 and "nothing was imported" in refused.output
    folder = runner.invoke(app, ["kb", "import", str(tmp_path), "--db", url])
    assert folder.exit_code == 2 and "a folder, not a file" in folder.output


def test_reanalyse_replaces_results_without_duplicates(tmp_path: Path, db_url: str) -> None:
    url = db_url
    assert runner.invoke(app, ["ingest", str(SEED), "--db", url]).exit_code == 0
    store = Store(url)
    with store.engine.begin() as connection:  # as a version before claims left it
        connection.exec_driver_sql("DELETE FROM claims")
    assert store.claim_count() == 0
    hint = runner.invoke(app, ["claims", "--db", url]).output
    assert "--reanalyse" in hint
    result = runner.invoke(app, ["ingest", str(SEED), "--db", url, "--reanalyse"])
    assert result.exit_code == 0 and "1 analysed again" in result.output
    assert store.claim_count() > 0
    assert query.documents(store).total == 1


def test_a_store_from_before_claims_is_upgraded(tmp_path: Path, db_url: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from claimscope.store.db import alembic_config

    url = db_url
    config = alembic_config()
    with create_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert "claims" not in inspect(create_engine(url)).get_table_names()
    assert {"claims", "kb_entities", "kb_facts"} <= set(inspect(Store(url).engine).get_table_names())


def test_hostile_text_in_claims_flags_and_entity_tables(tmp_path: Path, db_url: str) -> None:
    """Article text reaches the tables as text: Rich markup in it is shown, never interpreted."""
    hostile = (
        "Jared Kushner, gendre de Vladimir Poutine, est arrivé [bold red]lundi[/] à Moscou. "
        "Le ministère russe de la Défense a annoncé lundi que l'armée russe avait pris le contrôle de Pokrovsk "
        "[link=http://127.0.0.1/]ici[/link] \\[/x]."
    )
    feed = tmp_path / "hostile.jsonl"
    record = {"id": "h-1", "site": "[b]ev[/b]", "published": "2025-12-03", "language": "fr"}
    feed.write_text(json.dumps({**record, "text": hostile}, ensure_ascii=False) + "\n", encoding="utf-8")
    url = db_url
    assert runner.invoke(app, ["ingest", str(feed), "--db", url]).exit_code == 0
    claims = runner.invoke(app, ["claims", "--db", url])
    assert claims.exit_code == 0, claims.output
    assert "[b]ev[/b]" in claims.output
    flags = runner.invoke(app, ["flags", "--db", url])
    assert flags.exit_code == 0 and "[bold red]lundi[/]" in flags.output
    entity = runner.invoke(app, ["entity", "Kushner", "--db", url])
    assert entity.exit_code == 0 and "[b]ev[/b]" in entity.output

"""Store (SQLite, migrations, dedup, resume) and the CLI end to end, on real data."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from typer.testing import CliRunner

from claimscope import batch, pipeline, query
from claimscope.budget import Budget, analyse_group, analyse_within
from claimscope.cli import app as cli_app
from claimscope.cli.app import app
from claimscope.cli.signals import Stop, terminated_as_interrupted
from claimscope.nlp.parsing import ParsedDocument
from claimscope.records import Absence, AnalysedDocument, Document, Problem
from claimscope.store import Store, polls
from claimscope.store.db import alembic_config
from claimscope.store.models import ProblemRow
from claimscope.store.polls import FeedPolls
from tests.conftest import FIXTURES, SEED, needs_shared, statement_files

runner = CliRunner()
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables wrap names in an 80-column test terminal; users get their own width."""
    monkeypatch.setattr(cli_app.console, "width", 220)


def test_migrations_create_schema(db_url: str) -> None:
    store = Store(db_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {
        "documents", "entities", "mentions", "attributions", "problems", "claims", "kb_entities", "kb_facts",
        "feed_polls", "alembic_version",
    } <= tables  # fmt: skip
    with store.engine.connect() as connection:
        before = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    again = Store(db_url)  # migrating again is a no-op
    with again.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").all() == before == [(HEAD,)]


def test_the_watchs_memory_of_gone_pages_and_feeds(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each row written in one statement (an upsert, on either backend: two watches noting the same
    page or feed at once both succeed), the first day of a gone page kept, its waits counted."""
    store = Store(db_url)
    memory = FeedPolls(store)
    first = datetime(2026, 1, 1, 12, 0)
    monkeypatch.setattr(polls, "_now", lambda: first)
    memory.went(["https://news.example/a", "https://news.example/b"])
    monkeypatch.setattr(polls, "_now", lambda: first + timedelta(minutes=30))
    memory.went(["https://news.example/a"])  # asked for again, still gone: its first day is kept
    assert memory.absence("https://news.example/a") == Absence(due=False, recent=True)
    assert memory.absence("https://news.example/c") is None
    monkeypatch.setattr(polls, "_now", lambda: first + timedelta(minutes=61))
    assert memory.absence("https://news.example/b") == Absence(due=True, recent=True)
    assert memory.absence("https://news.example/a") == Absence(due=False, recent=True)  # an hour after its last ask
    monkeypatch.setattr(polls, "_now", lambda: first + timedelta(days=31))
    memory.went(["https://news.example/c"])  # and those not asked for in a month are forgotten
    assert memory.absence("https://news.example/a") is None and memory.absence("https://news.example/c")
    memory.went([], back=["https://news.example/c"])  # it came: nothing is kept of it
    assert memory.absence("https://news.example/c") is None
    for etag in ('"v1"', '"v2"'):
        memory.remember("https://news.example/feed.xml", etag, None)
    assert memory.validators("https://news.example/feed.xml") == ('"v2"', None)


def test_ingest_batch_reports_skips_and_resumes_without_duplicates(tmp_path: Path, db_url: str) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("excerpt-fr.txt", "excerpt-en.txt", "excerpt-de.txt"):
        (inputs / name).write_bytes((FIXTURES / name).read_bytes())
    (inputs / "broken.html").write_bytes(b"\x00\x00garbage")
    (inputs / "empty.txt").write_bytes(b"")
    db = db_url
    first = runner.invoke(app, ["ingest", str(inputs), "--db", db])
    assert first.exit_code == 1, first.output
    assert "stored 3 new documents" in first.output
    assert "2 skipped" in first.output and "not analysed: 1 in 'de'" in first.output
    again = runner.invoke(app, ["ingest", str(inputs), "--db", db])
    assert "stored 0 new documents" in again.output and "3 already stored" in again.output
    docs = list(query.every_document(Store(db)))
    assert len(docs) == 3
    analysed = {d.language: d for d in docs if d.analysed}
    assert set(analysed) == {"fr", "en"} and analysed["fr"].attributions and analysed["en"].attributions
    shown = runner.invoke(app, ["show", analysed["fr"].id[:8], "--db", db])
    assert shown.exit_code == 0 and "Volodymyr Zelensky" in shown.output
    speakers = runner.invoke(app, ["speakers", "--db", db])
    assert "Volodymyr Zelensky" in speakers.output


def test_an_overlong_text_is_kept_and_named_with_what_to_do(tmp_path: Path, db_url: str) -> None:
    """Kept but not analysed for its length, not its language: the user is told which and why."""
    (tmp_path / "long.txt").write_text("Le président a déclaré que la guerre continuait. " * 7000, encoding="utf-8")
    (tmp_path / "other.txt").write_bytes((FIXTURES / "excerpt-de.txt").read_bytes())
    done = runner.invoke(app, ["ingest", str(tmp_path / "long.txt"), str(tmp_path / "other.txt"), "--db", db_url])
    assert done.exit_code == 0, done.output
    assert "not analysed: 1 in 'de', 1 too long" in " ".join(done.output.split())
    assert "long.txt: text too long to analyse" in done.output and "split it into articles" in done.output


def test_analyze_json_schema_and_offsets() -> None:
    result = runner.invoke(app, ["analyze", str(FIXTURES / "excerpt-fr.txt"), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    [doc] = out["documents"]
    assert set(doc) >= {"id", "source", "title", "language", "published", "text", "attributions", "entities"}
    assert doc["attributions"]
    for a in doc["attributions"]:
        assert set(a) == {"speaker", "cue", "content", "kind", "confidence"}
        cue, content = a["cue"], a["content"]
        assert set(cue) == {"text", "lemma", "class", "start", "end"}
        assert doc["text"][cue["start"] : cue["end"]] == cue["text"]
        assert doc["text"][content["start"] : content["end"]] == content["text"]
        assert content["text"] == content["text"].strip(" ,.;:") and content["text"]
        # the cue is never part of what was said, except `selon X` inside a sentence
        assert cue["end"] <= content["start"] or content["end"] <= cue["start"] or cue["lemma"] == "selon"
        sp = a["speaker"]
        assert doc["text"][sp["start"] : sp["end"]] == sp["text"] and sp["name"]
    for e in doc["entities"]:
        assert doc["text"][e["start"] : e["end"]] == e["text"]


@needs_shared()
def test_analyze_table_on_seed() -> None:
    result = runner.invoke(app, ["analyze", str(SEED)])
    assert result.exit_code == 0
    assert "Donald" in result.output and "Ushakov" in result.output and "Russian" in result.output


def test_an_ingest_of_inputs_none_of_which_exists_makes_no_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'typo.db'}"
    result = runner.invoke(app, ["ingest", str(tmp_path / "artcles"), str(tmp_path / "b.txt"), "--db", url])
    assert result.exit_code == 1 and result.output.count("no such file or folder") == 2, result.output
    assert "nothing to ingest" in result.output and not (tmp_path / "typo.db").exists()


def test_show_unknown_document_is_a_clear_error(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["show", "nope", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert missing.exit_code == 2 and "no database at" in missing.output and "ingest" in missing.output
    assert not (tmp_path / "none.db").exists()  # reading never creates an empty database
    bare = runner.invoke(app, ["documents", "--db", "claimscope.db"])
    assert bare.exit_code == 2 and "sqlite:///claimscope.db" in bare.output
    Store(f"sqlite:///{tmp_path / 'x.db'}")
    result = runner.invoke(app, ["show", "nope", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2 and "no document id starts with 'nope'" in result.output
    empty = runner.invoke(app, ["show", " ", "--db", f"sqlite:///{tmp_path / 'x.db'}"])  # a prefix of every id
    assert empty.exit_code == 2 and "give a document's id, or its first characters" in empty.output


def test_a_document_and_a_person_are_found_as_readers_cite_them(tmp_path: Path) -> None:
    """A corpus and its readers cite "fr-001", not the store's hash: `show` takes a record's id in
    its file, or the file, besides an id prefix; and "Vernet" is the one stored Paul Vernet, whom
    the knowledge base does not know (`entity`, and the query the web and API read)."""
    records = tmp_path / "articles.jsonl"
    lines = [
        {"id": f"r-{n}", "text": f"Le maire Paul Vernet a déclaré que le pont {n} rouvrirait lundi.", "language": "fr"}
        for n in (1, 2)
    ]
    records.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("Le maire Paul Vernet a affirmé que la digue tiendrait.", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert runner.invoke(app, ["ingest", str(records), str(page), "--db", url]).exit_code == 0
    by_record = runner.invoke(app, ["show", "r-2", "--db", url])
    assert by_record.exit_code == 0 and "pont 2" in by_record.output, by_record.output
    by_file = runner.invoke(app, ["show", str(page), "--db", url])
    assert by_file.exit_code == 0 and "la digue tiendrait" in by_file.output, by_file.output
    assert runner.invoke(app, ["show", "r-9", "--db", url]).exit_code == 2
    entity = runner.invoke(app, ["entity", "Vernet", "--db", url])
    assert entity.exit_code == 0 and "statements by Paul Vernet" in entity.output, entity.output
    found = query.speaker(Store(url), "vernet")
    assert found is not None and found.name == "Paul Vernet" and found.statements


def test_crash_half_way_is_reported_and_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    """One document whose analysis crashes is reported; the others are stored; a re-run completes it."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    base = (FIXTURES / "excerpt-fr.txt").read_text(encoding="utf-8")
    for n in range(3):
        (inputs / f"doc{n}.txt").write_text(
            base + f"\nLe ministère a indiqué que le bilan s'élevait à {n + 10} morts.\n"
        )
    store = Store(db_url)
    real_extract = pipeline.extract_claims

    def flaky(parsed: ParsedDocument, *args: Any) -> Any:
        if parsed.document.source.endswith("doc1.txt"):
            raise MemoryError("simulated crash")
        return real_extract(parsed, *args)

    monkeypatch.setattr(pipeline, "extract_claims", flaky)  # analysed in this process, the three in one group
    first = batch.ingest([inputs], store, budget=Budget(0, 0))
    assert first.stored == 2 and len(first.problems) == 1 and "simulated crash" in first.problems[0].reason
    monkeypatch.setattr(pipeline, "extract_claims", real_extract)
    second = batch.ingest([inputs], store)
    assert (second.stored, second.already_stored, second.problems) == (1, 2, [])
    assert query.documents(store).total == 3


def test_user_facing_reports(tmp_path: Path) -> None:
    """Decoding notes reach the user; empty folders and missing drivers say what to do."""
    latin = tmp_path / "latin1.txt"
    latin.write_bytes((FIXTURES / "excerpt-fr.txt").read_text(encoding="utf-8").encode("cp1252"))
    result = runner.invoke(app, ["analyze", str(latin), "--json"])
    assert json.loads(result.stdout)["documents"][0]["warnings"] == ["not valid UTF-8; decoded as cp1252"]
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(app, ["analyze", str(tmp_path / "empty")])
    assert empty.exit_code == 1 and "no .html, .htm, .txt, .jsonl, .xml" in empty.output
    driver = runner.invoke(app, ["speakers", "--db", "mysql://nobody@127.0.0.1:1/x"])
    assert driver.exit_code == 2 and "no database driver" in driver.output


def test_problems_are_recorded_once(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    store = Store(db_url)
    for _ in range(2):
        batch.ingest([tmp_path / "empty.txt"], store)
    with store.sessions() as session:
        assert session.query(ProblemRow).count() == 1


def test_hostile_records_neither_inject_markup_nor_crash(tmp_path: Path, db_url: str) -> None:
    """Ids, titles and text are hostile: markup stays text, mistyped fields are ignored."""
    text = "Le Kremlin a affirmé que [bold red]la ville[/] \\[link=http://x]était[/link] tombée\u2028lundi soir."
    records = [
        {"id": "[/x]", "text": text, "title": 7, "author": {"a": 1}, "language": ["fr"], "site": "s" * 999},
        {"id": "ok", "text": "Selon Moscou, la ville de Pokrovsk est tombée aux mains des troupes russes lundi."},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    db = db_url
    result = runner.invoke(app, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "stored 2 new documents" in result.output
    listed = runner.invoke(app, ["documents", "--db", db])
    assert listed.exit_code == 0 and "#[/x]" in listed.output
    shown = runner.invoke(app, ["analyze", str(path)])
    assert shown.exit_code == 0 and "[bold red]la ville[/]" in shown.output
    assert "\x1b]8;" not in shown.output  # no terminal hyperlink smuggled in


def test_terminal_escapes_in_names_and_titles_are_shown_not_obeyed(tmp_path: Path, db_url: str) -> None:
    """An ESC in a file name or a title must not recolour, clear or hyperlink the user's terminal."""
    hostile = tmp_path / "evil\x1b[2J\x1b]8;;file:passwd\x07\u202ecod.txt"
    hostile.write_text(
        "Titre \x1b[31mrouge sur la ville assiégée\u2066\n\n"
        "« Nous ne céderons pas », a déclaré le porte-parole de l'armée ukrainienne.",
        encoding="utf-8",
    )
    url = db_url
    assert runner.invoke(app, ["ingest", str(hostile), "--db", url]).exit_code == 0
    for command in (["documents", "--db", url], ["analyze", str(hostile)]):  # both show the name or the title
        result = runner.invoke(app, command)
        assert "\x1b" not in result.output and "\x07" not in result.output, command
        assert "\u202e" not in result.output and "\u2066" not in result.output, command  # bidi controls
        assert "\\x1b" in result.output, command


@pytest.mark.parametrize(("stop", "status", "cause"), [(None, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_ctrl_c_or_sigterm_during_an_ingest_says_what_is_kept_and_a_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str, stop: signal.Signals | None, status: int, cause: str
) -> None:
    folder = statement_files(tmp_path)
    calls: list[int] = []
    handler = signal.getsignal(signal.SIGTERM)

    def interrupted_at_the_second(
        documents: list[Document], budget: Budget | None = None
    ) -> Iterator[AnalysedDocument | Problem]:
        for document in documents:  # one group: results come one by one
            calls.append(1)
            if len(calls) == 2:
                if stop is None:
                    raise KeyboardInterrupt
                os.kill(os.getpid(), stop)  # a service manager stopping the command
            yield analyse_within(document, budget)

    monkeypatch.setattr(batch, "analyse_group", interrupted_at_the_second)
    url = db_url
    result = runner.invoke(app, ["ingest", str(folder), "--db", url])
    assert result.exit_code == status
    assert "interrupted" in result.output and f"1 document stored before {cause} is kept" in result.output
    assert signal.getsignal(signal.SIGTERM) is handler  # the command's own is gone with it
    monkeypatch.setattr(batch, "analyse_group", analyse_group)
    again = runner.invoke(app, ["ingest", str(folder), "--db", url])
    assert "stored 2 new documents" in again.output and "1 already stored" in again.output
    assert query.documents(Store(url)).total == 3


def test_an_ingest_interrupted_as_it_refreshes_is_taken_in_when_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    """Ctrl-C in the refresh at a batch's end leaves its documents stored but not taken in: a read
    at once says its verdicts lag (not "no claims stored yet"), and the same command run again
    stores nothing new and takes them in (it did not refresh: no new document)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Le ministère russe de la Défense a annoncé mardi la prise de Pokrovsk.", "utf-8")

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    refresh = batch.refresh
    monkeypatch.setattr(batch, "refresh", interrupted)
    assert runner.invoke(app, ["ingest", str(folder), "--db", db_url]).exit_code == 130
    monkeypatch.setattr(batch, "refresh", refresh)
    lagging = runner.invoke(app, ["claims", "--db", db_url])
    assert "no verdicts yet" in lagging.output and "no claims stored yet" not in lagging.output
    assert "without what was stored" in lagging.output and "claimscope db refresh" in lagging.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", db_url])
    assert again.exit_code == 0 and "1 already stored" in again.output
    board = runner.invoke(app, ["claims", "--db", db_url])
    assert "control(place: Pokrovsk, actor: Russia)" in board.output and "no verdicts yet" not in board.output


def test_sigterm_goes_through_what_ctrl_c_does_at_that_moment() -> None:
    """A cluster's batch notes Ctrl-C in its own handler (a KeyboardInterrupt raised in one of
    Dask's weakref callbacks is lost): SIGTERM must be noted there too."""
    noted: list[int] = []

    def batch_handler(signum: int, _frame: object) -> None:
        noted.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, batch_handler)
    stop = Stop()
    try:
        with pytest.raises(KeyboardInterrupt), terminated_as_interrupted(stop):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler stops the wait
    finally:
        signal.signal(signal.SIGINT, previous)
    assert noted == [signal.SIGINT] and (stop.status, stop.cause) == (143, "SIGTERM")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_a_database_in_memory_is_refused_rather_than_thrown_away(url: str) -> None:
    result = runner.invoke(app, ["ingest", str(FIXTURES), "--db", url])
    assert result.exit_code == 2 and "in memory" in result.output


def _open_store(url: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        Store(url)
        results.put("ok")
    except Exception as exc:  # reported to the test, which shows it
        results.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_opening_one_new_database_both_succeed(fresh_db: Callable[[], str]) -> None:
    """Two ingests started together on a new database race on creating its tables."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for _ in range(3):
        url = fresh_db()
        barrier, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_open_store, args=(url, barrier, results)) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert [results.get(timeout=5), results.get(timeout=5)] == ["ok", "ok"]


def test_a_known_person_is_found_before_a_stored_namesake(tmp_path: Path) -> None:
    """A store of a version that kept "Kushner" as an organisation: /api/entities/Kushner answered
    that empty organisation where `claimscope entity Kushner` found Jared Kushner."""
    from claimscope.records import EntityMention, Span

    store = Store(f"sqlite:///{tmp_path / 'namesake.db'}")
    text = "Witkoff and Kushner met officials."
    entity = EntityMention(Span(12, 19), "Kushner", "ORG", "Kushner")
    store.save(AnalysedDocument(Document("d1", "d1.txt", text, language="en"), entities=[entity]))
    found = query.speaker(store, "Kushner")
    assert found is not None and (found.name, found.type) == ("Jared Kushner", "person")
    assert any(relation == "son-in-law of" for _, relation, *_ in found.relations)

"""PostgreSQL as a second backend: search means the same on both, its index is used, untrusted values are
stored on both, the desk shows the same pages, many writers at once, a server stopped in a batch."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from claimscope import query
from claimscope.query.materialise import refresh
from claimscope.query.search import AVOIDED_SCANS, MARK_START, hits, ranked
from claimscope.records import AnalysedDocument
from claimscope.store import Store, db, state
from claimscope.store.models import AttributionRow, DocumentRow, EntityRow
from tests.conftest import analyse_text, statement_files
from tests.pg import create_database, own_cluster, unavailable

SEARCHES = ["Pokrovsk", "controle", "CONTRÔLE", "Kremlin Poutine", "Pokrov", "porte-parole", "l'armée russe", "zzqx"]


def found(store: Store, words: str) -> set[str]:
    page = query.documents(store, query.DocumentFilter(q=words), limit=200)
    assert page.total == len(page.items)
    return {d.id for d in page.items}


def test_search_finds_the_same_articles_on_both_backends(desk_store: Store, pg_sample: Store) -> None:
    for words in SEARCHES:
        on_sqlite, on_postgresql = found(desk_store, words), found(pg_sample, words)
        assert on_sqlite == on_postgresql, words
    assert found(pg_sample, "Pokrovsk") and found(pg_sample, "controle") == found(pg_sample, "CONTRÔLE")
    assert found(pg_sample, "Pokrov") >= found(pg_sample, "Pokrovsk")  # the last word is a prefix
    best = query.documents(pg_sample, query.DocumentFilter(q="Pokrovsk")).items[0]
    assert best.snippet and MARK_START in best.snippet


def test_postgresql_search_counts_and_ranks_through_its_index(pg_sample: Store) -> None:
    """The count and the page go through the GIN index, narrowed or not, where the planner would
    scan the table (it does on this small store, as for a common word at 100,000 documents, where
    testing each row reads its words out of line), and the rank reads the stored words, not each
    text again."""
    plans: list[str] = []

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if "@@" in statement:  # the search's statements (the cursor's own EXPLAIN fires no event)
            cursor.execute(f"EXPLAIN VERBOSE {statement}", parameters)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))

    words = ["Pokrovsk", "armée"]
    with pg_sample.sessions() as session:
        found = hits(session, words)
        assert found is not None
        planned = "\n".join(session.scalars(text(f"EXPLAIN {literal(session, found[0])}")))
        assert "Seq Scan on documents" in planned, planned
    event.listen(pg_sample.engine, "before_cursor_execute", explain)
    try:
        with pg_sample.sessions() as session:
            alone = ranked(session, words, None, 0, 50)
            narrowed = ranked(session, words, lambda query: query.where(DocumentRow.language == "fr"), 0, 50)
            flagged = ranked(session, words, lambda query: query.where(DocumentRow.flag_count > 0), 0, 50)
            settings = [session.scalar(text(f"SELECT current_setting('{name}')")) for name in AVOIDED_SCANS]
            kept = set(session.scalars(select(DocumentRow.id).where(DocumentRow.flag_count > 0)))
    finally:
        event.remove(pg_sample.engine, "before_cursor_execute", explain)
    assert alone is not None and alone[0] == len(alone[1]) > 0 and narrowed == alone
    assert flagged is not None and 0 < flagged[0] < alone[0] and flagged[1] == [i for i in alone[1] if i in kept]
    assert settings == ["on"] * len(AVOIDED_SCANS)  # put back for the rest of the request
    assert len(plans) == 6 and not any("Seq Scan on public.documents" in plan for plan in plans), plans
    assert all("ix_documents_search_vector" in plan for plan in plans[:2]), plans
    # no row of another index (the flag count's) read one at a time to test its words out of line:
    # at 100,000 documents counting the flagged articles' matches took 397 ms so, 120 through bitmaps
    one_row = r"(?<!Bitmap )Index (Only )?Scan using \w+ on public\.documents"
    assert not any(re.search(one_row, plan) for plan in plans), plans
    assert "ts_rank" in plans[1] and "to_tsvector" not in plans[1], plans[1]


def literal(session: Any, statement: Any) -> str:
    return str(statement.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}))


def test_long_and_nul_values_are_stored_on_both(tmp_path: Path, db_url: str) -> None:
    """SQLite takes any length and NUL; PostgreSQL would refuse both, costing the document."""
    analysed = analyse_text(tmp_path, "« Nous tenons la ville », a déclaré le porte-parole.")
    document = replace(analysed.document, site="s" * 300, title="titre\x00nul")
    store = Store(db_url)
    assert store.save(replace(analysed, document=document))
    [summary] = query.documents(store).items
    assert summary.site == "s" * 255 and summary.title is not None and summary.title.startswith("titre")
    assert query.documents(store, query.DocumentFilter(q="\x00")).total == 0
    assert query.documents(store, query.DocumentFilter(site="a\x00b")).total == 0


def ingest(*args: str) -> subprocess.Popen[str]:
    """`claimscope ingest` in its own process, analysing there (no budget worker: one pipeline loaded)."""
    return subprocess.Popen(
        [sys.executable, "-m", "claimscope.cli", "ingest", "--time-budget", "0", "--memory-budget", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_two_writers_and_a_reader_at_once(tmp_path: Path, fresh_db: Callable[[], str]) -> None:
    """Two ingests of overlapping inputs, as separate processes, on a new database, while a
    reader lists: each document stored once, with its one attribution once, nothing lost."""
    url = fresh_db()
    folder = statement_files(tmp_path, 8)
    files = sorted(folder.iterdir())
    writers = [
        ingest(*map(str, files[:5]), "--db", url),
        ingest(*map(str, files[3:]), "--db", url),
    ]
    seen: list[int] = []
    deadline = time.monotonic() + 300
    while any(w.poll() is None for w in writers) and time.monotonic() < deadline:
        try:
            seen.append(query.documents(Store(url, migrate=False)).total)
        except Exception as exc:  # the tables are not made yet: only that may fail
            assert "no such table" in str(exc) or "does not exist" in str(exc), exc
        time.sleep(0.2)
    outputs = [w.communicate(timeout=max(1, deadline - time.monotonic()))[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    assert seen == sorted(seen)  # the reader never saw a document vanish
    store = Store(url)
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 8
        per_document = session.execute(
            select(AttributionRow.document_id, func.count()).group_by(AttributionRow.document_id)
        )
        assert sorted(n for _, n in per_document) == [1] * 8
    stored = [int(out.split("stored ")[1].split()[0]) for out in outputs]
    assert sum(stored) == 8, outputs


STOPPED_BATCH = 400


def test_a_server_stopped_during_a_batch(tmp_path: Path) -> None:
    """The batch stops with one clear line and exit code 2, keeps what it stored; re-run after the
    restart, it stores the rest, each document once (one-line articles store in a blink: enough of
    them that the server stops while some are still to come)."""
    cluster = own_cluster()  # its own server: the others' connections must not see it stop
    try:
        url, _ = create_database(cluster.url)
        folder = statement_files(tmp_path, STOPPED_BATCH)
        batch = ingest(str(folder), "--db", url)
        store = Store(url)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and batch.poll() is None:
            with store.sessions() as session:
                if session.scalar(select(func.count()).select_from(DocumentRow)):
                    break
            time.sleep(0.1)
        store.engine.dispose()
        cluster.stop()
        output = batch.communicate(timeout=120)[0]
        assert batch.returncode == 2, output
        assert "Traceback" not in output
        assert "run the same command again to resume" in output
        assert "lost its server" in output or "cannot be reached" in output, output
        cluster.restart()
        kept = query.documents(Store(url)).total
        assert 0 < kept < STOPPED_BATCH
        again = ingest(str(folder), "--db", url)
        output = again.communicate(timeout=300)[0]
        assert again.returncode == 0, output
        assert f"{kept} already stored" in output
        store = Store(url)
        with store.sessions() as session:
            assert session.scalar(select(func.count()).select_from(DocumentRow)) == STOPPED_BATCH
            assert session.scalar(select(func.count(func.distinct(AttributionRow.document_id)))) == STOPPED_BATCH
            assert session.scalar(select(func.count()).select_from(AttributionRow)) == STOPPED_BATCH
        store.engine.dispose()
    finally:
        cluster.remove()


ARTICLE_LINK = re.compile(r'href="/articles/([0-9a-f]+)"')
PAGES = [
    "/articles",
    "/articles?q=Pokrovsk",
    "/articles?q=contr%C3%B4le%20russe",
    "/articles/2c5aa0e4e61434052343",
    "/speakers",
    "/speakers/Vladimir%20Putin",
    "/claims",
    "/claims?about=Pokrovsk",
    "/flags",
    "/map",
    "/timeline",
]


def test_the_desk_shows_the_same_pages_on_both_backends(desk_store: Store, pg_sample: Store) -> None:
    from fastapi.testclient import TestClient

    from claimscope.web.app import create_app

    with TestClient(create_app(desk_store)) as sqlite, TestClient(create_app(pg_sample)) as postgresql:
        for page in PAGES:
            on_sqlite, on_postgresql = sqlite.get(page), postgresql.get(page)
            assert on_sqlite.status_code == on_postgresql.status_code == 200, page
            if "q=" in page:  # ranked and cut into snippets each its own way: the same articles
                assert set(ARTICLE_LINK.findall(on_sqlite.text)) == set(ARTICLE_LINK.findall(on_postgresql.text)), page
                assert ARTICLE_LINK.findall(on_sqlite.text), page
            else:
                assert on_sqlite.text == on_postgresql.text, page


def test_a_missing_server_skips_unless_one_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMSCOPE_REQUIRE_PG", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server: no initdb"):
        unavailable("no initdb")
    monkeypatch.setenv("CLAIMSCOPE_REQUIRE_PG", "1")
    with pytest.raises(pytest.fail.Exception, match="CLAIMSCOPE_REQUIRE_PG=1"):
        unavailable("no initdb")


def test_batches_adding_the_same_new_names_in_opposite_orders(
    tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two threads store a batch each, whose documents name the same two new entities in opposite
    orders, each holding its first while it adds its second: on PostgreSQL they deadlock on the
    entities' unique index (the server aborts one after deadlock_timeout, 1 s), and the loser
    must try again; SQLite lets one writer at a time in."""
    analysed = analyse_text(tmp_path, "Emmanuel Macron a reçu Olaf Scholz à Paris, a indiqué l'Élysée.")
    first = analysed.entities[0]
    store = Store(db_url)
    postgresql = store.engine.dialect.name == "postgresql"
    both_hold_one = threading.Barrier(2)
    deadlocks: list[bool] = []

    def seen(exc: OperationalError, real: Callable[[OperationalError], bool] = db.transient) -> bool:
        deadlocks.append(real(exc))
        return deadlocks[-1]

    monkeypatch.setattr(db, "transient", seen)
    waited: set[int] = set()

    @event.listens_for(store.engine, "after_cursor_execute")
    def hold_the_first(*args: object) -> None:
        if postgresql and str(args[2]).startswith("INSERT INTO entities") and threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            with suppress(threading.BrokenBarrierError):
                both_hold_one.wait(timeout=5)

    def named(side: str, name: str) -> tuple[AnalysedDocument, bool]:
        document = replace(analysed.document, id=side.ljust(20, "0"))  # one label: one type, the same rows
        return replace(
            analysed, document=document, entities=[replace(first, name=name)], attributions=[], claims=[]
        ), False

    with ThreadPoolExecutor(2) as pool:
        batches = [[named("a1", "Gauche"), named("a2", "Droite")], [named("b1", "Droite"), named("b2", "Gauche")]]
        saved = list(pool.map(store.save_many, batches))
    assert saved == [[True, True], [True, True]]
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(DocumentRow)) == 4
        assert sorted(session.scalars(select(EntityRow.name))) == ["Droite", "Gauche"]
    assert deadlocks == ([True] if postgresql else [])  # the race did happen, and the loser tried again


def _refresh(url: str, barrier: Any, results: Any) -> None:
    store = Store(url)
    barrier.wait()
    try:
        refresh(store)
        results.put("ok")
    except Exception as exc:  # reported to the test, which shows it
        results.put(f"{type(exc).__name__}: {exc}")


def test_two_writers_refreshing_at_once(db_url: str, seed_analysis: AnalysedDocument) -> None:
    """Two ingests ending together both rebuild the verdicts: on PostgreSQL one must wait for the
    other, or the second inserts the rows the first has just written."""
    import multiprocessing

    store = Store(db_url)
    store.save(seed_analysis)
    context = multiprocessing.get_context("fork")
    for _ in range(3):
        barrier, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_refresh, args=(db_url, barrier, results)) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(120)
        assert [results.get(timeout=5), results.get(timeout=5)] == ["ok", "ok"]
    assert query.propositions(store).total > 0


def test_a_state_row_set_by_two_writers_at_once(db_url: str) -> None:
    """Two refreshes setting the same bookkeeping row (the planner's statistics, the documents
    counted): the second to write finds the row the first has just inserted, and must update it
    (reading first and inserting when missing failed on the store's unique name, in CI)."""
    store = Store(db_url)
    name = "test row"

    @event.listens_for(store.engine, "before_cursor_execute")
    def the_other_writer_first(conn: Any, cursor: Any, statement: str, *args: object) -> None:
        if statement.startswith("INSERT INTO store_state") and not conn.info.get("other"):
            with store.engine.connect() as other:
                other.info["other"] = True
                other.execute(text("INSERT INTO store_state (name, value) VALUES (:n, 1)"), {"n": name})
                other.commit()

    with store.session() as session:
        state.set_state(session, name, 2)
    event.remove(store.engine, "before_cursor_execute", the_other_writer_first)
    with store.sessions() as session:
        assert state.state(session, name) == 2

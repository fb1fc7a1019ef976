"""Build a large store for latency benchmarks from the analysed sample, without re-analysing it.

The documents are variants of the analysed sample (scripts/store_variants.py says how they are
made and why). Rows are written in bulk, the rows `Store.save` writes, a chunk of documents per
transaction (COPY on PostgreSQL, executemany on SQLite), and the materialised tables are
refreshed once at the end, as an ingest of them all in one batch would leave them, on any
database the --db URL names.

    python scripts/make_store.py --shared ../shared --docs 10000 --db sqlite:///build/bench-10k.db
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, event, func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session
from store_variants import ROOT, Variants, sample

from claimscope.query import refresh as materialised
from claimscope.records import AnalysedDocument
from claimscope.store import Store
from claimscope.store.db import without_nul
from claimscope.store.failures import sqlite_file
from claimscope.store.models import AttributionRow, ClaimRow, DocumentRow, EntityRow, MentionRow
from claimscope.store.rows import EntityKey, document_rows
from claimscope.store.state import changed


class BulkWriter:
    """The rows Store.save writes for each document, inserted a chunk of documents at a time."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.sessions() as session:
            self.entities = {
                (n, t): i for i, n, t in session.execute(select(EntityRow.id, EntityRow.name, EntityRow.type))
            }
            self.next_mention = int(session.scalar(select(func.max(MentionRow.id))) or 0) + 1

    def _entity(self, key: EntityKey, new: list[dict[str, object]]) -> int:
        if key not in self.entities:
            self.entities[key] = len(self.entities) + 1
            new.append({"id": self.entities[key], "name": key[0], "type": key[1]})
        return self.entities[key]

    def write(self, chunk: list[AnalysedDocument]) -> None:
        rows: dict[str, list[dict[str, object]]] = defaultdict(list)
        now = datetime.now(UTC)
        for analysed in chunk:
            found = document_rows(analysed, now)
            rows["documents"].append(found.document)
            mentions = found.mention_values(lambda key: self._entity(key, rows["entities"]))
            ids = list(range(self.next_mention, self.next_mention + len(mentions)))
            self.next_mention += len(mentions)
            rows["mentions"] += [{"id": i, **m} for i, m in zip(ids, mentions, strict=True)]
            rows["attributions"] += found.attribution_values(ids, mentions)
            rows["claims"] += found.claims
        with self.store.session() as session:
            for table, model in (
                ("entities", EntityRow),
                ("documents", DocumentRow),
                ("mentions", MentionRow),
                ("attributions", AttributionRow),
                ("claims", ClaimRow),
            ):
                bulk_insert(session, model.__table__, rows[table])
            if session.get_bind().dialect.name == "postgresql":  # ids were given: move the sequences past them
                for table in ("entities", "mentions"):
                    session.execute(
                        sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                    )
            changed(session)


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, object]]) -> None:
    """Rows bound as SQLAlchemy binds them (its type processors: clipped strings, JSON, dates; on
    PostgreSQL the store's NUL replacement), sent the fastest way each database takes many rows:
    COPY on PostgreSQL, one executemany on SQLite. The ORM's insert costs more than the database."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    bound = [(name, table.c[name].type._cached_bind_processor(dialect)) for name in names]
    quote = dialect.identifier_preparer.quote
    into = f"{quote(table.name)} ({', '.join(quote(name) for name in names)})"
    values = (tuple(p(row[n]) if p else row[n] for n, p in bound) for row in rows)
    raw = connection.connection.driver_connection
    if dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {into} FROM STDIN") as copy:
            for value in values:
                copy.write_row(without_nul(value))
    else:
        raw.executemany(f"INSERT INTO {into} VALUES ({', '.join('?' * len(names))})", list(values))


def write(store: Store, variants: Iterator[AnalysedDocument], count: int, chunk: int) -> float:
    """Chunks of documents in bulk, then the refresh an ingest ends with (one batch of them all:
    every verdict, flag and group computed once from every document); seconds taken."""
    started = time.perf_counter()
    writer = BulkWriter(store)
    done = 0
    while done < count:
        batch = list(itertools.islice(variants, min(chunk, count - done)))
        began = time.perf_counter()
        writer.write(batch)
        done += len(batch)
        print(
            f"  {done:>7,} / {count:,} documents: stored {len(batch)} in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
    began = time.perf_counter()
    materialised(store)
    print(f"  refreshed in {time.perf_counter() - began:.1f} s", flush=True)
    return time.perf_counter() - started


def skip_fsync(store: Store) -> None:
    """SQLite only: no fsync per commit while building (a bench store need not survive a power cut).
    Per connection, never stored in the file, so the benchmark reads the store as ingest leaves it."""

    @event.listens_for(store.engine, "connect")
    def _unsynced(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA synchronous=OFF")

    store.engine.dispose()  # the pool's connection from the migration was opened before


def _with_sidecars(path: Path) -> list[Path]:
    """An SQLite file and the journal, WAL and shared-memory files beside it."""
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", "-shm"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument(
        "--db", required=True, help="SQLAlchemy URL of a new store (an SQLite file is replaced when complete)"
    )
    parser.add_argument("--seed", type=int, default=20251201)
    parser.add_argument("--copies", type=float, default=0.1, help="share of variants left as copies of the text")
    parser.add_argument("--chunk", type=int, default=5000, help="documents per transaction")
    parser.add_argument("--fsync", action="store_true", help="SQLite: keep a sync per commit, as ingest does")
    args = parser.parse_args(argv)

    path = sqlite_file(args.db)
    work = path.with_name(path.name + ".part") if path else None  # renamed when complete: make sees no half store
    if work is not None:
        work.parent.mkdir(parents=True, exist_ok=True)
        for stale in _with_sidecars(work):
            stale.unlink(missing_ok=True)
    originals = sample(args.shared)
    started = time.perf_counter()
    variants = Variants(originals, args.seed, args.copies)
    print(
        f"variants: {len(variants.places)} front-line places, {len(variants.sites)} sites "
        f"({time.perf_counter() - started:.1f} s to load the gazetteer)"
    )
    store = Store(f"sqlite:///{work}" if work else args.db)
    if work is not None and not args.fsync:
        skip_fsync(store)
    print(f"writing {args.docs:,} documents to {args.db}")
    seconds = write(store, iter(variants), args.docs, args.chunk)
    print(f"stored and refreshed {args.docs:,} documents in {seconds:.1f} s ({args.docs / seconds:.0f} docs/s)")
    store.engine.dispose()
    if path is not None and work is not None:
        for stale in _with_sidecars(path)[1:]:  # an old store's WAL must never meet the new file
            stale.unlink(missing_ok=True)
        work.replace(path)
        print(f"store: {path} is {os.path.getsize(path) / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

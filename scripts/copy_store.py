"""Copy a store into another database as it is, every table row for row.

Why: a benchmark store's verdicts, flags and groups take the longest to build (scripts/make_store.py
computes them from every document), and the refresh computes the same tables on every database.
Built once on SQLite, the store is then copied to PostgreSQL to time the same reads there.
Rows are read through the models' types and written as make_store writes them (COPY on
PostgreSQL); the sequences of the id columns are moved past the copied ids.

    python scripts/copy_store.py sqlite:///build/bench-100k.db postgresql+psycopg://…/bench
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time

from make_store import bulk_insert
from sqlalchemy import Integer, delete, select
from sqlalchemy import text as sql

from claimscope.store import Store
from claimscope.store.models import Base

BATCH = 20_000  # rows a COPY (or an executemany)


def copy(source: Store, target: Store) -> None:
    """Every table of ``source`` into ``target`` (a new store: what it holds is replaced), in one
    transaction, parents before children."""
    tables = Base.metadata.sorted_tables
    with source.sessions() as reading, target.session() as writing:
        for table in reversed(tables):
            writing.execute(delete(table))
        for table in tables:
            started = time.perf_counter()
            rows = reading.execute(select(table).execution_options(yield_per=BATCH)).mappings()
            count = 0
            while batch := list(itertools.islice(rows, BATCH)):
                bulk_insert(writing, table, batch)
                count += len(batch)
            id_column = table.c.get("id")
            if (
                writing.get_bind().dialect.name == "postgresql"
                and id_column is not None
                and isinstance(id_column.type, Integer)
            ):
                writing.execute(
                    sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table.name}), 1), "
                        f"(SELECT max(id) FROM {table.name}) IS NOT NULL)"
                    )
                )
            print(f"  {table.name}: {count:,} rows in {time.perf_counter() - started:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="SQLAlchemy URL of the store to copy")
    parser.add_argument("target", help="SQLAlchemy URL of a new store")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    copy(Store(args.source), Store(args.target))
    print(f"copied {args.source} to {args.target} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

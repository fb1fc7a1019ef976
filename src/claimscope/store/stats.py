"""What a store holds, for `claimscope db stats`: backend, schema revision, counts, dates, size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection

from claimscope.store.db import Store, head_revision
from claimscope.store.failures import sqlite_file
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    DocumentRow,
    FlagRow,
    ProblemRow,
    PropositionRow,
)

COUNTED = {
    "documents": DocumentRow,
    "attributions": AttributionRow,
    "claims": ClaimRow,
    "propositions": PropositionRow,
    "flags": FlagRow,
    "problems": ProblemRow,
}


@dataclass(frozen=True)
class StoreStats:
    backend: str  # e.g. "PostgreSQL 15.18", "SQLite 3.40.1"
    revision: str | None  # None: a database claimscope has not migrated yet
    head: str
    counts: dict[str, int]
    first: date | None
    last: date | None
    undated: int
    size: int | None  # bytes; None when the database does not say


def backend(connection: Connection) -> str:
    dialect = connection.dialect
    version = ".".join(str(part) for part in (dialect.server_version_info or ()))
    name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(dialect.name, dialect.name)
    return f"{name} {version}".strip()


def size(store: Store, connection: Connection) -> int | None:
    """Bytes the database takes: a SQLite file with its write-ahead log, or pg_database_size."""
    if connection.dialect.name == "postgresql":
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    path = sqlite_file(store.engine.url.render_as_string(hide_password=False))
    if path is not None and path.name != ":memory:":
        return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.is_file())
    return None


def store_stats(store: Store) -> StoreStats:
    with store.engine.connect() as connection:
        counts = {
            name: int(connection.scalar(select(func.count()).select_from(row)) or 0) for name, row in COUNTED.items()
        }
        first, last, undated = connection.execute(
            select(
                func.min(DocumentRow.published),
                func.max(DocumentRow.published),
                func.count().filter(DocumentRow.published.is_(None)),
            )
        ).one()
        return StoreStats(
            backend=backend(connection),
            revision=store.revision(),
            head=head_revision(),
            counts=counts,
            first=first,
            last=last,
            undated=int(undated or 0),
            size=size(store, connection),
        )

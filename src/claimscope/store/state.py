"""The store's counters and locks: the change count that derived tables compare against (and
when it last moved), the advisory locks that let one process migrate or refresh at a time, and
when the query planner's statistics were last gathered."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, false, func, select, text, update
from sqlalchemy.orm import Session

from claimscope.store.models import Base, DocumentRow, StateRow

CHANGES = "changes"  # bumped by every stored document or knowledge import: derived tables compare against it
CHANGED_AT = "changed_at"  # when (Unix time) the last change was made
MIGRATION_LOCK = 0x636C61696D73  # PostgreSQL advisory lock keys: held while migrating, while refreshing
REFRESH_LOCK = MIGRATION_LOCK + 1


def changed(session: Session) -> None:
    """Count one more change and note its time (upserts that concurrent writers can all make)."""
    _upsert(session, CHANGES, 1, StateRow.value + 1)
    set_state(session, CHANGED_AT, int(time.time()))


def state(session: Session, name: str) -> int:
    return int(session.scalar(select(StateRow.value).where(StateRow.name == name)) or 0)


def set_state(session: Session, name: str, value: int) -> None:
    _upsert(session, name, value, value)


def _upsert(session: Session, name: str, first: int, then: Any) -> None:
    upsert(session, StateRow, {"name": name, "value": first}, {"value": then})


def upsert(session: Session, table: type[Base], values: dict[str, Any], then: dict[str, Any]) -> None:
    """A row inserted with ``values``, or set to ``then`` where its primary key is taken, in one
    statement, so that writers setting the same row at once all succeed: reading it first and
    inserting it when missing let two refreshes insert it both (SQLite reads outside the write
    transaction)."""
    from sqlalchemy.dialects import postgresql, sqlite  # here: a read-only command spares the import

    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    keys = [column.name for column in table.__table__.primary_key]
    session.execute(insert(table).values(**values).on_conflict_do_update(index_elements=keys, set_=then))


ANALYSED = "analysed documents"  # the store's size when the planner's statistics were last gathered
ANALYSE_GROWTH = 2  # gathered again when the store has grown this many times over


def planner_statistics(session: Session) -> bool:
    """The query planner's statistics gathered again once the store has grown ANALYSE_GROWTH times
    over since they last were (or never were); says whether they were. SQLite has none until
    ANALYZE, and without them chose the index of a claim's type (110,000 meeting claims) over the
    one of its key (400) to read one meeting: 0.9 s instead of 8 ms a key at 100,000 documents.
    PostgreSQL's own (autovacuum) lag behind a stream's bulk inserts. 2 s at 100,000 documents."""
    documents = int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0)
    if documents < ANALYSE_GROWTH * state(session, ANALYSED) or not documents:
        return False
    session.execute(text("ANALYZE"))
    set_state(session, ANALYSED, documents)
    return True


def take_writer(session: Session) -> None:
    """SQLite: this transaction takes the database's one writer now (a write that changes nothing),
    so that no other writer commits before it ends what it reads next (SQLite reads outside a
    transaction until the first write); PostgreSQL lets writers in side by side (`exclusive`)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(StateRow).where(false()).values(value=StateRow.value))


def exclusive(on: Connection | Session, key: int) -> None:
    """Until the transaction ends, be the only one holding ``key`` (others wait): PostgreSQL lets
    writers in side by side, where SQLite lets one writer at a time in (there this does nothing)."""
    dialect = on.get_bind().dialect if isinstance(on, Session) else on.dialect
    if dialect.name == "postgresql":
        on.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

"""Opening a store, migrating its schema, saving and reading analysed documents."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from claimscope.records import AnalysedDocument, Document, KbEntity, KbFact, Problem
from claimscope.store.convert import (
    kb_entity_record,
    kb_entity_row,
    kb_fact_record,
    kb_fact_row,
)
from claimscope.store.failures import explain, is_locked, is_read_only, known, seconds_waited, where
from claimscope.store.models import (
    AttributionRow,
    ClaimRow,
    DocumentRow,
    EntityRow,
    KbEntityRow,
    KbFactRow,
    MentionRow,
    ProblemRow,
    StateRow,
)
from claimscope.store.replaced import note_replaced
from claimscope.store.rows import EntityKey, document_rows
from claimscope.store.state import MIGRATION_LOCK, changed, exclusive
from claimscope.store.urls import known_url, note_url

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///claimscope.db"
T = TypeVar("T")


MIGRATE_ATTEMPTS = 8  # about 6 s of waiting for another process's migration
SAVE_ATTEMPTS = 4  # a document's transaction, run again after a lost race or a deadlock
TRANSIENT_STATES = {"40P01", "40001"}  # PostgreSQL: deadlock detected, could not serialize access
NAMES_PER_QUERY = 500  # names in one IN (...), well under every database's limit on parameters
ENTITIES_FOUND = "claimscope.entities"  # a session's entity ids by (name, type), in its ``info``


class StoreError(RuntimeError):
    """The database cannot be opened or migrated; the message says what to do."""


def retried(exc: OperationalError, dialect: str) -> bool:
    """Two processes creating one new SQLite database race (locked, or a table made meanwhile): the
    loser tries again; a read-only or unopenable file stays so. PostgreSQL's migrations queue on a
    lock instead: only a lock timeout is worth another try (a server that is down stays down)."""
    if dialect != "sqlite":
        return is_locked(exc)
    return not is_read_only(exc) and "unable to open" not in str(exc.orig).lower()


def transient(exc: OperationalError) -> bool:
    """A deadlock or serialisation failure: the server rolled the transaction back; it may be run again."""
    return getattr(exc.orig, "sqlstate", None) in TRANSIENT_STATES


def alembic_config() -> Config:
    from alembic.config import Config  # alembic loads when a store is opened, not with every command

    config = Config()
    config.set_main_option("script_location", str(resources.files("claimscope.store") / "migrations"))
    return config


@cache
def head_revision() -> str:
    """The latest migration's revision, read from the migration files' names ("0006_….py" is
    revision 0006; tests/test_store_and_cli.py checks it against alembic's own head): opening a
    store whose schema is current needs neither alembic nor its scripts (0.1–0.2 s of every
    command's start-up)."""
    versions = resources.files("claimscope.store") / "migrations" / "versions"
    return max(entry.name[:4] for entry in versions.iterdir() if entry.name[:4].isdigit())


BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another before the database counts as locked


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    """The desk reads while ingest writes: readers never wait for a writer (WAL), and a writer
    waits for another writer instead of failing at once."""
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
    with suppress(sqlite3.OperationalError):  # read-only, or locked by another: it keeps its mode, reads may work
        cursor.execute("PRAGMA journal_mode = WAL")  # a no-op for in-memory databases
    cursor.close()


def _entity_ids(session: Session, known: dict[EntityKey, int], keys: set[EntityKey]) -> None:
    """The ids of these entities added to ``known``, each looked up once and added if new."""
    wanted = keys - known.keys()
    names = sorted({name for name, _ in wanted})
    for first in range(0, len(names), NAMES_PER_QUERY):
        for entity_id, name, type_ in session.execute(
            select(EntityRow.id, EntityRow.name, EntityRow.type).where(
                EntityRow.name.in_(names[first : first + NAMES_PER_QUERY])
            )
        ):
            if (name, type_) in wanted:
                known[(name, type_)] = entity_id
    new = sorted(wanted - known.keys())
    if new:
        returning = insert(EntityRow).returning(EntityRow.id, sort_by_parameter_order=True)
        ids = session.scalars(returning, [{"name": name, "type": type_} for name, type_ in new])
        known.update(zip(new, ids, strict=True))


def without_nul(value: Any) -> Any:
    """A statement's parameters with NUL characters as U+FFFD, which nothing stored contains."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {key: without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(without_nul(item) for item in value)
    return value


def _postgresql_text(*args: Any) -> tuple[str, Any]:
    """PostgreSQL refuses NUL in text where SQLite takes it: a search, a name or a filter from a
    user with one matches nothing, and a text with one is stored with U+FFFD, not refused."""
    statement, parameters = args[2], args[3]
    return statement, without_nul(parameters)


class Store:
    def __init__(self, url: str = DEFAULT_URL, migrate: bool = True):
        try:
            # a server may restart under a long-running desk: a pooled connection is checked before use
            self.engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"no database driver for {url.split(':', 1)[0]!r} ({exc.name} is not installed); "
                "for PostgreSQL use a postgresql+psycopg:// URL"
            ) from exc
        except Exception as exc:  # the URL as a person names it: never its password
            hint = "; write postgresql+psycopg://USER:PASSWORD@HOST:5432/NAME" if url.startswith("postgres:") else ""
            if not hint and isinstance(exc, NoSuchModuleError):  # "sqllite:///…"
                hint = "; claimscope opens sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST:5432/NAME"
            raise StoreError(f"cannot open database {where(url)!r}: {exc}{hint}") from exc
        if self.engine.dialect.name != "sqlite" and not self.engine.url.database:
            # the server's default database: a read-only command would create the schema there
            raise StoreError(f"'{where(url)}' names no database; add its name: {where(url).rstrip('/')}/claimscope")
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if self.engine.dialect.name == "postgresql":
            event.listen(self.engine, "before_cursor_execute", _postgresql_text, retval=True)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        """Bring the schema to the latest revision (idempotent). Two processes opening one new
        SQLite file race on creating it: the loser finds the database locked or a table made,
        waits, and tries again, to find the schema at its latest. On PostgreSQL the migration
        holds a lock for its transaction: a second process waits, then finds nothing to do."""
        if self.revision() == head_revision():
            return
        from alembic import command

        config = alembic_config()
        for attempt in range(MIGRATE_ATTEMPTS):
            try:
                with self.engine.begin() as connection:
                    exclusive(connection, MIGRATION_LOCK)
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                return
            except OperationalError as exc:
                if attempt + 1 == MIGRATE_ATTEMPTS or not retried(exc, self.engine.dialect.name):
                    raise StoreError(self.explain(exc)) from exc
                time.sleep(0.2 * (attempt + 1))
            except Exception as exc:
                raise StoreError(self.explain(exc)) from exc

    def revision(self) -> str | None:
        """The schema revision stored in the database, or None for a new (or unreadable) one."""
        try:
            with self.engine.connect() as connection:
                found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None  # no schema yet, or a database migrate() will explain
        return str(found) if found is not None else None

    def explain(self, exc: BaseException) -> str:
        """One line for a database error: which database, what happened, what to do."""
        wait = seconds_waited(exc, BUSY_TIMEOUT_MS / 1000)
        return explain(exc, self.engine.url.render_as_string(hide_password=True), wait)

    def failure(self, exc: BaseException) -> tuple[str, str] | None:
        """What happened to the database, in words that follow "the database", and what to do,
        where ``exc`` is a known state of it (locked, read-only, its server gone...); None for a
        fault. The driver's words and the database's place are left out (`explain` has them)."""
        return known(exc, seconds_waited(exc, BUSY_TIMEOUT_MS / 1000))

    def check_writable(self) -> None:
        """Before a batch: raise the driver's error (OperationalError) if nothing can be stored, the
        database being read-only or held by another writer past the busy timeout. A row is written
        and rolled back, which is what tells a read-only file apart (SQLite begins a transaction
        on one without complaint)."""
        with self.engine.connect() as connection, connection.begin() as transaction:
            connection.execute(insert(StateRow).values(name="write check", value=0))
            transaction.rollback()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session

    @property
    def side_by_side(self) -> bool:
        """Writers go side by side (PostgreSQL), not one at a time (SQLite)."""
        return self.engine.dialect.name == "postgresql"

    def holds(self, doc: Document, note: bool = True) -> bool:
        """The text of ``doc`` is stored already; its URLs (where it was found, and where a list
        or feed said it was), if others, are noted (`knows_url`) unless ``note`` is False. A writer
        holding the database leaves them unnoted, to be fetched once more."""
        with self.sessions() as session:
            stored = session.get(DocumentRow, doc.id)
            if stored is None or not note:
                return stored is not None
            unknown = [url for url in (doc.url, doc.listed_url) if url and not known_url(session, url)]
            if not unknown:
                return True
        try:
            with self.session() as session:
                for url in unknown:
                    note_url(session, url, doc.id)
        except (IntegrityError, OperationalError) as exc:  # noted by another writer, or held by one
            if isinstance(exc, OperationalError) and not (is_locked(exc) or transient(exc)):
                raise
        return True

    def knows_url(self, url: str) -> bool:
        """A document with this (canonical) URL is stored, or its text under another URL: its page
        is not fetched again."""
        with self.sessions() as session:
            return known_url(session, url)

    def save(self, analysed: AnalysedDocument, replace: bool = False) -> bool:
        """Store a document and what was found in it; False if it was already stored (unless
        ``replace``: then what was found before is replaced, in one transaction)."""
        return self._retried(lambda: self._insert(analysed, replace))

    def save_many(self, batch: Sequence[tuple[AnalysedDocument, bool]]) -> list[bool]:
        """Store (document, replace) pairs in one transaction, each as `save` would (False: already
        stored): a transaction a document costs more than the document's rows. All or nothing: on
        an error none is stored and it is raised, and the caller saves them one by one with `save`."""

        def transaction() -> list[bool]:
            with self.session() as session:
                saved = [self._insert(analysed, replace, session) for analysed, replace in batch]
                if any(saved):
                    changed(session)  # once a transaction: readers compare the count, they do not add it up
                return saved

        return self._retried(transaction)

    def _retried(self, transaction: Callable[[], T]) -> T:
        """A transaction run again after a lost race: two writers storing the same document or
        entity (the loser's transaction is rolled back, and then finds what the winner stored), or
        a deadlock (on PostgreSQL two batches adding the same new entities in opposite orders: the
        server aborts one). New entities are added in order within a document, not across a batch."""
        for _ in range(SAVE_ATTEMPTS - 1):
            try:
                return transaction()
            except (IntegrityError, OperationalError) as exc:
                if not (isinstance(exc, IntegrityError) or transient(exc)):
                    raise
        return transaction()

    @contextmanager
    def _joined(self, session: Session | None) -> Iterator[Session]:
        """``session`` (a batch's transaction, committed by its owner), else a transaction of its own."""
        if session is not None:
            yield session
            return
        with self.session() as own:
            yield own

    def _insert(self, analysed: AnalysedDocument, replace: bool = False, batch: Session | None = None) -> bool:
        doc = analysed.document
        with self._joined(batch) as session:
            existing = session.get(DocumentRow, doc.id)
            flags = 0
            if existing is not None:
                if not replace:
                    return False
                note_replaced(session, doc.id)  # for the next refresh: its old rows go now
                flags = existing.flag_count  # its flags stay until the refresh takes it in: counted as they are
                session.delete(existing)
                session.flush()
            rows = document_rows(analysed, datetime.now(UTC))
            rows.document["flag_count"] = flags
            session.execute(insert(DocumentRow), [rows.document])
            if doc.listed_url and not known_url(session, doc.listed_url):  # a redirect's first URL: the same page
                note_url(session, doc.listed_url, doc.id)
            # found once a transaction: a batch's documents name the same places and people
            entities: dict[EntityKey, int] = session.info.setdefault(ENTITIES_FOUND, {})
            _entity_ids(session, entities, rows.entity_keys())
            mentions = rows.mention_values(entities.__getitem__)
            mention_ids: list[int] = []
            if mentions:
                returning = insert(MentionRow).returning(MentionRow.id, sort_by_parameter_order=True)
                mention_ids = list(session.scalars(returning, mentions))
            attributions = rows.attribution_values(mention_ids, mentions)
            for model, values in ((AttributionRow, attributions), (ClaimRow, rows.claims)):
                if values:
                    session.execute(insert(model), values)
            if batch is None:  # a batch counts its change once (`save_many`)
                changed(session)
        return True

    def record_problem(self, problem: Problem) -> None:
        """Remember a skipped input once (re-running a batch does not repeat it)."""
        with self.session() as session:
            seen = session.scalar(
                select(ProblemRow.id).where(ProblemRow.source == problem.source, ProblemRow.reason == problem.reason)
            )
            if seen is not None:
                return
            session.add(ProblemRow(source=problem.source, reason=problem.reason, seen_at=datetime.now(UTC)))

    # -- claims and knowledge -------------------------------------------------------------
    def claim_documents(self) -> int:
        """How many stored documents have claims."""
        with self.sessions() as session:
            return int(session.scalar(select(func.count(func.distinct(ClaimRow.document_id)))) or 0)

    def claim_count(self) -> int:
        with self.sessions() as session:
            return int(session.scalar(select(func.count(ClaimRow.id))) or 0)

    def add_knowledge(self, items: Iterator[KbEntity | KbFact]) -> tuple[int, int]:
        """Store imported entities and facts once each; (added, already known)."""
        added = known = 0
        with self.session() as session:
            for item in items:
                if isinstance(item, KbFact):
                    exists = session.scalar(
                        select(KbFactRow.id).where(
                            KbFactRow.subject == item.subject[:400],
                            KbFactRow.relation == item.relation,
                            KbFactRow.object == item.object[:400],
                            KbFactRow.start.is_(None) if item.start is None else KbFactRow.start == item.start,
                        )
                    )
                    row: KbFactRow | KbEntityRow = kb_fact_row(item)
                else:
                    exists = session.scalar(
                        select(KbEntityRow.id).where(KbEntityRow.name == item.name[:400], KbEntityRow.type == item.type)
                    )
                    row = kb_entity_row(item)
                if exists is not None:
                    known += 1
                    continue
                session.add(row)
                session.flush()
                added += 1
            if added:
                changed(session)  # verdicts and flags read the knowledge: they must be recomputed
        return added, known

    def knowledge(self) -> list[KbEntity | KbFact]:
        """Everything imported with `kb import`."""
        with self.sessions() as session:
            entities: list[KbEntity | KbFact] = [kb_entity_record(r) for r in session.scalars(select(KbEntityRow))]
            return entities + [kb_fact_record(r) for r in session.scalars(select(KbFactRow))]

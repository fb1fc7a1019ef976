"""Verdicts and flags across sources, kept in tables so that reads never recompute them.

Every stored document bumps the store's change counter and is stored as not yet materialised;
`refresh` brings the tables up to date and records which change they reflect. Ingest refreshes at
the end of a batch; a reader finding the tables stale (a writer that did not refresh, a store from
before this table existed) refreshes once before reading.

A refresh is incremental (claimscope.query.incremental: only what the new documents touch is
recomputed) unless the knowledge or the rules (RULES_VERSION) changed or the new documents are a
large share of the store: then every verdict, flag and dispatch group is recomputed from every
stored claim, which also finds rewrites of a dispatch (they need the whole collection's word frequencies).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from claimscope.beside import NICENESS, apart
from claimscope.collector import collector_paused
from claimscope.query.knowledge import store_knowledge
from claimscope.query.tables import (
    Pending,
    count_flags,
    listed,
    pid,
)
from claimscope.store import Store
from claimscope.store.failures import is_locked, is_read_only, sqlite_file, waiting_for_writer
from claimscope.store.models import (
    DocumentRow,
    KbEntityRow,
    KbFactRow,
)
from claimscope.store.state import (
    CHANGED_AT,
    CHANGES,
    REFRESH_LOCK,
    exclusive,
    planner_statistics,
    set_state,
    state,
    take_writer,
)

__all__ = ["ensure_fresh", "is_stale", "pid", "refresh"]

log = logging.getLogger(__name__)
MATERIALISED = "materialised"  # the change count the tables reflect
KNOWLEDGE = "materialised knowledge"  # how many imported entities and facts they were computed with
RULES = "materialised rules"  # the version of the rules they were computed with
# raised when verdicts, flags or groups are computed otherwise, so that a store's next refresh
# recomputes everything once (2 was written for a while by the month rule of meetings; 3: sources
# counted as claims.independence says, not closed transitively; 4: a meeting merged into the day
# a day apart that more dated reports give, `claims.same_meeting`)
RULES_VERSION = 4
QUIET_SECONDS = 30  # how long after the last write readers may refresh stale tables themselves
FULL_SHARE = 0.1  # new documents making this share of the store: recompute everything
# stores from which a batch (`watch`'s polls, an upload to the desk) and the desk's server refresh in
# a process of its own: what a refresh holds grows with the store (1.4 GiB at 100,000 documents)
# and would stay with a process that goes on after it, where a new interpreter costs under a second
APART_DOCUMENTS = 10_000


def is_stale(store: Store) -> bool:
    with store.sessions() as session:
        return _behind(session)


def _behind(session: Session) -> bool:
    """New documents since the last refresh, or tables computed with older rules."""
    materialised = state(session, MATERIALISED)
    return materialised != state(session, CHANGES) or _older(session)


def _older(session: Session) -> bool:
    """Tables computed with older rules (a store never refreshed has none)."""
    return bool(state(session, MATERIALISED)) and state(session, RULES) != RULES_VERSION


def _due(store: Store) -> bool:
    """Stale, and no writer has stored anything for QUIET_SECONDS: a writer at work (an ingest
    refreshes when it ends) is not raced by readers, which meanwhile read the last tables (and
    are told so once: the writer may as well be an ingest interrupted a moment ago)."""
    with store.sessions() as session:
        if not _behind(session):
            return False
        quiet = time.time() - state(session, CHANGED_AT)
    if quiet < QUIET_SECONDS and store not in _told:
        _told.add(store)
        log.warning(
            "note: verdicts, flags and speaker counts are read as last refreshed, without what was "
            "stored %d s ago (an ingest or knowledge import at work, or one interrupted): it is "
            "taken in once nothing has been stored for %d s, or now with `claimscope db refresh`",
            quiet,
            QUIET_SECONDS,
        )
    return quiet >= QUIET_SECONDS


_told: weakref.WeakSet[Store] = weakref.WeakSet()  # stores whose readers were told their tables lag a writer


# one refresh at a time in a process (in it or in a process of its own); the others then find it
# fresh; re-entrant: the desk's refresh holds it and refreshes elsewhere, which takes it too
_refreshing = threading.RLock()
_apart: weakref.WeakSet[Store] = weakref.WeakSet()  # stores whose readers refresh beside their reads


def refresh_apart(store: Store) -> None:
    """Readers of ``store`` (the desk's requests) that find the tables stale start a refresh beside
    them and read the last tables meanwhile: at 100,000 documents a refresh takes minutes (a full
    one after a knowledge import, half an hour), longer than any request may wait."""
    _apart.add(store)


def ensure_fresh(store: Store) -> None:
    """Refresh before reading when the tables are stale and no writer is at work (beside the read,
    for a store given to `refresh_apart`); over a database that cannot be written, read the
    tables as they were last refreshed (and say so)."""
    if store in _apart:
        if time.monotonic() - _failed.get(store, -RETRY_SECONDS) >= RETRY_SECONDS and _due(store):
            threading.Thread(target=_refresh_apart, args=(store,), name=REFRESHER, daemon=True).start()
        return
    if _due(store):
        with _refreshing:
            _refresh_when_due(store)


REFRESHER = "claimscope refresh"  # the background refresh's thread
RETRY_SECONDS = 300  # after a background refresh failed, readers leave it this long before trying again
_failed: weakref.WeakKeyDictionary[Store, float] = weakref.WeakKeyDictionary()


def _refresh_apart(store: Store) -> None:
    if not _refreshing.acquire(blocking=False):
        return  # another thread is refreshing: its readers find the tables fresh when it is done
    try:
        _refresh_when_due(store, elsewhere=True)
    except Exception:  # a thread's error reaches no reader: logged, and tried again later
        _failed[store] = time.monotonic()
        log.exception("note: verdicts and flags could not be refreshed; read as last refreshed, tried again later")
    finally:
        _refreshing.release()


def _refresh_when_due(store: Store, elsewhere: bool = False) -> None:
    """A reader's refresh of stale tables; ``elsewhere``: beside the server's requests, which go
    first, in a process of its own if the store is large (`worth_a_process`)."""
    if not _due(store):
        return
    try:
        if elsewhere and worth_a_process(store):
            refresh_elsewhere(store, FULL_SHARE, 0.0, lowered=True)  # a locked database is tried later
        else:
            _refresh(store, None)
    except OperationalError as exc:
        why = "read-only" if is_read_only(exc) else "locked by another writer" if is_locked(exc) else ""
        if not why:
            raise
        _failed[store] = time.monotonic()
        log.warning(
            "note: the database is %s: verdicts, flags and speaker counts are read as they were "
            "last refreshed, before its latest documents",
            why,
        )


def worth_a_process(store: Store) -> bool:
    """Whether a refresh of ``store`` runs in a process of its own (`refresh_elsewhere`): one that
    holds APART_DOCUMENTS documents or more, in a database another process can open."""
    if _in_memory(store):
        return False
    with store.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0) >= APART_DOCUMENTS


def refresh_elsewhere(store: Store, share: float, writer_wait: float | None, lowered: bool) -> None:
    """`refresh` of ``store`` in a process of its own (`claimscope.beside.apart`), this thread
    waiting for it: its memory goes back to the system when it ends, and it shares no interpreter
    lock with what this process goes on doing. ``lowered``: at a lower priority (`beside.NICENESS`)
    where writers go side by side (PostgreSQL), so that what goes on beside it goes first; not on
    SQLite, whose one writer it is until it ends. What it raises is raised here. One at a time in a
    process, as in it (an upload's refresh waits for the desk's)."""
    with _refreshing:
        apart(refresh_at, _url(store), share, writer_wait, niceness=NICENESS if lowered and store.side_by_side else 0)
    if not store.side_by_side:  # SQLite reads planner statistics as a connection opens: the pooled
        store.engine.dispose()  # ones open again, to read what it gathered


def refresh_at(url: str, share: float, writer_wait: float | None) -> None:
    """The refresh that `refresh_elsewhere` runs in a process of its own, of the store at ``url``."""
    store = Store(url, migrate=False)
    waiting_for_writer(lambda: refresh(store, share=share), writer_wait)


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def _in_memory(store: Store) -> bool:
    """An in-memory SQLite database, whose connections are the database: no other process opens it."""
    if store.engine.dialect.name != "sqlite":
        return False
    path = sqlite_file(_url(store))
    return path is None or path.name == ":memory:" or store.engine.url.query.get("mode") == "memory"


class Refreshed(NamedTuple):
    documents: int  # new documents taken in
    whole: bool  # recomputed from every stored claim


def refresh(store: Store, full: bool | None = None, share: float = FULL_SHARE) -> Refreshed:
    """Bring verdicts, flags and dispatch groups up to date, in one transaction (what a writer
    does when it is done): recompute everything with ``full``, only what the new documents touch
    without it (``None``: everything when the knowledge changed or the new documents make
    ``share`` of the store; a stream refreshing as it goes passes 1, so that its memory never
    grows with the store). Tables computed with older rules are recomputed whole in any case.
    Says how many new documents it took in, and whether it recomputed all."""
    with _refreshing, collector_paused():  # half a million claims and stances held: 30 s of 112 collecting
        return _refresh(store, full, share)


def _knowledge(session: Session) -> int:
    entities = session.scalar(select(func.count()).select_from(KbEntityRow)) or 0
    return int(entities) + int(session.scalar(select(func.count()).select_from(KbFactRow)) or 0)


def _refresh(store: Store, full: bool | None, share: float = FULL_SHARE) -> Refreshed:
    with store.sessions() as session:
        waiting = len(_pending(session))
        older = _older(session)
        if full is None:
            stored = int(session.scalar(select(func.count()).select_from(DocumentRow)) or 0)
            same = state(session, KNOWLEDGE) == _knowledge(session)
            full = not same or waiting >= share * stored
        full = full or older  # tables of older rules are never brought up to date piecemeal
    from claimscope.query.incremental import refresh_touched
    from claimscope.query.rebuild import rebuild

    with store.session() as session:
        exclusive(session, REFRESH_LOCK)  # two refreshing processes: the second takes in what is left
        changes = state(session, CHANGES)
        taking = _pending(session)  # before the documents read: one stored between is taken in next time
        if not full:  # SQLite listed them outside a transaction: a refresh beside may have taken them in since
            take_writer(session)  # (a full one recomputes all, and its reading would hold the one writer)
            taking = _still_pending(session, taking)
        if full:
            rebuild(session, store_knowledge(store), taking)
        else:
            refresh_touched(session, store_knowledge(store), taking)
        count_flags(session, None if full else taking)  # only the new documents' flags were written
        _done(session, changes, taking)
    with store.session() as session:
        gathered = planner_statistics(session)
    if gathered and store.engine.dialect.name == "sqlite" and not _in_memory(store):
        # SQLite reads statistics as a connection opens: pooled ones plan without (an in-memory
        # database's one connection is the database: it stays)
        store.engine.dispose()
    return Refreshed(len(taking), full)


def _pending(session: Session) -> dict[str, datetime]:
    """The documents stored since the tables were last refreshed, with when each was stored."""
    query = select(DocumentRow.id, DocumentRow.ingested_at).where(DocumentRow.materialised.is_(False))
    return {doc_id: stored for doc_id, stored in session.execute(query)}


def _still_pending(session: Session, taking: Pending) -> dict[str, datetime]:
    """Those of ``taking`` not taken in since, as they were listed (what `_done` marks)."""
    query = select(DocumentRow.id, DocumentRow.ingested_at).where(listed(session, taking))
    return {doc_id: stored for doc_id, stored in session.execute(query.where(DocumentRow.materialised.is_(False)))}


def _done(session: Session, changes: int, counted: Pending) -> None:
    """The documents now counted (not a version of one stored again since they were listed, which
    the next refresh takes in), and the change, knowledge and rules the tables reflect."""
    session.execute(update(DocumentRow).where(listed(session, counted)).values(materialised=True))
    for name, value in ((MATERIALISED, changes), (KNOWLEDGE, _knowledge(session)), (RULES, RULES_VERSION)):
        set_state(session, name, value)

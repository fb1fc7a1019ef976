"""What the watch command remembers of each feed between polls (and across restarts): its
validators, and the items whose page its server said was not there.

A page that is not there may come (a feed listing an article minutes before its page is live) or
be gone for good. It is asked for again an hour after it first went, then after as long as it has
been gone (1 h, 1 h, 2 h, 4 h...), a day apart at most: a late page is stored when it comes, and a
removed one costs a request a day or less; one that comes, or is not asked for in FORGOTTEN, is
forgotten. While it went less than RECENT ago, its feed is read whole at each poll (not asked for
conditionally), so that the page is asked for again even when the feed does not change. Writes
wait for another writer holding the database, as saves do.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from claimscope.records import Absence
from claimscope.store.db import Store
from claimscope.store.failures import waiting_for_writer
from claimscope.store.models import FeedPollRow, GonePageRow
from claimscope.store.state import upsert

GONE_RETRY = timedelta(hours=1)  # the first wait before a gone page is asked for again
GONE_MOST = timedelta(days=1)  # the longest
RECENT = timedelta(days=1)  # a page gone for less keeps its feed from being cached
FORGOTTEN = timedelta(days=30)  # a gone page no feed has listed for this long is forgotten


class FeedPolls:
    """The store's memory of feeds (`claimscope.ingest.remote.FeedMemory`): validators, last poll, gone pages."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def validators(self, url: str) -> tuple[str | None, str | None]:
        with self.store.sessions() as session:
            row = session.get(FeedPollRow, url)
            return (row.etag, row.last_modified) if row else (None, None)

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        values = {"etag": etag, "last_modified": last_modified, "polled_at": _now()}
        self._write(lambda session: upsert(session, FeedPollRow, {"url": url, **values}, values))

    def absence(self, url: str) -> Absence | None:
        """The page at ``url`` as remembered gone, or None."""
        with self.store.sessions() as session:
            row = session.get(GonePageRow, url)
        if row is None:
            return None
        now, gone = _now(), row.checked_at - row.first_seen
        return Absence(now >= row.checked_at + min(max(GONE_RETRY, gone), GONE_MOST), now - row.first_seen < RECENT)

    def went(self, urls: Collection[str], back: Collection[str] = ()) -> None:
        """The pages at ``urls`` answered 404 or 410 now, and those at ``back`` came (once the
        poll is over: a poll stopped before remembers nothing, and says it again next time)."""
        now = _now()

        def write(session: Session) -> None:
            session.execute(delete(GonePageRow).where(GonePageRow.checked_at < now - FORGOTTEN))
            if back:
                session.execute(delete(GonePageRow).where(GonePageRow.url.in_(sorted(back))))
            for url in sorted(urls):  # in one order: two writers on PostgreSQL wait, never deadlock
                upsert(session, GonePageRow, {"url": url, "first_seen": now, "checked_at": now}, {"checked_at": now})

        if urls or back:
            self._write(write)

    def last_poll(self) -> datetime | None:
        """When any feed was last polled (a restarted watch waits out the rest of its interval)."""
        with self.store.sessions() as session:
            return session.scalar(select(func.max(FeedPollRow.polled_at)))

    def _write(self, write: Callable[[Session], None]) -> None:
        def once() -> None:
            with self.store.session() as session:
                write(session)

        waiting_for_writer(once)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)

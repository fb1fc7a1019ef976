"""What the watch command remembers of each feed between polls (and across restarts): its
validators, and the items whose page its server said was not there.

A page that is not there may come (a feed listing an article seconds before its page is live) or
be gone for good: it is asked for again an hour after it first went, then after twice as long as it
has been gone each time (1 h, 1 h, 2 h, 4 h...), so that a late page is stored and a removed one
costs a request a day or less.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from claimscope.store.db import Store
from claimscope.store.models import FeedPollRow, GonePageRow

GONE_RETRY = timedelta(hours=1)  # the first wait before a gone page is asked for again


class FeedPolls:
    """The store's memory of feeds (`claimscope.ingest.remote.FeedMemory`): validators, last poll, gone pages."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def validators(self, url: str) -> tuple[str | None, str | None]:
        with self.store.sessions() as session:
            row = session.get(FeedPollRow, url)
            return (row.etag, row.last_modified) if row else (None, None)

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.store.session() as session:
            row = session.get(FeedPollRow, url) or FeedPollRow(url=url)
            row.etag, row.last_modified, row.polled_at = etag, last_modified, _now()
            session.add(row)

    def gone(self, url: str) -> bool:
        with self.store.sessions() as session:
            row = session.get(GonePageRow, url)
            return row is not None and _now() < row.checked_at + max(GONE_RETRY, row.checked_at - row.first_seen)

    def went(self, url: str) -> bool:
        with self.store.session() as session:
            row, now = session.get(GonePageRow, url), _now()
            if row is not None:
                row.checked_at = now
                return False
            session.add(GonePageRow(url=url, first_seen=now, checked_at=now))
            return True

    def last_poll(self) -> datetime | None:
        """When any feed was last polled (a restarted watch waits out the rest of its interval)."""
        with self.store.sessions() as session:
            return session.scalar(select(func.max(FeedPollRow.polled_at)))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)

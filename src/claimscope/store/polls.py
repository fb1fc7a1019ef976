"""What the watch command remembers of each feed between polls (and across restarts)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from claimscope.store.db import Store
from claimscope.store.models import FeedPollRow


class FeedPolls:
    """The store's memory of feeds (`claimscope.ingest.remote.FeedMemory`): validators and last poll."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def validators(self, url: str) -> tuple[str | None, str | None]:
        with self.store.sessions() as session:
            row = session.get(FeedPollRow, url)
            return (row.etag, row.last_modified) if row else (None, None)

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.store.session() as session:
            row = session.get(FeedPollRow, url) or FeedPollRow(url=url)
            row.etag, row.last_modified, row.polled_at = etag, last_modified, datetime.now(UTC).replace(tzinfo=None)
            session.add(row)

    def last_poll(self) -> datetime | None:
        """When any feed was last polled (a restarted watch waits out the rest of its interval)."""
        with self.store.sessions() as session:
            return session.scalar(select(func.max(FeedPollRow.polled_at)))

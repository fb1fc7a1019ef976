"""Store: the only stage that talks to the database (any SQLAlchemy URL; SQLite by default)."""

from claimscope.store.db import DEFAULT_URL, Store

__all__ = ["DEFAULT_URL", "Store"]

"""PostgreSQL full-text search: a text search configuration and a GIN expression index

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# PostgreSQL only (SQLite has its FTS5 index since 0003): words folded for case and, where the
# unaccent extension can be created, accents, as SQLite's index folds them. The index expression
# was the query layer's, character for character: PostgreSQL uses the index only for that exact
# expression (migration 0021 keeps it as a generated column, which the query layer reads).
CONFIG = "claimscope_search"
VECTOR = (
    "(setweight(to_tsvector('claimscope_search'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('claimscope_search'::regconfig, text), 'B'))"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.simple)")
    if _unaccent(bind):
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
        )
    op.execute(f"CREATE INDEX ix_documents_search ON documents USING gin ({VECTOR})")


def _unaccent(bind: sa.engine.Connection) -> bool:
    """Whether the unaccent extension is (or could now be) installed; without it, words are folded
    for case only. A trusted extension since PostgreSQL 13: the database's owner may create it."""
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    except sa.exc.DBAPIError:
        return False
    return True


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_search")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")

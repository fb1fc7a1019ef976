"""feed polls (watch: validators and last poll of each feed), documents looked up by URL

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_polls",
        sa.Column("url", sa.Text(), primary_key=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("polled_at", sa.DateTime(), nullable=False),
    )
    # a page already stored is not fetched again: one lookup by canonical URL per feed item.
    # PostgreSQL's B-tree refuses entries over ~2.7 kB (a page may declare any URL): a hash index there
    op.create_index("ix_documents_url", "documents", ["url"], postgresql_using="hash")


def downgrade() -> None:
    op.drop_index("ix_documents_url", "documents")
    op.drop_table("feed_polls")

"""URLs of fetched pages whose text was already stored under another URL

Revision ID: 0012
Revises: 0011

A page whose text the store already held (same text, another URL) was not stored, so its URL was
unknown to the store and the watch fetched it again at every poll of a feed listing it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "page_urls",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_index("ix_page_urls_document_id", "page_urls", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_page_urls_document_id", table_name="page_urls")
    op.drop_table("page_urls")

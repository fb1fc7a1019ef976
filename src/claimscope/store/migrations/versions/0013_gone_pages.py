"""feed items whose page is not there

Revision ID: 0013
Revises: 0012

A feed item answered 404 or 410 was asked for at every poll of its feed, kept the feed from being
cached and had a scheduled `watch --once` exit 1 for ever; the store now remembers when it went.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gone_pages",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )


def downgrade() -> None:
    op.drop_table("gone_pages")

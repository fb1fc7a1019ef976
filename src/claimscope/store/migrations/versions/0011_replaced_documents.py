"""what a document analysed again said before

Revision ID: 0011
Revises: 0010

A document analysed again (``ingest --reanalyse``) is replaced whole: by the next refresh its old
claims, stances and attributions are gone (PostgreSQL cascades the stances away), so an incremental
refresh did not recompute a proposition the new version no longer states, nor the counts of a speaker
it no longer quotes. The store now notes them at the replacement (one row each), for the refresh.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "replaced",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=400), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_replaced_document_id", "replaced", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_replaced_document_id", table_name="replaced")
    op.drop_table("replaced")

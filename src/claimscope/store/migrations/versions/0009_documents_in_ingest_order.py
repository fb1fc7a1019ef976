"""documents indexed in the order they were stored

Revision ID: 0009
Revises: 0008

The incremental refresh reads stored articles in the order a full refresh reads them (when they
were stored, then by id), a page at a time, and stops once it has read enough (the evidence for a
garbled date): without this index each page sorted every matching article of the store first.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_ingested", "documents", ["ingested_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_documents_ingested", "documents")

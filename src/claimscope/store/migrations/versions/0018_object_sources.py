"""each object's sources and the statements a flag may cite, kept

Revision ID: 0018
Revises: 0017

A new article's minority flag ("calls A envoy of B; N independent sources say C") counts each
object's sources and statements, and cites the majority's first statements; its flag against the
knowledge base cites the statements of the relation the knowledge base does not contradict. The
incremental refresh read every asserting statement of those relations for them (236,000 at
100,000 documents, some 10 s a refresh). Their counts and the statements a flag may cite are now
kept and the new documents' added to them (`query.object_counts`); the first refresh after this
migration counts them once.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a store downgraded past 0018 and upgraded again has its objects counted once more
    op.execute("DELETE FROM store_state WHERE name = 'object sources kept'")
    op.create_table(
        "object_sources",
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("object_id", sa.String(16), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("object", sa.Text(), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("relation", "object_id", "source"),
    )
    op.create_table(
        "object_days",
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("object_id", sa.String(16), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("object", sa.Text(), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("relation", "object_id", "type", "day"),
    )
    op.create_table(
        "object_evidence",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("agreeing", sa.Boolean(), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("object", sa.Text(), nullable=False),
        sa.Column("site", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "agreeing"),
    )
    op.create_index("ix_object_evidence_relation", "object_evidence", ["relation"])


def downgrade() -> None:
    op.drop_index("ix_object_evidence_relation", table_name="object_evidence")
    op.drop_table("object_evidence")
    op.drop_table("object_days")
    op.drop_table("object_sources")

"""the claims each speaker gives each side, kept

Revision ID: 0016
Revises: 0015

A speaker's side is the one their claims are most often given. The incremental refresh counted
every claim of each speaker the new documents quote, and every attribution for their statements
and articles: seconds a refresh at 100,000 documents, where the much-quoted are quoted in every
batch. The counts are now kept and the new documents' added to them (`query.speaker_counts`);
the first refresh after this migration counts them once from every document.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a store downgraded past 0016 and upgraded again has its sides counted once more from every document
    op.execute("DELETE FROM store_state WHERE name = 'speaker sides kept'")
    op.create_table(
        "speaker_sides",
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("party", sa.String(20), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", "party"),
    )


def downgrade() -> None:
    op.drop_table("speaker_sides")

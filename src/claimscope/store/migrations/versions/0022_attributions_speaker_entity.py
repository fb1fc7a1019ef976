"""a speaker's articles by entity

Revision ID: 0022
Revises: 0021

The desk's list of a speaker's articles (`/articles?speaker=`, `--speaker`) went from the speaker's
entity to every mention of it, then to the attributions those mentions speak: a speaker quoted in
28,000 of 100,000 articles was reached through 138,000 mentions on every request (365–476 ms).
Each attribution now keeps its speaker's entity beside the mention (mentions are written once
with their document and never changed), with an index that gives an entity's articles at once.
This revision fills it from the mentions and gathers the index's statistics for the planner
(1.5 s at 100,000 documents on SQLite; 12.7 s on PostgreSQL, the table locked meanwhile). A
process started before the upgrade and still running stores attributions without it: restart
the desk and `watch` after `claimscope db upgrade`. The column is a copy of the mention's, not a
foreign key: it is written with the mention and never apart from it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attributions", sa.Column("speaker_entity_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE attributions SET speaker_entity_id = "
        "(SELECT mentions.entity_id FROM mentions WHERE mentions.id = attributions.speaker_mention_id) "
        "WHERE speaker_mention_id IS NOT NULL"
    )
    op.create_index("ix_attributions_speaker_entity", "attributions", ["speaker_entity_id", "document_id"])
    op.execute("ANALYZE attributions")


def downgrade() -> None:
    op.drop_index("ix_attributions_speaker_entity", table_name="attributions")
    with op.batch_alter_table("attributions") as batch:  # SQLite before 3.35 has no DROP COLUMN
        batch.drop_column("speaker_entity_id")

"""the names of undated claims indexed by their document's publication

Revision ID: 0015
Revises: 0014

A meeting report that gives no day joins the meetings of the weeks around its publication, and a
meeting's day is joined by the undated reports published in those weeks. The incremental refresh
found both by reading every meeting claim naming each person involved (174,000 rows for one
name at 100,000 documents). Each name row now carries its document's publication date, and the
undated ones are indexed by name and publication: the weeks asked for are a range of the index,
as a dated claim's day already was (ix_claim_names_about).
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim_names", sa.Column("published", sa.Date(), nullable=True))
    op.execute(
        "UPDATE claim_names SET published = "
        "(SELECT documents.published FROM documents WHERE documents.id = claim_names.document_id)"
    )
    op.create_index(
        "ix_claim_names_undated",
        "claim_names",
        ["name", "published", "claim_id"],
        sqlite_where=sa.text("event_date IS NULL"),
        postgresql_where=sa.text("event_date IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_claim_names_undated", "claim_names")
    with op.batch_alter_table("claim_names") as batch:
        batch.drop_column("published")

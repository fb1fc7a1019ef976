"""the statements by and about an entity read in date order from indexes, whatever the store's size

Revision ID: 0007
Revises: 0006

`entity X` shows the first statements by X and about X in date order, with how many there are.
At 100,000 documents a much-quoted person is named by 180,000 claims: reading them all to sort
them or to leave out X's own took seconds. Each claim name now says whether the claim is the
named one's own and carries the claim's date, so that the count and the first page are a range of
one index (name, own, date, id); the claims by a source are read through (source, date, id).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claim_names", sa.Column("own", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("claim_names", sa.Column("event_date", sa.Date(), nullable=True))
    # the names already indexed: filled from their claims (as the refresh writes them from now on)
    op.execute(
        "UPDATE claim_names SET "
        "own = EXISTS (SELECT 1 FROM claims WHERE claims.id = claim_names.claim_id "
        "AND claims.source_name = claim_names.name), "
        "event_date = (SELECT claims.event_date FROM claims WHERE claims.id = claim_names.claim_id)"
    )
    op.create_index("ix_claim_names_about", "claim_names", ["name", "own", "event_date", "claim_id"])
    op.create_index("ix_claims_source_date", "claims", ["source_name", "event_date", "id"])


def downgrade() -> None:
    op.drop_index("ix_claims_source_date", "claims")
    op.drop_index("ix_claim_names_about", "claim_names")
    with op.batch_alter_table("claim_names") as batch:
        batch.drop_column("event_date")
        batch.drop_column("own")

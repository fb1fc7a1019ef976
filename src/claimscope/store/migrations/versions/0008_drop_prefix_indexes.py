"""indexes that are the first columns of another index dropped

Revision ID: 0008
Revises: 0007

Each of these serves no lookup that the longer index does not (a B-tree on (a, b) finds a range
of a as one on a alone does, on SQLite and PostgreSQL), yet every row written updates it too: the
end-of-batch refresh writes stances, claim names and flags, and a store of 100,000 documents
spent a seventh of its writes on them.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# (index, table, column): each is the first column of the index named in its comment
DROPPED = (
    ("ix_proposition_stances_pid", "proposition_stances", "pid"),  # ix_proposition_stances_pid_position
    ("ix_claim_names_name", "claim_names", "name"),  # ix_claim_names_about
    ("ix_flags_kind", "flags", "kind"),  # ix_flags_order
    ("ix_flags_document_id", "flags", "document_id"),  # ix_flags_document_order
    ("ix_claims_source_name", "claims", "source_name"),  # ix_claims_source_date
    ("ix_propositions_rank", "propositions", "rank"),  # ix_propositions_board
)


def upgrade() -> None:
    for name, table, _ in DROPPED:
        op.drop_index(name, table)


def downgrade() -> None:
    for name, table, column in DROPPED:
        op.create_index(name, table, [column])

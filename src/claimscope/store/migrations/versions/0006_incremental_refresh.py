"""stored near-duplicate band keys and claim names; orders kept by indexes, not global ranks

Revision ID: 0006
Revises: 0003

The end-of-batch refresh recomputes only what new documents touch: each document's LSH band keys
and shingles are stored once (finding its copies is an index lookup and a check of stored
shingles, no text read again), each claim's names too (`entity X` is
an index lookup), and documents say whether the materialised tables already count them. The
board's and the speakers' orders come from indexed columns instead of a rank that one new
document would shift for every row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

STATUS_ORDER = ("contested", "contradicted", "corroborated", "single-source")


def upgrade() -> None:
    # every stored document is pending: the first refresh after this revision is a full one,
    # which stores the band keys and claim names of every document
    # a plain ALTER TABLE: a copied documents table would lose its text index's rowids and triggers
    op.add_column("documents", sa.Column("materialised", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_documents_materialised", "documents", ["materialised"])
    op.create_table(
        "document_bands",
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "bucket"),
    )
    op.create_index("ix_document_bands_bucket", "document_bands", ["bucket"])
    op.create_table(
        "document_shingles",
        sa.Column("document_id", sa.String(length=40), primary_key=True),
        sa.Column("hashes", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "claim_names",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False, index=True),
        sa.PrimaryKeyConstraint("claim_id", "name"),
    )
    op.create_index("ix_claim_names_name", "claim_names", ["name"])
    # a proposition's rank is now its status's place in the board's order; within a status the
    # most reported first, then by key (the order the ranks used to number)
    cases = " ".join(f"WHEN '{status}' THEN {n}" for n, status in enumerate(STATUS_ORDER))
    op.execute(f"UPDATE propositions SET rank = CASE status {cases} ELSE {len(STATUS_ORDER)} END")
    op.create_index("ix_propositions_board", "propositions", ["rank", sa.text("stances DESC"), "key"])
    op.drop_index("ix_speaker_stats_rank", "speaker_stats")
    with op.batch_alter_table("speaker_stats") as batch:
        batch.drop_column("rank")
    op.create_index("ix_speaker_stats_order", "speaker_stats", [sa.text("statements DESC"), "name", "type"])
    op.create_index("ix_flags_order", "flags", ["kind", "document_id", "start", "id"])
    op.create_index("ix_flags_document_order", "flags", ["document_id", "start", "id"])
    op.create_index("ix_proposition_stances_source_group", "proposition_stances", ["source_group"])
    op.execute("UPDATE store_state SET value = value + 1 WHERE name = 'changes'")  # stale: refresh all once


def downgrade() -> None:
    op.drop_index("ix_proposition_stances_source_group", "proposition_stances")
    op.drop_index("ix_flags_document_order", "flags")
    op.drop_index("ix_flags_order", "flags")
    op.drop_index("ix_speaker_stats_order", "speaker_stats")
    with op.batch_alter_table("speaker_stats") as batch:
        batch.add_column(sa.Column("rank", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_speaker_stats_rank", "speaker_stats", ["rank"])
    op.drop_index("ix_propositions_board", "propositions")
    op.drop_table("claim_names")
    op.drop_table("document_shingles")
    op.drop_table("document_bands")
    op.drop_index("ix_documents_materialised", "documents")
    op.drop_column("documents", "materialised")
    op.execute("UPDATE store_state SET value = value + 1 WHERE name = 'changes'")

"""claims and imported knowledge

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=True),
        sa.Column("wikidata", sa.String(length=20), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "type"),
    )
    with op.batch_alter_table("kb_entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kb_entities_name"), ["name"], unique=False)

    op.create_table(
        "kb_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("relation", sa.String(length=80), nullable=False),
        sa.Column("object", sa.String(length=400), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subject", "relation", "object", "start"),
    )
    with op.batch_alter_table("kb_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kb_facts_subject"), ["subject"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("stance", sa.String(length=10), nullable=False),
        sa.Column("source_name", sa.String(length=400), nullable=False),
        sa.Column("source_type", sa.String(length=20), nullable=False),
        sa.Column("party", sa.String(length=20), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("date_text", sa.String(length=80), nullable=True),
        sa.Column("extent", sa.String(length=12), nullable=True),
        sa.Column("hedges", sa.JSON(), nullable=False),
        sa.Column("attribution", sa.Integer(), nullable=True),
        sa.Column("place", sa.JSON(), nullable=True),
        sa.Column("sentence_start", sa.Integer(), nullable=True),
        sa.Column("sentence_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_event_date"), ["event_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_source_name"), ["source_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_type"), ["type"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_type"))
        batch_op.drop_index(batch_op.f("ix_claims_source_name"))
        batch_op.drop_index(batch_op.f("ix_claims_key"))
        batch_op.drop_index(batch_op.f("ix_claims_event_date"))
        batch_op.drop_index(batch_op.f("ix_claims_document_id"))

    op.drop_table("claims")
    with op.batch_alter_table("kb_facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kb_facts_subject"))

    op.drop_table("kb_facts")
    with op.batch_alter_table("kb_entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kb_entities_name"))

    op.drop_table("kb_entities")

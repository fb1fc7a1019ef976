"""direct quotes indexed by their words

Revision ID: 0010
Revises: 0009

A quote that sources give to different speakers is flagged. The incremental refresh found such
quotes only among the documents it took in at once: an article stored a batch after the others
was never compared with them. Each direct quote is now indexed by the key of its folded words
(claims.quotes.quote_key), filled here for the claims already stored, so that a new article's
quote finds its other speakers through the index.
"""

import json

import sqlalchemy as sa
from alembic import op

from claimscope.claims.quotes import quote_key
from claimscope.records import Claim, ClaimType, Source, Span, Stance

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PAGE = 5000


def upgrade() -> None:
    op.create_table(
        "claim_quotes",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.String(length=16), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("claim_id"),
    )
    op.create_index("ix_claim_quotes_quote", "claim_quotes", ["quote"])
    op.create_index("ix_claim_quotes_document_id", "claim_quotes", ["document_id"])
    connection = op.get_bind()
    page = sa.text(
        "SELECT id, document_id, args, source_name, evidence FROM claims "
        "WHERE type = 'statement' AND source_type = 'person' AND id > :after ORDER BY id LIMIT :page"
    )
    insert = sa.text("INSERT INTO claim_quotes (claim_id, quote, document_id) VALUES (:claim_id, :quote, :document_id)")
    after = -1
    while rows := connection.execute(page, {"after": after, "page": PAGE}).all():
        found = []
        for claim_id, document_id, args, speaker, evidence in rows:
            args = args if isinstance(args, dict) else json.loads(args or "{}")
            claim = Claim(
                ClaimType.STATEMENT, "", args, Stance.ASSERTS, Source(speaker, "person", ""), Span(0, 0), evidence
            )
            key = quote_key(claim)
            if key is not None:
                found.append({"claim_id": claim_id, "quote": key, "document_id": document_id})
        if found:
            connection.execute(insert, found)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_claim_quotes_document_id", "claim_quotes")
    op.drop_index("ix_claim_quotes_quote", "claim_quotes")
    op.drop_table("claim_quotes")

"""materialised verdicts and flags, document groups, full-text search

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# SQLite: an FTS5 index over the documents table itself (external content, kept in step by
# triggers, so no copy of the texts). Other databases search with LIKE until they get their
# own text index (PostgreSQL's tsvector: the query layer's search module is the one place).
# the articles list's order (newest first, undated last): one index walk instead of a sort of the store
NEWEST_FIRST = "CREATE INDEX ix_documents_newest ON documents ((published IS NULL), published DESC, id)"
FTS = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); END",
    "CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); END",
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
    "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); "
    "INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text); END",
    "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM documents",
]


def upgrade() -> None:
    op.create_table(
        "propositions",
        sa.Column("pid", sa.String(length=16), primary_key=True),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False, index=True),
        sa.Column("status", sa.String(length=20), nullable=False, index=True),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("args", sa.JSON(), nullable=False),
        sa.Column("stances", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False, index=True),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True, index=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
    )
    op.create_table(
        "proposition_stances",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pid", sa.String(length=16), sa.ForeignKey("propositions.pid", ondelete="CASCADE"), index=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id", ondelete="CASCADE"), index=True),
        sa.Column("document_id", sa.String(length=40), nullable=False, index=True),
        sa.Column("stance", sa.String(length=10), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True, index=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("source_group", sa.String(length=40), nullable=False),
    )
    op.create_index("ix_proposition_stances_pid_position", "proposition_stances", ["pid", "position"])
    op.create_table(
        "flags",
        sa.Column("id", sa.String(length=16), primary_key=True),
        sa.Column("kind", sa.String(length=30), nullable=False, index=True),
        sa.Column("document_id", sa.String(length=40), nullable=False, index=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("evidence_total", sa.Integer(), nullable=False),
    )
    op.create_table(
        "speaker_stats",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=400), nullable=False, index=True),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=True),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False, index=True),
    )
    op.create_table(
        "document_groups",
        sa.Column("document_id", sa.String(length=40), primary_key=True),
        sa.Column("dispatch", sa.String(length=40), nullable=False, index=True),
        sa.Column("source_group", sa.String(length=40), nullable=False, index=True),
    )
    op.create_table(
        "store_state",
        sa.Column("name", sa.String(length=40), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )
    # documents stored before this revision have never been materialised: one change pending
    op.execute("INSERT INTO store_state (name, value) VALUES ('changes', 1)")
    op.create_index("ix_documents_site", "documents", ["site"])
    op.create_index("ix_entities_type_name", "entities", ["type", "name"])
    op.create_index("ix_attributions_speaker", "attributions", ["speaker_mention_id"])
    op.execute(NEWEST_FIRST)
    if op.get_bind().dialect.name == "sqlite":
        for statement in FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS documents_fts_{name}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    op.drop_index("ix_documents_newest", "documents")
    op.drop_index("ix_attributions_speaker", "attributions")
    op.drop_index("ix_entities_type_name", "entities")
    op.drop_index("ix_documents_site", "documents")
    for table in ("store_state", "speaker_stats", "document_groups", "flags", "proposition_stances", "propositions"):
        op.drop_table(table)

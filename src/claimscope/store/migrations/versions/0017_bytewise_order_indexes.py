"""the claims board and the speakers ordered by code point on PostgreSQL too

Revision ID: 0017
Revises: 0016

A list whose rows tie (as many stances, as many statements) is ordered by a name: SQLite orders
names by code point, PostgreSQL by its database's collation, a locale's in most clusters, so the
two backends listed the same store in different orders. The lists now order by code point on both
(`store.collation`); on PostgreSQL their indexes are made with that collation, so that the order
is still read from them. SQLite's are unchanged.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

INDEXES = {  # name: table, columns (texts compared by code point), as 0006 made them
    "ix_propositions_board": ("propositions", ["rank", "stances DESC", "key"]),
    "ix_speaker_stats_order": ("speaker_stats", ["statements DESC", "name", "type"]),
}
TEXTS = {"key", "name", "type"}


def _remake(bytewise: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, columns) in INDEXES.items():
        op.drop_index(name, table)
        collated = [f'{c} COLLATE "C"' if bytewise and c in TEXTS else c for c in columns]
        op.create_index(name, table, [sa.text(c) for c in collated])


def upgrade() -> None:
    _remake(bytewise=True)


def downgrade() -> None:
    _remake(bytewise=False)

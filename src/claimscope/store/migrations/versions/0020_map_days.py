"""the map's days

Revision ID: 0020
Revises: 0019

The map read every stance of every place on it, and its date slider every dated one (165,000 at
100,000 documents: 290 ms a page). Each control proposition's stances are now summed by kind and
day, with the sources first taking each stance that day (`query.map_days`). The table starts
empty: this revision counts one more change, so that the first reader (or `db refresh`) refreshes
the tables, and that refresh writes every proposition's days and gathers the planner's statistics.
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "map_days",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pid", sa.String(16), sa.ForeignKey("propositions.pid", ondelete="CASCADE"), nullable=False),
        sa.Column("stance", sa.String(10), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("stances", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
    )
    # the map sums a place's days from the first alone; the slider reads the days in order from the second
    op.create_index("ix_map_days_pid_stance", "map_days", ["pid", "stance", "day", "stances", "sources"])
    op.create_index("ix_map_days_day", "map_days", ["day", "pid"])
    op.execute("DELETE FROM store_state WHERE name = 'map days kept'")
    op.execute("UPDATE store_state SET value = value + 1 WHERE name = 'changes'")
    # and gathers the planner's statistics again (`store.state.planner_statistics`): without the new
    # table's, SQLite read the slider's days through the places' index (25 ms, not 2, at 100,000)
    op.execute("DELETE FROM store_state WHERE name = 'analysed documents'")


def downgrade() -> None:
    op.drop_index("ix_map_days_day", table_name="map_days")
    op.drop_index("ix_map_days_pid_stance", table_name="map_days")
    op.drop_table("map_days")

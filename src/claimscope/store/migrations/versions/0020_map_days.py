"""the map's days

Revision ID: 0020
Revises: 0019

The map read every stance of every place on it, and its date slider every dated one (165,000 at
100,000 documents: 290 ms a page). Each control proposition's stances are now summed by kind and
day, with the sources whose first such stance is of that day (`query.map_days`, which the refresh
keeps). This revision writes them once from the stance rows, in one statement of its own (what
`query.map_days.day_rows` computes, frozen here), so that the map is whole as soon as the store
is upgraded, read-only stores included, and gathers the new table's statistics for the planner
(without them SQLite read the slider's days through the places' index: 25 ms, not 2).
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

CONTROL = "FROM proposition_stances s JOIN propositions p ON p.pid = s.pid WHERE p.type = 'control' "
# each (proposition, stance, day)'s stances, and the sources whose first day of that stance it is
# (a source never dated: the undated row's); joined null-safely on the day
FILL = (
    "INSERT INTO map_days (pid, stance, day, stances, sources) "
    "SELECT d.pid, d.stance, d.day, d.stances, coalesce(f.sources, 0) FROM ("
    f"SELECT s.pid, s.stance, s.event_date AS day, count(*) AS stances {CONTROL}"
    "GROUP BY s.pid, s.stance, s.event_date) d LEFT JOIN ("
    "SELECT g.pid, g.stance, g.first, count(*) AS sources FROM ("
    f"SELECT s.pid, s.stance, s.source_group, min(s.event_date) AS first {CONTROL}"
    "GROUP BY s.pid, s.stance, s.source_group) g GROUP BY g.pid, g.stance, g.first) f "
    "ON f.pid = d.pid AND f.stance = d.stance AND (f.first = d.day OR (f.first IS NULL AND d.day IS NULL))"
)


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
    op.create_index("ix_map_days_covering", "map_days", ["pid", "stance", "day", "stances", "sources"])
    op.create_index("ix_map_days_day", "map_days", ["day", "pid"])
    op.execute(FILL)
    op.execute("ANALYZE map_days")


def downgrade() -> None:
    op.drop_index("ix_map_days_day", table_name="map_days")
    op.drop_index("ix_map_days_covering", table_name="map_days")
    op.drop_table("map_days")

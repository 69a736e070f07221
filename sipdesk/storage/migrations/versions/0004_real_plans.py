"""Real plans: the school year, the plan's span in years, the state's codes and status; whom
a strategy serves and its category; how often an action recurs, and its schedule.

Revision ID: 0004
Revises: 0003

Existing plans keep their meaning: they were three-year Tool A plans, and their school year is
the one their first month starts ("2026-08" → "2026–27"; a first month before July starts the
school year of the calendar year before).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_profile") as batch:
        batch.add_column(sa.Column("school_year", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("plan_years", sa.Integer(), nullable=False, server_default="3"))
        batch.add_column(sa.Column("state_school_id", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("state_district_id", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("state_status", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("strategies") as batch:
        batch.add_column(sa.Column("students", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("category", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("actions") as batch:
        batch.add_column(
            sa.Column("recurrence", sa.String(16), nullable=False, server_default="once")
        )
        batch.add_column(sa.Column("schedule", sa.Text(), nullable=False, server_default=""))
    # "2026-08" → "2026–27": the year the school year starts, an en dash, the next year's
    # last two digits. Months January to June belong to the school year begun the year before.
    op.execute(
        """
        UPDATE plan_profile
        SET school_year = (
            CAST(CAST(substr(first_month, 1, 4) AS INTEGER)
                 - (CAST(substr(first_month, 6, 2) AS INTEGER) < 7) AS TEXT)
            || '–'
            || substr('0' || ((CAST(substr(first_month, 1, 4) AS INTEGER)
                 - (CAST(substr(first_month, 6, 2) AS INTEGER) < 7) + 1) % 100), -2)
        )
        WHERE first_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
        """
    )


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

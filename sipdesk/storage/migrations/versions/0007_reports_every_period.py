"""Reports for every period the plan is monitored by: a measure's yearly results for years 1
to 5 (a five-year plan), not only 1 to 3; a milestone's report notes for each of its monitoring
periods, up to 24 cycles (monthly over two years), not only four quarters.

Revision ID: 0007
Revises: 0006

Existing results and reports keep their year and period: the rules only widen. The tables are
rebuilt (SQLite cannot change a CHECK rule in place) by hand rather than by a batch operation,
so the rebuilt tables' text is the same on every run. The limits are written out here, not read
from models.limits: a migration says what that version of the schema was, whatever later
versions allow.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "_measure_results_v7",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.CheckConstraint("year BETWEEN 1 AND 5", name=op.f("ck_measure_results_year")),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_measure_results_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_results")),
        sa.UniqueConstraint("measure_id", "year", name="measure_year"),
    )
    op.execute(
        """
        INSERT INTO _measure_results_v7 (id, measure_id, year, progress, explanation)
        SELECT id, measure_id, year, progress, explanation FROM measure_results
        """
    )
    op.drop_index(op.f("ix_measure_results_measure_id"), table_name="measure_results")
    op.drop_table("measure_results")
    op.rename_table("_measure_results_v7", "measure_results")
    op.create_index(
        op.f("ix_measure_results_measure_id"), "measure_results", ["measure_id"], unique=False
    )
    op.create_table(
        "_milestone_reports_v7",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("outputs_completed", sa.Text(), nullable=False),
        sa.Column("cause_and_adjustments", sa.Text(), nullable=False),
        sa.Column("resources_used", sa.Text(), nullable=False),
        sa.Column("comments", sa.Text(), nullable=False),
        sa.CheckConstraint("quarter BETWEEN 1 AND 24", name=op.f("ck_milestone_reports_quarter")),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name=op.f("fk_milestone_reports_milestone_id_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_reports")),
        sa.UniqueConstraint("milestone_id", "quarter", name="milestone_quarter"),
    )
    op.execute(
        """
        INSERT INTO _milestone_reports_v7 (id, milestone_id, quarter, outputs_completed,
            cause_and_adjustments, resources_used, comments)
        SELECT id, milestone_id, quarter, outputs_completed, cause_and_adjustments,
            resources_used, comments
        FROM milestone_reports
        """
    )
    op.drop_index(op.f("ix_milestone_reports_milestone_id"), table_name="milestone_reports")
    op.drop_table("milestone_reports")
    op.rename_table("_milestone_reports_v7", "milestone_reports")
    op.create_index(
        op.f("ix_milestone_reports_milestone_id"),
        "milestone_reports",
        ["milestone_id"],
        unique=False,
    )


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

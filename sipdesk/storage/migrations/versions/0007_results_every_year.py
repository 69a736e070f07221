"""Yearly results for every year of the plan's span: a measure's annual progress and its
explanation may be written for years 1 to 5 (a five-year plan), not only 1 to 3.

Revision ID: 0007
Revises: 0006

Existing results keep their year: the rule only widens. The table is rebuilt (SQLite cannot
change a CHECK rule in place) by hand rather than by a batch operation, so the rebuilt table's
text is the same on every run. The limit is written out here, not read from models.limits: a
migration says what that version of the schema was, whatever later versions allow.
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


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

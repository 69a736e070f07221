"""Real plans, second part: kinds of measure, rating targets, five years of targets, measures
of a priority, a measure's rows per grade or student group, the plan's monitoring cycles, and
the readiness profile the plan is held to.

Revision ID: 0005
Revises: 0004

Existing plans keep their meaning: a goal's measures were student outcome measures and a
strategy's measures the adults' practice ("implementation"); every target was a number; the
plan was monitored by quarters (no cycles) against the generic Tool A profile ("").
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_profile") as batch:
        batch.add_column(
            sa.Column("readiness_profile", sa.Text(), nullable=False, server_default="")
        )
    # The measures table is rebuilt (SQLite cannot change a CHECK rule in place) with a third
    # possible owner and the rule that each measure has exactly one. By hand rather than by a
    # batch operation, so the rebuilt table's text is the same on every run (a batch copies
    # the constraints in no fixed order) and the new columns sit beside their kin.
    op.create_table(
        "_measures_v5",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("strategy_id", sa.Integer(), nullable=True),
        sa.Column("priority_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("data_source", sa.Text(), nullable=False),
        sa.Column("baseline", sa.Text(), nullable=False),
        sa.Column("target_type", sa.String(16), nullable=False),
        sa.Column("target_y1", sa.Text(), nullable=False),
        sa.Column("target_y2", sa.Text(), nullable=False),
        sa.Column("target_y3", sa.Text(), nullable=False),
        sa.Column("target_y4", sa.Text(), nullable=False),
        sa.Column("target_y5", sa.Text(), nullable=False),
        sa.Column("monitored", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(goal_id IS NOT NULL) + (priority_id IS NOT NULL) + (strategy_id IS NOT NULL) = 1",
            name=op.f("ck_measures_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_measures_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["strategy_id"],
            ["strategies.id"],
            name=op.f("fk_measures_strategy_id_strategies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["priority_id"],
            ["priorities.id"],
            name=op.f("fk_measures_priority_id_priorities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
    )
    # A goal's measures were student outcomes; a strategy's, the adults' practice.
    op.execute(
        """
        INSERT INTO _measures_v5 (id, goal_id, strategy_id, priority_id, kind, indicator,
            data_source, baseline, target_type, target_y1, target_y2, target_y3, target_y4,
            target_y5, monitored, position)
        SELECT id, goal_id, strategy_id, NULL,
            CASE WHEN strategy_id IS NOT NULL THEN 'implementation' ELSE 'outcome' END,
            indicator, data_source, baseline, 'number', target_y1, target_y2, target_y3, '', '',
            monitored, position
        FROM measures
        """
    )
    # Foreign keys are off while a plan migrates, so dropping the old table takes no yearly
    # results with it; they point at the same ids in the rebuilt one.
    op.drop_index(op.f("ix_measures_goal_id"), table_name="measures")
    op.drop_index(op.f("ix_measures_strategy_id"), table_name="measures")
    op.drop_table("measures")
    op.rename_table("_measures_v5", "measures")
    op.create_index(op.f("ix_measures_goal_id"), "measures", ["goal_id"], unique=False)
    op.create_index(op.f("ix_measures_strategy_id"), "measures", ["strategy_id"], unique=False)
    op.create_index(op.f("ix_measures_priority_id"), "measures", ["priority_id"], unique=False)
    op.create_table(
        "measure_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("group", sa.Text(), nullable=False),
        sa.Column("data_source", sa.Text(), nullable=False),
        sa.Column("baseline", sa.Text(), nullable=False),
        sa.Column("target_y1", sa.Text(), nullable=False),
        sa.Column("target_y2", sa.Text(), nullable=False),
        sa.Column("target_y3", sa.Text(), nullable=False),
        sa.Column("target_y4", sa.Text(), nullable=False),
        sa.Column("target_y5", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["measures.id"],
            name=op.f("fk_measure_groups_measure_id_measures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_groups")),
    )
    op.create_index(
        op.f("ix_measure_groups_measure_id"), "measure_groups", ["measure_id"], unique=False
    )
    op.create_table(
        "cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("start", sa.String(7), nullable=False),
        sa.Column("end", sa.String(7), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint('start <= "end"', name=op.f("ck_cycles_months_in_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycles")),
    )


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

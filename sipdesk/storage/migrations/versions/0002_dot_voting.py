"""Dot voting: each team member places a set number of dots on causes.

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
    with op.batch_alter_table("plan_profile") as batch:
        batch.add_column(
            sa.Column("dots_per_member", sa.Integer(), nullable=False, server_default="3")
        )
    op.create_table(
        "dot_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cause_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cause_id"],
            ["causes.id"],
            name=op.f("fk_dot_votes_cause_id_causes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["team_members.id"],
            name=op.f("fk_dot_votes_member_id_team_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dot_votes")),
        sa.UniqueConstraint("cause_id", "member_id", name="cause_member"),
    )
    op.create_index(op.f("ix_dot_votes_cause_id"), "dot_votes", ["cause_id"], unique=False)
    op.create_index(op.f("ix_dot_votes_member_id"), "dot_votes", ["member_id"], unique=False)


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

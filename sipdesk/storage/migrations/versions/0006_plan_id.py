"""Plan identity: every plan carries a plan id, a UUID made with it and kept by copies,
exports and imports, by which a district recognises the plan's versions.

Revision ID: 0006
Revises: 0005

An existing plan gets a fresh random id of its own when it is brought up to date (one plan
file, one profile row, one id). A copy of a plan made before this version and migrated
separately gets a different id: nothing in an older file says two files are one plan.
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_profile") as batch:
        batch.add_column(sa.Column("plan_id", sa.Text(), nullable=False, server_default=""))
    op.execute(
        sa.text("UPDATE plan_profile SET plan_id = :plan_id").bindparams(plan_id=str(uuid.uuid4()))
    )


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

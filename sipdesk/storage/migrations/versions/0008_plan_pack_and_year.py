"""A plan names its state pack, its designation year and where it stands (planning year or
implementation year N), so the calendar and plan health need not guess them.

Revision ID: 0008
Revises: 0007

Existing plans keep today's meaning: an empty pack ("" = chosen from the readiness profile),
no designation year, no phase said ("") and no implementation year (NULL).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan_profile") as batch:
        batch.add_column(sa.Column("state_pack", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("designation_year", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("plan_phase", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("implementation_year", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

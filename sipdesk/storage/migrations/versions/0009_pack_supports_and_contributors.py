"""A support remembers the choice made from the state pack's support catalogue (issue 15), and
a SWOT item, a cause and a "why?" answer the team member who added it from their own device
in a meeting room (issue 16).

Revision ID: 0009
Revises: 0008

Existing rows keep today's meaning: every new column is empty text, which says "typed freely"
for a support and "entered on the coach's laptop" for an item.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("supports") as batch:
        batch.add_column(_text("pack_level"))
        batch.add_column(_text("pack_provider"))
        batch.add_column(_text("pack_service"))
    for table in ("swot_items", "causes", "why_steps"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(_text("contributed_by"))


def downgrade() -> None:
    # Plans are never downgraded: a file from a newer version opens read-only instead.
    raise NotImplementedError

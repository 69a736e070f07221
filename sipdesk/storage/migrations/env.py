"""Alembic environment: SIP Desk always hands in an open connection to a working copy."""

from alembic import context

from sipdesk.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()

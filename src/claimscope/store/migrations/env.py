"""Alembic environment: the connection comes from claimscope.store.migrate, not from a file."""

from alembic import context

from claimscope.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

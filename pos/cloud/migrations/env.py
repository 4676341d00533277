"""Alembic environment of the cloud database (PostgreSQL); the schema is written as SQL in the revisions."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=None, version_table="laci_cloud_version")
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=None, version_table="laci_cloud_version")
        with context.begin_transaction():
            context.run_migrations()


run_migrations()

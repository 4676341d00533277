"""Alembic environment: batch mode for SQLite, Laci's MetaData as the target, custom types rendered by path."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import engine_from_config, pool

from pos.ledger.schema import metadata
from pos.ledger.schema.base import UTCDateTime, UUIDBlob

config = context.config


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    if type_ == "type" and isinstance(obj, UUIDBlob | UTCDateTime):
        autogen_context.imports.add("import pos.ledger.schema.base")
        return f"pos.ledger.schema.base.{type(obj).__name__}()"
    return False


# Made by hand in migrations, so autogenerate leaves them be: the FTS5 search index with its shadow tables, and
# the case-folded name index (Alembic reflects a collated SQLite index as a plain one).
HAND_MADE_INDEXES = frozenset({"ix_products_name_nocase"})


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    if type_ == "index":
        return name not in HAND_MADE_INDEXES
    return not (type_ == "table" and name is not None and name.startswith("products_fts"))


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        include_name=include_name,
    )


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()

"""The cloud's PostgreSQL: a connection pool, migrations, and transactions that state which shop they serve."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine, pool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def sqlalchemy_url(database_url: str) -> str:
    """The same database for SQLAlchemy (Alembic), through psycopg 3."""
    if database_url.startswith("postgresql://"):
        return "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    if database_url.startswith("postgres://"):
        return "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    return database_url


def migrate(database_url: str) -> None:
    """Bring the cloud schema to its newest revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(sqlalchemy_url(database_url), poolclass=pool.NullPool)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()


class CloudDB:
    """Pooled connections; every transaction that touches a shop's rows first sets `laci.shop_id`."""

    def __init__(self, database_url: str, *, min_size: int = 1, max_size: int = 10) -> None:
        self.url = database_url
        self.pool = ConnectionPool(
            database_url, min_size=min_size, max_size=max_size, open=True, kwargs={"autocommit": False}
        )

    @contextmanager
    def transaction(self, shop_id: uuid.UUID | None = None) -> Iterator[psycopg.Connection]:
        with self.pool.connection() as conn, conn.transaction():
            if shop_id is not None:
                # Row-level security reads this; set per transaction, so a pooled connection never leaks it.
                conn.execute("SELECT set_config('laci.shop_id', %s, true)", (str(shop_id),))
            yield conn

    def close(self) -> None:
        self.pool.close()

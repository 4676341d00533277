"""The cloud's PostgreSQL: a connection pool, migrations, and transactions that state which shop they serve.

Tables fall in two groups, as Citus (distributed PostgreSQL) would hold them: shop tables, each with `shop_id`
first in its key and in every unique key and foreign key, distributed and co-located by shop; and the reference
tables read before a request's shop is known, with no foreign key to a shop table. `tests/cloud/test_schema_rules.py`
reads the schema and holds it to these rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import psycopg
from alembic import command
from alembic.config import Config
from psycopg import sql
from psycopg_pool import ConnectionPool
from sqlalchemy import create_engine, pool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The owner's web's read models of a shop that a rebuild from the event log empties and fills again.
WEB_REBUILT: Final = (
    "web_sales",
    "web_sale_payments",
    "web_sale_lines",
    "web_voids",
    "web_returns",
    "web_return_lines",
    "web_cash_moves",
    "web_party_payments",
    "web_order_payments",
    "web_shifts",
    "web_shift_closes",
    "web_day_accounts",
    "web_receivables",
    "web_stock",
    "web_days",
    "web_day_methods",
    "web_day_channels",  # migration c0005
    "web_day_hours",
    "web_day_products",
    "web_month_products",
    "web_year_products",  # migration c0006
    "web_products",
)
SHOP_TABLES: Final = (
    "shops",
    "devices",
    "events",
    "master_state",
    "sales_index",
    "daily_totals",
    "device_log",
    "known_rows",
    # The owner's web: its cursor, its read models of each shop's facts, its settings (migration c0003).
    "web_cursor",
    *WEB_REBUILT,
    "web_shop_settings",
    "web_device_seen",
    # The witness of each counter's hash chain and the pack statements it signed (migration c0004).
    "chain_heads",
    "chain_flags",
    "statements",
)
# Read before a request's shop is known: by a token's or code's hash, by an owner login, or by the read models'
# worker looking for marked shops. `web_owner_shops` names shops but keeps no foreign key to them, as a
# reference table may not.
REFERENCE_TABLES: Final = (
    "enrolment_codes",
    "device_tokens",
    "rate_limits",
    "web_dirty",
    "web_owners",
    "web_owner_shops",
    "web_links",
    "web_sessions",
    "web_attempts",
    "service_keys",  # the service's own signing keys, for every shop
    "statement_codes",  # a statement's code to its shop, for the bank's page that knows only the code
)


def set_shop(conn: psycopg.Connection[Any], shop_id: uuid.UUID) -> None:
    """State the transaction's shop for row-level security. `SET LOCAL` ends with the transaction (a pooled
    connection never carries it to the next) and is what Citus passes on to the nodes a transaction reaches."""
    conn.execute(sql.SQL("SET LOCAL laci.shop_id = {}").format(sql.Literal(str(uuid.UUID(str(shop_id))))))


def sqlalchemy_url(database_url: str) -> str:
    """The same database for SQLAlchemy (Alembic), through psycopg 3."""
    if database_url.startswith("postgresql://"):
        return "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    if database_url.startswith("postgres://"):
        return "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    return database_url


def migrate(database_url: str, target: str = "head", *, down: bool = False) -> None:
    """Bring the cloud schema to its newest revision (or to `target`, for tests of an upgrade); with `down`, take
    it back to `target` (tests of a migration's downgrade and of its fill on the way up again)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = create_engine(sqlalchemy_url(database_url), poolclass=pool.NullPool)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, target)
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
                set_shop(conn, shop_id)
            yield conn

    def close(self) -> None:
        self.pool.close()

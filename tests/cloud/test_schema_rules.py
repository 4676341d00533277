"""The cloud's schema keeps to Citus's rules for distributing by shop, read from a migrated database.

Shop tables carry `shop_id` first in their key and in every unique key, are protected by row-level security on
it, and point only at shop tables through keys that include it (co-located); reference tables (read before a
request's shop is known) point at no shop table; and the service states a transaction's shop with `SET LOCAL`,
which Citus passes on to the nodes, never with `set_config()`. Not run on Citus itself: the rules are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pgserver import PostgresCluster

from pos.cloud.db import REFERENCE_TABLES, SHOP_TABLES

CLOUD = Path(__file__).resolve().parents[2] / "pos" / "cloud"


@pytest.fixture(scope="module")
def schema(postgres: PostgresCluster) -> Iterator[psycopg.Connection]:
    with psycopg.connect(postgres.url("laci_template")) as conn:
        yield conn


def columns_of(conn: psycopg.Connection, constraint_type: str) -> list[tuple[str, str, list[str]]]:
    rows = conn.execute(
        "SELECT c.conrelid::regclass::text, c.conname, array_agg(a.attname ORDER BY k.n) "
        "FROM pg_constraint c CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum "
        "WHERE c.contype = %s AND c.connamespace = 'public'::regnamespace GROUP BY 1, 2",
        (constraint_type,),
    ).fetchall()
    return [(table, name, list(cols)) for table, name, cols in rows]


def test_every_table_is_either_a_shop_table_or_a_reference_table(schema: psycopg.Connection) -> None:
    tables = {
        r[0]
        for r in schema.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        if r[0] != "laci_cloud_version"  # Alembic's, on the coordinator alone
    }
    assert tables == set(SHOP_TABLES) | set(REFERENCE_TABLES)
    assert not set(SHOP_TABLES) & set(REFERENCE_TABLES)


def test_shop_tables_lead_every_key_with_the_shop(schema: psycopg.Connection) -> None:
    for kind in ("p", "u"):
        for table, name, cols in columns_of(schema, kind):
            if table in SHOP_TABLES:
                assert cols[0] == "shop_id", (table, name, cols)


def test_foreign_keys_stay_within_a_shop_and_never_leave_a_reference_table(schema: psycopg.Connection) -> None:
    rows = schema.execute(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, c.conname, "
        "ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a "
        "ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), "
        "ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a "
        "ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) "
        "FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace"
    ).fetchall()
    assert rows, "the schema has foreign keys to check"
    for table, target, name, cols, target_cols in rows:
        if table in REFERENCE_TABLES:
            assert target not in SHOP_TABLES, (table, name)
            continue
        assert target in SHOP_TABLES, (table, name)
        assert ("shop_id", "shop_id") in zip(cols, target_cols, strict=True), (table, name, cols, target_cols)


def test_every_shop_table_is_walled_off_by_row_level_security(schema: psycopg.Connection) -> None:
    for table in SHOP_TABLES:
        enabled, forced = schema.execute(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s::regclass", (table,)
        ).fetchone() or (False, False)
        policies = schema.execute("SELECT qual, with_check FROM pg_policies WHERE tablename = %s", (table,)).fetchall()
        assert enabled and forced and policies, table
        for qual, check in policies:
            assert "shop_id" in qual and "laci.shop_id" in qual and "laci.shop_id" in check, table


def test_the_service_states_its_shop_with_set_local() -> None:
    code = "\n".join(p.read_text() for p in CLOUD.glob("*.py"))
    assert "SET LOCAL laci.shop_id" in code
    assert not re.search(r"set_config\(\s*'laci\.shop_id'", code)

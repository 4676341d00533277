"""The owner's coarser rollups and the migrations that fill them: the year rollup of sales by product, kept step
by step as events arrive (a late sale of last year included), equals the one built again from the log; and the
upgrades that fill read models for the shops already there (c0005, c0006) do it for every shop when run, as a
deployment runs them, by the role that owns the tables, which is neither a superuser nor exempt from row-level
security."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from psycopg.types.json import Jsonb
from test_web_read_models import snapshot

from pos.cloud import auth
from pos.cloud.auth import create_shop
from pos.cloud.db import CloudDB, migrate
from pos.cloud.web import best, catchup

BREAD, MILK = uuid.uuid4(), uuid.uuid4()


def _sale(device: uuid.UUID, day: str, product: uuid.UUID, qty: int, revenue: int) -> dict[str, Any]:
    sale_id = uuid.uuid4().hex
    row = {"id": sale_id, "business_date": day, "device_id": device.hex, "created_at": f"{day}T03:00:00+00:00"}
    line = {"sale_id": sale_id, "line_no": 1, "product_id": product.hex, "qty_milli": qty, "pack_milli": 1000}
    return {"rows": {"sales": [{**row, "total": revenue}], "sale_lines": [{**line, "revenue": revenue}]}}


def _shop_with_sales(db: CloudDB, name: str, sales: list[tuple[str, uuid.UUID, int, int]]) -> uuid.UUID:
    """A shop whose one counter's log holds `sales` (day, product, qty_milli, revenue), in that order."""
    shop, code = create_shop(db, name)
    device = uuid.uuid4()
    auth.enrol(db, auth.EnrolRequest(code, device, "A", "Kasir A"))
    with db.transaction(shop) as conn:
        for n, (day, product, qty, revenue) in enumerate(sales, 1):
            conn.execute(
                "INSERT INTO events (shop_id, server_seq, device_id, device_seq, event_id, kind, schema_version, "
                "payload, created_at) VALUES (%s, %s, %s, %s, %s, 'sale.completed', 1, %s, now())",
                (shop, n, device, n, uuid.uuid4(), Jsonb(_sale(device, day, product, qty, revenue))),
            )
        conn.execute("UPDATE shops SET last_seq = %s WHERE shop_id = %s", (len(sales), shop))
    return shop


# Two years; the last event a sale of the old year's last day that reached the service late.
SALES = [
    ("2025-12-30", BREAD, 2_000, 10_000),
    ("2025-12-31", MILK, 1_500, 9_000),
    ("2026-01-01", BREAD, 1_000, 5_000),
    ("2026-06-15", MILK, 3_000, 18_000),
    ("2026-12-31", BREAD, 1_000, 5_000),
    ("2025-12-31", BREAD, 4_000, 20_000),
]


def _years(db: CloudDB, shop: uuid.UUID) -> dict[tuple[str, str], tuple[int, int]]:
    with db.transaction(shop) as conn:
        return {
            (str(year), product.hex): (int(qty), int(revenue))
            for year, product, qty, revenue in conn.execute(
                "SELECT year, product_id, qty, revenue FROM web_year_products WHERE shop_id = %s", (shop,)
            )
        }


def test_the_year_rollup_kept_step_by_step_equals_the_one_rebuilt_from_the_log(cloud_db: CloudDB) -> None:
    shop = _shop_with_sales(cloud_db, "Toko Dua Tahun", SALES)
    after = 0
    while after < len(SALES):  # one event a step, as a counter syncing after each sale brings them
        with cloud_db.transaction(shop) as conn:
            _applied, after = catchup.step(conn, shop, after, 1)
    kept = snapshot(cloud_db, shop)
    years = _years(cloud_db, shop)
    # Quantities are the base unit in millionths (qty_milli x pack_milli).
    assert years == {
        ("2025-01-01", BREAD.hex): (6_000_000, 30_000),
        ("2025-01-01", MILK.hex): (1_500_000, 9_000),
        ("2026-01-01", BREAD.hex): (2_000_000, 10_000),
        ("2026-01-01", MILK.hex): (3_000_000, 18_000),
    }
    catchup.rebuild(cloud_db, shop)
    assert snapshot(cloud_db, shop) == kept
    # Ranked over periods read from the year rollup (less what lies outside), months and days.
    for start, end, bread, milk in (
        ("2025-01-01", "2025-12-31", 6_000, 1_500),
        ("2025-12-31", "2026-12-30", 5_000, 4_500),
        ("2025-12-01", "2026-12-31", 8_000, 4_500),
        ("2026-01-02", "2026-12-31", 1_000, 3_000),
    ):
        with cloud_db.transaction(shop) as conn:
            by_qty, _by_revenue = best.best_sellers(
                conn, shop, dt.date.fromisoformat(start), dt.date.fromisoformat(end), 10
            )
        assert {b.product_id: b.qty_milli for b in by_qty} == {BREAD: bread, MILK: milk}, (start, end)


def test_the_upgrades_fill_every_shop_as_the_non_superuser_owner_of_the_tables(
    cloud_url: str, cloud_db: CloudDB
) -> None:
    shops = [_shop_with_sales(cloud_db, name, SALES[:4]) for name in ("Toko Satu", "Toko Dua")]
    for shop in shops:
        assert catchup.catch_up(cloud_db, shop)
    before = {shop: snapshot(cloud_db, shop) for shop in shops}
    assert all(s["web_year_products"] and s["web_day_channels"] for s in before.values())
    with cloud_db.transaction() as conn:
        # The role the migrations run as (the tests' database URL, as a deployment's): not a superuser, not exempt
        # from row-level security, and the owner of every table they fill.
        role = conn.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user").fetchone()
        assert role == (False, False)
        owners = dict(
            conn.execute(
                "SELECT tablename, tableowner = current_user FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename IN ('events', 'web_sales', 'web_voids', 'web_returns', 'web_month_products')"
            ).fetchall()
        )
        assert owners == dict.fromkeys(owners, True) and len(owners) == 5
    migrate(cloud_url, "c0004", down=True)  # before sales by channel and the year rollup
    with cloud_db.transaction() as conn:
        gone = conn.execute("SELECT to_regclass('web_year_products'), to_regclass('web_day_channels')").fetchone()
        assert gone == (None, None)
    migrate(cloud_url)
    assert {shop: snapshot(cloud_db, shop) for shop in shops} == before
    with cloud_db.transaction() as conn:  # row-level security holds again once the fill is done
        assert conn.execute(
            "SELECT bool_and(relforcerowsecurity) FROM pg_class WHERE relname IN "
            "('events', 'web_sales', 'web_voids', 'web_returns', 'web_month_products', 'web_year_products', "
            "'web_day_channels')"
        ).fetchone() == (True,)
        assert conn.execute("SELECT count(*) FROM web_year_products").fetchone() == (0,)  # no shop stated: none

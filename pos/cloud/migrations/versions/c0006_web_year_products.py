"""The owner's web: sales by product summed by calendar year (`web_year_products`), so a year's best sellers add
up one row a product instead of twelve, kept from the month rollup for each year a catch-up step touched.

Existing shops' are filled here from their month rollups, as the catch-up computes them; no rebuild is needed.
"""

from __future__ import annotations

from alembic import op

revision = "c0006"
down_revision = "c0005"
branch_labels = None
depends_on = None

SHOP_TABLES = ("web_year_products",)
MONEY = "bigint NOT NULL DEFAULT 0"
# Tables the fill below reads or writes for every shop at once.
FILLED = ("web_month_products", "web_year_products")


def upgrade() -> None:
    op.execute(
        f"""
        CREATE TABLE web_year_products (             -- web_month_products summed by calendar year
            shop_id uuid NOT NULL, year date NOT NULL, product_id uuid NOT NULL,
            qty bigint NOT NULL DEFAULT 0, revenue {MONEY}, returned_qty bigint NOT NULL DEFAULT 0,
            returned_revenue {MONEY},
            PRIMARY KEY (shop_id, year, product_id)
        );
        """
    )
    for table in SHOP_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_by_shop ON {table} "
            "USING (shop_id = NULLIF(current_setting('laci.shop_id', true), '')::uuid) "
            "WITH CHECK (shop_id = NULLIF(current_setting('laci.shop_id', true), '')::uuid)"
        )
    # The fill spans every shop: row-level security steps aside for the table owner meanwhile (the migration runs
    # as the role that owns the tables, never a superuser).
    for table in FILLED:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    # By the rule of `pos.cloud.web.rollup` (written out: a migration is history).
    op.execute(
        "INSERT INTO web_year_products (shop_id, year, product_id, qty, revenue, returned_qty, returned_revenue) "
        "SELECT shop_id, date_trunc('year', month)::date, product_id, SUM(qty), SUM(revenue), SUM(returned_qty), "
        "SUM(returned_revenue) FROM web_month_products GROUP BY 1, 2, 3"
    )
    for table in FILLED:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.execute("DROP TABLE web_year_products")

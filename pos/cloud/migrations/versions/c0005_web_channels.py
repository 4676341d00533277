"""The owner's web by sales channel: the channel, ongkir and platform commission of each sale copied into
`web_sales`, the commission a platform gives back on a refund through it into `web_returns`, and
`web_day_channels`, a day rollup per counter and channel with the figures of the counter's own `by_channel`.

Existing shops' read models are filled here rather than rebuilt: the new columns of the sales and returns
already copied are read from the stored events, and the rollup is computed from the copies, as the catch-up
computes it for the days a batch touches. Events after a shop's cursor are left to the catch-up, as before.
"""

from __future__ import annotations

from alembic import op

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None

SHOP_TABLES = ("web_day_channels",)
MONEY = "bigint NOT NULL DEFAULT 0"
# Tables the fill below reads or writes for every shop at once.
FILLED = ("events", "web_sales", "web_voids", "web_returns", "web_day_channels")


def _number(field: str) -> str:
    """A whole number of a row in an event, or 0 (such an event's rows were never copied anyway)."""
    return (
        f"CASE WHEN jsonb_typeof(r->'{field}') = 'number' AND (r->>'{field}') ~ '^-?[0-9]{{1,18}}$' "
        f"THEN (r->>'{field}')::bigint ELSE 0 END"
    )


def _id(field: str) -> str:
    """A UUID of a row in an event as counters write it (hex), or NULL."""
    return f"CASE WHEN (r->>'{field}') ~ '^[0-9a-f]{{32}}$' THEN (r->>'{field}')::uuid END"


def upgrade() -> None:
    op.execute(
        f"""
        ALTER TABLE web_sales ADD COLUMN channel text NOT NULL DEFAULT 'counter',
            ADD COLUMN delivery_fee {MONEY},      -- ongkir, within the total
            ADD COLUMN commission {MONEY};        -- kept by the platform
        ALTER TABLE web_returns ADD COLUMN commission {MONEY};  -- given back by the platform with the refund
        CREATE TABLE web_day_channels (
            shop_id uuid NOT NULL, business_date date NOT NULL, device_id uuid NOT NULL, channel text NOT NULL,
            sales integer NOT NULL DEFAULT 0,     -- sales that stand, voided ones left out
            goods {MONEY},                        -- their totals less ongkir
            delivery_fees {MONEY}, total {MONEY},
            commission {MONEY},                   -- kept by the platform, less what it gave back on refunds that day
            refunds {MONEY},                      -- paid back that day on returns of the channel's sales
            PRIMARY KEY (shop_id, business_date, device_id, channel)
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
    # The fill spans every shop: row-level security steps aside for the table owner meanwhile.
    for table in FILLED:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    # Only sales off the counter, or with ongkir or commission, differ from the columns' defaults.
    op.execute(
        "UPDATE web_sales s SET channel = f.channel, delivery_fee = f.delivery_fee, commission = f.commission FROM ("
        f"SELECT e.shop_id, {_id('id')} AS sale_id, coalesce(nullif(r->>'channel', ''), 'counter') AS channel, "
        f"{_number('delivery_fee')} AS delivery_fee, {_number('commission')} AS commission "
        "FROM events e, jsonb_array_elements(e.payload->'rows'->'sales') r "
        "WHERE e.rejected IS NULL AND jsonb_typeof(e.payload->'rows'->'sales') = 'array' "
        "AND (coalesce(nullif(r->>'channel', ''), 'counter') <> 'counter' "
        "OR coalesce(r->>'delivery_fee', '0') <> '0' OR coalesce(r->>'commission', '0') <> '0')"
        ") f WHERE s.shop_id = f.shop_id AND s.sale_id = f.sale_id"
    )
    op.execute(
        "UPDATE web_returns w SET commission = f.commission FROM ("
        f"SELECT e.shop_id, {_id('id')} AS return_id, {_number('commission')} AS commission "
        "FROM events e, jsonb_array_elements(e.payload->'rows'->'sale_returns') r "
        "WHERE e.rejected IS NULL AND jsonb_typeof(e.payload->'rows'->'sale_returns') = 'array' "
        "AND coalesce(r->>'commission', '0') <> '0'"
        ") f WHERE w.shop_id = f.shop_id AND w.return_id = f.return_id"
    )
    # Every day of every shop, by the rule of `pos.cloud.web.rollup` (written out: a migration is history).
    op.execute(
        "INSERT INTO web_day_channels (shop_id, business_date, device_id, channel, sales, goods, delivery_fees, "
        "total, commission, refunds) "
        "SELECT shop, d, dev, ch, SUM(n), SUM(g), SUM(f), SUM(t), SUM(c), SUM(r) FROM ("
        "SELECT s.shop_id, s.business_date, s.device_id, s.channel, 1, s.total - s.delivery_fee, s.delivery_fee, "
        "s.total, s.commission, 0 FROM web_sales s WHERE NOT EXISTS "
        "(SELECT 1 FROM web_voids v WHERE v.shop_id = s.shop_id AND v.sale_id = s.sale_id) "
        "UNION ALL SELECT r.shop_id, r.business_date, r.device_id, s.channel, 0, 0, 0, 0, -r.commission, r.amount "
        "FROM web_returns r JOIN web_sales s ON s.shop_id = r.shop_id AND s.sale_id = r.sale_id"
        ") AS parts (shop, d, dev, ch, n, g, f, t, c, r) GROUP BY shop, d, dev, ch"
    )
    for table in FILLED:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.execute(
        """
        DROP TABLE web_day_channels;
        ALTER TABLE web_returns DROP COLUMN commission;
        ALTER TABLE web_sales DROP COLUMN channel, DROP COLUMN delivery_fee, DROP COLUMN commission;
        """
    )

"""Cloud schema: shops, devices and their tokens, the event log, master-data state, the owner's daily totals.

Every per-shop table has `shop_id` first in its primary key, so the schema distributes by shop on Citus
(`create_distributed_table(..., 'shop_id')`); the two lookup tables reached before the shop is known
(enrolment codes and device tokens, by their hash) are small and would be Citus reference tables. Row-level
security is a second wall behind the service's own checks: each transaction states its shop in
`laci.shop_id`, and a row of another shop is invisible to it.
"""

from __future__ import annotations

from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None

SHOP_TABLES = ("shops", "devices", "events", "master_state", "sales_index", "daily_totals")


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE shops (
            shop_id uuid PRIMARY KEY,
            name text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            last_seq bigint NOT NULL DEFAULT 0,       -- gap-free server sequence, advanced in the push transaction
            pruned_before bigint NOT NULL DEFAULT 0   -- events below this were compacted away: pull needs a snapshot
        );
        CREATE TABLE enrolment_codes (
            code_hash text PRIMARY KEY,
            shop_id uuid NOT NULL REFERENCES shops,
            owner boolean NOT NULL DEFAULT false,
            expires_at timestamptz NOT NULL,
            used_at timestamptz
        );
        CREATE TABLE devices (
            shop_id uuid NOT NULL REFERENCES shops,
            device_id uuid NOT NULL,
            code text NOT NULL,
            name text NOT NULL,
            owner boolean NOT NULL DEFAULT false,
            acked_seq bigint NOT NULL DEFAULT 0,      -- highest contiguous device sequence stored
            created_at timestamptz NOT NULL DEFAULT now(),
            revoked_at timestamptz,
            PRIMARY KEY (shop_id, device_id),
            UNIQUE (shop_id, code)
        );
        CREATE TABLE device_tokens (
            token_hash text PRIMARY KEY,
            shop_id uuid NOT NULL,
            device_id uuid NOT NULL,
            FOREIGN KEY (shop_id, device_id) REFERENCES devices
        );
        CREATE TABLE events (
            shop_id uuid NOT NULL,
            server_seq bigint NOT NULL,
            device_id uuid NOT NULL,
            device_seq bigint NOT NULL,
            event_id uuid NOT NULL,
            kind text NOT NULL,
            schema_version integer NOT NULL,
            payload jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL DEFAULT now(),
            rejected text,                            -- why a bad event was refused; kept so sequences stay whole
            PRIMARY KEY (shop_id, server_seq),
            UNIQUE (shop_id, device_id, device_seq),
            FOREIGN KEY (shop_id, device_id) REFERENCES devices
        );
        CREATE TABLE master_state (
            shop_id uuid NOT NULL,
            entity text NOT NULL,
            key text NOT NULL,
            field text NOT NULL,
            value jsonb,
            hlc text NOT NULL,
            PRIMARY KEY (shop_id, entity, key, field)
        );
        CREATE TABLE sales_index (
            shop_id uuid NOT NULL,
            sale_id uuid NOT NULL,
            device_id uuid NOT NULL,
            business_date date NOT NULL,
            payments jsonb NOT NULL,                  -- {"cash": 15000, "qris": 5000}
            voided boolean NOT NULL DEFAULT false,
            PRIMARY KEY (shop_id, sale_id)
        );
        CREATE TABLE daily_totals (
            shop_id uuid NOT NULL,
            business_date date NOT NULL,
            device_id uuid NOT NULL,
            method text NOT NULL,
            amount bigint NOT NULL DEFAULT 0,
            sales integer NOT NULL DEFAULT 0,
            PRIMARY KEY (shop_id, business_date, device_id, method)
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


def downgrade() -> None:
    op.execute(
        "DROP TABLE daily_totals, sales_index, master_state, events, device_tokens, devices, enrolment_codes, shops"
    )

"""The owner's web: read models of the shop's facts, owner logins linked to shops, one-time links and sessions.

Read models (`web_*` tables keyed by shop first, under the same row-level security as the rest) are kept by a
catch-up worker from the event log: `web_cursor` says how far each shop's were brought, and a trigger on the
shop's sequence marks a shop in `web_dirty` in the push's own transaction, so the worker knows whom to visit
without reading every shop. Facts are mirrored slimly (only the columns the owner's pages read); `web_day*`
tables are day rollups recomputed from the mirrors for each day a batch touched, so the pages read a few rows
per day however busy the shop.

Owner logins, their shops, links, sessions and login attempts are read before any shop is known (from a cookie
or a one-time code, by hash), like enrolment codes and device tokens: they carry no shop policy.
"""

from __future__ import annotations

from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None

SHOP_TABLES = (
    "web_cursor",
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
    "web_day_hours",
    "web_day_products",
    "web_month_products",
    "web_products",
    "web_shop_settings",
    "web_device_seen",
)

MONEY = "bigint NOT NULL DEFAULT 0"


def upgrade() -> None:
    op.execute(
        f"""
        CREATE TABLE web_cursor (
            shop_id uuid PRIMARY KEY,
            seq bigint NOT NULL DEFAULT 0,            -- events up to this server sequence are in the read models
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE web_dirty (
            shop_id uuid PRIMARY KEY,                 -- a shop with events the read models may not hold yet
            first_at timestamptz NOT NULL DEFAULT now(),  -- the first push since the worker last came
            marked_at timestamptz NOT NULL DEFAULT now()  -- the latest: the worker waits for a pause in pushes
        );
        CREATE TABLE web_sales (
            shop_id uuid NOT NULL,
            sale_id uuid NOT NULL,
            device_id uuid NOT NULL,
            business_date date NOT NULL,
            created_at timestamptz NOT NULL,
            shift_id uuid,
            gross {MONEY}, discount {MONEY}, ppn {MONEY}, rounding {MONEY}, total {MONEY}, cost {MONEY},
            PRIMARY KEY (shop_id, sale_id)
        );
        CREATE INDEX ix_web_sales_day ON web_sales (shop_id, business_date);
        CREATE INDEX ix_web_sales_shift ON web_sales (shop_id, shift_id);
        CREATE TABLE web_sale_payments (
            shop_id uuid NOT NULL, sale_id uuid NOT NULL, line_no integer NOT NULL,
            method text NOT NULL, amount {MONEY},
            PRIMARY KEY (shop_id, sale_id, line_no)
        );
        CREATE TABLE web_sale_lines (
            shop_id uuid NOT NULL, sale_id uuid NOT NULL, line_no integer NOT NULL,
            product_id uuid NOT NULL, qty_milli bigint NOT NULL, pack_milli bigint NOT NULL, revenue {MONEY},
            PRIMARY KEY (shop_id, sale_id, line_no)
        );
        CREATE TABLE web_voids (
            shop_id uuid NOT NULL, sale_id uuid NOT NULL, shift_id uuid,
            PRIMARY KEY (shop_id, sale_id)
        );
        CREATE INDEX ix_web_voids_shift ON web_voids (shop_id, shift_id);
        CREATE TABLE web_returns (
            shop_id uuid NOT NULL, return_id uuid NOT NULL, sale_id uuid NOT NULL, device_id uuid NOT NULL,
            shift_id uuid, business_date date NOT NULL, refund_method text NOT NULL, amount {MONEY},
            PRIMARY KEY (shop_id, return_id)
        );
        CREATE INDEX ix_web_returns_day ON web_returns (shop_id, business_date);
        CREATE INDEX ix_web_returns_shift ON web_returns (shop_id, shift_id);
        CREATE TABLE web_return_lines (
            shop_id uuid NOT NULL, return_id uuid NOT NULL, line_no integer NOT NULL,
            sale_id uuid NOT NULL, sale_line_no integer NOT NULL, qty_milli bigint NOT NULL, revenue {MONEY},
            PRIMARY KEY (shop_id, return_id, line_no)
        );
        CREATE TABLE web_cash_moves (
            shop_id uuid NOT NULL, id uuid NOT NULL, device_id uuid NOT NULL, shift_id uuid,
            business_date date NOT NULL, direction text NOT NULL, amount {MONEY},
            PRIMARY KEY (shop_id, id)
        );
        CREATE INDEX ix_web_cash_moves_day ON web_cash_moves (shop_id, business_date);
        CREATE INDEX ix_web_cash_moves_shift ON web_cash_moves (shop_id, shift_id);
        CREATE TABLE web_party_payments (
            shop_id uuid NOT NULL, id uuid NOT NULL, device_id uuid NOT NULL, shift_id uuid,
            business_date date NOT NULL, party_kind text NOT NULL, method text NOT NULL, amount {MONEY},
            PRIMARY KEY (shop_id, id)
        );
        CREATE INDEX ix_web_party_payments_day ON web_party_payments (shop_id, business_date);
        CREATE INDEX ix_web_party_payments_shift ON web_party_payments (shop_id, shift_id);
        CREATE TABLE web_order_payments (
            shop_id uuid NOT NULL, id uuid NOT NULL, device_id uuid NOT NULL, shift_id uuid,
            business_date date NOT NULL, kind text NOT NULL, method text NOT NULL, amount {MONEY},
            PRIMARY KEY (shop_id, id)
        );
        CREATE INDEX ix_web_order_payments_day ON web_order_payments (shop_id, business_date);
        CREATE INDEX ix_web_order_payments_shift ON web_order_payments (shop_id, shift_id);
        CREATE TABLE web_shifts (
            shop_id uuid NOT NULL, shift_id uuid NOT NULL, device_id uuid NOT NULL, opened_by uuid NOT NULL,
            opened_at timestamptz NOT NULL, business_date date NOT NULL, opening_float {MONEY},
            PRIMARY KEY (shop_id, shift_id)
        );
        CREATE INDEX ix_web_shifts_day ON web_shifts (shop_id, business_date);
        CREATE TABLE web_shift_closes (
            shop_id uuid NOT NULL, shift_id uuid NOT NULL, closed_at timestamptz NOT NULL,
            counted_cash {MONEY}, difference {MONEY},
            z_report jsonb NOT NULL,                  -- the figures kept at close, as the counter keeps them
            PRIMARY KEY (shop_id, shift_id)
        );
        CREATE TABLE web_day_accounts (
            shop_id uuid NOT NULL, business_date date NOT NULL, device_id uuid NOT NULL, account_code text NOT NULL,
            debit {MONEY}, credit {MONEY},
            PRIMARY KEY (shop_id, business_date, device_id, account_code)
        );
        CREATE TABLE web_receivables (
            shop_id uuid NOT NULL, entry_id uuid NOT NULL, line_no integer NOT NULL, party_id uuid NOT NULL,
            business_date date NOT NULL, created_at timestamptz NOT NULL, debit {MONEY}, credit {MONEY},
            PRIMARY KEY (shop_id, entry_id, line_no)
        );
        CREATE INDEX ix_web_receivables_party ON web_receivables (shop_id, party_id);
        CREATE TABLE web_stock (
            shop_id uuid NOT NULL, product_id uuid NOT NULL, qty_milli bigint NOT NULL DEFAULT 0, value {MONEY},
            PRIMARY KEY (shop_id, product_id)
        );
        CREATE TABLE web_days (
            shop_id uuid NOT NULL, business_date date NOT NULL, device_id uuid NOT NULL,
            sales integer NOT NULL DEFAULT 0, gross {MONEY}, discount {MONEY}, ppn {MONEY}, rounding {MONEY},
            total {MONEY}, revenue {MONEY}, cost {MONEY},
            voids integer NOT NULL DEFAULT 0, voids_total {MONEY},
            refunds integer NOT NULL DEFAULT 0, refunds_total {MONEY}, refunds_cash {MONEY},
            cash_in {MONEY}, cash_out {MONEY}, kasbon_received {MONEY}, kasbon_cash {MONEY},
            deposits_received {MONEY}, deposits_refunded {MONEY}, deposits_cash {MONEY},
            PRIMARY KEY (shop_id, business_date, device_id)
        );
        CREATE TABLE web_day_methods (
            shop_id uuid NOT NULL, business_date date NOT NULL, device_id uuid NOT NULL, method text NOT NULL,
            amount {MONEY},
            PRIMARY KEY (shop_id, business_date, device_id, method)
        );
        CREATE TABLE web_day_hours (
            shop_id uuid NOT NULL, business_date date NOT NULL, device_id uuid NOT NULL,
            utc_hour smallint NOT NULL,               -- the shop's hour is this plus its zone's whole-hour offset
            sales integer NOT NULL DEFAULT 0, revenue {MONEY},
            takings {MONEY},                          -- what customers owed (PPN and rounding in): sums to the day
            PRIMARY KEY (shop_id, business_date, device_id, utc_hour)
        );
        CREATE TABLE web_day_products (
            shop_id uuid NOT NULL, business_date date NOT NULL, product_id uuid NOT NULL,
            qty bigint NOT NULL DEFAULT 0,            -- base units in millionths (packs x pack size), summed
            revenue {MONEY}, returned_qty bigint NOT NULL DEFAULT 0, returned_revenue {MONEY},
            PRIMARY KEY (shop_id, business_date, product_id)
        );
        CREATE TABLE web_products (                  -- products as merged in master_state, one row each
            shop_id uuid NOT NULL, product_id uuid NOT NULL, name text NOT NULL DEFAULT '',
            unit text NOT NULL DEFAULT 'pcs', low_stock_milli bigint NOT NULL DEFAULT 0,
            is_active boolean NOT NULL DEFAULT true,
            PRIMARY KEY (shop_id, product_id)
        );
        CREATE INDEX ix_web_products_low ON web_products (shop_id) WHERE low_stock_milli > 0;
        CREATE TABLE web_month_products (            -- web_day_products summed by month, for long periods
            shop_id uuid NOT NULL, month date NOT NULL, product_id uuid NOT NULL,
            qty bigint NOT NULL DEFAULT 0, revenue {MONEY}, returned_qty bigint NOT NULL DEFAULT 0,
            returned_revenue {MONEY},
            PRIMARY KEY (shop_id, month, product_id)
        );
        CREATE TABLE web_shop_settings (
            shop_id uuid PRIMARY KEY,
            silent_minutes integer NOT NULL DEFAULT 120   -- a counter quiet for longer is shown in red
        );
        CREATE TABLE web_device_seen (
            shop_id uuid NOT NULL, device_id uuid NOT NULL,
            seen_at timestamptz NOT NULL,             -- the counter's last pull
            waiting bigint NOT NULL DEFAULT 0,        -- events it said it still had to send then
            PRIMARY KEY (shop_id, device_id)
        );

        CREATE TABLE web_owners (
            owner_id uuid PRIMARY KEY,
            created_at timestamptz NOT NULL DEFAULT now(),
            login text UNIQUE,                        -- chosen with a password; none for link-only owners
            password_hash text,                       -- argon2id
            language text NOT NULL DEFAULT 'id'
        );
        CREATE TABLE web_owner_shops (
            shop_id uuid PRIMARY KEY,                     -- a shop belongs to one owner login
            owner_id uuid NOT NULL REFERENCES web_owners,
            linked_at timestamptz NOT NULL DEFAULT now(),
            linked_by uuid NOT NULL                       -- the owner's device that made the link
        );
        CREATE INDEX ix_web_owner_shops_owner ON web_owner_shops (owner_id);
        CREATE TABLE web_links (
            code_hash text PRIMARY KEY,
            shop_id uuid NOT NULL,
            device_id uuid NOT NULL,
            expires_at timestamptz NOT NULL,
            used_at timestamptz
        );
        CREATE TABLE web_sessions (
            session_id uuid PRIMARY KEY,              -- shown on the counter; the cookie's token is stored hashed
            token_hash text NOT NULL UNIQUE,
            owner_id uuid NOT NULL REFERENCES web_owners,
            csrf text NOT NULL,
            created_at timestamptz NOT NULL,
            last_seen_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            ended_at timestamptz,
            agent text NOT NULL DEFAULT ''
        );
        CREATE INDEX ix_web_sessions_owner ON web_sessions (owner_id);
        CREATE TABLE web_attempts (
            key text PRIMARY KEY,                     -- 'ip:...' or 'login:...'
            window_start timestamptz NOT NULL,
            failures integer NOT NULL DEFAULT 0
        );

        CREATE FUNCTION web_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO web_dirty (shop_id) VALUES (NEW.shop_id)
            ON CONFLICT (shop_id) DO UPDATE SET marked_at = now();
            RETURN NEW;
        END $$;
        CREATE TRIGGER shops_web_dirty AFTER UPDATE OF last_seq ON shops
            FOR EACH ROW WHEN (NEW.last_seq <> OLD.last_seq) EXECUTE FUNCTION web_mark_dirty();
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
    op.execute("DROP TRIGGER IF EXISTS shops_web_dirty ON shops")
    op.execute("DROP FUNCTION IF EXISTS web_mark_dirty()")
    op.execute(
        "DROP TABLE web_attempts, web_sessions, web_links, web_owner_shops, web_owners, web_dirty, "
        + ", ".join(SHOP_TABLES)
    )

"""The service as a witness: each counter's chain heads as they arrive, what departed from them, the service's
signing key, and the loan-pack statements it signed.

`chain_heads` keeps one row per push that carried journal entries: the last entry's sequence and hash, and the
earliest business day among them (which tells whether anything was booked into a period after a pack of it was
made). `chain_flags` records each time a counter's history stopped extending what the service held. Statements
are found by their code from the public verification page, before the shop is known: `statement_codes` is that
small lookup (a Citus reference table), as `device_tokens` is for tokens.
"""

from __future__ import annotations

from alembic import op

revision = "c0004"
down_revision = "c0003"
branch_labels = None
depends_on = None

SHOP_TABLES = ("chain_heads", "chain_flags", "statements")


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE chain_heads (
            shop_id uuid NOT NULL,
            device_id uuid NOT NULL,
            seq bigint NOT NULL,                      -- the last journal entry of one push
            hash text NOT NULL,
            first_seq bigint NOT NULL,                -- the push's first entry
            min_date date NOT NULL,                   -- the earliest business day booked in the push
            received_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (shop_id, device_id, seq),
            FOREIGN KEY (shop_id, device_id) REFERENCES devices
        );
        CREATE TABLE chain_flags (
            shop_id uuid NOT NULL,
            device_id uuid NOT NULL,
            seq bigint NOT NULL,                      -- the witnessed entry the counter departed from
            reason text NOT NULL,                     -- rewritten, truncated, gap, reordered
            held text NOT NULL,                       -- what the service held there
            seen text,                                -- what the counter showed instead
            at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (shop_id, device_id, seq, reason),
            FOREIGN KEY (shop_id, device_id) REFERENCES devices
        );
        CREATE TABLE service_keys (
            key_id text PRIMARY KEY,
            private_key bytea NOT NULL,
            public_key bytea NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE statements (
            shop_id uuid NOT NULL REFERENCES shops,
            code text NOT NULL,
            token text NOT NULL,
            figures jsonb NOT NULL,                   -- the printed lines the token's digest binds
            period_start date NOT NULL,
            period_end date NOT NULL,
            witnessed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (shop_id, code)
        );
        CREATE TABLE statement_codes (
            code text PRIMARY KEY,
            shop_id uuid NOT NULL
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
    op.execute("DROP TABLE statement_codes, statements, service_keys, chain_flags, chain_heads")

"""Sync that holds against a dishonest device: enrolment that never takes a device over, what the shop's log
holds (for checking references), rate limits, and no PIN hash that an offline search could break.

- `enrolment_codes.replaces` (an invite the owner made to replace one device, revoking its tokens) and
  `created_by`; `device_log`, the audit of enrolments, replacements and revocations.
- `devices.journal_seq`, `journal_hash`: the last entry of each device's journal chain the shop holds (filled
  here from the stored events): a later entry must follow it, so no device leaves a gap or a fork in its chain
  that every counter's `laci check` would report.
- `known_rows`: the ids and unique keys of the facts other events point at (sales, journal entries, shifts...),
  filled at every push and here from the events already stored, so an event that names a sale the shop does not
  have is refused before any counter sees it.
- `rate_limits`: counts of enrolments and failed authentications per address and per shop, shared by every
  worker.
- `shops.checked_from`: events stored before this revision were not checked against the owner's authority;
  counters apply them as they did before (`pos.ledger.replication.inbound`).
- PIN hashes stored so far were argon2id alone, which a search of 10^4 to 10^6 PINs breaks: they are removed from
  the stored events and master data. The owner's device sends its users again with keyed hashes at its first
  sync after the upgrade.
- Citus's rules: the two tables read before a request's shop is known (`enrolment_codes`, `device_tokens`) lose
  their foreign keys to shop tables, so they can be reference tables next to the tables distributed by shop.
"""

from __future__ import annotations

from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None

NEW_SHOP_TABLES = ("device_log", "known_rows")
# (key kind, table in the event's rows, expression giving the key) for what `known_rows` indexes.
KNOWN = (
    ("journal_entries", "journal_entries", "replace(r->>'id', '-', '')"),
    ("shifts", "shifts", "replace(r->>'id', '-', '')"),
    ("sales", "sales", "replace(r->>'id', '-', '')"),
    ("sales.receipt_no", "sales", "r->>'receipt_no'"),
    ("sale_returns", "sale_returns", "replace(r->>'id', '-', '')"),
    ("sale_returns.return_no", "sale_returns", "r->>'return_no'"),
    ("sale_voids.sale_id", "sale_voids", "replace(r->>'sale_id', '-', '')"),
    ("purchases", "purchases", "replace(r->>'id', '-', '')"),
    ("stock_counts", "stock_counts", "replace(r->>'id', '-', '')"),
)


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE enrolment_codes DROP CONSTRAINT enrolment_codes_shop_id_fkey;
        ALTER TABLE enrolment_codes ADD COLUMN replaces uuid, ADD COLUMN created_by uuid;
        ALTER TABLE device_tokens DROP CONSTRAINT device_tokens_shop_id_device_id_fkey;
        CREATE INDEX device_tokens_device ON device_tokens (shop_id, device_id);
        ALTER TABLE devices ADD COLUMN joined_seq bigint NOT NULL DEFAULT 0,
            ADD COLUMN journal_seq bigint NOT NULL DEFAULT 0,
            ADD COLUMN journal_hash text NOT NULL DEFAULT repeat('0', 64);
        ALTER TABLE shops ADD COLUMN checked_from bigint NOT NULL DEFAULT 0;
        CREATE TABLE device_log (
            shop_id uuid NOT NULL REFERENCES shops,
            entry_id uuid NOT NULL,
            at timestamptz NOT NULL DEFAULT now(),
            device_id uuid NOT NULL,
            action text NOT NULL,                   -- enrolled, replaced, revoked, refused
            by_device uuid,                         -- the owner's device that made the invite or revoked
            detail jsonb NOT NULL DEFAULT '{}',
            PRIMARY KEY (shop_id, entry_id)
        );
        CREATE TABLE known_rows (
            shop_id uuid NOT NULL,
            kind text NOT NULL,
            key text NOT NULL,
            PRIMARY KEY (shop_id, kind, key)
        );
        CREATE TABLE rate_limits (
            bucket text PRIMARY KEY,                -- e.g. "enrol:addr:203.0.113.7", "auth:shop:<uuid>"
            window_start timestamptz NOT NULL,
            hits integer NOT NULL
        );
        CREATE INDEX events_refused ON events (shop_id, server_seq) WHERE rejected IS NOT NULL;
        """
    )
    for table in NEW_SHOP_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_by_shop ON {table} "
            "USING (shop_id = NULLIF(current_setting('laci.shop_id', true), '')::uuid) "
            "WITH CHECK (shop_id = NULLIF(current_setting('laci.shop_id', true), '')::uuid)"
        )
    # The rewrite below spans every shop: row-level security steps aside for the table owner meanwhile.
    for table in ("shops", "devices", "events", "master_state", "known_rows"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute("UPDATE shops SET checked_from = last_seq + 1")
    op.execute(
        "UPDATE events SET payload = jsonb_set(payload, '{fields}', (payload->'fields') - 'pin_hash') "
        "WHERE kind = 'change' AND payload->>'entity' = 'users' AND payload->'fields' ? 'pin_hash' "
        "AND left(payload->'fields'->>'pin_hash', 9) <> '$laci-k1$'"
    )
    op.execute(
        "DELETE FROM master_state WHERE entity = 'users' AND field = 'pin_hash' "
        "AND left(value #>> '{}', 9) <> '$laci-k1$'"
    )
    for kind, table, expression in KNOWN:
        op.execute(
            "INSERT INTO known_rows (shop_id, kind, key) "
            f"SELECT DISTINCT e.shop_id, '{kind}', {expression} FROM events e, "
            f"jsonb_array_elements(e.payload->'rows'->'{table}') r "
            f"WHERE e.rejected IS NULL AND jsonb_typeof(e.payload->'rows'->'{table}') = 'array' "
            "ON CONFLICT DO NOTHING"
        )
    # Each device's journal head, the last entry of its chain the shop holds: later entries must follow it.
    op.execute(
        "UPDATE devices d SET journal_seq = h.seq, journal_hash = h.hash FROM ("
        "SELECT DISTINCT ON (e.shop_id, e.device_id) e.shop_id, e.device_id, (r->>'device_seq')::bigint AS seq, "
        "r->>'hash' AS hash FROM events e, jsonb_array_elements(e.payload->'rows'->'journal_entries') r "
        "WHERE e.rejected IS NULL AND jsonb_typeof(e.payload->'rows'->'journal_entries') = 'array' "
        "ORDER BY e.shop_id, e.device_id, (r->>'device_seq')::bigint DESC) h "
        "WHERE d.shop_id = h.shop_id AND d.device_id = h.device_id"
    )
    for table in ("shops", "devices", "events", "master_state", "known_rows"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


def downgrade() -> None:
    op.execute(
        """
        DROP INDEX events_refused;
        DROP TABLE rate_limits, known_rows, device_log;
        ALTER TABLE shops DROP COLUMN checked_from;
        ALTER TABLE devices DROP COLUMN joined_seq, DROP COLUMN journal_seq, DROP COLUMN journal_hash;
        DROP INDEX device_tokens_device;
        ALTER TABLE device_tokens ADD FOREIGN KEY (shop_id, device_id) REFERENCES devices;
        ALTER TABLE enrolment_codes DROP COLUMN replaces, DROP COLUMN created_by;
        ALTER TABLE enrolment_codes ADD FOREIGN KEY (shop_id) REFERENCES shops;
        """
    )

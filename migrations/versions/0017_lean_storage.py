"""Lean storage: fact events kept by their rows' keys, acknowledged events pruned, indexes only where read.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 04:10:00

Measured with SQLite's dbstat table on the busy demo shop, a sale of four lines took 5.2 KB of the file: the
outbox 1.9 KB of it (36%), each event's rows stored a second time as compressed JSON, and a quarter of the rest
indexes no query reads. This revision:

- rebuilds the outbox keyed by (device, sequence) without a rowid, each fact event holding only its rows' keys
  (`pos.ledger.replication.fact_refs`; the rows are read back when pushed), each change its compressed JSON, and
  leaves out the events the cloud acknowledged more than 35 days ago (`outbox.KEPT_DAYS`); the delete trigger
  now refuses only events the cloud has not acknowledged;
- rebuilds sale lines, sale payments, journal lines and stock movements without a rowid, clustered by their
  primary key, which was a second copy of every row's key in an index of its own;
- rebuilds journal entries without the unique index on `hash` (entries are found by device and sequence; the
  hash is checked by `laci check`, not looked up);
- drops the index on sale lines' `product_id` (no query starts from a product's lines), and keeps those on
  journal lines' `party_id`, sales' `customer_id`, journal entries' and stock movements' `source_id` only for
  the rows a query looks up (most sales have no customer; the PPh bookings and the opening stock are looked up
  by their source, never a sale's rows: a void finds its sale's movements by product and day).

An event the cloud refused is never left out: the cloud keeps only the reason, so the outbox holds its only copy.
`sync_held` gains each event's number in its device's log (`device_seq`) to tell them; refusals noted before it
had one are fetched again (the refusals cursor goes back to the start), and until then nothing is left out here.

Triggers and the remaining indexes are re-created as they were. The file shrinks when the app runs VACUUM right
after the upgrade (`migrate.upgrade`, when a quarter of the file is free).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zlib
from collections.abc import Sequence
from typing import Any

from alembic import op
from sqlalchemy.engine import Connection, Row

from pos.ledger.replication import fact_refs

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

KEPT_DAYS = 35  # as outbox.KEPT_DAYS when this revision was written

# stock_movements keeps its rowid: `laci check`'s checkpoints read the movements made after one by rowid, which
# grows in the order rows arrive here (a movement synced from another counter later has an older id).
WITHOUT_ROWID = ("sale_lines", "sale_payments", "journal_lines")
DROPPED_INDEXES = ("ix_sale_lines_product_id",)
PARTIAL_INDEXES = {
    "ix_journal_lines_party_id": "CREATE INDEX ix_journal_lines_party_id ON journal_lines (party_id) "
    "WHERE party_id IS NOT NULL",
    "ix_sales_customer_id": "CREATE INDEX ix_sales_customer_id ON sales (customer_id) WHERE customer_id IS NOT NULL",
    "ix_journal_entries_source_id": "CREATE INDEX ix_journal_entries_source_id ON journal_entries (source_id) "
    "WHERE kind <> 'sale'",
    "ix_stock_movements_source_id": "CREATE INDEX ix_stock_movements_source_id ON stock_movements (source_id) "
    "WHERE kind <> 'sale'",
}
OUTBOX = (
    "CREATE TABLE outbox (device_id BLOB NOT NULL, seq BIGINT NOT NULL, id BLOB NOT NULL, kind VARCHAR(40) NOT NULL, "
    "schema_version INTEGER NOT NULL, payload TEXT NOT NULL, body BLOB, created_at VARCHAR(32) NOT NULL, "
    "CONSTRAINT pk_outbox PRIMARY KEY (device_id, seq)) WITHOUT ROWID"
)
OUTBOX_TRIGGERS = (
    "CREATE TRIGGER trg_outbox_no_update BEFORE UPDATE ON outbox "
    "BEGIN SELECT RAISE(ABORT, 'outbox rows are immutable; post a correcting entry instead'); END",
    # An event leaves only once the cloud holds it (sync_state's pushed_seq, moved only on its acknowledgement).
    "CREATE TRIGGER trg_outbox_no_delete BEFORE DELETE ON outbox "
    "WHEN OLD.seq > COALESCE((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = 'pushed_seq'), 0) "
    "BEGIN SELECT RAISE(ABORT, 'outbox events are immutable and kept until the cloud has acknowledged them'); END",
)
_BATCH = 2000


def _rebuild(conn: Connection, table: str, *, without_rowid: bool, drop_unique: str | None = None) -> None:
    """SQLite's way to change a table: a new one beside it, the rows copied, the old dropped, the new renamed;
    then its indexes (less those dropped here) and its triggers as they were, created after the copy so the
    totals triggers do not count the rows again."""
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    assert isinstance(sql, str), table
    extras = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
        "ORDER BY type",
        (table,),
    ).all()
    new = f"_new_{table}"
    sql = re.sub(rf'^CREATE TABLE "?{table}"? \(', f'CREATE TABLE "{new}" (', sql)
    if drop_unique:
        sql, n = re.subn(rf",\s*CONSTRAINT {drop_unique} UNIQUE \([^)]*\)", "", sql)
        assert n == 1, f"{table}: {drop_unique} not found"
    if without_rowid:
        sql += " WITHOUT ROWID"
    conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
    conn.exec_driver_sql(f'DROP TABLE "{table}"')
    conn.exec_driver_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for name, extra in extras:
        if name in DROPPED_INDEXES:
            continue
        conn.exec_driver_sql(PARTIAL_INDEXES.get(name, extra))


def _slim(conn: Connection, batch: Sequence[Row[Any]]) -> list[tuple[Any, ...]]:
    """Kept events with their new body: a fact event's row keys, when every row is still in its table; else its
    JSON, compressed."""
    bodies: list[bytes] = []
    refs: dict[int, bytes] = {}
    for n, (_d, _s, _i, _k, _v, payload, body, _c) in enumerate(batch):
        text = zlib.decompress(body).decode("utf-8") if body is not None else payload
        data = json.loads(text)
        rows = data.get("rows") if isinstance(data, dict) else None
        if isinstance(rows, dict) and rows and set(rows) <= set(fact_refs.FACT_TABLES):
            try:
                refs[n] = fact_refs.encode(rows)
            except (KeyError, TypeError, ValueError):
                pass  # rows without their keys: the event keeps its JSON
        bodies.append(body if body is not None else zlib.compress(text.encode("utf-8")))
    found = fact_refs.complete(conn, list(refs.values()))
    for (n, packed), ok in zip(refs.items(), found, strict=True):
        if ok:
            bodies[n] = packed
    return [(d, s, i, k, v, b, c) for (d, s, i, k, v, _p, _b, c), b in zip(batch, bodies, strict=True)]


def _refusals_without_numbers(conn: Connection) -> bool:
    """Whether the counter noted refusals of its own events before their numbers were kept: it fetches them again."""
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sync_held WHERE device_id IN (SELECT id FROM devices WHERE is_local = 1) LIMIT 1"
    ).first()
    if found is None:
        return False
    conn.exec_driver_sql("UPDATE sync_state SET value = '0' WHERE key = 'refusals_seq'")
    return True


def _outbox(conn: Connection) -> None:
    acked = conn.exec_driver_sql("SELECT value FROM sync_state WHERE key = 'pushed_seq'").scalar()
    # None is left out while a refused event of this counter cannot yet be told from the others.
    acked_seq = 0 if _refusals_without_numbers(conn) else int(acked or 0)
    cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(days=KEPT_DAYS)).isoformat(timespec="microseconds")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS trg_outbox_no_update")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS trg_outbox_no_delete")
    conn.exec_driver_sql("ALTER TABLE outbox RENAME TO _old_outbox")
    conn.exec_driver_sql(OUTBOX)
    # Ours only: a counter's outbox holds its own events (device ids change only with a new database).
    reader = conn.exec_driver_sql(
        "SELECT device_id, seq, id, kind, schema_version, payload, body, created_at FROM _old_outbox "
        "WHERE NOT (seq <= ? AND created_at < ?) ORDER BY device_id, seq",
        (acked_seq, cutoff),
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    while True:
        batch = reader.fetchmany(_BATCH)
        if not batch:
            break
        raw.executemany(
            "INSERT INTO outbox (device_id, seq, id, kind, schema_version, payload, body, created_at) "
            "VALUES (?, ?, ?, ?, ?, '', ?, ?)",
            _slim(conn, batch),
        )
    conn.exec_driver_sql("DROP TABLE _old_outbox")
    for trigger in OUTBOX_TRIGGERS:
        conn.exec_driver_sql(trigger)


def upgrade() -> None:
    conn = op.get_bind()
    # The rename below must not re-check other tables' triggers naming the table while it is briefly gone.
    conn.exec_driver_sql("PRAGMA legacy_alter_table = ON")
    try:
        for table in WITHOUT_ROWID:
            _rebuild(conn, table, without_rowid=True)
        _rebuild(conn, "journal_entries", without_rowid=False, drop_unique="uq_journal_entries_hash")
        conn.exec_driver_sql("DROP INDEX ix_sales_customer_id")
        conn.exec_driver_sql(PARTIAL_INDEXES["ix_sales_customer_id"])
        conn.exec_driver_sql("ALTER TABLE sync_held ADD COLUMN device_seq BIGINT")
        _outbox(conn)
    finally:
        conn.exec_driver_sql("PRAGMA legacy_alter_table = OFF")


OLD_OUTBOX = (
    "CREATE TABLE outbox (id BLOB NOT NULL, device_id BLOB NOT NULL, seq BIGINT NOT NULL, kind VARCHAR(40) NOT NULL, "
    "schema_version INTEGER NOT NULL, payload TEXT NOT NULL, created_at VARCHAR(32) NOT NULL, body BLOB, "
    "CONSTRAINT pk_outbox PRIMARY KEY (id), CONSTRAINT uq_outbox_device_id_seq UNIQUE (device_id, seq))"
)
OLD_INDEXES = (
    "CREATE INDEX ix_sale_lines_product_id ON sale_lines (product_id)",
    "CREATE UNIQUE INDEX uq_journal_entries_hash ON journal_entries (hash)",
)


def _with_rowid(conn: Connection, table: str) -> None:
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    assert isinstance(sql, str), table
    extras = (
        conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
            "ORDER BY type",
            (table,),
        )
        .scalars()
        .all()
    )
    new = f"_new_{table}"
    sql = re.sub(rf'^CREATE TABLE "?{table}"? \(', f'CREATE TABLE "{new}" (', sql).removesuffix(" WITHOUT ROWID")
    conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f'INSERT INTO "{new}" SELECT * FROM "{table}"')
    conn.exec_driver_sql(f'DROP TABLE "{table}"')
    conn.exec_driver_sql(f'ALTER TABLE "{new}" RENAME TO "{table}"')
    for extra in extras:
        conn.exec_driver_sql(extra)


def downgrade() -> None:
    # Every event goes back to compressed JSON (fact events read back from their rows); pruned events stay gone.
    conn = op.get_bind()
    conn.exec_driver_sql("PRAGMA legacy_alter_table = ON")
    try:
        conn.exec_driver_sql("ALTER TABLE sync_held DROP COLUMN device_seq")
        conn.exec_driver_sql("DROP TRIGGER trg_outbox_no_update")
        conn.exec_driver_sql("DROP TRIGGER trg_outbox_no_delete")
        conn.exec_driver_sql("ALTER TABLE outbox RENAME TO _lean_outbox")
        conn.exec_driver_sql(OLD_OUTBOX)
        rows = conn.exec_driver_sql(
            "SELECT id, device_id, seq, kind, schema_version, body, created_at FROM _lean_outbox ORDER BY device_id, seq"
        ).all()
        refs = [r.body for r in rows if fact_refs.is_refs(r.body)]
        rebuilt = iter(fact_refs.rebuild(conn, refs))
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.executemany(
            "INSERT INTO outbox (id, device_id, seq, kind, schema_version, payload, created_at, body) "
            "VALUES (?, ?, ?, ?, ?, '', ?, ?)",
            [
                (
                    r.id,
                    r.device_id,
                    r.seq,
                    r.kind,
                    r.schema_version,
                    r.created_at,
                    zlib.compress(next(rebuilt).encode("utf-8")) if fact_refs.is_refs(r.body) else r.body,
                )
                for r in rows
            ],
        )
        conn.exec_driver_sql("DROP TABLE _lean_outbox")
        for action in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER trg_outbox_no_{action.lower()} BEFORE {action} ON outbox "
                "BEGIN SELECT RAISE(ABORT, 'outbox rows are immutable; post a correcting entry instead'); END"
            )
        for table in WITHOUT_ROWID:
            _with_rowid(conn, table)
        for name, sql in PARTIAL_INDEXES.items():
            conn.exec_driver_sql(f"DROP INDEX {name}")
            conn.exec_driver_sql(sql.split(" WHERE ")[0])
        for sql in OLD_INDEXES:
            conn.exec_driver_sql(sql)
    finally:
        conn.exec_driver_sql("PRAGMA legacy_alter_table = OFF")

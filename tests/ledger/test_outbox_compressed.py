"""The outbox keeps events compressed (migration 0011): what is pushed is the JSON that was written, events
written before the upgrade still go out as they were, and a downgrade puts the JSON back where it was."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from pos.ledger.base import migrate
from pos.ledger.base.db import Database
from pos.ledger.replication.outbox import emit, event_json
from pos.ledger.replication.sync_state import waiting, waiting_body
from pos.ledger.schema import OutboxEvent
from pos.ledger.shop.opening import open_database

AT = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
# A sale's worth of repetitive JSON, as events are: ids, account codes, names.
PAYLOAD = {
    "rows": {
        "sale_lines": [
            {"line_no": n, "name": "Indomie Goreng Rendang 91 g", "product_id": uuid.UUID(int=n).hex, "qty_milli": 1000}
            for n in range(1, 6)
        ]
    }
}


def pushed(db: Database) -> list[dict[str, object]]:
    """The events of the next push, read back from the request body the counter would send."""
    with db.read() as s:
        count, body = waiting_body(s, 0, 100)
        listed = waiting(s, 0, 100)
    events: list[dict[str, object]] = json.loads(body)["events"]
    assert len(events) == count
    assert [e["payload"] for e in events] == [e["payload"] for e in listed]
    return events


def test_events_are_stored_compressed_and_pushed_as_written(db: Database) -> None:
    with db.write() as s:
        emit(s, "test.sale", PAYLOAD, AT)
    with db.read() as s:
        [row] = s.execute(select(OutboxEvent.payload, OutboxEvent.body).where(OutboxEvent.kind == "test.sale"))
    assert row.payload == ""
    assert row.body is not None
    written = event_json(row.payload, row.body)
    assert len(row.body) * 3 < len(written), "kept compressed"
    assert json.loads(written) == PAYLOAD
    assert [e["payload"] for e in pushed(db) if e["kind"] == "test.sale"] == [PAYLOAD]


def test_events_written_before_the_upgrade_go_out_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(FIXTURES / "laci-rev-0010.sqlite3", path)
    old = {"rows": {"sales": [{"receipt_no": "A-20260115-0001", "total": 7000}]}}
    raw = sqlite3.connect(path)
    device = raw.execute("SELECT id FROM devices WHERE is_local = 1").fetchone()[0]
    raw.execute(
        "INSERT INTO outbox (id, device_id, seq, kind, schema_version, payload, created_at) "
        "VALUES (?, ?, 1, 'sale.completed', 1, ?, ?)",
        (uuid.UUID(int=99).bytes, device, json.dumps(old), AT.isoformat()),
    )
    raw.execute("INSERT INTO sequences (name, value) VALUES (?, 1)", (f"outbox:{uuid.UUID(bytes=device).hex}",))
    raw.commit()
    raw.close()

    db = open_database(path)  # upgrades to 0011
    try:
        with db.write() as s:
            emit(s, "test.sale", PAYLOAD, AT)
        events = pushed(db)
        assert [(e["device_seq"], e["payload"]) for e in events] == [(1, old), (2, PAYLOAD)]
    finally:
        db.dispose()


def test_a_downgrade_puts_the_json_back_and_keeps_the_rows_immutable(db: Database) -> None:
    with db.write() as s:
        emit(s, "test.sale", PAYLOAD, AT)
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    with db.engine.connect() as conn:
        [(payload,)] = conn.exec_driver_sql("SELECT payload FROM outbox WHERE kind = 'test.sale'").all()
        assert json.loads(payload) == PAYLOAD
        with pytest.raises(DatabaseError, match="immutable"):
            conn.exec_driver_sql("UPDATE outbox SET kind = 'x'")

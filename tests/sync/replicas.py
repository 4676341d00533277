"""Counters that replicate by applying each other's outbox directly: the core of sync without the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.replication import pins
from pos.ledger.replication.changes import apply_event
from pos.ledger.replication.outbox import events_json
from pos.ledger.schema import OutboxEvent
from pos.ledger.shop.opening import init_shop, open_database

# The shop's PIN key, as an enrolment invite brings it to each counter (here they are not enrolled).
SHOP_PIN_KEY = bytes(range(16))


def new_counter(directory: Path, code: str) -> Database:
    db = open_database(directory / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Warung Bu Sri", device_code=code, device_name=f"Kasir {code}")
        pins.save_key(s, SHOP_PIN_KEY)
    return db


def outbox(db: Database, after: int = 0) -> list[tuple[int, str, dict[str, Any]]]:
    with db.read() as s:
        rows = s.execute(
            select(OutboxEvent.seq, OutboxEvent.kind, OutboxEvent.payload, OutboxEvent.body)
            .where(OutboxEvent.seq > after)
            .order_by(OutboxEvent.seq)
        ).all()
        texts = events_json(s, [(payload, body) for _seq, _kind, payload, body in rows])
    return [(seq, kind, json.loads(t)) for (seq, kind, _p, _b), t in zip(rows, texts, strict=True)]


def deliver(events: list[tuple[int, str, dict[str, Any]]], target: Database) -> None:
    with target.write() as s:
        for _seq, kind, payload in events:
            apply_event(s, kind, payload, utc_now())


def fingerprint(db: Database) -> dict[str, Any]:
    """What must be identical on every counter once all events have arrived."""
    with db.read() as s:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in s.execute(text(sql))]

        return {
            "balances": rows(
                "SELECT account_code, SUM(debit), SUM(credit) FROM account_day_totals "
                "GROUP BY account_code ORDER BY account_code"
            ),
            "stock": rows("SELECT hex(product_id), qty_milli, value FROM stock_levels ORDER BY 1"),
            "sales": rows("SELECT receipt_no, total FROM sales ORDER BY receipt_no"),
            "entries": rows("SELECT hex(id), hash FROM journal_entries ORDER BY 1"),
            "products": rows("SELECT hex(id), name, price, cost, is_active FROM products ORDER BY 1"),
            "customers": rows("SELECT hex(id), name, credit_limit FROM customers ORDER BY 1"),
            "users": rows("SELECT hex(id), name, role, pin_hash FROM users ORDER BY 1"),
            "kasbon": rows(
                "SELECT hex(party_id), SUM(debit) - SUM(credit) FROM journal_lines "
                "WHERE party_id IS NOT NULL GROUP BY party_id ORDER BY 1"
            ),
            "settings": rows("SELECT key, value FROM settings WHERE key NOT LIKE 'printer.%' ORDER BY key"),
            "devices": rows("SELECT hex(id), code FROM devices ORDER BY 1"),
            "audit": rows("SELECT hex(id), hash FROM audit_log ORDER BY 1"),
        }

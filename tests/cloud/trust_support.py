"""What the tests of a dishonest device share: a shop with a rogue counter enrolled, the products and devices it
aims at, the takeover it tries, the broken sales it forges, and events stored as an older service stored them
(unchecked), which every counter must refuse again as it pulls them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from psycopg import Connection
from psycopg.types.json import Jsonb
from rogue import Books, Rogue, enrol_rogue, forge_sale
from shops import CODES, Shop, shop_with_counters, sync_all

from pos.cloud.auth import authenticate
from pos.cloud.db import CloudDB
from pos.ledger.base.chain import journal_row_hash
from pos.ledger.base.device import local_device
from pos.ledger.stock.product_records import find_by_barcode

ROGUE_PIN = "135790"


def shop_with_rogue(tmp_path: Path, cloud: CloudDB, url: str, counters: int) -> tuple[Shop, Rogue]:
    """A shop of `counters` counters, a rogue enrolled through the first as a cashier's counter, all synced."""
    shop = shop_with_counters(tmp_path, cloud, url, counters)
    rogue = enrol_rogue(shop.counters[0], url)
    sync_all(shop)
    return shop, rogue


def product_id(shop: Shop, n: int = 0) -> str:
    with shop.counters[0].read() as s:
        hit = find_by_barcode(s, CODES[n])
        assert hit is not None
        return hit.product.id.hex


def owner_device(shop: Shop) -> str:
    with shop.counters[0].read() as s:
        return local_device(s).id.hex


def attacks(rogue: Rogue, shop: Shop) -> dict[str, tuple[str, dict[str, Any]]]:
    """What a cashier's counter would send to take the shop over, each as one event."""
    owner_id, product = shop.owner.user_id.hex, product_id(shop)
    return {
        "a new owner": rogue.change(
            "users",
            uuid.uuid4().hex,
            {"name": "Si Licik", "role": "owner", "pin_hash": rogue.keyed_pin(ROGUE_PIN), "is_active": True},
        ),
        "the owner's PIN": rogue.change("users", owner_id, {"pin_hash": rogue.keyed_pin(ROGUE_PIN)}),
        "a role": rogue.change("users", owner_id, {"role": "cashier"}),
        "a price": rogue.change("products", product, {"price": 1}),
        "a cost": rogue.change("products", product, {"cost": 999_999}),
        "a new product": rogue.change(
            "products", uuid.uuid4().hex, {"name": "Barang Gratis", "price": 0, "unit": "pcs", "is_active": True}
        ),
        "a pack price": rogue.change("product_barcodes", CODES[0], {"product_id": product, "pack_price": 1}),
        "the discount limit": rogue.change("settings", "discount.limit_bp", {"value": json.dumps(10_000)}),
        "the QRIS code": rogue.change("settings", "qris.static_payload", {"value": json.dumps("000201RogueQR")}),
        "a credit limit": rogue.change("customers", shop.customer.hex, {"credit_limit": 50_000_000}),
        "a channel": rogue.change("channels", "gofood", {"name": "GoFood", "kind": "delivery", "commission_bp": 0}),
        "another device": rogue.change("devices", owner_device(shop), {"code": "X", "name": "Diambil"}),
    }


def broken(rogue: Rogue, books: Books, product: str, how: str) -> tuple[str, dict[str, Any]]:
    """A made-up sale with one thing wrong, as `how` says."""
    kind, payload = forge_sale(rogue, books, product, commit=False)
    rows = payload["rows"]
    if how == "unknown product":
        rows["sale_lines"][0]["product_id"] = rows["stock_movements"][0]["product_id"] = uuid.uuid4().hex
    elif how == "no quantity":
        rows["sale_lines"][0]["qty_milli"] = 0
    elif how == "unbalanced":
        rows["journal_lines"][0]["debit"] += 1
    elif how == "rewritten":
        rows["journal_lines"][1]["account_code"] = "4-900"  # balanced still, but not what its hash says
    elif how == "huge payments":
        rows["sale_payments"] = [{**rows["sale_payments"][0], "line_no": n, "amount": 10**12} for n in (1, 2)]
    elif how == "not a uuid":
        rows["sales"][0]["id"] = "12345"
    elif how == "unknown column":
        rows["sales"][0]["owner"] = True
    elif how == "another device's":
        rows["sales"][0]["device_id"] = uuid.uuid4().hex
    elif how == "a gap in its journal":
        entry = rows["journal_entries"][0]
        entry["device_seq"] += 1
        entry["hash"] = journal_row_hash(entry, rows["journal_lines"])
    elif how == "payment alone":
        payload["rows"] = {"sale_payments": [{**rows["sale_payments"][0], "sale_id": uuid.uuid4().hex}]}
    return kind, payload


# Each way `broken` breaks a sale, and words of the reason the service and the counters give for refusing it.
BROKEN = {
    "unknown product": "products",
    "no quantity": "qty_positive",
    "unbalanced": "does not balance",
    "rewritten": "hash does not match",
    "huge payments": "beyond what one event can hold",
    "not a uuid": "wrong kind or size",
    "unknown column": "must name its table's columns",
    "another device's": "another device",
    "payment alone": "the shop does not have",
    "a gap in its journal": "does not follow",
}


def insert_event(
    conn: Connection[Any],
    shop_id: uuid.UUID,
    server_seq: int,
    device_id: Any,
    device_seq: int,
    kind: str,
    payload: Any,
    event_id: Any = None,
) -> None:
    """One row of the shop's event log written straight into it, past every check the service makes."""
    conn.execute(
        "INSERT INTO events (shop_id, server_seq, device_id, device_seq, event_id, kind, schema_version, "
        "payload, created_at) VALUES (%s, %s, %s, %s, %s, %s, 1, %s, now())",
        (shop_id, server_seq, device_id, device_seq, event_id or uuid.uuid4(), kind, Jsonb(payload)),
    )


def store_as_an_older_service_did(
    cloud: CloudDB,
    rogue: Rogue,
    events: Iterable[tuple[str, dict[str, Any]]],
    *,
    after_device_seq: int | None = None,
) -> None:
    """Put the rogue's events at the end of the shop's log unchecked, as the service before its checks stored
    them. Their device numbers follow `after_device_seq`, or else the rogue's own, which it then counts as sent."""
    shop_id = authenticate(cloud, rogue.token).shop_id
    events = list(events)
    with cloud.transaction(shop_id) as conn:
        row = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s FOR UPDATE", (shop_id,)).fetchone()
        assert row is not None
        seq = int(row[0])
        for n, (kind, payload) in enumerate(events, 1):
            if after_device_seq is None:
                rogue.seq += 1
                device_seq = rogue.seq
            else:
                device_seq = after_device_seq + n
            insert_event(conn, shop_id, seq + n, rogue.device_id, device_seq, kind, payload)
        conn.execute("UPDATE shops SET last_seq = %s WHERE shop_id = %s", (seq + len(events), shop_id))

"""A cashier's counter cannot make itself an owner, nor change a PIN, a price, a limit or a setting.

The service refuses such changes from any device the owner did not enrol as an owner's device, and every counter
refuses them again when it applies what it pulls, so an older (or broken) service that stored them is not enough.
Refusals are kept with their reason and shown on the owner's counter.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from cli_support import laci
from psycopg.types.json import Jsonb
from replicas import fingerprint, new_counter
from rogue import Books, Rogue, enrol_rogue, forge_sale
from server import ThreadServer
from shops import CODES, Shop, shop_with_counters, sync_all
from sqlalchemy import text

from pos.cloud.auth import authenticate
from pos.cloud.db import CloudDB
from pos.ledger.base.chain import GENESIS_HASH, audit_row_hash
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import NotAllowed
from pos.ledger.base.money import Money
from pos.ledger.books.check import check_books
from pos.ledger.people.users import approve, change_pin, list_users
from pos.ledger.people.users import authenticate as login
from pos.ledger.replication import quarantine, sync_state
from pos.ledger.shop import settings
from pos.ledger.stock.product_records import find_by_barcode
from pos.ledger.stock.products import ProductEdit, edit_product
from pos.sync.client import SyncClient, enrol

ROGUE_PIN = "135790"


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


def what_matters(shop: Shop) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in fingerprint(db).items() if k in ("users", "products", "customers", "settings", "devices")}
        for db in shop.counters
    ]


def test_a_cashiers_counter_token_is_refused_every_owners_change(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    rogue = enrol_rogue(shop.counters[0], service.url)
    sync_all(shop)
    before = what_matters(shop)
    tried = attacks(rogue, shop)
    answer = rogue.push(*tried.values())
    assert answer.status_code == 200
    reasons = {r["device_seq"]: r["reason"] for r in answer.json()["rejected"]}
    assert len(reasons) == len(tried), reasons
    for n, what in enumerate(tried, 1):
        assert "owner's device" in reasons[n], (what, reasons[n])
    sync_all(shop)
    assert what_matters(shop) == before
    for db in shop.counters:  # the PIN it chose approves nothing anywhere
        with pytest.raises(NotAllowed):
            approve(db, ROGUE_PIN, "void")
    # The owner's counter shows what was refused, and why, in the shop's language.
    shown = laci("--data-dir", str(tmp_path / "c0"), "--lang", "en", "sync", "status")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("refused: Only an owner's device may change") >= len(tried), shown.stdout
    assert "from counter R" in shown.stdout


def test_counters_refuse_what_an_older_service_let_through(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 3)
    rogue = enrol_rogue(shop.counters[0], service.url)
    sync_all(shop)
    before = what_matters(shop)
    tried = attacks(rogue, shop)
    # An older service checked nothing: the events are in the shop's log as if accepted.
    shop_id = authenticate(cloud_db, rogue.token).shop_id
    with cloud_db.transaction(shop_id) as conn:
        row = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s FOR UPDATE", (shop_id,)).fetchone()
        assert row is not None
        seq = int(row[0])
        for n, (kind, payload) in enumerate(tried.values(), 1):
            conn.execute(
                "INSERT INTO events (shop_id, server_seq, device_id, device_seq, event_id, kind, schema_version, "
                "payload, created_at) VALUES (%s, %s, %s, %s, %s, %s, 1, %s, now())",
                (shop_id, seq + n, rogue.device_id, n, uuid.uuid4(), kind, Jsonb(payload)),
            )
        conn.execute("UPDATE shops SET last_seq = %s WHERE shop_id = %s", (seq + len(tried), shop_id))
    sync_all(shop)
    assert what_matters(shop) == before
    for db in shop.counters:
        with db.read() as s:
            found = [i for i in quarantine.items(s) if i.device == "R"]
            assert check_books(s).ok
            assert quarantine.summary(s).held == 0
        assert len(found) == len(tried) and {i.status for i in found} == {quarantine.REFUSED}
    for db in shop.counters:
        with pytest.raises(NotAllowed):
            approve(db, ROGUE_PIN, "void")


def test_a_price_is_changed_at_the_owners_counter_and_reaches_the_others(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    pid = uuid.UUID(hex=product_id(shop))
    with pytest.raises(NotAllowed, match="kasir pemilik"), shop.counters[1].write() as s:
        edit_product(s, shop.owner, pid, ProductEdit(price=Money(9_000)))
    with shop.counters[0].write() as s:
        edit_product(s, shop.owner, pid, ProductEdit(price=Money(9_000)))
    sync_all(shop)
    assert what_matters(shop)[0] == what_matters(shop)[1]
    with shop.counters[1].read() as s:
        assert find_by_barcode(s, CODES[0]).product.price == Money(9_000)  # type: ignore[union-attr]
        assert sync_state.status(s).role == "counter"
        assert settings.get(s, "discount.limit_bp") == 1000
    # The cashier's counter still logs its people in with the shop's PINs.
    actor = login(shop.counters[1], shop.owner.user_id, "2468", at=dt.datetime.now(dt.UTC))
    assert actor.is_owner
    with shop.counters[1].read() as s:
        assert [u.name for u in list_users(s)] == ["Bu Sri"]


def test_a_new_counter_takes_the_shops_data_not_its_own(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 1)
    with shop.counters[0].write() as s:
        settings.put(s, "shop.name", "Warung Bu Sri Jaya")
    late = new_counter(tmp_path / "late", "L")  # made with its own shop name, then joined as a counter
    with SyncClient(shop.counters[0]) as client:
        client.sync()
        invite = client.invite()
    enrol(late, service.url, invite)
    report = SyncClient(late).sync()
    assert report.rejected and all("before it joined" in reason for _seq, reason in report.rejected)
    with late.read() as s:
        assert settings.get(s, "shop.name") == "Warung Bu Sri Jaya"


def test_what_a_dishonest_counter_can_still_do_is_under_its_own_name(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    """Its facts are its word: a made-up sale goes in, under its counter code; wrong PIN tries it reports lock a
    user out everywhere, until the owner sets a new PIN."""
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    rogue = enrol_rogue(shop.counters[0], service.url)
    books = Books()
    sale = forge_sale(rogue, books, product_id(shop))
    assert rogue.push(sale).json()["rejected"] == []
    head, now = GENESIS_HASH, dt.datetime.now(dt.UTC)
    tries = []
    for seq in range(1, 7):
        row = {
            "id": uuid.uuid4().hex,
            "device_id": rogue.device_id.hex,
            "seq": seq,
            "at": (now + dt.timedelta(seconds=seq)).isoformat(timespec="microseconds"),
            "user_id": shop.owner.user_id.hex,
            "action": "pin.try",
            "detail": '{"for":"login"}',
            "reason": "",
            "approved_by": None,
            "prev_hash": head,
        }
        row["hash"] = head = audit_row_hash(row)
        tries.append(row)
    assert rogue.push(("audit.recorded", {"rows": {"audit_log": tries}})).json()["rejected"] == []
    sync_all(shop)
    later = now + dt.timedelta(seconds=30)
    for db in shop.counters:
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM sales WHERE receipt_no LIKE 'R-%'")).scalar_one() == 1
        with pytest.raises(NotAllowed):
            login(db, shop.owner.user_id, "2468", at=later)
    with shop.counters[0].write() as s:
        change_pin(s, shop.owner.user_id, "975310", by=shop.owner, at=later)
    sync_all(shop)
    for db in shop.counters:
        assert login(db, shop.owner.user_id, "975310", at=later + dt.timedelta(seconds=1)).is_owner

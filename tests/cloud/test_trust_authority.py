"""A cashier's counter cannot make itself an owner, nor change a PIN, a price, a limit or a setting.

The service refuses such changes from any device the owner did not enrol as an owner's device, and every counter
refuses them again when it applies what it pulls, so an older (or broken) service that stored them is not enough.
Refusals are kept with their reason and shown on the owner's counter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from cli_support import laci
from replicas import fingerprint, new_counter
from rogue import Books, enrol_rogue, forge_sale
from server import ThreadServer
from shops import CODES, Shop, shop_with_counters, sync_all
from sqlalchemy import text
from trust_support import ROGUE_PIN, attacks, product_id, shop_with_rogue, store_as_an_older_service_did

from pos.cloud.db import CloudDB
from pos.ledger.base.chain import GENESIS_HASH, audit_row_hash
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


def what_matters(shop: Shop) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in fingerprint(db).items() if k in ("users", "products", "customers", "settings", "devices")}
        for db in shop.counters
    ]


def test_a_cashiers_counter_token_is_refused_every_owners_change(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop, rogue = shop_with_rogue(tmp_path, cloud_db, service.url, 2)
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
    shop, rogue = shop_with_rogue(tmp_path, cloud_db, service.url, 3)
    before = what_matters(shop)
    tried = attacks(rogue, shop)
    # An older service checked nothing: the events are in the shop's log as if accepted.
    store_as_an_older_service_did(cloud_db, rogue, tried.values(), after_device_seq=0)
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
        assert settings.load(s).discount_limit_bp == 1000
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
        assert settings.load(s).shop_name == "Warung Bu Sri Jaya"


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

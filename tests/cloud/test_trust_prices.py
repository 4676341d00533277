"""A cashier's counter cannot give itself a price: no voucher, promotion, group, group price, wholesale tier or
points rule of its own, nor a customer moved into a cheaper group. Using a voucher and earning or redeeming
points at a sale are the sale's facts: they sync from any counter.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from rogue import Rogue
from server import ThreadServer
from shops import CODES, Shop, shop_with_counters, sync_all
from sqlalchemy import text
from trust_support import shop_with_rogue, store_as_an_older_service_did

from pos.cloud.db import CloudDB
from pos.ledger.base.db import Database
from pos.ledger.base.errors import NotAllowed
from pos.ledger.base.money import Qty
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.prices import groups, loyalty, tiers
from pos.ledger.prices.promotions import PromotionInfo, offer_to_json, save_promotion
from pos.ledger.prices.terms import ItemOff
from pos.ledger.prices.vouchers import VoucherInfo, save_voucher, voucher_id
from pos.ledger.replication import quarantine
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.product_records import find_by_barcode
from pos.sync.client import SyncClient

PRICE_TABLES = ("customer_groups", "group_prices", "price_tiers", "promotions", "vouchers")
SALE_FACTS = ("sale_effects", "voucher_uses", "points_movements")


def product_id(shop: Shop, n: int = 0) -> str:
    with shop.counters[0].read() as s:
        hit = find_by_barcode(s, CODES[n])
        assert hit is not None
        return hit.product.id.hex


def prices_of(db: Database) -> dict[str, Any]:
    """The shop's prices beyond one price, each customer's group, the points rule and the sales' price facts."""
    with db.read() as s:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in s.execute(text(sql))]

        found = {table: rows(f"SELECT * FROM {table} ORDER BY id") for table in PRICE_TABLES}
        found.update({table: rows(f"SELECT * FROM {table} ORDER BY 1, 2") for table in SALE_FACTS})
        found["groups_of"] = rows("SELECT hex(id), hex(group_id) FROM customers ORDER BY 1")
        found["points_rule"] = rows("SELECT key, value FROM settings WHERE key LIKE 'points.%' ORDER BY key")
        return found


def attacks(rogue: Rogue, shop: Shop) -> dict[str, tuple[str, dict[str, Any]]]:
    """What a cashier's counter would send to sell cheaper to itself or its friends, each as one event."""
    product, group = product_id(shop), uuid.uuid4().hex
    free = offer_to_json(ItemOff(products=frozenset({uuid.UUID(hex=product)}), percent_bp=10_000))
    return {
        "a 100% voucher": rogue.change(
            "vouchers", voucher_id("GRATIS").hex, {"code": "GRATIS", "percent_bp": 10_000, "use_limit": 1_000_000}
        ),
        "a promotion": rogue.change(
            "promotions", uuid.uuid4().hex, {"name": "Gratis", "kind": "item_off", "rule": free}
        ),
        "a group": rogue.change("customer_groups", group, {"name": "Teman", "credit_limit": 50_000_000}),
        "a group price": rogue.change(
            "group_prices", uuid.uuid4().hex, {"group_id": group, "product_id": product, "price": 1}
        ),
        "a wholesale tier": rogue.change(
            "price_tiers",
            uuid.uuid4().hex,
            {"product_id": product, "pack_milli": 1_000, "min_milli": 1_000, "price": 1},
        ),
        "a customer's group": rogue.change("customers", shop.customer.hex, {"group_id": group}),
        "the points rule": rogue.change("settings", loyalty.VALUE, {"value": json.dumps(1_000_000)}),
    }


def test_a_cashiers_counter_cannot_set_a_price_through_the_service(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop, rogue = shop_with_rogue(tmp_path, cloud_db, service.url, 2)
    before = [prices_of(db) for db in shop.counters]
    tried = attacks(rogue, shop)
    answer = rogue.push(*tried.values())
    assert answer.status_code == 200
    reasons = {r["device_seq"]: r["reason"] for r in answer.json()["rejected"]}
    assert len(reasons) == len(tried), reasons
    for n, what in enumerate(tried, 1):
        assert "owner's device" in reasons[n], (what, reasons[n])
    sync_all(shop)
    assert [prices_of(db) for db in shop.counters] == before


def test_counters_refuse_the_prices_an_older_service_let_through(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop, rogue = shop_with_rogue(tmp_path, cloud_db, service.url, 2)
    before = [prices_of(db) for db in shop.counters]
    tried = attacks(rogue, shop)
    # An older service checked nothing: stored as if accepted.
    store_as_an_older_service_did(cloud_db, rogue, tried.values(), after_device_seq=0)
    sync_all(shop)
    assert [prices_of(db) for db in shop.counters] == before
    for db in shop.counters:
        with db.read() as s:
            found = [i for i in quarantine.items(s) if i.device == "R"]
            assert quarantine.summary(s).held == 0
        assert len(found) == len(tried) and {i.status for i in found} == {quarantine.REFUSED}


def _aside(db: Database) -> list[int]:
    with db.read() as s:
        return [i.server_seq for i in quarantine.items(s)]


def _sell(db: Database, shop: Shop, *, voucher: str = "", points: int = 0) -> str:
    with db.write() as s:
        cart = Cart(customer_id=shop.customer)
        cart.add(line_for_scan(s, CODES[0], DEFAULT_FORMATS, Qty.units(12)))
        cart.set_voucher(voucher)
        cart.set_points(points)
        return ring_up(s, shop.owner, cart, [cash(200_000)]).receipt_no


def test_the_owner_sets_the_prices_and_a_cashiers_sales_with_them_sync_everywhere(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 3)
    owners, cashier, other = shop.counters
    pid = uuid.UUID(hex=product_id(shop))
    sync_all(shop)
    aside_before = [_aside(db) for db in shop.counters]  # what the counters said before they joined
    # The cashier's counter refuses them where they are typed.
    for attempt in (
        lambda s: save_voucher(s, VoucherInfo("GRATIS", percent_bp=10_000)),
        lambda s: save_promotion(
            s, PromotionInfo(None, "Gratis", ItemOff(products=frozenset({pid}), percent_bp=10_000))
        ),
        lambda s: groups.save_group(s, None, "Teman"),
        lambda s: tiers.set_tiers(s, pid, 1000, [(2_000, 1)]),
        lambda s: loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1, value=1_000)),
    ):
        with pytest.raises(NotAllowed), cashier.write() as s:
            attempt(s)
    with owners.write() as s:
        grosir = groups.save_group(s, None, "Grosir", credit_limit=1_000_000)
        groups.set_group_price(s, grosir, product_id=pid, price=4_500)
        groups.set_customer_group(s, shop.customer, grosir)
        tiers.set_tiers(s, pid, 1000, [(10_000, 4_800)])
        save_promotion(s, PromotionInfo(None, "Hemat 5%", ItemOff(products=frozenset({pid}), percent_bp=500)))
        save_voucher(s, VoucherInfo("HEMAT", amount=2_000))
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=10))
    sync_all(shop)
    with pytest.raises(NotAllowed), cashier.write() as s:  # nor may it move a customer into a group
        groups.set_customer_group(s, shop.customer, grosir)
    _sell(cashier, shop, voucher="HEMAT")  # earns points, uses the voucher
    sync_all(shop)
    _sell(other, shop, points=20)  # redeems some of them on another cashier's counter
    rejected = []
    for _ in range(2):
        for db in shop.counters:
            with SyncClient(db) as client:
                rejected += client.sync().rejected
    assert rejected == []
    seen = [prices_of(db) for db in shop.counters]
    assert seen[0] == seen[1] == seen[2]
    assert len(seen[0]["voucher_uses"]) == 1 and len(seen[0]["points_movements"]) == 3  # earn, redeem, earn
    assert [_aside(db) for db in shop.counters] == aside_before
    for db in shop.counters:
        with db.read() as s:
            kinds = set(s.scalars(text("SELECT DISTINCT kind FROM sale_effects")))
            assert {"voucher", "points"} <= kinds and kinds & {"group", "tier", "promo"}
            assert check_books(s).ok

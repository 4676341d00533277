"""Channels' money under the sync rules: a payout matched to its sales and the credit a customer keeps with the
shop (titipan) are facts made at any counter, a cashier's included, and reach every other counter whole; a
channel's prices stay the owner's, refused from a cashier's counter where they are typed, by the service and by
every counter that pulls them."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from rogue import enrol_rogue
from server import ThreadServer
from shops import CODES, Shop, shop_with_counters
from sqlalchemy import text
from trust_support import product_id, store_as_an_older_service_did

from pos.cloud.db import CloudDB
from pos.ledger.base.db import Database
from pos.ledger.base.errors import NotAllowed
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import edit_channel, price_for_channel, set_channel_price
from pos.ledger.channels.payouts import platform_balance, settle_platform
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.people.deposits import customer_credit
from pos.ledger.replication import quarantine
from pos.ledger.selling.orders import cancel_order, new_order
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.sync.client import SyncClient

T0 = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def cart(db: Database, n: int, qty: int, customer: Any = None) -> Cart:
    with db.read() as s:
        found = Cart(customer_id=customer)
        found.add(line_for_scan(s, CODES[n], DEFAULT_FORMATS, Qty.units(qty)))
        return found


def sync(shop: Shop, rounds: int = 2) -> list[tuple[int, str]]:
    """Every counter pushes and pulls; what the service or a counter refused."""
    refused = []
    for _ in range(rounds):
        for counter in shop.counters:
            with SyncClient(counter) as client:
                refused += client.sync().rejected
    return refused


def money_matters(db: Database) -> dict[str, Any]:
    with db.read() as s:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in s.execute(text(sql))]

        return {
            "payouts": rows(
                "SELECT hex(id), received, owed, cleared, difference, reference, period_start, up_to "
                "FROM channel_settlements ORDER BY 1"
            ),
            "by_sale": rows(
                "SELECT hex(settlement_id), hex(sale_id), amount FROM channel_settlement_sales ORDER BY 1, 2"
            ),
            "paid": rows("SELECT hex(sale_id), method, amount FROM sale_payments ORDER BY 1, 2"),
            "orders": rows("SELECT hex(id), kind, method, amount FROM order_payments ORDER BY 1"),
            "prices": rows("SELECT id, price FROM channel_prices ORDER BY 1"),
            "channels": rows("SELECT code, commission_bp FROM channels ORDER BY 1"),
        }


def test_a_payout_and_a_customers_credit_from_a_cashiers_counter_reach_the_others(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 3)
    owners, cashier, other = shop.counters
    product = product_id(shop)
    with owners.write() as s:  # the platform's terms are the owner's, set at the owner's counter
        edit_channel(s, shop.owner, "gofood", commission_bp=2_000, at=T0)
        set_channel_price(s, shop.owner, "gofood", uuid.UUID(hex=product), Money(7_000), at=T0)
    assert not sync(shop)

    budi = shop.customer
    with cashier.write() as s:
        order = new_order(s, shop.owner, cart(cashier, 1, 2, budi), deposit=Money(10_000), at=T0)
        cancel_order(s, shop.owner, order.id, deposit="credit", at=T0 + dt.timedelta(minutes=5))
        assert customer_credit(s, budi) == Money(10_000)
    with cashier.write() as s:  # Pak Budi spends part of his credit at the counter
        ring_up(s, shop.owner, cart(cashier, 0, 1, budi), [Payment("credit", Money(5_000))], at=T0)
    with cashier.write() as s:
        ring_up(s, shop.owner, price_for_channel(s, cart(cashier, 0, 2), "gofood"), [], channel="gofood", at=T0)
        assert platform_balance(s, "gofood") == Money(11_200)  # 14.000 less 20% commission
        # The owner records the payout at the cashier's counter with her PIN: 11.000 arrived, 200 more kept.
        settle_platform(s, shop.owner, "gofood", Money(11_000), difference="commission", reference="GF-77", at=T0)
    assert not sync(shop)

    found = [money_matters(db) for db in shop.counters]
    assert found[0] == found[1] == found[2]
    [(_payout, received, owed, cleared, difference, reference, _start, _up_to)] = found[0]["payouts"]
    assert (received, owed, cleared, difference, reference) == (11_000, 11_200, 11_200, "commission", "GF-77")
    assert [amount for _p, _s, amount in found[0]["by_sale"]] == [11_200]
    assert ("credit", 5_000) in [(m, a) for _s, m, a in found[0]["paid"]]
    for db in shop.counters:
        with db.read() as s:
            assert customer_credit(s, budi) == Money(5_000)
            assert platform_balance(s, "gofood") == Money(0)
            # Nothing held or refused on the way in (what is listed is each joining counter's own settings, made
            # before it joined and refused by the service: not this test's business).
            assert quarantine.summary(s).held == 0
            assert [i.kind for i in quarantine.items(s) if i.kind != "refused"] == []
            assert check_books(s).ok
    assert other  # three counters: the one that recorded, the owner's, and one that only pulled


def test_a_channels_prices_from_a_cashiers_counter_are_refused_everywhere(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 3)
    owners, cashier, _other = shop.counters
    product = product_id(shop)
    with owners.write() as s:
        edit_channel(s, shop.owner, "gofood", commission_bp=2_000, at=T0)
        set_channel_price(s, shop.owner, "gofood", uuid.UUID(hex=product), Money(7_000), at=T0)
    assert not sync(shop)
    before = [money_matters(db) for db in shop.counters]
    # Where it is typed: even with the owner's PIN, a cashier's counter does not send a channel's terms.
    with pytest.raises(NotAllowed), cashier.write() as s:
        set_channel_price(s, shop.owner, "gofood", uuid.UUID(hex=product), Money(1), at=T0)
    with pytest.raises(NotAllowed), cashier.write() as s:
        edit_channel(s, shop.owner, "gofood", commission_bp=0, at=T0)

    # A dishonest cashier's device sends them anyway: the service refuses them.
    rogue = enrol_rogue(owners, service.url)
    tried = [
        rogue.change("channel_prices", f"gofood:{product}", {"channel": "gofood", "product_id": product, "price": 1}),
        rogue.change("channels", "gofood", {"commission_bp": 0}),
    ]
    answer = rogue.push(*tried)
    assert answer.status_code == 200
    reasons = [r["reason"] for r in answer.json()["rejected"]]
    assert len(reasons) == len(tried) and all("owner's device" in r for r in reasons), reasons

    # An older service stored them unchecked: every counter refuses them as it pulls, and sets them aside.
    store_as_an_older_service_did(cloud_db, rogue, tried, after_device_seq=100)
    sync(shop)
    assert [money_matters(db) for db in shop.counters] == before
    for db in shop.counters:
        with db.read() as s:
            # The two the service refused are listed as such; the two it let through are refused here.
            found = [i for i in quarantine.items(s) if i.device == "R" and i.kind == "change"]
            assert len(found) == len(tried) and {i.status for i in found} == {quarantine.REFUSED}
            assert quarantine.summary(s).held == 0

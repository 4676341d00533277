"""Builders for the sync tests: counters of one shop in the cloud, selling the same products."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from replicas import new_counter

from pos.cloud.auth import create_shop
from pos.cloud.db import CloudDB
from pos.ledger.base.db import Database
from pos.ledger.base.ids import CustomerId, UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import add_customer
from pos.ledger.people.users import add_user
from pos.ledger.selling.sales import SaleResult, ppn_rule, ring_up
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.sync.client import SyncClient, enrol

CODES = [ean13_with_check(f"8990000001{n:02d}") for n in range(3)]


@dataclass
class Shop:
    counters: list[Database]
    owner: Actor
    customer: CustomerId


def shop_with_counters(tmp: Path, cloud: CloudDB, url: str, n: int, *, owners: int = 1) -> Shop:
    """A shop with `n` counters; the first `owners` of them are owner's devices (the first always is)."""
    _shop, code = create_shop(cloud, "Warung Bu Sri")
    first = new_counter(tmp / "c0", "A")
    enrol(first, url, code)
    with first.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468")), "Bu Sri", "owner")
        for i, barcode in enumerate(CODES):
            add_product(s, f"Barang {i}", Money(5_000 + 1_000 * i), cost=Money(3_000), barcodes=[BarcodeSpec(barcode)])
        customer = add_customer(s, "Pak Budi", credit_limit=Money(10_000_000))
    counters = [first]
    for i in range(1, n):
        with SyncClient(first) as client:
            invite = client.invite(owner=i < owners)
        counter = new_counter(tmp / f"c{i}", "ABCDEFG"[i])
        enrol(counter, url, invite)
        counters.append(counter)
    for counter in counters:  # everyone learns the products and users, then opens a shift
        with SyncClient(counter) as client:
            client.sync()
    with SyncClient(first) as client:
        client.sync()
    for counter in counters:
        with counter.write() as s:
            open_shift(s, owner, Money(100_000))
    return Shop(counters, owner, customer)


def sell(shop: Shop, i: int, product: int, qty: int, kasbon: bool = False, at: dt.datetime | None = None) -> SaleResult:
    db = shop.counters[i]
    with db.write() as s:
        cart = Cart(customer_id=shop.customer if kasbon else None)
        cart.add(line_for_scan(s, CODES[product], DEFAULT_FORMATS, Qty.units(qty)))
        due = cart.priced(ppn_rule(settings.load(s))).exact_due
        pay = Payment("kasbon", Money(due)) if kasbon else cash(due)
        return ring_up(s, shop.owner, cart, [pay], at=at)


def sync_all(shop: Shop, rounds: int = 2) -> None:
    for _ in range(rounds):
        for counter in shop.counters:
            with SyncClient(counter) as client:
                client.sync()

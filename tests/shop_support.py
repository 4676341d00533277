"""Builders for counter-control tests: users, a product list, an open shift, and quick sales."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.ledger.base.db import Database
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import add_user
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.stock import product_records
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check

OWNER_PIN = "246810"
CASHIER_PIN = "1357"
AT = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)  # 09.00 WIB


@dataclass
class Counter:
    db: Database
    owner: Actor
    cashier: Actor
    codes: list[str]


def code(n: int) -> str:
    return ean13_with_check(f"899{n:09d}")


def set_up_counter(db: Database, products: int = 3, float_: int = 200_000, at: dt.datetime = AT) -> Counter:
    with db.write() as s:
        owner_id = add_user(s, "Bu Sri", "owner", OWNER_PIN, at=at)
        owner = Actor(UserId(owner_id), "Bu Sri", "owner")
        cashier_id = add_user(s, "Dewi", "cashier", CASHIER_PIN, at=at, by=owner)
        cashier = Actor(UserId(cashier_id), "Dewi", "cashier")
        codes = []
        for n in range(products):
            codes.append(code(n + 1))
            product_records.add_product(
                s,
                f"Barang {n + 1}",
                Money(5_000 * (n + 1)),
                cost=Money(4_000 * (n + 1)),
                barcodes=[product_records.BarcodeSpec(codes[-1])],
            )
        open_shift(s, cashier, Money(float_), at=at)
    return Counter(db, owner, cashier, codes)


def sell(
    counter: Counter,
    actor: Actor,
    items: list[tuple[str, int]],
    payments: list[Payment],
    at: dt.datetime = AT,
    **kwargs: object,
) -> SaleResult:
    with counter.db.write() as s:
        cart = Cart()
        for scan, qty in items:
            cart.add(line_for_scan(s, scan, DEFAULT_FORMATS, Qty.units(qty)))
        for key, value in kwargs.items():
            setattr(cart, key, value)
        return ring_up(s, actor, cart, payments, at=at)

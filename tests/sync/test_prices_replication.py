"""Tiers, groups, promotions and vouchers are master data that replicate like the rest: two counters price the
same cart the same, a voucher used on two counters offline is caught on both, and the books still agree."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from replicas import deliver, fingerprint, new_counter, outbox
from sqlalchemy import text

from pos.ledger.base.clock import local
from pos.ledger.base.db import Database
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.payments import cash
from pos.ledger.counter.pricing import PpnRule
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import add_customer
from pos.ledger.people.users import add_user, authenticate
from pos.ledger.prices import groups, tiers
from pos.ledger.prices.engine import price_sale
from pos.ledger.prices.price_book import load_book
from pos.ledger.prices.promotions import PromotionInfo, save_promotion
from pos.ledger.prices.terms import Bundle, BuyGet, CartOff, ItemOff, Moment, Schedule
from pos.ledger.prices.vouchers import VoucherInfo, save_voucher, vouchers_used_beyond_limit
from pos.ledger.selling.returns import void_sale
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.product_records import add_product, get_product

T0 = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)


def everything(db: Database) -> dict[str, Any]:
    found = fingerprint(db)
    with db.read() as s:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in s.execute(text(sql))]

        for table in ("customer_groups", "group_prices", "price_tiers", "promotions", "vouchers"):
            found[table] = rows(f"SELECT * FROM {table} ORDER BY id")
        for table in ("sale_effects", "voucher_uses", "points_movements"):
            found[table] = rows(f"SELECT * FROM {table} ORDER BY 1, 2")
        found["customer_groups_of"] = rows("SELECT hex(id), hex(group_id) FROM customers ORDER BY 1")
    return found


def _two_counters(tmp_path: Path) -> tuple[Database, Database, Actor, Actor, list[uuid.UUID], uuid.UUID]:
    """Counters A and B of one shop; on A the owner sets up products, tiers, a group, promotions and a voucher,
    which B hears of; the owner logged in on each, a shift open on each."""
    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468", at=T0)), "Bu Sri", "owner")
        products = [
            add_product(s, name, Money(price), cost=Money(price * 7 // 10), at=T0)
            for name, price in (("Indomie", 3_500), ("Kopi", 2_000), ("Roti", 4_000))
        ]
        indomie, kopi, roti = products
        tiers.set_tiers(s, indomie, 1000, [(12_000, 3_200)])
        grosir = groups.save_group(s, None, "Grosir", credit_limit=1_000_000)
        groups.set_group_price(s, grosir, product_id=roti, price=3_600)
        ani = add_customer(s, "Bu Ani", phone="0812-1111-2222")
        groups.set_customer_group(s, ani, grosir)
        save_promotion(s, PromotionInfo(None, "Kopi 2+1", BuyGet(kopi, 2, kopi, 1)))
        save_promotion(s, PromotionInfo(None, "Paket", Bundle(((kopi, 1), (roti, 1)), 5_000), priority=1))
        save_promotion(s, PromotionInfo(None, "Indomie 5%", ItemOff(products=frozenset({indomie}), percent_bp=500)))
        save_promotion(
            s,
            PromotionInfo(
                None,
                "Sore",
                CartOff(percent_bp=1_000, min_spend=20_000),
                Schedule(from_minute=15 * 60, to_minute=18 * 60),
            ),
        )
        save_voucher(s, VoucherInfo("SEKALI", amount=2_000))
        open_shift(s, owner, Money(100_000), at=T0)
    deliver(outbox(a), b)
    owner_b = authenticate(b, owner.user_id, "2468")
    with b.write() as s:
        open_shift(s, owner_b, Money(100_000), at=T0)
    return a, b, owner, owner_b, products, ani


def _cart(db: Database, items: list[tuple[int, int]], products: list[uuid.UUID], customer: uuid.UUID | None) -> Cart:
    with db.read() as s:
        cart = Cart(customer_id=customer)  # type: ignore[arg-type]
        for index, n in items:
            cart.add(line_for_product(get_product(s, products[index]), Qty.units(n)))
    return cart


def _price(db: Database, cart: Cart, minute: int) -> Any:
    with db.read() as s:
        day = local(T0, "Asia/Jakarta").date()
        book = load_book(s, cart, day)
        return price_sale(cart, book, PpnRule(), Moment(day, minute))


@pytest.fixture(scope="module")
def counters(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, Database, list[uuid.UUID], uuid.UUID]:
    a, b, _owner, _owner_b, products, ani = _two_counters(tmp_path_factory.mktemp("pair"))
    return a, b, products, ani


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 15)), min_size=1, max_size=5),
    with_customer=st.booleans(),
    minute=st.sampled_from([10 * 60, 16 * 60]),
)
def test_two_counters_price_the_same_cart_the_same(
    counters: tuple[Database, Database, list[uuid.UUID], uuid.UUID],
    items: list[tuple[int, int]],
    with_customer: bool,
    minute: int,
) -> None:
    a, b, products, ani = counters
    customer = ani if with_customer else None
    on_a = _price(a, _cart(a, items, products, customer), minute)
    on_b = _price(b, _cart(b, items, products, customer), minute)
    assert on_a == on_b
    assert on_a.priced.exact_due >= 0


def test_a_voucher_used_on_two_counters_offline_is_caught_on_both_and_a_void_settles_it(tmp_path: Path) -> None:
    a, b, owner, owner_b, products, _ani = _two_counters(tmp_path)
    sales = []
    for db, who in ((a, owner), (b, owner_b)):
        cart = _cart(db, [(2, 3)], products, None)
        cart.set_voucher("SEKALI")
        with db.write() as s:
            sales.append(ring_up(s, who, cart, [cash(20_000)], at=T0 + dt.timedelta(minutes=len(sales))))
    deliver(outbox(a), b)
    deliver(outbox(b), a)
    assert everything(a) == everything(b)
    for db in (a, b):
        with db.read() as s:
            [twice] = vouchers_used_beyond_limit(s)
            assert (twice.code, twice.limit, twice.receipts) == ("SEKALI", 1, tuple(x.receipt_no for x in sales))
            assert "SEKALI" in twice.message()
            assert check_books(s).ok
    with a.write() as s:
        void_sale(s, owner, sales[0].receipt_no, reason="voucher dipakai dua kali", at=T0 + dt.timedelta(hours=1))
    deliver(outbox(a), b)
    for db in (a, b):
        with db.read() as s:
            assert vouchers_used_beyond_limit(s) == []
            assert check_books(s).ok
    assert everything(a) == everything(b)


def test_sales_with_promotions_on_two_counters_give_the_same_books(tmp_path: Path) -> None:
    a, b, owner, owner_b, products, ani = _two_counters(tmp_path)
    for db, who in ((a, owner), (b, owner_b)):
        cart = _cart(db, [(0, 12), (1, 3), (2, 2)], products, ani)
        with db.write() as s:
            ring_up(s, who, cart, [cash(100_000)], at=T0)
    deliver(outbox(a), b)
    deliver(outbox(b), a)
    assert everything(a) == everything(b)
    with a.read() as s:
        kinds = [k for (k,) in s.execute(text("SELECT kind FROM sale_effects ORDER BY sale_id, seq"))]
        assert kinds.count("tier") == 2 and kinds.count("free") == 2 and kinds.count("group") == 2
        assert check_books(s).ok

"""Channels, orders and their money replicate like the rest: an order taken on one counter is delivered from
another, a platform sale on one is paid out on the other, and both end with the same books."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from replicas import deliver, fingerprint, new_counter, outbox
from sqlalchemy import text

from pos.ledger.base.db import Database
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import edit_channel, get_channel, price_for_channel, set_channel_price
from pos.ledger.channels.payouts import platform_balance, settle_platform
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import add_customer
from pos.ledger.people.outreach import set_opt_out
from pos.ledger.people.users import add_user, authenticate
from pos.ledger.replication import event_rules
from pos.ledger.replication.authority import Refusal
from pos.ledger.selling.orders import OrderInfo, complete_order, get_order, new_order, orders_rung_up_twice, set_status
from pos.ledger.selling.returns import void_sale
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.product_records import add_product, get_product

T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


def everything(db: Database) -> dict[str, Any]:
    """The core fingerprint plus what this feature adds."""
    found = fingerprint(db)
    with db.read() as s:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return [tuple(r) for r in s.execute(text(sql))]

        found["channels"] = rows("SELECT code, name, commission_bp, markup_bp, is_active FROM channels ORDER BY 1")
        found["channel_prices"] = rows("SELECT id, price FROM channel_prices ORDER BY 1")
        found["orders"] = rows("SELECT number, status, delivery_fee, hex(sale_id), items FROM orders ORDER BY 1")
        found["order_payments"] = rows("SELECT hex(id), kind, amount FROM order_payments ORDER BY 1")
        found["payouts"] = rows(
            "SELECT hex(id), received, owed, cleared, difference, reference FROM channel_settlements ORDER BY 1"
        )
        found["payouts_by_sale"] = rows(
            "SELECT hex(settlement_id), hex(sale_id), amount FROM channel_settlement_sales ORDER BY 1, 2"
        )
        found["sales_channels"] = rows("SELECT receipt_no, channel, delivery_fee, commission FROM sales ORDER BY 1")
        found["opt_out"] = rows("SELECT name, opt_out FROM customers ORDER BY 1")
    return found


def test_an_order_taken_on_one_counter_is_delivered_from_the_other(tmp_path: Path) -> None:
    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468", at=T0)), "Bu Sri", "owner")
        nasi = add_product(s, "Nasi goreng", Money(20_000), cost=Money(12_000), at=T0)
        ani = add_customer(s, "Bu Ani", phone="0812-1111-2222", address="Jl. Melati 7")
        edit_channel(s, owner, "gofood", commission_bp=2_000, at=T0)
        set_channel_price(s, owner, "gofood", nasi, Money(25_000), at=T0)
        open_shift(s, owner, Money(100_000), at=T0)
        cart = Cart(customer_id=ani)
        cart.add(line_for_product(get_product(s, nasi), Qty.units(2)))
        order = new_order(s, owner, cart, delivery_fee=Money(8_000), deposit=Money(20_000), at=T0)
    deliver(outbox(a), b)
    owner_b = authenticate(b, owner.user_id, "2468")

    with b.read() as s:
        seen = get_order(s, order.id)
        assert (seen.number, seen.deposit, seen.to_collect) == (order.number, 20_000, 28_000)
        assert get_channel(s, "gofood").commission_bp == 2_000
    start_b = len(outbox(b))
    with b.write() as s:
        open_shift(s, owner_b, Money(50_000), at=T0)
        set_status(s, owner_b, order.id, "sent", at=T0 + dt.timedelta(minutes=5))
        complete_order(s, owner_b, order.id, [cash(30_000)], at=T0 + dt.timedelta(minutes=30))
        gofood = Cart()
        gofood.add(line_for_product(get_product(s, nasi), Qty.units(1)))
        ring_up(s, owner_b, price_for_channel(s, gofood, "gofood"), [], channel="gofood", at=T0)
    with a.write() as s:
        set_opt_out(s, ani, True, at=T0 + dt.timedelta(minutes=1))
    deliver(outbox(b, start_b), a)
    with a.write() as s:
        assert platform_balance(s, "gofood") == Money(20_000)
        settle_platform(s, owner, "gofood", Money(19_500), difference="commission", at=T0 + dt.timedelta(days=7))
    deliver(outbox(a), b)
    deliver(outbox(b), a)  # everything again: duplicates count once

    assert everything(a) == everything(b)
    assert len(everything(b)["payouts_by_sale"]) == 1  # the payout names the sale it paid for on both counters
    with a.read() as s:
        done = get_order(s, order.id)
        assert (done.status, done.deposit) == ("done", 0)
        assert platform_balance(s, "gofood") == Money(0)
    for db in (a, b):
        with db.read() as s:
            assert check_books(s).ok
    assert everything(a)["opt_out"] == [("Bu Ani", 1)]
    assert not refused_by_the_cloud(a) and not refused_by_the_cloud(b)


def refused_by_the_cloud(db: Database) -> list[tuple[str, str]]:
    """The counter's events the sync service would refuse to pass on, with its reasons (none, it is hoped)."""
    with db.read() as s:
        device = local_device(s).id
    return [
        (kind, reason.text())
        for _seq, kind, payload in outbox(db)
        if isinstance(reason := event_rules.check(kind, payload, device.hex, owner=True), Refusal)
    ]


def _order_on_two_counters(
    tmp_path: Path, dishes: int, deposit: Money
) -> tuple[Database, Database, Actor, Actor, OrderInfo]:
    """Counters A and B of one shop; on A, Bu Ani orders `dishes` nasi goreng (Rp 20.000 each) paying `deposit`
    down, an order B has heard of; the owner logged in on each."""
    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468", at=T0)), "Bu Sri", "owner")
        nasi = add_product(s, "Nasi goreng", Money(20_000), cost=Money(12_000), at=T0)
        ani = add_customer(s, "Bu Ani", phone="0812-1111-2222", address="Jl. Melati 7")
        open_shift(s, owner, Money(100_000), at=T0)
        cart = Cart(customer_id=ani)
        cart.add(line_for_product(get_product(s, nasi), Qty.units(dishes)))
        order = new_order(s, owner, cart, deposit=deposit, at=T0)
    deliver(outbox(a), b)
    return a, b, owner, authenticate(b, owner.user_id, "2468"), order


def test_an_order_completed_on_two_counters_offline_is_shown_and_one_void_settles_it(tmp_path: Path) -> None:
    a, b, owner, owner_b, order = _order_on_two_counters(tmp_path, 2, Money(20_000))

    # Both counters offline; each rings the order up, the rider's Rp 20.000 on top of the down payment.
    with a.write() as s:
        on_a = complete_order(s, owner, order.id, [cash(20_000)], at=T0 + dt.timedelta(minutes=30))
    with b.write() as s:
        open_shift(s, owner_b, Money(50_000), at=T0)
        on_b = complete_order(s, owner_b, order.id, [cash(20_000)], at=T0 + dt.timedelta(minutes=31))
    deliver(outbox(a), b)
    deliver(outbox(b), a)  # everything each has: what the other holds already counts once

    for db in (a, b):
        with db.read() as s:
            [twice] = orders_rung_up_twice(s)
            assert (twice.number, twice.receipts) == (order.number, (on_a.receipt_no, on_b.receipt_no))
            assert get_order(s, order.id).status == "done"
            assert check_books(s).ok
    with a.read() as s:
        # The later completion won the order's fields; A's own sale is the one it no longer names.
        assert get_order(s, order.id).sale_id == on_b.sale_id
    with a.write() as s, pytest.raises(InvalidInput) as refused:
        complete_order(s, owner, order.id, [cash(40_000)])
    assert refused.value.msgid == "Order {number} is already done."

    # The owner voids the extra sale on A, where it was rung up: the order stays done with B's sale.
    with a.write() as s:
        void_sale(s, owner, on_a.receipt_no, reason="pesanan dobel", at=T0 + dt.timedelta(hours=1))
    deliver(outbox(a), b)
    assert everything(a) == everything(b)
    for db in (a, b):
        with db.read() as s:
            assert orders_rung_up_twice(s) == []
            done = get_order(s, order.id)
            assert (done.status, done.sale_id, done.deposit) == ("done", on_b.sale_id, 0)
            assert check_books(s).ok


def test_an_order_put_back_on_the_board_after_its_sale_is_not_rung_up_again(tmp_path: Path) -> None:
    a, b, owner, owner_b, order = _order_on_two_counters(tmp_path, 1, Money(0))
    with a.write() as s:
        sold = complete_order(s, owner, order.id, [cash(20_000)], at=T0 + dt.timedelta(minutes=30))
    with b.write() as s:  # offline, a minute later, B moves the order along the board
        set_status(s, owner_b, order.id, "preparing", at=T0 + dt.timedelta(minutes=31))
    deliver(outbox(a), b)
    deliver(outbox(b), a)  # everything each has: what the other holds already counts once
    with b.read() as s:
        assert get_order(s, order.id).status == "preparing"  # the later edit of the status won
    with b.write() as s, pytest.raises(InvalidInput) as refused:
        open_shift(s, owner_b, Money(50_000), at=T0)
        complete_order(s, owner_b, order.id, [cash(20_000)], at=T0 + dt.timedelta(minutes=40))
    assert refused.value.msgid == "Order {number} was already rung up as sale {receipt}."
    assert refused.value.params["receipt"] == sold.receipt_no

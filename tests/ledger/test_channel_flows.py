"""A property test over random days of selling beyond the counter: counter and platform sales, orders taken with
and without down payments, delivered or cancelled (paid back or kept as credit), credit spent on new orders and
platform payouts. Whatever happens, the books balance and every balance agrees with the facts behind it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from builders import Item, counter, counter_template, fresh_db, owner_approval, use_settings
from channel_support import Menu, account, cart_for, held_for, owed_by_platform, set_up_menu, whatsapp_customer
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.ids import CustomerId, ProductId
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import edit_channel, price_for_channel
from pos.ledger.channels.payouts import settle_platform
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import shift_report
from pos.ledger.people.deposits import customer_credit
from pos.ledger.selling.orders import OPEN_STATUSES, cancel_order, complete_order, list_orders, new_order, take_deposit
from pos.ledger.selling.sales import ppn_rule, ring_up
from pos.ledger.shop.settings import load

PLATFORMS = ("gofood", "grabfood", "tokopedia")
items = st.lists(st.tuples(st.integers(0, 2), st.integers(1, 3)), min_size=1, max_size=3)
orders = st.tuples(
    st.just("order"),
    items,
    st.sampled_from([0, 5_000, 12_300]),  # ongkir
    st.sampled_from([0, 10_000, 100_000]),  # down payment
    st.sampled_from(["cash", "transfer", "qris"]),
)
completions = st.tuples(st.just("complete"), st.integers(0, 9), st.integers(0, 5_000))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("counter"), items, st.integers(0, 5_000)),
        st.tuples(st.just("platform"), st.sampled_from(PLATFORMS), items),
        orders,
        orders,  # orders and deliveries twice as often: most of the money moves through them
        st.tuples(st.just("deposit"), st.integers(0, 9), st.integers(1, 30_000), st.sampled_from(["cash", "credit"])),
        completions,
        completions,
        st.tuples(st.just("cancel"), st.integers(0, 9), st.sampled_from(["refund", "credit"])),
        st.tuples(st.just("settle"), st.sampled_from(PLATFORMS), st.integers(-700, 300)),
    ),
    min_size=3,
    max_size=16,
)


@pytest.fixture(scope="module")
def shop_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = counter_template(template_db, tmp_path_factory.mktemp("counter"))
    db = fresh_db(path, path.parent / "stocked")
    with db.write() as s:
        set_up_menu(s)
        owner = counter(s).owner
        edit_channel(s, owner, "grabfood", commission_bp=1_850, markup_bp=1_500, price_round=100)
        edit_channel(s, owner, "tokopedia", commission_bp=425)
        whatsapp_customer(s)
    db.dispose()
    return db.path


def _customer(s: Session) -> CustomerId:
    return CustomerId(_uuid(s.execute(text("SELECT id FROM customers")).scalars().one()))


def _run(s: Session, menu: Menu, op: tuple[Any, ...]) -> None:
    cashier, owner = counter(s).cashier, counter(s).owner
    dishes = (menu.nasi, menu.teh, menu.kerupuk)
    kind = op[0]
    if kind in ("counter", "platform", "order"):
        lines = op[1] if kind != "platform" else op[2]
        cart = cart_for(s, *((dishes[i], qty) for i, qty in lines), customer=_customer(s))
    if kind == "counter":
        due = cart.priced(ppn_rule(load(s))).exact_due
        ring_up(s, cashier, cart, [cash(due + op[2])])
    elif kind == "platform":
        ring_up(s, cashier, price_for_channel(s, cart, op[1]), [], channel=op[1])
    elif kind == "order":
        new_order(s, cashier, cart, delivery_fee=Money(op[2]), deposit=Money(op[3]), deposit_method=op[4])
    elif kind == "settle":
        owed = owed_by_platform(s, op[1])
        if owed > 0:
            paid = max(owed + op[2], 0)
            booked_to = "" if paid == owed else "commission" if paid < owed else "income"
            # Each payout with its own reference: two of the same amount on one day are otherwise taken as one
            # recorded twice, and refused.
            reference = f"P-{uuid.uuid4().hex[:8]}"
            settle_platform(s, owner, op[1], Money(paid), difference=booked_to, reference=reference)
    else:
        open_orders = list_orders(s, statuses=OPEN_STATUSES)
        if not open_orders:
            return
        order = open_orders[op[1] % len(open_orders)]
        if kind == "deposit":
            available = customer_credit(s, order.customer_id).rupiah if op[3] == "credit" else op[2]
            if min(op[2], available):
                take_deposit(s, cashier, order.id, Money(min(op[2], available)), method=op[3])
        elif kind == "complete":
            payments = [cash(order.to_collect + op[2])] if order.to_collect else []
            complete_order(s, cashier, order.id, payments)
        else:
            approvals = [owner_approval(s, "refund")]
            cancel_order(s, cashier, order.id, deposit=op[2], approvals=approvals)


def _sum(s: Session, sql: str) -> int:
    return int(s.execute(text(sql)).scalar_one() or 0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, increment=st.sampled_from([0, 100, 500]))
def test_the_books_balance_whatever_is_sold_where(
    shop_path: Path, tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[Any, ...]], increment: int
) -> None:
    db = fresh_db(shop_path, tmp_path_factory.mktemp("flow"))
    try:
        with db.write() as s:
            use_settings(s, rounding_increment=increment)
        with db.read() as s:
            menu = Menu(*_items(s))
        for op in ops:
            with db.write() as s:
                _run(s, menu, op)
        with db.read() as s:
            for label, sql in (
                ("platform sale", "SELECT COUNT(*) FROM sales WHERE commission > 0"),
                ("order delivered", "SELECT COUNT(*) FROM orders WHERE status = 'done'"),
                ("order cancelled", "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'"),
                ("payout", "SELECT COUNT(*) FROM channel_settlements"),
                ("down payment spent", "SELECT COUNT(*) FROM sale_payments WHERE method = 'deposit'"),
                ("credit kept", "SELECT COUNT(*) FROM order_payments WHERE kind = 'credit'"),
                ("credit spent", "SELECT COUNT(*) FROM order_payments WHERE kind = 'deposit' AND method = 'credit'"),
                ("refund", "SELECT COUNT(*) FROM order_payments WHERE kind = 'refund'"),
            ):
                if _sum(s, sql):
                    event(label)
            problems = check_books(s).problems
            assert not problems, [str(p) for p in problems]
            for code in PLATFORMS:
                sold = _sum(s, f"SELECT SUM(total - commission) FROM sales WHERE channel = '{code}'")
                paid_out = _sum(s, f"SELECT SUM(cleared) FROM channel_settlements WHERE channel = '{code}'")
                assert owed_by_platform(s, code) == sold - paid_out
            commission = _sum(s, "SELECT SUM(commission) FROM sales")
            fees = _sum(s, "SELECT SUM(owed - received) FROM channel_settlements WHERE difference = 'commission'")
            assert account(s, accounts.BEBAN_KOMISI) == commission + fees >= 0
            extra = _sum(s, "SELECT SUM(received - owed) FROM channel_settlements WHERE difference = 'income'")
            assert account(s, accounts.PENDAPATAN_LAIN) == extra
            # Uang muka is what orders hold plus what customers keep, and equals the money taken less given back.
            orders = s.execute(text("SELECT id FROM orders")).scalars().all()
            held = sum(held_for(s, _uuid(o)) for o in orders)
            assert account(s, accounts.UANG_MUKA) == held + customer_credit(s, _customer(s)).rupiah
            taken = _sum(s, "SELECT SUM(amount) FROM order_payments WHERE kind = 'deposit' AND method <> 'credit'")
            refunded = _sum(s, "SELECT SUM(amount) FROM order_payments WHERE kind = 'refund'")
            spent = _sum(s, "SELECT SUM(amount) FROM sale_payments WHERE method = 'deposit'")
            assert account(s, accounts.UANG_MUKA) == taken - refunded - spent
            closed = s.execute(text("SELECT id FROM orders WHERE status IN ('done', 'cancelled')")).scalars().all()
            assert all(held_for(s, _uuid(o)) == 0 for o in closed)
            # The drawer: the float plus every rupiah of cash booked to Kas.
            assert shift_report(s).expected_cash == 200_000 + account(s, accounts.KAS)
            assert account(s, accounts.PENDAPATAN_ONGKIR) == _sum(s, "SELECT SUM(delivery_fee) FROM sales")
            unsold = _sum(
                s,
                "SELECT COUNT(*) FROM orders o WHERE o.status <> 'done' AND EXISTS "
                "(SELECT 1 FROM stock_movements m WHERE m.source_id = o.id)",
            )
            assert unsold == 0
    finally:
        db.dispose()


def _uuid(raw: Any) -> uuid.UUID:
    return uuid.UUID(bytes=bytes(raw))


def _items(s: Session) -> list[Item]:
    rows = s.execute(
        text("SELECT id, name, price, cost FROM products WHERE name IN ('Nasi goreng', 'Es teh', 'Kerupuk')")
    ).all()
    by_name = {name: Item(ProductId(_uuid(pid)), name, "", price, cost) for pid, name, price, cost in rows}
    return [by_name["Nasi goreng"], by_name["Es teh"], by_name["Kerupuk"]]

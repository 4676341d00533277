"""Kasbon ageing against the tab itself: whatever is charged, paid and refunded to the tab, in any order of days,
each customer's ageing adds up to what they owe (nothing when the shop owes them), and the report's total is the
sum of what is owed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import fresh_db
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shop_support import AT, Counter, code, sell, set_up_counter

from pos.ledger.base.db import Database
from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.people.customers import add_customer, kasbon_balance, list_customers
from pos.ledger.people.kasbon import kasbon_ageing, record_kasbon_payment
from pos.ledger.people.users import list_users
from pos.ledger.reports.receivables import kasbon_report
from pos.ledger.selling.returns import return_items

START = AT - dt.timedelta(days=200)

# (what, which customer, how many pieces of Rp 5.000 or what share of the tab in tenths, days after the last)
operations = st.lists(
    st.tuples(
        st.sampled_from(["charge", "pay", "refund_to_tab"]),
        st.integers(min_value=0, max_value=2),
        st.integers(min_value=1, max_value=10),
        st.integers(min_value=0, max_value=40),
    ),
    min_size=1,
    max_size=14,
)


@pytest.fixture(scope="module")
def shop_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("ageing")
    db = fresh_db(template_db, directory)
    set_up_counter(db, at=START)
    with db.write() as s:
        for name in ("Bu Ani", "Pak Budi", "Mbak Sari"):
            add_customer(s, name, credit_limit=Money(10**9))
    db.dispose()
    return db.path


def _step(counter: Counter, who: CustomerId, op: str, size: int, at: dt.datetime) -> None:
    if op == "charge":
        sell(
            counter,
            counter.owner,
            [(counter.codes[0], size)],
            [Payment("kasbon", Money(5_000 * size))],
            at=at,
            customer_id=who,
        )
    elif op == "pay":
        with counter.db.write() as s:
            owed = kasbon_balance(s, who).rupiah
            amount = owed * size // 10
            if amount > 0:
                record_kasbon_payment(s, counter.owner, who, Money(amount), at=at)
    else:  # bought for cash, brought back, refunded to the tab: the tab may go below zero
        bought = sell(counter, counter.owner, [(counter.codes[0], size)], [cash(5_000 * size)], at=at, customer_id=who)
        with counter.db.write() as s:
            return_items(s, counter.owner, bought.receipt_no, [(1, Qty.units(size))], refund_method="kasbon", at=at)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_each_customers_ageing_adds_up_to_what_they_owe(
    shop_path: Path, tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, int, int, int]]
) -> None:
    db: Database = fresh_db(shop_path, tmp_path_factory.mktemp("flow"))
    try:
        with db.read() as s:
            people = {u.name: u for u in list_users(s)}
            owner = Actor(people["Bu Sri"].id, "Bu Sri", "owner")
            cashier = Actor(people["Dewi"].id, "Dewi", "cashier")
            customers = [CustomerId(c.id) for c in sorted(list_customers(s), key=lambda c: c.name)]
        counter = Counter(db, owner, cashier, [code(n + 1) for n in range(3)])
        at = START
        for op, who, size, days in ops:
            at += dt.timedelta(days=days, minutes=1)
            _step(counter, customers[who], op, size, at)
        day = (at + dt.timedelta(days=1)).date()
        with db.read() as s:
            ageing = {a.customer_id: a for a in kasbon_ageing(s, day)}
            for who in customers:
                owed = kasbon_balance(s, who).rupiah
                row = ageing.get(who)
                assert (row.total if row else 0) == max(owed, 0), (who, owed, row)
                if row:
                    assert row.oldest is not None and row.oldest <= day
            assert kasbon_report(s, day).total == sum(max(kasbon_balance(s, c).rupiah, 0) for c in customers)
    finally:
        db.dispose()

"""Supplier debts: goods bought on credit with the day they are due, paid in parts (the soonest due settled
first), the ageing of what the shop owes, and the reminders of what falls due in the coming days."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import add_item, counter_template, fresh_db, readable, row_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinds_support import at
from sqlalchemy.orm import Session

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.books.check import check_books
from pos.ledger.books.payables import due_soon, open_debts, payables_ageing
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, pay_supplier, receive_goods, supplier_balance

DAY = dt.date(2026, 11, 2)
NUMBERS = itertools.count(700)  # each product its own barcode


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def on_credit(s: Session, supplier: uuid.UUID, total: int, due_in: int | None, paid_with: str = "credit") -> uuid.UUID:
    n = next(NUMBERS)
    item = add_item(s, f"Barang {n}", 0, n=n)
    goods = [PurchaseItem(item.id, Qty(10 * MILLI), Money(total))]
    due = None if due_in is None else DAY + dt.timedelta(days=due_in)
    return receive_goods(s, None, goods, supplier_id=supplier, paid_with=paid_with, due_on=due, at=at(DAY))


def test_part_payments_settle_the_soonest_due_first_and_the_ageing_follows(db: Database) -> None:
    with db.write() as s:
        grosir = add_supplier(s, "Toko Grosir")
        on_credit(s, grosir, 300_000, 40)
        on_credit(s, grosir, 200_000, 14)
        on_credit(s, grosir, 50_000, None)  # no day agreed: never overdue, paid last
        pay_supplier(s, None, grosir, Money(120_000), at=at(DAY + dt.timedelta(days=3)))
        assert [(d.due, d.left) for d in open_debts(s)] == [
            (DAY + dt.timedelta(days=14), 80_000),
            (DAY + dt.timedelta(days=40), 300_000),
            (None, 50_000),
        ]
        assert sum(d.left for d in open_debts(s)) == supplier_balance(s, grosir) == 430_000
        # Ten days on, what falls due within a week is the first debt's rest.
        assert [d.left for d in due_soon(s, DAY + dt.timedelta(days=10), 7)] == [80_000]
        # Fifty-five days on: the first is 41 days overdue, the second 15; the undated one is not due.
        [ageing] = payables_ageing(s, DAY + dt.timedelta(days=55))
        assert ageing.buckets == (50_000, 300_000, 80_000, 0, 0)
        assert ageing.soonest_due == DAY + dt.timedelta(days=14) and ageing.total == 430_000
        pay_supplier(s, None, grosir, Money(430_000), paid_with="bank", at=at(DAY + dt.timedelta(days=56)))
        assert open_debts(s) == [] and payables_ageing(s, DAY + dt.timedelta(days=56)) == []
        assert check_books(s).ok


def test_a_due_date_that_cannot_be_is_refused_and_nothing_is_written(db: Database) -> None:
    with db.write() as s:
        grosir = add_supplier(s, "Toko Grosir")
        goods = [PurchaseItem(add_item(s, "Gula 1 kg", 0).id, Qty(MILLI), Money(1_000))]
        before = row_counts(s)
        with pytest.raises(InvalidInput) as err:
            receive_goods(s, None, goods, supplier_id=grosir, paid_with="cash", due_on=DAY, at=at(DAY))
        assert readable(err.value, "Only goods bought on credit have a day they are due.")
        with pytest.raises(InvalidInput) as err:
            receive_goods(
                s, None, goods, supplier_id=grosir, paid_with="credit", due_on=DAY - dt.timedelta(days=1), at=at(DAY)
            )
        assert readable(err.value, "The due date cannot be before the day the goods came.")
        with pytest.raises(InvalidInput) as err:
            pay_supplier(s, None, grosir, Money(1))
        assert readable(err.value, "The shop owes this supplier only {owed}.")
        assert row_counts(s) == before


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    debts=st.lists(
        st.tuples(st.integers(1, 500_000), st.one_of(st.none(), st.integers(0, 90))), min_size=1, max_size=5
    ),
    payments=st.lists(st.integers(1, 400_000), max_size=5),
)
def test_what_is_left_of_the_debts_is_always_what_the_books_say_is_owed(
    counter_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    debts: list[tuple[int, int | None]],
    payments: list[int],
) -> None:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("example"))
    try:
        with db.write() as s:
            grosir = add_supplier(s, "Toko Grosir")
            for total, due_in in debts:
                on_credit(s, grosir, total, due_in)
            for amount in payments:
                owed = supplier_balance(s, grosir)
                if owed:
                    pay_supplier(s, None, grosir, Money(min(amount, owed)), at=at(DAY))
            left = [d.left for d in open_debts(s)]
            assert sum(left) == supplier_balance(s, grosir)
            assert sum(a.total for a in payables_ageing(s, DAY + dt.timedelta(days=200))) == sum(left)
            # Payments go to the soonest due first: once a debt is partly left, every later-due one is whole.
            rest = [(d.left, d.amount) for d in open_debts(s)]
            assert all(amount == left_ for left_, amount in rest[1:])
            assert check_books(s).ok
    finally:
        db.dispose()

"""Titip jual: a neighbour's snacks on the shelf at no value in Persediaan; a sale books the shop's commission as
revenue and the rest as owed to the neighbour; a settlement pays for what sold and hands back the rest; and over
any sales, returns and voids, a settlement always leaves nothing owed and nothing of theirs on the shelf."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import add_item, counter, counter_template, fresh_db, owner_approval, pay, readable, row_counts, sell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinds_support import buy, on_hand, value_of
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.pricing import Discount
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.stock.consignment import consigned_on_hand, owed_to, receive_consigned, set_consigned, settle
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.purchases import add_supplier
from pos.ledger.stock.stock_levels import stock_value


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def neighbour(s: Session) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """Bu Tini's snacks: keripik (she gets Rp 1.500 of the Rp 2.000) and kue (20% commission on Rp 5.000)."""
    owner = counter(s).owner
    tini = add_supplier(s, "Bu Tini")
    keripik = add_item(s, "Keripik Bu Tini", 2_000, n=901).id
    kue = add_item(s, "Kue lapis", 5_000, n=902).id
    set_consigned(s, owner, keripik, tini, price=1_500)
    set_consigned(s, owner, kue, tini, commission_bp=2_000)
    receive_consigned(s, owner, tini, {keripik: Qty.units(20), kue: Qty.units(10)})
    return tini, keripik, kue


def sell_of(s: Session, product: uuid.UUID, n: int, discount: Discount | None = None) -> str:
    line = line_for_product(get_product(s, product), Qty.units(n))
    cart = Cart([line])
    if discount is not None:
        cart.set_line_discount(0, discount)
    result = sell(s, cart, [pay("cash", 1_000_000)], by=counter(s).owner)
    return result.receipt_no


def test_consigned_goods_are_on_the_shelf_but_not_in_persediaan(db: Database) -> None:
    with db.write() as s:
        _tini, keripik, kue = neighbour(s)
        assert on_hand(s, keripik) == 20 * MILLI and on_hand(s, kue) == 10 * MILLI
        assert value_of(s, keripik) == value_of(s, kue) == 0
        assert trial_balance(s).balance(accounts.PERSEDIAAN) == stock_value(s) == 0


def test_a_sale_books_the_commission_as_revenue_and_the_rest_as_owed(db: Database) -> None:
    with db.write() as s:
        tini, keripik, kue = neighbour(s)
        sell_of(s, keripik, 4)  # Rp 8.000: Rp 6.000 to Bu Tini, Rp 2.000 commission
        sell_of(s, kue, 2)  # Rp 10.000: 20% = Rp 2.000 commission, Rp 8.000 to Bu Tini
        tb = trial_balance(s)
        assert owed_to(s, tini) == 14_000
        assert tb.balance(accounts.PENDAPATAN_KOMISI_TITIP) == 4_000
        assert tb.balance(accounts.PENDAPATAN) == 0 and tb.balance(accounts.HPP) == 0
        assert tb.balance(accounts.KAS) == 18_000  # the drawer's float is not booked, only the sales
        assert check_books(s).ok


def test_a_settlement_pays_for_what_sold_and_hands_back_the_rest(db: Database) -> None:
    with db.write() as s:
        tini, keripik, kue = neighbour(s)
        sell_of(s, keripik, 4)
        receipt = sell_of(s, kue, 3)
        approval = owner_approval(s, "refund")
        return_items(s, counter(s).cashier, receipt, [(1, Qty.units(1))], approvals=(approval,))
        assert owed_to(s, tini) == 6_000 + 8_000  # the returned cake is no longer owed
        done = settle(s, counter(s).owner, tini)
        assert done.paid == 14_000
        assert dict(done.returned) == {keripik: 16 * MILLI, kue: 8 * MILLI}
        assert owed_to(s, tini) == 0 and consigned_on_hand(s, tini) == {}
        assert trial_balance(s).balance(accounts.UTANG_TITIPAN) == 0
        assert check_books(s).ok


def test_a_consigned_product_cannot_be_bought_nor_made_the_shops_with_goods_on_the_shelf(db: Database) -> None:
    with db.write() as s:
        tini, keripik, _kue = neighbour(s)
        add_supplier(s, "Toko Grosir")
        before = row_counts(s)
        with pytest.raises(InvalidInput) as err:
            buy(s, keripik, MILLI, 1_000)
        assert readable(err.value, "{name} is a consignor's: receive it as goods left on consignment.")
        with pytest.raises(InvalidInput) as err:
            set_consigned(s, counter(s).owner, keripik, None)
        assert readable(err.value, "Settle with the consignor first: the shop still holds their {name}.")
        with pytest.raises(InvalidInput) as err:
            settle(s, counter(s).owner, tini, returns={keripik: Qty.units(21)})
        assert readable(err.value, "Only {left} of {name} can still be returned.")
        assert row_counts(s) == before


def test_a_settlement_waits_while_more_was_sold_than_was_received(db: Database) -> None:
    with db.write() as s:
        tini, _keripik, kue = neighbour(s)
        sell_of(s, kue, 10)
        sell_of(s, kue, 1)  # one more than Bu Tini was recorded to have left
        before = row_counts(s)
        with pytest.raises(InvalidInput) as err:
            settle(s, counter(s).owner, tini)
        assert readable(
            err.value,
            "More {name} was sold than was received from this consignor: receive the missing {missing} first.",
        )
        assert row_counts(s) == before
        receive_consigned(s, counter(s).owner, tini, {kue: Qty.units(1)})
        done = settle(s, counter(s).owner, tini)
        assert done.paid == 11 * 4_000
        assert owed_to(s, tini) == 0 and consigned_on_hand(s, tini) == {}
        assert check_books(s).ok


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("sell"), st.sampled_from(["keripik", "kue"]), st.integers(1, 3), st.integers(0, 3000)),
        st.tuples(st.just("return"), st.just(""), st.integers(1, 2), st.just(0)),
        st.tuples(st.just("void"), st.just(""), st.just(0), st.just(0)),
    ),
    max_size=8,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, paid_with=st.sampled_from(["cash", "bank"]))
def test_consignment_always_settles_to_zero(
    counter_path: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str, int, int]], paid_with: str
) -> None:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("example"))
    try:
        with db.write() as s:
            tini, keripik, kue = neighbour(s)
            owner = counter(s).owner
            receipts: list[str] = []
            for kind, which, n, discount_bp in steps:
                if kind == "sell":
                    product = keripik if which == "keripik" else kue
                    receipts.append(sell_of(s, product, n, Discount(percent_bp=discount_bp) if discount_bp else None))
                elif kind == "return" and receipts:
                    sold = s.execute(
                        text(
                            "SELECT l.qty_milli - COALESCE((SELECT SUM(r.qty_milli) FROM return_lines r "
                            "WHERE r.sale_id = l.sale_id AND r.sale_line_no = 1), 0) FROM sale_lines l "
                            "JOIN sales x ON x.id = l.sale_id WHERE x.receipt_no = :r AND l.line_no = 1 "
                            "AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = x.id)"
                        ),
                        {"r": receipts[-1]},
                    ).scalar()
                    if sold and sold >= n * MILLI:
                        return_items(s, owner, receipts[-1], [(1, Qty.units(n))])
                elif kind == "void" and receipts:
                    with contextlib.suppress(InvalidInput):  # partly returned: refused, as at the counter
                        void_sale(s, owner, receipts.pop(), reason="batal")
            persediaan = trial_balance(s).balance(accounts.PERSEDIAAN)
            short = {pid: Qty(-q) for pid, q in consigned_on_hand(s, tini).items() if q < 0}
            if short:  # more sold than was recorded as left: the owner records what Bu Tini really left
                receive_consigned(s, owner, tini, short)
            if owed_to(s, tini) or consigned_on_hand(s, tini):
                settle(s, owner, tini, paid_with=paid_with)
            assert owed_to(s, tini) == 0
            assert consigned_on_hand(s, tini) == {}
            assert trial_balance(s).balance(accounts.UTANG_TITIPAN) == 0
            assert trial_balance(s).balance(accounts.PERSEDIAAN) == persediaan == stock_value(s) == 0
            assert check_books(s).ok
    finally:
        db.dispose()

"""Expiry dates: goods received in batches, sold first-expiring first (and, over any receipts and sales, always
from the earliest batch left), what expires soon, and a batch written off with a reason and booked."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import add_item, counter, counter_template, fresh_db, pay, readable, row_counts, sell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinds_support import buy, on_hand
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.selling.returns import void_sale
from pos.ledger.stock.batches import Lot, expiring, lots, pick_fefo, set_tracks_expiry, write_off
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.purchases import add_supplier
from pos.ledger.stock.stock_levels import stock_value

DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def milk(s: Session) -> uuid.UUID:
    item = add_item(s, "Susu UHT 1L", 20_000, cost=15_000, n=601)
    set_tracks_expiry(s, counter(s).owner, item.id, True)
    return item.id


def sell_units(s: Session, product: uuid.UUID, n: int, when: dt.datetime | None = None) -> None:
    sell(s, Cart([line_for_product(get_product(s, product), Qty.units(n))]), [pay("cash", 20_000 * n)], at=when)


def batch_stock(s: Session, product: uuid.UUID) -> dict[dt.date, int]:
    return {lot.expires_on: lot.qty_milli for lot in lots(s, [product])[product]}


def test_goods_that_track_expiry_sell_first_expiring_first(db: Database) -> None:
    with db.write() as s:
        product = milk(s)
        buy(s, product, 6 * MILLI, 90_000, expires_on=DAY + dt.timedelta(days=20), batch_no="B2")
        buy(s, product, 4 * MILLI, 60_000, expires_on=DAY + dt.timedelta(days=5), batch_no="B1")
        sell_units(s, product, 5)
        # The 4 expiring first go first, then 1 of the later batch.
        assert batch_stock(s, product) == {DAY + dt.timedelta(days=20): 5 * MILLI}
        assert on_hand(s, product) == 5 * MILLI
        assert stock_value(s) == trial_balance(s).balance(accounts.PERSEDIAAN)
        assert check_books(s).ok


def test_receiving_without_an_expiry_date_is_refused(db: Database) -> None:
    with db.write() as s:
        product = milk(s)
        add_supplier(s, "Toko Grosir")
        before = row_counts(s)
        with pytest.raises(InvalidInput) as err:
            buy(s, product, MILLI, 15_000)
        assert readable(err.value, "{name} tracks expiry dates: give the day these expire.")
        assert row_counts(s) == before


def test_a_void_puts_the_goods_back_in_their_batch(db: Database) -> None:
    with db.write() as s:
        product = milk(s)
        buy(s, product, 3 * MILLI, 45_000, expires_on=DAY)
        sell_units(s, product, 2)
        receipt = s.execute(text("SELECT receipt_no FROM sales")).scalar_one()
        void_sale(s, counter(s).owner, receipt, reason="salah")
        assert batch_stock(s, product) == {DAY: 3 * MILLI}


def test_what_expires_soon_and_a_write_off_booked_with_its_reason(db: Database) -> None:
    with db.write() as s:
        product = milk(s)
        buy(s, product, 2 * MILLI, 30_000, expires_on=DAY + dt.timedelta(days=2), batch_no="A7")
        buy(s, product, 3 * MILLI, 45_000, expires_on=DAY + dt.timedelta(days=30))
        soon = expiring(s, DAY, 7)
        assert [(x.lot.batch_no, x.lot.qty_milli, x.value, x.days_left(DAY)) for x in soon] == [
            ("A7", 2_000, 30_000, 2)
        ]
        write_off(s, counter(s).owner.user_id, soon[0].lot.batch_id, "kedaluwarsa", note="lewat tanggal")
        assert batch_stock(s, product) == {DAY + dt.timedelta(days=30): 3 * MILLI}
        assert trial_balance(s).balance(accounts.SELISIH_PERSEDIAAN) == 30_000
        assert stock_value(s) == trial_balance(s).balance(accounts.PERSEDIAAN)
        assert expiring(s, DAY, 7) == []
        with pytest.raises(InvalidInput) as err:
            write_off(s, None, soon[0].lot.batch_id, "kedaluwarsa")
        assert readable(err.value, "Nothing is left of this batch.")
        assert check_books(s).ok


def _lot(n: int, day: int, qty: int) -> Lot:
    return Lot(uuid.UUID(int=n + 1), uuid.UUID(int=0), "", DAY + dt.timedelta(days=day), qty)


@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 5_000)), max_size=8),
    st.integers(1, 30_000),
)
def test_picking_always_takes_the_earliest_batch_left(batches: list[tuple[int, int]], qty: int) -> None:
    available = [_lot(n, day, q) for n, (day, q) in enumerate(batches)]
    picked = pick_fefo(available, qty)
    assert sum(q for _b, q in picked) == qty
    by_id = {x.batch_id: x for x in available}
    taken_days = [by_id[b].expires_on for b, _q in picked if b is not None]
    assert taken_days == sorted(taken_days)
    # Every batch expiring before the last one touched was emptied.
    if taken_days:
        last = max(taken_days)
        for lot in available:
            if lot.expires_on < last:
                assert sum(q for b, q in picked if b == lot.batch_id) == lot.qty_milli
    unbatched = sum(q for b, q in picked if b is None)
    assert unbatched == max(0, qty - sum(x.qty_milli for x in available))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("in"), st.integers(0, 40), st.integers(1, 6)),
            st.tuples(st.just("sell"), st.just(0), st.integers(1, 5)),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_over_receipts_and_sales_the_shelf_always_loses_its_earliest_batch_first(
    counter_path: Path, tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, int]]
) -> None:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("example"))
    try:
        with db.write() as s:
            product = milk(s)
            for kind, day, n in steps:
                if kind == "in":
                    buy(s, product, n * MILLI, 15_000 * n, expires_on=DAY + dt.timedelta(days=day))
                    continue
                before = batch_stock(s, product)
                sell_units(s, product, n)
                after = batch_stock(s, product)
                gone = {d: q - after.get(d, 0) for d, q in before.items() if q != after.get(d, 0)}
                if gone:
                    # Only the earliest days lost stock, and every day before the latest one touched is empty.
                    latest = max(gone)
                    assert all(d not in after for d in before if d < latest)
            levels = sum(batch_stock(s, product).values())
            assert levels <= max(on_hand(s, product), 0) or on_hand(s, product) < 0
            assert check_books(s).ok
    finally:
        db.dispose()

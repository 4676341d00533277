"""Production: 20 masks from 2 m of kain and thread, the cost moved from the materials into the masks in one
balanced transaction; a run from the recipe or from the materials typed; waste recorded with a reason; and a
production run, whatever it makes, always balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import add_item, counter, counter_template, fresh_db, owner_approval, readable, row_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinds_support import buy, on_hand, value_of
from sqlalchemy import text

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.books import accounts
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.stock.batches import lots, set_tracks_expiry
from pos.ledger.stock.production import planned_materials, produce
from pos.ledger.stock.purchases import add_supplier
from pos.ledger.stock.recipes import Ingredient, set_recipe
from pos.ledger.stock.stock_levels import adjust_stock, stock_value


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def test_twenty_masks_from_two_metres_of_kain_and_thread(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kain = add_item(s, "Kain tenun", 0, unit="m", n=701)
        thread = add_item(s, "Benang", 0, unit="m", n=702)
        mask = add_item(s, "Masker tenun", 25_000, n=703)
        buy(s, kain.id, 5 * MILLI, 400_000)  # Rp 80.000 a metre
        buy(s, thread.id, 100 * MILLI, 20_000)  # Rp 200 a metre
        set_recipe(s, owner, mask.id, [Ingredient(kain.id, 100), Ingredient(thread.id, 500)])  # 0,1 m and 0,5 m
        assert planned_materials(s, mask.id, Qty.units(20)) == [
            Ingredient(kain.id, 2_000),
            Ingredient(thread.id, 10_000),
        ]
        value_before = stock_value(s)
        result = produce(s, owner, mask.id, Qty.units(20), note="Masker batch Desember")
        assert result.value == 2 * 80_000 + 10 * 200
        assert on_hand(s, mask.id) == 20 * MILLI and value_of(s, mask.id) == result.value
        assert on_hand(s, kain.id) == 3 * MILLI and on_hand(s, thread.id) == 90 * MILLI
        assert stock_value(s) == value_before  # moved inside Persediaan, nothing gained or lost
        assert stock_value(s) == trial_balance(s).balance(accounts.PERSEDIAAN)
        lines = s.execute(
            text(
                "SELECT l.account_code, l.debit, l.credit FROM production_runs r "
                "JOIN journal_lines l ON l.entry_id = r.entry_id ORDER BY l.line_no"
            )
        ).all()
        assert [tuple(x) for x in lines] == [(accounts.PERSEDIAAN, 162_000, 0), (accounts.PERSEDIAAN, 0, 162_000)]
        # A mask now leaves at what its materials cost.
        assert result.value // 20 == 8_100
        # Waste recorded with its reason, booked like any loss.
        adjust_stock(s, owner.user_id, kain.id, Qty(-250), "terbuang", "salah potong")
        assert trial_balance(s).balance(accounts.SELISIH_PERSEDIAAN) == 20_000
        assert check_books(s).ok


def test_a_run_is_refused_whole_when_it_cannot_be_made(db: Database) -> None:
    with db.write() as s:
        mask = add_item(s, "Masker", 25_000, n=711)
        kain = add_item(s, "Kain", 0, unit="m", n=712)
        add_supplier(s, "Toko Grosir")
        before = row_counts(s)
        with pytest.raises(InvalidInput) as err:
            produce(s, counter(s).owner, mask.id, Qty.units(5))
        assert readable(err.value, "List the materials used, or give {name} a recipe.")
        with pytest.raises(InvalidInput) as err:
            produce(s, counter(s).owner, mask.id, Qty.units(5), [Ingredient(mask.id, 1_000)])
        assert readable(err.value, "A product cannot be an ingredient of itself.")
        set_tracks_expiry(s, counter(s).owner, mask.id, True)
        before = row_counts(s)
        with pytest.raises(InvalidInput) as err:
            produce(s, counter(s).owner, mask.id, Qty.units(5), [Ingredient(kain.id, 1_000)])
        assert readable(err.value, "{name} tracks expiry dates: give the day these expire.")
        assert row_counts(s) == before


def test_goods_made_with_an_expiry_date_come_in_as_a_batch(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        flour = add_item(s, "Tepung", 0, unit="kg", n=721)
        bread = add_item(s, "Roti", 5_000, n=722)
        buy(s, flour.id, 10 * MILLI, 120_000)
        set_tracks_expiry(s, owner, bread.id, True)
        day = dt.date(2026, 12, 10)
        produce(s, owner, bread.id, Qty.units(30), [Ingredient(flour.id, 3_000)], expires_on=day, batch_no="R1")
        assert [(x.expires_on, x.qty_milli, x.batch_no) for x in lots(s, [bread.id])[bread.id]] == [(day, 30_000, "R1")]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    materials=st.lists(
        st.tuples(st.integers(1, 50_000), st.integers(1, 500_000), st.integers(1, 60_000)), min_size=1, max_size=4
    ),
    made=st.integers(1, 100_000),
)
def test_a_production_run_always_balances(
    counter_path: Path, tmp_path_factory: pytest.TempPathFactory, materials: list[tuple[int, int, int]], made: int
) -> None:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("example"))
    try:
        with db.write() as s:
            goods = add_item(s, "Barang jadi", 10_000, n=799)
            used = []
            for n, (bought, paid, take) in enumerate(materials):
                item = add_item(s, f"Bahan {n}", 0, unit="m", n=800 + n)
                buy(s, item.id, bought, paid)
                used.append(Ingredient(item.id, take))
            before = stock_value(s), {u.product_id: value_of(s, u.product_id) for u in used}
            result = produce(s, counter(s).owner, goods.id, Qty(made), used)
            taken = sum(before[1][u.product_id] - value_of(s, u.product_id) for u in used)
            assert taken == result.value == value_of(s, goods.id)
            assert stock_value(s) == before[0] == trial_balance(s).balance(accounts.PERSEDIAAN)
            entry = s.execute(
                text(
                    "SELECT COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0) FROM journal_lines "
                    "WHERE entry_id = (SELECT entry_id FROM production_runs)"
                )
            ).one()
            assert entry[0] == entry[1] == abs(result.value)
            assert check_books(s).ok
    finally:
        db.dispose()


def test_a_cashier_makes_goods_only_with_the_owners_approval(db: Database) -> None:
    with db.write() as s:
        shop = counter(s)
        bread = add_item(s, "Roti", 5_000, n=721)
        flour = add_item(s, "Tepung", 0, unit="g", n=722)
        buy(s, flour.id, 10_000 * 1_000, 120_000)
        before = row_counts(s)
        with pytest.raises(NeedsApproval):
            produce(s, shop.cashier, bread.id, Qty.units(10), [Ingredient(flour.id, 1_000_000)])
        assert row_counts(s) == before
        approval = owner_approval(s, "edit_product")
        made = produce(
            s, shop.cashier, bread.id, Qty.units(10), [Ingredient(flour.id, 1_000_000)], approvals=[approval]
        )
        assert made.value == 12_000

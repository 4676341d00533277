"""Variants: options make one product per combination, each with its own barcode, price, cost and stock, grouped
under the product; the counter finds one by its barcode or from the grid; the product itself is never sold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import cart_of, counter, counter_template, ean, fresh_db, pay, readable, row_counts, sell
from kinds_support import buy, on_hand

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.stock.product_records import BarcodeSpec, add_product, get_product
from pos.ledger.stock.products import ProductEdit, add_barcode, edit_product
from pos.ledger.stock.variants import Option, grid_of, is_parent, parents_of, set_options, variants_of


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def test_options_make_a_variant_for_each_combination(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        masker = add_product(s, "Masker tenun", Money(25_000), cost=Money(9_000), sku="MSK")
        made = set_options(s, owner, masker, [Option("Ukuran", ("S", "M", "L")), Option("Motif", ("Songket", "Ikat"))])
        labels = ["S / Songket", "S / Ikat", "M / Songket", "M / Ikat", "L / Songket", "L / Ikat"]
        assert [v.label for v in made] == labels
        assert made[0].name == "Masker tenun S / Songket" and made[0].sku == "MSK-S-SONGKET"
        assert all(v.price == Money(25_000) and v.cost == Money(9_000) for v in made)
        assert is_parent(s, masker) and not is_parent(s, made[0].product_id)
        assert parents_of(s, [v.product_id for v in made] + [masker]) == {v.product_id: masker for v in made}
        # Each variant is a product of its own: its own price and barcode.
        large = made[4].product_id
        edit_product(s, owner, large, ProductEdit(price=Money(30_000)))
        add_barcode(s, large, BarcodeSpec(ean(77)))
        grid = grid_of(s, masker)
        assert grid.rows == ("S", "M", "L") and grid.columns == ("Songket", "Ikat")
        cell = grid.cells[2][0]
        assert cell is not None and cell.product_id == large and cell.price == Money(30_000)


def test_a_variant_has_its_own_stock_and_sells_by_its_barcode(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_product(s, "Kaos", Money(50_000), cost=Money(20_000))
        red, blue = set_options(s, owner, kaos, [Option("Warna", ("Merah", "Biru"))])
        add_barcode(s, red.product_id, BarcodeSpec(ean(81)))
        buy(s, red.product_id, 5 * MILLI, 100_000)
        sell(s, cart_of(s, ean(81)), [pay("cash", 50_000)])
        assert on_hand(s, red.product_id) == 4 * MILLI
        assert on_hand(s, blue.product_id) == 0
        assert {v.label: v.on_hand_milli for v in variants_of(s, kaos)} == {"Merah": 4 * MILLI, "Biru": 0}


def test_the_product_itself_is_not_sold_but_one_of_its_variants(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_product(s, "Kaos", Money(50_000))
        set_options(s, owner, kaos, [Option("Warna", ("Merah", "Biru"))])
        before = row_counts(s)
        with pytest.raises(InvalidInput) as err:
            sell(s, Cart([line_for_product(get_product(s, kaos), Qty.units(1))]), [pay("cash", 50_000)])
        assert readable(err.value, "Choose which {name} is sold: it comes in variants.") == (
            "Choose which Kaos is sold: it comes in variants."
        )
        assert row_counts(s) == before


def test_options_set_again_keep_the_variants_and_retire_the_combinations_dropped(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_product(s, "Kaos", Money(50_000))
        first = set_options(s, owner, kaos, [Option("Ukuran", ("M", "L"))])
        again = set_options(s, owner, kaos, [Option("Ukuran", ("L", "XL"))])
        ids = {v.label: v.product_id for v in again}
        assert ids["L"] == first[1].product_id  # the same variant, its barcode and stock kept
        assert {v.label: v.is_active for v in variants_of(s, kaos)} == {"L": True, "XL": True, "M": False}
        assert grid_of(s, kaos).rows == ("L", "XL")


def test_options_saved_again_unchanged_write_nothing(db: Database) -> None:
    """Saving the product dialog without touching its options must not tell every other counter, nor the audit
    log, that the owner changed them; a dropped value saved twice retires its variant once."""
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_product(s, "Kaos", Money(50_000))
        options = [Option("Ukuran", ("M", "L")), Option("Warna", ("Merah", "Biru"))]
        first = set_options(s, owner, kaos, options)
        before = row_counts(s)
        again = set_options(s, owner, kaos, [Option(" Ukuran ", ("M", "L ")), Option("Warna", ("Merah", "Biru"))])
        assert again == first
        assert row_counts(s) == before  # no change event, no audit entry, no sequence moved
        set_options(s, owner, kaos, [Option("Ukuran", ("L",)), Option("Warna", ("Merah", "Biru"))])
        after_drop = row_counts(s)
        assert after_drop != before
        set_options(s, owner, kaos, [Option("Ukuran", ("L",)), Option("Warna", ("Merah", "Biru"))])
        assert row_counts(s) == after_drop


def test_bad_options_are_refused_in_the_shops_words(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_product(s, "Kaos", Money(50_000))
        with pytest.raises(InvalidInput) as err:
            set_options(s, owner, kaos, [Option("Ukuran", ("M", "m"))])
        assert readable(err.value, "A value of the option {name} is listed twice.")
        with pytest.raises(InvalidInput) as err:
            many = [Option("A", tuple(str(n) for n in range(15))), Option("B", tuple("abcdefghijklmn"))]
            set_options(s, owner, kaos, many)
        assert readable(err.value, "These options make {n} variants; at most {max} are allowed.")
        with pytest.raises(NeedsApproval):
            set_options(s, counter(s).cashier, kaos, [Option("Ukuran", ("M",))])

"""The owner's table of variants: combinations planned before anything is written, saved with the options in one
transaction (barcodes may swap between variants in one save), and the marks the product list groups by."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from builders import counter, counter_template, fresh_db

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.stock.product_records import add_product, find_by_barcode
from pos.ledger.stock.stock_levels import adjust_stock
from pos.ledger.stock.variant_form import VariantRow, marks, plan, save_variants, variant_rows
from pos.ledger.stock.variants import Option, options_of


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def test_a_plan_keeps_what_was_typed_in_rows_already_there() -> None:
    typed = [VariantRow(("S",), Money(27_000), Money(9_000), "MSK-S", "2000000000015")]
    rows = plan([Option("Ukuran", ("s", "M"))], typed, Money(25_000), Money(9_000))
    assert rows == [
        VariantRow(("s",), Money(27_000), Money(9_000), "MSK-S", "2000000000015"),
        VariantRow(("M",), Money(25_000), Money(9_000)),
    ]
    with pytest.raises(InvalidInput) as refused:
        plan([Option("Ukuran", ("S", "M", " s "))], [], Money(0), Money(0))
    assert refused.value.msgid == "A value of the option {name} is listed twice."


def test_saved_with_their_own_figures_and_barcodes_swapped_in_one_save(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_product(s, "Kaos", Money(40_000), cost=Money(20_000), sku="KAOS")
        options = [Option("Ukuran", ("M", "L"))]
        rows = plan(options, [], Money(40_000), Money(20_000))
        rows = [
            replace(rows[0], barcode="2000000000015"),
            replace(rows[1], price=Money(45_000), barcode="2000000000022"),
        ]
        saved = save_variants(s, owner, kaos, options, rows)
        assert saved[1].product_id is not None
        adjust_stock(s, owner.user_id, saved[1].product_id, Qty.units(3), "ditemukan")
    with db.write() as s:
        again = variant_rows(s, kaos)
        swapped = [replace(again[0], barcode=again[1].barcode), replace(again[1], barcode=again[0].barcode)]
        save_variants(s, owner, kaos, options_of(s, kaos), swapped)
    with db.read() as s:
        shown = variant_rows(s, kaos)
        m, large = find_by_barcode(s, "2000000000022"), find_by_barcode(s, "2000000000015")
        found = marks(s, [kaos, *(r.product_id for r in shown if r.product_id)])
    assert [(r.label, r.price.rupiah, r.sku, r.on_hand_milli) for r in shown] == [
        ("M", 40_000, "KAOS-M", 0),
        ("L", 45_000, "KAOS-L", 3_000),
    ]
    assert m is not None and large is not None
    assert (m.product.name, large.product.name) == ("Kaos M", "Kaos L")
    assert (found[kaos].variants, found[kaos].on_hand_milli) == (2, 3_000)
    assert [found[r.product_id].label for r in shown if r.product_id] == ["M", "L"]


def test_two_variants_with_one_sku_are_refused_whole(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        kaos = add_product(s, "Kaos", Money(40_000))
    rows = [VariantRow(("M",), Money(40_000), sku="K1"), VariantRow(("L",), Money(40_000), sku="K1")]
    with pytest.raises(InvalidInput) as refused, db.write() as s:
        save_variants(s, owner, kaos, [Option("Ukuran", ("M", "L"))], rows)
    assert refused.value.msgid == "Two variants have the same SKU."
    with db.read() as s:
        assert options_of(s, kaos) == ()

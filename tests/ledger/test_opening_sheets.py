"""Opening balances brought from the sheets a shop keeps: stock per product at its cost, each customer's kasbon
with its date, each supplier's debt with its due date, all or nothing; and, for any sheet of opening stock, the
stock brought in equals the sum of its movements and the Persediaan balance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import row_counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opening_support import AT, SWITCH, Shop, set_up
from sheet_support import write_csv, write_xlsx
from sqlalchemy import select, text
from tests_support import copy_template

from pos.ledger.base.db import Database
from pos.ledger.base.money import MILLI, div_round_half_up
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.opening_view import opening_view
from pos.ledger.books.payables import payables_due
from pos.ledger.people.kasbon import kasbon_ageing
from pos.ledger.schema import Product
from pos.ledger.spreadsheet.opening_plan import OpeningPlan, enter_opening
from pos.ledger.spreadsheet.opening_sheets import SheetFile
from pos.ledger.spreadsheet.spreadsheet import SheetRejected
from pos.ledger.stock.stock_levels import stock_value


def test_a_shop_comes_over_from_its_sheets(db: Database, tmp_path: Path) -> None:
    shop = set_up(db)
    products = write_csv(
        tmp_path / "produk.csv",
        [
            ["Item Name", "SKU", "Price", "Harga Dasar", "In Stock"],
            ["Contoh: Kopi Susu", "", "12000", "8000", "5"],
            ["Teh Pucuk 350 ml", "TP350", "4.000", "3.100", "48"],
            ["Minyak Goreng 1 L", "MG1", "19.000", "16.500", "1.000"],
            ["Kerupuk", "KR", "1.000", "600", ""],  # nothing on the shelf: no opening stock
        ],
    )
    customers = write_xlsx(
        tmp_path / "pelanggan.xlsx",
        [["Nama", "No. HP", "Sisa Utang", "Tanggal"], ["Bu Ani", "081233334444", 75000, dt.datetime(2026, 6, 20)]],
    )
    suppliers = write_csv(
        tmp_path / "pemasok.csv",
        [["Nama Supplier", "Sisa Hutang", "Jatuh Tempo"], ["CV Sumber", "2.500.000", "15/07/2026"]],
    )
    plan = OpeningPlan(
        SWITCH, stock_file=SheetFile(products), customers_file=SheetFile(customers), suppliers_file=SheetFile(suppliers)
    )
    with db.write() as s:
        entered = enter_opening(s, shop.owner, plan, at=AT)
    assert entered.view is not None
    stock = 48 * 3_100 + 1_000 * 16_500
    assert entered.view.total("stock") == stock and entered.view.stock_products == 2
    assert entered.view.capital == stock + 75_000 - 2_500_000
    assert entered.added == {"products": 3, "customers": 1, "suppliers": 1}
    assert [(f, n.row) for f, n in entered.notes] == [("produk.csv", 2)]  # the template's example, skipped
    with db.read() as s:
        assert stock_value(s) == stock == trial_balance(s).balance(accounts.PERSEDIAAN)
        ageing = {a.name: a for a in kasbon_ageing(s, SWITCH)}
        due = payables_due(s)
    assert ageing["Bu Ani"].oldest == dt.date(2026, 6, 20)
    assert [(d.supplier, d.due, d.left) for d in due] == [("CV Sumber", dt.date(2026, 7, 15), 2_500_000)]


def test_bad_rows_in_either_part_of_a_sheet_are_reported_together_and_nothing_is_written(
    db: Database, tmp_path: Path
) -> None:
    shop = set_up(db)
    products = write_csv(
        tmp_path / "produk.csv",
        [["nama", "harga_jual", "stok"], ["Teh", "4000", "-3"], ["Kopi", "", "10"], ["Gula", "18000", "1,250"]],
    )
    with db.read() as s:
        before = row_counts(s)
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        enter_opening(s, shop.owner, OpeningPlan(SWITCH, stock_file=SheetFile(products)), at=AT)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "stok (C)"),
        (3, "harga_jual (B)"),
        (4, "stok (C)"),
    ]
    with db.read() as s:
        assert row_counts(s) == before


def test_a_stock_sheet_without_a_stock_column_names_its_unknown_headers(db: Database, tmp_path: Path) -> None:
    shop = set_up(db)
    products = write_csv(
        tmp_path / "p.csv", [["nama", "harga_jual", "harga_modal", "Sisa Gudang"], ["Teh", "4000", "3000", "3"]]
    )
    with pytest.raises(Exception, match="Sisa Gudang"), db.write() as s:
        enter_opening(s, shop.owner, OpeningPlan(SWITCH, stock_file=SheetFile(products)), at=AT)
    mapped = SheetFile(products, {"Sisa Gudang": "stok"})
    with db.write() as s:
        entered = enter_opening(s, shop.owner, OpeningPlan(SWITCH, stock_file=mapped), at=AT)
    assert entered.view is not None and entered.view.stock_products == 1


# One product line of an opening stock sheet: quantity in thousandths (pieces, or weights to two decimals, since
# "1,250" could be read two ways and is refused) and its unit cost.
lines = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=500_000).map(lambda n: n * 10), st.integers(min_value=0, max_value=2_000_000)
    ),
    min_size=1,
    max_size=25,
)


def _qty_text(milli: int) -> str:
    whole, frac = divmod(milli, MILLI)
    grouped = f"{whole:,}".replace(",", ".")
    return f"{grouped},{frac:03d}".rstrip("0").rstrip(",") if frac else grouped


@pytest.fixture(scope="module")
def shop_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Shop]:
    """The set-up shop once for the module: its owner's PIN hash is slow by design, and every example needs it."""
    db = copy_template(template_db, tmp_path_factory)
    shop = set_up(db)
    db.dispose()
    return db.path, shop


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=lines.filter(lambda found: any(div_round_half_up(c * m, MILLI) for m, c in found)), as_xlsx=st.booleans())
def test_imported_opening_stock_equals_its_movements_and_the_persediaan_balance(
    shop_template: tuple[Path, Shop],
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[tuple[int, int]],
    as_xlsx: bool,
) -> None:
    path, shop = shop_template
    db = copy_template(path, tmp_path_factory)
    try:
        rows: list[list[object]] = [["nama", "harga_jual", "harga_modal", "stok"]]
        for n, (milli, cost) in enumerate(lines):
            quantity: object = milli / MILLI if as_xlsx and milli % MILLI else _qty_text(milli)
            if as_xlsx and not milli % MILLI:
                quantity = milli // MILLI
            rows.append([f"Barang {n}", cost + 1, cost, quantity])
        folder = tmp_path_factory.mktemp("sheet")
        sheet = write_xlsx(folder / "stok.xlsx", rows) if as_xlsx else write_csv(folder / "stok.csv", rows)
        with db.write() as s:
            enter_opening(s, shop.owner, OpeningPlan(SWITCH, stock_file=SheetFile(sheet)), at=AT)
        expected = sum(div_round_half_up(cost * milli, MILLI) for milli, cost in lines)
        with db.read() as s:
            moves = s.execute(
                text("SELECT SUM(qty_milli), SUM(value) FROM stock_movements WHERE reason = 'opening'")
            ).one()
            view = opening_view(s)
            per_product = {
                name: int(qty)
                for name, qty in s.execute(
                    text("SELECT p.name, l.qty_milli FROM stock_levels l JOIN products p ON p.id = l.product_id")
                )
            }
            assert trial_balance(s).balance(accounts.PERSEDIAAN) == int(moves[1]) == expected == stock_value(s)
            assert len(list(s.execute(select(Product.id).where(Product.name.like("Barang %"))))) == len(lines)
        assert view is not None and view.total("stock") == expected
        assert int(moves[0]) == sum(milli for milli, _c in lines)
        assert per_product == {f"Barang {n}": milli for n, (milli, _c) in enumerate(lines)}
    finally:
        db.dispose()

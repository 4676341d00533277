"""The silent damage of moving a shop's sheets, each case on its own: barcodes kept in the SKU, barcodes that lost
their leading zero, quantities written with a thousands dot, template example rows, formula leftovers, Excel's
scientific numbers, a customer's Kasbon column, variants, and suppliers imported like products and customers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sheet_support import write_csv, write_xlsx
from sqlalchemy import select

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.schema import Customer, Product, ProductBarcode, Supplier
from pos.ledger.spreadsheet.sheet_cells import Noted, money_cell, qty_cell, shown
from pos.ledger.spreadsheet.sheet_inspect import look_at
from pos.ledger.spreadsheet.spreadsheet import SheetRejected, import_customers, import_products
from pos.ledger.spreadsheet.supplier_import import import_suppliers
from pos.ledger.stock import barcodes
from pos.ledger.stock.product_records import find_by_barcode

AT = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)
UPC = "012345678905"  # a UPC-A: as an EAN-13 it is 0012345678905
LOST_ZERO = barcodes.ean13_with_check("089686010947")[1:]  # an EAN-13 starting with 0, as Excel shows it: 12 digits


def _codes(db: Database, name: str) -> list[str]:
    with db.read() as s:
        pid = s.execute(select(Product.id).where(Product.name == name)).scalar_one()
        return sorted(s.execute(select(ProductBarcode.barcode).where(ProductBarcode.product_id == pid)).scalars())


def _product(db: Database, name: str) -> tuple[int, int, int]:
    with db.read() as s:
        row = s.execute(select(Product.price, Product.cost, Product.low_stock_milli).where(Product.name == name)).one()
    return int(row[0]), int(row[1]), int(row[2])


def test_a_moka_sku_that_is_a_barcode_is_offered_and_taken_as_a_barcode(db: Database, tmp_path: Path) -> None:
    code = barcodes.ean13_with_check("899100210113")
    rows = [["Item Name", "SKU", "Price"], ["Kopi Kapal Api", code, "2000"], ["Es Teh", "ES-01", "3000"]]
    path = write_csv(tmp_path / "moka.csv", rows)
    look = look_at(path, "products")
    assert look.sku_barcodes == 1  # the window offers it
    with db.write() as s:
        plain = import_products(s, path, actor=None, at=AT)
    assert [str(n) for n in plain.notes] == [
        f"Baris 2, kolom SKU (B): SKU {code} adalah barcode yang sah; impor dengan pilihan barcode dari SKU supaya "
        "bisa di-scan."
    ]
    assert _codes(db, "Kopi Kapal Api") == []
    path2 = write_csv(
        tmp_path / "moka2.csv", [rows[0], ["Kopi Susu", barcodes.ean13_with_check("899100210120"), "5000"]]
    )
    with db.write() as s:
        taken = import_products(s, path2, actor=None, at=AT, sku_barcodes=True)
    assert "ditambahkan juga sebagai barcode" in str(taken.notes[0])
    assert _codes(db, "Kopi Susu") == [barcodes.ean13_with_check("899100210120")]
    with db.read() as s:
        hit = find_by_barcode(s, barcodes.ean13_with_check("899100210120"))
    assert hit is not None and hit.product.name == "Kopi Susu"


def test_a_barcode_that_lost_its_leading_zero_is_restored_with_a_note_and_scans_either_way(
    db: Database, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["nama", "barcode", "harga_jual"], ["Pocky", int(LOST_ZERO), 9000]])
    with db.write() as s:
        result = import_products(s, path, actor=None, at=AT)
    assert [n.msgid for n in result.notes] == [
        "Barcode {code} lost its leading zero in the spreadsheet; it was restored as {restored}."
    ]
    assert _codes(db, "Pocky") == ["0" + LOST_ZERO]
    with db.read() as s:
        for scanned in ("0" + LOST_ZERO, LOST_ZERO):  # a scanner may send the UPC-A's 12 digits or the EAN-13's 13
            hit = find_by_barcode(s, scanned)
            assert hit is not None and hit.product.name == "Pocky", scanned


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_quantities_follow_moneys_thousands_rule(db: Database, tmp_path: Path, writer: object) -> None:
    rows = [["nama", "harga_jual", "stok_minimum"], ["Gelas plastik", "1.000", "1.000"], ["Gula", "17.000", "2,5"]]
    path = writer(tmp_path / ("p.csv" if writer is write_csv else "p.xlsx"), rows)  # type: ignore[operator]
    with db.write() as s:
        import_products(s, path, actor=None, at=AT)
    assert _product(db, "Gelas plastik") == (1_000, 0, 1_000_000)  # a thousand in both columns of the row
    assert _product(db, "Gula")[2] == 2_500


def test_a_quantity_that_reads_two_ways_is_refused_quoting_it(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["nama", "harga_jual", "stok_minimum"], ["Paku", "500", "1,250"]])
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        import_products(s, path, actor=None, at=AT)
    assert [p.problem for p in caught.value.problems] == [
        "'1,250' bisa dibaca dua cara; tulis seribu sebagai 1000 atau 1.000, dan satu setengah sebagai 1,5."
    ]


@pytest.mark.parametrize(
    ("text", "milli"),
    [("3", 3_000), ("1.000", 1_000_000), ("12.500", 12_500_000), ("2,5", 2_500), ("0.25", 250), ("0,250", 250),
     ("1.250,5", 1_250_500), ("1,000,000", 1_000_000_000), ("12,500.5", 12_500_500)],
)  # fmt: skip
def test_quantity_texts(text: str, milli: int) -> None:
    assert qty_cell(text) == milli


def test_template_example_and_instruction_rows_are_skipped_with_a_note(db: Database, tmp_path: Path) -> None:
    rows = [
        ["Nama Produk", "Harga Jual", "Harga Modal"],
        ["*Wajib diisi", "Wajib diisi, angka saja", "Opsional"],
        ["Contoh: Kopi Susu", "12000", "8000"],
        ["Kopi Susu Gula Aren", "15000", "9000"],
    ]
    path = write_csv(tmp_path / "template.csv", rows)
    with db.write() as s:
        result = import_products(s, path, actor=None, at=AT)
    assert result.created == 1
    assert [(n.row, n.problem) for n in result.notes] == [
        (2, "Dilewati: ini baris contoh atau petunjuk dari template (*Wajib diisi)."),
        (3, "Dilewati: ini baris contoh atau petunjuk dari template (Contoh: Kopi Susu)."),
    ]


def test_a_formula_leftover_is_taken_as_the_whole_rupiah_with_a_note(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["nama", "harga_jual", "harga_modal"], ["Roti", 5000, 990.0000000000001]])
    with db.write() as s:
        result = import_products(s, path, actor=None, at=AT)
    assert _product(db, "Roti")[:2] == (5_000, 990)
    assert [n.problem for n in result.notes] == [
        "Sel ini tampil 990 tetapi isinya 990.0000000000001, sisa pembulatan rumus; diambil sebagai Rp 990."
    ]
    assert money_cell(990.0000000000001) == Noted(
        990, money_cell(990.0000000000001).msgid, money_cell(990.0000000000001).params
    )  # type: ignore[union-attr]


def test_messages_quote_the_cell_as_the_sheet_shows_it(db: Database, tmp_path: Path) -> None:
    rows = [["nama", "harga_jual", "barcode"], ["Susu", 12.5, None], ["Kecap", "5000", "8,99123E+12"]]
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        import_products(s, path, actor=None, at=AT)
    assert [p.problem for p in caught.value.problems] == [
        "'12.5' memakai sen; jumlah harus rupiah bulat.",
        "Barcode 8,99123E+12 diubah menjadi angka oleh spreadsheet; format kolomnya sebagai teks lalu ketik ulang.",
    ]
    assert shown(990.0000000000001) == "990" and shown(8.99123456789e12) == "8991234567890"


def test_variants_become_products_of_their_own(db: Database, tmp_path: Path) -> None:
    rows = [["Item Name", "Variant Name", "Price"], ["Es Kopi", "Large", "18000"], ["Es Kopi", "Regular", "15000"]]
    with db.write() as s:
        result = import_products(s, write_csv(tmp_path / "v.csv", rows), actor=None, at=AT)
    assert result.created == 2
    assert _product(db, "Es Kopi Large")[0] == 18_000 and _product(db, "Es Kopi Regular")[0] == 15_000


def test_a_kasbon_column_is_what_the_customer_owes_never_the_credit_limit(db: Database, tmp_path: Path) -> None:
    rows = [["Nama", "No HP", "Kasbon"], ["Pak Budi", "081211112222", "150.000"]]
    with db.write() as s:
        result = import_customers(s, write_csv(tmp_path / "c.csv", rows))
    with db.read() as s:
        limit = s.execute(select(Customer.credit_limit)).scalar_one()
    assert limit == 0
    assert result.opening_columns == ("Kasbon (C)",)


def test_suppliers_import_adds_updates_and_lists_every_bad_row(db: Database, tmp_path: Path) -> None:
    rows = [
        ["Nama Supplier", "Telepon", "Alamat"],
        ["CV Sumber", "0274-123456", "Jl. Magelang"],
        ["Toko Jaya", None, None],
    ]
    with db.write() as s:
        first = import_suppliers(s, write_csv(tmp_path / "s.csv", rows))
    again = [rows[0], ["cv sumber", "0274-999999", None], ["Toko Jaya", None, None]]
    with db.write() as s:
        second = import_suppliers(s, write_csv(tmp_path / "s2.csv", again))
    assert (first.created, second.updated, second.unchanged) == (2, 1, 1)
    with db.read() as s:
        phones = dict(s.execute(select(Supplier.name, Supplier.phone)).all())
    assert phones == {"CV Sumber": "(0274) 999999", "Toko Jaya": ""}
    bad = [rows[0], [None, "0811", None], ["Toko Jaya", None, None], ["toko jaya", None, None]]
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        import_suppliers(s, write_csv(tmp_path / "bad.csv", bad))
    # Row 2 lacks a name and its "0811" is no phone number; row 4 names Toko Jaya a second time.
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "Nama Supplier (A)"),
        (2, "Telepon (B)"),
        (4, "Nama Supplier (A)"),
    ]


def test_an_unknown_header_can_be_mapped(db: Database, tmp_path: Path) -> None:
    rows = [["Menu", "Harga Satuan"], ["Nasi Goreng", "15000"]]
    path = write_csv(tmp_path / "menu.csv", rows)
    with pytest.raises(InvalidInput, match="Menu, Harga Satuan"), db.write() as s:
        import_products(s, path, actor=None, at=AT)
    with db.write() as s:
        result = import_products(s, path, actor=None, at=AT, columns={"Menu": "nama", "Harga Satuan": "harga_jual"})
    assert result.created == 1
    with db.read() as s:
        assert s.execute(select(Product.price).where(Product.name == "Nasi Goreng")).scalar_one() == 15_000

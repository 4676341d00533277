"""Spreadsheet import and export of products and customers: all or nothing, every bad row reported, round trips."""

from __future__ import annotations

import csv
import datetime as dt
import gc
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from tests_support import copy_db

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor
from pos.ledger.people.customers import add_customer, list_customers
from pos.ledger.people.users import add_user
from pos.ledger.schema import Category, Customer, Product, ProductBarcode
from pos.ledger.spreadsheet.spreadsheet import (
    NewProduct,
    SheetRejected,
    bulk_add_products,
    collector_paused,
    export_customers,
    export_products,
    import_customers,
    import_products,
    sniff_separator,
)
from pos.ledger.stock import product_records, products
from pos.ledger.stock.barcodes import ean13_with_check
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.search import search_products

AT = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
Rows = Sequence[Sequence[object] | None]  # None is a blank row


def ean(n: int) -> str:
    return ean13_with_check(f"899{n:09d}")


def bad_check_digit(n: int) -> str:
    good = ean(n)
    return good[:-1] + str((int(good[-1]) + 1) % 10)


def write_csv(path: Path, rows: Rows, *, sep: str = ",", bom: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=sep)
        for row in rows:
            writer.writerow([] if row is None else ["" if v is None else v for v in row])
    return path


def write_xlsx(path: Path, rows: Rows) -> Path:
    # A normal (not write-only) workbook, as Excel saves one: a <dimension>, shared strings, real blank rows.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows, 1):
        for col, value in enumerate(row or (), 1):
            if value is not None:
                sheet.cell(row=number, column=col, value=value)
    book.save(path)
    return path


def write(kind: str, path: Path, rows: Rows) -> Path:
    return write_csv(path.with_suffix(".csv"), rows) if kind == "csv" else write_xlsx(path.with_suffix(".xlsx"), rows)


def owner_of(db: Database) -> Actor:
    with db.write() as s:
        uid = add_user(s, "Bu Sri", "owner", "1234", at=AT)
    return Actor(UserId(uid), "Bu Sri", "owner")


def product_count(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(Product)).scalar_one())


HEADER = ["Nama Produk", "SKU", "BARCODE", "kategori", "Satuan", "Harga Jual (Rp)", "harga modal", "Stok Min", "PPN"]


def messy_rows(price: object) -> list[Sequence[object] | None]:
    return [
        HEADER,
        ["Mi Goreng Rasa Ayam 85 g", "MI-001", ean(1), "Mi instan", "pcs", price, "2.900", "10", "ya"],
        None,
        ["Gula Pasir 1 kg", None, f"{ean(2)} | {ean(3)}", "Sembako", "pcs", "18500", "16000", "5", "tidak"],
        ["Gula Pasir Curah", None, ean(2), "Sembako", "kg", "17.000", None, None, None],  # 5: barcode of row 4
        ["Teh Celup 25s", None, ean(4), "Minuman", "pcs", None, "4.000", None, None],  # 6: no price
        ["Kopi Sachet Susu 10x20 g", None, bad_check_digit(5), "Minuman", "renceng", "Rp 12.000", None, None, None],
        [None, None, ean(6), "Minuman", "pcs", "3000", None, None, None],  # 8: no name
        ["Air Mineral 600 ml", None, ean(7), "Minuman", "btl", "-3.000", None, None, None],  # 9: negative
        ["Teh Botol 350 ml", None, ean(8), "Minuman", "btl", "tiga ribu", None, None, None],  # 10: not a price
        ["Sabun Batang 80 g", None, ean(99), "Sabun", "pcs", "4500", None, None, None],  # 11: code of the shop's
        None,
        None,
    ]


def expected_problems() -> list[tuple[int, str]]:
    return [
        (5, "BARCODE"),
        (6, "Harga Jual"),
        (7, "BARCODE"),
        (8, "Nama Produk"),
        (9, "Harga Jual"),
        (10, "Harga Jual"),
        (11, "BARCODE"),
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_messy_sheet_is_refused_with_every_problem_and_nothing_written(
    db: Database, tmp_path: Path, kind: str
) -> None:
    owner = owner_of(db)
    with db.write() as s:
        product_records.add_product(s, "Sabun Mandi Wangi", Money(4_000), barcodes=[BarcodeSpec(ean(99))])
    before = product_count(db)
    path = write(kind, tmp_path / "produk", messy_rows("Rp 3.500" if kind == "csv" else 3500))
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        import_products(s, path, actor=owner, at=AT)
    problems = caught.value.problems
    found = [(p.row, p.column) for p in problems]
    for row, column in expected_problems():
        assert any(r == row and column in c for r, c in found), f"row {row} {column} not reported: {found}"
    assert {r for r, _c in found} == {row for row, _c in expected_problems()}
    assert product_count(db) == before
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Category)).scalar_one() == 0
    message = str(caught.value)
    assert "7" in message and ean(99) in message and "Sabun Mandi Wangi" in message


def test_problems_read_in_the_users_language(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [HEADER, ["Teh", None, None, None, None, None, None, None, None]])
    i18n.set_language("en")
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        import_products(s, path, actor=None, at=AT)
    assert "Row 2, column Harga Jual (Rp) (F): The price is missing." in str(caught.value)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_same_sheet_fixed_imports(db: Database, tmp_path: Path, kind: str) -> None:
    owner = owner_of(db)
    rows = messy_rows("Rp 3.500" if kind == "csv" else 3500)
    fixed = [rows[0], rows[1], rows[2], rows[3]]
    fixed.append(["Teh Celup 25s", None, ean(4), "Minuman", "pcs", "5.500", "4.000", None, None])
    fixed.append(["Kopi Sachet Susu 10x20 g", "-", ean(5), "MINUMAN", "renceng", "Rp 12.000", "-", "-", "-"])
    fixed.append(["Es Batu", "-", "-", "-", "-", "Rp 2.000,-", "-", "-", "-"])
    path = write(kind, tmp_path / "produk", fixed)
    with db.write() as s:
        result = import_products(s, path, actor=owner, at=AT)
    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    with db.read() as s:
        mi = product_records.find_by_barcode(s, ean(1))
        assert mi is not None
        assert (mi.product.price, mi.product.cost, mi.product.sku) == (Money(3_500), Money(2_900), "MI-001")
        gula = product_records.find_by_barcode(s, ean(3))
        assert gula is not None and gula.product.name == "Gula Pasir 1 kg" and gula.product.ppn_exempt
        assert sorted(name for _id, name in products.categories(s)) == ["Mi instan", "Minuman", "Sembako"]
        assert [r.name for r in search_products(s, "goreng")] == ["Mi Goreng Rasa Ayam 85 g"]
        low = s.execute(select(Product.low_stock_milli).where(Product.name == "Gula Pasir 1 kg")).scalar_one()
        assert low == 5_000


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "price",
    ["12500", "12.500", "Rp 12.500", "Rp12.500,00", "Rp 12.500,-", "12,500", "12500.00", "12,500.00", 12500, 12500.0],
)
def test_prices_as_shops_write_them(db: Database, tmp_path: Path, kind: str, price: object) -> None:
    if kind == "csv" and not isinstance(price, str):
        price = str(price).removesuffix(".0")
    path = write(kind, tmp_path / "p", [["nama", "harga_jual"], ["Beras Premium 5 kg", price]])
    with db.write() as s:
        import_products(s, path, actor=None, at=AT)
    with db.read() as s:
        assert s.execute(select(Product.price)).scalar_one() == 12_500


@pytest.mark.parametrize(
    ("text", "problem"), [("12.500,50", "cents"), ("12500.5", "cents"), ("12,5", "cents"), ("1.2.3", "not an amount")]
)
def test_prices_with_cents_or_garbage_are_refused(db: Database, tmp_path: Path, text: str, problem: str) -> None:
    path = write_csv(tmp_path / "p.csv", [["nama", "harga_jual"], ["Beras", text]])
    i18n.set_language("en")
    with pytest.raises(SheetRejected, match=problem), db.write() as s:
        import_products(s, path, actor=None, at=AT)


def test_a_fractional_number_cell_is_refused(db: Database, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["nama", "harga_jual", "harga_modal"], ["Beras", 12500.5, 10000.25]])
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        import_products(s, path, actor=None, at=AT)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "harga_jual (B)"), (2, "harga_modal (C)")]
    assert product_count(db) == 0


def test_semicolon_csv_and_header_aliases(db: Database, tmp_path: Path) -> None:
    rows = [
        ["Name", "Price", "Cost", "Barcode", "Unit", "Category"],
        ["Telur Ayam", "Rp 28.000", "25.000", "", "kg", "Sembako"],
    ]
    path = write_csv(tmp_path / "p.csv", rows, sep=";")
    assert sniff_separator(path.read_text(encoding="utf-8-sig")) == ";"
    with db.write() as s:
        result = import_products(s, path, actor=None, at=AT)
    assert result.created == 1
    with db.read() as s:
        row = s.execute(select(Product.name, Product.price, Product.cost, Product.unit)).one()
    assert tuple(row) == ("Telur Ayam", 28_000, 25_000, "kg")


def test_a_title_above_the_header_and_unknown_columns(db: Database, tmp_path: Path) -> None:
    rows: Rows = [
        ["Daftar Harga Warung Bu Sri"],
        None,
        ["nama", "harga_jual", "stok"],
        ["Kecap Manis 135 ml", 7000, 12],
    ]
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    with db.write() as s:
        result = import_products(s, path, actor=None, at=AT)
    # Stock on hand is the opening balances' to bring in; the import names the column and leaves it be.
    assert result.created == 1 and result.skipped_columns == () and result.opening_columns == ("stok (C)",)


def test_missing_required_column_is_refused(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["nama", "satuan"], ["Garam", "pcs"]])
    with pytest.raises(InvalidInput, match="harga_jual"), db.write() as s:
        import_products(s, path, actor=None, at=AT)


def test_rows_for_existing_products_update_them_with_history(db: Database, tmp_path: Path) -> None:
    owner = owner_of(db)
    with db.write() as s:
        pid = product_records.add_product(
            s, "Minyak Goreng 1 L", Money(18_000), cost=Money(16_000), barcodes=[BarcodeSpec(ean(1))]
        )
        product_records.add_product(s, "Es Batu", Money(1_000))
    rows = [
        ["nama", "barcode", "harga_jual", "harga_modal", "barcode_karton", "isi_karton", "harga_karton"],
        ["minyak goreng  1 l", ean(1), "19.000", None, ean(2), 12, "Rp 220.000"],  # by barcode, name agrees
        ["Es Batu", None, "1000", None, None, None, None],  # by name, nothing changes
    ]
    path = write_xlsx(tmp_path / "p.xlsx", rows)
    with db.write() as s:
        result = import_products(s, path, actor=owner, at=AT)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    with db.read() as s:
        info = product_records.get_product(s, pid)
        assert (info.name, info.price, info.cost) == ("minyak goreng  1 l".strip(), Money(19_000), Money(16_000))
        assert products.price_history(s, pid)[-1][1:] == (19_000, 16_000)
        assert [(b.code, b.pack_milli, b.pack_price) for b in products.barcodes_of(s, pid)] == [
            (ean(1), 1_000, None),
            (ean(2), 12_000, Money(220_000)),
        ]
        assert [e.detail["created"] for e in audit.entries(s, "product.import")] == [0]
        assert product_count(db) == 2


def test_updates_need_the_owner_once_for_the_file_and_unchanged_rows_need_nobody(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        product_records.add_product(s, "Gula Pasir 1 kg", Money(18_000), sku="G1")
        product_records.add_product(s, "Teh Celup", Money(6_000), sku="T1")
    rows = [["nama", "sku", "harga_jual"], ["Gula Pasir 1 kg", "G1", "19000"], ["Teh Celup", "T1", "6000"]]
    path = write_csv(tmp_path / "p.csv", rows)
    with pytest.raises(InvalidInput) as caught, db.write() as s:
        import_products(s, path, actor=None, at=AT)
    assert not isinstance(caught.value, SheetRejected)  # one refusal, not one per row
    assert str(caught.value) == (
        "1 baris mengubah barang yang sudah ada di toko (yang pertama baris 2, Gula Pasir 1 kg); "
        "hanya pemilik yang boleh mengubah barang."
    )
    unchanged = write_csv(tmp_path / "same.csv", [rows[0], ["Gula Pasir 1 kg", "G1", "18000"], rows[2]])
    with db.write() as s:
        result = import_products(s, unchanged, actor=None, at=AT)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_a_barcode_of_another_product_is_not_taken_over(db: Database, tmp_path: Path) -> None:
    owner = owner_of(db)
    with db.write() as s:
        product_records.add_product(s, "Susu Kental Manis", Money(12_000), barcodes=[BarcodeSpec(ean(1))])
    path = write_csv(tmp_path / "p.csv", [["nama", "barcode", "harga_jual"], ["Susu UHT 1 L", ean(1), "19000"]])
    with pytest.raises(SheetRejected, match="Susu Kental Manis"), db.write() as s:
        import_products(s, path, actor=owner, at=AT)


def seed_catalogue(db: Database) -> None:
    with db.write() as s:
        sembako = products.add_category(s, "Sembako")
        gula = product_records.add_product(
            s,
            "Gula Curah",
            Money(17_500),
            cost=Money(15_000),
            unit="kg",
            plu="00001",
            is_weighed=True,
            ppn_exempt=True,
            low_stock=2_500,
        )
        products.set_category(s, gula, sembako)
        mi = product_records.add_product(
            s,
            "Mi Goreng Rasa Ayam 85 g",
            Money(3_500),
            cost=Money(2_900),
            sku="MI-1",
            low_stock=10_000,
            barcodes=[BarcodeSpec(ean(1)), BarcodeSpec(ean(2)), BarcodeSpec(ean(3), 40_000, Money(130_000))],
        )
        products.set_category(s, mi, products.add_category(s, "Mi instan"))
        product_records.add_product(s, "Es Batu", Money(1_000))


def catalogue(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        rows = s.execute(
            select(
                Product.name,
                Product.sku,
                Product.plu,
                Product.unit,
                Product.price,
                Product.cost,
                Product.ppn_exempt,
                Product.is_weighed,
                Product.low_stock_milli,
                Category.name,
            )
            .outerjoin(Category, Category.id == Product.category_id)
            .order_by(Product.name)
        ).all()
        codes = s.execute(
            select(Product.name, ProductBarcode.barcode, ProductBarcode.pack_milli, ProductBarcode.pack_price)
            .join(Product, Product.id == ProductBarcode.product_id)
            .order_by(ProductBarcode.barcode)
        ).all()
    return [tuple(r) for r in rows] + [tuple(c) for c in codes]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trips(db: Database, template_db: Path, tmp_path: Path, suffix: str) -> None:
    owner = owner_of(db)
    seed_catalogue(db)
    path = tmp_path / f"produk{suffix}"
    with db.read() as s:
        assert export_products(s, path) == 3
    other = copy_db(template_db, tmp_path / "other")
    try:
        with other.write() as s:
            assert import_products(s, path, actor=None, at=AT).created == 3
        assert catalogue(other) == catalogue(db)
    finally:
        other.dispose()
    with db.write() as s:
        again = import_products(s, path, actor=owner, at=AT)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_customers_import_update_and_export(db: Database, tmp_path: Path) -> None:
    with db.write() as s:
        add_customer(s, "Pak Budi", phone="0812-1111-2222", credit_limit=Money(100_000))
    rows = [
        ["Nama Pelanggan", "No HP", "Alamat", "Batas Kasbon"],
        ["Bu Ani", "081233334444", "Jl. Melati 3, RT 02/RW 05", "Rp 500.000"],
        None,
        ["pak budi", "081211112222", "Gg. Kenanga 7", "250.000"],  # the same Pak Budi: updated
        ["Pak Budi", "085700001111", None, None],  # another Pak Budi
    ]
    path = write_csv(tmp_path / "pelanggan.csv", rows, sep=";")
    with db.write() as s:
        result = import_customers(s, path)
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    with db.read() as s:
        found = {(c.name, c.phone): c.credit_limit for c in list_customers(s)}
        address = s.execute(select(Customer.address).where(Customer.phone == "0812-1111-2222")).scalar_one()
    assert found == {
        ("Bu Ani", "0812-3333-4444"): 500_000,
        ("Pak Budi", "0812-1111-2222"): 250_000,
        ("Pak Budi", "0857-0000-1111"): 0,
    }
    assert address == "Gg. Kenanga 7"
    out = tmp_path / "out.xlsx"
    with db.read() as s:
        assert export_customers(s, out) == 3
    with db.write() as s:
        assert import_customers(s, out).unchanged == 3


def test_bad_customer_rows_are_all_reported(db: Database, tmp_path: Path) -> None:
    rows = [
        ["nama", "telepon", "batas_kasbon"],
        ["Bu Ani", 81233334444, -5000],
        [None, "0812", "1000"],
        ["Bu Ani", "081233334444", 0],
    ]
    path = write_xlsx(tmp_path / "c.xlsx", rows)
    with pytest.raises(SheetRejected) as caught, db.write() as s:
        import_customers(s, path)
    assert [(p.row, p.column.split(" ")[0]) for p in caught.value.problems] == [
        (2, "batas_kasbon"),
        (3, "nama"),
        (3, "telepon"),  # "0812" is no phone number: said for its row, as the counter would say it
        (4, "nama"),
    ]
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Customer)).scalar_one() == 0


def test_bulk_add_products_checks_like_add_product(db: Database) -> None:
    with db.write() as s:
        product_records.add_product(s, "Ada", Money(1_000), barcodes=[BarcodeSpec(ean(1))])
    with pytest.raises(InvalidInput), db.write() as s:
        bulk_add_products(s, [NewProduct("Baru", Money(2_000), barcodes=[BarcodeSpec(ean(1))])], at=AT)
    with pytest.raises(InvalidInput), db.write() as s:
        bulk_add_products(s, [NewProduct("A", Money(1), sku="X"), NewProduct("B", Money(1), sku="X")], at=AT)
    with db.write() as s:
        ids = bulk_add_products(s, [NewProduct(f"Kerupuk {n}", Money(1_000 * n)) for n in range(1, 4)], at=AT)
    assert len(ids) == 3
    with db.read() as s:
        assert [r.name for r in search_products(s, "kerupuk")] == ["Kerupuk 1", "Kerupuk 2", "Kerupuk 3"]


def test_unknown_file_types_are_refused(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "produk.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InvalidInput, match="xls"), db.write() as s:
        import_products(s, path, actor=None, at=AT)


def test_the_garbage_collector_is_back_as_it_was_after_an_import(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", [["nama", "harga_jual"], ["Garam", "3000"], ["Teh", None]])
    assert gc.isenabled()
    with db.write() as s:
        import_products(s, write_csv(tmp_path / "ok.csv", [["nama", "harga_jual"], ["Garam", "3000"]]), actor=None)
    assert gc.isenabled()
    with pytest.raises(SheetRejected), db.write() as s:
        import_products(s, path, actor=None)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

"""The owner's products and stock screen, worked as the owner works it: products, goods in, adjustments, counts
and a spreadsheet import, each checked on screen and in the books."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog
from shop_support import code
from ui.products_support import cell, names, open_screen, pick, search, settle

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import audit
from pos.ledger.schema import StockCount
from pos.ledger.stock.barcodes import ean13_with_check
from pos.ledger.stock.product_records import find_by_barcode
from pos.ledger.stock.products import categories
from pos.ledger.stock.purchases import PurchaseItem, receive_goods, supplier_balance, suppliers
from pos.ledger.stock.search import count_products
from pos.ledger.stock.stock_levels import on_hand
from pos.ui.products import ProductsScreen
from pos.ui.products.list_model import ProductListModel
from pos.ui.products.style import NEGATIVE
from pos.ui.tasks import TaskManager

KOPI = ean13_with_check("899100210100")
KOPI_DUS = ean13_with_check("899100210199")


@pytest.fixture
def screen(tasks: TaskManager, shop: Any, qtbot: Any) -> ProductsScreen:
    return open_screen(tasks, shop.owner, qtbot)


def test_a_new_product_with_two_barcodes_is_found_by_name_sku_and_barcode(
    screen: ProductsScreen, qtbot: Any, db: Database
) -> None:
    dialog = screen.add_product()
    assert dialog is not None
    settle(screen.tasks)
    qtbot.keyClicks(dialog.name, "Kopi Kapal Api Special Mix 25 g")
    qtbot.keyClicks(dialog.sku, "KA-SM25")
    dialog.category.setCurrentText("Minuman")  # a category the shop does not have yet
    dialog.unit.setCurrentText("sachet")
    qtbot.keyClicks(dialog.price, "2.000")
    qtbot.keyClicks(dialog.cost, "1650")
    qtbot.keyClicks(dialog.low_stock, "20")
    qtbot.keyClicks(dialog.barcodes.code, KOPI)
    qtbot.keyClick(dialog.barcodes.code, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.barcodes.code, KOPI_DUS)
    dialog.barcodes.pack.setText("10")
    qtbot.keyClicks(dialog.barcodes.pack_price, "19.000")
    dialog.barcodes.add_button.click()
    assert dialog.barcodes.table.rowCount() == 2
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()

    for typed in ("kapal api", "KA-SM25", KOPI, KOPI_DUS[:9]):
        search(screen, qtbot, typed)
        assert names(screen) == ["Kopi Kapal Api Special Mix 25 g"], typed
    assert cell(screen, "Kopi Kapal Api Special Mix 25 g", ProductListModel.PRICE) == "Rp 2.000"
    assert cell(screen, "Kopi Kapal Api Special Mix 25 g", ProductListModel.COST) == "Rp 1.650"
    assert cell(screen, "Kopi Kapal Api Special Mix 25 g", ProductListModel.CATEGORY) == "Minuman"
    assert cell(screen, "Kopi Kapal Api Special Mix 25 g", ProductListModel.LOW_LEVEL) == "20 sachet"
    assert screen.category.findText("Minuman") >= 0  # the new category is offered as a filter
    with db.read() as s:
        piece, carton = find_by_barcode(s, KOPI), find_by_barcode(s, KOPI_DUS)
    assert piece is not None and carton is not None and piece.product.id == carton.product.id
    assert (piece.pack_milli, carton.pack_milli, carton.price_per_pack) == (1_000, 10_000, Money(19_000))


def test_a_price_edit_shows_in_the_list_and_in_the_history(screen: ProductsScreen, qtbot: Any, db: Database) -> None:
    pick(screen, qtbot, "Barang 2")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    assert dialog.name.text() == "Barang 2" and dialog.price.text() == "10.000"
    assert dialog.history.rowCount() == 0 and dialog.history_note.text()
    assert [spec.code for spec in dialog.barcodes.specs()] == [code(2)]
    dialog.price.setText("12.500")
    dialog.save_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()
    assert cell(screen, "Barang 2", ProductListModel.PRICE) == "Rp 12.500"

    again = screen.edit_selected()
    assert again is not None
    settle(screen.tasks)
    assert again.history.rowCount() == 1
    assert [again.history.item(0, column).text() for column in (1, 2, 3)] == ["Rp 12.500", "Rp 8.000", "Bu Sri"]
    with db.read() as s:
        assert [e.user_id for e in audit.entries(s, "price.change")] == [screen.actor.user_id]  # type: ignore[union-attr]


def test_goods_received_from_a_new_supplier_on_credit_raise_what_is_on_hand(
    screen: ProductsScreen, qtbot: Any, db: Database
) -> None:
    pick(screen, qtbot, "Barang 1")
    dialog = screen.receive_goods()
    assert dialog is not None
    settle(screen.tasks)
    assert [line.product.name for line in dialog.lines] == ["Barang 1"]  # the product chosen in the list
    qtbot.keyClicks(dialog.new_supplier, "CV Sumber Rejeki")
    dialog.add_supplier_button.click()
    settle(screen.tasks)
    assert dialog.supplier.currentText() == "CV Sumber Rejeki"
    dialog.choose_paid_with("credit")
    qtbot.keyClicks(dialog.invoice, "INV-0042")
    qtbot.keyClicks(dialog.lines[0].qty, "24")
    qtbot.keyClicks(dialog.lines[0].total, "108.000")
    qtbot.keyClicks(dialog.picker.field, "Barang 3")
    qtbot.keyClick(dialog.picker.field, Qt.Key.Key_Return)  # before the search has even run, as a scanner would
    qtbot.waitUntil(lambda: len(dialog.lines) == 2, timeout=5000)
    dialog.lines[1].qty.setText("6")
    dialog.lines[1].total.setText("72.000")
    assert dialog.total.text().endswith("Rp 180.000")
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()

    assert cell(screen, "Barang 1", ProductListModel.ON_HAND) == "24 pcs"
    search(screen, qtbot, "Barang")
    assert cell(screen, "Barang 3", ProductListModel.ON_HAND) == "6 pcs"
    assert cell(screen, "Barang 1", ProductListModel.COST) == "Rp 4.500"  # the last price paid: 108.000 / 24
    with db.read() as s:
        [(supplier_id, _name, owed)] = suppliers(s)
        assert owed == supplier_balance(s, supplier_id) == 180_000


def test_a_wrong_figure_in_the_goods_received_books_nothing(screen: ProductsScreen, qtbot: Any, db: Database) -> None:
    pick(screen, qtbot, "Barang 1")
    dialog = screen.receive_goods()
    assert dialog is not None
    settle(screen.tasks)
    dialog.lines[0].qty.setText("2 dus")
    dialog.lines[0].total.setText("10.000")
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.isVisible() and "Barang 1" in dialog.status.text() and "2 dus" in dialog.status.text()
    with db.read() as s:
        assert on_hand(s, screen.model.row_at(0).id) == 0


def test_stock_lost_is_adjusted_with_its_reason_and_shows_red_below_zero(
    screen: ProductsScreen, qtbot: Any, db: Database
) -> None:
    product_id = pick(screen, qtbot, "Barang 4")
    dialog = screen.adjust_stock()
    assert dialog is not None
    dialog.choose_reason("ditemukan")
    assert dialog.goods_in.isChecked()  # found goods come in
    dialog.choose_reason("hilang")
    assert dialog.goods_out.isChecked()
    qtbot.keyClicks(dialog.qty, "3")
    qtbot.keyClicks(dialog.note, "Rak depan")
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()

    assert cell(screen, "Barang 4", ProductListModel.ON_HAND) == "-3 pcs"
    color = cell(screen, "Barang 4", ProductListModel.ON_HAND, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(color, QColor) and color == QColor(NEGATIVE)
    with db.read() as s:
        assert on_hand(s, product_id) == -3_000
        [count] = s.query(StockCount).all()
        assert (count.kind, count.reason, count.note) == ("adjust", "hilang", "Rak depan")


def test_a_stock_take_shows_the_differences_and_books_the_counts(
    screen: ProductsScreen, qtbot: Any, db: Database
) -> None:
    with db.write() as s:
        first = find_by_barcode(s, code(1))
        assert first is not None
        receive_goods(s, None, [PurchaseItem(first.product.id, Qty.units(10), Money(40_000))])
    screen.refresh()
    pick(screen, qtbot, "Barang 1")
    dialog = screen.stock_take()
    assert dialog is not None
    settle(screen.tasks)
    sheet = dialog.model
    assert [p.name for p in sheet.products] == ["Barang 1"]
    assert sheet.index(0, sheet.SYSTEM).data() == "10"
    sheet.set_counted(0, "8")
    assert sheet.index(0, sheet.DIFFERENCE).data() == "-2"
    qtbot.keyClicks(dialog.picker.field, "Barang 5")
    dialog.picker.search_now()
    settle(screen.tasks)
    dialog.picker.take_first()
    assert [p.name for p in sheet.products] == ["Barang 1", "Barang 5"]
    sheet.set_counted(1, "2,5")
    assert sheet.index(1, sheet.DIFFERENCE).data() == "+2,5"
    assert dialog.summary.text() == "2 dari 2 dihitung"
    dialog.book_button.click()
    settle(screen.tasks)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.status.text()

    search(screen, qtbot, "Barang")
    assert cell(screen, "Barang 1", ProductListModel.ON_HAND) == "8 pcs"
    assert cell(screen, "Barang 5", ProductListModel.ON_HAND) == "2,5 pcs"


MESSY = """nama;sku;barcode;kategori;satuan;harga_jual;harga_modal;stok_minimum
Teh Celup Sariwangi 25s;TS-25;{teh};Minuman;kotak;;6.500;5
Kopi Bubuk Kapal Api 165 g;KA-165;{kopi};Minuman;pcs;16.500;14.000;3
Susu Kental Manis Frisian Flag 370 g;SKM-370;{kopi};Susu;kaleng;12.000;10.000;4
Gula Merah Aren 500 g;GMA-500;;Sembako;pcs;12.5OO;9.000;2
"""
FIXED = """nama;sku;barcode;kategori;satuan;harga_jual;harga_modal;stok_minimum
Teh Celup Sariwangi 25s;TS-25;{teh};Minuman;kotak;7.500;6.500;5
Kopi Bubuk Kapal Api 165 g;KA-165;{kopi};Minuman;pcs;16.500;14.000;3
Susu Kental Manis Frisian Flag 370 g;SKM-370;{susu};Susu;kaleng;12.000;10.000;4
Gula Merah Aren 500 g;GMA-500;;Sembako;pcs;12.500;9.000;2
"""
CODES = {"teh": ean13_with_check("899100230001"), "kopi": ean13_with_check("899100230002")}


def test_a_messy_file_lists_every_problem_and_imports_nothing_then_the_fixed_file_goes_in(
    screen: ProductsScreen, qtbot: Any, db: Database, tmp_path: Path
) -> None:
    messy = tmp_path / "harga.csv"
    messy.write_text(MESSY.format(**CODES), encoding="utf-8")
    dialog = screen.import_products()
    assert dialog is not None
    dialog.choose_file = lambda: str(messy)
    dialog.choose_button.click()
    dialog.import_button.click()
    assert dialog.busy and not dialog.import_button.isEnabled()  # the worker has it; the window stays usable
    settle(screen.tasks)
    assert not dialog.busy
    table = dialog.errors
    found = [tuple(table.item(n, c).text() for c in range(3)) for n in range(table.rowCount())]
    assert [(row, column) for row, column, _problem in found] == [
        ("2", "harga_jual (F)"),
        ("4", "barcode (C)"),
        ("5", "harga_jual (F)"),
    ]
    assert [problem for _row, _column, problem in found] == [
        "Harga belum diisi.",
        f"Barcode {CODES['kopi']} juga ada di baris 3.",
        "'12.5OO' bukan jumlah rupiah.",
    ]
    assert dialog.status.text() == "Ada 3 masalah di berkas; tidak ada yang diimpor."
    assert table.isVisibleTo(dialog)
    with db.read() as s:
        assert count_products(s) == 7
        assert categories(s) == []

    messy.write_text(FIXED.format(**CODES, susu=ean13_with_check("899100230003")), encoding="utf-8")
    dialog.import_button.click()
    settle(screen.tasks)
    assert table.rowCount() == 0 and not table.isVisibleTo(dialog)
    assert "4" in dialog.status.text(), dialog.status.text()
    search(screen, qtbot, "kapal api")
    assert names(screen) == ["Kopi Bubuk Kapal Api 165 g"]
    search(screen, qtbot, "")
    assert len(names(screen)) == 11 and screen.count_label.text() == "11 barang"
    assert cell(screen, "Gula Merah Aren 500 g", ProductListModel.PRICE) == "Rp 12.500"
    assert cell(screen, "Teh Celup Sariwangi 25s", ProductListModel.CATEGORY) == "Minuman"

"""The product list itself: read a page at a time as it scrolls, filtered, archived and exported on the worker,
and laid out at 1280x800 without a cut heading.

With LACI_SCREENSHOTS set to a folder, the screen over the demo warung is also saved there as `products.png`
(`LACI_SCREENSHOTS=docs/screenshots pytest tests/ui/test_products_list.py`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from ui.products_support import cell, names, open_screen, pick, search, settle

from pos.demo.shop import build_demo_shop
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.people.users import list_users
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products
from pos.ledger.stock.products import add_category, set_category
from pos.ui.products import ProductsScreen
from pos.ui.products.list_model import PAGE, ProductListModel
from pos.ui.tasks import TaskManager


@pytest.fixture
def screen(tasks: TaskManager, shop: Any, qtbot: Any) -> ProductsScreen:
    return open_screen(tasks, shop.owner, qtbot)


def test_a_long_list_is_read_a_page_at_a_time_as_it_scrolls(tasks: TaskManager, shop: Any, qtbot: Any) -> None:
    with tasks.db.write() as s:
        bulk_add_products(s, [NewProduct(f"Produk {n:04d}", Money(1_000 + n)) for n in range(450)])
    made = ProductsScreen(tasks)
    qtbot.addWidget(made)
    made.set_actor(shop.owner)
    made.resize(1280, 800)
    assert made.model.rowCount() == 0  # nothing is read before the screen is looked at
    made.show()
    settle(tasks)
    assert made.model.rowCount() == PAGE and made.count_label.text() == "457 barang"
    for loaded in (2 * PAGE, 457):
        made.table.scrollToBottom()
        qtbot.waitUntil(lambda: made.model.rowCount() > loaded - PAGE // 2, timeout=5000)  # noqa: B023
        settle(tasks)
        assert made.model.rowCount() == loaded
    assert not made.model.canFetchMore()
    listed = names(made)
    assert len(set(listed)) == 457 and listed[0] == "Barang 1" and listed[-1] == "Produk 0449"


def test_the_filters_narrow_the_list(screen: ProductsScreen, qtbot: Any, db: Database) -> None:
    with db.write() as s:
        drinks = add_category(s, "Minuman")
        for name in ("Barang 1", "Barang 2"):
            pid = next(r.id for r in screen.model.rows if r.name == name)
            set_category(s, pid, drinks)
    screen.refresh()
    settle(screen.tasks)
    screen.category.setCurrentIndex(screen.category.findText("Minuman"))
    settle(screen.tasks)
    assert names(screen) == ["Barang 1", "Barang 2"] and screen.count_label.text() == "2 barang"
    screen.category.setCurrentIndex(0)
    settle(screen.tasks)
    assert len(names(screen)) == 7

    pick(screen, qtbot, "Barang 3")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    dialog.low_stock.setText("5")  # nothing on hand, so at once at or below the level
    dialog.save_button.click()
    settle(screen.tasks)
    search(screen, qtbot, "")
    screen.low_only.setChecked(True)
    settle(screen.tasks)
    assert names(screen) == ["Barang 3"]
    assert cell(screen, "Barang 3", ProductListModel.LOW_LEVEL) == "5 pcs"
    screen.low_only.setChecked(False)
    settle(screen.tasks)


def test_an_archived_product_leaves_the_list_and_comes_back(screen: ProductsScreen, qtbot: Any) -> None:
    pick(screen, qtbot, "Barang 6")
    dialog = screen.edit_selected()
    assert dialog is not None
    settle(screen.tasks)
    dialog.archive_button.click()
    settle(screen.tasks)
    assert dialog.archive_button.text() == "Batalkan arsip" and "arsip" in dialog.heading.text()
    assert names(screen) == []  # "Barang 6" is no longer on sale
    dialog.reject()
    search(screen, qtbot, "")
    screen.archived.setChecked(True)
    settle(screen.tasks)
    assert names(screen) == ["Barang 6"] and screen.count_label.text() == "1 barang diarsipkan"
    screen.table.selectRow(0)
    again = screen.edit_selected()
    assert again is not None
    settle(screen.tasks)
    again.archive_button.click()
    settle(screen.tasks)
    assert names(screen) == []
    screen.archived.setChecked(False)
    settle(screen.tasks)
    assert "Barang 6" in names(screen)


def test_export_writes_the_list_on_the_worker(screen: ProductsScreen, tmp_path: Path) -> None:
    target = tmp_path / "produk"
    asked: list[str] = []
    screen.choose_export_path = lambda suggested: asked.append(suggested) or str(target)
    screen.export_button.click()
    assert screen.progress.isVisibleTo(screen) and not screen.export_button.isEnabled()
    settle(screen.tasks)
    assert not screen.progress.isVisibleTo(screen) and screen.export_button.isEnabled()
    assert asked and asked[0].endswith(".xlsx")
    written = target.with_suffix(".xlsx")
    assert screen.message.text() == f"7 barang diekspor ke {written}."
    book = load_workbook(written, read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][:2] == ("nama", "sku") and len(rows) == 8


def test_without_a_person_logged_in_nothing_can_be_changed(screen: ProductsScreen, qtbot: Any) -> None:
    pick(screen, qtbot, "Barang 1")
    assert screen.edit_button.isEnabled() and screen.adjust_button.isEnabled()
    screen.set_actor(None)
    buttons = (screen.add_button, screen.edit_button, screen.receive_button, screen.adjust_button)
    assert not any(b.isEnabled() for b in (*buttons, screen.count_button, screen.import_button))
    assert screen.add_product() is None and screen.edit_selected() is None
    assert screen.export_button.isEnabled()  # reading the list out changes nothing


@pytest.fixture
def warung(db: Database) -> Database:
    build_demo_shop(db, products=60, days=2, today=dt.date(2026, 11, 23))
    return db


def test_the_screen_reads_well_at_1280x800(warung: Database, tasks: TaskManager, qtbot: Any) -> None:
    with warung.read() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
    made = open_screen(tasks, Actor(owner.id, owner.name, "owner"), qtbot)
    assert made.model.rowCount() >= 20
    bold = QFont(made.table.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    for column in range(1, ProductListModel.COLUMNS):
        title = str(made.model.headerData(column, Qt.Orientation.Horizontal))
        assert made.table.columnWidth(column) >= metrics.horizontalAdvance(title) + 16, title
    assert made.table.columnWidth(ProductListModel.NAME) >= 300
    for widget in (made.add_button, made.import_button, made.export_button, made.count_button):
        assert widget.width() >= widget.sizeHint().width(), widget.text()
    if os.environ.get("LACI_SCREENSHOTS"):
        made.table.selectRow(2)
        made.grab().save(str(Path(os.environ["LACI_SCREENSHOTS"]) / "products.png"))

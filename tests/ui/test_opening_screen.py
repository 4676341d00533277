"""The opening balances, the general journal and the customer and supplier imports in the window, checked on screen
and in the books: typed and imported balances checked then posted, a correction that changes only its page, the
accountant's entry and a month's depreciation, and sheets refused row by row then mapped and taken.

With LACI_SCREENSHOTS set to a folder, the opening-balance form, the journal and the import dialogs are saved there
at 1366x768.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
from counter_support import Shop
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from pos.ledger.base.db import Database
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.books.opening_balances import Balance
from pos.ledger.books.opening_view import opening_view
from pos.ledger.schema import Customer, Supplier
from pos.ledger.spreadsheet.opening_plan import OpeningPlan, enter_opening, switch_day_default
from pos.ui.app import offer_opening
from pos.ui.main_window import MainWindow
from pos.ui.money import MoneyScreen
from pos.ui.opening import OpeningDialog
from pos.ui.products.import_dialog import ImportDialog
from pos.ui.reports import ReportsScreen
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import ERROR_TEXT, OK_TEXT

SHOTS = os.environ.get("LACI_SCREENSHOTS")


def settle(tasks: TaskManager) -> None:
    for _round in range(30):
        assert tasks.wait_idle(30), "the workers did not finish"
        QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the workers busy")


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        if widget.isWindow():
            widget.resize(1366, 768)
        QApplication.processEvents()
        widget.grab().save(str(Path(SHOTS) / name))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    return path


@pytest.fixture
def screen(qtbot: Any, tasks: TaskManager, shop: Shop) -> MoneyScreen:
    made = MoneyScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    return made


def test_the_opening_balances_are_checked_then_posted_from_the_money_screen(
    screen: MoneyScreen, tasks: TaskManager, db: Database, tmp_path: Path
) -> None:
    tab = screen.opening
    screen.tabs.setCurrentWidget(tab)
    assert tab.summary.text() == "Belum ada saldo awal."
    dialog = tab.open_dialog()
    assert dialog is not None
    settle(tasks)
    dialog.cash.set_cell(0, 0, "Laci depan")
    dialog.cash.set_cell(0, 1, "1.500.000")
    dialog.banks.set_cell(0, 0, "BCA")
    dialog.banks.set_cell(0, 1, "12.000.000")
    dialog.loans.set_cell(0, 0, "KUR BRI")
    dialog.loans.set_cell(0, 1, "5.000.000")
    dialog.customers.set_cell(0, 0, "Pak Budi")
    dialog.customers.set_cell(0, 1, "150.000")
    dialog.customers.set_cell(0, 2, "10/03/2026")
    stock = write_csv(tmp_path / "stok.csv", [["Nama Produk", "Harga Jual", "Stok"], ["Barang 1", "5000", "10"]])
    dialog.stock_file.choose_file = lambda: str(stock)
    dialog.stock_file.choose()
    settle(tasks)
    assert dialog.stock_file.columns.isVisibleTo(dialog.stock_file)  # its headers, each read as a column
    dialog.pages.setCurrentIndex(1)
    shot(dialog, "opening-stock.png")
    dialog.check_button.click()
    settle(tasks)
    capital = 1_500_000 + 12_000_000 + 150_000 + 10 * 4_000 - 5_000_000
    assert dialog.status.styleSheet() == OK_TEXT, dialog.status.text()
    assert f"modal pemilik Rp {capital:,}".replace(",", ".") in dialog.totals.text()
    with db.read() as s:
        assert opening_view(s) is None  # checked, nothing kept
    dialog.pages.setCurrentIndex(2)
    shot(dialog, "opening-kasbon.png")
    dialog.pages.setCurrentIndex(0)
    shot(dialog, "opening-balances.png")
    dialog.post_button.click()
    settle(tasks)
    assert dialog.status.text() == "Saldo awal sudah dibukukan."
    with db.read() as s:
        view = opening_view(s)
        tb = trial_balance(s)
        assert check_books(s).ok
    assert view is not None and view.capital == capital
    assert tb.balance(accounts.KAS) == 1_500_000 and tb.balance(accounts.PERSEDIAAN) == 40_000
    dialog.post_button.click()  # now "Close"
    settle(tasks)
    assert "modal pemilik Rp" in tab.summary.text()
    assert [line.label for line in tab.model.rows][:2] == ["Laci depan", "BCA"]
    shot(screen, "opening-tab.png")


def test_a_correction_changes_only_the_page_that_was_changed(
    screen: MoneyScreen, tasks: TaskManager, db: Database
) -> None:
    dialog = screen.opening.open_dialog()
    assert dialog is not None
    settle(tasks)
    dialog.cash.set_cell(0, 0, "Laci")
    dialog.cash.set_cell(0, 1, "1.000.000")
    dialog.customers.set_cell(0, 0, "Pak Budi")
    dialog.customers.set_cell(0, 1, "150.000")
    dialog.post_button.click()
    settle(tasks)
    dialog.post_button.click()
    settle(tasks)
    correction = screen.opening.open_dialog()
    assert correction is not None
    settle(tasks)
    assert correction.title.text() == "Koreksi saldo awal"
    assert correction.cash.texts()[0] == ["Laci", "1.000.000"]  # the standing figures, ready to change
    correction.cash.set_cell(0, 1, "1.100.000")
    correction.reason.setText("salah hitung")
    correction.post_button.click()
    settle(tasks)
    assert correction.status.styleSheet() == OK_TEXT, correction.status.text()
    with db.read() as s:
        tb = trial_balance(s)
    assert tb.balance(accounts.KAS) == 1_100_000 and tb.balance(accounts.PIUTANG) == 150_000


def test_a_line_that_does_not_read_is_named_and_nothing_is_asked_of_the_books(
    screen: MoneyScreen, tasks: TaskManager
) -> None:
    dialog = screen.opening.open_dialog()
    assert dialog is not None
    settle(tasks)
    dialog.banks.set_cell(1, 0, "BRI")
    dialog.banks.set_cell(1, 1, "dua juta")
    dialog.check_button.click()
    assert dialog.status.styleSheet() == ERROR_TEXT
    assert dialog.status.text() == "Rekening bank, baris 2: 'dua juta' bukan jumlah rupiah."


def test_the_accountants_entry_and_a_months_depreciation(
    screen: MoneyScreen, tasks: TaskManager, db: Database, shop: Shop
) -> None:
    journal = screen.journal
    screen.tabs.setCurrentWidget(journal)
    journal.set_line(0, accounts.PERALATAN, debit="2.400.000")
    journal.set_line(1, accounts.BANK, credit="2.000.000")
    assert "selisih Rp 400.000" in journal.difference.text()
    journal.memo.setText("Freezer")
    journal.post_button.click()
    settle(tasks)
    assert journal.status.styleSheet() == ERROR_TEXT and "tidak seimbang" in journal.status.text()
    journal.set_line(1, accounts.BANK, credit="2.400.000")
    journal.equipment_name.setText("Freezer")
    journal.equipment_months.setText("24")
    shot(screen, "general-journal.png")
    journal.post_button.click()
    settle(tasks)
    assert journal.status.styleSheet() == OK_TEXT, journal.status.text()
    with db.read() as s:
        tb = trial_balance(s)
    assert tb.balance(accounts.PERALATAN) == 2_400_000 and tb.balance(accounts.BANK) == -2_400_000
    assert journal.state is not None and journal.state.months == ()  # this month has not ended yet


def test_customers_and_suppliers_are_imported_with_the_same_row_by_row_problems(
    qtbot: Any, window: MainWindow, tasks: TaskManager, db: Database, shop: Shop, tmp_path: Path
) -> None:
    window.customers.set_actor(shop.owner)
    dialog = window.customers.import_customers()
    assert dialog is not None
    bad = write_csv(
        tmp_path / "pelanggan.csv",
        [["Nama", "WA", "Limit"], ["Bu Ani", "081234567890", "tiga ratus"], ["", "0813 9876 5432", "100000"]],
    )
    dialog.choose_file = lambda: str(bad)
    dialog.choose_button.click()
    settle(tasks)
    assert dialog.look is not None
    read_as = [(h.text, h.column) for h in dialog.look.headers]
    assert read_as == [("Nama", "nama"), ("WA", "telepon"), ("Limit", "batas_kasbon")]
    dialog.import_button.click()
    settle(tasks)
    table = dialog.errors
    found = [tuple(table.item(n, c).text() for c in range(3)) for n in range(table.rowCount())]
    assert found == [
        ("2", "Limit (C)", "'tiga ratus' bukan jumlah rupiah."),
        ("3", "Nama (A)", "Nama belum diisi."),
    ]
    shot(dialog, "import-customers.png")
    good = write_csv(
        tmp_path / "pelanggan2.csv", [["Pelanggan", "Nomor", "Limit"], ["Bu Ani", "081234567890", "300.000"]]
    )
    dialog.set_path(good)
    settle(tasks)
    dialog.choose_column("Nomor", "telepon")
    dialog.import_button.click()
    settle(tasks)
    assert "1 baru" in dialog.status.text(), dialog.status.text()
    with db.read() as s:
        assert s.execute(select(Customer.phone).where(Customer.name == "Bu Ani")).scalar_one() == "0812-3456-7890"

    window.money.set_actor(shop.owner)
    suppliers = window.money.suppliers.import_suppliers()
    sheet = write_csv(tmp_path / "pemasok.csv", [["Nama Supplier", "Telepon"], ["CV Sumber", "0274 512345"]])
    suppliers.choose_file = lambda: str(sheet)
    suppliers.choose_button.click()
    suppliers.import_button.click()
    settle(tasks)
    assert "1 baru" in suppliers.status.text(), suppliers.status.text()
    with db.read() as s:
        assert s.execute(select(Supplier.name)).scalars().all() == ["CV Sumber"]


def test_the_first_run_goes_on_to_the_opening_balances(window: MainWindow, tasks: TaskManager, shop: Shop) -> None:
    dialog = offer_opening(window, tasks, shop.owner)
    assert isinstance(dialog, OpeningDialog) and dialog.isVisible()
    settle(tasks)
    assert dialog.intro.text().startswith("Toko sudah siap.")
    dialog.pages.setCurrentIndex(4)
    shot(dialog, "opening-first-run.png")
    assert offer_opening(window, tasks, None) is None  # the demo warung has its books already
    dialog.later_button.click()
    assert not dialog.isVisible()


def test_a_product_sheet_whose_skus_are_barcodes_offers_them_and_notes_what_it_did(
    qtbot: Any, tasks: TaskManager, db: Database, shop: Shop, tmp_path: Path
) -> None:
    dialog = ImportDialog(tasks, shop.owner)
    qtbot.addWidget(dialog)
    dialog.show()
    code = "8991002101135"
    sheet = write_csv(
        tmp_path / "moka.csv",
        [
            ["Item Name", "SKU", "Price", "In Stock"],
            ["Contoh: Kopi", "", "1000", "1"],
            ["Kopi Kapal Api", code, "2000", "5"],
        ],
    )
    dialog.choose_file = lambda: str(sheet)
    dialog.choose_button.click()
    settle(tasks)
    assert dialog.sku_barcodes.isVisible() and dialog.sku_barcodes.isChecked()
    dialog.import_button.click()
    settle(tasks)
    notes = [dialog.errors.item(n, 2).text() for n in range(dialog.errors.rowCount())]
    assert notes == [
        "Dilewati: ini baris contoh atau petunjuk dari template (Contoh: Kopi).",
        f"SKU {code} adalah barcode yang sah; ditambahkan juga sebagai barcode barangnya.",
    ]
    assert "In Stock (D) masuk ke saldo awal" in dialog.status.text()
    shot(dialog, "import-products-notes.png")


def test_the_reports_say_when_the_books_start_after_the_comparison(
    qtbot: Any, tasks: TaskManager, db: Database, shop: Shop
) -> None:
    with db.write() as s:
        enter_opening(s, shop.owner, OpeningPlan(switch_day_default(s), (Balance("cash", "Laci", 500_000),)))
    reports = ReportsScreen(tasks)
    qtbot.addWidget(reports)
    reports.resize(1366, 768)
    reports.show()
    reports.refresh()
    settle(tasks)
    assert "angka sebelum tanggal itu tidak ada di Laci" in reports.period_label.text()
    shot(reports, "reports-books-start.png")

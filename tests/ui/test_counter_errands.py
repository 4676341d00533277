"""The counter's other work: returns, cash in and out, the drawer, reprints, the X report and the keys' help."""

from __future__ import annotations

from typing import Any

import pytest
from counter_support import CounterDriver, Shop
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from screen_checks import clipped
from shop_support import CASHIER_PIN, OWNER_PIN

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.books.check import check_books
from pos.ledger.counter import print_queue
from pos.ledger.counter.shifts import open_shift, shift_report
from pos.ledger.selling.sales import SaleResult
from pos.ledger.shop import settings
from pos.ledger.slips.slip_types import Receipt
from pos.ui.counter.cash import CashMoveDialog, DrawerDialog
from pos.ui.counter.payment import PaymentDialog
from pos.ui.counter.returns import ReturnDialog
from pos.ui.counter.shift_close import XReportDialog
from pos.ui.widgets.pin_pad import PinDialog
from pos.ui.widgets.slip_preview import SlipPreview

F = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def selling(db: Database, shop: Shop, driver: CounterDriver) -> CounterDriver:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
    driver.log_in("2", CASHIER_PIN)
    assert driver.at_scan_field()
    return driver


def sell_for_cash(driver: CounterDriver, *codes: str) -> SaleResult:
    done: list[SaleResult] = []
    driver.checkout.sale_completed.connect(done.append)
    for code in codes:
        driver.scan(code)
    driver.idle()
    driver.key(F.Key_F12)
    driver.active(PaymentDialog)
    driver.key(F.Key_F5)
    driver.idle()
    return done[-1]


def test_a_return_by_receipt_number_with_the_owners_pin(db: Database, selling: CounterDriver, shop: Shop) -> None:
    sale = sell_for_cash(selling, f"2*{shop.codes[0]}", shop.codes[1])  # 2 x 5.000 + 10.000
    selling.key(F.Key_1, CTRL)
    dialog = selling.active(ReturnDialog)
    assert dialog.receipt.text() == sale.receipt_no
    selling.key(F.Key_Return)  # find the sale
    selling.idle()
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 0).text() == "Barang 1" and dialog.table.item(0, 1).text() == "2"
    # The names are in view, whole, with the "return now" cell chosen for typing.
    assert dialog.table.horizontalScrollBar().value() == 0 and clipped(dialog) == []
    dialog.set_return_qty(1, "3")  # more than was sold: refused at once, no PIN asked for it
    dialog.reason.setFocus()
    selling.type("rusak", enter=True)
    selling.idle()
    assert selling.checkout.flow.dialog is None
    assert dialog.status.text() == _("Only {left} of {name} can still be returned.").format(left="2", name="Barang 1")
    dialog.set_return_qty(1, "1")
    dialog.reason.setFocus()
    selling.key(F.Key_Return)
    selling.idle()
    approval = selling.active(PinDialog)
    assert approval.message.text() == _("Only the owner may {action}. Ask the owner to enter their PIN.").format(
        action=_("refund a sale")
    )
    selling.type(OWNER_PIN, enter=True)  # asked once, and once is enough
    selling.idle()
    assert selling.checkout.flow.dialog is None
    assert selling.checkout.dialog is None and selling.at_scan_field()
    assert sale.receipt_no in selling.checkout.status.text()
    with db.read() as s:
        report = shift_report(s)
        assert (report.refunds_count, report.refunds_cash) == (1, 5_000)
        assert check_books(s).ok


def test_cash_in_alone_and_cash_out_with_the_owner(db: Database, selling: CounterDriver) -> None:
    selling.key(F.Key_3, CTRL)
    dialog = selling.active(CashMoveDialog)
    assert dialog.purpose.currentData() == "capital"
    selling.type("50.000", enter=True)
    selling.idle()
    assert selling.checkout.status.text().replace("\xa0", " ") == _("{amount} put into the drawer.").format(
        amount="Rp 50.000"
    )
    selling.key(F.Key_4, CTRL)
    dialog = selling.active(CashMoveDialog)
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("expense:listrik_air"))
    selling.type("20.000", enter=True)
    selling.idle()
    selling.active(PinDialog)
    selling.type(OWNER_PIN, enter=True)
    selling.idle()
    assert selling.checkout.status.text().replace("\xa0", " ") == _("{amount} taken out of the drawer.").format(
        amount="Rp 20.000"
    )
    with db.read() as s:
        report = shift_report(s)
    assert (report.cash_in, report.cash_out, report.expected_cash) == (50_000, 20_000, 130_000)


def test_reprint_queues_a_copy_of_the_last_receipt(db: Database, selling: CounterDriver, shop: Shop) -> None:
    selling.key(F.Key_6, CTRL)
    assert selling.checkout.status.text().replace("\xa0", " ") == _("No sale yet since you logged in.")
    sale = sell_for_cash(selling, shop.codes[0])
    selling.key(F.Key_6, CTRL)
    selling.idle()
    assert selling.checkout.status.text().replace("\xa0", " ") == _(
        "No receipt printer is set up; the copy waits in the print queue."
    )
    with db.read() as s:
        jobs = print_queue.pending(s)
    assert [(j.kind, j.source_id, j.is_copy) for j in jobs] == [("receipt", sale.sale_id, True)]
    # With no paper to print on, the copy is also shown on screen as it would print.
    preview = selling.active(SlipPreview)
    selling.idle()
    assert preview.shown is not None and preview.shown.slip.number == sale.receipt_no
    assert isinstance(preview.shown.slip, Receipt) and preview.shown.slip.is_copy
    assert preview.picture.pixmap() is not None and not preview.picture.pixmap().isNull()
    preview.reject()
    assert selling.at_scan_field()


def test_reprint_with_the_screen_only_printer_shows_the_copy(db: Database, selling: CounterDriver, shop: Shop) -> None:
    with db.write() as s:
        settings.put(s, "printer.uri", "preview:")
    sale = sell_for_cash(selling, shop.codes[0])
    selling.idle()
    selling.key(F.Key_6, CTRL)
    preview = selling.active(SlipPreview)
    selling.idle()
    assert selling.checkout.status.text() == _(
        "The printer is the screen only: the copy of receipt {number} is shown."
    ).format(number=sale.receipt_no)
    assert preview.shown is not None and preview.shown.slip.number == sale.receipt_no
    assert isinstance(preview.shown.slip, Receipt) and preview.shown.slip.is_copy
    assert preview.status.text() == _("The printer is the screen only: this is the slip.")
    assert not preview.print_button.isVisible() or not preview.print_button.isEnabled()
    with db.read() as s:
        # The screen-only printer took the copy: nothing waits for a printer that may come later.
        assert print_queue.status(s).pending == 0
    preview.reject()
    assert selling.at_scan_field()


def test_opening_the_drawer_goes_through_the_core(db: Database, selling: CounterDriver, shop: Shop) -> None:
    selling.key(F.Key_5, CTRL)
    dialog = selling.active(DrawerDialog)
    selling.type("tukar uang", enter=True)
    selling.idle()
    selling.active(PinDialog)
    selling.type(OWNER_PIN, enter=True)
    selling.idle()
    assert dialog.status.text() == _("No receipt printer is set up, and the cash drawer opens through the printer.")
    with db.write() as s:
        settings.put(s, "printer.uri", "preview:")
    dialog.submit()
    selling.idle()
    selling.active(PinDialog)
    selling.type(OWNER_PIN, enter=True)
    selling.idle()
    assert selling.checkout.status.text().replace("\xa0", " ") == _("The drawer opens.")
    with db.read() as s:
        [opened] = audit.entries(s, "drawer.open")
        assert opened.approved_by == shop.owner.user_id and opened.reason == "tukar uang"
        assert print_queue.status(s).pending == 0  # the queue was sent to the printer at once


def test_the_x_report_and_the_help(selling: CounterDriver, shop: Shop, qtbot: Any) -> None:
    sell_for_cash(selling, shop.codes[2])
    selling.key(F.Key_7, CTRL)
    report = selling.active(XReportDialog)
    selling.idle()
    assert report.figures.values["sales"] == "1"
    assert report.figures.values["expected"] == "Rp 115.000"
    selling.key(F.Key_Escape)
    assert selling.at_scan_field()
    selling.key(F.Key_F1)
    box = selling.active(QMessageBox)
    assert "F12" in box.text()
    selling.key(F.Key_Escape)
    assert selling.at_scan_field()

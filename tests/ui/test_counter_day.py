"""A whole day at the counter, driven by the keyboard as a cashier works, then checked in the books."""

from __future__ import annotations

from typing import Any

from counter_support import SUGAR_PLU, CounterDriver, Shop, weighed_label
from PySide6.QtCore import Qt
from shop_support import CASHIER_PIN, OWNER_PIN

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.books.check import check_books
from pos.ledger.counter.shifts import current_shift, z_report
from pos.ledger.people.customers import kasbon_balance
from pos.ledger.selling.returns import find_sale, is_voided
from pos.ui.counter.customers import CustomerPicker
from pos.ui.counter.held import HoldDialog, RecallDialog
from pos.ui.counter.payment import PaymentDialog
from pos.ui.counter.returns import VoidDialog
from pos.ui.counter.shift_close import CloseShiftDialog
from pos.ui.widgets.pin_pad import PinDialog

F = Qt.Key


def pay_dialog(driver: CounterDriver) -> PaymentDialog:
    driver.key(F.Key_F12)
    dialog = driver.active(PaymentDialog)
    assert dialog is driver.checkout.dialog and driver.focus() is dialog.amount
    return dialog


def test_a_day_at_the_counter(db: Database, shop: Shop, driver: CounterDriver, qtbot: Any) -> None:
    a, b, c, d, e, f = shop.codes
    checkout = driver.checkout
    results = []
    checkout.sale_completed.connect(results.append)

    # --- start of the day: Dewi logs in and opens the shift with Rp 200.000 in the drawer ---------------------
    driver.log_in("2", CASHIER_PIN)
    assert driver.screen.currentWidget() is driver.screen.open_shift
    driver.type("200.000", enter=True)
    driver.idle()
    assert driver.screen.currentWidget() is checkout
    assert driver.at_scan_field()
    assert not driver.window.tabs.isTabVisible(driver.window.books_tab)  # the books are the owner's

    # --- a burst of scans, as fast as a scanner types them ----------------------------------------------------
    inserted: list[int] = []
    checkout.model.rowsInserted.connect(lambda _parent, first, _last: inserted.append(first))
    for scan in (a, b, a, c, f"3*{b}", weighed_label(SUGAR_PLU, 250), a):
        driver.scan(scan)
    driver.idle()
    assert driver.cart() == [
        ("Barang 1", "3"),
        ("Barang 2", "4"),
        ("Barang 3", "1"),
        ("Gula pasir curah", "0,25 kg"),
    ]
    assert inserted == [0, 1, 2, 3]  # one new line per new product, repeats add to their line
    assert checkout.totals.total.text() == "Rp 74.000"
    assert driver.at_scan_field()

    # --- change a quantity: Down to the line, F3, type, Enter ------------------------------------------------
    driver.key(F.Key_Down)
    driver.key(F.Key_Down)
    driver.key(F.Key_F3)
    driver.type("2", enter=True)
    driver.idle()
    assert driver.cart()[2] == ("Barang 3", "2")
    assert checkout.totals.total.text() == "Rp 89.000"
    assert driver.at_scan_field()

    # --- pay cash: Rp 100.000 typed, Enter; the change shows large -------------------------------------------
    pay_dialog(driver)
    driver.type("100000", enter=True)
    driver.idle()
    assert results[-1].change == 11_000
    assert checkout.totals.change.text() == "Rp 11.000"
    assert results[-1].receipt_no in checkout.totals.receipt.text()
    assert checkout.model.rowCount() == 0
    assert driver.at_scan_field()

    # --- pay by QRIS: F9 shows the code for the whole amount, Enter when the money has arrived ----------------
    driver.scan(d)
    driver.scan(e)
    driver.idle()
    dialog = pay_dialog(driver)
    driver.key(F.Key_F9)
    assert dialog.qr.modules > 0 and "45.000" in dialog.qris_label.text()
    driver.key(F.Key_Return)
    driver.idle()
    assert [(p.method, p.amount) for p in results[-1].settlement.applied] == [("qris", 45_000)]

    # --- kasbon: F4 picks Pak Budi, F12 then F4 puts the sale on his tab --------------------------------------
    driver.key(F.Key_F4)
    picker = driver.active(CustomerPicker)
    driver.type("budi")
    qtbot.waitUntil(lambda: picker.shown_for == "budi" and bool(picker.model.rows))
    driver.key(F.Key_Return)
    driver.idle()
    assert "Pak Budi" in checkout.totals.customer.text()
    driver.scan(f)
    driver.idle()
    pay_dialog(driver)
    driver.key(F.Key_F4)
    driver.key(F.Key_Return)
    driver.idle()
    assert [(p.method, p.amount) for p in results[-1].settlement.applied] == [("kasbon", 30_000)]

    # --- hold with a note, recall, and pay with exact money ---------------------------------------------------
    driver.scan(a)
    driver.scan(b)
    driver.idle()
    driver.key(F.Key_F8)
    driver.active(HoldDialog)
    driver.type("Bu Ani, ambil beras dulu", enter=True)
    driver.idle()
    assert checkout.model.rowCount() == 0
    driver.key(F.Key_F9)
    recall = driver.active(RecallDialog)
    driver.idle()
    assert "Bu Ani" in recall.list.item(0).text()
    driver.key(F.Key_Return)
    driver.idle()
    assert driver.cart() == [("Barang 1", "1"), ("Barang 2", "1")]
    pay_dialog(driver)
    driver.key(F.Key_F5)  # uang pas
    driver.idle()
    assert results[-1].total == 15_000 and results[-1].change == 0

    # --- a sale voided: refused for the cashier, done with the owner's PIN typed into the approval -------------
    driver.scan(c)
    driver.idle()
    pay_dialog(driver)
    driver.type("20000", enter=True)
    driver.idle()
    voided_no = results[-1].receipt_no
    driver.key(F.Key_2, Qt.KeyboardModifier.ControlModifier)
    void = driver.active(VoidDialog)
    assert void.receipt.text() == "" and voided_no in void.receipt.placeholderText()  # named, never assumed
    driver.type(voided_no, enter=True)  # scanned off the receipt
    driver.idle()
    # The sale is shown before anything is asked: its items, total, payment, who and when.
    assert void.summary.table.item(0, 0).text() == "Barang 3"
    assert void.summary.total.text() == _("Total {amount}").format(amount="Rp 15.000")
    assert "Rp 15.000" in void.summary.paid.text() and "Dewi" in void.summary.who.text()
    driver.key(F.Key_Return)  # no reason yet: refused at once, and no PIN asked for it
    driver.idle()
    assert checkout.flow.dialog is None
    assert void.status.text() == _("Say why the sale is voided.")
    void.reason.setFocus()
    driver.type("salah harga", enter=True)
    driver.idle()
    approval = driver.active(PinDialog)
    assert approval is checkout.flow.dialog
    assert approval.windowTitle() == _("Owner's approval needed")
    assert approval.message.text() == _("Only the owner may {action}. Ask the owner to enter their PIN.").format(
        action=_("void a sale")
    )
    driver.key(F.Key_Escape)  # the owner is not there: refused
    driver.idle()
    assert void.status.text() == approval.message.text()
    with db.read() as s:
        assert not is_voided(s, find_sale(s, voided_no).id)
    driver.key(F.Key_Return)  # the owner has come: try again
    driver.idle()
    approval = driver.active(PinDialog)
    driver.type(CASHIER_PIN, enter=True)  # a cashier's PIN is no owner's
    driver.idle()
    assert approval.error.text() == _("That is not the owner's PIN.")
    driver.type(OWNER_PIN, enter=True)
    driver.idle()
    assert checkout.dialog is None and checkout.flow.dialog is None
    with db.read() as s:
        assert is_voided(s, find_sale(s, voided_no).id)
    assert driver.at_scan_field()

    # --- close the shift: count the drawer note by note, F12, then the Z figures -----------------------------
    with db.read() as s:
        shift_id = current_shift(s).id  # type: ignore[union-attr]
    driver.key(F.Key_8, Qt.KeyboardModifier.ControlModifier)
    closing = driver.active(CloseShiftDialog)
    driver.idle()
    assert closing.report is not None and closing.report.expected_cash == 304_000
    driver.type("3")  # 3 x Rp 100.000
    for _n in range(5):
        driver.key(F.Key_Return)  # down to Rp 2.000
    driver.type("2")
    assert closing.counted.text() == "Rp 304.000"
    driver.key(F.Key_F12)
    driver.idle()
    assert closing.closing is not None and closing.closing.difference == 0
    assert closing.figures.values["difference"] == "Rp 0"
    driver.key(F.Key_Return)
    driver.idle()
    assert driver.screen.currentWidget() is driver.screen.login

    # --- the books balance and the Z report is the day as sold -----------------------------------------------
    with db.read() as s:
        assert check_books(s).ok
        z = z_report(s, shift_id)
        assert current_shift(s) is None
        assert kasbon_balance(s, shop.customer).rupiah == 30_000
    kept = [r for r in results if r.receipt_no != voided_no]
    assert z.sales_count == len(kept) == 4
    assert z.total == sum(r.total for r in kept) == 179_000
    assert z.by_method == {"cash": 104_000, "kasbon": 30_000, "qris": 45_000}
    assert (z.voids_count, z.voids_total) == (1, 15_000)
    assert z.opening_float == 200_000 and z.expected_cash == 304_000
    assert closing.figures.values["total"] == "Rp 179.000"

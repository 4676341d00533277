"""Taking payment: cash, splits, QRIS, references, kasbon, rounding and the core's refusals in the dialog."""

from __future__ import annotations

from typing import Any

import pytest
from counter_support import CounterDriver, Shop, static_qris
from PySide6.QtCore import Qt
from shop_support import CASHIER_PIN, OWNER_PIN

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.qris import parse_payload
from pos.ledger.counter.shifts import open_shift, shift_report
from pos.ledger.people.customers import kasbon_balance
from pos.ledger.people.deposits import customer_credit
from pos.ledger.selling.orders import cancel_order, new_order
from pos.ledger.selling.sales import SaleResult
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ui.counter.customers import CustomerPicker
from pos.ui.counter.payment import PaymentDialog
from pos.ui.widgets.pin_pad import PinDialog

F = Qt.Key


@pytest.fixture
def selling(db: Database, shop: Shop, driver: CounterDriver) -> CounterDriver:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
    driver.log_in("2", CASHIER_PIN)
    assert driver.at_scan_field()
    return driver


def sales(driver: CounterDriver) -> list[SaleResult]:
    found: list[SaleResult] = []
    driver.checkout.sale_completed.connect(found.append)
    return found


def ring(driver: CounterDriver, *codes: str) -> PaymentDialog:
    for code in codes:
        driver.scan(code)
    driver.idle()
    driver.key(F.Key_F12)
    return driver.active(PaymentDialog)


def applied(result: SaleResult) -> list[tuple[str, int, str, str]]:
    return [(p.method, p.amount, p.provider, p.reference) for p in result.settlement.applied]


def test_quick_notes_add_up_and_show_the_change(selling: CounterDriver, shop: Shop) -> None:
    done = sales(selling)
    dialog = ring(selling, shop.codes[5], shop.codes[4])  # Rp 55.000
    assert dialog.due.text() == "Rp 55.000"
    # The quick notes are what a customer would hand over for Rp 55.000, not fixed amounts.
    assert [b.label for b in dialog.cash_page.note_buttons] == ["Rp 60.000", "Rp 70.000", "Rp 100.000"]
    selling.type("20000", enter=True)  # a Rp 20.000 note first
    assert dialog.left_caption.text() == _("Still to pay") and dialog.left_amount.text() == "Rp 35.000"
    assert dialog.cash_page.note_buttons[0].label == "Rp 40.000"  # now for what is left
    selling.key(F.Key_F7)  # Rp 50.000 more
    assert dialog.left_caption.text() == _("Change") and dialog.left_amount.text() == "Rp 15.000"
    assert done == []  # a quick note never closes the sale by itself: more notes may follow
    selling.key(F.Key_F12)
    selling.idle()
    assert done[-1].change == 15_000 and applied(done[-1]) == [("cash", 55_000, "", "")]
    assert selling.checkout.totals.change.text() == "Rp 15.000"


def test_not_enough_money_is_refused_with_the_cores_words(selling: CounterDriver, shop: Shop) -> None:
    done = sales(selling)
    dialog = ring(selling, shop.codes[5])  # Rp 30.000
    selling.type("20.000", enter=True)
    assert done == [] and dialog.left_amount.text() == "Rp 10.000"
    selling.key(F.Key_F12)
    selling.idle()
    assert dialog.status.text().replace("\xa0", " ") == _(
        "The payments do not cover the total: {short} is still missing."
    ).format(short="Rp 10.000")
    assert done == [] and selling.checkout.dialog is dialog
    selling.key(F.Key_Delete)  # take the payment back
    assert dialog.payments == []
    selling.key(F.Key_F5)  # uang pas
    selling.idle()
    assert done[-1].total == 30_000


def test_split_cash_and_qris_with_the_dynamic_code(selling: CounterDriver, shop: Shop) -> None:
    done = sales(selling)
    dialog = ring(selling, shop.codes[5], shop.codes[2])  # Rp 45.000
    selling.type("20000")  # Rp 20.000 in cash
    selling.key(F.Key_Return)
    selling.key(F.Key_F9)  # the rest by QRIS
    assert dialog.pages.currentIndex() == 1 and dialog.qr.modules > 0
    assert dialog.qris_label.text() == _("QRIS {amount}").format(amount="Rp 25.000")
    assert parse_payload(dialog.qr.payload or "").amount == Money(25_000)
    selling.key(F.Key_Return)  # sudah dibayar
    selling.idle()
    assert applied(done[-1]) == [("cash", 20_000, "", ""), ("qris", 25_000, "", "")]
    assert done[-1].change == 0


def test_a_typed_amount_goes_to_qris(selling: CounterDriver, shop: Shop) -> None:
    done = sales(selling)
    dialog = ring(selling, shop.codes[5])  # Rp 30.000
    selling.type("10.000")
    selling.key(F.Key_F9)
    assert dialog.qris_label.text() == _("QRIS {amount}").format(amount="Rp 10.000")
    selling.key(F.Key_Return)
    assert done == [] and dialog.left_amount.text() == "Rp 20.000"
    selling.type("50000", enter=True)
    selling.idle()
    assert applied(done[-1]) == [("cash", 20_000, "", ""), ("qris", 10_000, "", "")]
    assert done[-1].change == 30_000


def test_without_a_qris_setting_the_payment_is_checked_by_hand(db: Database, shop: Shop, driver: CounterDriver) -> None:
    with db.write() as s:
        settings.put(s, "qris.static_payload", "")
        open_shift(s, shop.cashier, Money(0))
    driver.log_in("2", CASHIER_PIN)
    done = sales(driver)
    dialog = ring(driver, shop.codes[0])
    driver.key(F.Key_F9)
    assert dialog.qr.payload is None and dialog.qr.modules == 0
    # Nothing to scan, so nobody is asked to scan it: the cashier checks the payment by hand.
    assert dialog.qris_page.hint.text() == _("Press Paid once the payment shows on the shop's phone.")
    driver.key(F.Key_Return)
    driver.idle()
    assert applied(done[-1]) == [("qris", 5_000, "", "")]
    # After the sale, in the total's place: paid by QRIS, not "change Rp 0".
    totals = driver.checkout.totals
    assert totals.showing_sale()
    assert totals.change_caption.text() == _("Paid by {method}").format(method="QRIS")
    assert totals.change.text() == "Rp 5.000"


def test_a_qris_saved_in_the_settings_reaches_the_counter_at_once(
    db: Database, shop: Shop, driver: CounterDriver, qtbot: Any
) -> None:
    with db.write() as s:
        settings.put(s, "qris.static_payload", "")
        open_shift(s, shop.owner, Money(0))
    driver.log_in("1", OWNER_PIN)
    window = driver.window
    window.tabs.setCurrentWidget(window.settings)
    driver.idle()
    window.settings.qris.payload.setPlainText(static_qris())
    window.settings.qris.save()
    driver.idle()
    window.tabs.setCurrentIndex(window.counter_tab)
    driver.idle()
    dialog = ring(driver, shop.codes[0])  # no logging out and in again
    driver.key(F.Key_F9)
    assert dialog.qr.modules > 0 and parse_payload(dialog.qr.payload or "").is_dynamic
    assert dialog.qris_page.hint.text() == _(
        "Ask the customer to scan. Press Paid once the payment shows on the shop's phone."
    )


def test_transfer_and_e_wallet_keep_their_reference(selling: CounterDriver, shop: Shop) -> None:
    done = sales(selling)
    dialog = ring(selling, shop.codes[5], shop.codes[3])  # Rp 50.000
    selling.key(F.Key_F10)
    page = dialog.reference_page
    assert page.amount.text() == "50.000" and not page.provider.isVisible()
    selling.key(F.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # to the amount
    selling.focus().selectAll()  # type: ignore[attr-defined]
    selling.type("30.000")
    page.reference.setFocus()
    selling.type("BCA 4471", enter=True)
    assert done == [] and dialog.left_amount.text() == "Rp 20.000"
    selling.key(F.Key_F11)
    assert page.provider.isVisible() and page.amount.text() == "20.000"
    page.provider.setCurrentText("OVO")
    selling.type("OVO-889", enter=True)
    selling.idle()
    assert applied(done[-1]) == [("transfer", 30_000, "", "BCA 4471"), ("ewallet", 20_000, "OVO", "OVO-889")]


def test_kasbon_picks_the_customer_and_shows_what_they_owe(
    db: Database, selling: CounterDriver, shop: Shop, qtbot: Any
) -> None:
    done = sales(selling)
    dialog = ring(selling, shop.codes[5])  # Rp 30.000
    selling.key(F.Key_F4)  # no customer yet: the picker opens
    picker = selling.active(CustomerPicker)
    qtbot.waitUntil(lambda: bool(picker.model.rows))
    assert picker.model.index(0, picker.model.LIMIT).data() == "Rp 500.000"
    selling.key(F.Key_Return)
    selling.active(PaymentDialog)
    assert dialog.kasbon_page.customer.text().replace("\xa0", " ") == _(
        "{name} owes {owed}; credit limit {limit}."
    ).format(name="Pak Budi", owed="Rp 0", limit="Rp 500.000")
    assert "Pak Budi" in selling.checkout.totals.customer.text()
    selling.key(F.Key_Return)
    selling.idle()
    assert applied(done[-1]) == [("kasbon", 30_000, "", "")]
    with db.read() as s:
        assert kasbon_balance(s, shop.customer) == Money(30_000)
    # The confirmation says it went on Pak Budi's tab, and what he owes now.
    totals = selling.checkout.totals
    assert totals.change_caption.text() == _("On {name}'s kasbon").format(name="Pak Budi")
    assert totals.change.text() == "Rp 30.000"
    assert (
        totals.receipt.text()
        .replace("\xa0", " ")
        .startswith(_("Now owes {owed} · {receipt}").split("{owed}")[0] + "Rp 30.000")
    )


def test_kasbon_beyond_the_limit_needs_the_owner(db: Database, selling: CounterDriver, shop: Shop) -> None:
    from pos.ledger.people.customers import edit_customer

    with db.write() as s:
        edit_customer(s, shop.customer, credit_limit=Money(20_000))
    done = sales(selling)
    selling.key(F.Key_F4)
    picker = selling.active(CustomerPicker)
    answers: list[int] = []
    picker.finished.connect(answers.append)  # the picker is gone once its customer's prices are read
    selling.type("budi", enter=True)  # the first Enter asks for the answer to what is typed, the second takes it
    selling.idle()
    selling.key(F.Key_Return)
    selling.idle()
    assert answers == [1]
    ring(selling, shop.codes[5])  # Rp 30.000, Rp 10.000 above his limit
    selling.key(F.Key_F4)
    selling.key(F.Key_Return)
    selling.idle()
    approval = selling.active(PinDialog)
    assert approval.message.text() == _(
        "{name} would owe {owed}, above the credit limit of {limit}. The owner must approve."
    ).format(name="Pak Budi", owed="Rp 30.000", limit="Rp 20.000")
    selling.type(OWNER_PIN, enter=True)
    selling.idle()
    assert applied(done[-1]) == [("kasbon", 30_000, "", "")]
    assert selling.at_scan_field()


def test_rounding_applies_to_cash_only(db: Database, shop: Shop, driver: CounterDriver) -> None:
    from pos.ledger.stock import product_records

    with db.write() as s:
        settings.put(s, "rounding.increment", 100)
        product_records.add_product(s, "Permen", Money(1_250), barcodes=[product_records.BarcodeSpec("CANDY1")])
        open_shift(s, shop.cashier, Money(0))
    driver.log_in("2", CASHIER_PIN)
    done = sales(driver)
    dialog = ring(driver, "3*CANDY1")  # Rp 3.750
    assert dialog.due.text() == "Rp 3.700"
    assert dialog.exact_note.text() == _("Rounded from {exact}").format(exact="Rp 3.750")
    driver.key(F.Key_F9)
    assert dialog.qris_label.text() == _("QRIS {amount}").format(amount="Rp 3.750")  # QRIS is never rounded
    driver.key(F.Key_Escape)
    driver.key(F.Key_F5)
    driver.idle()
    assert done[-1].total == 3_700 and done[-1].settlement.rounding == -50
    with db.read() as s:
        assert shift_report(s).rounding == -50 and check_books(s).ok


def test_ppn_shows_dpp_and_ppn(db: Database, shop: Shop, driver: CounterDriver) -> None:
    with db.write() as s:
        settings.put(s, "ppn.mode", "exclusive")
        open_shift(s, shop.cashier, Money(0))
    driver.log_in("2", CASHIER_PIN)
    driver.scan(shop.codes[9 - 9])
    driver.idle()
    totals = driver.checkout.totals
    assert totals.total.text() == "Rp 5.550"  # 11% on top
    assert totals._rows["ppn"][1].text() == "Rp 550" and totals._rows["ppn"][1].isVisible()
    assert totals._rows["dpp"][1].isVisible()


def test_credit_the_customer_keeps_pays_at_the_counter(
    db: Database, selling: CounterDriver, shop: Shop, qtbot: Any
) -> None:
    # Pak Budi cancelled an order and kept its Rp 20.000 down payment with the shop.
    with db.write() as s:
        cart = Cart(customer_id=shop.customer)
        cart.add(line_for_scan(s, shop.codes[0], DEFAULT_FORMATS))
        order = new_order(s, shop.owner, cart, deposit=Money(20_000))
        cancel_order(s, shop.owner, order.id, deposit="credit")
    done = sales(selling)
    dialog = ring(selling, shop.codes[5])  # Rp 30.000
    assert dialog.cash_page.credit_button.isHidden()  # no customer chosen: nothing to offer
    selling.key(F.Key_F4)
    picker = selling.active(CustomerPicker)
    qtbot.waitUntil(lambda: bool(picker.model.rows))
    selling.key(F.Key_Return)
    selling.active(PaymentDialog)
    dialog.back_to_cash()
    button = dialog.cash_page.credit_button
    assert not button.isHidden() and button.text() == _("{method} ({amount})").format(
        method=_("Customer's credit"), amount="Rp 20.000"
    )
    button.click()  # the Rp 20.000 it covers; the rest in cash
    assert not button.isEnabled()
    dialog.add_cash(10_000)
    selling.key(F.Key_F12)
    selling.idle()
    assert sorted(applied(done[-1])) == [("cash", 10_000, "", ""), ("credit", 20_000, "", "")]
    with db.read() as s:
        assert customer_credit(s, shop.customer) == Money(0)
        assert check_books(s).ok

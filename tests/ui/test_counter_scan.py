"""Scanning at the counter: one line per scan whatever the scanner does, clear refusals, search, editing."""

from __future__ import annotations

from typing import Any

import pytest
from counter_support import SUGAR_PLU, CounterDriver, Shop, weighed_label
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from shop_support import CASHIER_PIN

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.counter.shifts import open_shift
from pos.ledger.stock.barcodes import ean13_with_check
from pos.ui.counter.payment import PaymentDialog
from pos.ui.widgets.scanner import BURST_GAP_S, DOUBLE_READ_S

F = Qt.Key


@pytest.fixture
def selling(db: Database, shop: Shop, driver: CounterDriver) -> CounterDriver:
    """Dewi logged in with the shift open, the scan field in hand."""
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
    driver.log_in("2", CASHIER_PIN)
    assert driver.screen.currentWidget() is driver.checkout
    assert driver.at_scan_field()
    return driver


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_double_read_is_dropped_but_a_real_second_scan_counts(selling: CounterDriver, shop: Shop) -> None:
    clock = FakeClock()
    field = selling.checkout.scan_field
    field.clock = clock
    a, b = shop.codes[:2]
    selling.scan(a)
    selling.scan(a)  # the scanner read the same label twice at once
    selling.idle()
    assert selling.cart() == [("Barang 1", "1")]
    clock.now += DOUBLE_READ_S + 0.01  # the cashier scans the second packet
    selling.scan(a)
    selling.scan(b)  # a different code right after is never held back,
    selling.scan(a)  # nor the first one again after it
    selling.idle()
    assert selling.cart() == [("Barang 1", "3"), ("Barang 2", "1")]


def test_crlf_and_held_enter_add_nothing_more(selling: CounterDriver, shop: Shop, qtbot: Any) -> None:
    field = selling.checkout.scan_field
    qtbot.keyClicks(field, shop.codes[0])
    qtbot.keyClick(field, F.Key_Return)
    qtbot.keyClick(field, F.Key_Enter)  # the scanner's second terminator finds the field empty
    selling.idle()
    assert selling.cart() == [("Barang 1", "1")]
    assert selling.checkout.status.styleSheet() != "" and not field.is_flashing()


def test_a_burst_of_scans_gives_one_line_each_in_order(selling: CounterDriver, shop: Shop) -> None:
    rows: list[int] = []
    selling.checkout.model.rowsInserted.connect(lambda _p, first, _l: rows.append(first))
    for n in (0, 1, 2, 3, 4, 5):
        selling.scan(shop.codes[n])
    selling.idle()
    assert [name for name, _qty in selling.cart()] == [f"Barang {n}" for n in range(1, 7)]
    assert rows == list(range(6))
    assert selling.checkout.totals.total.text() == "Rp 105.000"


def test_quantity_prefix_weighed_and_priced_labels(selling: CounterDriver, shop: Shop) -> None:
    selling.scan(f"3*{shop.codes[0]}")
    selling.scan(weighed_label(SUGAR_PLU, 1250))
    selling.scan(ean13_with_check(f"25{SUGAR_PLU}08000"))  # a priced label: Rp 8.000 of sugar
    selling.idle()
    assert selling.cart() == [("Barang 1", "3"), ("Gula pasir curah", "1,25 kg"), ("Gula pasir curah", "0,5 kg")]
    assert selling.checkout.totals.total.text() == "Rp 43.000"  # 15.000 + 20.000 + 8.000


def test_an_unknown_barcode_beeps_and_keeps_the_cart(
    selling: CounterDriver, shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(1))
    selling.scan(shop.codes[0])
    unknown = ean13_with_check("899999999999")
    selling.scan(unknown)
    selling.idle()
    checkout = selling.checkout
    assert beeps == [1]
    assert checkout.scan_field.is_flashing()
    assert checkout.status.text() == _("Barcode {code} is not in the product list.").format(code=unknown)
    assert selling.cart() == [("Barang 1", "1")]
    selling.scan(shop.codes[0][:-1] + str((int(shop.codes[0][-1]) + 1) % 10))  # a mis-read check digit
    selling.idle()
    assert checkout.status.text() == _("The barcode was not read correctly; scan it again.")
    assert beeps == [1, 1] and selling.cart() == [("Barang 1", "1")]
    assert selling.at_scan_field()


def test_words_typed_into_the_scan_field_open_the_search(selling: CounterDriver) -> None:
    selling.scan("barang 4")
    selling.idle()
    search = selling.checkout.search
    assert search.isVisible() and search.field.text() == "barang 4"
    assert selling.focus() is search.field


def test_search_as_you_type_adds_the_chosen_product(selling: CounterDriver, qtbot: Any) -> None:
    checkout = selling.checkout
    selling.key(F.Key_F2)
    search = checkout.search
    assert search.isVisible() and selling.focus() is search.field
    selling.type("baran")
    qtbot.waitUntil(lambda: search.shown_for == "baran")
    assert search.queries == 1  # five keys, one query: the timer waits for a pause
    assert len(search.model.rows) == 6
    selling.type("g 5")
    qtbot.waitUntil(lambda: search.shown_for == "barang 5")
    assert [r.name for r in search.model.rows] == ["Barang 5"]
    selling.key(F.Key_Return)
    selling.idle()
    assert not search.isVisible()
    assert selling.cart() == [("Barang 5", "1")]
    assert selling.at_scan_field()


def test_search_goes_down_the_list_and_escape_closes(selling: CounterDriver, qtbot: Any) -> None:
    selling.key(F.Key_F2)
    search = selling.checkout.search
    selling.type("barang")
    qtbot.waitUntil(lambda: search.shown_for == "barang")
    selling.key(F.Key_Down)
    selling.key(F.Key_Down)
    selling.key(F.Key_Return)
    selling.idle()
    assert selling.cart() == [("Barang 3", "1")]
    selling.key(F.Key_F2)
    selling.key(F.Key_Escape)
    assert not search.isVisible() and selling.at_scan_field()


def test_a_scan_into_the_search_box_is_a_scan(selling: CounterDriver, shop: Shop) -> None:
    selling.key(F.Key_F2)
    selling.scan(shop.codes[1])
    selling.idle()
    assert selling.cart() == [("Barang 2", "1")]
    assert not selling.checkout.search.isVisible() and selling.at_scan_field()


def test_a_scan_into_a_quantity_being_edited_goes_to_the_cart(selling: CounterDriver, shop: Shop) -> None:
    selling.scan(shop.codes[0])
    selling.idle()
    selling.key(F.Key_F3)
    editor = selling.focus()
    assert isinstance(editor, QLineEdit) and editor.objectName() == "cartEditor"
    selling.scan(shop.codes[1])  # the scanner types into the quantity cell
    selling.idle()
    assert selling.cart() == [("Barang 1", "1"), ("Barang 2", "1")]
    assert selling.at_scan_field()


def test_editing_refusals_come_from_the_core(selling: CounterDriver, shop: Shop) -> None:
    checkout = selling.checkout
    selling.scan(shop.codes[0])
    selling.idle()
    selling.key(F.Key_F3)
    selling.type("1,5", enter=True)
    selling.idle()
    assert checkout.status.text() == _("{name} is sold in whole pieces.").format(name="Barang 1")
    assert selling.cart() == [("Barang 1", "1")]
    selling.key(F.Key_F6)
    selling.type("6.000", enter=True)  # more than the line
    selling.idle()
    assert checkout.status.text() == _("The discount is larger than the amount it applies to.")
    selling.key(F.Key_F6)
    selling.type("10%", enter=True)
    selling.idle()
    model = checkout.model
    assert model.index(0, model.DISCOUNT).data() == "10%"
    assert checkout.totals.total.text() == "Rp 4.500"
    assert selling.at_scan_field()


def test_delete_takes_the_chosen_line_off(selling: CounterDriver, shop: Shop) -> None:
    for n in range(3):
        selling.scan(shop.codes[n])
    selling.idle()
    selling.key(F.Key_Up)
    selling.key(F.Key_Delete)
    assert [name for name, _q in selling.cart()] == ["Barang 1", "Barang 3"]


def test_pay_waits_for_scans_still_being_looked_up(selling: CounterDriver, shop: Shop) -> None:
    for n in range(4):
        selling.scan(shop.codes[n])
    selling.key(F.Key_F12)  # at once, before the worker has answered
    dialog = selling.active(PaymentDialog)
    assert dialog.exact_due == 50_000
    assert len(dialog.cart.lines) == 4


def test_a_scan_during_payment_is_not_taken_as_money(
    selling: CounterDriver, shop: Shop, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(1))
    selling.scan(shop.codes[0])
    selling.idle()
    selling.key(F.Key_F12)
    dialog = selling.active(PaymentDialog)
    selling.type("5")
    qtbot.wait(int(BURST_GAP_S * 1000) + 20)  # a person's key, then a pause before the scanner fires
    selling.scan(shop.codes[1])  # lands in the cash field
    assert dialog.amount.text() == "5" and dialog.payments == []
    assert beeps == [1]
    selling.key(F.Key_F9)
    selling.scan(shop.codes[1])  # with the QR up, a scan must not press "Paid"
    assert dialog.payments == [] and beeps == [1, 1]
    selling.key(F.Key_Escape)  # back from the QR
    selling.key(F.Key_Escape)  # close the payment
    selling.idle()
    assert selling.cart() == [("Barang 1", "1")]

"""What a cashier types that deserves a second look, and messages that do not outstay the next success."""

from __future__ import annotations

from typing import Any

import pytest
from counter_support import CounterDriver, Shop
from fit_support import problems
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from shop_support import CASHIER_PIN

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.counter.shifts import open_shift
from pos.ui.counter.cart_model import CartModel
from pos.ui.widgets.style import ERROR_TEXT

F = Qt.Key


@pytest.fixture
def selling(db: Database, shop: Shop, driver: CounterDriver) -> CounterDriver:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
    driver.log_in("2", CASHIER_PIN)
    assert driver.at_scan_field()
    return driver


def _question(driver: CounterDriver) -> QMessageBox:
    driver.idle()
    box = driver.checkout.dialog
    assert isinstance(box, QMessageBox), "the cashier was not asked"
    return box


def test_a_quantity_far_beyond_the_bound_is_asked_and_no_is_the_default(selling: CounterDriver, shop: Shop) -> None:
    checkout = selling.checkout
    selling.scan(f"99999999*{shop.codes[0]}")
    box = _question(selling)
    assert "99.999.999" in box.text() and box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    assert [b.text() for b in box.buttons()] != ["&Yes", "&No"]  # in Indonesian
    selling.key(F.Key_Return)  # a slip of the finger: Enter answers No
    selling.idle()
    assert selling.cart() == []
    assert checkout.status.text() == _("{name} was not added.").format(name="Barang 1")

    selling.scan(f"150*{shop.codes[0]}")  # a real wholesale sale, confirmed
    box = _question(selling)
    box.button(QMessageBox.StandardButton.Yes).click()
    selling.idle()
    assert selling.cart() == [("Barang 1", "150")]
    assert problems(selling.window) == []  # the total fits, whole


def test_a_quantity_typed_into_a_line_is_asked_too(selling: CounterDriver, shop: Shop) -> None:
    checkout = selling.checkout
    selling.scan(shop.codes[0])
    selling.idle()
    index = checkout.model.index(0, CartModel.QTY)
    assert not checkout.model.setData(index, "5000")  # through the checkout, which asks first
    box = _question(selling)
    box.button(QMessageBox.StandardButton.No).click()
    selling.idle()
    assert selling.cart() == [("Barang 1", "1")]
    checkout.model.setData(index, "7")  # ordinary: set at once, no question
    selling.idle()
    assert checkout.dialog is None and selling.cart() == [("Barang 1", "7")]


def test_an_error_goes_with_the_next_thing_that_works(selling: CounterDriver, shop: Shop, qtbot: Any) -> None:
    checkout = selling.checkout
    selling.scan(shop.codes[0])
    selling.idle()
    checkout.model.setData(checkout.model.index(0, CartModel.DISCOUNT), "banyak")
    assert checkout.status.styleSheet() == ERROR_TEXT
    checkout.model.setData(checkout.model.index(0, CartModel.DISCOUNT), "500")
    selling.idle()
    assert checkout.status.styleSheet() != ERROR_TEXT or checkout.status.text() == ""

    window = selling.window
    window.show_error("Printer mati")
    assert window.statusBar().currentMessage() == "Printer mati"
    selling.scan(shop.codes[1])  # a scan works: the old error goes
    selling.idle()
    assert window.statusBar().currentMessage() == ""

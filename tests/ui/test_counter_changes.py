"""What the counter's writes tell the other screens: each names the kinds of data it changed, once it committed,
and a write the core refuses tells nothing."""

from __future__ import annotations

from counter_support import CounterDriver, Shop
from PySide6.QtCore import Qt
from shop_support import CASHIER_PIN

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.counter.shifts import open_shift
from pos.ui.changes import Change, Changes
from pos.ui.counter.held import HoldDialog
from pos.ui.counter.payment import PaymentDialog

F = Qt.Key


def test_a_sale_and_a_held_cart_say_what_they_changed(db: Database, shop: Shop, driver: CounterDriver) -> None:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
    driver.log_in("2", CASHIER_PIN)
    heard: list[Changes] = []
    driver.tasks.changed.connect(heard.append)

    driver.scan(shop.codes[5])  # Rp 30.000
    driver.idle()
    driver.key(F.Key_F12)
    driver.active(PaymentDialog)
    driver.type("20000", enter=True)
    driver.key(F.Key_F12)  # not enough: the core refuses, nothing changed
    driver.idle()
    assert heard == []
    driver.key(F.Key_F5)  # the rest in exact money
    driver.idle()
    # No customer, at the counter: the customers', prices' and channels' screens have nothing new to show.
    assert heard == [frozenset({Change.SALES, Change.STOCK, Change.MONEY, Change.SHIFTS, Change.PRINTING})]

    heard.clear()
    driver.scan(shop.codes[4])
    driver.idle()
    driver.key(F.Key_F8)
    driver.active(HoldDialog)
    driver.type("Bu Ani", enter=True)
    driver.idle()
    assert heard == [frozenset({Change.SALES})]

"""Start of the day and end of a session: who logs in, the core's PIN refusals, opening the shift, logging out."""

from __future__ import annotations

from counter_support import CounterDriver, Shop
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from shop_support import CASHIER_PIN, OWNER_PIN

from pos import i18n
from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.counter.shifts import current_shift, open_shift
from pos.ledger.people.users import MAX_ATTEMPTS

F = Qt.Key


def test_log_in_and_open_the_shift_with_a_float(db: Database, shop: Shop, driver: CounterDriver) -> None:
    login = driver.screen.login
    driver.log_in("2", "9999")
    assert login.error.text() == _("Wrong PIN.")
    assert login.pad.pin() == "" and driver.focus() is login.pad.field
    driver.type(CASHIER_PIN, enter=True)
    driver.idle()
    page = driver.screen.open_shift
    assert driver.screen.currentWidget() is page
    assert page.greeting.text() == _("Good day, {name}").format(name="Dewi")
    assert driver.focus() is page.float_field
    driver.type("150.000", enter=True)
    driver.idle()
    assert driver.screen.currentWidget() is driver.checkout and driver.at_scan_field()
    with db.read() as s:
        shift = current_shift(s)
    assert shift is not None and shift.opening_float == 150_000 and shift.opened_by == shop.cashier.user_id
    assert "Dewi" in driver.checkout.who.text()


def test_a_locked_out_cashier_reads_the_cores_message(shop: Shop, driver: CounterDriver) -> None:
    login = driver.screen.login
    driver.log_in("2", "0000")
    for _n in range(MAX_ATTEMPTS - 1):
        driver.type("0000", enter=True)
        driver.idle()
    driver.type(CASHIER_PIN, enter=True)
    driver.idle()
    until = _("{name} is locked out after too many wrong PINs, until {time}.").split("{time}")[0]
    assert login.error.text().startswith(until.format(name="Dewi"))
    assert driver.screen.currentWidget() is login
    driver.key(F.Key_Escape)  # someone else
    assert login.user is None


def test_the_books_tab_is_the_owners(db: Database, shop: Shop, driver: CounterDriver) -> None:
    window = driver.window
    with db.write() as s:
        open_shift(s, shop.owner, Money(0))
    assert not window.tabs.isTabVisible(window.books_tab)
    driver.log_in("1", OWNER_PIN)
    assert driver.screen.currentWidget() is driver.checkout  # the shift is open: straight to selling
    assert window.tabs.isTabVisible(window.books_tab)
    assert window.tabs.tabText(window.books_tab) == _("Books")
    assert window.status is None  # not read at start: the check can take long on a big shop
    window.tabs.setCurrentIndex(window.books_tab)
    driver.idle()
    assert window.books_status.text() == _("The books are in order.")
    window.tabs.setCurrentIndex(window.counter_tab)
    assert driver.at_scan_field()
    driver.checkout.log_out_button.click()
    driver.idle()
    assert driver.screen.currentWidget() is driver.screen.login
    assert not window.tabs.isTabVisible(window.books_tab)
    driver.log_in("2", CASHIER_PIN)
    assert not window.tabs.isTabVisible(window.books_tab)


def test_the_owner_reaches_every_screen_and_a_cashier_none(db: Database, shop: Shop, driver: CounterDriver) -> None:
    window = driver.window
    with db.write() as s:
        open_shift(s, shop.owner, Money(0))
    driver.log_in("1", OWNER_PIN)
    titles = [window.tabs.tabText(i) for i in window.owner_tabs]
    assert sorted(titles) == sorted(
        [
            _("Today"),
            _("Products"),
            _("Customers"),
            _("Orders"),
            _("Outreach"),
            _("Channels"),
            _("Prices"),
            _("Money"),
            _("Reports"),
            _("Settings"),
            _("Books"),
        ]
    )
    for index, screen in window.owner_screens.items():
        assert window.tabs.isTabVisible(index)
        assert screen.actor == shop.owner  # type: ignore[attr-defined]
        window.tabs.setCurrentIndex(index)
        driver.idle()
        assert window.tabs.currentWidget() is screen
    assert window.products.model.rowCount() == 7  # the shop's six products and loose sugar
    window.tabs.setCurrentIndex(window.counter_tab)
    driver.checkout.log_out_button.click()
    driver.idle()
    assert all(screen.actor is None for screen in window.owner_screens.values())  # type: ignore[attr-defined]
    driver.log_in("2", CASHIER_PIN)
    assert not any(window.tabs.isTabVisible(i) for i in window.owner_tabs)
    assert all(screen.actor is None for screen in window.owner_screens.values())  # type: ignore[attr-defined]


def test_escape_empties_the_cart_after_asking_and_only_an_empty_counter_logs_out(
    db: Database, shop: Shop, driver: CounterDriver
) -> None:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(0))
    driver.log_in("2", CASHIER_PIN)
    checkout = driver.checkout
    driver.scan(shop.codes[0])
    driver.idle()
    checkout.log_out_button.click()
    assert checkout.status.text() == _("Hold or finish the sale in the cart before logging out.")
    assert driver.screen.currentWidget() is checkout
    driver.key(F.Key_Escape)
    box = driver.active(QMessageBox)
    driver.key(F.Key_Escape)  # "no": the cart stays
    driver.idle()
    assert checkout.model.rowCount() == 1
    driver.key(F.Key_Escape)
    box = driver.active(QMessageBox)
    assert box.text() == _("Cancel this sale and empty the cart?")
    driver.key(F.Key_Return)  # "yes"
    driver.idle()
    assert checkout.model.rowCount() == 0 and driver.at_scan_field()
    checkout.log_out_button.click()
    driver.idle()
    assert driver.screen.currentWidget() is driver.screen.login


def test_the_counter_speaks_the_shops_language(shop: Shop, tasks: object, qtbot: object) -> None:
    from pos.ui.main_window import MainWindow

    i18n.set_language("en")
    window = MainWindow(tasks)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    assert window.tabs.tabText(window.counter_tab) == "Counter"
    assert window.counter.checkout.pay_button.text() == "F12  Pay"
    i18n.set_language("id")
    window_id = MainWindow(tasks)  # type: ignore[arg-type]
    qtbot.addWidget(window_id)  # type: ignore[attr-defined]
    assert window_id.counter.checkout.more_buttons[_("Cash in")].text() == "Ctrl+3\nKas masuk"

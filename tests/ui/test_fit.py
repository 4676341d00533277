"""Every screen, tab and dialog fits the screens of Indonesian shops, with no text cut off (see fit_support).

The window is sized to what a maximised window gets on each screen, the owner of the demo warung logs in and
visits every tab (and every tab and section inside one); then each dialog is opened over it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from counter_support import CounterDriver
from fit_support import ALL_SCREENS, Screen, problems, too_big
from options_support import weaver_and_cafe
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from sqlalchemy import func, select
from tests_support import copy_db

from pos.demo.shop import build_demo_shop
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import list_customers
from pos.ledger.people.users import list_users
from pos.ledger.schema import Product, Sale
from pos.ledger.selling.orders import cancel_order, new_order
from pos.ledger.shop.opening import init_shop, open_database
from pos.ledger.stock.product_records import get_product
from pos.ui.app import make_application
from pos.ui.counter.payment import PaymentDialog
from pos.ui.counter.returns import ReturnDialog
from pos.ui.main_window import MainWindow
from pos.ui.setup.wizard import SetupWizard
from pos.ui.tasks import TaskManager

TODAY = dt.date(2026, 11, 23)
OWNER_PIN = "1234"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "laci.sqlite3"
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Toko Saya")
    build_demo_shop(db, products=60, days=14, seed=3, today=TODAY)
    with db.write() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
        open_shift(s, Actor(owner.id, owner.name, "owner"), Money(300_000))
    db.dispose()
    return path


@pytest.fixture
def owner_window(
    demo_template: Path, tmp_path: Path, qapp: Any, qtbot: Any
) -> Iterator[tuple[MainWindow, CounterDriver]]:
    make_application()  # the app's own type size
    db: Database = copy_db(demo_template, tmp_path / "shop")
    tasks = TaskManager(db)
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    driver = CounterDriver(window, tasks, qtbot)
    driver.log_in("1", OWNER_PIN)
    yield window, driver
    window.close()
    tasks.shutdown()
    db.dispose()


def _sized(window: QWidget, screen: Screen, driver: CounterDriver) -> None:
    window.resize(screen.window_area)
    driver.idle()


def _inner_tabs(widget: QWidget) -> list[QTabWidget]:
    return [tabs for tabs in widget.findChildren(QTabWidget) if tabs.isVisibleTo(widget)]


def _visit(window: MainWindow, driver: CounterDriver, screen: Screen) -> list[str]:
    found: list[str] = []

    def look(where: str) -> None:
        driver.idle()
        QApplication.processEvents()
        big = too_big(window, screen.window_area)
        if big:
            found.append(f"{screen} {where}: {big}")
        found.extend(f"{screen} {where}: {p}" for p in problems(window))

    for index in range(window.tabs.count()):
        if not window.tabs.isTabVisible(index):
            continue
        window.tabs.setCurrentIndex(index)
        name = window.tabs.tabText(index)
        look(name)
        page = window.tabs.widget(index)
        for inner in _inner_tabs(page):
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                look(f"{name} / {inner.tabText(sub)}")
        if page is window.settings:
            for row in range(window.settings.list.count()):
                window.settings.list.setCurrentRow(row)
                look(f"{name} / {window.settings.list.item(row).text()}")
    return found


@pytest.mark.parametrize("screen", ALL_SCREENS, ids=str)
def test_every_tab_fits(screen: Screen, owner_window: tuple[MainWindow, CounterDriver]) -> None:
    window, driver = owner_window
    _sized(window, screen, driver)
    found = _visit(window, driver, screen)
    # Having seen every tab, the window still comes down to the screen: no tab's size stays behind.
    window.tabs.setCurrentIndex(window.counter_tab)
    driver.idle()
    big = too_big(window, screen.window_area)
    if big:
        found.append(f"{screen} after every tab: {big}")
    assert not found, "\n".join(found)


# --- the dialogs ------------------------------------------------------------------------------------------------


def _an_order(window: MainWindow) -> None:
    """One WhatsApp order of the demo warung's first product, so the order dialogs have something to open."""
    db = window.tasks.db
    with db.write() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
        customer = list_customers(s)[0]
        first = s.execute(select(Product).order_by(Product.name).limit(1)).scalar_one()
        cart = Cart(customer_id=customer.id)
        cart.add(line_for_product(get_product(s, first.id), Qty.units(2)))
        new_order(s, Actor(owner.id, owner.name, "owner"), cart, deposit=Money(0), address="Jl. Mawar 3")


def _last_receipt(window: MainWindow) -> str:
    with window.tasks.db.read() as s:
        return str(s.execute(select(Sale.receipt_no).order_by(Sale.created_at.desc()).limit(1)).scalar_one())


def _counter_dialogs(window: MainWindow, driver: CounterDriver) -> Iterator[tuple[str, QWidget]]:
    checkout = window.counter.checkout
    window.tabs.setCurrentIndex(window.counter_tab)
    driver.idle()

    def opened(name: str, action: Callable[[], object]) -> Iterator[tuple[str, QWidget]]:
        action()
        driver.idle()
        dialog = checkout.dialog
        assert dialog is not None, name
        yield name, dialog
        dialog.reject()
        driver.idle()

    yield from opened(_("Help"), checkout.errands.show_help)
    yield from opened(_("Customer"), checkout.choose_customer)
    yield from opened(_("Recall"), checkout.recall)
    yield from opened(_("Cash in"), lambda: checkout.errands.open_cash("in"))
    yield from opened(_("Cash out"), lambda: checkout.errands.open_cash("out"))
    yield from opened(_("Open drawer"), checkout.errands.open_drawer)
    yield from opened(_("Shift report"), checkout.errands.open_x_report)
    yield from opened(_("Close shift"), checkout.errands.open_close_shift)
    yield from opened(_("Void"), checkout.errands.open_void)
    with window.tasks.db.read() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
    menu = weaver_and_cafe(window.tasks.db, Actor(owner.id, owner.name, "owner"))
    yield from opened(_("Choose a variant"), lambda: checkout.add_product(menu.masker))
    yield from opened(_("Add-ons"), lambda: checkout.add_product(menu.kopi))
    checkout.last_sale = None
    returns = checkout.errands
    returns.open_return()
    driver.idle()
    dialog = checkout.dialog
    assert isinstance(dialog, ReturnDialog)
    dialog.receipt.setText(_last_receipt(window))
    dialog.find_sale()
    driver.idle()
    yield _("Return"), dialog
    dialog.reject()
    driver.idle()
    # A cart with the longest names the demo sells, then every page of the payment.
    with window.tasks.db.read() as s:
        names = s.execute(select(Product.name).order_by(func.length(Product.name).desc()).limit(3)).scalars().all()
    for name in names:
        checkout.open_search(name)
        driver.idle()
        yield _("Search"), window
        checkout.search._enter()
        driver.idle()
    checkout.pay()
    driver.idle()
    payment = checkout.dialog
    assert isinstance(payment, PaymentDialog)
    yield _("Payment"), payment
    for page, start in (
        ("QRIS", payment.start_qris),
        (_("Bank transfer"), lambda: payment.start_reference("transfer")),
        (_("E-wallet"), lambda: payment.start_reference("ewallet")),
    ):
        start()
        driver.idle()
        yield f"{_('Payment')} / {page}", payment
        payment.back_to_cash()
    payment.start_kasbon()
    driver.idle()
    if payment.picker is not None:
        yield f"{_('Payment')} / {_('Customer')}", payment.picker
        payment.picker.reject()
        driver.idle()
    yield f"{_('Payment')} / {_('Kasbon')}", payment
    payment.back_to_cash()
    payment.reject()
    driver.idle()
    yield from opened(_("Hold"), checkout.hold)
    checkout.channels.choose()
    driver.idle()
    yield _("Channel"), checkout.dialog or window
    if checkout.dialog is not None:
        checkout.dialog.reject()
        driver.idle()
    checkout.cancel_sale()
    driver.idle()
    box = checkout.dialog
    assert box is not None
    yield _("Cancel the sale"), box
    box.reject()
    driver.idle()


def _owner_dialogs(window: MainWindow, driver: CounterDriver) -> Iterator[tuple[str, QWidget]]:
    products = window.products
    window.tabs.setCurrentWidget(products)
    driver.idle()
    products.table.selectRow(0)
    driver.idle()
    for name, open_it in (
        (_("New product"), products.add_product),
        (_("Edit"), products.edit_selected),
        (_("Receive goods"), products.receive_goods),
        (_("Adjust stock"), products.adjust_stock),
        (_("Stock take"), products.stock_take),
        (_("Import…"), products.import_products),
    ):
        dialog = open_it()
        driver.idle()
        assert dialog is not None, name
        yield name, dialog
        dialog.reject()
        driver.idle()
    customers = window.customers
    window.tabs.setCurrentWidget(customers)
    driver.idle()
    customers.add_customer()
    driver.idle()
    yield _("New customer"), customers.dialog
    customers.dialog.reject()
    window.tabs.setCurrentWidget(window.money)
    driver.idle()
    suppliers = window.money.suppliers
    suppliers.add_supplier()
    driver.idle()
    yield _("Add supplier"), suppliers.dialog
    suppliers.dialog.reject()
    channels = window.channels
    window.tabs.setCurrentWidget(channels)
    driver.idle()
    channels.add_channel()
    driver.idle()
    yield _("Add channel"), channels.dialog
    channels.dialog.reject()
    _an_order(window)
    orders = window.orders
    window.tabs.setCurrentWidget(orders)
    driver.idle()
    orders.new_order()
    driver.idle()
    yield _("New order"), orders.dialog
    orders.dialog.reject()
    driver.idle()
    cards = [card for column in orders.columns for card in column.cards]
    assert cards, "the order made for the test is on the board"
    orders.select_order(cards[0].order.id)
    driver.idle()
    for name, open_it in ((_("Complete…"), orders.complete), (_("Cancel"), orders.cancel)):
        open_it()
        driver.idle()
        yield name, orders.dialog
        orders.dialog.reject()
        driver.idle()
    wizard = SetupWizard(window.tasks, window)
    wizard.show()
    for step in wizard.path:
        wizard.go_to(step)
        driver.idle()
        yield f"{_('Set up Laci')} / {step.short}", wizard
    wizard.done_setup = True
    wizard.close()


def _fit_dialog(dialog: QWidget, screen: Screen) -> list[str]:
    area = screen.window_area
    found = [f"{screen}: {big}"] if (big := too_big(dialog, area)) else []
    if dialog.isWindow():
        dialog.resize(dialog.size().boundedTo(area).expandedTo(dialog.minimumSizeHint()))
    return found + [f"{screen}: {p}" for p in problems(dialog)]


@pytest.mark.parametrize("screen", ALL_SCREENS, ids=str)
def test_every_dialog_fits(screen: Screen, owner_window: tuple[MainWindow, CounterDriver]) -> None:
    window, driver = owner_window
    _sized(window, screen, driver)
    found: list[str] = []
    seen = 0
    for source in (_counter_dialogs, _owner_dialogs):
        for name, dialog in source(window, driver):
            seen += 1
            QApplication.processEvents()
            found.extend(f"{name}: {p}" for p in _fit_dialog(dialog, screen))
    assert seen >= 35
    assert not found, "\n".join(found)


@pytest.mark.parametrize("screen", ALL_SCREENS, ids=str)
def test_a_customer_with_credit_kept_fits(screen: Screen, owner_window: tuple[MainWindow, CounterDriver]) -> None:
    # A cancelled order's down payment kept as credit: the titipan column, figure and statement columns all show.
    window, driver = owner_window
    with window.tasks.db.write() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
        actor = Actor(owner.id, owner.name, "owner")
        customer = list_customers(s)[0]
        first = s.execute(select(Product).order_by(Product.name).limit(1)).scalar_one()
        cart = Cart(customer_id=customer.id)
        cart.add(line_for_product(get_product(s, first.id), Qty.units(3)))
        order = new_order(s, actor, cart, deposit=Money(first.price * 2))
        cancel_order(s, actor, order.id, deposit="credit")
    _sized(window, screen, driver)
    customers = window.customers
    window.tabs.setCurrentWidget(customers)
    customers.refresh()
    driver.idle()
    customers.select_customer(customer.id)
    driver.idle()
    QApplication.processEvents()
    assert customers.credit.text() == _("Credit kept {amount}").format(amount=fmt.rupiah(first.price * 2))
    assert not any(customers.ledger_view.isColumnHidden(c) for c in range(customers.ledger_model.columnCount()))
    big = too_big(window, screen.window_area)
    assert big is None, f"{screen}: {big}"
    assert not problems(window), "\n".join(problems(window))

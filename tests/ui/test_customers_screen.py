"""The owner's customers screen over the core: kasbon balances and ageing, a payment taken on the screen, refusals
that write nothing, the reminder copied and sent, and customers added and changed.

With LACI_SCREENSHOTS set to a folder, the screen on the demo warung is also saved there as `customers.png`.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from shop_support import Counter, sell
from sqlalchemy import func, select
from tests_support import copy_db

from pos.demo.shop import build_demo_shop
from pos.i18n import _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import account_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import close_shift, open_shift
from pos.ledger.people.customers import add_customer, get_customer, kasbon_balance
from pos.ledger.people.deposits import customer_credit
from pos.ledger.people.kasbon import kasbon_ageing, reminder
from pos.ledger.people.users import list_users
from pos.ledger.schema import JournalEntry, PartyPayment, Product, ProductBarcode
from pos.ledger.selling.orders import cancel_order, new_order
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ui.changes import Change, Changes
from pos.ui.customers import CustomersScreen
from pos.ui.customers.screen import CUSTOMER_COLUMNS
from pos.ui.money import MoneyScreen
from pos.ui.orders import OrdersScreen
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import ERROR_TEXT, OK_TEXT

OWES, CREDIT, BUCKET_31_60 = 3, 4, 6


def settle(tasks: TaskManager) -> None:
    """Wait for the worker and for the reads its answers start (a payment reads the list, the list the ledger)."""
    for _round in range(20):
        assert tasks.wait_idle(30), "the database worker did not finish"
        QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the worker busy")


def credit_sale(counter: Counter, customer: uuid.UUID, code: str, qty: int, amount: int, days_ago: int) -> None:
    """A sale on kasbon through the core, `days_ago` days back, in a shift of its own."""
    when = utc_now() - dt.timedelta(days=days_ago)
    with counter.db.write() as s:
        open_shift(s, counter.cashier, Money(0), at=when)
    sell(counter, counter.cashier, [(code, qty)], [Payment("kasbon", Money(amount))], at=when, customer_id=customer)
    with counter.db.write() as s:
        close_shift(s, counter.cashier, {}, at=when + dt.timedelta(minutes=5))


def written(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return (
            s.execute(select(func.count()).select_from(JournalEntry)).scalar_one(),
            s.execute(select(func.count()).select_from(PartyPayment)).scalar_one(),
        )


@pytest.fixture
def screen(qtbot: Any, tasks: TaskManager, shop: Any, db: Database) -> Iterator[CustomersScreen]:
    # Pak Budi (0812345678, limit Rp 500.000) took 4 x Barang 2 (Rp 10.000) on kasbon 40 days ago.
    credit_sale(Counter(db, shop.owner, shop.cashier, shop.codes), shop.customer, shop.codes[1], 4, 40_000, 40)
    made = CustomersScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    yield made


def test_a_kasbon_payment_taken_on_the_screen(
    screen: CustomersScreen, tasks: TaskManager, shop: Any, db: Database
) -> None:
    assert [r.name for r in screen.model.rows] == ["Pak Budi"]
    assert screen.model.text(0, OWES) == "Rp 40.000"
    assert screen.model.text(0, BUCKET_31_60) == "Rp 40.000"  # 40 days old
    assert screen.selected_id == shop.customer
    assert [(line.charge, line.owed) for line in screen.ledger_model.rows] == [(40_000, 40_000)]
    assert "Rp 40.000" in screen.owes.text()

    screen.payment.amount.setText("15.000")
    screen.payment.method.setCurrentIndex(screen.payment.method.findData("transfer"))
    screen.payment.note.setText("Transfer BRI")
    screen.payment.submit_button.click()
    settle(tasks)

    with db.read() as s:
        assert kasbon_balance(s, shop.customer) == Money(25_000)
        assert account_balance(s, accounts.BANK) == 15_000  # a transfer lands in the bank
        payment = s.execute(select(PartyPayment)).scalar_one()
        assert (payment.amount, payment.method, payment.note, payment.user_id) == (
            15_000,
            "transfer",
            "Transfer BRI",
            shop.owner.user_id,
        )
        assert check_books(s).ok
    assert screen.model.text(0, OWES) == "Rp 25.000"
    assert [(line.charge, line.payment, line.owed) for line in screen.ledger_model.rows] == [
        (40_000, 0, 40_000),
        (0, 15_000, 25_000),
    ]
    assert screen.payment.amount.text() == "" and screen.payment.note.text() == ""
    assert "Rp 15.000" in screen.payment.status.text() and screen.payment.status.styleSheet() == OK_TEXT
    assert "Rp 25.000" in screen.reminder.text.toPlainText()  # the reminder follows the balance

    # "All of it" settles the rest in cash.
    screen.payment.method.setCurrentIndex(screen.payment.method.findData("cash"))
    screen.payment.all_button.click()
    assert screen.payment.amount.text() == "25.000"
    screen.payment.submit_button.click()
    settle(tasks)
    with db.read() as s:
        assert kasbon_balance(s, shop.customer) == Money(0)
        assert check_books(s).ok
    assert screen.model.text(0, OWES) == "Rp 0"
    assert not screen.payment.isEnabled()  # nothing left to pay


@pytest.mark.parametrize(
    ("typed", "says"),
    [("50.000", "Rp 40.000"), ("abc", "abc"), ("0", ""), ("-5.000", ""), ("1.500,50", "1.500,50")],
)
def test_a_bad_or_too_large_payment_is_refused_and_writes_nothing(
    screen: CustomersScreen, tasks: TaskManager, shop: Any, db: Database, typed: str, says: str
) -> None:
    before = written(db)
    screen.payment.amount.setText(typed)
    screen.payment.submit_button.click()
    settle(tasks)
    assert screen.payment.status.styleSheet() == ERROR_TEXT
    assert screen.payment.status.text() and says in screen.payment.status.text()
    assert written(db) == before
    with db.read() as s:
        assert kasbon_balance(s, shop.customer) == Money(40_000)
    assert screen.payment.amount.text() == typed  # left for the owner to correct
    assert screen.model.text(0, OWES) == "Rp 40.000"


def test_a_payment_says_what_it_changed_and_the_money_screen_follows_without_being_told(
    screen: CustomersScreen, tasks: TaskManager, qtbot: Any
) -> None:
    heard: list[Changes] = []
    tasks.changed.connect(heard.append)
    money = MoneyScreen(tasks)
    qtbot.addWidget(money)
    money.resize(1280, 800)
    money.show()  # read when first looked at, as when its tab is chosen
    settle(tasks)
    assert "Rp 15.000" not in money.pills[accounts.BANK].text()
    orders = OrdersScreen(tasks)  # built and never looked at
    qtbot.addWidget(orders)
    screen.payment.amount.setText("50.000")  # the lie: more than Pak Budi owes
    screen.payment.submit_button.click()
    settle(tasks)
    assert heard == []  # refused: nothing changed, nothing said
    screen.payment.amount.setText("15.000")
    screen.payment.method.setCurrentIndex(screen.payment.method.findData("transfer"))
    screen.payment.submit_button.click()
    settle(tasks)
    assert heard == [frozenset({Change.CUSTOMERS, Change.MONEY, Change.SHIFTS})]
    assert "Rp 15.000" in money.pills[accounts.BANK].text()  # nobody called its refresh
    assert screen.model.text(0, OWES) == "Rp 25.000"
    assert orders.watch.stale and orders.view is None  # hidden: it reads when next shown, not before


def test_the_reminder_is_copied_and_sent_through_whatsapp(
    screen: CustomersScreen, tasks: TaskManager, shop: Any, db: Database
) -> None:
    opened: list[QUrl] = []
    screen.reminder.open_url = opened.append
    with db.read() as s:
        note = reminder(s, shop.customer)
    assert note.link is not None and note.link.startswith("https://wa.me/62812345678?text=")
    assert screen.reminder.text.toPlainText() == note.text

    QGuiApplication.clipboard().clear()
    screen.reminder.copy_button.click()
    assert QGuiApplication.clipboard().text() == note.text
    screen.reminder.whatsapp_button.click()
    assert opened == [QUrl(note.link)]

    # A customer without a phone number has nothing to open.
    with db.write() as s:
        add_customer(s, "Mbak Sari", credit_limit=Money(100_000))
    screen.refresh()
    settle(tasks)
    screen.view.selectRow([r.name for r in screen.model.rows].index("Mbak Sari"))
    settle(tasks)
    assert screen.detail is not None and screen.detail.info.name == "Mbak Sari"
    assert not screen.reminder.whatsapp_button.isEnabled()
    assert screen.reminder.status.isVisibleTo(screen) and screen.reminder.status.text()
    screen.reminder.whatsapp_button.click()
    assert len(opened) == 1


def test_search_and_adding_and_editing_a_customer(
    qtbot: Any, screen: CustomersScreen, tasks: TaskManager, db: Database
) -> None:
    screen.add_button.click()
    dialog = screen.dialog
    dialog.name.setText("Bu Ani")
    dialog.phone.setText("0857-1111-2222")
    dialog.credit_limit.setText("lima ratus")
    dialog.submit()
    settle(tasks)
    assert dialog.isVisible() and dialog.status.styleSheet() == ERROR_TEXT  # not an amount: nothing saved
    dialog.credit_limit.setText("250.000")
    dialog.submit()
    settle(tasks)
    assert not dialog.isVisible()
    ani = screen.selected_id
    assert ani is not None and screen.detail is not None and screen.detail.info.name == "Bu Ani"
    with db.read() as s:
        assert get_customer(s, ani).credit_limit == Money(250_000)
    assert sorted(r.name for r in screen.model.rows) == ["Bu Ani", "Pak Budi"]

    screen.edit_button.click()
    dialog = screen.dialog
    assert dialog.name.text() == "Bu Ani" and dialog.credit_limit.text() == "250.000"
    dialog.name.setText("")
    dialog.submit()
    settle(tasks)
    assert dialog.isVisible() and dialog.status.text()  # the core wants a name
    dialog.name.setText("Bu Ani Lestari")
    dialog.credit_limit.setText("300.000")
    dialog.submit()
    settle(tasks)
    with db.read() as s:
        info = get_customer(s, ani)
        assert (info.name, info.credit_limit) == ("Bu Ani Lestari", Money(300_000))
    assert screen.name.text() == "Bu Ani Lestari"

    qtbot.keyClicks(screen.search, "lestari")
    qtbot.waitUntil(lambda: screen.shown_for == "lestari", timeout=3000)
    settle(tasks)
    assert [r.name for r in screen.model.rows] == ["Bu Ani Lestari"]
    screen.search.setText("0812345")
    qtbot.waitUntil(lambda: screen.shown_for == "0812345", timeout=3000)
    assert [r.name for r in screen.model.rows] == ["Pak Budi"]


def test_nothing_is_booked_without_someone_logged_in(screen: CustomersScreen, shop: Any) -> None:
    screen.set_actor(None)
    assert not screen.payment.isEnabled() and not screen.add_button.isEnabled() and not screen.edit_button.isEnabled()
    screen.set_actor(shop.owner)
    assert screen.payment.isEnabled() and screen.add_button.isEnabled() and screen.edit_button.isEnabled()


def test_on_the_demo_warung_the_list_is_the_cores_ageing(
    qtbot: Any, qapp: Any, template_db: Path, tmp_path: Path
) -> None:
    db = copy_db(template_db, tmp_path / "demo")
    build_demo_shop(db, products=20, days=8, seed=3)
    with db.read() as s:
        people = list_users(s)
        code, price = s.execute(
            select(ProductBarcode.barcode, Product.price)
            .join(Product, Product.id == ProductBarcode.product_id)
            .where(
                ProductBarcode.pack_milli == 1000,
                Product.price % 500 == 0,
                Product.price <= 60_000,
                ~Product.is_weighed,
            )
            .order_by(Product.price.desc())
            .limit(1)
        ).one()
    owner = next(Actor(u.id, u.name, "owner") for u in people if u.role == "owner")
    cashier = next(Actor(u.id, u.name, "cashier") for u in people if u.role == "cashier")
    counter = Counter(db, owner, cashier, [code])
    # Older debts than eight days of trading make: a tab left for two and three months.
    with db.write() as s:
        joko = add_customer(s, "Pak Joko", phone="0813-2255-7788", credit_limit=Money(600_000))
    credit_sale(counter, joko, code, 3, 3 * price, 100)
    credit_sale(counter, joko, code, 2, 2 * price, 70)
    credit_sale(counter, joko, code, 1, price, 45)
    tasks = TaskManager(db)
    made = CustomersScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.set_actor(owner)
    made.refresh()
    settle(tasks)
    try:
        with db.read() as s:
            ageing = {a.name: a for a in kasbon_ageing(s)}
            assert check_books(s).ok
        shown = {r.name: r for r in made.model.rows if r.balance}
        assert set(shown) == set(ageing)
        for name, row in shown.items():
            assert row.buckets == ageing[name].buckets and row.balance == ageing[name].total
        assert ageing["Pak Joko"].buckets == (0, price, 2 * price, 3 * price)
        made.view.selectRow([r.name for r in made.model.rows].index("Pak Joko"))
        settle(tasks)
        assert made.detail is not None and len(made.detail.ledger) == 3
        # Every column heading fits: none is cut to an ellipsis at 1280 wide.
        header = made.view.horizontalHeader()
        for column, spec in enumerate(CUSTOMER_COLUMNS):
            title = made.model.headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title), spec.title
        if os.environ.get("LACI_SCREENSHOTS"):
            made.grab().save(str(Path(os.environ["LACI_SCREENSHOTS"]) / "customers.png"))
    finally:
        tasks.shutdown()
        db.dispose()


def test_credit_kept_from_an_order_shows_stops_the_reminder_and_pays_the_tab(
    screen: CustomersScreen, tasks: TaskManager, shop: Any, db: Database
) -> None:
    # Pak Budi's cancelled order left Rp 50.000 of his down payment with the shop: more than his Rp 40.000 tab.
    with db.write() as s:
        open_shift(s, shop.owner, Money(0))
        cart = Cart(customer_id=shop.customer)
        cart.add(line_for_scan(s, shop.codes[0], DEFAULT_FORMATS))
        order = new_order(s, shop.owner, cart, deposit=Money(50_000))
        cancel_order(s, shop.owner, order.id, deposit="credit")
    screen.refresh()
    settle(tasks)
    assert screen.model.text(0, OWES) == "Rp 40.000" and screen.model.text(0, CREDIT) == "Rp 50.000"
    assert screen.owes.text() == _("Owes {amount}").format(amount="Rp 40.000")
    assert screen.credit.text() == _("Credit kept {amount}").format(amount="Rp 50.000")
    kept = screen.ledger_model.rows[-1]
    assert (kept.kind, kept.owed, kept.credit) == ("order_credit", 40_000, 50_000)
    assert screen.ledger_model.text(len(screen.ledger_model.rows) - 1, 1) == f"{_('Turned into credit')} {order.number}"
    # No reminder to ask for money their credit covers; the box says what to do instead.
    assert screen.reminder.text.toPlainText() == "" and not screen.reminder.copy_button.isEnabled()
    assert "Rp 50.000" in screen.reminder.status.text()
    # Paid from the credit: "All of it" is the whole tab, as the credit covers it.
    screen.payment.method.setCurrentIndex(screen.payment.method.findData("credit"))
    screen.payment.all_button.click()
    assert screen.payment.amount.text() == "40.000"
    screen.payment.submit_button.click()
    settle(tasks)
    with db.read() as s:
        assert kasbon_balance(s, shop.customer) == Money(0)
        assert customer_credit(s, shop.customer) == Money(10_000)
        assert check_books(s).ok
    assert screen.model.text(0, OWES) == "Rp 0" and screen.model.text(0, CREDIT) == "Rp 10.000"
    assert screen.payment.status.styleSheet() == OK_TEXT

"""The owner's money screen over the core: an expense lands in the income statement, paying a supplier lowers Utang
usaha, capital, drawings and transfers move the right accounts, and what the core refuses writes nothing.

With LACI_SCREENSHOTS set to a folder, the screen on the demo warung is also saved there as `money.png`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QComboBox
from sqlalchemy import func, select
from tests_support import copy_db

from pos.demo.shop import build_demo_shop
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import account_balance, trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.people.users import list_users
from pos.ledger.reports.pnl import profit_and_loss
from pos.ledger.schema import JournalEntry, Supplier
from pos.ledger.shop import settings
from pos.ledger.stock.product_records import find_by_barcode
from pos.ledger.stock.purchase_history import recent_purchases
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods, supplier_balance
from pos.ui.money import MoneyScreen
from pos.ui.tasks import TaskManager
from pos.ui.widgets.entry_form import EntryForm
from pos.ui.widgets.style import ERROR_TEXT, OK_TEXT


def settle(tasks: TaskManager) -> None:
    """Wait for the worker and for the reads its answers start (a booking reads every section again)."""
    for _round in range(20):
        assert tasks.wait_idle(30), "the database worker did not finish"
        QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the worker busy")


def entries(db: Database) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(JournalEntry)).scalar_one()


def choose(combo: QComboBox, data: object) -> None:
    index = next(i for i in range(combo.count()) if combo.itemData(i) == data)
    combo.setCurrentIndex(index)


def book(tasks: TaskManager, form: EntryForm, amount: str, note: str = "") -> None:
    form.amount.setText(amount)
    form.note.setText(note)
    form.submit_button.click()
    settle(tasks)


@pytest.fixture
def supplier(db: Database, shop: Any) -> uuid.UUID:
    """CV Sumber Rejeki, who delivered 10 x Barang 1 and 5 x Barang 2 (Rp 80.000) on credit."""
    with db.write() as s:
        first = find_by_barcode(s, shop.codes[0])
        second = find_by_barcode(s, shop.codes[1])
        assert first is not None and second is not None
        sid = add_supplier(s, "CV Sumber Rejeki", phone="024-6921-455")
        receive_goods(
            s,
            shop.owner,
            [
                PurchaseItem(first.product.id, Qty.units(10), Money(40_000)),
                PurchaseItem(second.product.id, Qty.units(5), Money(40_000)),
            ],
            supplier_id=sid,
            paid_with="credit",
            invoice_no="INV-0042",
        )
    return sid


@pytest.fixture
def screen(qtbot: Any, tasks: TaskManager, shop: Any, supplier: uuid.UUID) -> Iterator[MoneyScreen]:
    made = MoneyScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    yield made


def test_an_expense_lands_in_the_income_statement(screen: MoneyScreen, tasks: TaskManager, db: Database) -> None:
    tab = screen.expenses
    screen.tabs.setCurrentWidget(tab)
    choose(tab.category, "listrik_air")
    tab.paid_from.choose(accounts.BANK)
    book(tasks, tab.form, "350.000", "Token listrik")
    assert tab.form.status.styleSheet() == OK_TEXT and "Rp 350.000" in tab.form.status.text()
    assert tab.form.amount.text() == ""

    with db.read() as s:
        today = business_date(utc_now(), settings.load(s).timezone)
        pnl = profit_and_loss(s, Period(today, today)).current
        assert [(x.account.code, x.amount) for x in pnl.expenses if x.amount] == [(accounts.BEBAN_LISTRIK_AIR, 350_000)]
        assert account_balance(s, accounts.BANK) == -350_000
        assert check_books(s).ok
    assert [(r.category, r.note, r.amount) for r in tab.model.rows] == [("listrik_air", "Token listrik", 350_000)]
    assert tab.model.text(0, 3) == "Bank" and tab.model.text(0, 4) == "Rp 350.000"
    assert "-Rp 350.000" in screen.pills[accounts.BANK].text()

    # What the core refuses is said on the form and writes nothing.
    before = entries(db)
    for typed in ("0", "tiga ratus", "-5.000"):
        book(tasks, tab.form, typed)
        assert tab.form.status.styleSheet() == ERROR_TEXT and tab.form.status.text(), typed
        assert tab.form.amount.text() == typed
    assert entries(db) == before


def test_paying_a_supplier_lowers_utang_usaha(
    screen: MoneyScreen, tasks: TaskManager, db: Database, supplier: uuid.UUID
) -> None:
    tab = screen.suppliers
    assert [(r.name, r.owed) for r in tab.model.rows] == [("CV Sumber Rejeki", 80_000)]
    assert tab.supplier_id() == supplier
    assert "Rp 80.000" in screen.pills[accounts.UTANG_USAHA].text()
    assert "Rp 80.000" in tab.form.status.text()

    before = entries(db)
    book(tasks, tab.form, "90.000")  # more than is owed
    assert tab.form.status.styleSheet() == ERROR_TEXT and "Rp 80.000" in tab.form.status.text()
    assert entries(db) == before

    tab.paid_from.choose(accounts.BANK)
    book(tasks, tab.form, "30.000", "Transfer BCA")
    with db.read() as s:
        assert supplier_balance(s, supplier) == 50_000
        assert trial_balance(s).balance(accounts.UTANG_USAHA) == 50_000
        assert account_balance(s, accounts.BANK) == -30_000
        assert check_books(s).ok
    assert tab.model.text(0, 4) == "Rp 50.000"
    assert tab.form.status.styleSheet() == OK_TEXT and "Rp 30.000" in tab.form.status.text()
    assert "Rp 50.000" in screen.pills[accounts.UTANG_USAHA].text()

    tab.form.all_button.click()  # "All of it" pays off the rest, in cash
    assert tab.form.amount.text() == "50.000"
    tab.paid_from.choose(accounts.KAS)
    tab.form.submit_button.click()
    settle(tasks)
    with db.read() as s:
        assert supplier_balance(s, supplier) == 0 and account_balance(s, accounts.KAS) == -50_000
    assert not tab.form.submit_button.isEnabled()  # nothing left to pay


def test_capital_drawings_and_transfers(screen: MoneyScreen, tasks: TaskManager, db: Database) -> None:
    owner = screen.owner
    choose(owner.kind, "capital")
    owner.account.choose(accounts.BANK)
    book(tasks, owner.form, "5.000.000", "Modal awal")
    choose(owner.kind, "drawing")
    owner.account.choose(accounts.KAS)
    book(tasks, owner.form, "250.000")
    transfers = screen.transfers
    transfers.source.choose(accounts.BANK)
    transfers.target.choose(accounts.KAS)
    book(tasks, transfers.form, "1.000.000", "Ambil tunai")

    with db.read() as s:
        tb = trial_balance(s)
        assert tb.balance(accounts.MODAL) == 5_000_000
        assert tb.balance(accounts.PRIVE) == 250_000
        assert tb.balance(accounts.BANK) == 4_000_000
        assert tb.balance(accounts.KAS) == 750_000
        assert check_books(s).ok
    assert [(r.kind, r.amount) for r in owner.model.rows] == [("drawing", 250_000), ("capital", 5_000_000)]
    assert owner.model.text(1, 3) == "Bank" and owner.model.text(0, 3) == "Kas"
    assert "Rp 5.000.000" in owner.summary.text() and "Rp 250.000" in owner.summary.text()
    assert [(r.source, r.target, r.note) for r in transfers.model.rows] == [
        (accounts.BANK, accounts.KAS, "Ambil tunai")
    ]
    assert "Rp 750.000" in screen.pills[accounts.KAS].text()
    assert transfers.source.currentText() == "Bank — Rp 4.000.000"

    # Moving money into the account it comes from is refused by the core.
    before = entries(db)
    transfers.target.choose(accounts.BANK)
    book(tasks, transfers.form, "100.000")
    assert transfers.form.status.styleSheet() == ERROR_TEXT and transfers.form.status.text()
    assert entries(db) == before


def test_suppliers_purchases_and_receiving_goods(
    qtbot: Any, screen: MoneyScreen, tasks: TaskManager, db: Database, supplier: uuid.UUID
) -> None:
    with db.write() as s:
        add_supplier(s, "UD Tirta Segar")
    screen.suppliers.add_button.click()
    dialog = screen.suppliers.dialog
    dialog.submit()
    settle(tasks)
    assert dialog.isVisible() and dialog.status.text()  # the core wants a name
    dialog.name.setText("Toko Grosir Makmur")
    dialog.phone.setText("0813-9012-3344")
    dialog.submit()
    settle(tasks)
    assert not dialog.isVisible()
    with db.read() as s:
        added = s.execute(select(Supplier).where(Supplier.name == "Toko Grosir Makmur")).scalar_one()
    assert screen.suppliers.supplier_id() == added.id  # the new one is chosen
    assert [r.name for r in screen.suppliers.model.rows] == ["CV Sumber Rejeki", "Toko Grosir Makmur", "UD Tirta Segar"]

    asked: list[object] = []
    screen.receive_goods_requested.connect(asked.append)
    screen.suppliers.receive_button.click()
    screen.suppliers.choose(supplier)
    screen.suppliers.purchases_button.click()
    settle(tasks)
    assert screen.tabs.currentWidget() is screen.purchases
    assert screen.purchases.filter() == supplier
    with db.read() as s:
        expected = recent_purchases(s, supplier_id=supplier)
    assert [(r.invoice_no, r.total, r.paid_with) for r in screen.purchases.model.rows] == [
        (p.invoice_no, p.total, p.paid_with) for p in expected
    ]
    assert screen.purchases.model.text(0, 1) == "CV Sumber Rejeki" and screen.purchases.model.text(0, 3) == "2"
    screen.purchases.receive_button.click()
    assert asked == [added.id, supplier]

    # Another supplier's purchases: none yet.
    choose(screen.purchases.supplier_filter, added.id)
    screen.purchases.supplier_filter.activated.emit(screen.purchases.supplier_filter.currentIndex())
    settle(tasks)
    assert screen.purchases.model.rows == () and screen.purchases_of == added.id


def test_nothing_is_booked_without_someone_logged_in(screen: MoneyScreen, shop: Any) -> None:
    screen.set_actor(None)
    forms = [screen.suppliers.form, screen.expenses.form, screen.owner.form, screen.transfers.form]
    assert not any(form.isEnabled() for form in forms) and not screen.suppliers.add_button.isEnabled()
    screen.set_actor(shop.owner)
    assert all(form.isEnabled() for form in forms)


def test_on_the_demo_warung_the_screen_shows_the_cores_figures(qtbot: Any, template_db: Path, tmp_path: Path) -> None:
    db = copy_db(template_db, tmp_path / "demo")
    build_demo_shop(db, products=20, days=8, seed=3)
    with db.read() as s:
        owner = next(Actor(u.id, u.name, "owner") for u in list_users(s) if u.role == "owner")
        tb = trial_balance(s)
        purchases = recent_purchases(s)
    tasks = TaskManager(db)
    made = MoneyScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.set_actor(owner)
    made.refresh()
    settle(tasks)
    try:
        for code in (accounts.KAS, accounts.BANK, accounts.QRIS, accounts.EWALLET, accounts.UTANG_USAHA):
            assert fmt.rupiah(tb.balance(code)) in made.pills[code].text()
        assert len(made.purchases.model.rows) == len(purchases)
        assert made.expenses.model.rows and made.transfers.model.rows and made.owner.model.rows
        # A few of the month's bills, booked on the screen as the owner would.
        tab = made.expenses
        made.tabs.setCurrentWidget(tab)
        for category, paid_from, amount, note in (
            ("sewa", accounts.BANK, "1.500.000", "Sewa kios bulan ini"),
            ("transport", accounts.KAS, "45.000", "Bensin kulakan ke pasar"),
            ("listrik_air", accounts.KAS, "200.000", "Token listrik"),
        ):
            choose(tab.category, category)
            tab.paid_from.choose(paid_from)
            book(tasks, tab.form, amount, note)
        assert [r.note for r in tab.model.rows[:3]] == [
            "Token listrik",
            "Bensin kulakan ke pasar",
            "Sewa kios bulan ini",
        ]
        if os.environ.get("LACI_SCREENSHOTS"):
            made.grab().save(str(Path(os.environ["LACI_SCREENSHOTS"]) / "money.png"))
    finally:
        tasks.shutdown()
        db.dispose()

"""The owner's outreach screen over the core: customers not seen for a while and the month's best, a customer's
profile, the opt-out toggle, and a promotion personalised for each customer on the list, copied and opened in
WhatsApp; those who asked for no promotions are shown as left out and get no message.

With LACI_SCREENSHOTS set to a folder, the screen on the demo warung is also saved there as `outreach.png`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from counter_support import Shop
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from screen_checks import SCREEN, app_font, clipped, save
from shop_support import Counter, sell
from tests_support import copy_db

from pos.i18n import _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import close_shift, open_shift
from pos.ledger.people.customers import add_customer, list_customers
from pos.ledger.people.outreach import set_opt_out
from pos.ledger.people.users import list_users
from pos.ledger.schema import Customer
from pos.ui.outreach import OutreachScreen
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import ERROR_TEXT


def settle(tasks: TaskManager) -> None:
    """Wait for the worker and for the reads its answers start (the list reads the chosen customer)."""
    for _round in range(20):
        assert tasks.wait_idle(30), "the database worker did not finish"
        QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the worker busy")


def visit(counter: Counter, customer: uuid.UUID, code: str, qty: int, price: int, days_ago: int) -> None:
    """A cash sale to `customer`, `days_ago` days back, in a shift of its own."""
    when = utc_now() - dt.timedelta(days=days_ago)
    with counter.db.write() as s:
        open_shift(s, counter.cashier, Money(0), at=when)
    sell(counter, counter.cashier, [(code, qty)], [Payment("cash", Money(qty * price))], at=when, customer_id=customer)
    with counter.db.write() as s:
        close_shift(s, counter.cashier, {}, at=when + dt.timedelta(minutes=5))


@pytest.fixture
def people(db: Database, shop: Shop) -> dict[str, uuid.UUID]:
    """Pak Budi last came 40 days ago (for Barang 2), Bu Ani 45 days ago but wants no promotions, Mbak Sari came
    today, and Pak Joko has no phone number and last came 35 days ago."""
    counter = Counter(db, shop.owner, shop.cashier, shop.codes)
    with db.write() as s:
        ani = add_customer(s, "Bu Ani", phone="0813-1111-2222")
        sari = add_customer(s, "Mbak Sari", phone="0857-3333-4444")
        joko = add_customer(s, "Pak Joko")
        set_opt_out(s, ani, True)
    visit(counter, shop.customer, shop.codes[1], 3, 10_000, 50)
    visit(counter, shop.customer, shop.codes[1], 2, 10_000, 40)
    visit(counter, ani, shop.codes[0], 1, 5_000, 45)
    visit(counter, sari, shop.codes[2], 4, 15_000, 0)
    visit(counter, joko, shop.codes[3], 1, 20_000, 35)
    return {"budi": shop.customer, "ani": ani, "sari": sari, "joko": joko}


@pytest.fixture
def screen(qtbot: Any, tasks: TaskManager, shop: Shop, people: dict[str, uuid.UUID]) -> Iterator[OutreachScreen]:
    made = OutreachScreen(tasks)
    qtbot.addWidget(made)
    made.resize(*SCREEN)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    yield made


def names(screen: OutreachScreen) -> list[str]:
    return [r.name for r in screen.model.rows]


def test_the_customers_not_seen_for_30_days_and_a_profile(screen: OutreachScreen, tasks: TaskManager) -> None:
    # The most recently lost first; Mbak Sari came today.
    assert names(screen) == ["Pak Joko", "Pak Budi", "Bu Ani"]
    row = screen.model.rows[names(screen).index("Bu Ani")]
    assert row.opt_out and screen.model.text(names(screen).index("Bu Ani"), 4) == _("No, thanks")
    screen.view.selectRow(names(screen).index("Pak Budi"))
    settle(tasks)
    assert screen.name.text() == "Pak Budi"
    assert "Rp 50.000" in screen.facts.text()  # spent, in all
    assert "2" in screen.facts.text()  # visits
    assert screen.favourites.text() == _("Favourites: {items}").format(items="Barang 2 (2×)")
    assert [p.total for p in screen.history.rows] == [20_000, 30_000]  # newest first
    assert not screen.opt_out.isChecked()

    # A shorter wait finds more; a longer one fewer.
    screen.days.setValue(41)
    settle(tasks)
    assert names(screen) == ["Bu Ani"]
    screen.days.setValue(1)
    settle(tasks)
    assert names(screen) == ["Pak Joko", "Pak Budi", "Bu Ani"]


def test_a_promotion_is_personalised_and_leaves_out_who_asked_for_none(
    screen: OutreachScreen, tasks: TaskManager, qtbot: Any
) -> None:
    opened: list[QUrl] = []
    screen.messages.open_url = opened.append
    screen.messages.editor.setPlainText("Halo {nama}, {favorit} di {toko} menunggu. Terakhir: {terakhir}.")
    assert screen.messages.make_button.isEnabled()
    screen.messages.make_button.click()
    settle(tasks)
    rows = screen.messages.rows
    assert [r.message.name for r in rows] == ["Pak Joko", "Pak Budi"]
    budi = rows[1]
    assert budi.message.text.startswith("Halo Pak Budi, Barang 2 di Warung Bu Sri menunggu. Terakhir: ")
    excluded = [w.text() for w in screen.messages.findChildren(QLabel, "excludedCustomer")]
    assert excluded == [_("{name}: left out, wants no promotions").format(name="Bu Ani")]
    assert "1" in screen.messages.status.text()

    budi.copy_button.click()
    assert QGuiApplication.clipboard().text() == budi.message.text
    budi.open_button.click()
    [url] = opened
    assert url.toString().startswith("https://wa.me/62812345678?text=")
    assert unquote(url.toString().split("text=", 1)[1]) == budi.message.text
    # Pak Joko has no phone: his message can be copied, not opened.
    assert rows[0].copy_button.isEnabled() and not rows[0].open_button.isEnabled()


def test_a_message_the_core_cannot_fill_is_refused(screen: OutreachScreen, tasks: TaskManager) -> None:
    screen.messages.editor.setPlainText("Halo {name_of_customer}")
    screen.messages.make_button.click()
    settle(tasks)
    assert screen.messages.rows == []
    assert screen.messages.status.styleSheet() == ERROR_TEXT and "name_of_customer" in screen.messages.status.text()


def test_the_placeholder_buttons_put_the_braces_in(screen: OutreachScreen) -> None:
    screen.messages.editor.setPlainText("Halo ")
    cursor = screen.messages.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    screen.messages.editor.setTextCursor(cursor)
    screen.messages.placeholder_buttons["nama"].click()
    assert screen.messages.editor.toPlainText() == "Halo {nama}"


def test_the_opt_out_toggle_is_kept_and_the_list_follows(
    screen: OutreachScreen, tasks: TaskManager, db: Database, people: dict[str, uuid.UUID]
) -> None:
    screen.view.selectRow(names(screen).index("Pak Budi"))
    settle(tasks)
    screen.opt_out.setChecked(True)
    settle(tasks)
    with db.read() as s:
        budi = s.get(Customer, people["budi"])
        assert budi is not None and budi.opt_out
    assert screen.model.rows[names(screen).index("Pak Budi")].opt_out
    screen.messages.make_button.click()
    settle(tasks)
    assert [r.message.name for r in screen.messages.rows] == ["Pak Joko"]
    # And back: he wants promotions again.
    screen.view.selectRow(names(screen).index("Pak Budi"))
    settle(tasks)
    assert screen.opt_out.isChecked()
    screen.opt_out.setChecked(False)
    settle(tasks)
    with db.read() as s:
        budi = s.get(Customer, people["budi"])
        assert budi is not None and not budi.opt_out
    assert screen.messages.rows == []  # messages made for the list as it was are gone


def test_the_top_customers_of_this_month(screen: OutreachScreen, tasks: TaskManager) -> None:
    screen.list_choice.setCurrentIndex(screen.list_choice.findData("top"))
    settle(tasks)
    assert not screen.days.isVisible()
    assert names(screen) == ["Mbak Sari"]  # the only one who came this month
    assert screen.model.text(0, 3) == "Rp 60.000"


def test_on_the_demo_warung_the_screen_reads_well(qtbot: Any, qapp: Any, template_db: Path, tmp_path: Path) -> None:
    from pos.demo.shop import build_demo_shop

    db = copy_db(template_db, tmp_path / "demo")
    build_demo_shop(db, products=20, days=8, seed=3)
    with db.write() as s:
        for customer in list_customers(s, limit=3):
            set_opt_out(s, customer.id, True)
        owner_row = next(u for u in list_users(s) if u.role == "owner")
    tasks = TaskManager(db)
    try:
        with app_font():
            made = OutreachScreen(tasks)
            qtbot.addWidget(made)
            made.resize(*SCREEN)
            made.show()
            made.days.setValue(3)
            made.set_actor(Actor(owner_row.id, owner_row.name, "owner"))
            made.refresh()
            settle(tasks)
            assert made.model.rows
            made.messages.make_button.click()
            settle(tasks)
            assert made.messages.rows
            assert clipped(made) == []
            save(made, "outreach.png", tmp_path)
    finally:
        tasks.shutdown()
        db.dispose()

"""The stock office as the owner meets it: receiving milk with its expiry date on credit with a due date, the
dashboard warning of what expires and what falls due, writing off a batch, paying part of a supplier's bill, and
settling with a consignor, whose statement slip is queued once. Each also where the owner's input lies (a due
date before the goods came, paying more than is owed, writing off more than is left, handing back more than is
on the shelf): the dialog says so and nothing is written.

With LACI_SCREENSHOTS set to a folder, the screens are saved there at 1366x768.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from counter_support import Shop
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QScrollArea, QWidget
from sqlalchemy import func, select, text

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.payables import open_debts
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.print_queue import pending
from pos.ledger.counter.shifts import open_shift
from pos.ledger.reports.dashboard import shop_today
from pos.ledger.schema import PrintJob, Purchase
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop import settings
from pos.ledger.slips.print_jobs import slip_for_job
from pos.ledger.stock import product_records
from pos.ledger.stock.batches import lots, set_tracks_expiry
from pos.ledger.stock.consignment import owed_to
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe
from pos.ledger.stock.search import ProductRow, search_products
from pos.printing.layout import as_text, lines_for
from pos.ui.dashboard import DashboardScreen
from pos.ui.money.ageing_dialog import AgeingDialog
from pos.ui.money.consignment import SettleDialog
from pos.ui.products.receive_dialog import ReceiveDialog
from pos.ui.reports.screen import ReportsScreen
from pos.ui.tasks import TaskManager

SIZE = (1366, 768)


def snap(widget: QWidget, name: str, qtbot: Any) -> None:
    if os.environ.get("LACI_SCREENSHOTS"):
        qtbot.wait(300)  # the columns and notes laid out at the final size
        widget.grab().save(str(Path(os.environ["LACI_SCREENSHOTS"]) / name))


@pytest.fixture
def watched(tasks: TaskManager) -> Iterator[TaskManager]:
    failures: list[str] = []
    tasks.failed.connect(failures.append)
    yield tasks
    assert failures == []


def row_of(db: Database, name: str) -> ProductRow:
    with db.read() as s:
        return next(p for p in search_products(s, name) if p.name == name)


def milk(db: Database, shop: Shop) -> tuple[uuid.UUID, uuid.UUID, dt.date]:
    """Susu UHT, received with expiry dates, and CV Sumber who sells it; and the shop's today."""
    with db.write() as s:
        susu = product_records.add_product(s, "Susu UHT 1 L", Money(18_000), cost=Money(15_000))
        set_tracks_expiry(s, shop.owner, susu, True)
        return susu, add_supplier(s, "CV Sumber Susu"), shop_today(s)


def purchases(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Purchase)) or 0)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def test_receiving_milk_with_its_expiry_on_credit_and_a_due_date_that_lies(
    db: Database, shop: Shop, watched: TaskManager, qtbot: Any
) -> None:
    susu, sumber, today = milk(db, shop)
    dialog = ReceiveDialog(watched, shop.owner, row_of(db, "Susu UHT 1 L"))
    qtbot.addWidget(dialog)
    dialog.resize(*SIZE)
    dialog.show()
    assert watched.wait_idle()
    line = dialog.lines[0]
    assert line.expires.isEnabled() and line.batch.isEnabled()  # the milk tracks expiry: its date is asked
    qtbot.keyClicks(line.qty, "12")
    qtbot.keyClicks(line.total, "180.000")
    line.expires.setDate(qdate(today + dt.timedelta(days=5)))
    qtbot.keyClicks(line.batch, "B7")
    dialog.choose_supplier(sumber)
    dialog.choose_paid_with("credit")
    assert dialog.due_row.isVisible()
    dialog.due.setDate(qdate(today - dt.timedelta(days=1)))  # the lie: due before the goods came
    dialog.book()
    assert watched.wait_idle()
    assert "jatuh tempo" in dialog.status.text().lower()
    assert dialog.isVisible() and purchases(db) == 0
    dialog.due.setDate(qdate(today + dt.timedelta(days=14)))
    snap(dialog, "receive-expiry-credit.png", qtbot)
    dialog.book()
    assert watched.wait_idle()
    assert not dialog.isVisible()
    with db.read() as s:
        [lot] = lots(s, [susu])[susu]
        [debt] = open_debts(s)
    assert (lot.batch_no, lot.expires_on, lot.qty_milli) == ("B7", today + dt.timedelta(days=5), 12_000)
    assert (debt.supplier, debt.due, debt.left) == ("CV Sumber Susu", today + dt.timedelta(days=14), 180_000)


def test_the_dashboard_warns_and_the_owner_writes_off_and_pays_part(
    db: Database, shop: Shop, watched: TaskManager, qtbot: Any
) -> None:
    susu, sumber, today = milk(db, shop)
    with db.write() as s:
        goods = [PurchaseItem(susu, Qty.units(6), Money(90_000), today + dt.timedelta(days=2), "A1")]
        receive_goods(s, shop.owner, goods, supplier_id=sumber, paid_with="credit", due_on=today + dt.timedelta(days=2))
    screen = DashboardScreen(watched)
    qtbot.addWidget(screen)
    screen.set_actor(shop.owner)
    screen.resize(*SIZE)
    screen.show()
    assert watched.wait_idle(30)
    [[name, _day, left]] = screen.stock.expiring.texts()
    assert name == "Susu UHT 1 L · A1" and left.startswith("6")
    [[supplier, _due, owed]] = screen.stock.debts.texts()
    assert supplier == "CV Sumber Susu" and owed == "Rp 90.000"
    assert not screen.stock.write_off_button.isEnabled()  # nothing chosen yet
    screen.stock.expiring.table.selectRow(0)
    assert screen.stock.write_off_button.isEnabled()
    qtbot.wait(300)
    scroll = screen.findChild(QScrollArea)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())  # the warnings are the lowest row
    snap(screen, "dashboard-expiry-debts.png", qtbot)
    dialog = screen.stock.write_off_selected()
    assert dialog is not None
    dialog.choose_reason("rusak")
    dialog.qty.setText("50")  # the lie: more than is left of the batch
    dialog.submit()
    assert watched.wait_idle()
    assert "6" in dialog.status.text() and dialog.isVisible()
    with db.read() as s:
        assert lots(s, [susu])[susu][0].qty_milli == 6_000
    dialog.qty.setText("2")
    dialog.note.setText("kemasan bocor")
    dialog.submit()
    assert watched.wait_idle(30)
    assert not dialog.isVisible()
    assert screen.stock.expiring.texts()[0][2].startswith("4")

    screen.stock.debts.table.selectRow(0)
    pay = screen.stock.pay_selected()
    assert pay is not None
    pay.amount.setText("100.000")  # the lie: more than the shop owes
    pay.submit()
    assert watched.wait_idle()
    assert "90.000" in pay.status.text() and pay.isVisible()
    with db.read() as s:
        assert open_debts(s)[0].left == 90_000
    pay.amount.setText("40.000")
    pay.submit()
    assert watched.wait_idle(30)
    assert not pay.isVisible()
    with db.read() as s:
        assert open_debts(s)[0].left == 50_000
    assert screen.stock.debts.texts()[0][2] == "Rp 50.000"


def test_goods_left_on_consignment_and_a_settlement_printed_once(
    db: Database, shop: Shop, watched: TaskManager, qtbot: Any
) -> None:
    with db.write() as s:
        keripik = product_records.add_product(s, "Keripik Bu Tini", Money(2_000))
        tini = add_supplier(s, "Bu Tini")
        settings.put(s, "printer.uri", "preview:")
        open_shift(s, shop.owner, Money(100_000))
    receive = ReceiveDialog(watched, shop.owner, row_of(db, "Keripik Bu Tini"))
    qtbot.addWidget(receive)
    receive.show()
    assert watched.wait_idle()
    receive.choose_supplier(tini)
    receive.choose_paid_with("consign")
    assert receive.commission_row.isVisible() and not receive.due_row.isVisible()
    qtbot.keyClicks(receive.lines[0].qty, "20")
    qtbot.keyClicks(receive.lines[0].total, "1.500")  # Bu Tini gets Rp 1.500 of each Rp 2.000 sold
    receive.book()
    assert watched.wait_idle()
    assert not receive.isVisible()
    with db.write() as s:
        cart = Cart([line_for_product(get_product(s, keripik), Qty.units(5))])
        ring_up(s, shop.owner, cart, [Payment("cash", Money(10_000))])
        assert owed_to(s, tini) == 7_500

    dialog = SettleDialog(watched, shop.owner, tini)
    qtbot.addWidget(dialog)
    dialog.resize(*SIZE)
    dialog.show()
    assert watched.wait_idle()
    assert dialog.owed.text() == "Rp 7.500" and dialog.print_slip.isChecked()
    snap(dialog, "consignment-settle.png", qtbot)
    [(_product, back)] = dialog.returns
    assert back.text() == "15"
    back.setText("16")  # the lie: one more than is on the shelf
    dialog.submit()
    assert watched.wait_idle()
    assert "15" in dialog.status.text() and dialog.isVisible()
    with db.read() as s:
        assert owed_to(s, tini) == 7_500
    back.setText("15")
    dialog.submit()
    dialog.submit()  # a second press while the first is booked: no second settlement, no second slip
    assert watched.wait_idle()
    assert not dialog.isVisible()
    with db.read() as s:
        assert owed_to(s, tini) == 0
        jobs = [j for j in pending(s) if j.kind == "consignor"]
        assert len(jobs) == 1 and not jobs[0].is_copy
        slip = slip_for_job(s, jobs[0])
        assert s.scalar(select(func.count()).select_from(PrintJob).where(PrintJob.kind == "consignor")) == 1
        settled = s.execute(text("SELECT COUNT(*) FROM consignments WHERE kind = 'settle'")).scalar()
    assert settled == 1
    assert slip is not None
    paper = as_text(lines_for(slip, 32), 32)
    assert "Bu Tini" in paper and "7.500" in paper and "Keripik Bu Tini" in paper


def test_what_the_shop_owes_by_age(db: Database, shop: Shop, watched: TaskManager, qtbot: Any) -> None:
    susu, sumber, today = milk(db, shop)
    with db.write() as s:
        set_tracks_expiry(s, shop.owner, susu, False)
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)
        goods = [PurchaseItem(susu, Qty.units(4), Money(60_000))]
        receive_goods(
            s,
            shop.owner,
            goods,
            supplier_id=sumber,
            paid_with="credit",
            due_on=today - dt.timedelta(days=35),
            at=long_ago,
        )
        goods = [PurchaseItem(susu, Qty.units(2), Money(30_000))]
        receive_goods(s, shop.owner, goods, supplier_id=sumber, paid_with="credit", due_on=today + dt.timedelta(days=9))
    dialog = AgeingDialog(watched)
    qtbot.addWidget(dialog)
    dialog.resize(*SIZE)
    dialog.show()
    assert watched.wait_idle()
    [row] = dialog.model.rows
    assert (row.name, row.buckets, row.total) == ("CV Sumber Susu", (30_000, 0, 60_000, 0, 0), 90_000)
    shown = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert shown[2:5] == ["Rp 30.000", "", "Rp 60.000"] and shown[-1] == "Rp 90.000"
    assert "Rp 60.000" in dialog.total.text()
    snap(dialog, "payables-ageing.png", qtbot)


def test_ingredients_against_the_recipes_from_the_reports_screen(
    db: Database, shop: Shop, watched: TaskManager, qtbot: Any
) -> None:
    susu, _sumber, _today = milk(db, shop)
    with db.write() as s:
        set_tracks_expiry(s, shop.owner, susu, False)
        receive_goods(s, shop.owner, [PurchaseItem(susu, Qty.units(10), Money(150_000))])
        kopi = product_records.add_product(s, "Kopi susu", Money(12_000))
        set_recipe(s, shop.owner, kopi, [Ingredient(susu, 200)])
        set_made_to_order(s, shop.owner, kopi, True)
        open_shift(s, shop.owner, Money(100_000))
        cart = Cart([line_for_product(get_product(s, kopi), Qty.units(5))])
        ring_up(s, shop.owner, cart, [Payment("cash", Money(60_000))])
    screen = ReportsScreen(watched)
    qtbot.addWidget(screen)
    screen.resize(*SIZE)
    screen.show()
    assert watched.wait_idle(30)
    dialog = screen.show_recipes()
    assert dialog is not None
    assert watched.wait_idle()
    [use] = dialog.use.rows
    assert (use.name, use.by_recipes, use.by_sales, use.beyond_recipes) == ("Susu UHT 1 L", 1_000, 1_000, 0)
    [cost] = dialog.costs.rows
    assert (cost.recipe.name, cost.recipe.cost, cost.recipe.margin) == ("Kopi susu", 3_000, 9_000)
    shown = [dialog.costs.index(0, c).data() for c in range(dialog.costs.columnCount())]
    assert shown == ["Kopi susu", "Rp 12.000", "Rp 3.000", "Rp 9.000", "75%"]
    dialog.resize(*SIZE)
    snap(dialog, "recipes-report.png", qtbot)

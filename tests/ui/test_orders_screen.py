"""The owner's orders screen over the core: an order taken with a down payment, moved along the board and
completed into a sale (stock moves then, not before); another cancelled with its down payment paid back or kept
as credit; refusals that write nothing; and the board on the demo warung.

With LACI_SCREENSHOTS set to a folder, the board on the demo warung is also saved there as `orders.png`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from counter_support import Shop
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from screen_checks import SCREEN, app_font, clipped, save
from sqlalchemy import func, select
from tests_support import copy_db

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.errors import Conflict
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import account_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import list_customers
from pos.ledger.people.deposits import customer_credit, deposit_held
from pos.ledger.people.users import list_users
from pos.ledger.schema import Order, PrintJob, Product, Sale, SalePayment, StockMovement
from pos.ledger.selling.orders import complete_order, get_order, list_orders, new_order, set_status
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop import settings as shop_settings
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.search import search_products
from pos.ledger.stock.stock_levels import on_hand
from pos.printing.layout import as_text, lines_for
from pos.ui.orders import OrdersScreen
from pos.ui.orders.finish import CancelDialog, CompleteDialog
from pos.ui.orders.new_order import NewOrderDialog
from pos.ui.orders.reading import print_slip
from pos.ui.tasks import TaskManager
from pos.ui.widgets.slip_preview import SlipPreview
from pos.ui.widgets.style import ERROR_TEXT


def settle(tasks: TaskManager) -> None:
    """Wait for the worker and for the reads its answers start (a new order reads the board again)."""
    for _round in range(20):
        assert tasks.wait_idle(30), "the database worker did not finish"
        QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the worker busy")


def product_id(db: Database, name: str) -> ProductId:
    with db.read() as s:
        return ProductId(s.execute(select(Product.id).where(Product.name == name)).scalar_one())


def board(screen: OrdersScreen) -> dict[str, list[str]]:
    """Order numbers on each visible column of the board, by status."""
    return {c.status: [card.order.number for card in c.cards] for c in screen.columns if not c.isHidden()}


def figures(screen: OrdersScreen) -> dict[str, str]:
    """The money lines beside the chosen order, as shown."""
    return {name.text(): value.text() for name, value in screen.detail.figures if not name.isHidden()}


def order_with_deposit(db: Database, shop: Shop, deposit: int, method: str = "cash") -> uuid.UUID:
    """Pak Budi orders two of Barang 1 by WhatsApp, paying `deposit` down."""
    with db.write() as s:
        cart = Cart(customer_id=shop.customer)
        cart.add(line_for_product(get_product(s, product_id(db, "Barang 1")), Qty.units(2)))
        order = new_order(s, shop.owner, cart, deposit=Money(deposit), deposit_method=method, address="Jl. Mawar 3")
    return order.id


@pytest.fixture
def screen(qtbot: Any, tasks: TaskManager, shop: Shop, db: Database) -> Iterator[OrdersScreen]:
    with db.write() as s:
        open_shift(s, shop.owner, Money(100_000))
    made = OrdersScreen(tasks)
    qtbot.addWidget(made)
    made.resize(*SCREEN)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    yield made


def test_an_order_with_a_down_payment_goes_along_the_board_and_becomes_a_sale(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database, qtbot: Any
) -> None:
    barang2 = product_id(db, "Barang 2")
    with db.read() as s:
        stock_before = on_hand(s, barang2)

    screen.new_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, NewOrderDialog)
    assert dialog.channel.currentData() == "whatsapp"
    # Two of Barang 2 found by name, one of Barang 3: the items are priced by the core.
    for name, times in (("Barang 2", 2), ("Barang 3", 1)):
        for _time in range(times):
            dialog.products.field.setText(name)
            dialog.products.search_now()
            settle(tasks)
            dialog.products.take_first()
            settle(tasks)
    assert [(line.name, line.qty) for line in dialog.draft.lines] == [("Barang 2", 2000), ("Barang 3", 1000)]
    assert dialog.draft.goods == 35_000
    dialog.set_customer(shop.customer)
    settle(tasks)
    assert "Pak Budi" in dialog.customer_name.text()
    dialog.address.setText("Jl. Kenanga 12, RT 03")
    dialog.fee.setText("10.000")
    dialog.note.setText("Pedas")
    dialog.deposit.setText("20.000")
    dialog.deposit_method.setCurrentIndex(dialog.deposit_method.findData("transfer"))
    assert "Rp 45.000" in dialog.summary.text()
    dialog.submit_button.click()
    settle(tasks)

    with db.read() as s:
        [order] = list_orders(s)
        assert (order.status, order.goods, order.delivery_fee, order.deposit, order.to_collect) == (
            "new",
            35_000,
            10_000,
            20_000,
            25_000,
        )
        assert (order.address, order.note, order.customer_name) == ("Jl. Kenanga 12, RT 03", "Pedas", "Pak Budi")
        assert account_balance(s, accounts.BANK) == 20_000  # the down payment came by transfer
        assert on_hand(s, barang2) == stock_before  # nothing leaves the shelf before delivery
    assert board(screen) == {"new": [order.number], "preparing": [], "sent": []}
    card = screen.columns[0].cards[0]
    assert "Rp 45.000" in [w.text() for w in card.findChildren(QLabel)]
    assert screen.detail.order is not None and screen.detail.order.id == order.id
    assert _("Order {number} taken for {name}.").format(number=order.number, name="Pak Budi") == screen.message.text()

    # Along the board: new -> preparing -> on the way, each by the one main button.
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    screen.detail.next_button.click()
    settle(tasks)
    assert board(screen) == {"new": [], "preparing": [order.number], "sent": []}
    screen.detail.next_button.click()
    settle(tasks)
    assert board(screen) == {"new": [], "preparing": [], "sent": [order.number]}
    # A slip of the hand is put right with "back".
    screen.detail.back_button.click()
    settle(tasks)
    assert board(screen)["preparing"] == [order.number]
    screen.detail.next_button.click()
    settle(tasks)

    # From the last column the main button completes the order, and it is the one "Complete…" button there.
    assert screen.detail.next_button.text() == _("Complete…") and screen.detail.complete_button.isHidden()
    # The rider brought Rp 30.000 in cash.
    screen.detail.next_button.click()
    complete = screen.dialog
    assert isinstance(complete, CompleteDialog)
    assert complete.amount.text() == "25.000"
    complete.method.setCurrentIndex(complete.method.findData("cash"))
    complete.amount.setText("30.000")
    complete.submit_button.click()
    settle(tasks)

    with db.read() as s:
        done = get_order(s, order.id)
        assert done.status == "done" and done.sale_id is not None
        sale = s.get(Sale, done.sale_id)
        assert sale is not None and (sale.total, sale.delivery_fee, sale.channel, sale.change) == (
            45_000,
            10_000,
            "whatsapp",
            5_000,
        )
        paid = {p.method: p.amount for p in s.scalars(select(SalePayment).where(SalePayment.sale_id == sale.id))}
        assert paid == {"deposit": 20_000, "cash": 25_000}
        assert on_hand(s, barang2) == stock_before - 2_000  # two went out with the order
        assert deposit_held(s, order.id) == Money(0)
        assert check_books(s).ok
    assert board(screen) == {"new": [], "preparing": [], "sent": []}
    assert sale.receipt_no in screen.message.text() and "Rp 5.000" in screen.message.text()

    # Done orders are behind the filter.
    screen.filter.setCurrentIndex(screen.filter.findData("done"))
    settle(tasks)
    assert board(screen) == {"done": [order.number]}
    screen.select_order(order.id)
    assert not screen.detail.next_button.isEnabled() and not screen.detail.cancel_button.isEnabled()
    # Once done it says what was billed and how it was paid, with the down payment's history; nothing to collect.
    shown = figures(screen)
    assert shown == {
        _("Items"): "Rp 35.000",
        _("Delivery fee"): "Rp 10.000",
        _("Billed"): "Rp 45.000",
        _("Down payment used"): "Rp 20.000",
        _("Paid on delivery"): "Rp 25.000",
    }
    history = screen.detail.history.text().splitlines()
    assert len(history) == 3 and _("Bank transfer") in history[0] and "Rp\u00a020.000" in history[0]
    assert sale.receipt_no in screen.detail.facts.text()


def test_a_cancelled_order_pays_its_down_payment_back(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    oid = order_with_deposit(db, shop, 15_000)
    with db.read() as s:
        cash_before = account_balance(s, accounts.KAS)
    screen.refresh()
    settle(tasks)
    screen.select_order(oid)
    screen.detail.cancel_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, CancelDialog)
    assert dialog.refund.isChecked() and dialog.method.currentData() == "cash"
    dialog.reason.setText("Customer changed their mind")
    dialog.submit_button.click()
    settle(tasks)
    with db.read() as s:
        order = get_order(s, oid)
        assert order.status == "cancelled" and order.deposit == 0
        assert account_balance(s, accounts.KAS) == cash_before - 15_000
        assert customer_credit(s, shop.customer) == Money(0)
        assert s.scalar(select(func.count()).select_from(StockMovement)) == 0  # nothing was ever sold
        assert check_books(s).ok
    assert board(screen) == {"new": [], "preparing": [], "sent": []}
    screen.filter.setCurrentIndex(screen.filter.findData("cancelled"))
    settle(tasks)
    assert board(screen) == {"cancelled": [order.number]}


def test_a_cancelled_order_can_leave_its_down_payment_as_credit(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    oid = order_with_deposit(db, shop, 12_000, "qris")
    screen.refresh()
    settle(tasks)
    screen.select_order(oid)
    screen.detail.cancel_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, CancelDialog)
    assert dialog.method.currentData() == "qris"  # paid back the way it came, unless told otherwise
    dialog.credit.setChecked(True)
    assert not dialog.method.isEnabled()
    dialog.submit_button.click()
    settle(tasks)
    with db.read() as s:
        assert get_order(s, oid).status == "cancelled"
        assert customer_credit(s, shop.customer) == Money(12_000)
        assert check_books(s).ok
    screen.filter.setCurrentIndex(screen.filter.findData("cancelled"))
    settle(tasks)
    screen.select_order(oid)
    assert figures(screen) == {
        _("Items"): "Rp 10.000",
        _("Delivery fee"): "Rp 0",
        _("Total"): "Rp 10.000",
        _("Down payment"): "Rp 12.000",
        _("Kept as credit"): "Rp 12.000",
    }
    screen.select_order(None)  # type: ignore[arg-type]
    assert not screen.detail.cancel_button.isEnabled() and not screen.detail.receipt_slip.isEnabled()
    # Greyed, not the red that invites a press: the button looks as dead as it is.
    QApplication.processEvents()
    grey = screen.detail.cancel_button.grab().toImage().pixelColor(6, 6)
    assert grey.red() - grey.blue() < 8, grey.name()  # the danger pink is #fbeaea
    # The credit is there for the next order: the dialog says so when Pak Budi is chosen.
    screen.new_button.click()
    dialog2 = screen.dialog
    assert isinstance(dialog2, NewOrderDialog)
    dialog2.set_customer(shop.customer)
    settle(tasks)
    assert "Rp 12.000" in dialog2.customer_name.text()


def test_an_order_without_a_customer_or_items_is_refused_and_writes_nothing(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    screen.new_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, NewOrderDialog)
    dialog.submit_button.click()
    settle(tasks)
    assert dialog.status.styleSheet() == ERROR_TEXT and dialog.status.text() == _("The order has no items.")
    dialog.products.field.setText("Barang 1")
    dialog.products.search_now()
    settle(tasks)
    dialog.products.take_first()
    settle(tasks)
    dialog.submit_button.click()
    settle(tasks)
    assert dialog.status.text() == _("An order needs a customer: choose who is ordering.")
    dialog.set_customer(shop.customer)
    settle(tasks)
    dialog.fee.setText("abc")
    dialog.submit_button.click()
    settle(tasks)
    assert dialog.status.styleSheet() == ERROR_TEXT and "abc" in dialog.status.text()
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 0
    assert dialog.isVisible()


def test_an_order_not_done_is_told_it_has_no_receipt_even_with_a_printer(shop: Shop, db: Database) -> None:
    # Not "no printer is set up" (there is one): what stands in the way is the order's state.
    oid = order_with_deposit(db, shop, 5_000)
    with db.write() as s:
        shop_settings.put(s, "printer.uri", "tcp://192.0.2.1:9100")
        number = get_order(s, oid).number
        jobs = s.scalar(select(func.count()).select_from(PrintJob))
    with pytest.raises(Conflict) as refused, db.write() as s:
        print_slip(s, oid, "receipt")
    assert str(refused.value) == _("Order {number} has no receipt until it is done.").format(number=number)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(PrintJob)) == jobs


def test_every_slip_is_previewed_on_screen_and_printed_only_with_a_paper_printer(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    oid = order_with_deposit(db, shop, 5_000)
    screen.refresh()
    settle(tasks)
    screen.select_order(oid)
    assert not screen.detail.receipt_slip.isEnabled()  # no receipt until it is done
    # The "on screen only" printer: the slip shows here, and there is nothing to send to paper.
    with db.write() as s:
        shop_settings.put(s, "printer.uri", "preview:")
    for button, heading in ((screen.detail.order_slip, "P E S A N A N"), (screen.detail.delivery_slip, "S U R A T")):
        button.click()
        settle(tasks)
        preview = screen.preview
        assert isinstance(preview, SlipPreview) and preview.isVisible()
        assert preview.shown is not None and heading in as_text(lines_for(preview.shown.slip, 32), 32)
        pixmap = preview.picture.pixmap()
        assert pixmap is not None and not pixmap.isNull() and pixmap.height() > pixmap.width()
        assert not preview.print_button.isEnabled()
        assert preview.status.text() == _("The printer is the screen only: this is the slip.")
        preview.reject()
        settle(tasks)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(PrintJob)) == 0
    # Delivered, its receipt is shown too; with a printer on paper, Print queues it as a copy.
    with db.write() as s:
        complete_order(s, shop.owner, oid, [cash(5_000)])
        shop_settings.put(s, "printer.uri", "file:/dev/null")
    screen.filter.setCurrentIndex(screen.filter.findData("done"))
    settle(tasks)
    screen.select_order(oid)
    assert screen.detail.receipt_slip.isEnabled()
    screen.detail.receipt_slip.click()
    settle(tasks)
    preview = screen.preview
    assert isinstance(preview, SlipPreview) and preview.print_button.isEnabled()
    assert preview.shown is not None and "SALINAN" in as_text(lines_for(preview.shown.slip, 32), 32)
    preview.print_button.click()
    settle(tasks)
    assert preview.status.text() == _("The slip is on its way to the printer.")
    with db.read() as s:
        # The sale's own receipt and drawer kick (queued when it was rung up for cash), and the copy asked for here.
        assert sorted((k, bool(c)) for k, c in s.execute(select(PrintJob.kind, PrintJob.is_copy))) == [
            ("drawer", False),
            ("receipt", False),
            ("receipt", True),
        ]


def test_nothing_is_done_without_someone_logged_in(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    oid = order_with_deposit(db, shop, 5_000)
    screen.refresh()
    settle(tasks)
    screen.set_actor(None)
    screen.select_order(oid)
    assert not screen.new_button.isEnabled()
    assert not any(
        b.isEnabled() for b in (screen.detail.next_button, screen.detail.complete_button, screen.detail.cancel_button)
    )


def test_on_the_demo_warung_the_board_reads_well(qtbot: Any, qapp: Any, template_db: Path, tmp_path: Path) -> None:
    from pos.demo.shop import build_demo_shop

    db = copy_db(template_db, tmp_path / "demo")
    build_demo_shop(db, products=20, days=3, seed=3)
    with db.write() as s:
        owner_row = next(u for u in list_users(s) if u.role == "owner")
        owner = Actor(owner_row.id, owner_row.name, "owner")
        people = list_customers(s, limit=10)
        goods = search_products(s, "", limit=12)
        for n, (status, fee, deposit) in enumerate(
            (("new", 10_000, 20_000), ("new", 8_000, 0), ("preparing", 12_000, 50_000), ("sent", 15_000, 25_000))
        ):
            cart = Cart(customer_id=people[n].id)
            for product, qty in ((goods[n], 2), (goods[n + 5], 3)):
                cart.add(line_for_product(get_product(s, product.id), Qty.units(qty)))
            order = new_order(s, owner, cart, delivery_fee=Money(fee), deposit=Money(deposit), note="Pedas" * (n == 0))
            for step in ("preparing", "sent")[: ("new", "preparing", "sent").index(status)]:
                set_status(s, owner, order.id, step)
    tasks = TaskManager(db)
    try:
        with app_font():
            made = OrdersScreen(tasks)
            qtbot.addWidget(made)
            made.resize(*SCREEN)
            made.show()
            made.set_actor(owner)
            made.refresh()
            settle(tasks)
            assert [len(c.cards) for c in made.columns] == [2, 1, 1]
            made.select_order(made.columns[0].cards[0].order.id)
            settle(tasks)
            assert clipped(made) == []
            save(made, "orders.png", tmp_path)
    finally:
        tasks.shutdown()
        db.dispose()


def test_an_order_rung_up_twice_is_named_on_the_board(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    """Two counters offline each rang the same order up (simulated here on one): the board tells the owner."""
    order_id = order_with_deposit(db, shop, 0)
    receipts = []
    with db.write() as s:
        order = get_order(s, order_id)
        for _n in range(2):
            cart = Cart(customer_id=shop.customer)
            cart.add(line_for_product(get_product(s, product_id(db, "Barang 1")), Qty.units(2)))
            receipts.append(ring_up(s, shop.owner, cart, [cash(10_000)], order_id=order_id).receipt_no)
    screen.refresh()
    settle(tasks)
    assert screen.message.text() == _(
        "Order {number} was rung up more than once: sales {receipts}. Void or return the extra one."
    ).format(number=order.number, receipts=", ".join(receipts))
    assert screen.message.styleSheet() == ERROR_TEXT


def test_the_new_order_dialog_keeps_its_size_and_one_click_chooses_a_customer(
    screen: OrdersScreen, tasks: TaskManager, shop: Shop, db: Database, qtbot: Any
) -> None:
    screen.new_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, NewOrderDialog)
    QApplication.processEvents()
    before = dialog.size()
    dialog.products.field.setText("Barang")
    dialog.products.search_now()
    settle(tasks)
    assert dialog.products.results.isVisible()
    QApplication.processEvents()
    assert dialog.size() == before  # the suggestions open in room kept for them
    dialog.pick_customer()
    picker = dialog.picker
    assert picker is not None
    settle(tasks)
    rect = picker.view.visualRect(picker.model.index(0, 0))
    with qtbot.waitSignal(picker.chosen, timeout=2_000):
        qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(tasks)
    assert "Pak Budi" in dialog.customer_name.text()

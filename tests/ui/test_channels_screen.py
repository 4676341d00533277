"""The owner's channels screen over the core: GoFood given a 20% commission, a sale on it at the counter, what
GoFood owes and its payout recorded, the report by channel, prices per channel, channels added (and refused),
and the catalogue chosen, kept and written to a folder.

With LACI_SCREENSHOTS set to a folder, the screen on the demo warung is also saved there as `channels.png`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from counter_support import Shop
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from screen_checks import SCREEN, app_font, clipped, save
from sqlalchemy import func, select
from tests_support import copy_db

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import account_balance
from pos.ledger.books.check import check_books
from pos.ledger.channels.catalogue import saved_selection
from pos.ledger.channels.channels import channel_price, edit_channel, get_channel, price_for_channel, set_prices
from pos.ledger.channels.payouts import platform_balance, settle_platform
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import list_users
from pos.ledger.schema import Channel, Product
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.products import ProductEdit, add_category, edit_product
from pos.ledger.stock.search import search_products
from pos.ui.channels import ChannelsScreen
from pos.ui.channels.dialog import ChannelDialog
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import ERROR_TEXT, OK_TEXT

CHANNELS_TAB, PRICES_TAB, REPORT_TAB, CATALOGUE_TAB = range(4)


def settle(tasks: TaskManager) -> None:
    """Wait for the worker, the I/O pool, and the reads their answers start."""
    for _round in range(20):
        assert tasks.wait_idle(60), "the workers did not finish"
        QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the workers busy")


def product_id(db: Database, name: str) -> ProductId:
    with db.read() as s:
        return ProductId(s.execute(select(Product.id).where(Product.name == name)).scalar_one())


def sell_on(db: Database, shop: Shop, channel: str, *items: tuple[str, int]) -> SaleResult:
    """A sale at the counter on `channel`, priced for it; a platform pays it, so no payment is given."""
    with db.write() as s:
        cart = Cart()
        for name, qty in items:
            cart.add(line_for_product(get_product(s, product_id(db, name)), Qty.units(qty)))
        return ring_up(s, shop.cashier, price_for_channel(s, cart, channel), [], channel=channel)


def choose_channel(screen: ChannelsScreen, code: str) -> None:
    screen.view.selectRow([line.info.code for line in screen.model.rows].index(code))


@pytest.fixture
def screen(qtbot: Any, tasks: TaskManager, shop: Shop, db: Database) -> Iterator[ChannelsScreen]:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
    made = ChannelsScreen(tasks)
    qtbot.addWidget(made)
    made.resize(*SCREEN)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    yield made


def test_gofood_with_a_commission_a_sale_on_it_and_its_payout(
    screen: ChannelsScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    # GoFood is chosen first: it is the first platform, the one with payouts to record.
    assert screen.selected() is not None and screen.selected().info.code == "gofood"  # type: ignore[union-attr]
    screen.edit_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, ChannelDialog) and dialog.name.text() == "GoFood"
    assert not dialog.kind.isEnabled()
    dialog.commission.setText("20")
    dialog.submit_button.click()
    settle(tasks)
    with db.read() as s:
        gofood = get_channel(s, "gofood")
        assert (gofood.commission_bp, gofood.markup_bp, gofood.is_active) == (2_000, 0, True)
    row = screen.model.rows[[line.info.code for line in screen.model.rows].index("gofood")]
    assert row.info.commission_bp == 2_000

    sale = sell_on(db, shop, "gofood", ("Barang 2", 3))  # Rp 30.000 at the counter's price
    assert (sale.total, sale.commission) == (30_000, 6_000)
    screen.refresh()
    settle(tasks)
    assert screen.selected().info.code == "gofood"  # type: ignore[union-attr]
    assert screen.owes.text() == _("{channel} owes the shop {amount}.").format(channel="GoFood", amount="Rp 24.000")
    owes_column = len(screen.model.columns) - 1
    assert screen.model.text([r.info.code for r in screen.model.rows].index("gofood"), owes_column) == "Rp 24.000"

    # The payout: all of it, into the bank.
    assert screen.payout.isEnabled()
    screen.payout.all_button.click()
    assert screen.payout.amount.text() == "24.000"
    screen.payout.note.setText("Pencairan 22/11")
    screen.payout.submit_button.click()
    settle(tasks)
    with db.read() as s:
        assert platform_balance(s, "gofood") == Money(0)
        assert account_balance(s, accounts.BANK) == 24_000
        assert check_books(s).ok
    assert screen.payout.status.styleSheet() == OK_TEXT and "Rp 24.000" in screen.payout.status.text()
    assert screen.owes.text() == _("{channel} owes the shop {amount}.").format(channel="GoFood", amount="Rp 0")

    # The report by channel this month: the GoFood sale, its commission, and what it paid out.
    screen.tabs.setCurrentIndex(REPORT_TAB)
    settle(tasks)
    report = screen.report.report
    assert report is not None
    gofood_row = report.row("gofood")
    assert gofood_row is not None and (gofood_row.sales, gofood_row.commission, gofood_row.net) == (1, 6_000, 24_000)
    shown = {screen.report.model.text(r, 0): r for r in range(len(screen.report.model.rows))}
    assert screen.report.model.text(shown["GoFood"], 5) == "Rp 6.000"
    assert screen.report.model.text(shown["GoFood"], 7) == "Rp 24.000"
    assert _("Total") in shown
    assert [(p.channel, p.settled, p.owed) for p in screen.report.owed.rows] == [("gofood", 24_000, 0)]


def test_a_payout_for_earlier_days_when_nothing_was_owed_then_is_refused(
    screen: ChannelsScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    with db.write() as s:
        edit_channel(s, shop.owner, "gofood", commission_bp=2_000)
    sell_on(db, shop, "gofood", ("Barang 1", 2))  # Rp 10.000: GoFood owes Rp 8.000
    screen.refresh()
    settle(tasks)
    # A payout for the sales up to yesterday clears nothing of today's sale: there is nothing owed to clear.
    screen.payout.scope.setCurrentIndex(screen.payout.scope.findData("up_to"))
    settle(tasks)
    assert screen.payout.match_args()[2] is not None
    assert screen.payout.owed.text() == _("{name} owes {owed} for these sales ({count}).").format(
        name="GoFood", owed="Rp 0", count=0
    )
    screen.payout.amount.setText("8.000")
    screen.payout.submit_button.click()
    settle(tasks)
    assert screen.payout.status.styleSheet() == ERROR_TEXT
    assert "GoFood" in screen.payout.status.text()
    with db.read() as s:
        assert platform_balance(s, "gofood") == Money(8_000)


def test_a_payout_short_of_what_is_owed_asks_where_the_difference_goes_and_a_second_one_is_refused(
    screen: ChannelsScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    with db.write() as s:
        edit_channel(s, shop.owner, "gofood", commission_bp=2_000)
    first = sell_on(db, shop, "gofood", ("Barang 1", 2))  # GoFood owes Rp 8.000
    sell_on(db, shop, "gofood", ("Barang 2", 1))  # and Rp 8.000 more
    screen.refresh()
    settle(tasks)
    box = screen.payout
    assert box.owed.text() == _("{name} owes {owed} for these sales ({count}).").format(
        name="GoFood", owed="Rp 16.000", count=2
    )
    # The statement pays the first sale only, Rp 500 short: the box offers commission or still owed.
    box.scope.setCurrentIndex(box.scope.findData("sales"))
    settle(tasks)
    box.choose_button.click()
    dialog = box.sales_dialog
    assert dialog is not None and dialog.list.count() == 2
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.submit_button.click()
    settle(tasks)
    assert box.chosen == [first.receipt_no]
    assert "Rp 8.000" in box.owed.text()
    box.amount.setText("7.500")
    assert not box.difference_choice.isHidden()
    assert [box.difference_choice.itemData(n) for n in range(box.difference_choice.count())] == [
        "commission",
        "platform",
    ]
    assert _("{amount} less arrived:").format(amount="Rp 500") in box.owed.text()
    box.reference.setText("GF-2211")
    box.submit_button.click()
    settle(tasks)
    assert box.status.styleSheet() == OK_TEXT, box.status.text()
    with db.read() as s:
        assert platform_balance(s, "gofood") == Money(8_000)  # the second sale, still owed
        assert account_balance(s, accounts.BEBAN_KOMISI) == 4_000 + 500
    # The same payout again (same amount, day and reference) is refused with the reason.
    box.scope.setCurrentIndex(box.scope.findData("all"))
    settle(tasks)
    box.amount.setText("7.500")
    box.reference.setText("GF-2211")
    box.difference_choice.setCurrentIndex(box.difference_choice.findData("commission"))
    box.submit_button.click()
    settle(tasks)
    assert box.status.styleSheet() == ERROR_TEXT and "GF-2211" in box.status.text()


def test_a_channel_paid_at_once_has_no_payout(screen: ChannelsScreen, tasks: TaskManager) -> None:
    choose_channel(screen, "whatsapp")
    assert not screen.payout.isEnabled()
    assert screen.owes.text() == _("{channel} is paid at once: there is no payout.").format(channel="WhatsApp")


def test_channels_are_added_and_bad_terms_refused(
    screen: ChannelsScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(Channel))
    screen.add_button.click()
    dialog = screen.dialog
    assert isinstance(dialog, ChannelDialog)
    dialog.name.setText("Reseller Bu Tini")
    dialog.kind.setCurrentIndex(dialog.kind.findData("direct"))
    dialog.commission.setText("10")  # only a platform takes a commission
    dialog.submit_button.click()
    settle(tasks)
    assert dialog.status.styleSheet() == ERROR_TEXT
    assert dialog.status.text() == _("Only a delivery platform or a marketplace takes a commission.")
    dialog.commission.setText("sepuluh")
    dialog.submit_button.click()
    settle(tasks)
    assert dialog.status.styleSheet() == ERROR_TEXT
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Channel)) == before

    dialog.name.setText("Grab Mart")
    dialog.kind.setCurrentIndex(dialog.kind.findData("marketplace"))
    dialog.commission.setText("12,5")
    dialog.markup.setText("10")
    dialog.rounding.setText("500")
    dialog.submit_button.click()
    settle(tasks)
    with db.read() as s:
        added = get_channel(s, "grabmart")
        assert (added.name, added.kind, added.commission_bp, added.markup_bp, added.price_round) == (
            "Grab Mart",
            "marketplace",
            1_250,
            1_000,
            500,
        )
    assert screen.selected() is not None and screen.selected().info.code == "grabmart"  # type: ignore[union-attr]

    # Taken off: no longer offered at the counter, still listed here.
    screen.edit_button.click()
    edit = screen.dialog
    assert isinstance(edit, ChannelDialog)
    edit.active.setChecked(False)
    edit.submit_button.click()
    settle(tasks)
    with db.read() as s:
        assert not get_channel(s, "grabmart").is_active
    assert screen.selected().info.code == "grabmart"  # type: ignore[union-attr]


def test_a_product_gets_its_own_price_on_a_channel(
    screen: ChannelsScreen, tasks: TaskManager, shop: Shop, db: Database
) -> None:
    with db.write() as s:
        edit_channel(s, shop.owner, "gofood", markup_bp=2_000, price_round=500)
    screen.tabs.setCurrentIndex(PRICES_TAB)
    settle(tasks)
    prices = screen.prices
    prices.channel.setCurrentIndex(prices.channel.findData("gofood"))
    settle(tasks)
    prices.search.setText("Barang 1")
    prices.ask()
    settle(tasks)
    assert [r.name for r in prices.model.rows] == ["Barang 1"]
    prices.view.selectRow(0)
    assert prices.model.text(0, 1) == "Rp 5.000" and prices.model.text(0, 2) == "Rp 6.000"  # +20%
    assert prices.model.text(0, 3) == _("the channel's markup")
    prices.price.setText("7.000")
    prices.save_button.click()
    settle(tasks)
    barang1 = product_id(db, "Barang 1")
    with db.read() as s:
        assert set_prices(s, "gofood") == {barang1: Money(7_000)}
    assert prices.model.text(0, 2) == "Rp 7.000" and prices.model.text(0, 3) == _("its own price")
    assert prices.markup_button.isEnabled()
    prices.markup_button.click()
    settle(tasks)
    with db.read() as s:
        assert set_prices(s, "gofood") == {}
        gofood = get_channel(s, "gofood")
        assert channel_price(gofood, Money(5_000), None, 1_000) == Money(6_000)
    assert prices.model.text(0, 2) == "Rp 6.000"
    # The counter has no price list of its own to change.
    assert prices.channel.findData("counter") == -1


def test_the_catalogue_is_chosen_kept_and_written_to_a_folder(
    screen: ChannelsScreen, tasks: TaskManager, shop: Shop, db: Database, tmp_path: Path
) -> None:
    with db.write() as s:
        drinks = add_category(s, "Minuman")
        for name in ("Barang 4", "Barang 5"):
            edit_product(s, shop.owner, product_id(db, name), ProductEdit(category_id=drinks))
    screen.tabs.setCurrentIndex(CATALOGUE_TAB)
    settle(tasks)
    tab = screen.catalogue
    assert tab.products.count() == 7  # every product on sale, ticked, as nothing is kept yet
    assert len(tab.chosen) == 7
    tab.none_button.click()
    assert tab.chosen == []
    tab.items[product_id(db, "Barang 2")].setCheckState(Qt.CheckState.Checked)
    tab.categories.setCurrentRow(
        [tab.categories.item(n).text() for n in range(tab.categories.count())].index("Minuman")
    )
    tab.category_button.click()
    settle(tasks)
    wanted = [product_id(db, n) for n in ("Barang 2", "Barang 4", "Barang 5")]
    assert tab.chosen == wanted
    tab.save_button.click()
    settle(tasks)
    with db.read() as s:
        assert saved_selection(s) == wanted

    folder = tmp_path / "katalog"
    asked: list[str] = []
    tab.choose_folder = lambda start: asked.append(start) or str(folder)
    tab.make_button.click()  # no folder yet: it asks first
    settle(tasks)
    assert asked == [""]
    assert (folder / "catalogue.pdf").stat().st_size > 1_000
    assert (folder / "catalogue-status-1.png").exists() and (folder / "catalogue-square-1.png").exists()
    assert tab.status.styleSheet() == OK_TEXT
    assert str(folder) in tab.status.text() and "catalogue.pdf" in tab.status.text()

    # Next time the kept choice is what is ticked.
    screen.refresh()
    settle(tasks)
    assert tab.chosen == wanted


def test_a_catalogue_for_a_channel_lists_and_prints_that_channels_prices(
    screen: ChannelsScreen, tasks: TaskManager, shop: Shop, db: Database, tmp_path: Path
) -> None:
    with db.write() as s:
        edit_channel(s, shop.owner, "whatsapp", markup_bp=1_000, price_round=500)  # Rp 5.000 -> Rp 5.500
    screen.tabs.setCurrentIndex(CATALOGUE_TAB)
    settle(tasks)
    tab = screen.catalogue
    assert tab.channel_code == "whatsapp"  # the catalogue's ordering code leads to WhatsApp: its prices
    barang1 = tab.items[product_id(db, "Barang 1")]
    assert barang1.text().endswith("Rp 5.500")
    tab.none_button.click()
    barang1.setCheckState(Qt.CheckState.Checked)
    tab.channel.setCurrentIndex(tab.channel.findData("counter"))
    settle(tasks)
    assert tab.items[product_id(db, "Barang 1")].text().endswith("Rp 5.000")
    assert tab.chosen == [product_id(db, "Barang 1")]  # the choice stays when the prices change
    assert tab.channel_note.text() == _("The prices in the shop; no ordering code.")
    tab.channel.setCurrentIndex(tab.channel.findData("whatsapp"))
    settle(tasks)
    tab.choose_folder = lambda _start: str(tmp_path / "wa")
    tab.make_button.click()
    settle(tasks)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "wa" / "catalogue.pdf").pages)
    assert "Rp 5.500" in text and "Harga WhatsApp" in " ".join(text.split())


def test_nothing_changes_without_the_owner(screen: ChannelsScreen) -> None:
    screen.set_actor(None)
    assert not screen.add_button.isEnabled() and not screen.edit_button.isEnabled()
    assert not screen.payout.isEnabled() and not screen.catalogue.box.isEnabled()


def test_on_the_demo_warung_the_screen_reads_well(qtbot: Any, qapp: Any, template_db: Path, tmp_path: Path) -> None:
    from pos.demo.shop import build_demo_shop

    db = copy_db(template_db, tmp_path / "demo")
    build_demo_shop(db, products=20, days=3, seed=3)
    with db.write() as s:
        owner_row = next(u for u in list_users(s) if u.role == "owner")
        owner = Actor(owner_row.id, owner_row.name, "owner")
        open_shift(s, owner, Money(100_000))
        edit_channel(s, owner, "gofood", commission_bp=2_000, markup_bp=2_000, price_round=500)
        edit_channel(s, owner, "shopee", commission_bp=1_000)
        goods = search_products(s, "", limit=10)
        for n, channel in enumerate(("gofood", "gofood", "shopee", "gofood")):
            cart = Cart()
            for product in goods[n : n + 3]:
                cart.add(line_for_product(get_product(s, product.id), Qty.units(2)))
            ring_up(s, owner, price_for_channel(s, cart, channel), [], channel=channel)
            if n == 1:
                settle_platform(s, owner, "gofood", Money(20_000), difference="platform")
    tasks = TaskManager(db)
    try:
        with app_font():
            made = ChannelsScreen(tasks)
            qtbot.addWidget(made)
            made.resize(*SCREEN)
            made.show()
            made.set_actor(owner)
            made.refresh()
            settle(tasks)
            assert made.selected() is not None and made.selected().info.code == "gofood"  # type: ignore[union-attr]
            for tab in range(made.tabs.count()):
                made.tabs.setCurrentIndex(tab)
                settle(tasks)
                assert clipped(made) == [], made.tabs.tabText(tab)
            made.tabs.setCurrentIndex(CHANNELS_TAB)
            settle(tasks)
            save(made, "channels.png", tmp_path)
    finally:
        tasks.shutdown()
        db.dispose()

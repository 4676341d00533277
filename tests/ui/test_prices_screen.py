"""The owner's prices screen over the core: a promotion, a voucher (and one used past its limit), a customer group
with a price and a member, wholesale steps and the points rule, each written through its form; and every page
read at 1366x768 and 1024x768 with no text cut off.

With LACI_SCREENSHOTS set to a folder, each page is saved there as `prices-<page>-<width>.png`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from counter_support import Shop
from PySide6.QtWidgets import QApplication
from screen_checks import app_font, clipped, save
from shop_support import AT

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.prices import groups, loyalty, tiers
from pos.ledger.prices.promotions import list_promotions
from pos.ledger.prices.terms import ItemOff
from pos.ledger.prices.vouchers import VoucherInfo, list_vouchers, save_voucher
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ui.customers import CustomersScreen
from pos.ui.prices import PricesScreen
from pos.ui.prices.groups_page import GroupDialog
from pos.ui.prices.promotion_dialog import PromotionDialog
from pos.ui.prices.vouchers_page import VoucherDialog
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import ERROR_TEXT

PROMOTIONS, VOUCHERS, GROUPS, TIERS, POINTS = range(5)


def settle(tasks: TaskManager) -> None:
    for _round in range(20):
        assert tasks.wait_idle(60), "the worker did not finish"
        QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the worker busy")


@pytest.fixture
def screen(qtbot: Any, tasks: TaskManager, shop: Shop, db: Database) -> Iterator[PricesScreen]:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000), at=AT)
    made = PricesScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    yield made


def dialog_of(kind: type[Any]) -> Any:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert found, kind
    return found[-1]


def pick(tasks: TaskManager, field: Any, text: str) -> None:
    """Type into a product picker and take its first answer, as Enter does."""
    field.setText(text)
    field.textEdited.emit(text)
    parent = field.parent()
    parent.search_now()
    settle(tasks)
    parent.take_first()


def test_a_promotion_through_its_form_then_turned_off(screen: PricesScreen, tasks: TaskManager, db: Database) -> None:
    page = screen.promotions
    page.add_button.click()
    dialog = dialog_of(PromotionDialog)
    dialog.name.setText("Barang 1 sepuluh persen")
    pick(tasks, dialog.item_products.picker.field, "Barang 1")
    dialog.item_off.setText("10%")
    dialog.submit_button.click()
    settle(tasks)
    with db.read() as s:
        [saved] = list_promotions(s)
    assert isinstance(saved.offer, ItemOff) and saved.offer.percent_bp == 1_000 and len(saved.offer.products) == 1
    assert page.model.text(0, 0) == "Barang 1 sepuluh persen"
    assert page.model.text(0, 3) == _("Holds now")
    page.view.selectRow(0)
    page.toggle_button.click()
    settle(tasks)
    assert page.model.text(0, 3) == _("Off")
    page.rule.setCurrentIndex(1)
    page.rule.activated.emit(1)
    settle(tasks)
    with db.read() as s:
        assert settings.load(s).prices_rule == "priority"


def test_a_promotion_the_core_refuses_says_why_in_its_form(screen: PricesScreen, tasks: TaskManager) -> None:
    screen.promotions.add_button.click()
    dialog = dialog_of(PromotionDialog)
    dialog.name.setText("Kosong")
    dialog.item_off.setText("10%")
    dialog.submit_button.click()
    settle(tasks)
    assert dialog.isVisible()
    assert dialog.status.text() == _("Choose the products or categories the promotion is for.")


def test_a_voucher_through_its_form_and_one_used_past_its_limit_in_red(
    screen: PricesScreen, tasks: TaskManager, db: Database, shop: Shop
) -> None:
    screen.pages.setCurrentIndex(VOUCHERS)
    settle(tasks)
    page = screen.vouchers
    page.add_button.click()
    dialog = dialog_of(VoucherDialog)
    dialog.code.setText("hemat 10")
    dialog.value.setText("10%")
    dialog.max_off.setText("5.000")
    dialog.submit_button.click()
    settle(tasks)
    with db.read() as s:
        [voucher] = list_vouchers(s)
    assert (voucher.code, voucher.percent_bp, voucher.max_off, voucher.use_limit) == ("HEMAT10", 1_000, 5_000, 1)
    # Used twice (the limit lowered after, as two counters offline would leave it): the page names it in red.
    with db.write() as s:
        save_voucher(s, VoucherInfo("DUA", amount=1_000, use_limit=2))
        for _n in range(2):
            cart = Cart()
            cart.add(line_for_scan(s, shop.codes[0], DEFAULT_FORMATS))
            cart.set_voucher("DUA")
            ring_up(s, shop.cashier, cart, [cash(5_000)], at=AT)
        save_voucher(s, VoucherInfo("DUA", amount=1_000, use_limit=1))
    screen.refresh()
    settle(tasks)
    assert "DUA" in page.message.text() and page.message.styleSheet() == ERROR_TEXT


def test_a_group_with_a_price_and_a_member(screen: PricesScreen, tasks: TaskManager, db: Database, shop: Shop) -> None:
    screen.pages.setCurrentIndex(GROUPS)
    settle(tasks)
    page = screen.groups
    page.add()
    dialog = dialog_of(GroupDialog)
    dialog.name.setText("Grosir")
    dialog.limit.setText("1.000.000")
    dialog.submit_button.click()
    settle(tasks)
    assert page.groups.text(0, 0) == "Grosir"
    page.group_view.selectRow(0)
    settle(tasks)
    group_id = page.groups.row(0).id
    with db.write() as s:
        groups.set_group_price(s, group_id, product_id=_product(s, shop, 0), price=4_500)
        groups.set_customer_group(s, shop.customer, group_id)
    page._chosen()
    settle(tasks)
    assert page.prices.text(0, 2) == "Rp 4.500" and page.members.text(0, 0) == "Pak Budi"
    page.member_view.selectRow(0)
    page.remove_member()
    settle(tasks)
    assert not page.members.rows


def _product(s: Any, shop: Shop, n: int) -> Any:
    hit = line_for_scan(s, shop.codes[n], DEFAULT_FORMATS)
    return hit.product_id


def test_wholesale_steps_are_added_and_saved(
    screen: PricesScreen, tasks: TaskManager, db: Database, shop: Shop
) -> None:
    screen.pages.setCurrentIndex(TIERS)
    page = screen.tiers
    pick(tasks, page.picker.field, "Barang 1")
    settle(tasks)
    page.from_qty.setText("12")
    page.price.setText("4.500")
    page.add_step()
    page.from_qty.setText("40")
    page.price.setText("4.200")
    page.add_step()
    page.save()
    settle(tasks)
    with db.read() as s:
        found = tiers.tiers_of(s, _product(s, shop, 0))
    assert [(t.min_milli, t.price) for t in found] == [(12_000, 4_500), (40_000, 4_200)]
    assert page.model.text(1, 1) == "Rp 4.200"


def test_the_points_rule_and_a_customers_points(
    screen: PricesScreen, tasks: TaskManager, db: Database, shop: Shop
) -> None:
    screen.pages.setCurrentIndex(POINTS)
    settle(tasks)
    page = screen.points
    page.earn_per.setText("1.000")
    page.value.setText("100")
    page.months.setValue(6)
    page.save()
    settle(tasks)
    with db.write() as s:
        assert loyalty.points_rule(settings.load(s)) == loyalty.PointsRule(1_000, 100, 6)
        cart = Cart(customer_id=shop.customer)
        cart.add(line_for_scan(s, shop.codes[1], DEFAULT_FORMATS, Qty.units(2)))
        ring_up(s, shop.cashier, cart, [cash(20_000)])
    screen.refresh()
    settle(tasks)
    assert page.holders.text(0, 0) == "Pak Budi" and page.holders.text(0, 2) == "20"
    page.holder_view.selectRow(0)
    settle(tasks)
    assert page.ledger.text(0, 3) == "+20"


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_every_page_fits_a_small_screen(
    qtbot: Any, tasks: TaskManager, shop: Shop, db: Database, tmp_path: Path, size: tuple[int, int]
) -> None:
    with app_font():
        made = PricesScreen(tasks)
        qtbot.addWidget(made)
        made.resize(*size)
        made.show()
        made.set_actor(shop.owner)
        for index, name in enumerate(("promotions", "vouchers", "groups", "tiers", "points")):
            made.pages.setCurrentIndex(index)
            settle(tasks)
            assert clipped(made) == [], name
            assert made.pages.currentWidget().minimumSizeHint().width() <= size[0]
            save(made, f"prices-{name}-{size[0]}.png", tmp_path)


def test_the_customers_screen_names_a_customers_group_and_points(
    qtbot: Any, tasks: TaskManager, db: Database, shop: Shop
) -> None:
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000), at=AT)
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=100))
        member = groups.save_group(s, None, "Member", credit_limit=300_000)
        groups.set_customer_group(s, shop.customer, member)
        cart = Cart(customer_id=shop.customer)
        cart.add(line_for_scan(s, shop.codes[1], DEFAULT_FORMATS, Qty.units(2)))
        ring_up(s, shop.cashier, cart, [cash(20_000)])
    made = CustomersScreen(tasks)
    qtbot.addWidget(made)
    made.show()
    made.set_actor(shop.owner)
    made.refresh()
    settle(tasks)
    made.view.selectRow(0)
    settle(tasks)
    facts = made.facts.text()
    assert _("group {name}").format(name="Member") in facts
    assert _("{points} points").format(points="20") in facts
    assert _("limit {amount}").format(amount="Rp 500.000") in facts  # his own, higher than the group's

"""Choosing the sales channel at the counter (F7): the cart priced by the core for the channel, a GoFood sale paid
by the platform with no money taken at the counter, a WhatsApp sale paid as usual, and the counter again after.

Everything is done from the keyboard, as a cashier does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from counter_support import CounterDriver, Shop
from PySide6.QtCore import Qt
from screen_checks import clipped, save
from shop_support import CASHIER_PIN, OWNER_PIN

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import edit_channel, get_channel, list_channels, set_channel_price
from pos.ledger.channels.payouts import platform_balance
from pos.ledger.counter.shifts import open_shift, shift_report
from pos.ledger.schema import Product
from pos.ledger.selling.sales import SaleResult
from pos.ui.counter.channels import ChannelChooser
from pos.ui.counter.payment import PLATFORM_PAGE, PaymentDialog
from pos.ui.counter.returns import ReturnDialog
from pos.ui.widgets.pin_pad import PinDialog

F = Qt.Key


@pytest.fixture
def selling(db: Database, shop: Shop, driver: CounterDriver) -> CounterDriver:
    """GoFood keeps 20% and sells at the counter price plus 20%, rounded up to Rp 500; Barang 3 has its own
    GoFood price of Rp 20.000 (Rp 15.000 at the counter)."""
    with db.write() as s:
        open_shift(s, shop.cashier, Money(100_000))
        edit_channel(s, shop.owner, "gofood", commission_bp=2_000, markup_bp=2_000, price_round=500)
        barang3 = s.query(Product.id).filter(Product.name == "Barang 3").scalar()
        set_channel_price(s, shop.owner, "gofood", barang3, Money(20_000))
    driver.log_in("2", CASHIER_PIN)
    assert driver.at_scan_field()
    return driver


def number_of(db: Database, code: str) -> str:
    """The key that picks channel `code` in the chooser: its place in the list."""
    with db.read() as s:
        return str([c.code for c in list_channels(s)].index(code) + 1)


def choose(driver: CounterDriver, db: Database, code: str) -> None:
    driver.key(F.Key_F7)
    chooser = driver.active(ChannelChooser)
    driver.idle()
    assert chooser.channels and chooser.list.currentRow() >= 0
    driver.key(number_of(db, code))
    driver.idle()
    assert driver.at_scan_field()


def prices(driver: CounterDriver) -> list[int]:
    return [line.unit_price.rupiah for line in driver.checkout.model.cart.lines]


def test_a_gofood_sale_from_the_keyboard_is_paid_by_the_platform(
    selling: CounterDriver, shop: Shop, db: Database, tmp_path: Path
) -> None:
    done: list[SaleResult] = []
    selling.checkout.sale_completed.connect(done.append)
    checkout = selling.checkout
    assert checkout.channels.code == "counter"
    assert "Toko" in checkout.totals.channel.text()

    selling.scan(shop.codes[0])  # Barang 1, Rp 5.000 at the counter
    selling.idle()
    assert prices(selling) == [5_000]
    choose(selling, db, "gofood")
    assert checkout.channels.code == "gofood"
    assert prices(selling) == [6_000]  # +20%
    assert "GoFood" in checkout.totals.channel.text()
    selling.scan(shop.codes[2])  # Barang 3: GoFood's own price
    selling.idle()
    assert prices(selling) == [6_000, 20_000]
    assert checkout.totals.total.text() == "Rp 26.000"
    save(selling.window, "counter-gofood.png", tmp_path)

    selling.key(F.Key_F12)
    dialog = selling.active(PaymentDialog)
    assert dialog.by_platform and dialog.pages.currentIndex() == PLATFORM_PAGE
    assert dialog.due.text() == "Rp 26.000"
    assert dialog.left_caption.text() == _("{channel} pays the shop later").format(channel="GoFood")
    assert dialog.left_amount.text() == "Rp 20.800"  # what reaches the shop: GoFood keeps 20%
    assert "Rp 5.200" in dialog.platform_page.terms.text() and "Rp 20.800" in dialog.platform_page.terms.text()
    assert clipped(dialog) == [] and clipped(checkout) == []
    save(dialog, "payment-gofood.png", tmp_path)
    selling.key(F.Key_F6)  # a quick cash note: no money is taken on a platform's sale
    assert dialog.payments == []
    selling.key(F.Key_Return)
    selling.idle()

    [sale] = done
    assert (sale.channel, sale.total, sale.commission, sale.change) == ("gofood", 26_000, 5_200, 0)
    assert [(p.method, p.amount, p.provider) for p in sale.settlement.applied] == [("platform", 26_000, "GoFood")]
    with db.read() as s:
        assert platform_balance(s, "gofood") == Money(20_800)
        assert check_books(s).ok
    # No cash was handed over: the counter says who pays, not "change Rp 0".
    assert checkout.totals.change_caption.text() == _("Paid through {channel}").format(channel="GoFood")
    assert checkout.totals.change.text() == "Rp 26.000" and "Rp 0" not in checkout.status.text()
    # The next sale is at the counter again, at the counter's prices.
    assert checkout.channels.code == "counter" and "Toko" in checkout.totals.channel.text()
    assert selling.at_scan_field()
    selling.scan(shop.codes[0])
    selling.idle()
    assert prices(selling) == [5_000]


def test_going_back_to_the_counter_brings_back_its_prices(selling: CounterDriver, shop: Shop, db: Database) -> None:
    selling.scan(shop.codes[1])  # Barang 2, Rp 10.000
    selling.idle()
    choose(selling, db, "gofood")
    assert prices(selling) == [12_000]
    choose(selling, db, "counter")
    assert prices(selling) == [10_000]
    assert selling.checkout.totals.total.text() == "Rp 10.000"


def test_escape_in_the_chooser_keeps_the_channel(selling: CounterDriver, shop: Shop) -> None:
    selling.scan(shop.codes[1])
    selling.idle()
    selling.key(F.Key_F7)
    selling.active(ChannelChooser)
    selling.idle()
    selling.key(F.Key_Down)  # moved, but not chosen
    selling.key(F.Key_Escape)
    selling.idle()
    assert selling.at_scan_field()
    assert selling.checkout.channels.code == "counter" and prices(selling) == [10_000]


def test_scans_on_their_way_are_priced_for_the_channel_chosen_after_them(
    selling: CounterDriver, shop: Shop, db: Database
) -> None:
    checkout = selling.checkout
    with db.read() as s:
        gofood = get_channel(s, "gofood")
    # Two scans still being looked up when the channel changes, one after it: all end at GoFood's prices, and
    # the two of Barang 1 on one line, as two scans of one item always are.
    checkout.scan(shop.codes[0])
    checkout.scan(shop.codes[1])
    checkout.channels.set_channel(gofood)
    checkout.scan(shop.codes[0])
    selling.idle()
    assert [(line.name, line.qty.milli) for line in checkout.model.cart.lines] == [
        ("Barang 1", 2_000),
        ("Barang 2", 1_000),
    ]
    assert prices(selling) == [6_000, 12_000]


def test_a_whatsapp_sale_at_the_counter_is_paid_as_usual(selling: CounterDriver, shop: Shop, db: Database) -> None:
    done: list[SaleResult] = []
    selling.checkout.sale_completed.connect(done.append)
    selling.scan(shop.codes[1])
    selling.idle()
    choose(selling, db, "whatsapp")
    assert prices(selling) == [10_000]  # WhatsApp sells at the counter price
    selling.key(F.Key_F12)
    dialog = selling.active(PaymentDialog)
    assert not dialog.by_platform
    selling.key(F.Key_Return)  # nothing paid yet: the core refuses
    selling.idle()
    assert done == [] and dialog.status.text() == _("Choose how the customer pays.")
    selling.key(F.Key_F5)  # exact money
    selling.idle()
    [sale] = done
    assert (sale.channel, sale.commission) == ("whatsapp", 0)
    assert [(p.method, p.amount) for p in sale.settlement.applied] == [("cash", 10_000)]
    assert selling.checkout.channels.code == "counter"


def test_f7_is_in_the_help(selling: CounterDriver) -> None:
    selling.key(F.Key_F1)
    box: Any = selling.checkout.dialog
    assert box is not None and "F7" in box.text()
    selling.key(F.Key_Escape)


def test_a_return_on_a_gofood_sale_is_refunded_through_gofood(
    selling: CounterDriver, shop: Shop, db: Database, tmp_path: Path
) -> None:
    done: list[SaleResult] = []
    selling.checkout.sale_completed.connect(done.append)
    choose(selling, db, "gofood")
    selling.scan(shop.codes[0])  # Rp 6.000 on GoFood
    selling.scan(shop.codes[2])  # Rp 20.000, GoFood's own price
    selling.idle()
    selling.key(F.Key_F12)
    selling.active(PaymentDialog)
    selling.key(F.Key_Return)
    selling.idle()
    [sale] = done

    selling.key(F.Key_1, Qt.KeyboardModifier.ControlModifier)
    dialog = selling.active(ReturnDialog)
    assert dialog.receipt.text() == sale.receipt_no
    selling.key(F.Key_Return)  # find the sale
    selling.idle()
    # GoFood pays the buyer back, so it is the first choice; cash and kasbon stay for a shop that pays itself.
    assert [dialog.refund.itemData(i) for i in range(dialog.refund.count())] == ["platform", "cash", "kasbon"]
    assert dialog.refund.currentText() == _("Through {platform}").format(platform="GoFood")
    dialog.set_return_qty(2, "1")
    save(dialog, "return-gofood.png", tmp_path)
    dialog.reason.setFocus()
    selling.type("pesanan salah", enter=True)
    selling.idle()
    selling.active(PinDialog)
    selling.type(OWNER_PIN, enter=True)
    selling.idle()
    assert selling.checkout.dialog is None and selling.at_scan_field()
    assert selling.checkout.status.text().replace("\xa0", " ") == _(
        "Return {number}: {amount} refunded through {platform}."
    ).format(number=f"{sale.receipt_no}-R1", amount="Rp 20.000", platform="GoFood")
    with db.read() as s:
        # Rp 20.000 of Rp 26.000 back: GoFood gives back Rp 4.000 of its Rp 5.200 and deducts Rp 16.000.
        assert platform_balance(s, "gofood") == Money(20_800 - 16_000)
        assert shift_report(s).refunds_cash == 0
        assert check_books(s).ok

"""Prices at the counter through the keyboard: a grosir sale, buy 2 get 1, a voucher and points redeemed, each
shown on the line and under the total as the cashier works, and booked as shown."""

from __future__ import annotations

from typing import Any

import pytest
from counter_support import CounterDriver, Shop
from PySide6.QtCore import Qt
from shop_support import AT, CASHIER_PIN
from sqlalchemy import text

from pos.i18n import _
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.prices import loyalty, tiers
from pos.ledger.prices.promotions import PromotionInfo, save_promotion
from pos.ledger.prices.terms import BuyGet
from pos.ledger.prices.vouchers import VoucherInfo, save_voucher
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.product_records import find_by_barcode
from pos.ui.counter.customers import CustomerPicker
from pos.ui.counter.payment import PaymentDialog
from pos.ui.counter.promo_dialog import PromoDialog

F = Qt.Key


@pytest.fixture
def selling(db: Database, shop: Shop, driver: CounterDriver) -> CounterDriver:
    """Barang 1 (Rp 5.000) from 12 pieces at Rp 4.500; Barang 2 (Rp 10.000) buy 2 get 1; voucher HEMAT5 (Rp 5.000
    off from Rp 20.000); a point for every Rp 1.000, worth Rp 100; Pak Budi holds 60 points from an earlier sale."""
    with db.write() as s:
        hits = [find_by_barcode(s, code) for code in shop.codes[:2]]
        barang1, barang2 = (hit.product.id for hit in hits if hit is not None)
        tiers.set_tiers(s, barang1, 1000, [(12_000, 4_500)])
        save_promotion(s, PromotionInfo(None, "Beli 2 gratis 1", BuyGet(barang2, 2, barang2, 1)))
        save_voucher(s, VoucherInfo("HEMAT5", amount=5_000, min_spend=20_000))
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=100))
        open_shift(s, shop.cashier, Money(100_000), at=AT)
        earlier = Cart(customer_id=shop.customer)
        earlier.add(line_for_scan(s, shop.codes[5], DEFAULT_FORMATS, Qty.units(2)))  # Rp 60.000: 60 points
        ring_up(s, shop.cashier, earlier, [cash(60_000)])  # now: the points must not have lapsed by the test
        # The shop holds no stock of these: the counter would ask about every dozen (tests/ui/test_counter_inputs.py
        # covers that question); here only the prices are looked at.
        settings.put(s, "counter.confirm_qty_above", 0)
    driver.log_in("2", CASHIER_PIN)
    assert driver.at_scan_field()
    return driver


def sales(driver: CounterDriver) -> list[SaleResult]:
    found: list[SaleResult] = []
    driver.checkout.sale_completed.connect(found.append)
    return found


def pay_exact(driver: CounterDriver, amount: str) -> None:
    driver.key(F.Key_F12)
    dialog = driver.active(PaymentDialog)
    assert dialog.due.text() == f"Rp {amount}"
    driver.type(amount.replace(".", ""), enter=True)
    driver.idle()
    assert driver.at_scan_field()


def effects(db: Database, result: SaleResult) -> list[tuple[Any, ...]]:
    with db.read() as s:
        return [
            tuple(r)
            for r in s.execute(
                text("SELECT kind, name, saved FROM sale_effects WHERE sale_id = :s ORDER BY seq"),
                {"s": result.sale_id.bytes},
            )
        ]


def test_grosir_buy_two_get_one_a_voucher_and_points_through_the_keyboard(
    db: Database, selling: CounterDriver, shop: Shop
) -> None:
    done = sales(selling)
    checkout = selling.checkout

    # A grosir sale: twelve pieces reach the wholesale price; the line says so, and what it saves.
    selling.scan(f"12*{shop.codes[0]}")
    selling.idle()
    model = checkout.model
    assert model.index(0, model.PRICE).data() == "Rp 4.500"
    assert _("wholesale") in model.index(0, model.NAME).data()
    assert "Rp 6.000" in checkout.prices.notes.text()
    assert checkout.totals.total.text() == "Rp 54.000"
    pay_exact(selling, "54.000")
    assert effects(db, done[-1]) == [("tier", "12", 6_000)]

    # Buy 2 get 1: the third piece is free, on its own line at Rp 0.
    selling.scan(f"3*{shop.codes[1]}")
    selling.idle()
    assert checkout.totals.total.text() == "Rp 20.000"
    assert _("Free: {promotion}").format(promotion="Beli 2 gratis 1") in checkout.prices.notes.text()
    pay_exact(selling, "20.000")
    assert effects(db, done[-1]) == [("free", "Beli 2 gratis 1", 10_000)]
    assert [(x.unit_price, x.free) for x in done[-1].prices.lines] == [(10_000, False), (0, True)]  # type: ignore[union-attr]

    # A voucher: F10, its code, Enter.
    selling.scan(shop.codes[3])  # Rp 20.000
    selling.idle()
    selling.key(F.Key_F10)
    dialog = selling.active(PromoDialog)
    assert "Beli 2 gratis 1" not in dialog.why.text()  # nothing of Barang 2 in this cart
    selling.type("hemat5", enter=True)
    selling.idle()
    assert selling.at_scan_field()
    assert checkout.totals.total.text() == "Rp 15.000"
    pay_exact(selling, "15.000")
    assert effects(db, done[-1]) == [("voucher", "HEMAT5", 5_000)]

    # Points: F4 for Pak Budi, then F10, Tab to the points, 50 of his 60, Enter.
    selling.key(F.Key_F4)
    selling.active(CustomerPicker)
    selling.type("budi", enter=True)
    selling.idle()
    selling.key(F.Key_Return)
    selling.idle()
    selling.scan(shop.codes[2])  # Rp 15.000
    selling.idle()
    selling.key(F.Key_F10)
    dialog = selling.active(PromoDialog)
    assert _("The customer has {points} points.").format(points="60") in [
        w.text() for w in dialog.findChildren(type(dialog.heading))
    ]
    selling.key(F.Key_Tab)
    selling.type("50", enter=True)
    selling.idle()
    assert checkout.totals.total.text() == "Rp 10.000"
    pay_exact(selling, "10.000")
    assert effects(db, done[-1]) == [("points", "", 5_000)]
    with db.read() as s:
        assert loyalty.points_balance(s, shop.customer, business_date(utc_now())) == 60 - 50 + 10
        assert check_books(s).ok


def test_a_used_up_voucher_is_refused_in_the_dialog_with_the_reason(
    db: Database, selling: CounterDriver, shop: Shop
) -> None:
    with db.write() as s:
        save_voucher(s, VoucherInfo("SEKALI", amount=1_000))
        once = Cart()
        once.add(line_for_scan(s, shop.codes[0], DEFAULT_FORMATS))
        once.set_voucher("SEKALI")
        ring_up(s, shop.cashier, once, [cash(5_000)], at=AT)
    selling.scan(shop.codes[0])
    selling.idle()
    selling.key(F.Key_F10)
    dialog = selling.active(PromoDialog)
    selling.type("SEKALI", enter=True)
    selling.idle()
    assert dialog.isVisible()
    assert dialog.status.text() == _("Voucher {code} has been used up: {uses} of {limit} uses.").format(
        code="SEKALI", uses="1", limit="1"
    )
    assert selling.checkout.totals.total.text() == "Rp 5.000"

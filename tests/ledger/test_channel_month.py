"""A month of selling beyond the counter, as the owners walked it: GoFood and ShopeeFood sales at their prices with
refunds through the platform, weekly payouts by period (one short, one over, one recorded twice), WhatsApp orders
delivered, cancelled and kept as credit, that credit spent at the counter. At the end the books balance, `laci
check` finds nothing, hledger agrees with every account, commission never went below zero, and what the platforms
owe is what their statements would say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders import counter, counter_template, fresh_db
from channel_support import account, cart_for, hledger_disagrees, owed_by_platform, set_up_menu, whatsapp_customer
from sqlalchemy.orm import Session

from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import edit_channel, price_for_channel
from pos.ledger.channels.payouts import settle_platform
from pos.ledger.channels.platform_owed import match_payout, platform_owed
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.people.deposits import customer_credit
from pos.ledger.selling.orders import cancel_order, complete_order, new_order
from pos.ledger.selling.returns import return_items
from pos.ledger.selling.sales import ring_up

START = dt.datetime(2026, 11, 1, 4, 0, tzinfo=dt.UTC)  # 11.00 WIB


def _week_payout(s: Session, code: str, day: dt.datetime, off: int, difference: str, reference: str) -> Money | None:
    """The platform's statement for the week up to the day before: what it owes, paid `off` rupiah apart; returns
    the money recorded (None when nothing was owed)."""
    end = (day - dt.timedelta(days=1)).date()
    owed = match_payout(s, code, end=end).owed
    if owed <= 0:
        return None
    paid = Money(owed + off)
    settle_platform(s, counter(s).owner, code, paid, up_to=end, difference=difference, reference=reference, at=day)
    return paid


def test_a_month_of_channel_sales_keeps_the_books_and_hledger_agreeing(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = fresh_db(counter_template(template_db, tmp_path_factory.mktemp("counter")), tmp_path_factory.mktemp("m"))
    try:
        with db.write() as s:
            menu = set_up_menu(s)
            owner = counter(s).owner
            edit_channel(s, owner, "shopeefood", commission_bp=2_000, markup_bp=1_500, price_round=500)
            edit_channel(s, owner, "whatsapp", markup_bp=500, price_round=500)
            ani = whatsapp_customer(s)
        dishes = (menu.nasi, menu.teh, menu.kerupuk)
        for n in range(30):
            day = START + dt.timedelta(days=n)
            with db.write() as s:
                cashier, owner = counter(s).cashier, counter(s).owner
                for k, code in enumerate(("gofood", "shopeefood", "gofood")):
                    cart = cart_for(s, (dishes[(n + k) % 3], 1 + k), (dishes[n % 3], 1))
                    sale = ring_up(s, cashier, price_for_channel(s, cart, code), [], channel=code, at=day)
                    if n % 7 == 3 and k == 0:
                        return_items(s, owner, sale.receipt_no, [(1, Qty.units(1))], refund_method="platform", at=day)
                cart = price_for_channel(s, cart_for(s, (menu.nasi, 1), (menu.teh, 2), customer=ani), "whatsapp")
                order = new_order(s, cashier, cart, deposit=Money(10_000), deposit_method="qris", at=day)
                if n % 5 == 4:
                    cancel_order(s, cashier, order.id, deposit="credit", at=day)
                else:
                    complete_order(s, cashier, order.id, [cash(100_000)], at=day + dt.timedelta(hours=2))
                held = customer_credit(s, ani).rupiah
                if n % 10 == 9 and held:
                    spend = cart_for(s, (menu.teh, 1), customer=ani)
                    ring_up(s, cashier, spend, [Payment("credit", Money(min(held, 5_000)))], at=day)
                if day.weekday() == 0:  # Mondays the platforms pay the week before
                    paid = _week_payout(s, "gofood", day, -300 if n % 2 else 0, "commission", f"GF-{n}")
                    _week_payout(s, "shopeefood", day, 700, "income", f"SF-{n}")
                    if paid is not None:
                        with pytest.raises(InvalidInput) as twice:  # the same GoFood payout typed in again
                            settle_platform(
                                s, owner, "gofood", paid, difference="commission", reference=f"GF-{n}", at=day
                            )
                        assert "already recorded" in twice.value.msgid
            with db.read() as s:
                assert account(s, accounts.BEBAN_KOMISI) >= 0
        with db.read() as s:
            assert check_books(s).ok, [str(p) for p in check_books(s).problems]
            assert hledger_disagrees(s, tmp_path_factory.mktemp("hledger") / "books.journal") == {}
            for code in ("gofood", "shopeefood"):
                owed = platform_owed(s, code)
                assert owed_by_platform(s, code) == owed.balance == owed.total > 0
            assert account(s, accounts.PENDAPATAN_LAIN) > 0  # ShopeeFood's extra, booked as income
    finally:
        db.dispose()

"""Returns on a sale made on a delivery platform: refunded through the platform, which gives back its commission
on the returned goods and takes the rest from what it owes the shop; the books, the platform's balance and the
channel report agree, and a refund in several parts gives back exactly the whole commission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import counter, counter_template, fresh_db, readable, row_counts, sell
from channel_support import Menu, account, cart_for, entry_lines, owed_by_platform, sell_on, set_up_menu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import price_for_channel
from pos.ledger.channels.payouts import settle_platform
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import shift_report
from pos.ledger.reports.channels import channel_report
from pos.ledger.reports.daily import daily_report
from pos.ledger.selling.returns import return_items, sale_for_return
from pos.ledger.selling.sales import SaleResult
from pos.ledger.slips.receipts import slip_for_return
from pos.printing.layout import as_text, return_lines

DAY1 = dt.datetime(2026, 11, 20, 5, 0, tzinfo=dt.UTC)  # 12.00 WIB
DAY2 = dt.datetime(2026, 11, 21, 5, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[tuple[Database, Menu]]:
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        menu = set_up_menu(s)
    yield db, menu
    db.dispose()


def _gofood_sale_in(s: Session, menu: Menu, at: dt.datetime = DAY1) -> SaleResult:
    """Nasi goreng Rp 25.000, 2 es teh Rp 6.000, 3 kerupuk Rp 2.000 on GoFood: Rp 43.000, commission Rp 8.600."""
    cart = price_for_channel(s, cart_for(s, (menu.nasi, 1), (menu.teh, 2), (menu.kerupuk, 3)), "gofood")
    return sell_on(s, "gofood", cart, at=at)


def _gofood_sale(db: Database, menu: Menu) -> SaleResult:
    with db.write() as s:
        return _gofood_sale_in(s, menu)


def test_a_return_through_gofood_gives_back_the_commission_and_lowers_what_gofood_owes(
    shop: tuple[Database, Menu],
) -> None:
    db, menu = shop
    sale = _gofood_sale(db, menu)
    with db.read() as s:
        found = sale_for_return(s, sale.receipt_no)
        cash_before = shift_report(s).expected_cash
    assert found.platform == "GoFood"

    with db.write() as s:
        owner = counter(s).owner
        first = return_items(s, owner, sale.receipt_no, [(1, Qty.units(1))], refund_method="platform", at=DAY2)
    # 25.000 of 43.000 returned: GoFood gives back 25/43 of its Rp 8.600 and takes Rp 20.000 from what it owes.
    assert (first.amount, first.refund_method, first.commission) == (25_000, "platform", 5_000)
    with db.read() as s:
        assert entry_lines(s, first.return_id, "return") == {
            accounts.POTONGAN: (25_000, 0),
            accounts.PIUTANG_PLATFORM: (0, 20_000),
            accounts.BEBAN_KOMISI: (0, 5_000),
            accounts.PERSEDIAAN: (12_000, 0),
            accounts.HPP: (0, 12_000),
        }
        assert owed_by_platform(s, "gofood") == 34_400 - 20_000
        assert account(s, accounts.BEBAN_KOMISI) == 3_600
        assert shift_report(s).expected_cash == cash_before, "nothing left the drawer"
        day = daily_report(s, DAY2.date())
        assert (day.refunds_total, day.refunds_cash) == (25_000, 0)
        slip = slip_for_return(s, first.return_id)
        assert (slip.refund_method, slip.platform, slip.amount) == ("platform", "GoFood", 25_000)
        printed = as_text(return_lines(slip, 32), 32)
        assert _("Refunded through {platform}").format(platform="GoFood") in printed
        assert _("Refunded in cash") not in printed

    with db.write() as s:
        rest = return_items(
            s, owner, sale.receipt_no, [(2, Qty.units(2)), (3, Qty.units(3))], refund_method="platform", at=DAY2
        )
    assert (rest.amount, rest.commission) == (18_000, 3_600)
    with db.read() as s:
        assert owed_by_platform(s, "gofood") == 0
        assert account(s, accounts.BEBAN_KOMISI) == 0
        assert check_books(s).ok
        row = channel_report(s, Period(DAY1.date(), DAY2.date())).row("gofood")
    assert row is not None
    assert (row.total, row.commission, row.refunds, row.net) == (43_000, 0, 43_000, 0)


def test_a_return_after_the_payout_is_owed_back_by_the_shop_until_the_next_payout(
    shop: tuple[Database, Menu],
) -> None:
    db, menu = shop
    sale = _gofood_sale(db, menu)
    with db.write() as s:
        owner = counter(s).owner
        settle_platform(s, owner, "gofood", Money(34_400), at=DAY1)
        return_items(s, owner, sale.receipt_no, [(1, Qty.units(1))], refund_method="platform", at=DAY2)
    with db.read() as s:
        # GoFood refunded the buyer Rp 25.000 and kept Rp 5.000 less commission: it deducts Rp 20.000 next time.
        assert owed_by_platform(s, "gofood") == -20_000
        assert check_books(s).ok
    with db.write() as s:
        again = _gofood_sale_in(s, menu, DAY2)  # Rp 43.000 more, Rp 34.400 owed for it
        payout = settle_platform(s, owner, "gofood", Money(14_400), at=DAY2)
    assert again.total == 43_000
    assert (payout.cleared, payout.received, payout.fees, payout.balance_after) == (14_400, 14_400, 0, 0)


def test_a_refund_paid_in_cash_by_the_shop_leaves_the_commission_with_the_platform(
    shop: tuple[Database, Menu],
) -> None:
    db, menu = shop
    sale = _gofood_sale(db, menu)
    with db.write() as s:
        back = return_items(s, counter(s).owner, sale.receipt_no, [(1, Qty.units(1))], refund_method="cash", at=DAY2)
    assert (back.amount, back.commission) == (25_000, 0)
    with db.read() as s:
        assert owed_by_platform(s, "gofood") == 34_400
        assert account(s, accounts.BEBAN_KOMISI) == 8_600
        assert check_books(s).ok


def test_only_a_platform_sale_is_refunded_through_a_platform(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        at_counter = sell(s, cart_for(s, (menu.nasi, 1)), [cash(20_000)])
    with db.read() as s:
        assert sale_for_return(s, at_counter.receipt_no).platform == ""
        before = row_counts(s)
    with db.write() as s, pytest.raises(InvalidInput) as caught:
        return_items(s, counter(s).owner, at_counter.receipt_no, [(1, Qty.units(1))], refund_method="platform")
    readable(
        caught.value,
        "Sale {number} was not made on a delivery platform or marketplace; refund it in cash or to kasbon.",
    )
    with db.write() as s, pytest.raises(InvalidInput) as caught:
        return_items(s, counter(s).owner, at_counter.receipt_no, [(1, Qty.units(1))], refund_method="voucher")
    readable(caught.value, "A refund is paid in cash, credited to kasbon, or made through the platform.")
    with db.read() as s:
        assert row_counts(s) == before


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.lists(
        st.tuples(st.sampled_from([1, 2, 3]), st.integers(min_value=1, max_value=3)), min_size=1, max_size=8
    ),
    commission_bp=st.integers(min_value=1, max_value=3_000),
)
def test_returns_in_any_parts_give_back_the_whole_commission_and_the_books_balance(
    counter_path: Path, tmp_path_factory: pytest.TempPathFactory, parts: list[tuple[int, int]], commission_bp: int
) -> None:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("parts"))
    try:
        with db.write() as s:
            menu = set_up_menu(s, commission_bp=commission_bp)
        sale = _gofood_sale(db, menu)
        left = {1: 1, 2: 2, 3: 3}
        given_back = 0
        for line, qty in parts:
            qty = min(qty, left[line])
            if not qty:
                continue
            left[line] -= qty
            with db.write() as s:
                given_back += return_items(
                    s, counter(s).owner, sale.receipt_no, [(line, Qty.units(qty))], refund_method="platform"
                ).commission
        with db.write() as s:
            rest = [(line, Qty.units(qty)) for line, qty in left.items() if qty]
            if rest:
                given_back += return_items(
                    s, counter(s).owner, sale.receipt_no, rest, refund_method="platform"
                ).commission
        with db.read() as s:
            assert given_back == sale.commission
            assert owed_by_platform(s, "gofood") == 0
            assert account(s, accounts.BEBAN_KOMISI) == 0
            assert check_books(s).ok
    finally:
        db.dispose()

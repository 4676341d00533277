"""Platform payouts matched to what is owed: by sale or by period as the platform's statement lists them, a
difference booked only where the owner says (never as a negative commission), a payout for nothing owed or one
already recorded refused; and, over random sales, returns and payouts, Beban komisi platform never below zero and
Piutang platform always what the platforms owe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import counter, counter_template, fresh_db, readable, row_counts
from channel_support import Menu, account, cart_for, entry_lines, owed_by_platform, sell_on, set_up_menu
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.db import Database
from pos.ledger.base.errors import Conflict, InvalidInput, LedgerError, NotFound
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.check import check_books
from pos.ledger.channels.channels import edit_channel, price_for_channel
from pos.ledger.channels.payouts import settle_platform
from pos.ledger.channels.platform_owed import match_payout, platform_owed
from pos.ledger.selling.returns import return_items
from pos.ledger.selling.sales import SaleResult

DAY1 = dt.datetime(2026, 11, 20, 5, 0, tzinfo=dt.UTC)  # 12.00 WIB
DAY2 = dt.datetime(2026, 11, 21, 5, 0, tzinfo=dt.UTC)
DAY3 = dt.datetime(2026, 11, 22, 5, 0, tzinfo=dt.UTC)


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


def _nasi_on_gofood(s: Session, menu: Menu, n: int, at: dt.datetime) -> SaleResult:
    """`n` nasi goreng at GoFood's Rp 25.000: GoFood owes Rp 20.000 each after its 20%."""
    return sell_on(s, "gofood", price_for_channel(s, cart_for(s, (menu.nasi, n)), "gofood"), at=at)


def test_with_nothing_owed_a_payout_is_refused_and_profit_does_not_move(shop: tuple[Database, Menu]) -> None:
    db, _menu = shop
    with db.write() as s:
        before = row_counts(s)
        with pytest.raises(InvalidInput) as refused:
            settle_platform(s, counter(s).owner, "gofood", Money(10_000))
        assert readable(refused.value, refused.value.msgid).startswith("GoFood owes nothing for those sales")
        assert row_counts(s) == before
        assert account(s, accounts.BEBAN_KOMISI) == 0


def test_a_payout_recorded_twice_is_refused_the_second_time(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        _nasi_on_gofood(s, menu, 1, DAY1)
        _nasi_on_gofood(s, menu, 2, DAY1)
    with db.write() as s:
        owner = counter(s).owner
        first = settle_platform(s, owner, "gofood", Money(20_000), difference="platform", reference="GF-881", at=DAY2)
        assert (first.owed, first.cleared, first.balance_after) == (60_000, 20_000, 40_000)
    with db.write() as s:
        before = row_counts(s)
        with pytest.raises(Conflict) as twice:
            settle_platform(s, owner, "gofood", Money(20_000), difference="platform", reference="gf-881 ", at=DAY2)
        english = readable(twice.value, twice.value.msgid)
        assert "Rp 20.000 from GoFood on 21 Nov 2026 (GF-881) is already recorded" in english
        assert row_counts(s) == before
        # Another payout of the same amount that day, with its own reference, is a payout of its own.
        again = settle_platform(s, owner, "gofood", Money(20_000), difference="platform", reference="GF-882", at=DAY2)
    assert again.balance_after == 20_000


def test_a_difference_must_be_said_and_goes_only_where_it_belongs(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        _nasi_on_gofood(s, menu, 1, DAY1)  # Rp 20.000 owed
        owner = counter(s).owner
        before = row_counts(s)
        for received, difference, msgid_start in (
            (19_500, "", "{name} paid {received} for sales that owe {owed}: {short} less."),
            (19_500, "income", "{name} paid {received} for sales that owe {owed}: {short} less."),
            (21_000, "", "{name} paid {received} for sales that owe {owed}: {more} more."),
            (21_000, "commission", "{name} paid {received} for sales that owe {owed}: {more} more."),
            (21_000, "platform", "{received} would clear more than {name} owes in all ({owed})."),
        ):
            with pytest.raises(InvalidInput) as refused:
                settle_platform(s, owner, "gofood", Money(received), difference=difference, at=DAY2)
            assert refused.value.msgid.startswith(msgid_start)
            readable(refused.value, refused.value.msgid)
        assert row_counts(s) == before
    with db.write() as s:
        paid_more = settle_platform(s, owner, "gofood", Money(21_000), difference="income", at=DAY2)
        assert (paid_more.owed, paid_more.cleared, paid_more.balance_after) == (20_000, 20_000, 0)
        assert entry_lines(s, paid_more.id) == {
            accounts.BANK: (21_000, 0),
            accounts.PIUTANG_PLATFORM: (0, 20_000),
            accounts.PENDAPATAN_LAIN: (0, 1_000),
        }
        assert account(s, accounts.BEBAN_KOMISI) == 5_000  # the sale's own 20%, untouched by the payout
        assert check_books(s).ok


def test_a_payout_by_sale_clears_those_sales_and_leaves_the_others_owed(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        first = _nasi_on_gofood(s, menu, 1, DAY1)  # Rp 20.000
        second = _nasi_on_gofood(s, menu, 2, DAY1)  # Rp 40.000
        third = _nasi_on_gofood(s, menu, 3, DAY2)  # Rp 60.000
    with db.write() as s:
        match = match_payout(s, "gofood", receipts=[second.receipt_no.lower(), third.receipt_no])
        assert (match.owed, match.balance) == (100_000, 120_000)
        settle_platform(s, counter(s).owner, "gofood", Money(100_000), receipts=[second.receipt_no, third.receipt_no])
    with db.read() as s:
        owed = platform_owed(s, "gofood")
        assert [(line.receipt_no, line.owed) for line in owed.lines] == [(first.receipt_no, 20_000)]
        assert owed.total == owed.balance == owed_by_platform(s, "gofood") == 20_000
        with pytest.raises(NotFound) as paid:
            match_payout(s, "gofood", receipts=[second.receipt_no])
        assert second.receipt_no in readable(paid.value, paid.value.msgid)


def test_a_payout_by_period_takes_that_periods_sales_and_refunds_made_after_an_earlier_payout(
    shop: tuple[Database, Menu],
) -> None:
    db, menu = shop
    with db.write() as s:
        owner = counter(s).owner
        first = _nasi_on_gofood(s, menu, 2, DAY1)  # Rp 40.000 on the 20th
        settle_platform(s, owner, "gofood", Money(40_000), start=DAY1.date(), up_to=DAY1.date(), at=DAY1)
        return_items(s, owner, first.receipt_no, [(1, Qty.units(1))], refund_method="platform", at=DAY2)
        _nasi_on_gofood(s, menu, 1, DAY2)  # Rp 20.000 on the 21st
        _nasi_on_gofood(s, menu, 3, DAY3)  # Rp 60.000 on the 22nd
    with db.write() as s:
        # The statement for the 21st: its one sale, less the refund GoFood made on the 20th's sale.
        match = match_payout(s, "gofood", start=DAY2.date(), end=DAY2.date())
        assert [line.owed for line in match.lines] == [-20_000, 20_000]
        with pytest.raises(InvalidInput):
            settle_platform(s, owner, "gofood", Money(0), start=DAY2.date(), up_to=DAY2.date())
    with db.read() as s:
        assert owed_by_platform(s, "gofood") == 60_000
        assert [line.owed for line in platform_owed(s, "gofood").lines] == [-20_000, 20_000, 60_000]


def test_a_payout_short_of_what_is_owed_can_leave_the_rest_owed(shop: tuple[Database, Menu]) -> None:
    db, menu = shop
    with db.write() as s:
        older = _nasi_on_gofood(s, menu, 1, DAY1)
        newer = _nasi_on_gofood(s, menu, 1, DAY2)
    with db.write() as s:
        payout = settle_platform(s, counter(s).owner, "gofood", Money(30_000), difference="platform", at=DAY3)
        assert (payout.owed, payout.cleared, payout.fees, payout.balance_after) == (40_000, 30_000, 10_000, 10_000)
        # The oldest sale is paid first; the rest of the newer one is still owed.
        lines = platform_owed(s, "gofood").lines
        assert [(line.receipt_no, line.owed) for line in lines] == [(newer.receipt_no, 10_000)]
        assert older.receipt_no not in {line.receipt_no for line in lines}
        assert account(s, accounts.BEBAN_KOMISI) == 10_000  # the two sales' own commission only


PLATFORMS = ("gofood", "tokopedia")
operations = st.lists(
    st.one_of(
        st.tuples(st.just("sale"), st.sampled_from(PLATFORMS), st.integers(1, 3), st.integers(0, 2)),
        st.tuples(st.just("return"), st.integers(0, 20)),
        st.tuples(
            st.just("payout"),
            st.sampled_from(PLATFORMS),
            st.sampled_from(["all", "day", "sales"]),
            st.one_of(st.just(0), st.integers(-3_000, 3_000)),
            # "fits": the one a careful owner picks (commission when short, income when more); the rest at random.
            st.sampled_from(["fits", "fits", "platform", "", "commission", "income"]),
            st.booleans(),  # the same payout again
        ),
    ),
    min_size=2,
    max_size=14,
)


def _facts_owed(s: Session, code: str) -> int:
    """What platform `code` owes by the facts alone: its sales less commission, less refunds it made, less what
    payouts cleared."""
    sold = s.execute(
        text("SELECT COALESCE(SUM(total - commission), 0) FROM sales WHERE channel = :c"), {"c": code}
    ).scalar_one()
    refunded = s.execute(
        text(
            "SELECT COALESCE(SUM(r.amount - r.commission), 0) FROM sale_returns r JOIN sales s ON s.id = r.sale_id "
            "WHERE s.channel = :c AND r.refund_method = 'platform'"
        ),
        {"c": code},
    ).scalar_one()
    cleared = s.execute(
        text("SELECT COALESCE(SUM(cleared), 0) FROM channel_settlements WHERE channel = :c"), {"c": code}
    ).scalar_one()
    return int(sold) - int(refunded) - int(cleared)


def _one(s: Session, menu: Menu, op: tuple[Any, ...], day: dt.datetime) -> None:
    owner = counter(s).owner
    if op[0] == "sale":
        dishes = (menu.nasi, menu.teh, menu.kerupuk)
        cart = price_for_channel(s, cart_for(s, (dishes[op[3]], op[2])), op[1])
        sell_on(s, op[1], cart, at=day)
        return
    if op[0] == "return":
        sales = (
            s.execute(text("SELECT receipt_no FROM sales WHERE channel <> 'counter' ORDER BY created_at"))
            .scalars()
            .all()
        )
        if sales:
            receipt = sales[op[1] % len(sales)]
            try:
                return_items(s, owner, receipt, [(1, Qty.units(1))], refund_method="platform", at=day)
                event("return")
            except InvalidInput:
                pass  # nothing left to return on that line
        return
    _kind, code, how, off, difference, again = op
    owed = platform_owed(s, code)
    chosen: dict[str, Any] = {}
    if how == "day" and owed.lines:
        chosen = {"start": day.date() - dt.timedelta(days=1), "up_to": day.date()}
    elif how == "sales":
        chosen = {"receipts": [line.receipt_no for line in owed.lines if line.sale_id is not None][::2]}
    try:
        match = match_payout(
            s, code, receipts=chosen.get("receipts", ()), start=chosen.get("start"), end=chosen.get("up_to")
        )
    except InvalidInput:
        return
    received = max(match.owed + off, 0)
    if difference == "fits":
        difference = "commission" if received < match.owed else "income" if received > match.owed else ""
    before = row_counts(s)
    try:
        settle_platform(s, owner, code, Money(received), difference=difference, reference="R", at=day, **chosen)
        event(f"payout {difference or 'exact'}")
    except LedgerError:
        assert row_counts(s) == before, "a refused payout wrote something"
        event("payout refused")
        return
    if again:
        before = row_counts(s)
        with pytest.raises(Conflict) as twice:
            settle_platform(s, owner, code, Money(received), difference=difference, reference="R", at=day, **chosen)
        assert "is already recorded" in twice.value.msgid
        assert row_counts(s) == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_commission_never_goes_negative_and_piutang_platform_is_what_the_platforms_owe(
    counter_path: Path, tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[Any, ...]]
) -> None:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("payouts"))
    try:
        with db.write() as s:
            menu = set_up_menu(s)
            edit_channel(s, counter(s).owner, "tokopedia", commission_bp=425)
        for n, op in enumerate(ops):
            with db.write() as s:
                _one(s, menu, op, DAY1 + dt.timedelta(days=n // 3))
            with db.read() as s:
                assert account(s, accounts.BEBAN_KOMISI) >= 0
                for code in PLATFORMS:
                    owed = platform_owed(s, code)
                    assert owed_by_platform(s, code) == owed.balance == owed.total == _facts_owed(s, code)
        with db.read() as s:
            commission = s.execute(
                text(
                    "SELECT (SELECT COALESCE(SUM(commission), 0) FROM sales) "
                    "- (SELECT COALESCE(SUM(commission), 0) FROM sale_returns) "
                    "+ (SELECT COALESCE(SUM(owed - received), 0) FROM channel_settlements "
                    "WHERE difference = 'commission')"
                )
            ).scalar_one()
            assert account(s, accounts.BEBAN_KOMISI) == commission
            income = s.execute(
                text("SELECT COALESCE(SUM(received - owed), 0) FROM channel_settlements WHERE difference = 'income'")
            ).scalar_one()
            assert account(s, accounts.PENDAPATAN_LAIN) == income
            assert check_books(s).ok
    finally:
        db.dispose()

"""PPh Final booked and paid: the month's tax into Utang PPh Final, its payment out of Kas, statements unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.test_reports_shop import books_copy, set_pph

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.books.balances import account_balance, trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.reports.cashflow import cash_flow
from pos.ledger.reports.pnl import pnl_figures
from pos.ledger.reports.position import position_figures
from pos.ledger.reports.pph_booking import accrue_pph, month_status, pay_pph, year_status

JULY_5 = dt.datetime(2026, 7, 5, 3, 0, tzinfo=dt.UTC)
MARCH = dt.date(2026, 3, 1)
H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


@pytest.fixture
def books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = books_copy(template_db, tmp_path_factory)
    # A small exemption, so the seven-month shop owes tax from its first months.
    set_pph(db, rate_bp=50, exemption=2_000_000, taxpayer="individual")
    yield db
    db.dispose()


def _statements(db: Database) -> tuple[int, int, int, int]:
    with db.read() as s:
        pnl = pnl_figures(s, H1)
        end = position_figures(s, H1.end)
        assert end.balances
        return pnl.net_profit, end.total_equity, end.total_liabilities, end.total_assets


def test_booking_and_paying_a_month_moves_the_tax_into_the_books_without_changing_the_statements(
    books: Database,
) -> None:
    before = _statements(books)
    with books.read() as s:
        due = month_status(s, MARCH).due
        unbooked_before = position_figures(s, H1.end).pph_payable
    assert due > 0
    with books.write() as s:
        entry = accrue_pph(s, MARCH, at=JULY_5)
    assert entry is not None
    with books.read() as s:
        status = month_status(s, MARCH)
        assert (status.booked, status.paid, status.owed) == (due, 0, due)
        assert account_balance(s, accounts.UTANG_PPH_FINAL, H1.end) == due
        assert account_balance(s, accounts.BEBAN_PPH_FINAL, dt.date(2026, 3, 31)) == due
        assert position_figures(s, H1.end).pph_payable == unbooked_before - due
    # Profit, equity, liabilities and assets read the same: the tax was counted before, now it is booked.
    assert _statements(books) == before

    with books.write() as s:
        assert accrue_pph(s, MARCH, at=JULY_5) is None  # booked once only
        kas = account_balance(s, accounts.KAS)
        pay_pph(s, MARCH, Money(due - 1_000), paid_from=accounts.KAS, at=JULY_5)
    with books.write() as s:
        pay_pph(s, MARCH, at=JULY_5)  # the rest
    with books.read() as s:
        assert month_status(s, MARCH).owed == 0
        assert account_balance(s, accounts.KAS) == kas - due
        assert account_balance(s, accounts.UTANG_PPH_FINAL) == 0
        flow = cash_flow(s, Period(dt.date(2026, 7, 1), dt.date(2026, 7, 31)))
        assert flow.flow("taxes") == -due
        assert trial_balance(s).difference == 0
        assert check_books(s).ok


def test_paying_books_the_month_first_and_refuses_more_than_it_owes(books: Database) -> None:
    with books.read() as s:
        due = month_status(s, MARCH).due
        tb = trial_balance(s).total_debit
    with pytest.raises(InvalidInput, match="lebih"), books.write() as s:
        pay_pph(s, MARCH, Money(due + 1), at=JULY_5)
    with books.read() as s:
        assert trial_balance(s).total_debit == tb  # nothing written, the booking neither
    with pytest.raises(InvalidInput), books.write() as s:
        pay_pph(s, MARCH, Money(0), at=JULY_5)
    with pytest.raises(InvalidInput), books.write() as s:
        pay_pph(s, MARCH, paid_from=accounts.PERSEDIAAN, at=JULY_5)
    with books.write() as s:
        pay_pph(s, MARCH, at=JULY_5)
    with books.read() as s:
        assert month_status(s, MARCH).owed == 0 and month_status(s, MARCH).booked == due
    with pytest.raises(InvalidInput), books.write() as s:
        pay_pph(s, MARCH, at=JULY_5)


def test_a_month_not_over_cannot_be_booked(books: Database) -> None:
    with pytest.raises(InvalidInput, match="bulan"), books.write() as s:
        accrue_pph(s, dt.date(2026, 7, 1), at=JULY_5)


def test_the_year_lists_every_month_with_what_is_due_booked_and_paid(books: Database) -> None:
    with books.write() as s:
        for month in (1, 2):
            accrue_pph(s, dt.date(2026, month, 1), at=JULY_5)
    with books.read() as s:
        months = year_status(s, 2026)
    assert [m.month.month for m in months][:6] == [1, 2, 3, 4, 5, 6]
    assert all(m.booked == m.due for m in months[:2]) and months[2].booked == 0
    assert sum(m.due for m in months[:6]) == pnl_figures_tax(books)


def pnl_figures_tax(db: Database) -> int:
    with db.read() as s:
        return pnl_figures(s, H1).pph

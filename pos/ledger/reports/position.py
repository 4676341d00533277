"""Laporan posisi keuangan as of any day beside a comparison day: assets, liabilities and equity that balance.

Equity shows Modal, Prive, Saldo laba (the earnings of the years before the report's year, after PPh Final) and
Laba tahun berjalan (this year's up to the day). PPh Final worked out on the turnover is shown as owed: the chart
has no account of its own for it yet, and without it the statement would not agree with the laba rugi.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.books import accounts
from pos.ledger.books.balances import activity, trial_balance
from pos.ledger.books.opening_view import books_start
from pos.ledger.reports.books_start import before_start_note
from pos.ledger.reports.pnl import AccountAmount, name_of
from pos.ledger.reports.pph import PphPolicy, policy, pph_until
from pos.ledger.reports.rows import Row, Style, heading, plain

PROFIT_KINDS = ("revenue", "expense")


@dataclass(frozen=True, slots=True)
class PositionFigures:
    as_of: dt.date
    current_assets: tuple[AccountAmount, ...]
    fixed_assets: tuple[AccountAmount, ...]
    liabilities: tuple[AccountAmount, ...]
    pph_payable: int  # PPh Final the turnover carries beyond what Utang PPh Final holds (months not booked)
    equity: tuple[AccountAmount, ...]  # Modal, Prive (negative), and any other equity account but Saldo laba
    retained_earnings: int
    profit_for_year: int

    @property
    def total_current_assets(self) -> int:
        return sum(x.amount for x in self.current_assets)

    @property
    def total_fixed_assets(self) -> int:
        return sum(x.amount for x in self.fixed_assets)

    @property
    def total_assets(self) -> int:
        return self.total_current_assets + self.total_fixed_assets

    @property
    def total_liabilities(self) -> int:
        return sum(x.amount for x in self.liabilities) + self.pph_payable

    @property
    def total_equity(self) -> int:
        return sum(x.amount for x in self.equity) + self.retained_earnings + self.profit_for_year

    @property
    def total_liabilities_and_equity(self) -> int:
        return self.total_liabilities + self.total_equity

    @property
    def balances(self) -> bool:
        return self.total_assets == self.total_liabilities_and_equity

    def account(self, code: str) -> int:
        every = (*self.current_assets, *self.fixed_assets, *self.liabilities, *self.equity)
        return next((x.amount for x in every if x.account.code == code), 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            **plain(self),
            "total_current_assets": self.total_current_assets,
            "total_fixed_assets": self.total_fixed_assets,
            "total_assets": self.total_assets,
            "total_liabilities": self.total_liabilities,
            "total_equity": self.total_equity,
            "total_liabilities_and_equity": self.total_liabilities_and_equity,
            "balances": self.balances,
        }


def position_figures(session: Session, as_of: dt.date, rule: PphPolicy | None = None) -> PositionFigures:
    """Balances at the end of `as_of`: two queries over the day totals and one over the turnover."""
    rule = rule or policy(session)
    tb = trial_balance(session, as_of).accounts
    year = activity(session, dt.date(as_of.year, 1, 1), as_of)
    pph_all, pph_year = pph_until(session, as_of, rule)
    # Tax already booked (Beban PPh Final) is in the profit and in Utang PPh Final; only the rest is added here.
    booked_all = next((a.debit - a.credit for a in tb if a.code == accounts.BEBAN_PPH_FINAL), 0)
    booked_year = next((a.debit - a.credit for a in year if a.code == accounts.BEBAN_PPH_FINAL), 0)
    unbooked_all, unbooked_year = pph_all - booked_all, pph_year - booked_year
    profit_all = sum(a.credit - a.debit for a in tb if a.kind in PROFIT_KINDS)
    profit_year = sum(a.credit - a.debit for a in year if a.kind in PROFIT_KINDS)

    def group(section: str) -> tuple[AccountAmount, ...]:
        # Debit less credit for every asset, so Akumulasi penyusutan shows as the deduction it is.
        return tuple(AccountAmount(name_of(a), a.debit - a.credit) for a in tb if a.section == section)

    equity = tuple(
        # Prive is a debit account; shown as a deduction from equity.
        AccountAmount(name_of(a), a.credit - a.debit)
        for a in tb
        if a.section == "equity" and a.code != accounts.SALDO_LABA
    )
    kept = next((a.balance for a in tb if a.code == accounts.SALDO_LABA), 0)
    return PositionFigures(
        as_of=as_of,
        current_assets=group("current_asset"),
        fixed_assets=group("fixed_asset"),
        liabilities=tuple(AccountAmount(name_of(a), a.balance) for a in tb if a.kind == "liability"),
        pph_payable=unbooked_all,
        equity=equity,
        retained_earnings=kept + (profit_all - profit_year) - (unbooked_all - unbooked_year),
        profit_for_year=profit_year - unbooked_year,
    )


def _rows(prefix: str, now: tuple[AccountAmount, ...], before: tuple[AccountAmount, ...] | None) -> list[Row]:
    # The chart is the same on both days, so the groups line up account by account.
    earlier = {x.account.code: x.amount for x in before} if before is not None else None
    return [
        Row(
            f"{prefix}:{x.account.code}",
            "",
            x.account,
            x.amount,
            earlier.get(x.account.code, 0) if earlier is not None else None,
        )
        for x in now
    ]


@dataclass(frozen=True, slots=True)
class FinancialPosition:
    current: PositionFigures
    previous: PositionFigures | None
    books_start: dt.date | None = None  # the opening balances' day: a comparison before it shows nothing yet

    @property
    def note(self) -> str:
        """Said beside the statement when the comparison date comes before the books start."""
        earliest = self.previous.as_of if self.previous is not None else self.current.as_of
        return before_start_note(self.books_start, earliest + dt.timedelta(days=1))

    def rows(self) -> tuple[Row, ...]:
        c, p = self.current, self.previous

        def line(key: str, label: str, value: Callable[[PositionFigures], int], style: Style = "subtotal") -> Row:
            return Row(key, label, None, value(c), value(p) if p is not None else None, style)

        return (
            heading("assets", N_("ASSETS")),
            heading("current_assets", N_("Current assets")),
            *_rows("asset", c.current_assets, p.current_assets if p else None),
            line("total_current_assets", N_("Total current assets"), lambda f: f.total_current_assets),
            heading("fixed_assets", N_("Fixed assets")),
            *_rows("asset", c.fixed_assets, p.fixed_assets if p else None),
            line("total_fixed_assets", N_("Total fixed assets"), lambda f: f.total_fixed_assets),
            line("total_assets", N_("TOTAL ASSETS"), lambda f: f.total_assets, "total"),
            heading("liabilities", N_("LIABILITIES")),
            *_rows("liability", c.liabilities, p.liabilities if p else None),
            line("pph_payable", N_("PPh Final on turnover, not yet booked"), lambda f: f.pph_payable, "item"),
            line("total_liabilities", N_("Total liabilities"), lambda f: f.total_liabilities),
            heading("equity", N_("EQUITY")),
            *_rows("equity", c.equity, p.equity if p else None),
            line("retained_earnings", N_("Retained earnings"), lambda f: f.retained_earnings, "item"),
            line("profit_for_year", N_("Profit for the year"), lambda f: f.profit_for_year, "item"),
            line("total_equity", N_("Total equity"), lambda f: f.total_equity),
            line(
                "total_liabilities_and_equity",
                N_("TOTAL LIABILITIES AND EQUITY"),
                lambda f: f.total_liabilities_and_equity,
                "total",
            ),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "current": self.current.as_dict(),
            "previous": self.previous.as_dict() if self.previous else None,
            "books_start": self.books_start.isoformat() if self.books_start else None,
            "note": self.note,
            "rows": [r.as_dict() for r in self.rows()],
        }


def financial_position(
    session: Session, as_of: dt.date, compare: dt.date | None = None, *, with_compare: bool = True
) -> FinancialPosition:
    """Posisi keuangan at the end of `as_of` beside `compare` (default: the end of the year before)."""
    rule = policy(session)
    previous = None
    if with_compare:
        previous = position_figures(session, compare or dt.date(as_of.year - 1, 12, 31), rule)
    return FinancialPosition(position_figures(session, as_of, rule), previous, books_start(session))

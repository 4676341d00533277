"""Laporan laba rugi in the SAK EMKM layout, for any period beside a comparison period, from the day totals.

Revenue less discounts and returns, HPP, gross profit, each operating expense, other income and expenses (cash over
and short, rounding), finance costs (a line of its own, as SAK EMKM asks, zero when there were none), profit before
tax, PPh Final on the period's turnover, and net profit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.books.balances import AccountBalance, activity
from pos.ledger.books.opening_view import books_start
from pos.ledger.reports.books_start import before_start_note
from pos.ledger.reports.pph import PphPolicy, policy, pph_report
from pos.ledger.reports.rows import AccountName, Row, Style, heading, margin_bp, plain


@dataclass(frozen=True, slots=True)
class AccountAmount:
    account: AccountName
    amount: int


def name_of(a: AccountBalance) -> AccountName:
    return AccountName(a.code, a.name, a.name_en)


def profit_effect(a: AccountBalance) -> int:
    """How much the account added to profit: credits less debits (negative for costs)."""
    return a.credit - a.debit


@dataclass(frozen=True, slots=True)
class PnlFigures:
    period: Period
    revenue: tuple[AccountAmount, ...]  # sales, and discounts and returns as negative amounts
    net_sales: int
    cogs: int
    expenses: tuple[AccountAmount, ...]  # each operating expense, positive
    other: tuple[AccountAmount, ...]  # other income positive, other expenses negative
    pph: int
    finance: int = 0  # finance costs (Beban keuangan), positive

    @property
    def gross_profit(self) -> int:
        return self.net_sales - self.cogs

    @property
    def total_expenses(self) -> int:
        return sum(x.amount for x in self.expenses)

    @property
    def operating_profit(self) -> int:
        return self.gross_profit - self.total_expenses

    @property
    def total_other(self) -> int:
        return sum(x.amount for x in self.other)

    @property
    def profit_before_tax(self) -> int:
        return self.operating_profit + self.total_other - self.finance

    @property
    def net_profit(self) -> int:
        return self.profit_before_tax - self.pph

    @property
    def margin_bp(self) -> int:
        return margin_bp(self.gross_profit, self.net_sales)

    def as_dict(self) -> dict[str, Any]:
        return {
            **plain(self),
            "gross_profit": self.gross_profit,
            "total_expenses": self.total_expenses,
            "operating_profit": self.operating_profit,
            "total_other": self.total_other,
            "profit_before_tax": self.profit_before_tax,
            "net_profit": self.net_profit,
            "margin_bp": self.margin_bp,
        }


def pnl_figures(session: Session, period: Period, rule: PphPolicy | None = None) -> PnlFigures:
    """One period's laba rugi: two small queries over the day totals and the turnover."""
    balances = activity(session, period.start, period.end)
    revenue = [x for x in balances if x.section == "revenue"]
    expenses = [x for x in balances if x.section == "operating_expense"]
    other = [x for x in balances if x.section in ("other_income", "other_expense")]
    return PnlFigures(
        period=period,
        revenue=tuple(AccountAmount(name_of(x), profit_effect(x)) for x in revenue),
        net_sales=sum(profit_effect(x) for x in revenue),
        cogs=-sum(profit_effect(x) for x in balances if x.section == "cogs"),
        expenses=tuple(AccountAmount(name_of(x), -profit_effect(x)) for x in expenses),
        other=tuple(AccountAmount(name_of(x), profit_effect(x)) for x in other),
        pph=pph_report(session, period, rule or policy(session)).tax,
        finance=-sum(profit_effect(x) for x in balances if x.section == "finance_cost"),
    )


def _account_rows(
    prefix: str, current: Iterable[AccountAmount], previous: Iterable[AccountAmount] | None, keep: frozenset[str]
) -> list[Row]:
    """Accounts of one group, side by side; an account quiet in both periods is left out unless it is in `keep`."""
    now = {x.account.code: x for x in current}
    before = {x.account.code: x for x in previous} if previous is not None else {}
    rows = []
    for code in sorted(now.keys() | before.keys()):
        item = now.get(code) or before[code]
        amount = now[code].amount if code in now else 0
        compare = (before[code].amount if code in before else 0) if previous is not None else None
        if amount or compare or code in keep:
            rows.append(Row(f"{prefix}:{code}", "", item.account, amount, compare))
    return rows


@dataclass(frozen=True, slots=True)
class ProfitAndLoss:
    current: PnlFigures
    previous: PnlFigures | None
    books_start: dt.date | None = None  # the opening balances' day: a period before it has no trading in Laci

    @property
    def note(self) -> str:
        """Said beside the statement when a period reaches back before the books start (a mid-year switch)."""
        earliest = self.previous.period.start if self.previous is not None else self.current.period.start
        return before_start_note(self.books_start, min(earliest, self.current.period.start))

    def rows(self) -> tuple[Row, ...]:
        c, p = self.current, self.previous

        def line(key: str, label: str, value: Callable[[PnlFigures], int], style: Style = "subtotal") -> Row:
            return Row(key, label, None, value(c), value(p) if p is not None else None, style)

        keep = frozenset({accounts.PENDAPATAN})
        return (
            heading("revenue", N_("Revenue")),
            *_account_rows("revenue", c.revenue, p.revenue if p else None, keep),
            line("net_sales", N_("Net sales"), lambda f: f.net_sales),
            line("cogs", N_("Cost of goods sold"), lambda f: f.cogs, "item"),
            line("gross_profit", N_("Gross profit"), lambda f: f.gross_profit),
            heading("expenses", N_("Operating expenses")),
            *_account_rows("expense", c.expenses, p.expenses if p else None, frozenset()),
            line("total_expenses", N_("Total operating expenses"), lambda f: f.total_expenses),
            line("operating_profit", N_("Operating profit"), lambda f: f.operating_profit),
            heading("other", N_("Other income and expenses")),
            *_account_rows("other", c.other, p.other if p else None, frozenset()),
            line("total_other", N_("Net other income (expenses)"), lambda f: f.total_other),
            line("finance", N_("Finance costs"), lambda f: f.finance, "item"),
            line("profit_before_tax", N_("Profit before tax"), lambda f: f.profit_before_tax),
            line("pph", N_("Final income tax (PPh Final)"), lambda f: f.pph, "item"),
            line("net_profit", N_("Net profit"), lambda f: f.net_profit, "total"),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "current": self.current.as_dict(),
            "previous": self.previous.as_dict() if self.previous else None,
            "books_start": self.books_start.isoformat() if self.books_start else None,
            "note": self.note,
            "rows": [r.as_dict() for r in self.rows()],
        }


def profit_and_loss(
    session: Session, period: Period, compare: Period | None = None, *, with_compare: bool = True
) -> ProfitAndLoss:
    """Laba rugi for `period` beside `compare` (default: the period before it of the same length)."""
    rule = policy(session)
    previous = None
    if with_compare:
        previous = pnl_figures(session, compare or period.previous(), rule)
    return ProfitAndLoss(pnl_figures(session, period, rule), previous, books_start(session))

"""Laporan perubahan ekuitas: how the owner's equity went from the day before a period to its last day.

It is what ties the laba rugi to the posisi keuangan when a period is not a calendar year: the balance sheet's
"profit for the year" runs from 1 January, the income statement's net profit over the period; this statement adds
the period's net profit, the owner's capital and drawings to the equity at the start and lands on the equity at
the end. Whatever else moved equity (opening balances, a correction) is a line of its own, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pos.i18n import N_
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.reports.pnl import PnlFigures
from pos.ledger.reports.position import PositionFigures
from pos.ledger.reports.rows import Row, plain


@dataclass(frozen=True, slots=True)
class EquityChanges:
    period: Period
    opening: int  # total equity at the end of the day before the period
    net_profit: int  # the income statement's net profit over the period
    capital: int  # what the owner put in (Modal pemilik moved)
    drawings: int  # what the owner took out, negative (Prive moved)
    closing: int  # total equity at the period's end

    @property
    def other(self) -> int:
        """Any other movement of equity: zero in books kept by double entry, shown when it is not."""
        return self.closing - self.opening - self.net_profit - self.capital - self.drawings

    def rows(self) -> tuple[Row, ...]:
        def line(key: str, label: str, amount: int, style: Any = "item") -> Row:
            return Row(key, label, None, amount, None, style)

        rows = [
            line("opening", N_("Equity at the beginning of the period"), self.opening, "subtotal"),
            line("net_profit", N_("Net profit for the period"), self.net_profit),
            line("capital", N_("Capital from the owner"), self.capital),
            line("drawings", N_("Owner's drawings"), self.drawings),
        ]
        if self.other:
            rows.append(line("other", N_("Other changes in equity"), self.other))
        rows.append(line("closing", N_("Equity at the end of the period"), self.closing, "total"))
        return tuple(rows)

    def as_dict(self) -> dict[str, Any]:
        return {**plain(self), "other": self.other, "rows": [r.as_dict() for r in self.rows()]}


def equity_changes(period: Period, start: PositionFigures, end: PositionFigures, pnl: PnlFigures) -> EquityChanges:
    """The changes in equity over `period`, from the balance sheets on either side of it and its income statement."""
    return EquityChanges(
        period=period,
        opening=start.total_equity,
        net_profit=pnl.net_profit,
        capital=end.account(accounts.MODAL) - start.account(accounts.MODAL),
        drawings=end.account(accounts.PRIVE) - start.account(accounts.PRIVE),
        closing=end.total_equity,
    )

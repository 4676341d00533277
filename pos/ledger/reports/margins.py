"""Gross profit and margin over a period, month by month: net sales less HPP, from the day totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.period import Period
from pos.ledger.reports.rows import margin_bp, plain


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: dt.date  # the first day of the month
    sales: int  # number of sales, voided ones left out
    net_sales: int  # after discounts and returns, without PPN
    cogs: int

    @property
    def gross_profit(self) -> int:
        return self.net_sales - self.cogs

    @property
    def margin_bp(self) -> int:
        return margin_bp(self.gross_profit, self.net_sales)

    def as_dict(self) -> dict[str, Any]:
        return {**plain(self), "gross_profit": self.gross_profit, "margin_bp": self.margin_bp}


@dataclass(frozen=True, slots=True)
class GrossProfit:
    period: Period
    months: tuple[MonthFigures, ...]

    @property
    def sales(self) -> int:
        return sum(m.sales for m in self.months)

    @property
    def net_sales(self) -> int:
        return sum(m.net_sales for m in self.months)

    @property
    def cogs(self) -> int:
        return sum(m.cogs for m in self.months)

    @property
    def gross_profit(self) -> int:
        return self.net_sales - self.cogs

    @property
    def margin_bp(self) -> int:
        return margin_bp(self.gross_profit, self.net_sales)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "months": [m.as_dict() for m in self.months],
            "sales": self.sales,
            "net_sales": self.net_sales,
            "cogs": self.cogs,
            "gross_profit": self.gross_profit,
            "margin_bp": self.margin_bp,
        }


def gross_profit(session: Session, period: Period) -> GrossProfit:
    """Net sales, HPP and margin for every month of `period` (months without sales show zeros)."""
    params = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    sums: dict[tuple[str, str], int] = {}
    for month, section, amount in session.execute(
        text(
            "SELECT substr(t.business_date, 1, 7), a.section, SUM(t.credit - t.debit) FROM account_day_totals t "
            "JOIN accounts a ON a.code = t.account_code WHERE a.section IN ('revenue', 'cogs') "
            "AND t.business_date BETWEEN :start AND :end GROUP BY 1, 2"
        ),
        params,
    ):
        sums[(str(month), str(section))] = int(amount)
    counts = {
        str(month): int(n)
        for month, n in session.execute(
            text(
                "SELECT substr(s.business_date, 1, 7), COUNT(*) FROM sales s "
                "WHERE s.business_date BETWEEN :start AND :end "
                "AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id) GROUP BY 1"
            ),
            params,
        )
    }
    months = []
    for part in period.months():
        key = part.start.strftime("%Y-%m")
        months.append(
            MonthFigures(
                part.start.replace(day=1),
                counts.get(key, 0),
                sums.get((key, "revenue"), 0),
                -sums.get((key, "cogs"), 0),
            )
        )
    return GrossProfit(period, tuple(months))

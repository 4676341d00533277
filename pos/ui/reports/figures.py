"""What the reports screen reads on the database worker: the chosen period's statements and sales in one read
snapshot, and the XLSX of its journal and sales. Functions of a session, run through `TaskManager.read`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.period import Period, named
from pos.ledger.books.exports import export_xlsx
from pos.ledger.reports.pnl import ProfitAndLoss, profit_and_loss
from pos.ledger.reports.position import FinancialPosition, financial_position
from pos.ledger.reports.sales import MethodBreakdown, SalesBreakdown, sales_by, sales_by_method
from pos.ledger.shop import settings


@dataclass(frozen=True, slots=True)
class ReportsView:
    """One consistent read of everything the screen shows, taken on the worker."""

    period: Period
    pnl: ProfitAndLoss
    position: FinancialPosition
    methods: MethodBreakdown
    days: SalesBreakdown


def period_of(session: Session, choice: str, custom: Period | None) -> Period:
    """The period chosen, with "today" as the shop's own calendar day."""
    if choice == "custom" and custom is not None:
        return custom
    today = business_date(utc_now(), settings.load(session).timezone)
    return named(choice, today)


def read_reports(session: Session, choice: str, custom: Period | None = None) -> ReportsView:
    """The statements and sales of the chosen period, in one read snapshot."""
    period = period_of(session, choice, custom)
    return ReportsView(
        period,
        profit_and_loss(session, period),
        financial_position(session, period.end, period.start - dt.timedelta(days=1)),
        sales_by_method(session, period),
        sales_by(session, period, "day"),
    )


def write_xlsx(session: Session, period: Period, path: Path) -> Path:
    export_xlsx(session, path, period)
    return path

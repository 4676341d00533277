"""Everything a loan pack prints, read in one snapshot: the shop, the statements, the notes' figures.

The PDF layout (in `pos.printing.statements`) receives this, sealed with its signed code (`pack_seal`), and
nothing else. A pack covers closed days only: its default is the last whole month, and a period reaching today is
refused, so the next sale of the day never changes what the pack's code stands for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.period import Period, last_month
from pos.ledger.books.opening_view import books_start
from pos.ledger.reports.cashflow import CashFlow, cash_flow
from pos.ledger.reports.equity import EquityChanges, equity_changes
from pos.ledger.reports.inventory import StockSummary, stock_summary
from pos.ledger.reports.margins import GrossProfit, gross_profit
from pos.ledger.reports.pnl import ProfitAndLoss, profit_and_loss
from pos.ledger.reports.position import FinancialPosition, financial_position
from pos.ledger.reports.pph import PphReport, pph_report
from pos.ledger.reports.receivables import KasbonReport, kasbon_report
from pos.ledger.reports.rows import plain
from pos.ledger.shop import settings


@dataclass(frozen=True, slots=True)
class ShopIdentity:
    name: str
    owner: str
    address: str
    phone: str
    nib: str  # Nomor Induk Berusaha
    npwp: str
    city: str  # the place the owner signs at


def shop_identity(session: Session) -> ShopIdentity:
    values = settings.load(session)
    # The place of signing is the town the owner gave (setup and the shop profile ask for it), never a guess from
    # the address: its last part is as often a province and a post code.
    city = values.shop_city.strip()
    return ShopIdentity(
        values.shop_name,
        values.shop_owner,
        values.shop_address,
        values.shop_phone,
        values.shop_nib,
        values.shop_npwp,
        city,
    )


@dataclass(frozen=True, slots=True)
class LoanPack:
    shop: ShopIdentity
    period: Period
    position: FinancialPosition  # at the period's end, beside the day before it began
    pnl: ProfitAndLoss  # the period beside the same days a year earlier
    equity: EquityChanges  # what ties the period's net profit to the equity on the balance sheet
    cash_flow: CashFlow
    monthly: GrossProfit
    stock: StockSummary  # the products the note lists, and the totals
    kasbon: KasbonReport
    pph: PphReport
    made_on: dt.date
    books_start: dt.date | None  # the first day of the books in Laci: a comparison before it has nothing to show

    def as_dict(self) -> dict[str, Any]:
        return {
            "shop": plain(self.shop),
            "period": self.period.as_dict(),
            "position": self.position.as_dict(),
            "pnl": self.pnl.as_dict(),
            "equity": self.equity.as_dict(),
            "cash_flow": self.cash_flow.as_dict(),
            "monthly": self.monthly.as_dict(),
            "stock": self.stock.as_dict(),
            "kasbon": self.kasbon.as_dict(),
            "pph": self.pph.as_dict(),
            "made_on": self.made_on.isoformat(),
            "books_start": self.books_start.isoformat() if self.books_start else None,
        }


def default_period(today: dt.date) -> Period:
    """The period a pack covers unless told otherwise: the last whole month, which never ends today."""
    return last_month(today)


def check_period(period: Period, today: dt.date) -> None:
    """Refuse a pack over days that are not over yet: a sale later today would change what its code stands for."""
    if period.end >= today:
        raise InvalidInput(
            N_(
                "A loan pack covers closed days only: choose a period that ends before today, such as {start} to {end}."
            ),
            start=default_period(today).start.isoformat(),
            end=default_period(today).end.isoformat(),
        )


def loan_pack(session: Session, period: Period, *, made_on: dt.date | None = None) -> LoanPack:
    """The figures of a loan pack for `period`, all read in the caller's (read) session."""
    today = business_date(utc_now(), settings.load(session).timezone)
    position = financial_position(session, period.end, period.start - dt.timedelta(days=1))
    pnl = profit_and_loss(session, period, period.year_before())
    assert position.previous is not None
    return LoanPack(
        shop=shop_identity(session),
        period=period,
        position=position,
        pnl=pnl,
        equity=equity_changes(period, position.previous, position.current, pnl.current),
        cash_flow=cash_flow(session, period),
        monthly=gross_profit(session, period),
        stock=stock_summary(session, period.end),
        kasbon=kasbon_report(session, period.end),
        pph=pph_report(session, period),
        made_on=made_on or today,
        books_start=books_start(session),
    )


def closed_period(chosen: Period, today: dt.date) -> Period:
    """The period a pack is made for when `chosen` is on screen: it if every day of it is over, else the last whole
    month (a pack never covers a day still trading)."""
    return chosen if chosen.end < today else default_period(today)

"""Everything a loan pack prints, read in one snapshot: the shop, the statements, the notes' figures, the code.

The PDF layout (in `pos.printing.statements`) receives this and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.period import Period
from pos.ledger.books.verification import make_code
from pos.ledger.reports.cashflow import CashFlow, cash_flow
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
    values = settings.load(session).values
    address = str(values.get("shop.address", ""))
    # Until the shop has a city setting, the last part of the address names the place ("..., Sleman").
    city = str(values.get("shop.city") or (address.rsplit(",", 1)[-1].strip() if address else ""))
    return ShopIdentity(
        str(values.get("shop.name", "")),
        str(values.get("shop.owner", "")),
        address,
        str(values.get("shop.phone", "")),
        str(values.get("shop.nib", "")),
        str(values.get("shop.npwp", "")),
        city,
    )


@dataclass(frozen=True, slots=True)
class LoanPack:
    shop: ShopIdentity
    period: Period
    position: FinancialPosition  # at the period's end, beside the day before it began
    pnl: ProfitAndLoss  # the period beside the same days a year earlier
    cash_flow: CashFlow
    monthly: GrossProfit
    stock: StockSummary  # the products the note lists, and the totals
    kasbon: KasbonReport
    pph: PphReport
    verification_code: str
    made_on: dt.date

    def as_dict(self) -> dict[str, Any]:
        return {
            "shop": plain(self.shop),
            "period": self.period.as_dict(),
            "position": self.position.as_dict(),
            "pnl": self.pnl.as_dict(),
            "cash_flow": self.cash_flow.as_dict(),
            "monthly": self.monthly.as_dict(),
            "stock": self.stock.as_dict(),
            "kasbon": self.kasbon.as_dict(),
            "pph": self.pph.as_dict(),
            "verification_code": self.verification_code,
            "made_on": self.made_on.isoformat(),
        }


def loan_pack(session: Session, period: Period, *, made_on: dt.date | None = None) -> LoanPack:
    """The figures of a loan pack for `period`, all read in the caller's (read) session."""
    today = business_date(utc_now(), settings.load(session).timezone)
    return LoanPack(
        shop=shop_identity(session),
        period=period,
        position=financial_position(session, period.end, period.start - dt.timedelta(days=1)),
        pnl=profit_and_loss(session, period, period.year_before()),
        cash_flow=cash_flow(session, period),
        monthly=gross_profit(session, period),
        stock=stock_summary(session, period.end),
        kasbon=kasbon_report(session, period.end),
        pph=pph_report(session, period),
        verification_code=make_code(session, period),
        made_on=made_on or today,
    )

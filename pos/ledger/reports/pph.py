"""PPh Final (PP 55/2022): a rate on monthly gross turnover, with an individual's yearly tax-free turnover.

Turnover (peredaran bruto) is sales before discounts and without PPN, as the regulation reads, and delivery fees
the shop charges (ongkir, earned by its own rider: business income like the goods), less goods returned (the
price the customer got back). An individual's first Rp 500 juta of turnover in a calendar year is not taxed;
the month that crosses it is taxed on the excess only. Tax is worked out on turnover so far in the year and each
month takes what was not counted before, so months (or any cut of the year) add up to the year's tax exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.money import FULL_BP
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.reports.rows import plain
from pos.ledger.shop import settings

_DEFAULTS: Final = settings.ShopSettings()
DEFAULT_RATE_BP: Final = _DEFAULTS.pph_rate_bp
DEFAULT_EXEMPTION: Final = _DEFAULTS.pph_exemption
DEFAULT_TAXPAYER: Final = _DEFAULTS.pph_taxpayer
TAXPAYERS: Final = ("individual", "company")


@dataclass(frozen=True, slots=True)
class PphPolicy:
    rate_bp: int = DEFAULT_RATE_BP  # 50 = 0,5%; 0 switches PPh Final off (a shop under the normal rules)
    exemption: int = DEFAULT_EXEMPTION  # yearly turnover free of tax for an individual
    taxpayer: str = DEFAULT_TAXPAYER  # 'individual' (orang pribadi) or 'company' (badan: no exemption)

    @property
    def yearly_exemption(self) -> int:
        return self.exemption if self.taxpayer == "individual" else 0

    def tax_on(self, year_to_date: int) -> int:
        """Tax on the year's turnover so far, rounded down to the rupiah."""
        return max(0, year_to_date - self.yearly_exemption) * self.rate_bp // FULL_BP


def policy(session: Session) -> PphPolicy:
    values = settings.load(session)
    taxpayer = values.pph_taxpayer
    return PphPolicy(
        values.pph_rate_bp,
        values.pph_exemption,
        taxpayer if taxpayer in TAXPAYERS else DEFAULT_TAXPAYER,
    )


@dataclass(frozen=True, slots=True)
class PphMonth:
    month: dt.date  # the first day of the month
    start: dt.date  # the days counted: the month, cut to the report's period
    end: dt.date
    turnover: int
    year_to_date: int  # the year's turnover up to `end`
    exempt: int  # part of this month's turnover still under the yearly exemption
    taxable: int
    tax: int


@dataclass(frozen=True, slots=True)
class PphReport:
    period: Period
    policy: PphPolicy
    months: tuple[PphMonth, ...]

    @property
    def turnover(self) -> int:
        return sum(m.turnover for m in self.months)

    @property
    def taxable(self) -> int:
        return sum(m.taxable for m in self.months)

    @property
    def tax(self) -> int:
        return sum(m.tax for m in self.months)

    def as_dict(self) -> dict[str, Any]:
        return {**plain(self), "turnover": self.turnover, "taxable": self.taxable, "tax": self.tax}


_TURNOVER = text(
    "SELECT day, SUM(amount) FROM ("
    " SELECT business_date AS day, credit - debit AS amount FROM account_day_totals"
    " WHERE account_code IN (:sales, :delivery) AND business_date BETWEEN :start AND :end"
    " UNION ALL"
    " SELECT business_date, -revenue FROM sale_returns WHERE business_date BETWEEN :start AND :end"
    ") GROUP BY day"
)


def daily_turnover(session: Session, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """Turnover per business day between `start` and `end` (days without any are left out)."""
    rows = session.execute(
        _TURNOVER,
        {
            "sales": accounts.PENDAPATAN,
            "delivery": accounts.PENDAPATAN_ONGKIR,
            "start": start.isoformat(),
            "end": end.isoformat(),
        },
    )
    return {dt.date.fromisoformat(str(day)): int(amount) for day, amount in rows}


def pph_report(session: Session, period: Period, rule: PphPolicy | None = None) -> PphReport:
    """PPh Final month by month over `period`, with the year's turnover so far behind each month."""
    rule = rule or policy(session)
    turnover = daily_turnover(session, dt.date(period.start.year, 1, 1), period.end)
    months = []
    for part in period.months():
        year_start = dt.date(part.start.year, 1, 1)
        before = sum(v for d, v in turnover.items() if year_start <= d < part.start)
        own = sum(v for d, v in turnover.items() if part.start <= d <= part.end)
        exempt_before = min(max(before, 0), rule.yearly_exemption)
        exempt_after = min(max(before + own, 0), rule.yearly_exemption)
        tax = rule.tax_on(before + own) - rule.tax_on(before) if rule.rate_bp else 0
        taxable = max(0, before + own - rule.yearly_exemption) - max(0, before - rule.yearly_exemption)
        months.append(
            PphMonth(
                part.start.replace(day=1),
                part.start,
                part.end,
                own,
                before + own,
                exempt_after - exempt_before,
                taxable if rule.rate_bp else 0,
                tax,
            )
        )
    return PphReport(period, rule, tuple(months))


def pph_until(session: Session, as_of: dt.date, rule: PphPolicy) -> tuple[int, int]:
    """PPh Final on all turnover up to `as_of`: (every year's together, the part in `as_of`'s own year)."""
    if not rule.rate_bp:
        return 0, 0
    rows = session.execute(
        text(
            "SELECT substr(day, 1, 4), SUM(amount) FROM ("
            " SELECT business_date AS day, credit - debit AS amount FROM account_day_totals"
            " WHERE account_code IN (:sales, :delivery) AND business_date <= :end"
            " UNION ALL SELECT business_date, -revenue FROM sale_returns WHERE business_date <= :end"
            ") GROUP BY 1"
        ),
        {"sales": accounts.PENDAPATAN, "delivery": accounts.PENDAPATAN_ONGKIR, "end": as_of.isoformat()},
    )
    by_year = {int(year): rule.tax_on(int(amount)) for year, amount in rows}
    return sum(by_year.values()), by_year.get(as_of.year, 0)

"""The owner's day at a glance: takings against yesterday and last week, how and when customers paid, what sold,
what it earned, the drawers counted at close, and what needs doing (stock running low, kasbon to collect).

Each figure comes from the report that already keeps it (the Z report, sales by hour and by product, gross
profit, low stock, the kasbon ageing); this module picks, ranks and lines them up. Sales facts are read for the
three days compared only, through their day indexes, so the dashboard stays quick after years of trading.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.money import FULL_BP, div_round_half_up
from pos.ledger.base.period import day as one_day
from pos.ledger.people.kasbon import Ageing, kasbon_ageing
from pos.ledger.reports.daily import DailyReport, ShiftLine, daily_report
from pos.ledger.reports.margins import gross_profit
from pos.ledger.reports.rows import margin_bp
from pos.ledger.reports.sales import METHODS, SalesRow, sales_by, takings_by_hour
from pos.ledger.schema import Product, ProductVariant
from pos.ledger.shop import settings
from pos.ledger.stock.stock_levels import StockLine, low_stock

TOP: Final = 10  # best sellers shown
LIST_LENGTH: Final = 10  # low-stock products and kasbon customers shown; the screen says how many more there are
HOURS: Final = 24


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One day's takings and number of sales, as the Z report counts them (voided sales left out)."""

    day: dt.date
    takings: int  # what customers owed for the day's sales, PPN and rounding included
    sales: int

    @property
    def average_basket(self) -> int:
        """Takings per sale, rounded to the rupiah; zero on a day without sales."""
        return div_round_half_up(self.takings, self.sales) if self.sales else 0

    @classmethod
    def of(cls, report: DailyReport) -> DayFigures:
        return cls(report.day, report.total, report.sales_count)


def change_bp(now: int, before: int) -> int | None:
    """The change from `before` to `now` in basis points (1250 is +12,5%); None when there is nothing to compare."""
    if before <= 0:
        return None
    return div_round_half_up((now - before) * FULL_BP, before)


@dataclass(frozen=True, slots=True)
class HourFigures:
    hour: int  # 0-23 on the shop's clock
    sales: int  # sales rung up in that hour, voided ones left out
    revenue: int  # what they sold for after discounts, without PPN (sales by hour's revenue)
    takings: int = 0  # what customers owed for them, as the day's takings count it: the hours add up to it


@dataclass(frozen=True, slots=True)
class BestSeller:
    product_id: uuid.UUID
    name: str
    unit: str  # pcs, kg...: the quantity is in this unit
    qty_milli: int  # sold less returned, in thousandths of the unit
    revenue: int  # sold less returned, after discounts, without PPN
    product: str = ""  # a variant's product ("Kaos Tenun"); "" for a product sold as itself
    values: str = ""  # a variant's values ("M / Merah")


@dataclass(frozen=True, slots=True)
class Dashboard:
    day: dt.date
    today: DayFigures
    yesterday: DayFigures
    last_week: DayFigures  # the same weekday a week earlier
    by_method: tuple[tuple[str, int], ...]  # METHODS in order (unused at zero), then any other method used
    by_hour: tuple[HourFigures, ...]  # hours 0 to 23, quiet ones at zero
    best_by_qty: tuple[BestSeller, ...]
    best_by_revenue: tuple[BestSeller, ...]
    net_sales: int  # Pendapatan penjualan of the day less its returns, without PPN and rounding
    rounding: int  # the day's rounding of amounts due (negative when rounded down): in takings, not in net sales
    ppn: int  # PPN on the day's sales: in takings, not in net sales
    cogs: int  # HPP booked that day
    refunds: int  # returns refunded that day, any method
    voids: int  # sales of the day that were voided
    shifts: tuple[ShiftLine, ...]  # shifts closed that day, with the cash expected and counted
    open_shifts: int  # shifts open on the day and not closed by its end
    low_stock: tuple[StockLine, ...]  # as it stands now, emptiest first
    low_stock_count: int
    kasbon_due: tuple[Ageing, ...]  # what customers owed at the end of the day, oldest debt first
    kasbon_customers: int
    kasbon_total: int
    timezone: str  # the shop's, to show the shifts' times on its clock

    @property
    def gross_profit(self) -> int:
        return self.net_sales - self.cogs

    @property
    def margin_bp(self) -> int:
        return margin_bp(self.gross_profit, self.net_sales)

    @property
    def takings_change_bp(self) -> tuple[int | None, int | None]:
        """Against yesterday and against the same weekday last week."""
        return (
            change_bp(self.today.takings, self.yesterday.takings),
            change_bp(self.today.takings, self.last_week.takings),
        )

    @property
    def expected_cash(self) -> int:
        return sum(s.report.expected_cash for s in self.shifts)

    @property
    def counted_cash(self) -> int:
        return sum(s.counted or 0 for s in self.shifts)

    @property
    def cash_difference(self) -> int:
        """Counted less expected over the day's closed shifts: negative when the drawers were short."""
        return sum(s.difference or 0 for s in self.shifts)

    @property
    def busiest_hour(self) -> HourFigures | None:
        busy = [h for h in self.by_hour if h.sales]
        return max(busy, key=lambda h: (h.takings, h.sales, -h.hour)) if busy else None


def shop_today(session: Session) -> dt.date:
    """Today on the shop's own calendar (its time zone), whatever the computer's zone is."""
    return business_date(utc_now(), settings.load(session).timezone)


def _hours(session: Session, day: dt.date) -> tuple[HourFigures, ...]:
    rows = {int(r.key): r for r in sales_by(session, one_day(day), "hour").rows}
    takings = takings_by_hour(session, one_day(day))
    return tuple(
        HourFigures(h, rows[h].sales, rows[h].revenue, takings.get(h, 0)) if h in rows else HourFigures(h, 0, 0)
        for h in range(HOURS)
    )


def rank_best_sellers(
    rows: Sequence[SalesRow], units: Mapping[uuid.UUID, str], top: int
) -> tuple[tuple[BestSeller, ...], tuple[BestSeller, ...]]:
    """The `top` products by quantity kept (sold less returned) and by net revenue, from sales-by-product rows;
    products that came back as much as they sold are left out."""
    kept = [r for r in rows if r.qty_milli - r.returned_qty_milli > 0 or r.net_revenue > 0]

    def qty(r: SalesRow) -> int:
        return r.qty_milli - r.returned_qty_milli

    by_qty = sorted(kept, key=lambda r: (-qty(r), -r.net_revenue, r.label, r.key))[:top]
    by_revenue = sorted(kept, key=lambda r: (-r.net_revenue, -qty(r), r.label, r.key))[:top]

    def seller(r: SalesRow) -> BestSeller:
        pid = uuid.UUID(hex=r.key)
        return BestSeller(pid, r.label, units.get(pid, ""), qty(r), r.net_revenue)

    return tuple(seller(r) for r in by_qty), tuple(seller(r) for r in by_revenue)


def _variant_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str]]:
    """variant -> (its product's name, its values `M / Merah`), for the variants among `ids`."""
    rows = session.execute(
        select(ProductVariant.product_id, Product.name, ProductVariant.values)
        .join(Product, Product.id == ProductVariant.parent_id)
        .where(ProductVariant.product_id.in_(ids))
    )
    return {r.product_id: (r.name, " / ".join(json.loads(r.values))) for r in rows}


def _best_sellers(session: Session, day: dt.date, top: int) -> tuple[tuple[BestSeller, ...], tuple[BestSeller, ...]]:
    rows = sales_by(session, one_day(day), "product").rows
    first, second = rank_best_sellers(rows, {}, top)
    ids = {b.product_id for b in (*first, *second)}
    # The unit says what a quantity counts (3 pcs, 2,5 kg); looked up by key for the few products shown only.
    units = {pid: unit for pid, unit in session.execute(select(Product.id, Product.unit).where(Product.id.in_(ids)))}
    # A variant ranks on its own, named with its product and its values beside it, as the owner's web ranks it:
    # both rank by this rule, so the counter and the web show the same ten for a day. Adding a product's variants
    # up would part the two, and which size sells is what the owner reorders by.
    named = _variant_names(session, ids)

    def beside(b: BestSeller) -> BestSeller:
        found = named.get(b.product_id)
        return replace(b, product=found[0], values=found[1]) if found else b

    by_qty, by_revenue = rank_best_sellers(rows, units, top)
    return tuple(beside(b) for b in by_qty), tuple(beside(b) for b in by_revenue)


def method_rows(by_method: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """Takings by method as the dashboard lists them: the cashier's methods always (zeros too), then what
    channels and orders brought (a platform's sales, down payments used)."""
    return tuple((m, by_method.get(m, 0)) for m in METHODS) + tuple(
        (m, a) for m, a in sorted(by_method.items()) if m not in METHODS and a
    )


def dashboard(session: Session, day: dt.date, *, top: int = TOP, list_length: int = LIST_LENGTH) -> Dashboard:
    """The owner's dashboard for business day `day`, with yesterday and the same weekday last week beside it."""
    report = daily_report(session, day)
    yesterday = daily_report(session, day - dt.timedelta(days=1))
    last_week = daily_report(session, day - dt.timedelta(days=7))
    best_by_qty, best_by_revenue = _best_sellers(session, day, top)
    profit = gross_profit(session, one_day(day))
    low = low_stock(session)
    owing = sorted(kasbon_ageing(session, day), key=lambda a: (a.oldest or day, -a.total, a.name))
    closed = report.closed_shifts
    return Dashboard(
        day=day,
        today=DayFigures.of(report),
        yesterday=DayFigures.of(yesterday),
        last_week=DayFigures.of(last_week),
        by_method=method_rows(report.by_method),
        by_hour=_hours(session, day),
        best_by_qty=best_by_qty,
        best_by_revenue=best_by_revenue,
        net_sales=profit.net_sales,
        rounding=report.rounding,
        ppn=report.ppn,
        cogs=profit.cogs,
        refunds=report.refunds_total,
        voids=report.voids_count,
        shifts=closed,
        open_shifts=len(report.shifts) - len(closed),
        low_stock=tuple(low[:list_length]),
        low_stock_count=len(low),
        kasbon_due=tuple(owing[:list_length]),
        kasbon_customers=len(owing),
        kasbon_total=sum(a.total for a in owing),
        timezone=settings.load(session).timezone,
    )

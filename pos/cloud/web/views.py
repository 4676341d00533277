"""What each of the owner's pages shows, gathered from the read models of the outlets in view (one, or all of
the owner's together). Each outlet is read in its own transaction under its own row-level security."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from pos.cloud.db import CloudDB
from pos.cloud.web import best, catchup, figures, lists, shop_data, variant_names
from pos.cloud.web.variant_names import Variant
from pos.ledger.base.period import Period
from pos.ledger.people.kasbon import Ageing
from pos.ledger.reports.daily import DailyReport, ShiftLine
from pos.ledger.reports.dashboard import HOURS, TOP, BestSeller, DayFigures, HourFigures, change_bp, rank_best_sellers
from pos.ledger.reports.rows import margin_bp
from pos.ledger.reports.sales import SalesRow
from pos.ledger.stock.stock_levels import StockLine

CATCH_UP_BUDGET: Final = 20_000  # events a page brings in itself before it shows what there is
LIST_LENGTH: Final = 60  # products or customers a list shows per outlet; it says how many more there are


@dataclass(frozen=True, slots=True)
class Fresh:
    """How fresh an outlet's figures are: each counter's last contact, and whether all it sent is counted."""

    outlet: shop_data.Outlet
    counters: tuple[lists.CounterSync, ...]
    complete: bool


def freshness(db: CloudDB, outlets: Sequence[shop_data.Outlet], now: dt.datetime) -> tuple[Fresh, ...]:
    """Bring each outlet's read models up to its last sync, then say how fresh they are."""
    out = []
    for outlet in outlets:
        with db.transaction(outlet.shop_id) as conn:
            complete = catchup.caught_up(conn, outlet.shop_id)
            syncs = tuple(lists.counter_syncs(conn, outlet.shop_id, now))
        if not complete:
            complete = catchup.catch_up(db, outlet.shop_id, budget=CATCH_UP_BUDGET)
        out.append(Fresh(outlet, syncs, complete))
    return tuple(out)


def outlets_of(db: CloudDB, shop_ids: Sequence[uuid.UUID]) -> list[shop_data.Outlet]:
    found = []
    with db.transaction() as conn:
        for shop_id in shop_ids:  # one transaction, stating each shop in turn for row-level security
            conn.execute("SELECT set_config('laci.shop_id', %s, true)", (str(shop_id),))
            found.append(shop_data.outlet(conn, shop_id))
    return found


@dataclass(frozen=True, slots=True)
class CounterFigures:
    outlet: str
    code: str
    name: str
    figures: DayFigures
    changes: tuple[int | None, ...]  # takings against each comparison, in basis points


@dataclass(frozen=True, slots=True)
class OutletFigures:
    outlet: shop_data.Outlet
    figures: DayFigures
    changes: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class Overview:
    period: Period
    report: DailyReport  # the outlets' Z report of the period added up (shifts only for a single day)
    now: DayFigures
    compared: tuple[tuple[str, DayFigures, int | None], ...]  # (what, figures, change in basis points)
    per_outlet: tuple[OutletFigures, ...]
    per_counter: tuple[CounterFigures, ...]
    by_hour: tuple[HourFigures, ...]
    best_by_qty: tuple[BestSeller, ...]
    best_by_revenue: tuple[BestSeller, ...]
    net_sales: int
    cogs: int
    variants: Mapping[uuid.UUID, Variant] = dataclasses.field(default_factory=dict)  # best sellers that are variants

    @property
    def gross_profit(self) -> int:
        return self.net_sales - self.cogs

    @property
    def margin_bp(self) -> int:
        return margin_bp(self.gross_profit, self.net_sales)

    @property
    def single_day(self) -> bool:
        return self.period.start == self.period.end

    @property
    def beyond_the_counter(self) -> bool:
        """Whether a channel other than the counter sold or refunded anything: the counter's Z report shows its
        table by channel only then, and so do the pages."""
        return any(r.channel != "counter" for r in self.report.by_channel)


def _figures(report: DailyReport) -> DayFigures:
    return DayFigures.of(report)


def comparisons(period: Period) -> list[tuple[str, Period]]:
    """What a period is set against: a day against yesterday and the same day last week, a longer one against
    the period before it."""
    if period.start == period.end:
        day = period.start
        return [
            ("yesterday", Period(day - dt.timedelta(days=1), day - dt.timedelta(days=1))),
            ("last_week", Period(day - dt.timedelta(days=7), day - dt.timedelta(days=7))),
        ]
    return [("previous", period.previous())]


def _changes(now: DailyReport, then: Sequence[DailyReport]) -> tuple[int | None, ...]:
    return tuple(change_bp(now.total, t.total) for t in then)


def overview(db: CloudDB, outlets: Sequence[shop_data.Outlet], period: Period) -> Overview:
    """The figures of `period` for the outlets together: what the "Today" and period pages show."""
    compare = comparisons(period)
    outlet_reports: list[tuple[shop_data.Outlet, DailyReport]] = []
    outlet_rows: list[OutletFigures] = []
    totals_then: dict[str, list[DailyReport]] = {what: [] for what, _p in compare}
    counters: list[CounterFigures] = []
    products: list[SalesRow] = []
    units: dict[uuid.UUID, str] = {}
    variants: dict[uuid.UUID, Variant] = {}
    net_sales = cogs = 0
    hours = tuple(HourFigures(h, 0, 0) for h in range(HOURS))
    for outlet in outlets:
        with db.transaction(outlet.shop_id) as conn:
            # A page's few small queries: workers in parallel would cost more to start than they save.
            conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            periods = [period, *(p for _what, p in compare)]
            found = figures.period_reports(conn, outlet.shop_id, periods)
            report, *then = (
                figures.combine([r for (_dev, k), r in found.items() if k == n], p.start) for n, p in enumerate(periods)
            )
            if period.start == period.end:
                report = figures.daily_report(conn, outlet.shop_id, period.start, outlet.timezone)
            else:
                by_channel = figures.channel_rows(conn, outlet.shop_id, period.start, period.end)
                report = dataclasses.replace(report, by_channel=by_channel)
            outlet_reports.append((outlet, report))
            outlet_rows.append(OutletFigures(outlet, _figures(report), _changes(report, then)))
            for (what, _p), earlier in zip(compare, then, strict=True):
                totals_then[what].append(earlier)
            for counter in shop_data.counters(conn, outlet.shop_id):
                summed, *before = (
                    found.get((counter.device_id, n)) or figures.combine([], p.start) for n, p in enumerate(periods)
                )
                if summed.sales_count or summed.voids_count or not counter.revoked:
                    counters.append(
                        CounterFigures(
                            outlet.name, counter.code, counter.name, _figures(summed), _changes(summed, before)
                        )
                    )
            rows, named_units = best.named(
                conn, outlet.shop_id, best.contenders(conn, outlet.shop_id, period.start, period.end, TOP)
            )
            products += rows
            units |= named_units
            variants |= variant_names.variants_among(conn, outlet.shop_id, [uuid.UUID(hex=r.key) for r in rows])
            sales, cost = figures.gross_profit(conn, outlet.shop_id, period.start, period.end)
            net_sales += sales
            cogs += cost
            found_hours = figures.by_hour(conn, [outlet.shop_id], [outlet.timezone], period.start, period.end)
            hours = _add_hours(hours, found_hours)
    whole = figures.combine([r for _o, r in outlet_reports], period.start)
    now = _figures(whole)
    compared = []
    for what, p in compare:
        total_then = DayFigures.of(figures.combine(totals_then[what], p.start))
        compared.append((what, total_then, change_bp(now.takings, total_then.takings)))
    by_qty, by_revenue = rank_best_sellers(products, units, TOP)
    return Overview(
        period=period,
        report=whole,
        now=now,
        compared=tuple(compared),
        per_outlet=tuple(outlet_rows),
        per_counter=tuple(counters),
        by_hour=hours,
        best_by_qty=by_qty,
        best_by_revenue=by_revenue,
        variants=variants,
        net_sales=net_sales,
        cogs=cogs,
    )


def _add_hours(total: Sequence[HourFigures], more: Sequence[HourFigures]) -> tuple[HourFigures, ...]:
    return tuple(
        HourFigures(a.hour, a.sales + b.sales, a.revenue + b.revenue, a.takings + b.takings)
        for a, b in zip(total, more, strict=True)
    )


def shifts(db: CloudDB, outlets: Sequence[shop_data.Outlet], day: dt.date) -> list[tuple[shop_data.Outlet, ShiftLine]]:
    out = []
    for outlet in outlets:
        with db.transaction(outlet.shop_id) as conn:
            out += [(outlet, line) for line in figures.shifts_on(conn, outlet.shop_id, day, outlet.timezone)]
    return out


def low_stock(
    db: CloudDB, outlets: Sequence[shop_data.Outlet]
) -> list[tuple[shop_data.Outlet, list[StockLine], int, dict[uuid.UUID, Variant]]]:
    """Per outlet: the emptiest products running low (at most `LIST_LENGTH`), a product's variants together
    under it; how many there are in all; and which of those listed are variants of what."""
    out = []
    for outlet in outlets:
        with db.transaction(outlet.shop_id) as conn:
            found = lists.low_stock(conn, outlet.shop_id)
            shown = found[:LIST_LENGTH]
            of = variant_names.variants_among(conn, outlet.shop_id, [x.product_id for x in shown])
        parents = {i: of[x.product_id].parent_id if x.product_id in of else None for i, x in enumerate(shown)}
        out.append((outlet, variant_names.grouped(shown, parents), len(found), of))
    return out


def kasbon(
    db: CloudDB, outlets: Sequence[shop_data.Outlet], as_of: dt.date
) -> list[tuple[shop_data.Outlet, list[Ageing], int, int]]:
    """Per outlet: customers owing (oldest debts first, at most `LIST_LENGTH`), how many, and what they owe."""
    out = []
    for outlet in outlets:
        with db.transaction(outlet.shop_id) as conn:
            found = lists.kasbon_due(conn, outlet.shop_id, as_of)
        out.append((outlet, found[:LIST_LENGTH], len(found), sum(a.total for a in found)))
    return out

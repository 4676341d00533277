"""The owner's figures in the cloud equal the counters' own reports, day by day and outlet by outlet, sales by
channel among them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from outlets import OutletsCloud
from sqlalchemy import select

from pos.cloud.web import best, catchup, figures, lists, shop_data
from pos.ledger.base.period import Period, month_end
from pos.ledger.reports.channels import channel_rows
from pos.ledger.reports.daily import daily_report
from pos.ledger.reports.dashboard import TOP, DayFigures, dashboard, method_rows, rank_best_sellers
from pos.ledger.reports.sales import sales_by
from pos.ledger.schema import Product
from pos.ledger.stock.stock_levels import low_stock


def _plain(report: Any) -> dict[str, Any]:
    found: dict[str, Any] = report.as_dict()
    return found


def test_every_day_equals_the_counters_z_report(outlets_cloud: OutletsCloud) -> None:
    cloud, o = outlets_cloud.db, outlets_cloud.outlets
    assert catchup.catch_up(cloud, o.main)
    day = o.first_day - dt.timedelta(days=1)
    channels: set[str] = set()
    while day <= o.today:
        with o.b.read() as s:
            expected = daily_report(s, day)
        with cloud.transaction(o.main) as conn:
            got = figures.daily_report(conn, o.main, day, "Asia/Jakarta")
        assert _plain(got) == _plain(expected), day  # by channel too: names, commission, refunds, to the rupiah
        channels |= {r.channel for r in got.by_channel}
        day += dt.timedelta(days=1)
    assert channels == {"counter", "gofood", "whatsapp"}


def test_sales_by_channel_over_a_period_equal_the_counters(outlets_cloud: OutletsCloud) -> None:
    cloud, o = outlets_cloud.db, outlets_cloud.outlets
    assert catchup.catch_up(cloud, o.main)
    found = {}
    for period in (
        Period(o.today - dt.timedelta(days=3), o.today),
        Period(o.first_day - dt.timedelta(days=40), o.today + dt.timedelta(days=1)),
        Period(o.today, o.today),
        Period(o.first_day, o.first_day + dt.timedelta(days=5)),
    ):
        with o.b.read() as s:
            expected = channel_rows(s, period)
        with cloud.transaction(o.main) as conn:
            got = figures.channel_rows(conn, o.main, period.start, period.end)
            per_counter = [
                figures.channel_rows(conn, o.main, period.start, period.end, counter.device_id)
                for counter in shop_data.counters(conn, o.main)
            ]
        assert got == expected, period
        # The counters' rows added up are the shop's (refunds on B of sales rung up on A included).
        by_counter = figures.combine(
            [dataclasses.replace(figures.combine([], period.start), by_channel=rows) for rows in per_counter],
            period.start,
        )
        assert {r.channel: r for r in by_counter.by_channel} == {r.channel: r for r in expected}
        found[period] = got
    last_days = {r.channel: r for r in found[Period(o.today - dt.timedelta(days=3), o.today)]}
    assert last_days["gofood"].commission and last_days["gofood"].refunds and last_days["gofood"].name == "GoFood"
    assert last_days["whatsapp"].delivery_fees
    assert [r.channel for r in found[Period(o.first_day, o.first_day + dt.timedelta(days=5))]] == ["counter"]


def test_the_dashboards_figures_equal_the_counters(outlets_cloud: OutletsCloud) -> None:
    cloud, o = outlets_cloud.db, outlets_cloud.outlets
    assert catchup.catch_up(cloud, o.main)
    for day in (o.today, o.today - dt.timedelta(days=1), o.first_day + dt.timedelta(days=4)):
        with o.a.read() as s:
            expected = dashboard(s, day)
            low = low_stock(s)
        with cloud.transaction(o.main) as conn:
            hours = figures.by_hour(conn, [o.main], ["Asia/Jakarta"], day, day)
            by_qty, by_revenue = best.best_sellers(conn, o.main, day, day, TOP)
            net_sales, cogs = figures.gross_profit(conn, o.main, day, day)
            owing = lists.kasbon_due(conn, o.main, day)
            report = figures.day_reports(conn, o.main, day, day)[day]
            per_counter = [
                figures.day_reports(conn, o.main, day, day, counter.device_id)[day]
                for counter in shop_data.counters(conn, o.main)
            ]
            cloud_low = lists.low_stock(conn, o.main)
        assert hours == expected.by_hour
        assert (by_qty, by_revenue) == (expected.best_by_qty, expected.best_by_revenue)
        assert (net_sales, cogs) == (expected.net_sales, expected.cogs)
        assert method_rows(report.by_method) == expected.by_method
        assert DayFigures.of(report) == expected.today
        assert owing[: len(expected.kasbon_due)] == list(expected.kasbon_due)
        assert len(owing) == expected.kasbon_customers
        assert cloud_low == low and low  # the demo runs some products low
        assert expected.kasbon_due and expected.today.sales and by_qty
        if day == o.today:  # Pak Joko left a down payment with the shop today: the pages hold his credit too
            assert [a.credit for a in owing if a.customer_id == o.customer] == [10_000]
        whole = figures.combine(per_counter, day)
        assert (whole.total, whole.sales_count, whole.by_method) == (report.total, report.sales_count, report.by_method)
        assert {r.channel: r for r in whole.by_channel} == {r.channel: r for r in report.by_channel}


def test_two_outlets_together_are_the_sum_of_each(outlets_cloud: OutletsCloud) -> None:
    cloud, o = outlets_cloud.db, outlets_cloud.outlets
    for shop in (o.main, o.second):
        assert catchup.catch_up(cloud, shop)
    reports = []
    for shop, counter in ((o.main, o.b), (o.second, o.c)):
        with counter.read() as s:
            expected = daily_report(s, o.today)
        with cloud.transaction(shop) as conn:
            got = figures.daily_report(conn, shop, o.today, "Asia/Jakarta")
        assert _plain(got) == _plain(expected)
        reports.append(got)
    both = figures.combine(reports, o.today)
    assert both.total == sum(r.total for r in reports) > 0
    assert both.cash_takings == sum(r.cash_takings for r in reports)


def test_best_sellers_of_a_period_rank_as_the_core_ranks_them(outlets_cloud: OutletsCloud) -> None:
    cloud, o = outlets_cloud.db, outlets_cloud.outlets
    assert catchup.catch_up(cloud, o.main)
    with o.a.read() as s:
        units = {p.id: p.unit for p in s.scalars(select(Product))}
    # Days only; whole months (from the month rollup) with days beside them; part months read as the month
    # less the days outside; a day; years.
    for period in (
        Period(o.today - dt.timedelta(days=13), o.today),
        Period(o.first_day.replace(day=1), month_end(o.today)),
        Period(o.first_day + dt.timedelta(days=2), o.today),
        Period(o.today.replace(day=1), o.today),
        Period(o.today - dt.timedelta(days=1), o.today - dt.timedelta(days=1)),
        Period(o.first_day - dt.timedelta(days=40), o.today + dt.timedelta(days=40)),
        # A calendar year from its rollup; a year to today read as the year less the days after; twelve months
        # back across the new year; a period reaching into the next year.
        Period(o.today.replace(month=1, day=1), o.today.replace(month=12, day=31)),
        Period(o.today.replace(month=1, day=1), o.today),
        Period(o.today - dt.timedelta(days=364), o.today),
        Period(o.first_day, o.today.replace(month=12, day=31) + dt.timedelta(days=45)),
    ):
        with o.a.read() as s:
            rows = sales_by(s, period, "product").rows
        for top in (1, 3, TOP, 500):
            with cloud.transaction(o.main) as conn:
                found = best.best_sellers(conn, o.main, period.start, period.end, top)
            assert found == rank_best_sellers(rows, units, top)

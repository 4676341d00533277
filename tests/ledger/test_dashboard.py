"""The owner's dashboard: a Wednesday's figures worked out by hand, against the Tuesday before and the Wednesday a
week earlier, equal to the reports they come from, zeros on a quiet day, and reads bounded to the days asked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest
from ledger.builders import add_item, fresh_db, pay, scale_label
from sqlalchemy import event, text

from pos.ledger.base.db import Database
from pos.ledger.base.ids import CustomerId, UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.base.period import day as one_day
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import close_shift, open_shift
from pos.ledger.people.customers import add_customer
from pos.ledger.people.users import add_user
from pos.ledger.reports.daily import daily_report
from pos.ledger.reports.dashboard import Dashboard, change_bp, dashboard
from pos.ledger.reports.margins import gross_profit
from pos.ledger.reports.sales import sales_by
from pos.ledger.selling.returns import void_sale
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.purchases import PurchaseItem, receive_goods
from pos.ledger.stock.stock_levels import low_stock

WIB = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2026, 6, 10)  # a Wednesday
YESTERDAY = DAY - dt.timedelta(days=1)
LAST_WEEK = DAY - dt.timedelta(days=7)
# Tables that grow with every sale: the dashboard may only look up the day's rows in them, never read them whole.
FACT_TABLES = ("sales", "sale_lines", "sale_payments", "stock_movements", "journal_entries", "journal_lines")


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


class Shop:
    """Four products in stock, an owner and a cashier, two kasbon customers; sales rung up day by day."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.write() as s:
            self.owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "1234")), "Bu Sri", "owner")
            self.cashier = Actor(UserId(add_user(s, "Dewi", "cashier", "5678", by=self.owner)), "Dewi", "cashier")
            self.kopi = add_item(s, "Kopi sachet", 2_000, cost=1_400, n=1)
            self.beras = add_item(s, "Beras 5 kg", 78_000, cost=62_000, n=2)
            self.sabun = add_item(s, "Sabun mandi", 5_000, cost=3_300, n=3)
            self.gula = add_item(s, "Gula curah", 16_000, cost=13_000, plu="12345", unit="kg", is_weighed=True)
            s.execute(text("UPDATE products SET low_stock_milli = 5000 WHERE name = 'Sabun mandi'"))
            s.execute(text("UPDATE products SET low_stock_milli = 25000 WHERE name = 'Kopi sachet'"))
            stock = [(self.kopi, 30), (self.beras, 10), (self.sabun, 9), (self.gula, 20)]
            receive_goods(
                s,
                self.owner,
                [PurchaseItem(item.id, Qty.units(n), Money(item.cost * n)) for item, n in stock],
                at=at(LAST_WEEK - dt.timedelta(days=1), 10),
            )
            self.budi = add_customer(s, "Pak Budi", credit_limit=Money(500_000))
            self.ani = add_customer(s, "Bu Ani", credit_limit=Money(500_000))

    def sell(
        self,
        when: dt.datetime,
        items: list[tuple[str, int]],
        payments: list[Payment],
        customer: CustomerId | None = None,
    ) -> SaleResult:
        """`items` as (barcode, pieces); a scale label carries its own weight (pieces 0)."""
        with self.db.write() as s:
            cart = Cart()
            for code, n in items:
                cart.add(line_for_scan(s, code, DEFAULT_FORMATS, Qty.units(n) if n else None))
            cart.customer_id = customer
            return ring_up(s, self.cashier, cart, payments, at=when)

    def open(self, day: dt.date) -> None:
        with self.db.write() as s:
            open_shift(s, self.cashier, Money(200_000), at=at(day, 7))

    def close(self, day: dt.date, counted: int) -> None:
        with self.db.write() as s:
            notes = {100_000: counted // 100_000, 1_000: counted % 100_000 // 1_000}
            close_shift(s, self.cashier, notes, at=at(day, 21))


def ring_the_week(db: Database) -> Shop:
    """The shop with its three trading days: the Wednesday a week before, Tuesday, and Wednesday itself."""
    made = Shop(db)
    # The Wednesday a week before: Rp 103.000 in two sales, one of them on Bu Ani's tab.
    made.open(LAST_WEEK)
    made.sell(at(LAST_WEEK, 9), [(made.beras.barcode, 1), (made.kopi.barcode, 5)], [pay("cash", 88_000)])
    made.sell(at(LAST_WEEK, 16), [(made.sabun.barcode, 3)], [pay("kasbon", 15_000)], customer=made.ani)
    made.close(LAST_WEEK, 288_000)
    # Tuesday: one sack of rice.
    made.open(YESTERDAY)
    made.sell(at(YESTERDAY, 10), [(made.beras.barcode, 1)], [pay("cash", 78_000)])
    made.close(YESTERDAY, 278_000)
    # Wednesday: five sales in four hours, paid every way but transfer, one more voided, and the drawer Rp 2.000 short.
    made.open(DAY)
    made.sell(at(DAY, 8, 15), [(made.kopi.barcode, 3), (made.beras.barcode, 1)], [pay("cash", 100_000)])
    made.sell(at(DAY, 8, 40), [(made.beras.barcode, 1)], [pay("qris", 78_000)])
    made.sell(at(DAY, 13, 5), [(made.sabun.barcode, 2)], [pay("kasbon", 10_000)], customer=made.budi)
    made.sell(at(DAY, 17, 30), [(made.kopi.barcode, 5)], [pay("ewallet", 4_000, "GoPay"), pay("cash", 6_000)])
    made.sell(at(DAY, 19), [(scale_label("20", "12345", 1_500), 0)], [pay("cash", 24_000)])
    voided = made.sell(at(DAY, 19, 30), [(made.beras.barcode, 1)], [pay("cash", 78_000)])
    with made.db.write() as s:
        approval = Approval(made.owner.user_id, "void", at(DAY, 19, 31), "wrong item")
        void_sale(s, made.cashier, voided.receipt_no, reason="wrong item", approvals=(approval,), at=at(DAY, 19, 31))
    made.close(DAY, 312_000)
    return made


@pytest.fixture
def shop(template_db: Path, tmp_path: Path) -> Iterator[Shop]:
    db = fresh_db(template_db, tmp_path / "shop")
    yield ring_the_week(db)
    db.dispose()


def read(shop: Shop, day: dt.date = DAY, **kwargs: int) -> Dashboard:
    with shop.db.read() as s:
        return dashboard(s, day, **kwargs)


def test_the_days_takings_against_yesterday_and_last_week(shop: Shop) -> None:
    view = read(shop)
    assert (view.today.takings, view.today.sales, view.today.average_basket) == (206_000, 5, 41_200)
    assert (view.yesterday.day, view.yesterday.takings, view.yesterday.sales) == (YESTERDAY, 78_000, 1)
    assert (view.last_week.day, view.last_week.takings, view.last_week.sales) == (LAST_WEEK, 103_000, 2)
    assert view.last_week.average_basket == 51_500
    # 206.000 against 78.000 is +164,10%; against 103.000 exactly double.
    assert view.takings_change_bp == (16_410, 10_000)
    assert view.voids == 1 and view.refunds == 0


def test_takings_by_method_list_every_method_and_add_up(shop: Shop) -> None:
    view = read(shop)
    assert view.by_method == (
        ("cash", 114_000),
        ("qris", 78_000),
        ("transfer", 0),
        ("ewallet", 4_000),
        ("kasbon", 10_000),
    )
    assert sum(a for _m, a in view.by_method) == view.today.takings


def test_sales_by_hour_cover_the_whole_day(shop: Shop) -> None:
    hours = read(shop).by_hour
    assert [h.hour for h in hours] == list(range(24))
    busy = {h.hour: (h.sales, h.revenue) for h in hours if h.sales}
    assert busy == {8: (2, 162_000), 13: (1, 10_000), 17: (1, 10_000), 19: (1, 24_000)}
    view = read(shop)
    assert view.busiest_hour is not None and view.busiest_hour.hour == 8
    # The hours' takings add up to the day's takings as the takings card shows them.
    assert sum(h.takings for h in view.by_hour) == view.today.takings


def test_best_sellers_by_quantity_and_by_revenue(shop: Shop) -> None:
    view = read(shop)
    assert [(b.name, b.qty_milli, b.unit) for b in view.best_by_qty] == [
        ("Kopi sachet", 8_000, "pcs"),
        ("Beras 5 kg", 2_000, "pcs"),  # as many as the soap, but worth more
        ("Sabun mandi", 2_000, "pcs"),
        ("Gula curah", 1_500, "kg"),
    ]
    assert [(b.name, b.revenue) for b in view.best_by_revenue] == [
        ("Beras 5 kg", 156_000),
        ("Gula curah", 24_000),
        ("Kopi sachet", 16_000),
        ("Sabun mandi", 10_000),
    ]
    top = read(shop, top=2)
    assert [b.name for b in top.best_by_qty] == ["Kopi sachet", "Beras 5 kg"]
    assert [b.name for b in top.best_by_revenue] == ["Beras 5 kg", "Gula curah"]


def test_gross_profit_and_margin(shop: Shop) -> None:
    view = read(shop)
    # HPP: 8 x 1.400 + 2 x 62.000 + 2 x 3.300 + 1,5 x 13.000; the voided sack of rice went back on the shelf.
    assert (view.net_sales, view.cogs, view.gross_profit) == (206_000, 161_300, 44_700)
    assert view.margin_bp == 2_170


def test_the_closed_shifts_cash_expected_and_counted(shop: Shop) -> None:
    view = read(shop)
    assert len(view.shifts) == 1 and view.open_shifts == 0
    shift = view.shifts[0]
    assert (shift.cashier, shift.report.expected_cash, shift.counted, shift.difference) == (
        "Dewi",
        314_000,
        312_000,
        -2_000,
    )
    assert (view.expected_cash, view.counted_cash, view.cash_difference) == (314_000, 312_000, -2_000)


def test_a_shift_still_open_is_not_counted_yet(shop: Shop) -> None:
    later = DAY + dt.timedelta(days=1)
    shop.open(later)
    shop.sell(at(later, 9), [(shop.kopi.barcode, 1)], [pay("cash", 2_000)])
    view = read(shop, later)
    assert view.shifts == () and view.open_shifts == 1
    assert (view.expected_cash, view.counted_cash, view.cash_difference) == (0, 0, 0)
    assert view.today.takings == 2_000 and view.yesterday.takings == 206_000


def test_low_stock_emptiest_first_and_counted_beyond_the_list(shop: Shop) -> None:
    view = read(shop)
    # Soap: 9 bought, 5 sold, 4 left of a minimum of 5 (80%); coffee: 30 bought, 13 sold, 17 of 25 (68%).
    assert [(x.name, x.qty_milli, x.low_stock_milli) for x in view.low_stock] == [
        ("Kopi sachet", 17_000, 25_000),
        ("Sabun mandi", 4_000, 5_000),
    ]
    short = read(shop, list_length=1)
    assert [x.name for x in short.low_stock] == ["Kopi sachet"] and short.low_stock_count == 2


def test_kasbon_due_oldest_first(shop: Shop) -> None:
    view = read(shop)
    assert [(a.name, a.total, a.oldest) for a in view.kasbon_due] == [
        ("Bu Ani", 15_000, LAST_WEEK),
        ("Pak Budi", 10_000, DAY),
    ]
    assert (view.kasbon_customers, view.kasbon_total) == (2, 25_000)
    # As it stood on the day before: only Bu Ani owed.
    assert [a.name for a in read(shop, YESTERDAY).kasbon_due] == ["Bu Ani"]


def test_the_dashboard_equals_the_reports_it_comes_from(shop: Shop) -> None:
    view = read(shop)
    with shop.db.read() as s:
        z = daily_report(s, DAY)
        hours = sales_by(s, one_day(DAY), "hour")
        products = sales_by(s, one_day(DAY), "product")
        profit = gross_profit(s, one_day(DAY))
        low = low_stock(s)
    assert (view.today.takings, view.today.sales) == (z.total, z.sales_count)
    assert {m: a for m, a in view.by_method if a} == z.by_method
    assert view.shifts == z.closed_shifts
    assert {h.hour: (h.sales, h.revenue) for h in view.by_hour if h.sales} == {
        int(r.key): (r.sales, r.revenue) for r in hours.rows
    }
    assert sum(b.revenue for b in view.best_by_revenue) == products.total.net_revenue
    assert (view.net_sales, view.cogs, view.margin_bp) == (profit.net_sales, profit.cogs, profit.margin_bp)
    assert view.low_stock == tuple(low)


def test_a_day_without_sales_shows_zeros(shop: Shop) -> None:
    quiet = DAY + dt.timedelta(days=3)
    view = read(shop, quiet)
    assert (view.today.takings, view.today.sales, view.today.average_basket) == (0, 0, 0)
    assert view.by_method == tuple((m, 0) for m in ("cash", "qris", "transfer", "ewallet", "kasbon"))
    assert len(view.by_hour) == 24 and all(h.sales == 0 and h.revenue == 0 for h in view.by_hour)
    assert view.best_by_qty == () and view.best_by_revenue == () and view.busiest_hour is None
    assert (view.net_sales, view.cogs, view.gross_profit, view.margin_bp) == (0, 0, 0, 0)
    assert view.shifts == () and view.open_shifts == 0
    # Nothing to compare with a week before; the day before the quiet day had nothing either.
    assert view.takings_change_bp == (None, None)
    # Before the shop's first day nobody owed anything yet.
    assert read(shop, LAST_WEEK - dt.timedelta(days=30)).kasbon_due == ()


def test_change_against_another_day() -> None:
    assert change_bp(110, 100) == 1_000
    assert change_bp(90, 100) == -1_000
    assert change_bp(1, 3) == -6_667
    assert change_bp(100, 0) is None
    assert change_bp(0, 0) is None


def test_the_dashboard_is_immutable(shop: Shop) -> None:
    view = read(shop)
    with pytest.raises(FrozenInstanceError):
        view.net_sales = 1  # type: ignore[misc]


def test_reads_only_the_days_asked_from_the_sales_facts(shop: Shop) -> None:
    """On a shop with years of sales the dashboard must stay quick: every table that grows with each sale is
    searched through an index for the days asked, never read from end to end."""
    statements: list[tuple[str, Any]] = []

    def seen(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        statements.append((statement, parameters))

    event.listen(shop.db.engine, "before_cursor_execute", seen)
    try:
        with shop.db.read() as s:
            dashboard(s, DAY)
    finally:
        event.remove(shop.db.engine, "before_cursor_execute", seen)
    selects = [(q, p) for q, p in statements if q.lstrip().upper().startswith("SELECT")]
    assert len(selects) > 10
    with shop.db.read() as s:
        connection = s.connection()
        for statement, parameters in selects:
            tables = _tables(statement)
            plan = [str(row[3]) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            scanned = {tables.get(d.split()[1], d.split()[1]) for d in plan if d.startswith("SCAN ")}
            assert not scanned & set(FACT_TABLES), (statement, plan)


_FROM = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.IGNORECASE)
_KEYWORDS = {"WHERE", "ON", "JOIN", "LEFT", "INNER", "CROSS", "GROUP", "ORDER", "LIMIT", "USING"}


def _tables(statement: str) -> dict[str, str]:
    """The tables a statement reads, by the name its query plan uses for them (the alias when it has one)."""
    found = {}
    for table, alias in _FROM.findall(statement):
        found[table] = table
        if alias and alias.upper() not in _KEYWORDS:
            found[alias] = table
    return found

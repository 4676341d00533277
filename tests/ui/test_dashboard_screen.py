"""The owner's dashboard on the demo warung: every figure on screen equals the core's reports for the same day, a
day without sales shows zeros, a short drawer shows in red, and the date can be stepped through.

With LACI_SCREENSHOTS set to a folder, the screen is also saved there as `dashboard.png`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger.test_dashboard import DAY as SHORT_DAY
from ledger.test_dashboard import ring_the_week
from tests_support import copy_db

from pos.demo.shop import DemoSummary, build_demo_shop
from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.base.money import div_round_half_up
from pos.ledger.base.period import day as one_day
from pos.ledger.people.kasbon import kasbon_ageing
from pos.ledger.reports.daily import daily_report
from pos.ledger.reports.margins import gross_profit
from pos.ledger.reports.sales import METHODS, sales_by, takings_by_hour
from pos.ledger.stock.stock_levels import low_stock
from pos.ui.dashboard import DashboardScreen
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import BAD

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    db = copy_db(template_db, tmp_path_factory.mktemp("dashboard-demo"))
    summary = build_demo_shop(db, products=40, days=8, seed=7, today=TODAY)
    yield db, summary
    db.dispose()


def _screen(db: Database, qtbot: Any) -> tuple[DashboardScreen, TaskManager]:
    tasks = TaskManager(db)
    made = DashboardScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    assert tasks.wait_idle(30)
    return made, tasks


@pytest.fixture
def screen(qapp: Any, qtbot: Any, demo: tuple[Database, DemoSummary]) -> Iterator[DashboardScreen]:
    made, tasks = _screen(demo[0], qtbot)
    failures: list[str] = []
    tasks.failed.connect(failures.append)
    yield made
    tasks.shutdown()
    assert failures == []


def show(screen: DashboardScreen, day: dt.date) -> None:
    screen.show_day(day)
    assert screen.tasks.wait_idle(30)
    assert screen.view is not None and screen.view.day == day


def test_the_dashboard_shows_the_core_reports_figures(
    screen: DashboardScreen, demo: tuple[Database, DemoSummary]
) -> None:
    db, summary = demo
    day = summary.last_day
    show(screen, day)
    with db.read() as s:
        z = daily_report(s, day)
        before = daily_report(s, day - dt.timedelta(days=1))
        week = daily_report(s, day - dt.timedelta(days=7))
        hours = sales_by(s, one_day(day), "hour")
        products = sales_by(s, one_day(day), "product")
        profit = gross_profit(s, one_day(day))
        low = low_stock(s)
        owing = kasbon_ageing(s, day)
    assert z.sales_count > 20  # a trading day, or the comparison proves nothing

    # The big figures, and the same figures of the day before and of the same weekday a week before.
    assert screen.takings_card.value.text() == fmt.rupiah(z.total)
    assert [row[1].text() for row in screen.takings_card.compare] == [fmt.rupiah(before.total), fmt.rupiah(week.total)]
    assert screen.sales_card.value.text() == fmt.number(z.sales_count)
    assert [row[1].text() for row in screen.sales_card.compare] == [
        fmt.number(before.sales_count),
        fmt.number(week.sales_count),
    ]
    assert screen.basket_card.value.text() == fmt.rupiah(div_round_half_up(z.total, z.sales_count))
    assert screen.profit_card.value.text() == fmt.rupiah(profit.gross_profit)
    assert [row[1].text() for row in screen.profit_card.compare] == [
        fmt.rupiah(profit.net_sales),
        fmt.rupiah(profit.cogs),
    ]

    # Takings by method: all five methods, each as the Z report has it, and their total is the day's takings.
    assert {m: label.text() for m, label in screen.methods.amounts.items()} == {
        m: fmt.rupiah(z.by_method.get(m, 0)) for m in METHODS
    }
    assert screen.methods.total.text() == fmt.rupiah(z.total)

    # Takings by hour: 24 bars, each what customers owed in that hour; together the day's takings, to the rupiah.
    with db.read() as s:
        by_hour = takings_by_hour(s, one_day(screen.view.day))
    assert screen.hour_chart.bars == tuple((str(h), by_hour.get(h, 0)) for h in range(24))
    assert sum(v for _h, v in screen.hour_chart.bars) == z.total
    assert {int(r.key) for r in hours.rows if r.sales} == {h for h, v in by_hour.items() if v}

    # Best sellers by sales value: the top of the sales-by-product report, in its order.
    screen.by_revenue_button.click()
    shown = screen.best.texts()
    top = [r for r in products.rows if r.net_revenue > 0][:10]
    assert [row[1] for row in shown] == [r.label for r in top]
    assert [row[3] for row in shown] == [fmt.rupiah(r.net_revenue) for r in top]
    screen.by_qty_button.click()
    by_qty = sorted(products.rows, key=lambda r: -(r.qty_milli - r.returned_qty_milli))
    assert screen.best.texts()[0][2].split()[0] == fmt.qty(by_qty[0].qty_milli - by_qty[0].returned_qty_milli)

    # The drawers: each shift closed that day with what it should have held, what was counted and the difference.
    closed = z.closed_shifts
    assert closed
    blocks = screen.shifts.blocks
    assert [(b[1].text(), b[2].text()) for b in blocks[: len(closed)]] == [
        (fmt.rupiah(c.report.expected_cash), fmt.rupiah(c.counted or 0)) for c in closed
    ]

    # What needs doing: low stock as it stands, and kasbon owed at the end of the day, oldest first.
    assert [row[0] for row in screen.low.texts()] == [x.name for x in low[:10]]
    oldest_first = sorted(owing, key=lambda a: (a.oldest or day, -a.total, a.name))[:10]
    assert [(row[0], row[2]) for row in screen.kasbon.texts()] == [(a.name, fmt.rupiah(a.total)) for a in oldest_first]
    assert screen.kasbon_total.text().endswith(fmt.rupiah(sum(a.total for a in owing)))
    assert not screen.message.isVisible()
    if os.environ.get("LACI_SCREENSHOTS"):
        screen.grab().save(str(Path(os.environ["LACI_SCREENSHOTS"]) / "dashboard.png"))


def test_a_day_without_sales_shows_zeros(screen: DashboardScreen, demo: tuple[Database, DemoSummary]) -> None:
    quiet = demo[1].first_day - dt.timedelta(days=10)
    show(screen, quiet)
    zero = fmt.rupiah(0)
    assert screen.takings_card.value.text() == zero
    assert screen.sales_card.value.text() == "0"
    assert screen.basket_card.value.text() == zero
    assert screen.profit_card.value.text() == zero
    # Nothing a day or a week before either: no change to speak of, not a division by zero.
    assert [row[2].text() for row in screen.takings_card.compare] == ["–", "–"]
    assert all(label.text() == zero for label in screen.methods.amounts.values())
    assert screen.methods.total.text() == zero
    assert len(screen.hour_chart.bars) == 24 and all(v == 0 for _h, v in screen.hour_chart.bars)
    assert screen.hours_panel.note.text() == ""
    assert screen.best.is_empty and screen.best.empty.text()
    assert screen.shifts.currentWidget() is screen.shifts.empty
    assert screen.kasbon.is_empty and screen.kasbon_total.text() == ""
    assert not screen.message.isVisible()


def test_a_short_drawer_shows_in_red(qapp: Any, qtbot: Any, template_db: Path, tmp_path: Path) -> None:
    db = copy_db(template_db, tmp_path / "small")
    ring_the_week(db)  # the core test's shop: its Wednesday drawer was counted Rp 2.000 short
    screen, tasks = _screen(db, qtbot)
    try:
        show(screen, SHORT_DAY)
        [(name, expected, counted, difference)] = screen.shifts.blocks
        assert name.text() == "A · Dewi"
        assert (expected.text(), counted.text(), difference.text()) == ("Rp 314.000", "Rp 312.000", "-Rp 2.000")
        assert BAD in difference.styleSheet()
        assert screen.takings_card.value.text() == "Rp 206.000"
        assert [row[2].text() for row in screen.takings_card.compare] == ["▲ 164,1%", "▲ 100%"]
        assert screen.takings_card.note.text() == "1 dibatalkan"
        # The day before: the count was right, and says so without red.
        show(screen, SHORT_DAY - dt.timedelta(days=1))
        [(_name, _expected, _counted, even)] = screen.shifts.blocks
        assert even.text() == "Rp 0" and BAD not in even.styleSheet()
    finally:
        tasks.shutdown()
        db.dispose()


def test_the_date_can_be_stepped_and_today_comes_back(
    screen: DashboardScreen, demo: tuple[Database, DemoSummary]
) -> None:
    last = demo[1].last_day
    show(screen, last)
    screen.prev_button.click()
    assert screen.tasks.wait_idle(30)
    assert screen.view is not None and screen.view.day == last - dt.timedelta(days=1)
    assert screen.date_edit.date().toPython() == last - dt.timedelta(days=1)
    screen.next_button.click()
    assert screen.tasks.wait_idle(30)
    assert screen.view is not None and screen.view.day == last
    screen.today_button.click()
    assert screen.tasks.wait_idle(30)
    assert screen.view is not None and screen.today is not None and screen.view.day == screen.today
    assert not screen.next_button.isEnabled() and not screen.today_button.isEnabled()
    # Choosing a day in the date field reads that day.
    screen.date_edit.setDate(screen.date_edit.date().addDays(-3))
    assert screen.tasks.wait_idle(30)
    assert screen.view.day == screen.today - dt.timedelta(days=3)
    assert screen.subtitle.text().endswith(str(screen.view.day.year))


def test_only_the_last_read_is_shown(screen: DashboardScreen, demo: tuple[Database, DemoSummary]) -> None:
    last = demo[1].last_day
    screen.show_day(last - dt.timedelta(days=2))
    screen.show_day(last)
    assert screen.tasks.wait_idle(30)
    assert screen.view is not None and screen.view.day == last
    with demo[0].read() as s:
        assert screen.takings_card.value.text() == fmt.rupiah(daily_report(s, last).total)

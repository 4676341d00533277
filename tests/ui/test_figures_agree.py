"""Every figure the dashboard and the reports screen show equals the core's own figure for the same thing, to
the rupiah, on every day of a year of the demo warung (a quieter one: about six sales a day, cash rounded to
Rp 100, returns and voids as the demo makes them).

The screens read through their own workers and format what comes back; the figures here come from the core's
reports read separately: the Z report (daily_report), the books (profit_and_loss, account balances), sales by
hour and by method. The takings, less returns and rounding (and PPN), are the net sales: the dashboard says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests_support import copy_db

from pos.demo.shop import WARUNG, build_demo_shop
from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.base.money import div_round_half_up
from pos.ledger.base.period import Period
from pos.ledger.base.period import day as one_day
from pos.ledger.books import accounts
from pos.ledger.books.balances import account_balance
from pos.ledger.reports.daily import daily_report
from pos.ledger.reports.pnl import profit_and_loss
from pos.ledger.reports.sales import sales_by_method, takings_by_hour
from pos.ledger.shop.opening import init_shop, open_database
from pos.ui.dashboard import DashboardScreen
from pos.ui.reports import ReportsScreen
from pos.ui.tasks import TaskManager

TODAY = dt.date(2026, 11, 23)
DAYS = 365


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("year") / "laci.sqlite3"
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Toko Saya")
    build_demo_shop(db, products=30, days=DAYS, seed=11, today=TODAY, pace=WARUNG.at(6))
    db.dispose()
    return path


@pytest.fixture
def shop(year: Path, tmp_path: Path, qapp: Any) -> Iterator[tuple[Database, TaskManager]]:
    db = copy_db(year, tmp_path / "shop")
    tasks = TaskManager(db)
    yield db, tasks
    tasks.shutdown()
    db.dispose()


def _days() -> Iterator[dt.date]:
    first = TODAY - dt.timedelta(days=DAYS)
    for n in range(DAYS):
        yield first + dt.timedelta(days=n)


def test_the_dashboard_agrees_with_the_core_on_every_day_of_a_year(
    shop: tuple[Database, TaskManager], qtbot: Any
) -> None:
    db, tasks = shop
    screen = DashboardScreen(tasks)
    qtbot.addWidget(screen)
    wrong: list[str] = []
    sold_days = 0
    for day in _days():
        screen.show_day(day)
        assert tasks.wait_idle(30)
        view = screen.view
        assert view is not None and view.day == day
        with db.read() as s:
            z = daily_report(s, day)
            books = profit_and_loss(s, one_day(day), with_compare=False).current
            hours = takings_by_hour(s, one_day(day))
        sold_days += bool(z.sales_count)
        basket = div_round_half_up(z.total, z.sales_count) if z.sales_count else 0
        shown = {
            "takings": (screen.takings_card.value.text(), fmt.rupiah(z.total)),
            "sales": (screen.sales_card.value.text(), fmt.number(z.sales_count)),
            "basket": (screen.basket_card.value.text(), fmt.rupiah(basket)),
            "methods total": (screen.methods.total.text(), fmt.rupiah(z.total)),
            "net sales": (screen.profit_card.compare[0][1].text(), fmt.rupiah(books.net_sales)),
            "cost of goods": (screen.profit_card.compare[1][1].text(), fmt.rupiah(books.cogs)),
            "gross profit": (screen.profit_card.value.text(), fmt.rupiah(books.gross_profit)),
            "hours": (sum(v for _h, v in screen.hour_chart.bars), z.total),
            "each hour": (dict(screen.hour_chart.bars), {str(h): hours.get(h, 0) for h in range(24)}),
            # What takes the takings to the net sales is on the screen: returns, rounding, PPN.
            "reconciled": (z.total - view.refunds - view.rounding - view.ppn, books.net_sales),
        }
        for method, label in screen.methods.amounts.items():
            shown[method] = (label.text(), fmt.rupiah(z.by_method.get(method, 0)))
        wrong += [
            f"{day} {what}: shows {got}, the core says {want}" for what, (got, want) in shown.items() if got != want
        ]
    assert sold_days > 300
    assert not wrong, "\n".join(wrong[:30])


def _cell(screen: ReportsScreen, key: str) -> str:
    table = screen.pnl_table
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.data(256) == key:  # Qt.ItemDataRole.UserRole
            amount = table.item(row, 1)
            return amount.text() if amount is not None else ""
    raise AssertionError(f"no row {key} in the income statement")


def _amount(value: int) -> str:
    return f"({fmt.rupiah(-value)})" if value < 0 else fmt.rupiah(value)


def test_the_reports_agree_with_the_core_on_every_day_of_a_year(shop: tuple[Database, TaskManager], qtbot: Any) -> None:
    db, tasks = shop
    screen = ReportsScreen(tasks)
    qtbot.addWidget(screen)
    wrong: list[str] = []
    for day in _days():
        screen.set_custom_period(Period(day, day))
        assert tasks.wait_idle(30)
        assert screen.view is not None and screen.view.period == Period(day, day)
        with db.read() as s:
            books = profit_and_loss(s, one_day(day), with_compare=False).current
            z = daily_report(s, day)
            methods = sales_by_method(s, one_day(day))
            cash = account_balance(s, accounts.KAS, day)
        position = screen.position_table
        kas = next(
            position.item(r, 1).text()
            for r in range(position.rowCount())
            if position.item(r, 0).data(256) == f"asset:{accounts.KAS}"
        )
        shown = {
            "net sales": (_cell(screen, "net_sales"), _amount(books.net_sales)),
            "gross profit": (_cell(screen, "gross_profit"), _amount(books.gross_profit)),
            "net profit": (_cell(screen, "net_profit"), _amount(books.net_profit)),
            "kas": (kas, _amount(cash)),
            "methods": (screen.methods_table.item(screen.methods_table.rowCount() - 1, 2).text(), _amount(methods.net)),
            "methods are the takings less refunds": (methods.net, z.total - z.refunds_total),
            "chart": (sum(v for _label, v in screen.days_chart.bars), books.net_sales),
        }
        wrong += [
            f"{day} {what}: shows {got}, the core says {want}" for what, (got, want) in shown.items() if got != want
        ]
    assert not wrong, "\n".join(wrong[:30])

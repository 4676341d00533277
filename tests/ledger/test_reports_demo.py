"""The statements on the demo warung (`build_demo_shop`): ten days of realistic trading across a month's end."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.test_reports_shop import open_books
from sqlalchemy import text

from pos.demo.shop import build_demo_shop
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books import accounts, cash_entries
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.exports import chart_accounts, export_ledger, hledger_account
from pos.ledger.reports.cashflow import cash_flow
from pos.ledger.reports.pack import loan_pack
from pos.ledger.reports.pack_seal import books_agree, seal_locally
from pos.ledger.reports.pnl import pnl_figures
from pos.ledger.reports.position import position_figures
from pos.ledger.reports.sales import DIMENSIONS, sales_by, sales_by_method

TODAY = dt.date(2026, 3, 6)  # trading 24 Feb to 5 Mar
WHOLE = Period(dt.date(2026, 2, 24), dt.date(2026, 3, 5))
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 5))


@pytest.fixture(scope="module")
def demo(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    target = tmp_path_factory.mktemp("demo") / "laci.sqlite3"
    shutil.copyfile(template_db, target)
    db = open_books(target)
    build_demo_shop(db, products=30, days=10, seed=11, today=TODAY)
    yield db
    db.dispose()


def test_the_demo_balance_sheet_balances_every_day_and_equals_hledger(demo: Database, tmp_path: Path) -> None:
    journal = tmp_path / "demo.journal"
    with demo.read() as s:
        for offset in range(-1, WHOLE.days):
            assert position_figures(s, WHOLE.start + dt.timedelta(days=offset)).balances
        export_ledger(s, "hledger", journal)
        names = {a.code: hledger_account(a) for a in chart_accounts(s)}
        tb = trial_balance(s, WHOLE.end)
        figures = position_figures(s, WHOLE.end)
    out = subprocess.run(
        ["hledger", "-f", str(journal), "balance", "--flat", "--no-total", "-O", "csv", "-e", "2026-03-06"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    theirs = {row.split('","')[0].strip('"'): int(row.split('"IDR ')[1].rstrip('"')) for row in out.splitlines()[1:]}
    for a in tb.accounts:
        assert theirs.get(names[a.code], 0) == a.debit - a.credit, a.name
    assert figures.total_assets == sum(v for k, v in theirs.items() if k.startswith("Aset:"))


@pytest.mark.parametrize("period", [WHOLE, MARCH], ids=["ten-days", "march"])
def test_the_demo_profit_equals_the_change_in_equity(demo: Database, period: Period) -> None:
    with demo.read() as s:
        pnl = pnl_figures(s, period)
        before = position_figures(s, period.start - dt.timedelta(days=1))
        after = position_figures(s, period.end)
        flow = cash_flow(s, period)
        breakdowns = [sales_by(s, period, d) for d in DIMENSIONS]
        methods = sales_by_method(s, period)
        sold = s.execute(
            text(
                "SELECT COUNT(*) FROM sales x WHERE x.business_date BETWEEN :a AND :b "
                "AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = x.id)"
            ),
            {"a": period.start.isoformat(), "b": period.end.isoformat()},
        ).scalar_one()
    capital = after.account(accounts.MODAL) - before.account(accounts.MODAL)
    drawings = -(after.account(accounts.PRIVE) - before.account(accounts.PRIVE))
    assert pnl.net_profit == after.total_equity - before.total_equity - capital + drawings
    assert pnl.net_sales > 0 and flow.reconciles
    for breakdown in breakdowns:
        assert breakdown.total.net_revenue == pnl.net_sales, breakdown.dimension
        assert breakdown.total.gross_profit == pnl.gross_profit, breakdown.dimension
    assert breakdowns[0].total.sales == sold
    assert methods.total > 0


def test_the_demo_pack_no_longer_agrees_when_its_days_change(demo: Database, tmp_path: Path) -> None:
    copy = tmp_path / "laci.sqlite3"
    # SQLite's online backup copies what the WAL holds too; the demo stays as it is for the other tests.
    source, target = sqlite3.connect(demo.path), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    other = open_books(copy)
    made = dt.datetime(2026, 3, 6, 1, tzinfo=dt.UTC)
    try:
        with other.write() as s:
            sealed = seal_locally(s, loan_pack(s, MARCH), "id", made)
        with other.read() as s:
            assert books_agree(s, sealed.body).ok
        with other.write() as s:  # the next day's trading does not touch March 1-5
            cash_entries.record_expense(s, "transport", Money(15_000), at=dt.datetime(2026, 3, 6, 3, tzinfo=dt.UTC))
        with other.read() as s:
            assert books_agree(s, sealed.body).ok
        with other.write() as s:  # an expense dated back into the period does
            cash_entries.record_expense(s, "transport", Money(15_000), at=dt.datetime(2026, 3, 2, 3, tzinfo=dt.UTC))
        with other.read() as s:
            agreement = books_agree(s, sealed.body)
        assert not agreement.ok and agreement.later_entries == 1 and not agreement.missing_heads
    finally:
        other.dispose()

"""Statements and analyses on a shop with seven months of books: they balance and agree with hledger and each other.

They also read only the day totals and the sales tables, never every journal line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.test_reports_shop import books_copy, built_books, open_books, set_pph
from sqlalchemy import event, text

from pos.ledger.base import period as periods
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.exports import ChartAccount, export_ledger, hledger_account
from pos.ledger.reports.cashflow import cash_flow
from pos.ledger.reports.daily import daily_report
from pos.ledger.reports.inventory import stock_report, stock_summary
from pos.ledger.reports.margins import gross_profit
from pos.ledger.reports.pack import loan_pack
from pos.ledger.reports.pnl import pnl_figures, profit_and_loss
from pos.ledger.reports.position import PositionFigures, financial_position, position_figures
from pos.ledger.reports.pph import PphPolicy, pph_report
from pos.ledger.reports.receivables import kasbon_report
from pos.ledger.reports.sales import DIMENSIONS, sales_by, sales_by_method
from pos.ledger.stock.stock_levels import stock_as_of, stock_value

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
MONTH_ENDS = [dt.date(2025, 11, 30), dt.date(2025, 12, 31)] + [
    periods.month_end(dt.date(2026, m, 1)) for m in range(1, 8)
]


@pytest.fixture(scope="module")
def books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_books(built_books(template_db, tmp_path_factory))
    yield db
    db.dispose()


# --- posisi keuangan --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", MONTH_ENDS)
def test_the_balance_sheet_balances_at_every_month_end(books: Database, as_of: dt.date) -> None:
    with books.read() as s:
        figures = position_figures(s, as_of)
    assert figures.balances, figures.as_dict()
    assert figures.total_assets == figures.total_liabilities + figures.total_equity


def _hledger_balances(journal: Path, end: dt.date) -> dict[str, int]:
    """Each account's balance as hledger computes it from our export, up to and including `end`."""
    result = subprocess.run(
        [
            "hledger",
            "-f",
            str(journal),
            "balance",
            "--flat",
            "--no-total",
            "-O",
            "csv",
            "-e",
            str(end + dt.timedelta(1)),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stderr == ""
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["account", "balance"]
    return {name: int(amount.removeprefix("IDR ").replace(",", "")) for name, amount in rows[1:]}


@pytest.mark.parametrize("as_of", [dt.date(2025, 12, 31), dt.date(2026, 3, 31), dt.date(2026, 6, 30)])
def test_the_balance_sheet_equals_what_hledger_computes_from_our_export(
    books: Database, tmp_path: Path, as_of: dt.date
) -> None:
    journal = tmp_path / "books.journal"
    with books.read() as s:
        export_ledger(s, "hledger", journal)
        figures = position_figures(s, as_of)
        chart = {
            str(c): ChartAccount(str(c), str(n), str(k))
            for c, n, k in s.execute(text("SELECT code, name, kind FROM accounts"))
        }
    hledger = _hledger_balances(journal, as_of)

    def theirs(code: str) -> int:
        return hledger.get(hledger_account(chart[code]), 0)

    for group, sign in (
        (figures.current_assets, 1),
        (figures.fixed_assets, 1),
        (figures.liabilities, -1),
        (figures.equity, -1),
    ):
        for line in group:
            assert line.amount == sign * theirs(line.account.code), line.account.name
    # Everything the laba rugi accounts and Saldo laba hold is the earnings, split by year and net of PPh Final.
    earnings = -sum(
        theirs(code) for code, a in chart.items() if a.kind in ("revenue", "expense") or code == accounts.SALDO_LABA
    )
    assert figures.retained_earnings + figures.profit_for_year + figures.pph_payable == earnings
    assert figures.total_assets == sum(v for k, v in hledger.items() if k.startswith("Aset:"))
    assert figures.total_assets > 0


def test_the_comparison_column_is_the_balance_at_the_other_date(books: Database) -> None:
    with books.read() as s:
        both = financial_position(s, H1.end, dt.date(2025, 12, 31))
        alone = position_figures(s, dt.date(2025, 12, 31))
        default = financial_position(s, H1.end)
    assert both.previous == alone
    assert default.previous is not None and default.previous.as_of == dt.date(2025, 12, 31)
    rows = {r.key: r for r in both.rows()}
    assert rows["total_assets"].amount == both.current.total_assets
    assert rows["total_assets"].compare == alone.total_assets
    assert rows[f"asset:{accounts.KAS}"].compare == alone.account(accounts.KAS)


# --- laba rugi ----------------------------------------------------------------------------------------------------


def _equity(f: PositionFigures) -> int:
    return f.total_equity


@pytest.mark.parametrize("taxpayer", ["individual", "company"])
def test_the_profit_equals_the_change_in_equity_less_capital_and_drawings(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, taxpayer: str
) -> None:
    db = books_copy(template_db, tmp_path_factory)
    # A small exemption makes the individual's PPh cross it inside the period; a company has none.
    set_pph(db, rate_bp=50, exemption=2_000_000, taxpayer=taxpayer)
    try:
        with db.read() as s:
            for period in (H1, Period(dt.date(2026, 2, 1), dt.date(2026, 4, 30)), Period(dt.date(2025, 12, 1), H1.end)):
                pnl = pnl_figures(s, period)
                before = position_figures(s, period.start - dt.timedelta(days=1))
                after = position_figures(s, period.end)
                capital = after.account(accounts.MODAL) - before.account(accounts.MODAL)
                drawings = -(after.account(accounts.PRIVE) - before.account(accounts.PRIVE))
                assert pnl.pph > 0
                assert pnl.net_profit == _equity(after) - _equity(before) - capital + drawings
                assert after.balances and before.balances
    finally:
        db.dispose()


def test_the_laba_rugi_follows_the_sak_emkm_layout(books: Database) -> None:
    with books.read() as s:
        pnl = profit_and_loss(s, H1, Period(dt.date(2025, 12, 1), dt.date(2025, 12, 31)))
        tb = trial_balance(s, H1.end)
    keys = [r.key for r in pnl.rows()]
    order = ["revenue", "net_sales", "cogs", "gross_profit", "expenses", "total_expenses", "operating_profit", "other"]
    order += ["total_other", "profit_before_tax", "pph", "net_profit"]
    assert [k for k in keys if k in order] == order
    assert keys[1:3] == [f"revenue:{accounts.PENDAPATAN}", f"revenue:{accounts.POTONGAN}"]
    rows = {r.key: r for r in pnl.rows()}
    c = pnl.current
    assert rows[f"revenue:{accounts.POTONGAN}"].amount == -28_500  # a Rp 10.000 discount and a Rp 18.500 return
    assert c.net_sales == rows[f"revenue:{accounts.PENDAPATAN}"].amount - 28_500
    assert c.gross_profit == c.net_sales - c.cogs
    # Each operating expense on its own line; Selisih kas among the other items, as a cost.
    assert {r.account.code for r in pnl.rows() if r.key.startswith("expense:") and r.account} == {
        accounts.BEBAN_GAJI,
        accounts.BEBAN_SEWA,
        accounts.BEBAN_LISTRIK_AIR,
    }
    assert rows[f"expense:{accounts.BEBAN_SEWA}"].amount == 6 * 200_000
    assert rows[f"other:{accounts.SELISIH_KAS}"].amount == -2_000
    assert rows[f"other:{accounts.PENDAPATAN_LAIN}"].amount == 25_000
    assert c.profit_before_tax == c.gross_profit - c.total_expenses + c.total_other
    assert c.pph == 0  # an individual under the Rp 500 juta exemption
    assert rows["net_profit"].amount == c.net_profit == c.profit_before_tax
    assert pnl.previous is not None
    assert rows["net_profit"].compare == pnl.previous.net_profit
    assert c.margin_bp == round(c.gross_profit * 10_000 / c.net_sales)
    # The period's profit is all revenue less all expenses booked in it.
    assert c.net_sales > 0 and tb.difference == 0


def test_comparison_periods() -> None:
    assert H1.previous() == Period(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert H1.year_before() == Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    feb = Period(dt.date(2028, 2, 1), dt.date(2028, 2, 29))
    assert feb.year_before() == Period(dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert feb.previous() == Period(dt.date(2028, 1, 1), dt.date(2028, 1, 31))
    odd = Period(dt.date(2026, 3, 10), dt.date(2026, 3, 19))
    assert odd.previous() == Period(dt.date(2026, 2, 28), dt.date(2026, 3, 9))
    assert [m.start for m in odd.months()] == [dt.date(2026, 3, 10)]
    assert [(m.start, m.end) for m in Period(dt.date(2026, 1, 20), dt.date(2026, 3, 5)).months()] == [
        (dt.date(2026, 1, 20), dt.date(2026, 1, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 5)),
    ]
    today = dt.date(2026, 3, 15)
    assert periods.named("today", today) == Period(today, today)
    assert periods.named("this_month", today) == Period(dt.date(2026, 3, 1), today)
    assert periods.named("last_month", today) == Period(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert periods.named("this_year", today) == Period(dt.date(2026, 1, 1), today)
    with pytest.raises(InvalidInput):
        Period(dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    with pytest.raises(InvalidInput):
        periods.parse_date("30/06/2026")


# --- arus kas -----------------------------------------------------------------------------------------------------


def test_the_cash_flow_explains_the_change_in_kas_bank_qris_and_e_wallets(books: Database) -> None:
    with books.read() as s:
        flow = cash_flow(s, H1)
        dec = cash_flow(s, Period(dt.date(2025, 12, 1), dt.date(2025, 12, 31)))
        money = lambda d: sum(trial_balance(s, d).balance(c) for c in accounts.MONEY_ACCOUNTS)  # noqa: E731
        assert flow.opening == money(dt.date(2025, 12, 31))
        assert flow.closing == money(H1.end)
    assert flow.reconciles and dec.reconciles
    assert flow.net_change == flow.closing - flow.opening
    # Cash sales, QRIS sales and the kasbon payment, less the cash refund; the voided sale nets to nothing.
    assert flow.flow("customers") == 60 * 213_000 + 60 * 68_000 + 146_000 + 59_500 + 100_000 - 18_500
    assert flow.flow("suppliers") == -(6 * 2_000_000 + 500_000)
    assert flow.flow("expenses") == -6 * (200_000 + 150_000 + 75_000)
    assert flow.flow("other_income") == 25_000
    assert flow.flow("cash_over_short") == -2_000
    assert flow.flow("owner_out") == -100_000  # the drawing taken out of the drawer
    assert dec.flow("owner_in") == 20_000_000
    assert dec.flow("suppliers") == -2_380_500  # stock bought from the bank account
    assert "other" not in flow.flows  # transfers and bank deposits move money between the shop's own accounts


# --- sales analyses -----------------------------------------------------------------------------------------------


def test_every_sales_breakdown_adds_up_to_the_laba_rugi(books: Database) -> None:
    with books.read() as s:
        pnl = pnl_figures(s, H1)
        breakdowns = {d: sales_by(s, H1, d) for d in DIMENSIONS}
        sold = s.execute(
            text(
                "SELECT COUNT(*) FROM sales x WHERE x.business_date BETWEEN '2026-01-01' AND '2026-06-30' "
                "AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = x.id)"
            )
        ).scalar_one()
    for dimension, breakdown in breakdowns.items():
        assert breakdown.total.net_revenue == pnl.net_sales, dimension
        assert breakdown.total.gross_profit == pnl.gross_profit, dimension
    for dimension in ("day", "hour", "cashier"):
        assert breakdowns[dimension].total.sales == sold == 60 * 2 + 6 + 2  # the voided sale is not counted


def test_sales_by_hour_day_product_category_and_cashier(books: Database) -> None:
    with books.read() as s:
        hours = {r.key: r for r in sales_by(s, H1, "hour").rows}
        days = {r.key: r for r in sales_by(s, H1, "day").rows}
        products = {r.label: r for r in sales_by(s, H1, "product").rows}
        categories = {r.label: r for r in sales_by(s, H1, "category").rows}
        cashiers = sales_by(s, H1, "cashier").rows
    assert hours["8"].sales == 60 and hours["8"].revenue == 60 * 215_000 - 60 * 2_000  # 08.30 WIB, not 01.30 UTC
    assert hours["13"].sales == 0 and hours["13"].returned_revenue == 18_500  # the return, at its own hour
    june29 = days["2026-06-29"]
    assert (june29.sales, june29.discount, june29.returns) == (2, 10_000, 1)
    assert products["Gula pasir 1 kg"].returned_qty_milli == 1_000
    assert products["Kopi sachet"].qty_milli == 60 * 10_000 + 2_000
    assert categories["Sembako"].net_revenue + categories["Minuman"].net_revenue + categories[
        "Kebersihan"
    ].net_revenue == sum(p.net_revenue for p in products.values())
    assert [c.label for c in cashiers] == ["Dewi", "Bu Sri"]  # Bu Sri took the return
    assert cashiers[1].returned_revenue == 18_500


def test_sales_by_payment_method_leaves_voids_out_and_shows_refunds(books: Database) -> None:
    with books.read() as s:
        methods = {r.method: r for r in sales_by_method(s, H1).rows}
    assert methods["cash"].amount == 60 * 213_000 + 146_000 + 59_500  # not the voided Rp 78.000
    assert (methods["cash"].refunds, methods["cash"].refunded) == (1, 18_500)
    assert methods["qris"].amount == 60 * 68_000
    assert methods["kasbon"].amount == 6 * 97_000
    with pytest.raises(InvalidInput), books.read() as s:
        sales_by(s, H1, "weather")


def test_gross_profit_by_month(books: Database) -> None:
    with books.read() as s:
        report = gross_profit(s, Period(dt.date(2025, 11, 1), H1.end))
        pnl = pnl_figures(s, Period(dt.date(2025, 11, 1), H1.end))
    assert [m.month.month for m in report.months] == [11, 12, 1, 2, 3, 4, 5, 6]
    assert report.months[0].net_sales == 0 and report.months[0].margin_bp == 0
    assert report.net_sales == pnl.net_sales and report.gross_profit == pnl.gross_profit
    jan = report.months[2]
    assert jan.sales == 21 and jan.net_sales == 10 * (215_000 - 2_000 + 68_000) + 97_000


# --- the day, kasbon, stock ---------------------------------------------------------------------------------------


def test_the_daily_report_counts_the_days_facts(books: Database) -> None:
    with books.read() as s:
        day = daily_report(s, dt.date(2026, 6, 29))
        close = daily_report(s, dt.date(2026, 3, 28))
    assert (day.sales_count, day.total, day.discounts) == (2, 146_000 + 59_500, 10_000)
    assert (day.voids_count, day.voids_total) == (1, 78_000)
    assert (day.refunds_count, day.refunds_cash) == (1, 18_500)
    assert (day.cash_in, day.cash_out, day.kasbon_received) == (25_000, 250_000, 100_000)
    assert day.cash_takings == 205_500 + 100_000 + 25_000 - 250_000 - 18_500
    assert day.by_method == {"cash": 205_500}
    assert [s.closed_on for s in day.shifts] == [dt.date(2026, 6, 30)]  # open that day, closed the next
    assert day.difference == 0 and day.counted == 0
    assert close.difference == -2_000 and len(close.closed_shifts) == 1
    assert close.closed_shifts[0].report.expected_cash == close.closed_shifts[0].counted + 2_000
    json.dumps(day.as_dict())


def test_kasbon_and_stock_reports_equal_their_accounts(books: Database) -> None:
    with books.read() as s:
        kasbon = kasbon_report(s, H1.end)
        stock = stock_report(s, H1.end)
        tb = trial_balance(s, H1.end)
        # Read back from today's levels; the same as summing every movement up to each day.
        for day in MONTH_ENDS:
            by_history = {x.product_id: (x.qty_milli, x.value) for x in stock_as_of(s, day)}
            report = stock_report(s, day)
            assert {x.product_id: (x.qty_milli, x.value) for x in report.lines} == by_history, day
            assert report.total_value == trial_balance(s, day).balance(accounts.PERSEDIAAN) == stock_value(s, day)
    assert kasbon.total == tb.balance(accounts.PIUTANG) == 6 * 97_000 - 100_000
    assert kasbon.buckets[3] > 0  # the February charge is over 90 days old on 30 June
    assert stock.total_value == tb.balance(accounts.PERSEDIAAN)
    assert [x.value for x in stock.lines] == sorted((x.value for x in stock.lines), reverse=True)


def test_the_stock_summary_of_a_statement_holds_the_reports_figures(books: Database) -> None:
    with books.read() as s:
        for day in (*MONTH_ENDS, H1.start - dt.timedelta(days=400)):
            report = stock_report(s, day)
            for top in (1, 3, 1_000):
                summary = stock_summary(s, day, top)
                assert summary.top == report.lines[:top], (day, top)
                assert (summary.total_value, summary.products, summary.negative) == (
                    report.total_value,
                    report.products,
                    len(report.negative),
                ), day
                # What the note prints below the products it lists, whether it lists fewer than it holds or more.
                for shown in (0, 2, 5_000):
                    others = report.lines[min(shown, top) :]
                    assert summary.rest(shown) == (len(others), sum(x.value for x in others)), (day, top, shown)
        assert stock_summary(s, H1.start - dt.timedelta(days=400)).products == 0, "before the shop had stock"


# --- PPh Final ----------------------------------------------------------------------------------------------------


def test_pph_is_taxed_on_the_excess_in_the_month_the_exemption_is_crossed(books: Database) -> None:
    rule = PphPolicy(rate_bp=50, exemption=5_000_000, taxpayer="individual")
    with books.read() as s:
        report = pph_report(s, H1, rule)
        company = pph_report(s, H1, PphPolicy(50, 5_000_000, "company"))
        off = pph_report(s, H1, PphPolicy(0, 5_000_000, "individual"))
        split = [
            pph_report(s, Period(dt.date(2026, 1, 1), dt.date(2026, 2, 14)), rule),
            pph_report(s, Period(dt.date(2026, 2, 15), H1.end), rule),
        ]
    months = report.months
    monthly = 10 * (215_000 - 2_000 + 68_000) + 97_000  # gross of discounts, as the regulation reads
    assert [m.turnover for m in months[:5]] == [monthly] * 5
    assert months[0].tax == 0 and months[0].exempt == monthly
    # February crosses Rp 5 juta: only the part above it is taxed.
    assert months[1].year_to_date == 2 * monthly
    assert months[1].taxable == 2 * monthly - 5_000_000
    assert months[1].tax == (2 * monthly - 5_000_000) * 50 // 10_000
    assert months[2].taxable == monthly and months[2].exempt == 0
    assert report.tax == (report.turnover - 5_000_000) * 50 // 10_000
    assert company.tax == company.turnover * 50 // 10_000 and all(m.exempt == 0 for m in company.months)
    assert off.tax == 0
    assert sum(r.tax for r in split) == report.tax  # any cut of the year adds up to the year's tax
    assert months[5].turnover == 146_000 + 10_000 + 59_500 + monthly - 18_500


def test_the_rupiah_500_juta_default_leaves_a_small_shop_untaxed(books: Database) -> None:
    with books.read() as s:
        report = pph_report(s, H1)
    assert report.policy == PphPolicy(50, 500_000_000, "individual")
    assert report.tax == 0 and report.turnover > 0


# --- how the figures are read -------------------------------------------------------------------------------------


def test_statements_read_the_day_totals_not_the_journal_lines(books: Database) -> None:
    seen: list[str] = []

    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    event.listen(books.engine, "before_cursor_execute", note)
    try:
        with books.read() as s:
            profit_and_loss(s, H1)
            financial_position(s, H1.end)
            gross_profit(s, H1)
    finally:
        event.remove(books.engine, "before_cursor_execute", note)
    assert seen
    assert not [q for q in seen if "journal_lines" in q]


def test_every_report_is_json(books: Database) -> None:
    with books.read() as s:
        reports = [
            profit_and_loss(s, H1),
            financial_position(s, H1.end),
            cash_flow(s, H1),
            sales_by(s, H1, "product"),
            sales_by_method(s, H1),
            gross_profit(s, H1),
            daily_report(s, H1.end),
            kasbon_report(s, H1.end),
            stock_report(s, H1.end),
            pph_report(s, H1),
            loan_pack(s, H1),
        ]
    for report in reports:
        data = json.loads(json.dumps(report.as_dict()))
        assert data
    pnl = reports[0].as_dict()
    assert pnl["current"]["net_profit"] == reports[0].current.net_profit
    assert pnl["rows"][0] == {
        "key": "revenue",
        "label": "Revenue",
        "account": None,
        "amount": None,
        "compare": None,
        "style": "heading",
    }


def test_report_values_cannot_be_changed(books: Database) -> None:
    with books.read() as s:
        figures = position_figures(s, H1.end)
    with pytest.raises(AttributeError):
        figures.pph_payable = 1  # type: ignore[misc]

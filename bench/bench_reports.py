"""How fast the statements and the loan pack are on years of a busy shop, and how other tools do on the same books.

    python bench/bench_reports.py              # the busy demo shop at three years (~300.000 sales)
    python bench/bench_reports.py --years 5    # ... at five years (~500.000 sales, ~2.000.000 lines)
    python bench/bench_reports.py --quick      # the small data set bench/run --quick uses

The shop is the demo shop of `bench/datasets.py` (built once through `laci demo`'s services and cached in
`bench/data/`); each run measures on a fresh copy. Figures, each a median of several runs:

  (a) laba rugi for the last 12 whole months beside the 12 before, and over the shop's whole life
      (`profit_and_loss`), goal < 1 s;
  (b) posisi keuangan at the last day beside a year earlier (`financial_position`), goal < 1 s;
  (c) the daily Z report of the last day (`daily_report`);
  (d) the 12-month loan pack: figures (`loan_pack`) and the PDF (`render_loan_pack`), goal < 5 s together;
  (e) hledger, ledger and beancount computing the same balances from our exports (checked against Laci's), and
      the ratios of (a) and (b) to each;
  (f) for the record: arus kas, sales by product and by day (`laci check` and `laci verify`: bench_verify.py).

bench/run uses these functions for its table; this script prints them for one data set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import datasets  # noqa: E402
import ledgers  # noqa: E402
from sqlalchemy import text  # noqa: E402

from pos.ledger.base.db import Database, make_engine  # noqa: E402
from pos.ledger.base.period import Period, add_months, month_end  # noqa: E402
from pos.ledger.reports.cashflow import cash_flow  # noqa: E402
from pos.ledger.reports.daily import daily_report  # noqa: E402
from pos.ledger.reports.pack import loan_pack  # noqa: E402
from pos.ledger.reports.pack_seal import SealedPack, seal_locally  # noqa: E402
from pos.ledger.reports.pnl import profit_and_loss  # noqa: E402
from pos.ledger.reports.position import financial_position  # noqa: E402
from pos.ledger.reports.sales import sales_by  # noqa: E402
from pos.printing.statements.pack import render_loan_pack  # noqa: E402


def trading_days(db: Database) -> tuple[dt.date, dt.date]:
    """The first and last day with a sale."""
    with db.read() as s:
        first, last = s.execute(text("SELECT MIN(business_date), MAX(business_date) FROM sales")).one()
    return dt.date.fromisoformat(str(first)), dt.date.fromisoformat(str(last))


def last_year(last: dt.date) -> Period:
    """The 12 whole months up to `last` (up to the month before when `last` is not a month's end)."""
    end = last if last == month_end(last) else month_end(add_months(last, -1))
    return Period(add_months(end, -12) + dt.timedelta(days=1), end)


def repeat(fn: Callable[[], Any], runs: int) -> list[float]:
    """Seconds of each of `runs` calls, after one call to warm the page cache and SQLAlchemy's statement cache."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def measure_statements(db: Database, runs: int) -> dict[str, list[float]]:
    """Seconds per run of the laba rugi (12 months beside 12, and the whole life), the posisi keuangan and the Z
    report of the last day."""
    first, last = trading_days(db)
    year = last_year(last)
    whole = Period(first, last)

    def read(fn: Callable[[Any], Any]) -> Callable[[], Any]:
        def go() -> Any:
            with db.read() as s:
                return fn(s)

        return go

    return {
        "pnl_year": repeat(read(lambda s: profit_and_loss(s, year, year.previous())), runs),
        "pnl_all": repeat(read(lambda s: profit_and_loss(s, whole, with_compare=False)), runs),
        "position": repeat(read(lambda s: financial_position(s, last, add_months(last, -12))), runs),
        "daily": repeat(read(lambda s: daily_report(s, last)), runs),
    }


def check_statements(db: Database) -> dict[str, Any]:
    """What the statements say, to show they balance and to compare with the tools."""
    first, last = trading_days(db)
    with db.read() as s:
        position = financial_position(s, last, add_months(last, -12))
        pnl = profit_and_loss(s, Period(first, last), with_compare=False)
    return {
        "balances": position.current.balances,
        "total_assets": position.current.total_assets,
        "net_profit": pnl.current.net_profit,
    }


def measure_pack(db: Database, runs: int, folder: Path) -> dict[str, Any]:
    """The 12-month loan pack: seconds of the figures, of the PDF, and of both, per run, and its pages."""
    year = last_year(trading_days(db)[1])
    pdf = folder / "pack.pdf"
    with db.write() as s:  # sealed once: what the figures take is gathering them and laying them out
        token = seal_locally(s, loan_pack(s, year), "id", dt.datetime.now(dt.UTC)).token
    figures: list[float] = []
    layout: list[float] = []
    pages = 0
    for n in range(runs + 1):
        started = time.perf_counter()
        with db.read() as s:
            data = loan_pack(s, year)
        middle = time.perf_counter()
        pages = render_loan_pack(SealedPack(data, "id", token, []), pdf)
        if n:  # the first run warms the caches
            figures.append(middle - started)
            layout.append(time.perf_counter() - middle)
    return {
        "figures": figures,
        "pdf": layout,
        "total": [a + b for a, b in zip(figures, layout, strict=True)],
        "pages": pages,
    }


def measure_extras(db: Database) -> dict[str, float]:
    """Seconds, once each, of reports with no goal of their own."""
    year = last_year(trading_days(db)[1])
    out: dict[str, float] = {}
    with db.read() as s:
        for name, fn in (
            ("cash_flow", lambda: cash_flow(s, year)),
            ("sales_by_product", lambda: sales_by(s, year, "product")),
            ("sales_by_day", lambda: sales_by(s, year, "day")),
        ):
            started = time.perf_counter()
            fn()
            out[name] = time.perf_counter() - started
    return out


def measure_tools(db: Database, folder: Path, runs: int, tools: Sequence[str]) -> dict[str, Any]:
    """Export the books, then let each tool compute the balance sheet at the last day and the profit and loss
    over the whole life, `runs` times each; every answer is checked against Laci's balances."""
    first, last = trading_days(db)
    books = ledgers.export_books(db, folder)
    want_position = ledgers.laci_balances(db, last)
    want_pnl = ledgers.laci_balances(db, last, first, profit_only=True)
    out: dict[str, Any] = {"export_s": books.export_s, "export_mb": books.size_mb}
    for tool in tools:
        for key, begin, want in (("position", None, want_position), ("pnl_all", first, want_pnl)):
            times, peaks = [], []
            for _ in range(runs):
                found = ledgers.run_tool(tool, books, last, begin, profit_only=begin is not None)
                if found.balances != want:
                    wrong = sorted(k for k in set(want) | set(found.balances) if want.get(k) != found.balances.get(k))
                    raise RuntimeError(f"{tool} disagrees with Laci on {key}: accounts {wrong[:5]}")
                times.append(found.seconds)
                peaks.append(found.peak_mb)
            out[f"{tool}_{key}"] = times
            out[f"{tool}_{key}_mb"] = max(peaks)
    return out


def _ms(values: Sequence[float]) -> str:
    return f"median {statistics.median(values) * 1000:,.1f} ms, slowest {max(values) * 1000:,.1f} ms"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=3, choices=range(1, 6), help="which yearly copy (default 3)")
    parser.add_argument("--quick", action="store_true", help="the small data set of bench/run --quick")
    parser.add_argument("--runs", type=int, default=7, help="runs of each statement (default 7)")
    parser.add_argument("--tool-runs", type=int, default=3, help="runs of each other tool (default 3)")
    args = parser.parse_args(argv)
    plan = datasets.QUICK if args.quick else datasets.FULL
    data = datasets.data_sets(plan)[args.years - 1]
    tools = [t for t, ok in ledgers.available().items() if ok]
    with tempfile.TemporaryDirectory(prefix="laci-bench-") as tmp:
        folder = Path(tmp)
        path = datasets.fresh_copy(data, folder)
        db = Database(make_engine(path))
        try:
            print(f"{data.label}: {data.info['counts']}")
            for name, values in measure_statements(db, args.runs).items():
                print(f"  {name:<10} {_ms(values)}")
            print(f"  statements: {check_statements(db)}")
            pack = measure_pack(db, 3, folder)
            print(f"  loan pack ({pack['pages']} pages): {_ms(pack['total'])} (figures {_ms(pack['figures'])})")
            for name, seconds in measure_extras(db).items():
                print(f"  {name:<16} {seconds * 1000:,.0f} ms")
            found = measure_tools(db, folder, args.tool_runs, tools)
            print(f"  export: {found['export_s']} s, {found['export_mb']} MB")
            for tool in tools:
                for key in ("position", "pnl_all"):
                    print(f"  {tool:<9} {key:<9} {_ms(found[f'{tool}_{key}'])}, {found[f'{tool}_{key}_mb']:,.0f} MB")
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

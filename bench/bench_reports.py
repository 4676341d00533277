"""How fast the statements are on three years of a busy shop, and how hledger does on the same books.

    python bench/bench_reports.py                 # 300.000 sales (~1.000.000 lines) over three years
    python bench/bench_reports.py --sales 60000   # a smaller shop, same shape
    python bench/bench_reports.py --quick         # 20.000 sales, to try the script

The shop is built once through the ledger's own services (`catalog.add_product`, `sales.ring_up` in
transactions of 1.000 sales with explicit `at=`, `receive_goods`, `record_expense`, `record_kasbon_payment`,
`close_shift`) and cached under `bench/data/` (git-ignored); every run measures on that file. Figures:

  (a) laba rugi for the last 12 months beside the 12 before (`profit_and_loss`), median of runs, goal < 1 s;
  (b) posisi keuangan at the last day beside a year earlier (`financial_position`), goal < 1 s;
  (c) hledger computing the same balances from our own export of the same books (`balance` over the same
      dates), and the ratios (a)/(hledger) and (b)/(hledger);
  (d) the 12-month loan pack: figures (`loan_pack`) and the PDF (`render_loan_pack`), goal < 5 s together.

It prints a Markdown report; with --write it also replaces bench/results/reports.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from pos.ledger import accounts, cashbook, catalog, settings  # noqa: E402
from pos.ledger.approvals import Actor  # noqa: E402
from pos.ledger.cart import Cart, line_for_product  # noqa: E402
from pos.ledger.catalog import ProductInfo  # noqa: E402
from pos.ledger.customers import add_customer  # noqa: E402
from pos.ledger.db import Database, make_engine  # noqa: E402
from pos.ledger.exports import export_ledger  # noqa: E402
from pos.ledger.kasbon import record_kasbon_payment  # noqa: E402
from pos.ledger.money import Money, Qty  # noqa: E402
from pos.ledger.payments import Payment  # noqa: E402
from pos.ledger.products import add_category, set_category  # noqa: E402
from pos.ledger.purchases import PurchaseItem, add_supplier, pay_supplier, receive_goods, supplier_balance  # noqa: E402
from pos.ledger.reports.cashflow import cash_flow  # noqa: E402
from pos.ledger.reports.daily import daily_report  # noqa: E402
from pos.ledger.reports.pack import loan_pack  # noqa: E402
from pos.ledger.reports.period import Period, add_months, month_end  # noqa: E402
from pos.ledger.reports.pnl import profit_and_loss  # noqa: E402
from pos.ledger.reports.position import financial_position  # noqa: E402
from pos.ledger.reports.sales import sales_by  # noqa: E402
from pos.ledger.sales import ring_up  # noqa: E402
from pos.ledger.shifts import close_shift, open_shift, shift_report  # noqa: E402
from pos.ledger.shop import init_shop, open_database  # noqa: E402
from pos.ledger.users import add_user  # noqa: E402
from pos.ledger.verification import make_code, verify_code  # noqa: E402
from pos.printing.statements.pack import render_loan_pack  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
RESULTS = Path(__file__).resolve().parent / "results" / "reports.md"
WIB = dt.timezone(dt.timedelta(hours=7))
FIRST_DAY = dt.date(2023, 7, 1)
DAYS = 3 * 365 + 1  # 1 Jul 2023 to 30 Jun 2026
BATCH = 1_000
CATEGORIES = ("Sembako", "Minuman", "Makanan ringan", "Kebersihan", "Rokok", "Bumbu dapur", "Obat", "Lain-lain")
MONTHLY_EXPENSES = (("sewa", 4_000_000), ("gaji", 12_000_000), ("listrik_air", 1_500_000), ("transport", 600_000))
GOAL_STATEMENT_S = 1.0
GOAL_PACK_S = 5.0


# --- the shop -----------------------------------------------------------------------------------------------------


def _price(n: int) -> int:
    return 1_000 + 250 * (n * 7919 % 61)


def _sales_per_day(day: int, total: int) -> int:
    """Busier on weekends and in the last year, so the statements have something to compare."""
    weekday = (FIRST_DAY + dt.timedelta(days=day)).weekday()
    growth = 0.85 + 0.3 * day / DAYS
    weight = (1.25 if weekday >= 5 else 0.95) * growth
    return max(1, round(total / DAYS * weight))


def build(path: Path, sales: int, products: int) -> dict[str, float]:
    """The shop at `path`: three years of sales through `ring_up`, with purchases, expenses and kasbon."""
    partial = path.with_suffix(".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_database(partial)
    rng = random.Random(20260630)
    opening = dt.datetime.combine(FIRST_DAY, dt.time(6), WIB)
    with db.write() as s:
        init_shop(s, "Toko Sumber Makmur")
        for key, value in (
            ("shop.owner", "Hendra Wijaya"),
            ("shop.address", "Jl. Pemuda No. 21, Semarang"),
            ("shop.nib", "8120201234567"),
            ("shop.npwp", "01.234.567.8-503.000"),
        ):
            settings.put(s, key, value)
        owner = Actor(add_user(s, "Pak Hendra", "owner", "2468", at=opening), "Pak Hendra", "owner")
        clerk = Actor(add_user(s, "Rina", "cashier", "1357", at=opening, by=owner), "Rina", "cashier")
        category_ids = [add_category(s, name) for name in CATEGORIES]
        for n in range(1, products + 1):
            price = _price(n)
            pid = catalog.add_product(s, f"Produk {n:05d}", Money(price), cost=Money(price * 78 // 100))
            set_category(s, pid, category_ids[n % len(category_ids)])
        customers = [add_customer(s, f"Pelanggan {i:03d}", credit_limit=Money(5_000_000)) for i in range(150)]
        supplier = add_supplier(s, "PT Grosir Jaya")
        cashbook.record_capital(s, Money(1_500_000_000), into=accounts.BANK, at=opening)
        open_shift(s, clerk, Money(500_000), at=opening)
        ids = [uuid.UUID(bytes=bytes(raw)) for (raw,) in s.execute(text("SELECT id FROM products ORDER BY name"))]
        catalogue: list[ProductInfo] = [catalog.get_product(s, pid) for pid in ids]
        receive_goods(
            s,
            owner,
            [PurchaseItem(p.id, Qty.units(12), Money(12 * p.cost.rupiah)) for p in catalogue],
            supplier_id=supplier,
            paid_with="bank",
            at=opening,
        )
    timings = {"setup_s": time.perf_counter() - started}

    def restock(s: Any, when: dt.datetime, sold: dict[int, int]) -> None:
        items = [
            PurchaseItem(catalogue[i].id, Qty.units(q + 10), Money((q + 10) * catalogue[i].cost.rupiah))
            for i, q in sorted(sold.items())
        ]
        if items:
            receive_goods(s, owner, items, supplier_id=supplier, paid_with="credit", at=when)
        sold.clear()

    started = time.perf_counter()
    done = 0
    lines = 0
    sold: dict[int, int] = {}
    day = 0
    nth = 0
    today_count = _sales_per_day(0, sales)
    last_report = started
    while done < sales and day < DAYS:
        with db.write() as s:
            for _ in range(BATCH):
                if nth >= today_count:
                    date = FIRST_DAY + dt.timedelta(days=day)
                    evening = dt.datetime.combine(date, dt.time(21, 30), WIB)
                    report = shift_report(s)
                    counted = report.expected_cash - (rng.choice((0, 0, 0, 0, 500, 1_000)))
                    close_shift(s, clerk, {1_000: counted // 1_000, 100: counted % 1_000 // 100}, at=evening)
                    if date.weekday() == 0:
                        restock(s, evening + dt.timedelta(minutes=5), sold)
                        owed = supplier_balance(s, supplier)
                        if owed:
                            pay_supplier(s, owner, supplier, Money(owed), paid_with="bank", at=evening)
                    if date.day == 1:
                        for category, amount in MONTHLY_EXPENSES:
                            cashbook.record_expense(s, category, Money(amount), paid_from=accounts.BANK, at=evening)
                        cashbook.record_drawing(s, Money(10_000_000), out_of=accounts.BANK, at=evening)
                    if counted > 500_000:  # the day's takings go to the bank; the float stays
                        cashbook.transfer(
                            s, Money(counted - 500_000), source=accounts.KAS, target=accounts.BANK, at=evening
                        )
                    day += 1
                    nth = 0
                    today_count = _sales_per_day(day, sales)
                    if day >= DAYS:
                        break
                    morning = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=day), dt.time(6, 45), WIB)
                    open_shift(s, clerk, Money(500_000), at=morning)
                date = FIRST_DAY + dt.timedelta(days=day)
                at = dt.datetime.combine(date, dt.time(7), WIB) + dt.timedelta(seconds=nth * 50_400 // today_count)
                cart = Cart()
                for i in rng.sample(range(products), rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 5, 6))):
                    qty = rng.choice((1, 1, 1, 2, 3))
                    cart.add(line_for_product(catalogue[i], Qty.units(qty)))
                    sold[i] = sold.get(i, 0) + qty
                due = sum(line.unit_price.times(line.qty).rupiah for line in cart.lines)
                roll = rng.random()
                if roll < 0.04:
                    cart.customer_id = customers[rng.randrange(len(customers))]
                    payment = Payment("kasbon", Money(due))
                elif roll < 0.27:
                    payment = Payment("qris", Money(due))
                elif roll < 0.35:
                    payment = Payment("ewallet", Money(due), "GoPay")
                else:
                    payment = Payment("cash", Money(-(-due // 1_000) * 1_000))
                ring_up(s, clerk, cart, [payment], at=at)
                lines += len(cart.lines)
                done += 1
                nth += 1
                if done >= sales:
                    break
            # Customers settle part of their tabs now and then.
            if done % 5_000 < BATCH:
                when = dt.datetime.combine(FIRST_DAY + dt.timedelta(days=day), dt.time(19), WIB)
                for customer in customers[:40]:
                    owed = s.execute(
                        text("SELECT COALESCE(SUM(debit) - SUM(credit), 0) FROM journal_lines WHERE party_id = :c"),
                        {"c": customer.bytes},
                    ).scalar_one()
                    if owed > 10_000:
                        record_kasbon_payment(s, clerk, customer, Money(int(owed) // 2), method="transfer", at=when)
        now = time.perf_counter()
        if now - last_report > 30 or done >= sales:
            last_report = now
            print(f"  sales: {done:>8,}  lines: {lines:>9,}  day {day:>4}  ({done / (now - started):,.0f} sales/s)")
    timings["sales_s"] = time.perf_counter() - started
    timings["sales"] = done
    timings["lines"] = lines
    db.dispose()
    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()
    partial.rename(path)
    (path.parent / f"{path.name}.json").write_text(json.dumps(timings, indent=2))
    return timings


# --- measuring ----------------------------------------------------------------------------------------------------


def _median(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    fn()  # warm the page cache and SQLAlchemy's statement cache
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _hledger(journal: Path, *args: str) -> tuple[float, str]:
    cmd = ["hledger", "-f", str(journal), "balance", "--flat", "--no-total", "-O", "csv", *args]
    subprocess.run(cmd, capture_output=True, check=True)  # warm
    times, out = [], ""
    for _ in range(3):
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - started)
        out = done.stdout
    return statistics.median(times), out


def measure(path: Path, runs: int) -> dict[str, Any]:
    db = Database(make_engine(path))
    with db.read() as s:
        counts = {
            t: int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
            for t in (
                "sales",
                "sale_lines",
                "journal_entries",
                "journal_lines",
                "stock_movements",
                "account_day_totals",
            )
        }
        last = dt.date.fromisoformat(str(s.execute(text("SELECT MAX(business_date) FROM sales")).scalar_one()))
    end = month_end(add_months(last, -1)) if last != month_end(last) else last
    year = Period(add_months(end, -12) + dt.timedelta(days=1), end)
    figures: dict[str, Any] = {"counts": counts, "period": year.as_dict()}

    def pnl() -> Any:
        with db.read() as s:
            return profit_and_loss(s, year, year.previous())

    def position() -> Any:
        with db.read() as s:
            return financial_position(s, year.end, year.start - dt.timedelta(days=1))

    def others() -> dict[str, float]:
        timed: dict[str, float] = {}
        with db.read() as s:
            for name, fn in (
                ("cash_flow", lambda: cash_flow(s, year)),
                ("sales_by_product", lambda: sales_by(s, year, "product")),
                ("sales_by_day", lambda: sales_by(s, year, "day")),
                ("daily", lambda: daily_report(s, year.end)),
                ("code", lambda: make_code(s, year)),
            ):
                started = time.perf_counter()
                fn()
                timed[name] = time.perf_counter() - started
        return timed

    _, figures["others"] = _median(others, 3)
    with db.read() as s:
        code = make_code(s, year)
        started = time.perf_counter()
        assert verify_code(s, code).ok
        figures["verify_s"] = time.perf_counter() - started

    figures["pnl_s"], pnl_result = _median(pnl, runs)
    figures["position_s"], position_result = _median(position, runs)
    figures["balances"] = position_result.current.balances
    figures["net_profit"] = pnl_result.current.net_profit
    figures["total_assets"] = position_result.current.total_assets

    with tempfile.TemporaryDirectory() as tmp:
        journal = Path(tmp) / "books.journal"
        started = time.perf_counter()
        with db.read() as s:
            export_ledger(s, "hledger", journal)
        figures["export_s"] = time.perf_counter() - started
        figures["export_mb"] = journal.stat().st_size / 1e6
        after = (year.end + dt.timedelta(days=1)).isoformat()
        figures["hledger_position_s"], out = _hledger(journal, "-e", after)
        assets = sum(int(line.split('"IDR ')[1].rstrip('"')) for line in out.splitlines() if line.startswith('"Aset:'))
        figures["hledger_assets_match"] = assets == figures["total_assets"]
        figures["hledger_pnl_s"], _out = _hledger(
            journal, "-b", year.start.isoformat(), "-e", after, "Pendapatan", "Beban"
        )
        pdf = Path(tmp) / "pack.pdf"

        def pack() -> tuple[float, float, int]:
            started = time.perf_counter()
            with db.read() as s:
                data = loan_pack(s, year)
            middle = time.perf_counter()
            pages = render_loan_pack(data, pdf, "id")
            return middle - started, time.perf_counter() - middle, pages

        figures["pack_s"], (figures["pack_figures_s"], figures["pack_pdf_s"], figures["pack_pages"]) = _median(pack, 3)
    db.dispose()
    figures["pnl_ratio"] = figures["pnl_s"] / figures["hledger_pnl_s"]
    figures["position_ratio"] = figures["position_s"] / figures["hledger_position_s"]
    return figures


def machine() -> dict[str, str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")).split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration):
        pass
    hledger = subprocess.run(["hledger", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": f"{cpu} ({os.cpu_count()} logical CPUs)",
        "memory": memory,
        "os": f"{platform.system()} {platform.release().split('-')[0]}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "hledger": hledger,
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _figure_table(f: dict[str, Any]) -> str:
    def met(seconds: float, goal: float) -> str:
        return "yes" if seconds < goal else "**no**"

    rows = [
        (
            "laba rugi beside the 12 months before (`profit_and_loss`)",
            f"{f['pnl_s'] * 1000:,.1f} ms",
            "< 1 s",
            met(f["pnl_s"], GOAL_STATEMENT_S),
        ),
        (
            "posisi keuangan beside a year earlier (`financial_position`)",
            f"{f['position_s'] * 1000:,.1f} ms",
            "< 1 s",
            met(f["position_s"], GOAL_STATEMENT_S),
        ),
        (
            "hledger: the same income and expense balances (`balance -b -e Pendapatan Beban`)",
            f"{f['hledger_pnl_s'] * 1000:,.0f} ms",
            "",
            "",
        ),
        (
            "hledger: the same balance-sheet balances (`balance -e`)",
            f"{f['hledger_position_s'] * 1000:,.0f} ms",
            "",
            "",
        ),
        ("ratio laba rugi / hledger", f"{f['pnl_ratio']:.4f}", "", ""),
        ("ratio posisi keuangan / hledger", f"{f['position_ratio']:.4f}", "", ""),
        (
            f"12-month loan pack, figures + PDF ({f['pack_pages']} pages)",
            f"{f['pack_s']:,.2f} s",
            "< 5 s",
            met(f["pack_s"], GOAL_PACK_S),
        ),
        ("of which the figures (`loan_pack`)", f"{f['pack_figures_s']:,.2f} s", "", ""),
        ("of which the PDF layout (`render_loan_pack`)", f"{f['pack_pdf_s']:,.2f} s", "", ""),
        (f"export to hledger ({f['export_mb']:,.0f} MB)", f"{f['export_s']:,.1f} s", "", ""),
        (
            "arus kas, 12 months (`cash_flow`: journal lines of the period's money entries)",
            f"{f['others']['cash_flow'] * 1000:,.0f} ms",
            "",
            "",
        ),
        ("sales by product, 12 months (`sales_by`)", f"{f['others']['sales_by_product'] * 1000:,.0f} ms", "", ""),
        ("sales by day, 12 months (`sales_by`)", f"{f['others']['sales_by_day'] * 1000:,.0f} ms", "", ""),
        ("daily Z report (`daily_report`)", f"{f['others']['daily'] * 1000:,.1f} ms", "", ""),
        ("verification code (`make_code`)", f"{f['others']['code'] * 1000:,.1f} ms", "", ""),
        (
            "`laci verify`: code, whole hash chain and day totals rechecked (`verify_code`)",
            f"{f['verify_s']:,.1f} s",
            "",
            "",
        ),
    ]
    lines = ["| | median | goal | met |", "|---|---:|---:|:---:|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def report(build_timings: dict[str, Any], figures: dict[str, Any], info: dict[str, str], argv: list[str]) -> str:
    c = figures["counts"]
    rate = build_timings["sales"] / build_timings["sales_s"] if build_timings.get("sales_s") else 0
    return f"""# Reports benchmark

Command: `python bench/bench_reports.py {" ".join(argv)}`

## The books

Three years of a busy shop, built through the ledger's services (`ring_up` in transactions of {BATCH:,} sales
with explicit `at=`, daily shift closes, weekly purchases and supplier payments, monthly expenses and drawings,
kasbon and its payments):

| | rows |
|---|---:|
| sales | {c["sales"]:,} |
| sale lines | {c["sale_lines"]:,} |
| journal entries | {c["journal_entries"]:,} |
| journal lines | {c["journal_lines"]:,} |
| stock movements | {c["stock_movements"]:,} |
| account day totals | {c["account_day_totals"]:,} |

Building it took {build_timings.get("sales_s", 0) / 60:,.1f} minutes for the sales ({rate:,.0f} sales/s).

## Figures (12 months {figures["period"]["start"]} to {figures["period"]["end"]})

{_figure_table(figures)}

The balance sheet balances: {figures["balances"]}. hledger's total of the `Aset:` accounts equals Laci's total
assets: {figures["hledger_assets_match"]}.

hledger parses the whole journal on every run (hence most of its time); Laci reads the per-day account totals
the journal triggers keep, so the statements cost a few thousand rows whatever the number of sales.

## Machine

| | |
|---|---|
| CPU | {info["cpu"]} |
| memory | {info["memory"]} |
| OS | {info["os"]} |
| Python | {info["python"]} |
| SQLite | {info["sqlite"]} |
| hledger | {info["hledger"]} |
| load average while measuring | {info["load"]} (other processes may have been running) |
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sales", type=int, default=300_000)
    parser.add_argument("--products", type=int, default=3_000)
    parser.add_argument("--quick", action="store_true", help="20.000 sales")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--write", action="store_true", help="write bench/results/reports.md")
    args = parser.parse_args()
    sales = 20_000 if args.quick else args.sales
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"reports-{sales}s-{args.products}p.sqlite3"
    if args.rebuild:
        path.unlink(missing_ok=True)
    if path.exists():
        timings = json.loads((path.parent / f"{path.name}.json").read_text())
        print(f"using the shop built before: {path.name}")
    else:
        print(f"building {sales:,} sales over three years ...")
        timings = build(path, sales, args.products)
    figures = measure(path, args.runs)
    text = report(timings, figures, machine(), sys.argv[1:])
    print(text)
    if args.write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

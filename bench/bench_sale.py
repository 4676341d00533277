"""How fast the counter rings up a sale and finds a barcode, on a shop with a long history.

    python bench/bench_sale.py            # 100.000 products, 100.000 earlier sales
    python bench/bench_sale.py --quick    # 10.000 products, 5.000 earlier sales

The shop is built once through the ledger's own services (`catalog.add_product`, `sales.ring_up`) and cached
under `bench/data/` (git-ignored); every run measures on a fresh copy of it, so runs are repeatable and the
cache stays as built. Three figures:

  (a) `ring_up` of a 5-line cash sale in its own `db.write()` transaction, commit included (durable: WAL,
      synchronous=FULL), median and p99 in ms;
  (b) the same rows written with plain `sqlite3` in one transaction on the same file with the same pragmas
      (1 sale, 5 lines, 1 payment, 5 stock movements and 1 journal entry with its lines through their triggers,
      1 outbox row, 2 sequence upserts), median and p99 in ms, and the ratio (a)/(b) (goal: at most 3x);
  (c) `catalog.find_by_barcode` in one read session for random barcodes, median and p99 in us (goal p99 < 1 ms).

(a) and (b) alternate, one of each per round, so both see the same disk and page cache.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import json
import os
import platform
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import time
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uuid6
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pos.ledger.base import migrate  # noqa: E402
from pos.ledger.base.db import Database, make_engine  # noqa: E402
from pos.ledger.base.money import Money, Qty  # noqa: E402
from pos.ledger.books.approvals import Actor  # noqa: E402
from pos.ledger.counter.cart import Cart, line_for_scan  # noqa: E402
from pos.ledger.counter.payments import cash  # noqa: E402
from pos.ledger.counter.shifts import open_shift  # noqa: E402
from pos.ledger.people.users import add_user, list_users  # noqa: E402
from pos.ledger.selling.sales import ppn_rule, ring_up  # noqa: E402
from pos.ledger.shop import settings  # noqa: E402
from pos.ledger.shop.opening import init_shop, open_database  # noqa: E402
from pos.ledger.stock import barcodes, product_records  # noqa: E402
from pos.ledger.stock.product_records import BarcodeSpec  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
FULL = (100_000, 100_000)
QUICK = (10_000, 5_000)
PRODUCT_BATCH = 10_000
GOAL_RATIO = 3.0
GOAL_LOOKUP_P99_US = 1_000.0


# --- the shop ---------------------------------------------------------------------------------------------------


def barcode_of(n: int) -> str:
    """Product n's EAN-13 under Indonesia's 899 prefix, with its check digit."""
    return barcodes.ean13_with_check(f"899{n:09d}")


def price_of(n: int) -> int:
    return 1_000 + 500 * (n * 7919 % 199)


def cashier(db: Database) -> Actor:
    with db.read() as s:
        user = next(u for u in list_users(s) if u.role == "cashier")
    return Actor(user.id, user.name, "cashier")


def random_cart(db: Database, rng: random.Random, codes: Sequence[str], lines: int) -> Cart:
    """A cart as the counter fills it: `lines` distinct random barcodes of `codes` scanned, some with `n*` in
    front."""
    cart = Cart()
    with db.read() as s:
        for code in rng.sample(codes, lines):
            qty = rng.choice((1, 1, 1, 2, 3))
            cart.add(line_for_scan(s, code if qty == 1 else f"{qty}*{code}", barcodes.DEFAULT_FORMATS))
    return cart


def piece_barcodes(db: Database) -> list[str]:
    """Every barcode that stands for a single piece, in barcode order: what the counter scans most."""
    with db.read() as s:
        return list(
            s.execute(text("SELECT barcode FROM product_barcodes WHERE pack_milli = 1000 ORDER BY barcode")).scalars()
        )


def cash_for(cart: Cart, db: Database) -> int:
    """What the customer hands over: the total rounded up to the next Rp 1.000 (or exactly, now and then)."""
    with db.read() as s:
        due = cart.priced(ppn_rule(settings.load(s))).exact_due
    return -(-due // 1_000) * 1_000


def build(path: Path, products: int, sales: int, batch: int) -> dict[str, float]:
    """Create the shop at `path`: products, people, an open shift and `sales` earlier sales through `ring_up`."""
    timings: dict[str, float] = {}
    partial = path.with_suffix(".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_database(partial)
    with db.write() as s:
        init_shop(s, "Toko Bench")
        owner = Actor(add_user(s, "Pemilik", "owner", "1234"), "Pemilik", "owner")
        clerk = Actor(add_user(s, "Kasir", "cashier", "5678", by=owner), "Kasir", "cashier")
        open_shift(s, clerk, Money(500_000))
    timings["setup_s"] = time.perf_counter() - started

    started = time.perf_counter()
    for first in range(1, products + 1, PRODUCT_BATCH):
        with db.write() as s:
            for n in range(first, min(first + PRODUCT_BATCH, products + 1)):
                price = price_of(n)
                packs = [BarcodeSpec(barcode_of(products + n), 12_000)] if n % 10 == 0 else []
                product_records.add_product(
                    s,
                    f"Produk {n:06d}",
                    Money(price),
                    cost=Money(price * 7 // 10),
                    barcodes=[BarcodeSpec(barcode_of(n)), *packs],
                )
        print(f"  products: {min(first + PRODUCT_BATCH - 1, products):>7,}", flush=True)
    timings["products_s"] = time.perf_counter() - started

    rng = random.Random(20261122)
    start_day = dt.datetime(2025, 11, 1, 1, 0, tzinfo=dt.UTC)  # 08.00 WIB
    per_day = max(sales // 365, 1)
    started = time.perf_counter()
    done = 0
    while done < sales:
        with db.write() as s:
            for _ in range(min(batch, sales - done)):
                day, nth = divmod(done, per_day)
                at = start_day + dt.timedelta(days=day, seconds=nth * 40_000 // per_day)
                cart = Cart()
                for n in rng.sample(range(1, products + 1), rng.randint(1, 5)):
                    cart.add(line_for_scan(s, barcode_of(n), barcodes.DEFAULT_FORMATS, Qty.units(rng.randint(1, 3))))
                due = sum(line.unit_price.times(line.qty).rupiah for line in cart.lines)
                ring_up(s, clerk, cart, [cash(-(-due // 1_000) * 1_000)], at=at)
                done += 1
        if done % 10_000 == 0 or done == sales:
            rate = done / (time.perf_counter() - started)
            print(f"  sales: {done:>7,}  ({rate:,.0f} sales/s)", flush=True)
    timings["sales_s"] = time.perf_counter() - started
    db.dispose()
    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # one self-contained file to copy for each run
    conn.close()
    partial.rename(path)
    (path.parent / f"{path.name}.json").write_text(json.dumps(timings, indent=2))
    return timings


# --- the plain sqlite3 baseline -----------------------------------------------------------------------------------


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


class PlainWriter:
    """Writes one sale's rows with nothing but `sqlite3`, copying the shape of a sale `ring_up` wrote.

    It keeps what a correct minimal writer must do: the two sequence upserts (receipt number, outbox), the
    journal's previous hash for the chain and a SHA-256 for the new entry, a compressed JSON payload for the outbox;
    the stock and day-total triggers fire as they do for the service.
    """

    def __init__(self, path: Path, sample_sale: bytes) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.row_factory = sqlite3.Row
        self.conn = conn
        sale = dict(conn.execute("SELECT * FROM sales WHERE id = ?", (sample_sale,)).fetchone())
        self.sale = sale

        def rows(sql: str) -> list[dict[str, Any]]:
            return [dict(r) for r in conn.execute(sql, (sample_sale,))]

        self.lines = rows("SELECT * FROM sale_lines WHERE sale_id = ?")
        self.payments = rows("SELECT * FROM sale_payments WHERE sale_id = ?")
        self.moves = rows("SELECT * FROM stock_movements WHERE source_id = ?")
        self.entry = dict(conn.execute("SELECT * FROM journal_entries WHERE id = ?", (sale["entry_id"],)).fetchone())
        self.entry_lines = [
            dict(r) for r in conn.execute("SELECT * FROM journal_lines WHERE entry_id = ?", (sale["entry_id"],))
        ]
        self.device = sale["device_id"]
        self.sql = {
            t: self._insert(t)
            for t in (
                "sales",
                "sale_lines",
                "sale_payments",
                "stock_movements",
                "journal_entries",
                "journal_lines",
                "outbox",
            )
        }
        self.outbox_cols = _columns(conn, "outbox")

    def _insert(self, table: str) -> str:
        cols = _columns(self.conn, table)
        return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"

    def row_count(self) -> dict[str, int]:
        return {
            "sale_lines": len(self.lines),
            "sale_payments": len(self.payments),
            "stock_movements": len(self.moves),
            "journal_lines": len(self.entry_lines),
        }

    def write(self, at: dt.datetime) -> None:
        conn = self.conn
        sale_id, entry_id = uuid6.uuid7().bytes, uuid6.uuid7().bytes
        stamp = at.strftime("%Y%m%d")
        created = at.isoformat(timespec="microseconds")
        conn.execute("BEGIN IMMEDIATE")
        try:
            upsert = (
                "INSERT INTO sequences (name, value) VALUES (?, 1) "
                "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value"
            )
            receipt = conn.execute(upsert, (f"receipt:P:{stamp}",)).fetchone()[0]
            outbox_seq = conn.execute(upsert, (f"outbox:{uuid.UUID(bytes=self.device).hex}",)).fetchone()[0]
            receipt_no = f"P-{stamp}-{receipt:04d}"
            head = conn.execute(
                "SELECT device_seq, hash FROM journal_entries WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1",
                (self.device,),
            ).fetchone()
            entry = {
                **self.entry,
                "id": entry_id,
                "device_seq": head[0] + 1,
                "prev_hash": head[1],
                "created_at": created,
                "business_date": at.date().isoformat(),
                "memo": receipt_no,
                "source_id": sale_id,
            }
            header = {k: (v.hex() if isinstance(v, bytes) else v) for k, v in entry.items() if k != "hash"}
            lines = [{**x, "entry_id": entry_id} for x in self.entry_lines]
            body = json.dumps(
                [head[1], header, [[x["line_no"], x["account_code"], x["debit"], x["credit"]] for x in lines]],
                sort_keys=True,
                separators=(",", ":"),
            )
            entry["hash"] = hashlib.sha256(body.encode()).hexdigest()
            conn.execute(self.sql["journal_entries"], entry)
            conn.executemany(self.sql["journal_lines"], lines)
            sale = {
                **self.sale,
                "id": sale_id,
                "receipt_no": receipt_no,
                "created_at": created,
                "business_date": at.date().isoformat(),
                "entry_id": entry_id,
            }
            sale_lines = [{**x, "sale_id": sale_id} for x in self.lines]
            pays = [{**x, "sale_id": sale_id} for x in self.payments]
            moves = [
                {
                    **x,
                    "id": uuid6.uuid7().bytes,
                    "source_id": sale_id,
                    "created_at": created,
                    "business_date": at.date().isoformat(),
                }
                for x in self.moves
            ]
            conn.execute(self.sql["sales"], sale)
            conn.executemany(self.sql["sale_lines"], sale_lines)
            conn.executemany(self.sql["sale_payments"], pays)
            conn.executemany(self.sql["stock_movements"], moves)

            def hexed(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
                return [{k: (v.hex() if isinstance(v, bytes) else v) for k, v in r.items()} for r in rows]

            payload = json.dumps(
                {
                    "sale": hexed([sale])[0],
                    "lines": hexed(sale_lines),
                    "payments": hexed(pays),
                    "movements": hexed(moves),
                    "entry": {**header, "hash": entry["hash"], "lines": hexed(lines)},
                },
                sort_keys=True,
                separators=(",", ":"),
            )
            outbox = {
                "id": uuid6.uuid7().bytes,
                "device_id": self.device,
                "seq": outbox_seq,
                "kind": "sale.completed",
                "schema_version": 1,
                "payload": "",
                "body": zlib.compress(payload.encode()),  # as the outbox keeps events since migration 0009
                "created_at": created,
            }
            conn.execute(self.sql["outbox"], {c: outbox.get(c) for c in self.outbox_cols})
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()


# --- measuring ----------------------------------------------------------------------------------------------------


def pct(values: Sequence[float], p: float) -> float:
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def time_it(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall time and this thread's CPU time of `fn()`, in ms. Wall time includes waiting for the disk (the
    commit's fsync) and for the CPU when the machine is busy; CPU time is the code's own cost."""
    wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
    fn()
    return (time.perf_counter_ns() - wall) / 1e6, (time.thread_time_ns() - cpu) / 1e6


class Timings:
    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def add(self, measured: tuple[float, float]) -> None:
        self.wall.append(measured[0])
        self.cpu.append(measured[1])

    def row(self, scale: float = 1.0) -> tuple[float, float, float, float]:
        """Median and p99 of wall time, then of CPU time, times `scale`."""
        return (
            statistics.median(self.wall) * scale,
            pct(self.wall, 99) * scale,
            statistics.median(self.cpu) * scale,
            pct(self.cpu, 99) * scale,
        )


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except OSError:
        ram = "unknown"
    import sqlalchemy

    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": sqlalchemy.__version__,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10.000 products and 5.000 earlier sales")
    parser.add_argument("--rounds", type=int, default=400, help="sales measured by (a) and by (b) (default 400)")
    parser.add_argument("--lookups", type=int, default=10_000, help="barcode lookups for (c) (default 10.000)")
    parser.add_argument("--batch", type=int, default=1_000, help="earlier sales per transaction while building")
    parser.add_argument("--rebuild", action="store_true", help="build the shop again even if it is cached")
    parser.add_argument("--profile", action="store_true", help="profile (a) with cProfile and print where time goes")
    args = parser.parse_args(argv)

    products, sales = QUICK if args.quick else FULL
    DATA.mkdir(exist_ok=True)
    cached = DATA / f"shop-{products}p-{sales}s.sqlite3"
    if args.rebuild:
        cached.unlink(missing_ok=True)
    if cached.exists():
        info = DATA / f"{cached.name}.json"
        built = json.loads(info.read_text()) if info.exists() else {}
        print(f"Using the cached shop {cached.name}")
    else:
        print(f"Building {cached.name}: {products:,} products, {sales:,} sales, {args.batch:,} sales a transaction")
        built = build(cached, products, sales, args.batch)
    if built:
        print(
            "Build took {:.0f} s: products {:.0f} s, earlier sales {:.0f} s ({:.2f} ms a sale)".format(
                sum(built.values()), built["products_s"], built["sales_s"], built["sales_s"] * 1000 / sales
            )
        )

    # The cache may predate the newest migration: bring it to head once (no backup copy, it can be rebuilt).
    engine = make_engine(cached)
    migrate.upgrade(engine, None)
    engine.dispose()
    conn = sqlite3.connect(cached, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()

    run = DATA / "run.sqlite3"
    for leftover in (run, Path(f"{run}-wal"), Path(f"{run}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(cached, run)
    db = Database(make_engine(run))
    try:
        return measure(db, run, products, args)
    finally:
        db.dispose()
        for leftover in (run, Path(f"{run}-wal"), Path(f"{run}-shm")):
            leftover.unlink(missing_ok=True)


@dataclass
class CounterFigures:
    """(a) ring_up, (b) plain sqlite3 writing the same rows, (c) barcode lookups, with the load around them."""

    service: Timings
    plain: Timings
    lookups: Timings
    rows: dict[str, int]
    load_before: float
    load_after: float
    profile: str = ""

    @property
    def ratio(self) -> float:
        """(a) over (b), wall-time medians: the goal's measure."""
        return statistics.median(self.service.wall) / statistics.median(self.plain.wall)


def measure_counter(
    db: Database, path: Path, codes: Sequence[str], rounds: int, lookups: int, *, profile: bool = False, seed: int = 42
) -> CounterFigures:
    """Time (a) and (b) alternately for `rounds` 5-line cash sales, then (c) for `lookups` random `codes`.

    Needs a cashier with an open shift. Writes sales into the database at `path`, so give it a copy.
    """
    rng = random.Random(seed)
    clerk = cashier(db)
    carts = [random_cart(db, rng, codes, 5) for _ in range(rounds + 10)]
    paid = [cash_for(c, db) for c in carts]
    now = dt.datetime.now(dt.UTC)

    def sell(i: int) -> Callable[[], object]:
        def go() -> object:
            with db.write() as s:
                return ring_up(s, clerk, carts[i], [cash(paid[i])], at=now)

        return go

    # Warm up: SQLAlchemy's statement cache, the account list, the page cache.
    for i in range(10):
        sell(rounds + i)()
    with db.read() as s:
        sample = s.execute(text("SELECT id FROM sales ORDER BY created_at DESC LIMIT 1")).scalar_one()
    plain = PlainWriter(path, bytes(sample))
    for _ in range(10):
        plain.write(now)

    service, plain_writes, found = Timings(), Timings(), Timings()
    profiler = cProfile.Profile() if profile else None
    load_before = os.getloadavg()[0]
    for i in range(rounds):
        if profiler:
            profiler.enable()
        service.add(time_it(sell(i)))
        if profiler:
            profiler.disable()
        plain_writes.add(time_it(lambda: plain.write(now)))
    plain.close()

    wanted = [rng.choice(codes) for _ in range(lookups)]
    with db.read() as s:
        for code in wanted[:200]:  # warm up
            product_records.find_by_barcode(s, code)
        for code in wanted:
            found.add(time_it(lambda code=code: product_records.find_by_barcode(s, code)))
    text_profile = ""
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        text_profile = out.getvalue()
    return CounterFigures(
        service, plain_writes, found, plain.row_count(), load_before, os.getloadavg()[0], text_profile
    )


def measure(db: Database, run: Path, products: int, args: argparse.Namespace) -> int:
    codes = [barcode_of(n) for n in range(1, products + 1)]
    figures = measure_counter(db, run, codes, args.rounds, args.lookups, profile=args.profile)
    with db.read() as s:
        counts = {
            t: s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
            for t in ("products", "product_barcodes", "sales", "sale_lines", "journal_lines", "stock_movements")
        }

    a, b, c = figures.service.row(), figures.plain.row(), figures.lookups.row(1_000)
    ratio = figures.ratio
    print()
    for key, value in machine().items():
        print(f"{key:<14} {value}")
    print(f"Load average   {figures.load_before:.2f} before, {figures.load_after:.2f} after the measurements")
    print("Database       " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"Rows a sale    {figures.rows}")
    print()
    print(f"{'':<44} {'wall time':^21} {'CPU time':^21}")
    print(f"{'figure':<44} {'median':>10} {'p99':>10} {'median':>10} {'p99':>10}  goal")
    unit = "ms"
    print(f"{'(a) ring_up, 5-line cash sale, committed':<44}" + "".join(f" {x:>7.2f} {unit}" for x in a))
    print(f"{'(b) plain sqlite3, same rows, committed':<44}" + "".join(f" {x:>7.2f} {unit}" for x in b))
    ok = "met" if ratio <= GOAL_RATIO else "MISSED"
    ratios = "".join(f" {x / y:>9.2f}x" for x, y in zip(a, b, strict=True))
    print(f"{'    ratio (a)/(b)':<44}{ratios}  median <= {GOAL_RATIO:.0f}x: {ok}")
    ok = "met" if c[1] < GOAL_LOOKUP_P99_US else "MISSED"
    label = f"(c) find_by_barcode, {products:,} products"
    print(f"{label:<44}" + "".join(f" {x:>7.1f} us" for x in c) + f"  p99 < 1 ms: {ok}")
    print(f"    ({args.rounds} sales each for (a) and (b), alternating; {args.lookups:,} lookups for (c))")
    if figures.profile:
        print(figures.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

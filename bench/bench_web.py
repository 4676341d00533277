"""The owner's web benchmark: every page on a shop with a busy year on two counters, and ingest with the read
models on against the code before them.

Pages: two counters each trade a busy demo year at half pace (about 137 sales a day each, 275 together) and
push everything to one shop of the real service (`laci cloud serve`, its own process) on a durable PostgreSQL;
the read models are built from the log, then each page is fetched again and again by a signed-in owner and timed
at the client on loopback (so the figure includes HTTP, a little more than the server's own time).

Ingest: `bench/bench_sync.py` (10,000 sales pushed in batches of 500) run alternately on the code before the
owner's web (`--before REF`, a git commit, unpacked to a temporary folder) and on this code, in the same run.

    .venv/bin/python bench/bench_web.py [--days 365] [--runs 40] [--before REF] [--pairs 3] [--sales 10000]
        [--only pages|ingest]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "sync"), str(ROOT / "tests" / "cloud")]

from pgserver import PostgresCluster  # noqa: E402
from replicas import new_counter  # noqa: E402
from server import ProcessServer  # noqa: E402
from webclient import signed_in  # noqa: E402

from pos.cloud.auth import create_shop  # noqa: E402
from pos.cloud.db import CloudDB, migrate  # noqa: E402
from pos.cloud.web import catchup  # noqa: E402
from pos.demo.shop import BUSY, build_demo_shop  # noqa: E402
from pos.ledger.shop.opening import open_database  # noqa: E402
from pos.sync.client import SyncClient, enrol  # noqa: E402

DATA = ROOT / "bench" / "data"
TODAY = dt.date(2026, 11, 23)
PRODUCTS = 2_000
PER_COUNTER = round(BUSY.sales_per_day / 2)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def counters(days: int) -> tuple[Path, Path]:
    """Two counters' shop files, each a busy demo at half pace for `days` days; built once, then kept."""
    folder = DATA / f"web-two-counters-{days}d"
    done = folder / "built.json"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        for n, code in enumerate("AB"):
            db = new_counter(folder / code, code)
            build_demo_shop(db, products=PRODUCTS, days=days, seed=11 + n, today=TODAY, pace=BUSY.at(PER_COUNTER))
            db.dispose()
        done.write_text(json.dumps({"days": days, "build_s": round(time.perf_counter() - started, 1)}))
    return folder / "A", folder / "B"


def measure_pages(days: int, runs: int) -> dict[str, Any]:
    a_dir, b_dir = counters(days)
    work = Path(tempfile.mkdtemp(prefix="laci-bench-web-"))
    cluster = PostgresCluster(durable=True)
    cluster.start()
    try:
        url = cluster.create_database("laci_bench")
        migrate(url)
        cloud = CloudDB(url, max_size=2)
        server = ProcessServer(url).start()
        a = open_database(shutil.copytree(a_dir, work / "A") / "laci.sqlite3")
        b = open_database(shutil.copytree(b_dir, work / "B") / "laci.sqlite3")
        shop, code = create_shop(cloud, "Warung Bu Sri")
        enrol(a, server.url, code)
        with SyncClient(a) as client:
            # B's demo catalogue is its own: only an owner's device may add products, and a plain counter's
            # additions (and then its sales of them) are refused, which would leave B's year out of the shop.
            invite = client.invite(owner=True)
        enrol(b, server.url, invite)
        started = time.perf_counter()
        events = 0
        for counter in (a, b):  # pushed only: the two demo catalogues are not meant to meet on one counter
            with SyncClient(counter) as client:
                events += client.push()[0]
        push_s = time.perf_counter() - started
        with cloud.transaction(shop) as conn:
            refused = conn.execute("SELECT count(*) FROM events WHERE shop_id = %s AND rejected IS NOT NULL", (shop,))
            assert refused.fetchone() == (0,), (
                "events of the counters were refused: part of the two counters' years is missing"
            )
        server.stop()  # the worker would catch up meanwhile: the build below is timed alone
        with cloud.transaction(shop) as conn:
            conn.execute("ANALYZE")  # as autovacuum would have by now on a service that has run for a year
        started = time.perf_counter()
        catchup.rebuild(cloud, shop)
        build_s = time.perf_counter() - started
        with cloud.transaction(shop) as conn:
            conn.execute("ANALYZE")
        server = ProcessServer(url, port=server.port).start()  # where the counters were enrolled
        with cloud.transaction(shop) as conn:
            sales = conn.execute("SELECT count(*) FROM web_sales WHERE shop_id = %s", (shop,)).fetchone()
        owner = signed_in(server.url, a)
        last = TODAY - dt.timedelta(days=1)
        first = last - dt.timedelta(days=days - 1)
        pages = {
            "today (last trading day)": f"/web/today?shop={shop.hex}&date={last}",
            "period: last 30 days": f"/web/period?shop={shop.hex}&start={last - dt.timedelta(days=29)}&end={last}",
            "period: last month": f"/web/period?shop={shop.hex}&start=2026-10-01&end=2026-10-31",
            "period: the whole year": f"/web/period?shop={shop.hex}&start={first}&end={last}",
            "shifts of the last day": f"/web/shifts?shop={shop.hex}&date={last}",
            "stock running low": f"/web/stock?shop={shop.hex}",
            "kasbon to collect": f"/web/kasbon?shop={shop.hex}",
            "counters": f"/web/counters?shop={shop.hex}",
            "account and sessions": "/web/account",
        }
        timings: dict[str, dict[str, float]] = {}
        for name, path in pages.items():
            warm = owner.get(path)
            assert warm.status_code == 200, (name, warm.status_code)
            samples = []
            for _ in range(runs):
                t = time.perf_counter()
                answer = owner.get(path)
                samples.append(time.perf_counter() - t)
                assert answer.status_code == 200
            timings[name] = {
                "median_ms": statistics.median(samples) * 1000,
                "p95_ms": percentile(samples, 0.95) * 1000,
                "bytes": len(warm.content),
            }
        owner.close()
        server.stop()
        cloud.close()
        a.dispose()
        b.dispose()
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    return {
        "events": events,
        "sales": int(sales[0]) if sales else 0,
        "push_s": push_s,
        "build_s": build_s,
        "pages": timings,
    }


def _ingest_rate(source: Path, sales: int) -> float:
    """events/s of `bench/bench_sync.py` run from `source` (its own code, on this virtualenv's Python)."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, str(source / "bench" / "bench_sync.py"), "--sales", str(sales)],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    found = re.search(r"([\d,]+) events/s", done.stdout)
    assert found, done.stdout + done.stderr
    return float(found.group(1).replace(",", ""))


def measure_ingest(before: str, pairs: int, sales: int) -> dict[str, Any]:
    """Alternate runs of the sync benchmark on the code at `before` and on this code."""
    old = Path(tempfile.mkdtemp(prefix="laci-before-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", before], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(old, filter="data")
    rates: dict[str, list[float]] = {"before": [], "now": []}
    try:
        for _ in range(pairs):
            rates["before"].append(_ingest_rate(old, sales))
            rates["now"].append(_ingest_rate(ROOT, sales))
    finally:
        shutil.rmtree(old, ignore_errors=True)
    return {"before": before, "rates": rates}


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=365, help="days of trading on each counter (365: a busy year)")
    parser.add_argument("--runs", type=int, default=40, help="timed fetches of each page")
    parser.add_argument("--before", help="a git commit (code before a change): also compare the ingest rate")
    parser.add_argument("--pairs", type=int, default=3, help="ingest runs on each side, alternated")
    parser.add_argument("--sales", type=int, default=10_000, help="sales pushed by each ingest run")
    parser.add_argument("--only", choices=("pages", "ingest"), help="measure only the pages or only the ingest")
    args = parser.parse_args()
    print(f"load average before: {load()}")
    if args.only != "ingest":
        report_pages(args.days, args.runs)
    if args.before and args.only != "pages":
        ingest = measure_ingest(args.before, args.pairs, args.sales)
        for side, rates in ingest["rates"].items():
            listed = ", ".join(f"{r:,.0f}" for r in rates)
            print(f"ingest {side:6}: {listed} events/s (median {statistics.median(rates):,.0f})")
    print(f"load average after: {load()}")


def report_pages(days: int, runs: int) -> None:
    found = measure_pages(days, runs)
    print(
        f"shop: {found['sales']:,} sales on two counters over {days} days ({PER_COUNTER} a day each), "
        f"{found['events']:,} events pushed in {found['push_s']:.0f} s; read models built from the log in "
        f"{found['build_s']:.0f} s ({found['events'] / found['build_s']:,.0f} events/s)"
    )
    print(f"{'page':32} {'median':>9} {'p95':>9} {'size':>9}")
    for name, t in found["pages"].items():
        print(f"{name:32} {t['median_ms']:7.1f}ms {t['p95_ms']:7.1f}ms {t['bytes'] / 1024:7.1f}KB")


if __name__ == "__main__":
    main()

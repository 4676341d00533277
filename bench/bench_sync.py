"""Sync benchmark: the cloud's ingest rate with batches of 500 real sale events, and a full catch-up.

Runs a durable PostgreSQL (fsync on) on loopback and the real service over HTTP: `laci cloud serve` in a process
of its own, as it is deployed (`--in-process` runs it in a thread of this process instead, as the tests do; then
the counter's client and the service share one interpreter, and the rate measures that sharing).

    .venv/bin/python bench/bench_sync.py [--sales 10000] [--workers 1] [--counters 1] [--in-process]

`--workers` is passed to `laci cloud serve --workers`; with `--counters K` K counters each make their share of the
sales and push them at the same time, each from a process of its own (as K counters would), and the rate is all
their events over the time from the first push's start to the last one's end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "sync"), str(ROOT / "tests" / "cloud")]

from pgserver import PostgresCluster  # noqa: E402
from server import ProcessServer, ThreadServer  # noqa: E402
from shops import CODES, sell, shop_with_counters  # noqa: E402

from pos.cloud.db import CloudDB, migrate  # noqa: E402
from pos.ledger.base.db import Database  # noqa: E402
from pos.ledger.replication import sync_state  # noqa: E402
from pos.ledger.shop.opening import open_database  # noqa: E402
from pos.sync.client import SyncClient  # noqa: E402


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def push_all(db: Database) -> tuple[int, float, float, list[float]]:
    """Push everything the counter has waiting, in batches of 500: (events, start, end, each batch's latency)."""
    latencies: list[float] = []
    with SyncClient(db) as client:
        original = client.http.post

        def timed(*a_: object, **kw: object):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            answer = original(*a_, **kw)  # type: ignore[arg-type]
            latencies.append(time.perf_counter() - t)
            return answer

        client.http.post = timed  # type: ignore[method-assign]
        t0 = time.perf_counter()
        pushed, _rejected = client.push()
        return pushed, t0, time.perf_counter(), latencies


def _push_from(path: str, ready: Any) -> tuple[int, float, float, list[float]]:
    db = open_database(Path(path))
    ready.wait()  # every counter starts pushing at the same moment
    return push_all(db)


def measure_sync(sales: int, *, in_process: bool = False, workers: int = 1, counters: int = 1) -> dict[str, Any]:
    """`counters` counters make `sales` sales between them and push their events in batches of 500 to a service
    with `workers` worker processes; another counter then pulls and applies them all.

    Returns the events, their size, the push's time and rate, each batch's latency, and the catch-up's time.
    """
    cluster = PostgresCluster(durable=True)
    cluster.start()
    try:
        url = cluster.create_database("laci_bench")
        migrate(url)
        cloud = CloudDB(url, max_size=4)
        server = (ThreadServer(url) if in_process else ProcessServer(url, None, "--workers", str(workers))).start()
        tmp = Path(tempfile.mkdtemp(prefix="laci-bench-sync-"))
        shop = shop_with_counters(tmp, cloud, server.url, counters + 1)
        pushers, b = shop.counters[:-1], shop.counters[-1]
        for counter in pushers:
            with SyncClient(counter) as client:
                client.sync()
        started = time.perf_counter()
        for n in range(sales):
            sell(shop, n % counters, n % len(CODES), 1 + n % 3)
        made = time.perf_counter() - started
        waiting = 0
        for counter in pushers:
            with counter.read() as s:
                waiting += sync_state.waiting_count(s)
                sample = sync_state.waiting(s, sync_state.pushed_seq(s), 1)
        size = len(str(sample[0]["payload"]))

        # Ingest: each counter pushes everything it has in batches of 500; each push timed end to end.
        if counters == 1:
            runs = [push_all(pushers[0])]
        else:
            paths = [str(tmp / f"c{i}" / "laci.sqlite3") for i in range(counters)]
            context = multiprocessing.get_context("spawn")
            with context.Manager() as manager, context.Pool(counters) as pool:
                ready = manager.Event()
                pending = [pool.apply_async(_push_from, (path, ready)) for path in paths]
                time.sleep(3)  # the helpers start and open their databases
                ready.set()
                runs = [p.get() for p in pending]
        pushed = sum(r[0] for r in runs)
        push_time = max(r[2] for r in runs) - min(r[1] for r in runs)
        latencies = [x for r in runs for x in r[3]]

        # Catch-up: the other counter fetches and applies all of them.
        t0 = time.perf_counter()
        with SyncClient(b) as client:
            report = client.sync()
        pull_time = time.perf_counter() - t0
        server.stop()
        cloud.close()
    finally:
        cluster.stop()

    return {
        "sales": sales,
        "events": waiting,
        "payload_bytes": size,
        "made_s": made,
        "pushed": pushed,
        "push_s": push_time,
        "rate": pushed / push_time,
        "batch_s": latencies,
        "applied": report.applied,
        "pull_s": pull_time,
        "workers": workers,
        "counters": counters,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sales", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="worker processes of `laci cloud serve`")
    parser.add_argument("--counters", type=int, default=1, help="counters pushing their share at the same time")
    parser.add_argument("--in-process", action="store_true", help="run the service in a thread of this process")
    args = parser.parse_args()
    found = measure_sync(args.sales, in_process=args.in_process, workers=args.workers, counters=args.counters)
    latencies, pushed, push_time = found["batch_s"], found["pushed"], found["push_s"]
    print(
        f"events made by {args.sales} sales: {found['events']} (about {found['payload_bytes']} bytes of payload "
        f"each), made in {found['made_s']:.1f} s"
    )
    if args.workers != 1 or args.counters != 1:
        print(f"service workers: {args.workers}, counters pushing at once: {args.counters}")
    print(f"push {pushed} events in batches of 500: {push_time:.2f} s, {found['rate']:,.0f} events/s (goal >= 2,000)")
    print(
        f"push latency per 500-event batch: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p99 {p99(latencies) * 1000:.0f} ms"
    )
    print(
        f"a counter with {pushed} waiting events: pushed in {push_time:.2f} s; "
        f"another counter pulled and applied {found['applied']} in {found['pull_s']:.2f} s "
        f"(full sync goal < 10 s each)"
    )


if __name__ == "__main__":
    main()

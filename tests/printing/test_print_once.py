"""Each receipt printed once and each drawer kicked once, however many queue runs go at once: threads as in the
window (two I/O threads and the background worker after every sale), separate processes as `laci print pending`
beside the window, and a worker that died holding a job.

Counted at a loopback printer, in the bytes it read.
"""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from loopback import LoopbackPrinter, refused_uri, running
from printing_support import morning_sale, warung
from shop_support import Counter

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database, make_engine
from pos.ledger.counter import print_claims, print_queue
from pos.ledger.schema import PrintJob
from pos.printing.queue_worker import PrintRun, print_pending
from pos.printing.worker import PrintWorker

ROOT = Path(__file__).resolve().parents[2]


def fresh_shop(db: Database, uri: str) -> Counter:
    """The warung with its shift opened now, so the drawer kicks of its sales are fresh when they print."""
    return warung(db, printer_uri=uri)


def statuses(db: Database) -> list[tuple[str, str]]:
    with db.read() as s:
        return [(j.kind, j.status) for j in s.query(PrintJob).order_by(PrintJob.created_at, PrintJob.id)]


def drain(db: Database, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db.read() as s:
            if not print_queue.status(s).pending:
                return
        time.sleep(0.05)
    raise AssertionError(f"the queue did not empty: {statuses(db)}")


def test_runs_in_threads_print_each_receipt_once_and_kick_each_drawer_once(db: Database) -> None:
    """What the window did: a run on each of its two I/O threads after every sale, plus its own worker now."""
    with running(LoopbackPrinter(bite=256, slow=0.002)) as printer:
        counter = fresh_shop(db, printer.uri)
        worker = PrintWorker(db)
        worker.start()
        threads: list[threading.Thread] = []
        sales = []
        try:
            for _ in range(5):
                sales.append(morning_sale(counter, at=utc_now()))
                worker.wake()
                for _ in range(2):
                    thread = threading.Thread(target=print_pending, args=(db,))
                    thread.start()
                    threads.append(thread)
            for thread in threads:
                thread.join(30)
            drain(db)
        finally:
            assert worker.stop()
    for sale in sales:
        assert printer.receipts(sale.receipt_no) == 1, sale.receipt_no
    assert printer.kicks() == len(sales)
    assert statuses(db).count(("receipt", "printed")) == 5 and statuses(db).count(("drawer", "printed")) == 5


WORKER = """
import sys, time
from pathlib import Path
from pos.ledger.counter import print_queue
from pos.ledger.base.db import Database, make_engine
from pos.printing.queue_worker import PrintRun, print_pending

db = Database(make_engine(sys.argv[1]))
stop = Path(sys.argv[2])
first = True
while True:
    done = stop.exists()
    print_pending(db)
    if first:
        print("running", flush=True)  # the test rings up its sales once every worker is at work
        first = False
    with db.read() as s:
        if done and not print_queue.status(s).pending:
            break
    time.sleep(0.01)
db.dispose()
"""


def test_runs_in_separate_processes_print_each_receipt_once(db: Database, tmp_path: Path) -> None:
    """`laci print pending` in three processes beside each other while sales are rung up."""
    stop = tmp_path / "stop"
    with running(LoopbackPrinter(bite=512, slow=0.002)) as printer:
        counter = fresh_shop(db, printer.uri)
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, str(db.path), str(stop)], cwd=ROOT, stdout=subprocess.PIPE, text=True
            )
            for _ in range(3)
        ]
        try:
            for process in workers:  # all three at work, so the sales below race with running workers
                assert process.stdout is not None and process.stdout.readline().strip() == "running"
            sales = [morning_sale(counter, at=utc_now()) for _ in range(6)]
            stop.touch()
            for process in workers:
                assert process.wait(60) == 0
        finally:
            for process in workers:
                if process.poll() is None:
                    process.kill()
    for sale in sales:
        assert printer.receipts(sale.receipt_no) == 1, sale.receipt_no
    assert printer.kicks() == len(sales)
    with db.read() as s:
        assert print_queue.status(s).pending == 0


def test_a_job_left_by_a_dead_worker_is_taken_over_but_its_kick_is_never_sent_again(db: Database) -> None:
    with running(LoopbackPrinter()) as printer:
        counter = fresh_shop(db, printer.uri)
        sale = morning_sale(counter, at=utc_now())
        now = utc_now()
        lease = dt.timedelta(seconds=30)
        # A worker claims the drawer, then the receipt, and dies before settling either (its process killed).
        with db.write() as s:
            drawer = print_claims.claim_next(s, "dead", "", now, lease).claim
        assert drawer is not None and drawer.job.kind == "drawer"
        with db.write() as s:
            print_claims.settle(s, drawer, "failed", now, maybe_sent=False)  # refused: nothing went out
            drawer_again = print_claims.claim_next(s, "dead", "", now, lease).claim
        assert drawer_again is not None and drawer_again.job.kind == "drawer"  # ... then, this time, it died
        with db.write() as s:
            assert print_claims.claim_next(s, "alive", "", now, lease).busy  # its lease holds the printer

        later = now + lease + dt.timedelta(seconds=1)
        run = print_pending(db, owner="alive", at=later)
    # The kick may have gone out when the dead worker sent it: it is closed, not sent a second time.
    assert run.printed and [k for k, _ in statuses(db)] == ["drawer", "receipt"]
    assert statuses(db) == [("drawer", "sent"), ("receipt", "printed")]
    assert printer.kicks() == 0 and printer.receipts(sale.receipt_no) == 1


def test_a_claim_is_taken_in_an_immediate_transaction(db: Database) -> None:
    from sqlalchemy import event

    counter = fresh_shop(db, "preview:")
    morning_sale(counter, at=utc_now())
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement.split()[0].upper() + " " + statement.split()[1].upper())

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.write() as s:
            assert print_claims.claim_next(s, "me", "", utc_now(), dt.timedelta(seconds=30)).claim is not None
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert statements[0] == "BEGIN IMMEDIATE" and "UPDATE PRINT_JOBS" in statements


def test_claims_from_many_connections_at_once_never_share_a_job(db: Database) -> None:
    counter = fresh_shop(db, "preview:")
    for _ in range(4):
        morning_sale(counter, at=utc_now())
    claimed: list[tuple[str, str]] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def claim(name: str) -> None:
        own = Database(make_engine(db.path))  # its own connection, as another process would have
        start.wait()
        try:
            for _ in range(20):
                now = utc_now()
                with own.write() as s:
                    got = print_claims.claim_next(s, name, "", now, dt.timedelta(seconds=30))
                    if got.claim is not None:
                        with lock:
                            claimed.append((name, str(got.claim.job.id)))
                        print_claims.settle(s, got.claim, "printed", now)
        finally:
            own.dispose()

    threads = [threading.Thread(target=claim, args=(f"w{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    jobs = [job for _name, job in claimed]
    assert len(jobs) == len(set(jobs)) == 8  # four drawers and four receipts, each claimed exactly once


def test_the_worker_prints_by_itself_when_the_printer_comes_back(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing else happens at the counter: no sale, no reprint, nobody presses anything."""
    monkeypatch.setattr(print_claims, "BACKOFF_FIRST", dt.timedelta(seconds=0.2))
    uri = refused_uri()
    counter = fresh_shop(db, uri)
    sale = morning_sale(counter, at=utc_now())
    passes: list[tuple[float, PrintRun]] = []
    worker = PrintWorker(db, on_run=lambda run: passes.append((time.monotonic(), run)), idle=10)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while sum(1 for _t, run in passes if run.failed) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        failures = [t for t, run in passes if run.failed]
        assert len(failures) >= 3, passes
        gaps = [b - a for a, b in itertools.pairwise(failures)]
        assert gaps[1] > gaps[0] * 1.5  # backing off: 0.2 s, 0.4 s, ...
        with running(LoopbackPrinter(port=int(uri.rsplit(":", 1)[1]))) as printer:
            drain(db, timeout=10)
    finally:
        assert worker.stop(5)
    assert printer.receipts(sale.receipt_no) == 1 and printer.kicks() == 1
    assert statuses(db) == [("drawer", "printed"), ("receipt", "printed")]

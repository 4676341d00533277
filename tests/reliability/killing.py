"""A counter that rings up sales until it is killed, and the checks run on what it leaves behind.

Used by the test suite (at least 50 kills) and by bench/bench_kills.py (more).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import random
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from selling_counter import READY, sell_until_killed
from shop_support import set_up_counter
from sqlalchemy import text

from pos.ledger.base.money import Money
from pos.ledger.books.audit import verify_audit_chain
from pos.ledger.books.check import check_books
from pos.ledger.people.customers import add_customer
from pos.ledger.replication import fact_refs
from pos.ledger.shop import settings
from pos.ledger.shop.opening import init_shop, open_database


def _starter() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """Where the counters come from: forked from a server that has already imported the core, where there is one.

    Each counter is still a process of its own that opens the database itself and dies by SIGKILL; only the
    interpreter's and the core's import (seconds, against a sale's milliseconds) is no longer paid again per kill.
    Windows has no fork: there each counter is a fresh interpreter, as before.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # By module name from the server's own path (the core is installed; this folder is not on that path): the
    # core this process has imported, which is at least all the counter needs.
    context.set_forkserver_preload(sorted(name for name in sys.modules if name.startswith("pos.ledger")))
    return context


@dataclass
class KillReport:
    kills: int = 0
    committed_seen: int = 0
    sales_in_db: int = 0
    problems: list[str] = field(default_factory=list)


def _names_sale(body: bytes, sale_id: bytes) -> bool:
    """Whether an outbox event kept by its rows' keys names this sale."""
    return fact_refs.is_refs(body) and (sale_id,) in fact_refs.decode(body).get("sales", [])


def check_after_kill(path: Path, committed: set[str]) -> list[str]:
    """Everything that must hold after a crash; returns what does not."""
    problems: list[str] = []
    raw = sqlite3.connect(path)
    raw.create_function("names_sale", 2, _names_sale, deterministic=True)
    try:
        if raw.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            problems.append("integrity check failed")
        if raw.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("rows point at missing rows")
        receipts = {r[0] for r in raw.execute("SELECT receipt_no FROM sales")}
        lost = committed - receipts
        if lost:
            problems.append(f"committed sales lost: {sorted(lost)[:5]}")
        half = raw.execute(
            "SELECT s.receipt_no FROM sales s WHERE "
            "NOT EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id) "
            "OR (SELECT COALESCE(SUM(amount), 0) FROM sale_payments p WHERE p.sale_id = s.id) <> s.total "
            "OR (SELECT COUNT(*) FROM stock_movements m WHERE m.source_id = s.id) <> "
            "   (SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id) "
            "OR NOT EXISTS (SELECT 1 FROM journal_lines j WHERE j.entry_id = s.entry_id) "
            "OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'sale.completed' "
            "   AND names_sale(o.body, s.id)) "
            "OR NOT EXISTS (SELECT 1 FROM print_jobs j WHERE j.source_id = s.id)"
        ).fetchall()
        if half:
            problems.append(f"sales not whole: {[r[0] for r in half[:5]]}")
        stray = raw.execute(
            "SELECT COUNT(*) FROM journal_entries e WHERE e.kind = 'sale' "
            "AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.entry_id = e.id)"
        ).fetchone()[0]
        if stray:
            problems.append(f"{stray} sale entries without their sale")
    finally:
        raw.close()
    db = open_database(path)
    try:
        with db.read() as s:
            problems += [str(p) for p in check_books(s).problems]
            if verify_audit_chain(s):
                problems.append("audit chain broken")
            s.execute(text("SELECT 1"))
    finally:
        db.dispose()
    return problems


def set_up_killable_shop(path: Path, products: int = 8) -> None:
    """The shop the counter sells in: products, a kasbon customer, receipts queued with every sale; closed."""
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
        settings.put(s, "printer.uri", "preview:")  # receipts are queued in the sale's own transaction
    set_up_counter(db, products=products)
    with db.write() as s:
        add_customer(s, "Pak Budi", credit_limit=Money(1_000_000_000))
    db.dispose()


def _said_ready(receiving: Connection) -> bool:
    try:
        return receiving.poll(60) and receiving.recv_bytes() == READY
    except EOFError:  # it died before it was ready
        return False


def _everything_sent(receiving: Connection) -> list[str]:
    """The receipt numbers a dead counter sent before it died."""
    sent: list[str] = []
    while True:
        try:
            sent.append(receiving.recv_bytes().decode())
        except EOFError:
            return sent


def kill_many(
    path: Path,
    kills: int,
    seed: int = 1,
    max_delay: float = 0.4,
    after_each: Callable[[KillReport], None] | None = None,
) -> KillReport:
    """Start the counter, let it sell for a random moment, SIGKILL it; `kills` times. Checks after each.

    `after_each` sees the report so far after every kill and its checks (the benchmark prints progress).
    """
    rng = random.Random(seed)
    report = KillReport()
    committed: set[str] = set()
    starter = _starter()
    for n in range(kills):
        receiving, sending = starter.Pipe(duplex=False)
        child = starter.Process(target=sell_until_killed, args=(str(path), seed * 1000 + n, sending), daemon=True)
        child.start()
        sending.close()  # the counter holds the only writing end now: its death is the end of what we read
        if not _said_ready(receiving):
            child.kill()
            child.join(30)
            raise RuntimeError(f"the counter did not start (exit code {child.exitcode})")
        time.sleep(rng.uniform(0.0, max_delay))  # the random moment of the kill: this wait is the point
        child.kill()  # SIGKILL on Linux, TerminateProcess on Windows: no chance to clean up either way
        child.join(30)
        if os.name == "posix" and child.exitcode != -signal.SIGKILL:
            report.problems.append(f"kill {n + 1}: the counter ended with {child.exitcode}, not by SIGKILL")
            break
        committed |= set(_everything_sent(receiving))
        receiving.close()
        report.kills += 1
        found = check_after_kill(path, committed)
        report.committed_seen = len(committed)
        if found:
            report.problems += [f"after kill {n + 1}: {p}" for p in found]
            break
        if after_each is not None:
            after_each(report)
    report.committed_seen = len(committed)
    raw = sqlite3.connect(path)
    report.sales_in_db = int(raw.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    raw.close()
    return report

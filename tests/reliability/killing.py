"""A counter that rings up sales until it is killed, and the checks run on what it leaves behind.

Used by the test suite (at least 50 kills) and by bench/bench_kills.py (more).
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from shop_support import set_up_counter
from sqlalchemy import text

from pos.ledger.base.money import Money
from pos.ledger.books.audit import verify_audit_chain
from pos.ledger.books.check import check_books
from pos.ledger.people.customers import add_customer
from pos.ledger.replication import fact_refs
from pos.ledger.shop import settings
from pos.ledger.shop.opening import init_shop, open_database

CHILD = r"""
import random, sys
from pathlib import Path
from pos.ledger.shop import settings
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.people.customers import list_customers
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.counter.pricing import Discount
from pos.ledger.selling.sales import ppn_rule, ring_up
from pos.ledger.stock.search import search_products
from pos.ledger.shop.opening import open_database
from pos.ledger.people.users import list_users

db = open_database(Path(sys.argv[1]))
rng = random.Random(int(sys.argv[2]))
with db.read() as s:
    owner = next(u for u in list_users(s) if u.role == "owner")
    actor = Actor(owner.id, owner.name, "owner")
    codes = [r[0] for r in s.execute(__import__("sqlalchemy").text("SELECT barcode FROM product_barcodes"))]
    customer = list_customers(s)[0].id
print("ready", flush=True)
while True:
    with db.write() as s:
        cart = Cart()
        for _ in range(rng.randint(1, 6)):
            cart.add(line_for_scan(s, rng.choice(codes), DEFAULT_FORMATS, Qty.units(rng.randint(1, 4))))
        if rng.random() < 0.2:
            cart.set_discount(Discount(percent_bp=500))
        due = cart.priced(ppn_rule(settings.load(s))).exact_due
        roll = rng.random()
        if roll < 0.6:
            pays = [cash(due + rng.choice((0, 500, 10_000)))]
        elif roll < 0.8:
            part = due // 2
            pays = [Payment("qris", Money(part)), cash(due - part + 1_000)] if part else [cash(due)]
        else:
            cart.customer_id = customer
            pays = [Payment("kasbon", Money(due))]
        sale = ring_up(s, actor, cart, pays)
    print(sale.receipt_no, flush=True)
"""


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
    for n in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), str(seed * 1000 + n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ},
        )
        assert child.stdout is not None
        first = child.stdout.readline()
        if first.strip() != "ready":
            raise RuntimeError(f"the counter did not start: {first} {child.stderr.read() if child.stderr else ''}")
        time.sleep(rng.uniform(0.0, max_delay))
        child.kill()  # SIGKILL on Linux, TerminateProcess on Windows: no chance to clean up either way
        out, _err = child.communicate(timeout=30)
        committed |= {line.strip() for line in out.splitlines() if line.strip()}
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

"""SIGKILL at random moments while the real app code rings up sales: nothing half-written, nothing lost."""

from __future__ import annotations

from pathlib import Path

from killing import kill_many
from shop_support import set_up_counter

from pos.ledger import settings
from pos.ledger.customers import add_customer
from pos.ledger.money import Money
from pos.ledger.shop import init_shop, open_database


def test_fifty_kills_leave_whole_sales_and_balanced_books(tmp_path: Path) -> None:
    db = open_database(tmp_path / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
        settings.put(s, "printer.uri", "preview:")  # receipts are queued in the sale's own transaction
    set_up_counter(db, products=8)
    with db.write() as s:
        add_customer(s, "Pak Budi", credit_limit=Money(1_000_000_000))
    db.dispose()
    report = kill_many(tmp_path / "laci.sqlite3", kills=50, seed=7)
    assert report.problems == []
    assert report.kills == 50
    assert report.committed_seen > 0
    assert report.sales_in_db >= report.committed_seen  # a sale may commit just before the kill, unseen

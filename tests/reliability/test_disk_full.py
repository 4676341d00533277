"""A full disk fails the sale cleanly: a clear message, the cart kept, nothing written."""

from __future__ import annotations

from pathlib import Path

from shop_support import set_up_counter
from sqlalchemy import event, text

from pos.ledger.base.db import Database, DiskFull
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop.opening import init_shop, open_database
from pos.ledger.stock.barcodes import DEFAULT_FORMATS


def counts(db: Database) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(
            int(s.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one())
            for t in ("sales", "sale_lines", "journal_entries", "journal_lines", "stock_movements", "outbox")
        )


def test_a_full_disk_fails_the_sale_and_keeps_the_cart(tmp_path: Path) -> None:
    db = open_database(tmp_path / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
    counter = set_up_counter(db, products=3)
    with db.read() as s:
        pages = int(s.execute(text("PRAGMA page_count")).scalar_one())

    # SQLite's page limit stands in for a full disk: the file may grow by a few pages, then no more.
    @event.listens_for(db.engine, "connect")
    def limit(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 8}")

    db.engine.dispose()
    cart = Cart()
    with db.read() as s:
        for code in counter.codes:
            cart.add(line_for_scan(s, code, DEFAULT_FORMATS))
    failed = None
    for _ in range(500):
        before = counts(db)
        try:
            with db.write() as s:
                ring_up(s, counter.cashier, cart, [cash(100_000)])
        except DiskFull as err:
            failed = err
            break
    assert failed is not None, "the page limit was never reached"
    assert "Disk penuh" in str(failed) or "penuh" in str(failed)
    assert counts(db) == before  # the failed sale left nothing behind
    assert len(cart.lines) == 3  # the cart is still there to retry
    with db.read() as s:
        assert check_books(s).ok
    db.dispose()

"""A bulk insert indexes its products in one pass per search index: they are found like products added one by
one, the insert trigger is back for the next product, and a failed insert leaves the trigger in place."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.ledger.stock.search import count_products, search_products
from pos.ledger.stock.search_index import INSERT_TRIGGER, bulk_indexing


def found(db: Database, query: str) -> list[str]:
    with db.read() as s:
        names = [row.name for row in search_products(s, query)]
        assert count_products(s, query) == len(names)
    return names


def indexed(db: Database) -> tuple[int, int, int, int]:
    """Products, rows of each search index, and distinct search rowids."""
    with db.read() as s:
        return (
            int(s.execute(text("SELECT COUNT(*) FROM products")).scalar_one()),
            int(s.execute(text("SELECT COUNT(*) FROM products_fts")).scalar_one()),
            int(s.execute(text("SELECT COUNT(*) FROM products_fts_words")).scalar_one()),
            int(s.execute(text("SELECT COUNT(DISTINCT search_rowid) FROM products")).scalar_one()),
        )


def trigger_present(db: Database) -> bool:
    with db.read() as s:
        return bool(
            s.execute(
                text("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": INSERT_TRIGGER}
            ).scalar_one()
        )


def test_bulk_products_are_found_by_every_kind_of_search_and_the_trigger_comes_back(db: Database) -> None:
    with db.write() as s:
        add_product(s, "Teh Kotak 200 ml", Money(4_000), sku="TK-200")
        bulk_add_products(
            s, [NewProduct(f"Air Mineral Segar {n} ml", Money(3_000), sku=f"AM-{n}") for n in (330, 600, 1500)]
        )
        add_product(s, "Susu Kotak 250 ml", Money(6_000))
    assert indexed(db) == (5, 5, 5, 5)
    assert found(db, "ml") == [
        "Teh Kotak 200 ml",
        "Susu Kotak 250 ml",
        "Air Mineral Segar 330 ml",
        "Air Mineral Segar 600 ml",
        "Air Mineral Segar 1500 ml",
    ]
    assert found(db, "egar 600") == ["Air Mineral Segar 600 ml"]  # trigrams: inside a word
    assert found(db, "am-15") == ["Air Mineral Segar 1500 ml"]  # the SKU, in the trigram index
    assert found(db, "su ko") == ["Susu Kotak 250 ml"]  # added after the bulk insert: the trigger is back
    assert trigger_present(db)


def test_a_failed_bulk_insert_writes_nothing_and_keeps_the_trigger(db: Database) -> None:
    with db.write() as s:
        add_product(s, "Kopi Bubuk 100 g", Money(12_000), barcodes=[BarcodeSpec("8991002101104")])
    taken = NewProduct("Kopi Lain", Money(1), barcodes=[BarcodeSpec("8991002101104")])
    with pytest.raises(InvalidInput), db.write() as s:
        bulk_add_products(s, [NewProduct("Kopi Susu", Money(1)), taken])
    assert indexed(db) == (1, 1, 1, 1)
    assert trigger_present(db)

    # Even a caller that catches the failure and commits what it did keeps the trigger.
    with db.write() as s:
        with pytest.raises(RuntimeError), bulk_indexing(s):
            raise RuntimeError("the disk said no")
        add_product(s, "Kopi Tubruk 200 g", Money(20_000))
    assert trigger_present(db)
    assert found(db, "tubruk") == ["Kopi Tubruk 200 g"]
    assert indexed(db) == (2, 2, 2, 2)

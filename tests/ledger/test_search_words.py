"""One- and two-letter words through the index of whole words (migration 0008): found at the start of any word of
the name, kept up to date by the products' triggers, and counted as they are listed."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from sqlalchemy import text

from pos.ledger.base import migrate
from pos.ledger.base.db import Database, make_engine
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products
from pos.ledger.stock.product_records import add_product
from pos.ledger.stock.products import ProductEdit, edit_product
from pos.ledger.stock.search import count_products, search_products

OWNER = Actor(UserId(uuid.UUID(int=1)), "Bu Sri", "owner")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"


def names(db: Database, query: str) -> list[str]:
    with db.read() as s:
        found = [row.name for row in search_products(s, query)]
        assert count_products(s, query) == len(found)
    return found


def test_short_words_find_any_word_starting_so_punctuation_kept_inside_words(db: Database) -> None:
    with db.write() as s:
        for name in ("Beras Pandan Wangi 2,5 kg", "Gula Pasir 1/2 kg", "Kopi Susu 20 g", "Lampu LED 5 W", "Élan Vital"):
            add_product(s, name, Money(1_000))
    assert names(db, "2,") == ["Beras Pandan Wangi 2,5 kg"]
    assert names(db, "1/") == ["Gula Pasir 1/2 kg"]
    assert names(db, "kg") == ["Gula Pasir 1/2 kg", "Beras Pandan Wangi 2,5 kg"]
    # Every short word must start a word: "2 g" is not "20 g" and "1/2 kg" together.
    assert names(db, "20 g") == ["Kopi Susu 20 g"]
    assert names(db, "le w") == ["Lampu LED 5 W"]
    assert names(db, "el") == ["Élan Vital"]  # accents folded, as a keyboard without them types it
    assert names(db, "%") == [] and names(db, "_") == []


def test_the_index_follows_new_renamed_and_imported_products(db: Database) -> None:
    with db.write() as s:
        pid = add_product(s, "Teh Kotak 200 ml", Money(4_000))
        bulk_add_products(s, [NewProduct(f"Air Mineral {n} ml", Money(3_000)) for n in (330, 600)])
    assert names(db, "ml") == ["Teh Kotak 200 ml", "Air Mineral 330 ml", "Air Mineral 600 ml"]
    with db.write() as s:
        edit_product(s, OWNER, pid, ProductEdit(name="Teh Kotak 300 cc"))
    assert names(db, "ml") == ["Air Mineral 330 ml", "Air Mineral 600 ml"]
    assert names(db, "cc") == ["Teh Kotak 300 cc"]
    with db.read() as s:
        held = s.execute(text("SELECT COUNT(*) FROM products_fts_words")).scalar_one()
    assert held == 3


def test_an_older_database_gets_its_names_indexed_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(FIXTURES / "laci-rev-0007.sqlite3", path)
    engine = make_engine(path)
    try:
        migrate.upgrade(engine, None)
        db = Database(engine)
        assert names(db, "ml") == ["Teh Botol 350 ml"]
        assert names(db, "te") == ["Teh Botol 350 ml"]
    finally:
        engine.dispose()

"""The check at start reads the file's structure, not every page; the whole-file check is made by backups and
`laci check`, so a start does not grow with years of books and damage is still found."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from cli_support import laci

from pos.ledger.base.errors import BooksProblem
from pos.ledger.base.money import Money
from pos.ledger.shop import backup
from pos.ledger.shop.opening import DamagedDatabase, init_shop, open_database
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products


def shop(path: Path, products: int = 3_000) -> Path:
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
        bulk_add_products(
            s, [NewProduct(f"Barang nomor {n:05d} yang cukup panjang", Money(1_000)) for n in range(products)]
        )
    db.dispose()
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return path


def leaves(path: Path, table: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path", (table,))
        return [int(r[0]) for r in rows]
    finally:
        conn.close()


def scribble(path: Path, page: int) -> None:
    conn = sqlite3.connect(path)
    try:
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(random.Random(page).randbytes(size))


def test_damage_at_the_end_where_writes_land_is_refused_at_start(tmp_path: Path) -> None:
    path = shop(tmp_path / "laci.sqlite3")
    scribble(path, leaves(path, "products")[-1])
    with pytest.raises(DamagedDatabase):
        open_database(path)


def test_damage_inside_is_found_by_the_check_and_the_backup_though_the_start_opens(tmp_path: Path) -> None:
    path = shop(tmp_path / "laci.sqlite3")
    pages = leaves(path, "products")
    assert len(pages) > 10
    scribble(path, pages[len(pages) // 2])
    open_database(path).dispose()  # quick: the structure is sound
    found = laci("--lang", "en", "--data-dir", str(path.parent), "check")
    assert found.returncode == 5  # damaged books, as `laci --help` lists the codes
    assert "The database file is damaged: database disk image is malformed" in found.stderr
    with pytest.raises(BooksProblem):
        backup.take_backup(path, tmp_path / "backups", "manual")
    assert backup.backups(tmp_path / "backups") == []

"""Damage as a disk does it: one page of a real shop's database file overwritten with noise."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

from shop_support import sell, set_up_counter

from pos.ledger.counter.payments import cash
from pos.ledger.shop import backup, settings
from pos.ledger.shop.opening import init_shop, open_database
from pos.paths import database_path

BACKED_UP_AT = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)  # 10.00 WIB


def corrupt_page_of(path: Path, table: str = "sales", seed: int = 1) -> int:
    """Overwrite the root page of `table` in the (closed, checkpointed) database at `path`; returns its number."""
    conn = sqlite3.connect(path)
    try:
        size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        row = conn.execute("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    finally:
        conn.close()
    assert row is not None, f"no table {table}"
    page = int(row[0])
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(random.Random(seed).randbytes(size))
    return page


def files_under(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes: what "nothing changed on disk" compares."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def damaged_shop(folder: Path, usb: Path | None) -> Path:
    """A shop in `folder` with two sales backed up to `usb` at BACKED_UP_AT (None: no backup at all, nor a
    folder chosen), a third sale after the backup, and then one page of its database file overwritten with noise."""
    path = database_path(folder)
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
        if usb is not None:
            settings.put(s, "backup.folder", str(usb))
    counter = set_up_counter(db)
    for _ in range(2):
        sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])
    if usb is not None:
        backup.take_backup(path, usb, "daily", at=BACKED_UP_AT)
    sell(counter, counter.cashier, [(counter.codes[1], 1)], [cash(10_000)])
    db.dispose()
    corrupt_page_of(path)
    return path

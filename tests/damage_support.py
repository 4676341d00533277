"""Damage as a disk does it: one page of a real shop's database file overwritten with noise."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path


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

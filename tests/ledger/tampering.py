"""What an attacker with the database file does to the books, done the way an attacker would: plain sqlite3,
the triggers dropped (and put back after), and the hash chain re-hashed with the app's own code.

Each tampering leaves the books as consistent as the attacker can make them from the file alone: day totals and
stock levels fixed up, receipt numbers and sequences renumbered, every hash after the change recomputed. Used by
the ledger tests (caught by `laci check` against a signed checkpoint) and the cloud tests (caught by the witness).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pos.ledger.base.chain import GENESIS_HASH, entry_hash, journal_header

Tamper = Callable[[Path], None]


@contextmanager
def without_triggers(path: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection with every trigger dropped; they are put back, word for word, when the block ends."""
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys = OFF")
    triggers = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in triggers:
        raw.execute(f"DROP TRIGGER {name}")
    try:
        yield raw
    finally:
        for _name, sql in triggers:
            raw.execute(sql)
        raw.commit()
        raw.close()


def _device(raw: sqlite3.Connection) -> bytes:
    return bytes(raw.execute("SELECT device_id FROM journal_entries ORDER BY device_seq LIMIT 1").fetchone()[0])


def rehash(raw: sqlite3.Connection, device: bytes) -> None:
    """Recompute the device's whole chain from the first entry, as `post_entry` would have written it."""
    prev = GENESIS_HASH
    rows = raw.execute(
        "SELECT id, device_seq, business_date, created_at, kind, memo, source_id, reverses_id FROM journal_entries "
        "WHERE device_id = ? ORDER BY device_seq",
        (device,),
    ).fetchall()
    dev = uuid.UUID(bytes=device)
    for entry_id, seq, day, created, kind, memo, source, reverses in rows:
        header = journal_header(
            uuid.UUID(bytes=bytes(entry_id)),
            dev,
            seq,
            dt.date.fromisoformat(day),
            dt.datetime.fromisoformat(created),
            kind,
            memo,
            uuid.UUID(bytes=bytes(source)) if source else None,
            uuid.UUID(bytes=bytes(reverses)) if reverses else None,
        )
        lines = [
            (n, a, d, c, uuid.UUID(bytes=bytes(p)).hex if p else None)
            for n, a, d, c, p in raw.execute(
                "SELECT line_no, account_code, debit, credit, party_id FROM journal_lines WHERE entry_id = ? "
                "ORDER BY line_no",
                (entry_id,),
            )
        ]
        digest = entry_hash(prev, header, lines)
        # Through a placeholder first: hashes are unique, and two entries may swap theirs on the way.
        raw.execute("UPDATE journal_entries SET hash = ? WHERE id = ?", (f"tmp-{seq}", entry_id))
        raw.execute("UPDATE journal_entries SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, entry_id))
        prev = digest


def refresh_totals(raw: sqlite3.Connection) -> None:
    """Make the kept day totals and stock levels agree with the (altered) lines and movements."""
    raw.execute("DELETE FROM account_day_totals")
    raw.execute(
        "INSERT INTO account_day_totals (account_code, business_date, debit, credit) "
        "SELECT l.account_code, e.business_date, SUM(l.debit), SUM(l.credit) FROM journal_lines l "
        "JOIN journal_entries e ON e.id = l.entry_id GROUP BY 1, 2"
    )
    raw.execute(
        "UPDATE stock_levels SET qty_milli = (SELECT COALESCE(SUM(m.qty_milli), 0) FROM stock_movements m "
        "WHERE m.product_id = stock_levels.product_id)"
    )


def _sale(raw: sqlite3.Connection, receipt: str | None) -> tuple[bytes, bytes, str]:
    """(sale id, entry id, receipt) of `receipt`, or of the first cash sale of March when None."""
    query = (
        "SELECT s.id, s.entry_id, s.receipt_no FROM sales s JOIN sale_payments p ON p.sale_id = s.id "
        "WHERE p.method = 'cash' AND (? IS NULL AND s.business_date >= '2026-03-01' OR s.receipt_no = ?) "
        "ORDER BY s.created_at LIMIT 1"
    )
    sale_id, entry_id, number = raw.execute(query, (receipt, receipt)).fetchone()
    return bytes(sale_id), bytes(entry_id), str(number)


def _raise_revenue(raw: sqlite3.Connection, entry: bytes) -> None:
    """Rp 1.000.000 more cash and revenue in one entry's lines (still balanced)."""
    for column, account in (("debit", "1-100"), ("credit", "4-100")):
        raw.execute(
            f"UPDATE journal_lines SET {column} = {column} + 1000000 WHERE entry_id = ? AND account_code = ?",
            (entry, account),
        )


def edit_a_line(path: Path) -> None:
    """Triggers dropped, a sale's revenue and cash raised by Rp 1.000.000 in its journal lines; nothing else."""
    with without_triggers(path) as raw:
        _sale_id, entry, _no = _sale(raw, None)
        _raise_revenue(raw, entry)


def rehash_the_chain(path: Path) -> None:
    """A sale's revenue raised in the journal, the day totals fixed, and the chain re-hashed with the app's code."""
    with without_triggers(path) as raw:
        _sale_id, entry, _no = _sale(raw, None)
        _raise_revenue(raw, entry)
        raw.execute("UPDATE sales SET total = total + 1000000 WHERE entry_id = ?", (entry,))
        raw.execute(
            "UPDATE sale_payments SET amount = amount + 1000000, tendered = tendered + 1000000 WHERE sale_id = "
            "(SELECT id FROM sales WHERE entry_id = ?)",
            (entry,),
        )
        refresh_totals(raw)
        rehash(raw, _device(raw))


def delete_and_renumber(path: Path) -> None:
    """A sale deleted with everything it wrote, later entries renumbered to close the gap, the chain re-hashed."""
    with without_triggers(path) as raw:
        sale_id, entry, _no = _sale(raw, None)
        seq = raw.execute("SELECT device_seq FROM journal_entries WHERE id = ?", (entry,)).fetchone()[0]
        device = _device(raw)
        for table, column in (
            ("sale_lines", "sale_id"),
            ("sale_payments", "sale_id"),
            ("stock_movements", "source_id"),
            ("sales", "id"),
        ):
            raw.execute(f"DELETE FROM {table} WHERE {column} = ?", (sale_id,))
        raw.execute("DELETE FROM journal_lines WHERE entry_id = ?", (entry,))
        raw.execute("DELETE FROM journal_entries WHERE id = ?", (entry,))
        # Through negative numbers: (device, sequence) is unique at every step of the UPDATE.
        renumber = "UPDATE journal_entries SET device_seq = {to} WHERE device_id = ? AND {which}"
        raw.execute(renumber.format(to="-device_seq", which="device_seq > ?"), (device, seq))
        raw.execute(renumber.format(to="-device_seq - 1", which="device_seq < 0"), (device,))
        refresh_totals(raw)
        rehash(raw, device)


def move_a_date(path: Path) -> None:
    """A sale and its journal entry moved to another month, the day totals fixed, the chain re-hashed."""
    with without_triggers(path) as raw:
        sale_id, entry, _no = _sale(raw, None)
        raw.execute("UPDATE sales SET business_date = '2026-02-27' WHERE id = ?", (sale_id,))
        raw.execute("UPDATE journal_entries SET business_date = '2026-02-27' WHERE id = ?", (entry,))
        raw.execute("UPDATE stock_movements SET business_date = '2026-02-27' WHERE source_id = ?", (sale_id,))
        refresh_totals(raw)
        rehash(raw, _device(raw))


def change_a_total(path: Path) -> None:
    """`UPDATE sales SET total = total + 1000000` and its payment row, as the audit did; the journal untouched."""
    with without_triggers(path) as raw:
        sale_id, _entry, _no = _sale(raw, None)
        raw.execute("UPDATE sales SET total = total + 1000000 WHERE id = ?", (sale_id,))
        raw.execute(
            "UPDATE sale_payments SET amount = amount + 1000000, tendered = tendered + 1000000 WHERE sale_id = ?",
            (sale_id,),
        )


def edit_kept_totals(path: Path) -> None:
    """The day totals the statements read, and a product's kept stock, changed directly: no trigger stands in the
    way of these, so the schema is left as it was."""
    raw = sqlite3.connect(path)
    for column, account in (("credit", "4-100"), ("debit", "1-100")):
        raw.execute(
            f"UPDATE account_day_totals SET {column} = {column} + 1000000 WHERE account_code = :a AND "
            "business_date = (SELECT MIN(business_date) FROM account_day_totals WHERE account_code = :a "
            "AND business_date >= '2026-03')",
            {"a": account},
        )
    raw.commit()
    raw.close()


def edit_kept_stock(path: Path) -> None:
    """A product's kept stock level raised directly (as a stock note would then show it)."""
    raw = sqlite3.connect(path)
    raw.execute(
        "UPDATE stock_levels SET qty_milli = qty_milli + 50000 WHERE rowid = (SELECT MIN(rowid) FROM stock_levels)"
    )
    raw.commit()
    raw.close()


TAMPERS: dict[str, Tamper] = {
    "a journal line edited, triggers dropped": edit_a_line,
    "the chain re-hashed with the app's code": rehash_the_chain,
    "a sale deleted and the rest renumbered": delete_and_renumber,
    "a date moved and re-hashed": move_a_date,
    "a sale total changed with its payment": change_a_total,
    "the statements' day totals edited": edit_kept_totals,
    "a kept stock level edited": edit_kept_stock,
}

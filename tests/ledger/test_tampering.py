"""`laci check` against the audit's tamper set: each change to the books made behind the app's back is caught.

The attacker works on the database file as the audit did (see `tampering`): triggers dropped and put back, hashes
recomputed with the app's own code, totals and stock fixed up. A chain re-hashed as a whole is internally sound;
what exposes it is a copy held outside the file: the checkpoint signed with the shop's key (kept beside the file,
not in it) here, the sync service's witness in `tests/cloud/test_witness.py`. Every check runs twice: the quick
one `laci check` runs by default, from the checkpoint on, and the full one (`--full`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.tampering import TAMPERS
from ledger.test_reports_shop import books_copy, open_books
from sqlalchemy import text

from pos.ledger.base.db import Database
from pos.ledger.books import checkpoints
from pos.ledger.books.check import NO_CHECKPOINT, OTHER_KEY, SCHEMA_CHANGED, check_books, seal_after
from pos.ledger.books.signing import key_path

TODAY = dt.date(2026, 7, 1)
NOW = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)


def seal(db: Database) -> None:
    """What `laci check` does on a day the books are in order: check, then sign a checkpoint."""
    with db.read() as s:
        report = check_books(s, full=False)
        sealed = seal_after(s, report, TODAY)
    assert report.ok and sealed is not None, [str(p) for p in report.problems]
    with db.write() as s:
        checkpoints.make(s, sealed, NOW)


@pytest.fixture
def sealed_books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = books_copy(template_db, tmp_path_factory)
    seal(db)
    yield db
    db.dispose()


def reopened(db: Database) -> Database:
    db.dispose()
    return open_books(db.path)


@pytest.mark.parametrize("name", list(TAMPERS))
def test_each_tampering_is_caught_by_the_quick_and_the_full_check(name: str, sealed_books: Database) -> None:
    with sealed_books.read() as s:
        assert check_books(s, full=False).ok and not check_books(s, full=False).full  # quick, and in order
    path = sealed_books.path
    sealed_books.dispose()
    TAMPERS[name](path)
    db = open_books(path)
    try:
        with db.read() as s:
            quick, full = check_books(s, full=False), check_books(s, full=True)
        assert not quick.ok, f"{name}: the quick check missed it"
        assert not full.ok, f"{name}: the full check missed it"
    finally:
        db.dispose()


def test_the_quick_check_reads_what_came_after_the_checkpoint(sealed_books: Database) -> None:
    with sealed_books.read() as s:
        report = check_books(s, full=False)
    assert report.ok and not report.full and report.since == NOW
    # A sale slipped in after the checkpoint with a plain INSERT (no trigger stops an insert, and the schema stays
    # as it was): a phantom copy of a real sale, so `laci report sales` would count it twice.
    path = sealed_books.path
    sealed_books.dispose()
    raw = sqlite3.connect(path)
    columns = [c for (_i, c, *_rest) in raw.execute("PRAGMA table_info(sales)") if c not in ("id", "receipt_no")]
    listed = ", ".join(columns)
    raw.execute(
        f"INSERT INTO sales (id, receipt_no, {listed}) SELECT randomblob(16), receipt_no || 'X', {listed} FROM sales "
        "ORDER BY rowid DESC LIMIT 1"
    )
    raw.commit()
    raw.close()
    db = open_books(path)
    try:
        with db.read() as s:
            quick = check_books(s, full=False)
        found = [p.msgid for p in quick.problems]
        assert not quick.full and found == ["Sale {receipt} has no journal entry of its own."]
    finally:
        db.dispose()


def test_without_a_checkpoint_the_quick_check_reads_everything(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db = books_copy(template_db, tmp_path_factory)
    try:
        with db.read() as s:
            report = check_books(s, full=False)
        assert report.ok and report.full and report.note == NO_CHECKPOINT
    finally:
        db.dispose()


def test_a_checkpoint_signed_by_a_key_this_computer_lacks_is_not_trusted(sealed_books: Database) -> None:
    with sealed_books.read() as s:
        path = key_path(s)
    assert path is not None
    shutil.move(path, path.with_suffix(".gone"))
    with sealed_books.read() as s:
        report = check_books(s, full=False)
    assert report.ok and report.full and report.note == OTHER_KEY


def test_an_altered_checkpoint_is_reported(sealed_books: Database) -> None:
    path = sealed_books.path
    sealed_books.dispose()
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER trg_checkpoints_no_update")
    raw.execute("UPDATE checkpoints SET body = replace(body, '\"v\":1', '\"v\":1 ')")
    raw.commit()
    raw.close()
    db = open_books(path)
    try:
        with db.read() as s:
            quick = check_books(s, full=False)
        assert not quick.ok and quick.full
        assert "The last checkpoint of the books was altered after it was signed." in [p.msgid for p in quick.problems]
    finally:
        db.dispose()


def test_a_new_index_makes_the_next_check_a_full_one(sealed_books: Database) -> None:
    with sealed_books.write() as s:
        s.execute(text("CREATE INDEX ix_test_only ON sales (total)"))
    with sealed_books.read() as s:
        report = check_books(s, full=False)
    assert report.ok and report.full and report.note == SCHEMA_CHANGED


def test_a_checkpoint_is_made_once_a_closed_day(sealed_books: Database) -> None:
    with sealed_books.read() as s:
        assert seal_after(s, check_books(s, full=False), TODAY) is None  # made already for the days up to yesterday
        assert seal_after(s, check_books(s, full=False), TODAY + dt.timedelta(days=1)) is not None

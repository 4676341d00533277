"""Verification codes: recomputed from the books, they stop matching when the period's entries change.

An entry dated in (or before) the period that is added or altered breaks the code; trading on after it does not.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.test_reports_shop import at, books_copy

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books import accounts, cash_entries
from pos.ledger.books.verification import fingerprint, heads_as_of, make_code, parse_code, verify_code

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


@pytest.fixture
def books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = books_copy(template_db, tmp_path_factory)
    yield db
    db.dispose()


def test_the_code_carries_its_period_and_a_fingerprint_of_the_chain_heads(books: Database) -> None:
    with books.read() as s:
        code = make_code(s, H1)
        heads = heads_as_of(s, H1.end)
        again = make_code(s, H1)
    assert code == again
    assert code.startswith("LACI-20260101-20260630-")
    assert len(code.rsplit("-", 1)[1]) == 16
    assert parse_code(code.lower()) == (H1, code.rsplit("-", 1)[1])
    assert len(heads) == 1 and heads[0][1] > 1


def test_verify_accepts_the_printed_code(books: Database) -> None:
    with books.read() as s:
        code = make_code(s, H1)
        result = verify_code(s, f"  {code.lower()} ")
    assert result.ok and result.matches and result.chain_intact
    assert result.period == H1 and result.code == code


def test_an_entry_dated_after_the_period_leaves_the_code_valid(books: Database) -> None:
    with books.read() as s:
        code = make_code(s, H1)
    with books.write() as s:
        cash_entries.record_expense(s, "transport", Money(30_000), at=at(dt.date(2026, 7, 3)))
    with books.read() as s:
        assert verify_code(s, code).ok


def test_a_new_entry_dated_inside_the_period_breaks_the_code(books: Database) -> None:
    with books.read() as s:
        code = make_code(s, H1)
        other = make_code(s, Period(dt.date(2025, 12, 1), dt.date(2025, 12, 31)))
    with books.write() as s:
        # Posted today but dated back into May: the statements printed earlier no longer tell the whole story.
        cash_entries.record_expense(s, "transport", Money(30_000), paid_from=accounts.KAS, at=at(dt.date(2026, 5, 20)))
    with books.read() as s:
        result = verify_code(s, code)
        december = verify_code(s, other)
    assert not result.ok and not result.matches and result.chain_intact
    assert result.period == H1
    assert december.ok  # December's books did not change


def test_an_entry_altered_behind_the_apps_back_fails_verification(books: Database) -> None:
    with books.read() as s:
        code = make_code(s, H1)
    path = books.path
    books.dispose()
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER trg_journal_entries_no_update")
    raw.execute("UPDATE journal_entries SET memo = 'diubah' WHERE device_seq = 5")
    raw.commit()
    raw.close()
    with books.read() as s:
        result = verify_code(s, code)
        assert fingerprint(s, H1) == code.rsplit("-", 1)[1]  # the stored hashes were left as they were...
    assert not result.chain_intact and not result.ok  # ...but the chain no longer adds up


@pytest.mark.parametrize(
    "bad", ["", "LACI-2026-2026-ABC", "LACI-20260101-20260630-XYZ", "LACI-20261301-20261231-ABCD1234EF567890"]
)
def test_a_mistyped_code_is_refused_with_a_readable_error(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_code(bad)

"""The journal: balanced or nothing, immutable in the database, corrected by reversal, hash-chained."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import exc, func, select, text
from tests_support import copy_template

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.books import accounts, cash_entries
from pos.ledger.books.balances import account_balance, trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.books.journal import Posting, credit, debit, post_entry, reverse_entry, verify_chain
from pos.ledger.schema import JournalEntry, JournalLine, OutboxEvent

AT = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 22)
ALL_ACCOUNTS = [
    accounts.KAS,
    accounts.BANK,
    accounts.QRIS,
    accounts.PIUTANG,
    accounts.PERSEDIAAN,
    accounts.UTANG_USAHA,
    accounts.MODAL,
    accounts.PRIVE,
    accounts.PENDAPATAN,
    accounts.HPP,
    accounts.BEBAN_SEWA,
    accounts.PEMBULATAN,
]


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(JournalEntry)) or 0,
            s.scalar(select(func.count()).select_from(JournalLine)) or 0,
            s.scalar(select(func.count()).select_from(OutboxEvent)) or 0,
        )


def test_balanced_entry_moves_balances(db: Database) -> None:
    with db.write() as s:
        post_entry(
            s,
            kind="capital",
            postings=[debit(accounts.KAS, 5_000_000), credit(accounts.MODAL, 5_000_000)],
            at=AT,
            business_date=DAY,
        )
    with db.read() as s:
        assert account_balance(s, accounts.KAS) == 5_000_000
        assert account_balance(s, accounts.MODAL) == 5_000_000
        assert trial_balance(s).difference == 0


@pytest.mark.parametrize(
    "postings",
    [
        [debit(accounts.KAS, 100), credit(accounts.MODAL, 99)],
        [debit(accounts.KAS, 100)],
        [Posting(accounts.KAS, debit=100, credit=100), credit(accounts.MODAL, 0)],
        [debit(accounts.KAS, -5), credit(accounts.MODAL, -5)],
        [debit("9-999", 100), credit(accounts.MODAL, 100)],
    ],
)
def test_bad_entries_are_refused_and_nothing_is_written(db: Database, postings: list[Posting]) -> None:
    before = counts(db)
    with pytest.raises(InvalidInput), db.write() as s:
        post_entry(s, kind="bad", postings=postings, at=AT, business_date=DAY)
    assert counts(db) == before


def test_unbalanced_message_is_indonesian_with_rupiah(db: Database) -> None:
    with pytest.raises(InvalidInput) as err, db.write() as s:
        post_entry(
            s,
            kind="bad",
            postings=[debit(accounts.KAS, 1_000), credit(accounts.MODAL, 900)],
            at=AT,
            business_date=DAY,
        )
    assert "Rp 1.000" in str(err.value) and "Rp 900" in str(err.value)


def test_database_refuses_changes_to_posted_entries(db: Database) -> None:
    with db.write() as s:
        cash_entries.record_capital(s, Money(1_000_000), at=AT)
    for statement in (
        "UPDATE journal_lines SET debit = 1",
        "DELETE FROM journal_lines",
        "UPDATE journal_entries SET memo = 'x'",
        "DELETE FROM journal_entries",
        "DELETE FROM outbox",
    ):
        with pytest.raises(exc.IntegrityError, match="immutable"), db.write() as s:
            s.execute(text(statement))
    # Raw sqlite3, outside the app entirely, is refused too.
    raw = sqlite3.connect(db.path)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        raw.execute("UPDATE journal_lines SET credit = credit + 1")
    raw.close()


def test_reversal_mirrors_the_entry_once(db: Database) -> None:
    with db.write() as s:
        entry = cash_entries.record_expense(s, "sewa", Money(750_000), at=AT)
    with db.write() as s:
        reversal = reverse_entry(s, entry.id, at=AT, business_date=DAY, memo="salah input")
    with db.read() as s:
        assert account_balance(s, accounts.BEBAN_SEWA) == 0
        assert account_balance(s, accounts.KAS) == 0
        assert s.get(JournalEntry, reversal.id).reverses_id == entry.id  # type: ignore[union-attr]
    with pytest.raises(InvalidInput), db.write() as s:
        reverse_entry(s, entry.id, at=AT, business_date=DAY)


def test_cashbook_events_post_and_queue_for_sync(db: Database) -> None:
    with db.write() as s:
        cash_entries.record_capital(s, Money(10_000_000), at=AT)
        cash_entries.transfer(s, Money(4_000_000), source=accounts.KAS, target=accounts.BANK, at=AT)
        cash_entries.record_expense(s, "listrik_air", Money(350_000), paid_from=accounts.BANK, at=AT)
        cash_entries.record_drawing(s, Money(1_000_000), at=AT)
    with db.read() as s:
        tb = trial_balance(s)
        assert tb.balance(accounts.KAS) == 5_000_000
        assert tb.balance(accounts.BANK) == 3_650_000
        assert tb.balance(accounts.BEBAN_LISTRIK_AIR) == 350_000
        assert tb.balance(accounts.PRIVE) == 1_000_000
        kinds = s.scalars(select(OutboxEvent.kind).where(OutboxEvent.kind != "change").order_by(OutboxEvent.seq)).all()
        assert kinds == ["journal.posted"] * 4
        assert check_books(s).ok


@pytest.mark.parametrize(
    "call",
    [
        lambda s: cash_entries.record_capital(s, Money(0)),
        lambda s: cash_entries.record_expense(s, "judi", Money(1_000)),
        lambda s: cash_entries.transfer(s, Money(1_000), source=accounts.KAS, target=accounts.KAS),
        lambda s: cash_entries.record_drawing(s, Money(1_000), out_of=accounts.PENDAPATAN),
    ],
)
def test_cashbook_refuses_bad_input(db: Database, call: object) -> None:
    before = counts(db)
    with pytest.raises(InvalidInput), db.write() as s:
        call(s)  # type: ignore[operator]
    assert counts(db) == before


def test_balances_as_of_a_date(db: Database) -> None:
    with db.write() as s:
        cash_entries.record_capital(s, Money(1_000), at=AT)
        cash_entries.record_capital(s, Money(2_000), at=AT + dt.timedelta(days=3))
    with db.read() as s:
        assert account_balance(s, accounts.KAS, DAY) == 1_000
        assert account_balance(s, accounts.KAS, DAY - dt.timedelta(days=1)) == 0
        assert account_balance(s, accounts.KAS) == 3_000


amounts = st.integers(1, 50_000_000)
entries = st.lists(
    st.lists(
        st.tuples(st.sampled_from(ALL_ACCOUNTS), st.sampled_from(ALL_ACCOUNTS), amounts),
        min_size=1,
        max_size=4,
    ),
    min_size=1,
    max_size=12,
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries)
def test_any_valid_postings_keep_the_trial_balance_at_zero(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, batch: list[list[tuple[str, str, int]]]
) -> None:
    db = copy_template(template_db, tmp_path_factory)
    try:
        with db.write() as s:
            for n, moves in enumerate(batch):
                postings = [p for dr, cr, amount in moves for p in (debit(dr, amount), credit(cr, amount))]
                post_entry(
                    s,
                    kind="test",
                    postings=postings,
                    at=AT + dt.timedelta(hours=n),
                    business_date=DAY + dt.timedelta(days=n % 3),
                )
        with db.read() as s:
            assert trial_balance(s).difference == 0
            assert check_books(s).ok
    finally:
        db.dispose()


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 1_000_000), st.integers(-1_000, 1_000).filter(bool))
def test_unbalanced_entry_leaves_the_database_unchanged(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, amount: int, skew: int
) -> None:
    db = copy_template(template_db, tmp_path_factory)
    try:
        before = counts(db)
        with pytest.raises(InvalidInput), db.write() as s:
            cash_entries.record_capital(s, Money(5_000), at=AT)  # a valid event earlier in the same transaction
            post_entry(
                s,
                kind="bad",
                postings=[debit(accounts.KAS, amount), credit(accounts.MODAL, amount + skew)]
                if amount + skew > 0
                else [debit(accounts.KAS, amount)],
                at=AT,
                business_date=DAY,
            )
        assert counts(db) == before
    finally:
        db.dispose()


TAMPERS = [
    # Journal lines are kept by their key (entry, line) without a rowid (revision 0018).
    "UPDATE journal_lines SET debit = debit + 1 WHERE debit > 0 AND (entry_id, line_no) = "
    "(SELECT entry_id, line_no FROM journal_lines WHERE debit > 0 LIMIT 1 OFFSET :k)",
    "UPDATE journal_lines SET account_code = '1-110' WHERE (entry_id, line_no) = "
    "(SELECT entry_id, line_no FROM journal_lines LIMIT 1 OFFSET :k)",
    "UPDATE journal_entries SET memo = memo || '!' WHERE rowid = (SELECT rowid FROM journal_entries LIMIT 1 OFFSET :k)",
    "UPDATE journal_entries SET business_date = '2020-01-01' WHERE rowid = "
    "(SELECT rowid FROM journal_entries LIMIT 1 OFFSET :k)",
    "DELETE FROM journal_lines WHERE (entry_id, line_no) = "
    "(SELECT entry_id, line_no FROM journal_lines LIMIT 1 OFFSET :k)",
    "DELETE FROM journal_entries WHERE rowid = (SELECT rowid FROM journal_entries LIMIT 1 OFFSET :k)",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Offsets stop short of the newest entry: removing a chain's tail leaves a shorter chain that is still valid,
# which only a copy held elsewhere (the cloud, a printed verification code) can expose.
@pytest.mark.slow
@given(st.sampled_from(TAMPERS), st.integers(0, 4), st.lists(amounts, min_size=6, max_size=8))
def test_any_change_behind_the_apps_back_breaks_the_chain(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, tamper: str, k: int, values: list[int]
) -> None:
    db = copy_template(template_db, tmp_path_factory)
    try:
        with db.write() as s:
            for n, v in enumerate(values):
                cash_entries.record_capital(s, Money(v), at=AT + dt.timedelta(minutes=n))
        raw = sqlite3.connect(db.path)
        raw.execute("PRAGMA foreign_keys = OFF")
        for trigger in (
            "journal_lines_no_update",
            "journal_lines_no_delete",
            "journal_entries_no_update",
            "journal_entries_no_delete",
        ):
            raw.execute(f"DROP TRIGGER trg_{trigger}")
        raw.execute(tamper.replace(":k", str(k)))
        raw.commit()
        raw.close()
        with db.read() as s:
            assert verify_chain(s), "tampering went unnoticed by the hash chain"
            assert not check_books(s).ok
    finally:
        db.dispose()

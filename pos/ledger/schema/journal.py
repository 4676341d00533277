"""Journal entries and their lines: the double-entry books, immutable and hash-chained per device."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Rupiah

BOOKS_KINDS_SQL = "kind IN ('opening', 'opening_reversal', 'depreciation')"


class JournalEntry(Base):
    __tablename__ = "journal_entries"
    __table_args__ = (
        UniqueConstraint("device_id", "device_seq"),
        Index("ix_journal_entries_business_date", "business_date"),
        # Only the PPh bookings are looked up by their source; a sale's entry is found from the sale (0017).
        Index("ix_journal_entries_source_id", "source_id", sqlite_where=text("kind <> 'sale'")),
        # An entry can be reversed once; the database refuses a second reversal even from a racing writer.
        Index("uq_journal_entries_reverses_id", "reverses_id", unique=True),
        # The few entries statements and screens look up by kind (the opening balances, their corrections, each
        # month's depreciation), found without reading every sale's entry; the condition is repeated in queries.
        Index("ix_journal_entries_books_kinds", "kind", "business_date", sqlite_where=text(BOOKS_KINDS_SQL)),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # The counter that wrote the entry; each device keeps its own gap-free sequence and hash chain.
    device_id: Mapped[uuid.UUID]
    device_seq: Mapped[int] = mapped_column(Integer)
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(32))
    memo: Mapped[str] = mapped_column(String(200), default="")
    # The business event behind the entry (a sale, an expense), so either can be found from the other.
    source_id: Mapped[uuid.UUID | None]
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journal_entries.id"))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class JournalLine(Base):
    __tablename__ = "journal_lines"
    __table_args__ = (
        CheckConstraint("debit >= 0 AND credit >= 0 AND (debit = 0) <> (credit = 0)", name="one_side"),
        Index("ix_journal_lines_account_code", "account_code"),
        Index("ix_journal_lines_party_id", "party_id", sqlite_where=text("party_id IS NOT NULL")),
        {"sqlite_with_rowid": False},
    )

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_code: Mapped[str] = mapped_column(ForeignKey("accounts.code"))
    debit: Mapped[int] = mapped_column(Rupiah, default=0)
    credit: Mapped[int] = mapped_column(Rupiah, default=0)
    # The customer or supplier a receivable or payable line belongs to: the sub-ledger is the ledger itself.
    party_id: Mapped[uuid.UUID | None]


class AccountDayTotal(Base):
    """Debits and credits per account and day, kept by a trigger on every journal line.

    Statements over years read a few thousand of these rows instead of millions of lines; `laci check`
    confirms they still equal the lines.
    """

    __tablename__ = "account_day_totals"

    account_code: Mapped[str] = mapped_column(ForeignKey("accounts.code"), primary_key=True)
    business_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    debit: Mapped[int] = mapped_column(Rupiah, default=0)
    credit: Mapped[int] = mapped_column(Rupiah, default=0)

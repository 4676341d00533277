"""Who works the counter and the drawer they answer for: users, shifts, cash in and out, held carts."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Rupiah


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('owner','cashier')", name="role"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    # argon2id hash of the PIN keyed with the shop's PIN key (`pins`); the PIN itself is never stored.
    pin_hash: Mapped[str] = mapped_column(String(200))
    # No longer read since migration 0014: wrong PINs are counted in the audit log, which every counter shares.
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None]
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class Shift(Base):
    """A cashier's turn at one counter's drawer, from the opening float to the count at close."""

    __tablename__ = "shifts"
    __table_args__ = (
        CheckConstraint("opening_float >= 0", name="float_not_negative"),
        Index("ix_shifts_device_id_opened_at", "device_id", "opened_at"),
        Index("ix_shifts_business_date", "business_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID]
    opened_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[dt.datetime]
    business_date: Mapped[dt.date] = mapped_column(Date)
    opening_float: Mapped[int] = mapped_column(Rupiah)


class ShiftClose(Base):
    """The close of a shift: what was counted, what was expected, and the Z report's figures, kept for good."""

    __tablename__ = "shift_closes"

    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shifts.id"), primary_key=True)
    closed_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime]
    counted_cash: Mapped[int] = mapped_column(Rupiah)
    expected_cash: Mapped[int] = mapped_column(Rupiah)
    difference: Mapped[int] = mapped_column(Rupiah)  # counted less expected: negative when short
    denominations: Mapped[str] = mapped_column(Text)  # JSON {"100000": 3, ...}
    z_report: Mapped[str] = mapped_column(Text)  # JSON of the figures at close
    entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journal_entries.id"))


class CashMovement(Base):
    """Cash put into or taken out of the drawer other than by a sale: change brought in, a purchase paid."""

    __tablename__ = "cash_movements"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("direction IN ('in','out')", name="direction"),
        Index("ix_cash_movements_shift_id", "shift_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shift_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shifts.id"))
    direction: Mapped[str] = mapped_column(String(3))
    amount: Mapped[int] = mapped_column(Rupiah)
    purpose: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[uuid.UUID | None]
    created_at: Mapped[dt.datetime]
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))


class HeldCart(Base):
    """A cart parked for later on this counter; not a fact of the books, so it may be deleted on recall."""

    __tablename__ = "held_carts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID]
    note: Mapped[str] = mapped_column(String(120), default="")
    cart: Mapped[str] = mapped_column(Text)
    held_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    held_at: Mapped[dt.datetime]


class AuditRecord(Base):
    """Who did what, when, why, and which owner allowed it: append-only and hash-chained like the journal."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("uq_audit_log_device_id_seq", "device_id", "seq", unique=True),
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_user_id_action_at", "user_id", "action", "at"),  # PIN tries, counted at every login
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID]
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)  # JSON
    reason: Mapped[str] = mapped_column(String(200), default="")
    approved_by: Mapped[uuid.UUID | None]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

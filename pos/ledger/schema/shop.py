"""This counter's identity, the shop's settings, and named sequences."""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Boolean, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class Device(Base):
    """A counter (or the owner's machine). Exactly one row is the local device of this database."""

    __tablename__ = "devices"
    __table_args__ = (Index("uq_devices_local", "is_local", unique=True, sqlite_where=text("is_local = 1")),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # The letter on receipt numbers: A-20261122-0042.
    code: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the sync service says the device is: "owner" (may change users, prices, settings) or "counter";
    # None until it has said. Never synced between counters: each asks the service (`authority`).
    role: Mapped[str | None] = mapped_column(String(8))


class Setting(Base):
    """One shop setting as JSON; kept per key so sync can merge settings field by field."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    # Hybrid logical clock of the last write, for last-writer-wins merges across counters.
    hlc: Mapped[str] = mapped_column(String(40), default="")


class Sequence(Base):
    """A named gap-free counter (receipt numbers per day, outbox sequence), advanced inside transactions."""

    __tablename__ = "sequences"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)

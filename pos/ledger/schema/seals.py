"""What seals the books on this counter: signed checkpoints of the hash chains, and the loan packs' signed codes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class Checkpoint(Base):
    """The books as a full check found them, signed with the shop's key: `laci check` re-hashes only what came after.

    `body` is the canonical JSON that was signed: each chain's last sealed entry and hash, the audit log's, the
    month sums of the day totals up to `through`, and the schema's cookie. Never updated; a newer row supersedes.
    """

    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    made_at: Mapped[dt.datetime]
    through: Mapped[dt.date] = mapped_column(Date)  # the last closed day the checkpoint covers
    body: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(100))
    key_id: Mapped[str] = mapped_column(String(16))


class PackStatement(Base):
    """A loan pack's signed statement as it was printed: the token behind its code and the figures it binds."""

    __tablename__ = "pack_statements"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    made_at: Mapped[dt.datetime]
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    lang: Mapped[str] = mapped_column(String(5))
    token: Mapped[str] = mapped_column(Text)
    figures: Mapped[str] = mapped_column(Text)  # the canonical JSON of the printed lines the token's digest covers

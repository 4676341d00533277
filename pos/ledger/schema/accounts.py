"""The chart of accounts (SAK EMKM), one row per account."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("kind IN ('asset','liability','equity','revenue','expense')", name="kind"),
        CheckConstraint("normal IN ('D','C')", name="normal"),
    )

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))
    # Which side increases the account: debit for assets and expenses, credit for the rest.
    normal: Mapped[str] = mapped_column(String(1))
    # Where the account sits in statements (laba rugi groups revenue, HPP, operating and other items).
    section: Mapped[str] = mapped_column(String(20))

"""The chart of accounts (SAK EMKM), one row per account."""

from __future__ import annotations

from typing import Final

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base

# The codes of the chart the migrations seed (0001, 0006, 0007, 0013, 0015, 0019): the only accounts a journal
# line may name. Here with the table so that whoever checks an event (a counter, the sync service) knows them;
# `tests/ledger/test_event_rules.py` holds this set to the seeded table and to `books.accounts`.
CHART_CODES: Final = frozenset(
    {
        *("1-100", "1-110", "1-120", "1-130", "1-200", "1-210", "1-300", "1-500", "1-510", "1-900"),
        *("2-100", "2-110", "2-200", "2-210", "2-300", "2-400", "3-100", "3-200", "3-300", "3-900"),
        *("4-100", "4-200", "4-300", "4-400", "4-900", "5-100"),
        *("6-100", "6-200", "6-300", "6-400", "6-500", "6-600", "6-800", "6-900", "7-100", "7-200", "7-300", "8-100"),
    }
)


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

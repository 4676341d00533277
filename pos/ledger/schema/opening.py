"""What the opening balances and the general journal add to the books: a description of each opening line (the
drawer, the bank, the customer and the day their debt began, the supplier and its due date) and the equipment
register that depreciation reads. Both are facts, never changed once written."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Rupiah


class OpeningItem(Base):
    """One line of an opening entry (or of its reversal), described the way the owner typed or imported it."""

    __tablename__ = "opening_items"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('cash','bank','ewallet','stock','receivable','payable','equipment','other_asset','loan',"
            "'capital')",
            name="kind",
        ),
        Index("ix_opening_items_party_id", "party_id"),
    )

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)  # the journal line it describes
    kind: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(120), default="")  # "Laci 1", "BCA", "Kulkas", the lender
    party_id: Mapped[uuid.UUID | None]
    # When a customer's kasbon began, so its age counts from then and not from the day the books started.
    since: Mapped[dt.date | None] = mapped_column(Date)
    due: Mapped[dt.date | None] = mapped_column(Date)  # when the shop must pay a supplier


class FixedAsset(Base):
    """A piece of equipment the shop depreciates straight-line over its life, from the month it was acquired."""

    __tablename__ = "fixed_assets"
    __table_args__ = (
        CheckConstraint("cost > 0", name="cost_positive"),
        CheckConstraint("life_months > 0", name="life_positive"),
        CheckConstraint("residual >= 0 AND residual < cost", name="residual_below_cost"),
        Index("ix_fixed_assets_entry_id", "entry_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    cost: Mapped[int] = mapped_column(Rupiah)  # what the books carry for it when acquired (or at the switch)
    residual: Mapped[int] = mapped_column(Rupiah, default=0)
    acquired_on: Mapped[dt.date] = mapped_column(Date)
    life_months: Mapped[int] = mapped_column(Integer)
    # The entry that brought it into the books; an asset whose entry was reversed is no longer depreciated.
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))

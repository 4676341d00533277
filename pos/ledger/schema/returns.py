"""Returns and voids of completed sales: new facts that point at the sale, never edits of it."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah


class SaleReturn(Base):
    __tablename__ = "sale_returns"
    __table_args__ = (
        # 'platform': paid back by the delivery platform or marketplace the sale was made on (revision 0009).
        CheckConstraint("refund_method IN ('cash','kasbon','platform')", name="refund_method"),
        CheckConstraint("commission >= 0", name="commission_not_negative"),
        Index("ix_sale_returns_sale_id", "sale_id"),
        Index("ix_sale_returns_shift_id", "shift_id"),
        Index("ix_sale_returns_business_date", "business_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    return_no: Mapped[str] = mapped_column(String(24), unique=True)
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"))
    shift_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shifts.id"))
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    refund_method: Mapped[str] = mapped_column(String(10))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    amount: Mapped[int] = mapped_column(Rupiah)  # refunded to the customer
    ppn: Mapped[int] = mapped_column(Rupiah)
    revenue: Mapped[int] = mapped_column(Rupiah)
    cost: Mapped[int] = mapped_column(Rupiah)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[uuid.UUID | None]
    reason: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))
    # The platform's commission on the returned goods, given back with a refund through the platform.
    commission: Mapped[int] = mapped_column(Rupiah, default=0, server_default=text("0"))


class ReturnLine(Base):
    __tablename__ = "return_lines"
    __table_args__ = (
        CheckConstraint("qty_milli > 0", name="qty_positive"),
        Index("ix_return_lines_sale_id_sale_line_no", "sale_id", "sale_line_no"),
    )

    return_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sale_returns.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The sale line returned; a trigger refuses returning more of it than was sold.
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"))
    sale_line_no: Mapped[int] = mapped_column(Integer)
    qty_milli: Mapped[int] = mapped_column(Milli)
    net: Mapped[int] = mapped_column(Rupiah)
    ppn: Mapped[int] = mapped_column(Rupiah)
    revenue: Mapped[int] = mapped_column(Rupiah)
    cost: Mapped[int] = mapped_column(Rupiah)


class SaleVoid(Base):
    """A sale cancelled in its own shift; one per sale at most (the primary key says so)."""

    __tablename__ = "sale_voids"

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    shift_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shifts.id"))
    created_at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[uuid.UUID | None]
    reason: Mapped[str] = mapped_column(String(200))
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))

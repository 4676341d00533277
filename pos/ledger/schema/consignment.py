"""Titip jual: goods a consignor leaves (never the shop's stock value), settlements, and each sale line's split."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah


class Consignment(Base):
    """Goods received from a consignor ('receive'), or a settlement paying what sold and returning the rest."""

    __tablename__ = "consignments"
    __table_args__ = (
        CheckConstraint("kind IN ('receive','settle')", name="kind"),
        CheckConstraint("paid >= 0", name="paid_not_negative"),
        Index("ix_consignments_consignor_id", "consignor_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(7))
    consignor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("suppliers.id"))
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID | None]
    paid: Mapped[int] = mapped_column(Rupiah, default=0)
    paid_with: Mapped[str] = mapped_column(String(6), default="")  # cash or bank, on a settlement that paid
    note: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journal_entries.id"))


class ConsignmentLine(Base):
    """A product received from or returned to the consignor."""

    __tablename__ = "consignment_lines"
    __table_args__ = (CheckConstraint("qty_milli > 0", name="qty_positive"),)

    consignment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consignments.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    qty_milli: Mapped[int] = mapped_column(Milli)


class SaleLineConsignment(Base):
    """A sale line of consigned goods: what the consignor is owed for it, and the commission the shop keeps."""

    __tablename__ = "sale_line_consignments"
    __table_args__ = (Index("ix_sale_line_consignments_consignor_id", "consignor_id"),)

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    consignor_id: Mapped[uuid.UUID]
    owed: Mapped[int] = mapped_column(Rupiah)
    commission: Mapped[int] = mapped_column(Rupiah)  # the line's revenue less what is owed (negative if sold below)

"""Stock movements (the only source of stock on hand) and the per-product totals a trigger keeps."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah


class StockMovement(Base):
    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint("qty_milli <> 0", name="qty_nonzero"),
        CheckConstraint("kind IN ('sale','return','void','purchase','adjust','count')", name="kind"),
        Index("ix_stock_movements_product_id_business_date", "product_id", "business_date"),
        # The opening stock is looked up by its source; a sale's movements (most of them) by product and day.
        Index("ix_stock_movements_source_id", "source_id", sqlite_where=text("kind <> 'sale'")),
        # Only the few movements of batches (revision 0019).
        Index("ix_stock_movements_batch_id", "batch_id", sqlite_where=text("batch_id IS NOT NULL")),
        # A rowid table, unlike sale lines: the checkpoints of `laci check` read the movements made after one by
        # rowid, the order they arrived in (an id is the order they were made in, on whichever counter).
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    kind: Mapped[str] = mapped_column(String(10))
    qty_milli: Mapped[int] = mapped_column(Milli)  # positive in, negative out
    value: Mapped[int] = mapped_column(Rupiah)  # cost value moved, same sign as the quantity
    source_id: Mapped[uuid.UUID | None]
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(String(40), default="")
    batch_id: Mapped[uuid.UUID | None]  # the expiring batch it moved, for products that track expiry


class StockLevel(Base):
    """Quantity and cost value on hand per product: the running sum of its movements, kept by a trigger."""

    __tablename__ = "stock_levels"

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), primary_key=True)
    qty_milli: Mapped[int] = mapped_column(Milli, default=0)
    value: Mapped[int] = mapped_column(Rupiah, default=0)

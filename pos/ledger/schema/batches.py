"""Batches of goods that expire: each received lot with its expiry date; its stock is the sum of its movements."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class StockBatch(Base):
    __tablename__ = "stock_batches"
    __table_args__ = (Index("ix_stock_batches_product_id_expires_on", "product_id", "expires_on"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    batch_no: Mapped[str] = mapped_column(String(40), default="")  # as printed on the goods, when it is
    expires_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    source_id: Mapped[uuid.UUID | None]  # the purchase or production run that brought it in

"""Products sold in several versions: the options a product comes in and the variants its choices make."""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class ProductOption(Base):
    """One option of a product that has variants (size, colour, motif, flavour) and the values it takes."""

    __tablename__ = "product_options"
    __table_args__ = (Index("ix_product_options_product_id", "product_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # The parent product (no foreign key: master data may arrive from another counter before the row it names).
    product_id: Mapped[uuid.UUID]
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(40))
    values: Mapped[str] = mapped_column(String(800), default="[]")  # a JSON list of the values, in order
    hlc: Mapped[str] = mapped_column(String(40), default="")


class ProductVariant(Base):
    """A product that is one combination of its parent's options: its own barcode, SKU, price, cost and stock
    live on its own `products` row; this row says whose variant it is and which values it stands for."""

    __tablename__ = "product_variants"
    __table_args__ = (Index("ix_product_variants_parent_id", "parent_id"),)

    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), primary_key=True)
    parent_id: Mapped[uuid.UUID]
    values: Mapped[str] = mapped_column(String(800), default="[]")  # a JSON list, one value per option, in order
    position: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[str] = mapped_column(String(40), default="")

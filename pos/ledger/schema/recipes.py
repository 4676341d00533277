"""Recipes (what one unit of a product or an add-on is made of), production runs, and what each sale line used."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah


class RecipeLine(Base):
    """One ingredient of one unit of a product (or of one add-on), in thousandths of the ingredient's own unit:
    18 g of beans kept in grams is 18000, kept in kilograms 18."""

    __tablename__ = "recipe_lines"
    __table_args__ = (
        CheckConstraint("qty_milli > 0", name="qty_positive"),
        Index("ix_recipe_lines_owner_id", "owner_id"),
        Index("ix_recipe_lines_ingredient_id", "ingredient_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # uuid5 of owner and ingredient: one line per pair
    owner_id: Mapped[uuid.UUID]  # a product or a modifier
    ingredient_id: Mapped[uuid.UUID]
    qty_milli: Mapped[int] = mapped_column(Milli)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProductionRun(Base):
    """Materials turned into finished goods: the movements (source_id = this id) carry what went in and out."""

    __tablename__ = "production_runs"
    __table_args__ = (
        CheckConstraint("qty_milli > 0", name="qty_positive"),
        Index("ix_production_runs_product_id", "product_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    qty_milli: Mapped[int] = mapped_column(Milli)
    value: Mapped[int] = mapped_column(Rupiah)  # the materials' cost, moved into the goods
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journal_entries.id"))  # none when nothing cost


class SaleLinePart(Base):
    """An ingredient a sale line used (its recipe, or an add-on's), with what it cost: the line's HPP is their sum."""

    __tablename__ = "sale_line_parts"
    __table_args__ = (
        CheckConstraint("source IN ('recipe','addon')", name="source"),
        Index("ix_sale_line_parts_product_id", "product_id"),
    )

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    part_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    qty_milli: Mapped[int] = mapped_column(Milli)
    cost: Mapped[int] = mapped_column(Rupiah)
    source: Mapped[str] = mapped_column(String(6))

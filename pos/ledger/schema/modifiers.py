"""Add-ons and notes: option groups a product offers at the counter, and what was chosen on each sale line."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Rupiah


class ModifierGroup(Base):
    """A group of choices (sugar level, extra shot, topping): how many the customer must and may take."""

    __tablename__ = "modifier_groups"
    __table_args__ = (
        CheckConstraint("min_choices >= 0", name="min_not_negative"),
        CheckConstraint("max_choices >= 1 AND max_choices >= min_choices", name="max_at_least_min"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    min_choices: Mapped[int] = mapped_column(Integer, default=0)  # 0: optional; 1 or more: required
    max_choices: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class Modifier(Base):
    """One choice of a group: free (price 0) or priced; its recipe, if any, is in `recipe_lines`."""

    __tablename__ = "modifiers"
    __table_args__ = (
        CheckConstraint("price >= 0", name="price_not_negative"),
        Index("ix_modifiers_group_id", "group_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    group_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(60))
    price: Mapped[int] = mapped_column(Rupiah, default=0)  # added to one unit of the product it is chosen on
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class ProductModifierGroup(Base):
    """A group offered on a product; one group (sugar level) may be offered on many drinks."""

    __tablename__ = "product_modifier_groups"
    __table_args__ = (Index("ix_product_modifier_groups_product_id", "product_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # uuid5 of product and group: one link per pair
    product_id: Mapped[uuid.UUID]
    group_id: Mapped[uuid.UUID]
    position: Mapped[int] = mapped_column(Integer, default=0)


class SaleLineOption(Base):
    """An add-on chosen, or a note written, on one line of a sale: printed on the receipt and the order ticket."""

    __tablename__ = "sale_line_options"
    __table_args__ = (CheckConstraint("kind IN ('addon','note')", name="kind"),)

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(5))
    modifier_id: Mapped[uuid.UUID | None]
    name: Mapped[str] = mapped_column(String(200))  # the add-on's name as it was, or the note
    price: Mapped[int] = mapped_column(Rupiah, default=0)  # per unit of the line, inside its unit price

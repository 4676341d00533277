"""The prices a shop sets beyond one price a product: quantity tiers, customer groups and their price lists,
promotions and vouchers (master data that every counter shares), and the facts a sale leaves of them: what each
price effect saved, each voucher use and each movement of a customer's points.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah


class CustomerGroup(Base):
    """Retail, grosir/reseller, member, staff: customers priced alike, with one kasbon limit for the group."""

    __tablename__ = "customer_groups"
    __table_args__ = (CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    # Most a member may owe on kasbon when their own limit is lower.
    credit_limit: Mapped[int] = mapped_column(Rupiah, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class GroupPrice(Base):
    """One entry of a group's price list: a price (per piece) or a percent off, for a product or a category.

    The id is derived from the group and what it prices, so two counters pricing the same thing make one row."""

    __tablename__ = "group_prices"
    __table_args__ = (
        CheckConstraint("(product_id IS NULL) <> (category_id IS NULL)", name="one_target"),
        CheckConstraint("(price IS NULL) <> (percent_bp IS NULL)", name="price_or_percent"),
        CheckConstraint("price IS NULL OR price >= 0", name="price_not_negative"),
        CheckConstraint("percent_bp IS NULL OR (percent_bp > 0 AND percent_bp <= 10000)", name="percent_range"),
        Index("ix_group_prices_group_id", "group_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer_groups.id"))
    product_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("products.id"))
    category_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("categories.id"))
    price: Mapped[int | None] = mapped_column(Rupiah)
    percent_bp: Mapped[int | None] = mapped_column(Integer)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class PriceTier(Base):
    """Harga grosir: from `min_milli` packs of `pack_milli` in the cart, each pack costs `price`.

    The id is derived from product, pack and threshold, so the same tier typed on two counters is one row."""

    __tablename__ = "price_tiers"
    __table_args__ = (
        CheckConstraint("pack_milli > 0", name="pack_positive"),
        CheckConstraint("min_milli > 0", name="min_positive"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        Index("ix_price_tiers_product_id", "product_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    pack_milli: Mapped[int] = mapped_column(Milli, default=1000)
    min_milli: Mapped[int] = mapped_column(Milli)
    price: Mapped[int] = mapped_column(Rupiah)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class Promotion(Base):
    """A promotion the owner set: what it gives (`kind` and `rule`, JSON) and when and where it holds."""

    __tablename__ = "promotions"
    __table_args__ = (
        CheckConstraint("kind IN ('item_off','cart_off','buy_get','bundle')", name="kind"),
        CheckConstraint("days >= 1 AND days <= 127", name="days_range"),
        CheckConstraint("from_minute >= 0 AND from_minute <= 1440", name="from_range"),
        CheckConstraint("to_minute >= 0 AND to_minute <= 1440", name="to_range"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))
    rule: Mapped[str] = mapped_column(Text)  # the offer's terms as JSON; see pos.ledger.prices.promotions
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer, default=127)  # Monday = 1, Tuesday = 2, ... Sunday = 64
    from_minute: Mapped[int] = mapped_column(Integer, default=0)  # local time of day; from > to spans midnight
    to_minute: Mapped[int] = mapped_column(Integer, default=1440)
    channels: Mapped[str] = mapped_column(String(200), default="")  # channel codes, comma separated; '' all
    counters: Mapped[str] = mapped_column(String(100), default="")  # counter codes, comma separated; '' all
    priority: Mapped[int] = mapped_column(Integer, default=100)  # lower first, when the shop applies by priority
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class Voucher(Base):
    """A code worth an amount or a percent off a cart, usable `use_limit` times in all.

    The id is derived from the code, so one code typed on two counters is one voucher."""

    __tablename__ = "vouchers"
    __table_args__ = (
        CheckConstraint("(amount > 0) <> (percent_bp > 0)", name="amount_or_percent"),
        CheckConstraint("percent_bp >= 0 AND percent_bp <= 10000", name="percent_range"),
        CheckConstraint("max_off >= 0 AND min_spend >= 0", name="limits_not_negative"),
        CheckConstraint("use_limit >= 1", name="use_limit_positive"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    amount: Mapped[int] = mapped_column(Rupiah, default=0)
    percent_bp: Mapped[int] = mapped_column(Integer, default=0)
    max_off: Mapped[int] = mapped_column(Rupiah, default=0)  # most a percent voucher takes off; 0: no cap
    min_spend: Mapped[int] = mapped_column(Rupiah, default=0)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)  # the last day it can be used
    use_limit: Mapped[int] = mapped_column(Integer, default=1)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class VoucherUse(Base):
    """A voucher used on a sale: a fact, counted against the voucher's limit unless its sale was voided."""

    __tablename__ = "voucher_uses"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        Index("ix_voucher_uses_voucher_id", "voucher_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # No foreign key: the voucher is master data and travels as its own events.
    voucher_id: Mapped[uuid.UUID]
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"))
    code: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(Rupiah)
    created_at: Mapped[dt.datetime]


class PointsMovement(Base):
    """Loyalty points earned on a sale (+) or redeemed as a discount on one (-): a fact of the customer's points.

    Points earned lapse on `expires_on`; what a customer holds is worked out from these rows, never stored."""

    __tablename__ = "points_movements"
    __table_args__ = (
        CheckConstraint("kind IN ('earn','redeem')", name="kind"),
        CheckConstraint("(kind = 'earn' AND points > 0) OR (kind = 'redeem' AND points < 0)", name="sign"),
        CheckConstraint("value >= 0", name="value_not_negative"),
        Index("ix_points_movements_customer_id", "customer_id"),
        Index("ix_points_movements_sale_id", "sale_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"))
    kind: Mapped[str] = mapped_column(String(8))
    points: Mapped[int] = mapped_column(BigInteger)
    value: Mapped[int] = mapped_column(Rupiah, default=0)  # rupiah taken off the sale for points redeemed
    business_date: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime]


class SaleEffect(Base):
    """One price effect on a sale, as the receipt and the reports tell it: a tier, a group price, a promotion,
    free goods, a voucher or points, with what it saved the customer."""

    __tablename__ = "sale_effects"
    __table_args__ = (
        CheckConstraint("kind IN ('tier','group','promo','free','cart','voucher','points')", name="kind"),
        CheckConstraint("saved >= 0", name="saved_not_negative"),
        Index("ix_sale_effects_ref_id", "ref_id", sqlite_where=text("ref_id IS NOT NULL")),
    )

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_no: Mapped[int | None] = mapped_column(Integer)  # the sale line it is on; NULL for the whole cart
    kind: Mapped[str] = mapped_column(String(8))
    ref_id: Mapped[uuid.UUID | None]  # the promotion, voucher, tier or group
    name: Mapped[str] = mapped_column(String(80))
    qty_milli: Mapped[int] = mapped_column(Milli, default=0)
    saved: Mapped[int] = mapped_column(Rupiah)

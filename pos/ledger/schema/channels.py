"""Where a sale was made (the counter, WhatsApp, a delivery platform, a marketplace), the platforms' own prices,
and the payouts a platform makes of what it collected for the shop."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Rupiah

# The channels every shop's database starts with (migration 0007 writes them), by code: (name, kind, position).
# Every counter has them whether or not anyone has changed them yet, so what names one needs no sync to be
# understood, and the owner's web names them as a counter does until the owner renames one.
SEEDED_CHANNEL_ROWS: Final[dict[str, tuple[str, str, int]]] = {
    "counter": ("Toko", "counter", 0),
    "whatsapp": ("WhatsApp", "direct", 1),
    "phone": ("Telepon", "direct", 2),
    "gofood": ("GoFood", "delivery", 3),
    "grabfood": ("GrabFood", "delivery", 4),
    "shopeefood": ("ShopeeFood", "delivery", 5),
    "tokopedia": ("Tokopedia", "marketplace", 6),
    "shopee": ("Shopee", "marketplace", 7),
    "tiktok": ("TikTok Shop", "marketplace", 8),
}
SEEDED_CHANNELS: Final = frozenset(SEEDED_CHANNEL_ROWS)


class Channel(Base):
    """A way the shop sells. Platforms ('delivery', 'marketplace') collect the money and keep a commission."""

    __tablename__ = "channels"
    __table_args__ = (
        CheckConstraint("kind IN ('counter','direct','delivery','marketplace')", name="kind"),
        CheckConstraint("commission_bp >= 0 AND commission_bp <= 10000", name="commission_range"),
        CheckConstraint("markup_bp >= 0", name="markup_not_negative"),
        CheckConstraint("price_round >= 1", name="price_round_positive"),
    )

    # A short natural key ('gofood'): the same on every counter, so the seeded channels need no sync to exist.
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(12))
    # Basis points of the sale the platform keeps (2000 = 20%); booked to Beban komisi platform.
    commission_bp: Mapped[int] = mapped_column(Integer, default=0)
    # The channel's price list: counter price plus this markup, rounded up to `price_round` rupiah,
    # unless the product has a set price for the channel.
    markup_bp: Mapped[int] = mapped_column(Integer, default=0)
    price_round: Mapped[int] = mapped_column(Rupiah, default=100)
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in pickers
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class ChannelPrice(Base):
    """A product's set price on one channel; NULL clears it (rows are never deleted, so sync cannot revive one)."""

    __tablename__ = "channel_prices"
    __table_args__ = (
        CheckConstraint("price IS NULL OR price >= 0", name="price_not_negative"),
        Index("ix_channel_prices_channel", "channel"),
    )

    # 'gofood:<product id hex>': one text key, as master data replicates by a single key.
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    channel: Mapped[str] = mapped_column(ForeignKey("channels.code"))
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    price: Mapped[int | None] = mapped_column(Rupiah)  # per piece (per base unit)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class ChannelSettlement(Base):
    """A platform paying out: what arrived, what the sales it paid for owed, how much of the platform's receivable
    it cleared, and where the owner booked any difference."""

    __tablename__ = "channel_settlements"
    __table_args__ = (
        CheckConstraint("received >= 0", name="received_not_negative"),
        CheckConstraint("cleared >= 0", name="cleared_not_negative"),
        CheckConstraint("difference IN ('','commission','income','platform')", name="difference"),
        Index("ix_channel_settlements_channel", "channel"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(ForeignKey("channels.code"))
    received: Mapped[int] = mapped_column(Rupiah)  # money that reached the shop
    cleared: Mapped[int] = mapped_column(Rupiah)  # the platform's receivable this payout settled
    method: Mapped[str] = mapped_column(String(10))  # transfer, ewallet, cash
    up_to: Mapped[dt.date | None] = mapped_column(Date)  # the last business day of sales it paid for
    period_start: Mapped[dt.date | None] = mapped_column(Date)  # the first, when it paid for a period
    # What the sales it paid for owed; received - owed is the difference, booked where `difference` says:
    # commission (the platform kept more), income (it paid more: Pendapatan lain), or platform (left on the
    # platform's account, owed by it or paid ahead, to settle with a later payout).
    owed: Mapped[int] = mapped_column(Rupiah, default=0)
    difference: Mapped[str] = mapped_column(String(12), default="")
    reference: Mapped[str] = mapped_column(String(64), default="")  # the payout's reference on the statement
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))


class ChannelSettlementSale(Base):
    """Which sales a payout paid for, and how much of each it cleared: negative for a sale refunded through the
    platform after an earlier payout, whose refund the platform takes back from this one."""

    __tablename__ = "channel_settlement_sales"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="amount_not_zero"),
        Index("ix_channel_settlement_sales_sale_id", "sale_id"),
    )

    settlement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("channel_settlements.id"), primary_key=True)
    # No foreign key: the payout and the sale travel as separate events, possibly from different counters.
    sale_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    amount: Mapped[int] = mapped_column(Rupiah)

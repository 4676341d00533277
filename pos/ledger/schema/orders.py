"""Orders taken by WhatsApp or phone: a working document until delivered, then a sale; and their down payments."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Rupiah


class Order(Base):
    """Shared master data: every field is merged by clock, so any counter can move an order along."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("status IN ('new','preparing','sent','done','cancelled')", name="status"),
        CheckConstraint("delivery_fee >= 0", name="delivery_fee_not_negative"),
        Index("ix_orders_status", "status"),
        Index("ix_orders_customer_id", "customer_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)  # PA-20261122-003: counter, day, count
    channel: Mapped[str] = mapped_column(ForeignKey("channels.code"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    delivery_fee: Mapped[int] = mapped_column(Rupiah, default=0)  # ongkir charged to the customer
    note: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default="new")
    # The items as a cart (JSON, the counter's own format): edited as a whole, and rung up as it is.
    items: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    created_by: Mapped[uuid.UUID | None]
    updated_at: Mapped[dt.datetime]
    # The sale it became. No foreign key: the order and the sale travel as separate events.
    sale_id: Mapped[uuid.UUID | None]
    hlc: Mapped[str] = mapped_column(String(40), default="")


class OrderPayment(Base):
    """Money on an order before it becomes a sale: a down payment taken, refunded, or kept as the customer's
    credit. Booked against Uang muka pelanggan with the order as the party."""

    __tablename__ = "order_payments"
    __table_args__ = (
        CheckConstraint("kind IN ('deposit','refund','credit')", name="kind"),
        CheckConstraint("amount > 0", name="amount_positive"),
        Index("ix_order_payments_order_id", "order_id"),
        Index("ix_order_payments_shift_id", "shift_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"))
    kind: Mapped[str] = mapped_column(String(8))
    method: Mapped[str] = mapped_column(String(10))  # cash, qris, transfer, ewallet, or credit (the customer's)
    amount: Mapped[int] = mapped_column(Rupiah)
    shift_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shifts.id"))  # cash goes through a drawer
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))

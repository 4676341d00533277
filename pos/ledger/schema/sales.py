"""Completed sales, their lines and payments: facts that never change once written."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        Index("ix_sales_business_date", "business_date"),
        # Most sales name no customer (revision 0017).
        Index("ix_sales_customer_id", "customer_id", sqlite_where=text("customer_id IS NOT NULL")),
        Index("ix_sales_shift_id", "shift_id"),
        # Only the few sales that complete an order are in it (revision 0010).
        Index("ix_sales_order_id", "order_id", sqlite_where=text("order_id IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(24), unique=True)
    device_id: Mapped[uuid.UUID]
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    cashier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    shift_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shifts.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    # 'none', 'inclusive' or 'exclusive' as it was when the sale was rung up.
    ppn_mode: Mapped[str] = mapped_column(String(10))
    gross: Mapped[int] = mapped_column(Rupiah)  # sum of quantity x price, before any discount
    discount: Mapped[int] = mapped_column(Rupiah)  # line and cart discounts together
    dpp: Mapped[int] = mapped_column(Rupiah)
    ppn: Mapped[int] = mapped_column(Rupiah)
    rounding: Mapped[int] = mapped_column(Rupiah)  # added to the amount due (negative when rounded down)
    total: Mapped[int] = mapped_column(Rupiah)  # what the customer owes after rounding
    tendered: Mapped[int] = mapped_column(Rupiah)  # all payments handed over, cash before change
    change: Mapped[int] = mapped_column(Rupiah)
    cost: Mapped[int] = mapped_column(Rupiah)  # HPP booked for the sale
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))
    # Where it was sold (a channels.code; no foreign key, so adding the column rebuilt no table of millions).
    channel: Mapped[str] = mapped_column(String(20), default="counter", server_default="counter")
    delivery_fee: Mapped[int] = mapped_column(Rupiah, default=0, server_default=text("0"))  # ongkir, in `total`
    commission: Mapped[int] = mapped_column(Rupiah, default=0, server_default=text("0"))  # kept by the platform
    # The order this sale completed (no foreign key: the order is master data and travels as its own events).
    order_id: Mapped[uuid.UUID | None]


class SaleLine(Base):
    __tablename__ = "sale_lines"
    __table_args__ = (
        CheckConstraint("qty_milli > 0", name="qty_positive"),
        # Clustered by (sale, line): the key is not stored a second time in an index (revision 0017).
        {"sqlite_with_rowid": False},
    )

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    # Name, price and cost as they were at the sale: later edits to the product never rewrite a receipt.
    name: Mapped[str] = mapped_column(String(120))
    barcode: Mapped[str | None] = mapped_column(String(48))
    qty_milli: Mapped[int] = mapped_column(Milli)  # how many packs
    pack_milli: Mapped[int] = mapped_column(Milli)  # base units per pack: 1000 a piece, 40000 a carton of 40
    unit_price: Mapped[int] = mapped_column(Rupiah)
    gross: Mapped[int] = mapped_column(Rupiah)
    line_discount: Mapped[int] = mapped_column(Rupiah)
    cart_discount: Mapped[int] = mapped_column(Rupiah)  # this line's share of the cart discount
    net: Mapped[int] = mapped_column(Rupiah)  # gross less both discounts, as priced (PPN inside if inclusive)
    dpp: Mapped[int] = mapped_column(Rupiah)
    ppn: Mapped[int] = mapped_column(Rupiah)
    revenue: Mapped[int] = mapped_column(Rupiah)  # net of PPN: what Pendapatan penjualan keeps
    cost: Mapped[int] = mapped_column(Rupiah)
    price_override_by: Mapped[uuid.UUID | None]


class SalePayment(Base):
    __tablename__ = "sale_payments"
    __table_args__ = (
        # 'platform': collected by a delivery platform or marketplace; 'deposit': an order's down payment;
        # 'credit': money the customer keeps with the shop (titipan).
        CheckConstraint(
            "method IN ('cash','qris','transfer','ewallet','kasbon','platform','deposit','credit')", name="method"
        ),
        CheckConstraint("amount > 0", name="amount_positive"),
        {"sqlite_with_rowid": False},
    )

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(Rupiah)  # what this method settles of the total
    tendered: Mapped[int] = mapped_column(Rupiah)  # cash handed over (amount + change); equals amount otherwise
    provider: Mapped[str] = mapped_column(String(20), default="")  # GoPay, OVO, DANA, bank name...
    reference: Mapped[str] = mapped_column(String(64), default="")


class SaleQris(Base):
    """The shop's static QRIS as it was when a sale was paid by QRIS: the original receipt's code is made from it,
    not from whatever the setting says when the slip finally prints. Kept on this counter only."""

    __tablename__ = "sale_qris"

    sale_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    static_payload: Mapped[str] = mapped_column(String)

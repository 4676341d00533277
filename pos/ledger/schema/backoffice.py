"""The back office: categories, price history, suppliers and purchases, kasbon and supplier payments,
stock adjustments and stock takes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Milli, Rupiah

SUPPLIER_NAME_LENGTH: Final = 120  # checked where names come in, as SQLite would not


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class PriceChange(Base):
    """Every price or cost a product has had, with who changed it: the history owners and banks ask about."""

    __tablename__ = "price_history"
    __table_args__ = (Index("ix_price_history_product_id_changed_at", "product_id", "changed_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    price: Mapped[int] = mapped_column(Rupiah)
    cost: Mapped[int] = mapped_column(Rupiah)
    changed_at: Mapped[dt.datetime]
    changed_by: Mapped[uuid.UUID | None]


class Supplier(Base):
    __tablename__ = "suppliers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(SUPPLIER_NAME_LENGTH))
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    hlc: Mapped[str] = mapped_column(String(40), default="")


class Purchase(Base):
    """Goods received from a supplier, paid now (Kas or Bank) or owed (Utang usaha)."""

    __tablename__ = "purchases"
    __table_args__ = (
        CheckConstraint("paid_with IN ('cash','bank','credit')", name="paid_with"),
        Index("ix_purchases_supplier_id", "supplier_id"),
        Index("ix_purchases_business_date", "business_date"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    supplier_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("suppliers.id"))
    invoice_no: Mapped[str] = mapped_column(String(40), default="")
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    paid_with: Mapped[str] = mapped_column(String(6))
    total: Mapped[int] = mapped_column(Rupiah)
    user_id: Mapped[uuid.UUID | None]
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # when goods bought on credit are to be paid


class PurchaseLine(Base):
    __tablename__ = "purchase_lines"
    __table_args__ = (CheckConstraint("qty_milli > 0", name="qty_positive"),)

    purchase_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("purchases.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"))
    qty_milli: Mapped[int] = mapped_column(Milli)  # in the product's base unit
    total: Mapped[int] = mapped_column(Rupiah)  # what the line cost, so the unit cost is total / qty


class PartyPayment(Base):
    """Money settling a tab: a customer paying kasbon, or the shop paying a supplier."""

    __tablename__ = "party_payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("party_kind IN ('customer','supplier')", name="party_kind"),
        Index("ix_party_payments_party_id", "party_id"),
        Index("ix_party_payments_shift_id", "shift_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    party_kind: Mapped[str] = mapped_column(String(10))
    party_id: Mapped[uuid.UUID]
    amount: Mapped[int] = mapped_column(Rupiah)
    method: Mapped[str] = mapped_column(String(10))  # cash, qris, transfer, ewallet (customers); cash, bank
    shift_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shifts.id"))
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID | None]
    note: Mapped[str] = mapped_column(String(200), default="")
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("journal_entries.id"))


class StockCount(Base):
    """A stock take (stok opname) or an adjustment: counted against the system, the difference booked."""

    __tablename__ = "stock_counts"
    __table_args__ = (CheckConstraint("kind IN ('count','adjust')", name="kind"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(6))
    reason: Mapped[str] = mapped_column(String(40))  # rusak, kedaluwarsa, hilang, opname, ...
    note: Mapped[str] = mapped_column(String(200), default="")
    business_date: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime]
    user_id: Mapped[uuid.UUID | None]
    entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("journal_entries.id"))


class StockCountLine(Base):
    __tablename__ = "stock_count_lines"

    count_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stock_counts.id"), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), primary_key=True)
    system_milli: Mapped[int] = mapped_column(Milli)
    counted_milli: Mapped[int] = mapped_column(Milli)
    value: Mapped[int] = mapped_column(Rupiah)  # cost value of the difference (negative when stock was lost)


class PrintJob(Base):
    """A slip waiting for the printer. Queued in the transaction of what it prints, sent after the commit.

    A worker claims a job with a lease (`lease_owner` until `lease_until`) before sending it, so two workers never
    send the same job; a lease that ran out belongs to a worker that died and may be taken over. `maybe_sent`
    says an attempt may have put bytes on the wire, which a drawer kick must never repeat.
    """

    __tablename__ = "print_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('pending','printed','sent','failed','expired','cancelled')", name="status"),
        Index("ix_print_jobs_status", "status"),
        # One drawer kick per sale or payment, whoever queues it and however often.
        Index(
            "uq_print_jobs_drawer_source",
            "source_id",
            unique=True,
            sqlite_where=text("kind = 'drawer' AND source_id IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # receipt, refund, kasbon_payment, shift_close, x_report, ...
    source_id: Mapped[uuid.UUID | None]
    payload: Mapped[str] = mapped_column(String, default="")  # JSON for slips not rebuilt from the books
    is_copy: Mapped[bool] = mapped_column(default=False)  # a reprint says SALINAN
    open_drawer: Mapped[bool] = mapped_column(default=False)  # only a 'drawer' job opens the drawer
    # pending, printed (the printer said it had it), sent (sent, not confirmed), failed (gave up), expired (a
    # drawer kick too late to matter), cancelled (by a person, with a reason in the audit log).
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime]
    printed_at: Mapped[dt.datetime | None]
    printer_uri: Mapped[str] = mapped_column(String(200), default="", server_default="")  # '' is the shop's printer
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None]
    next_try_at: Mapped[dt.datetime | None]  # not before this (backoff after a failure)
    maybe_sent: Mapped[bool] = mapped_column(default=False, server_default=text("0"))

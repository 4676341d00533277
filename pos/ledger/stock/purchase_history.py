"""Reading the buying side back: suppliers with what the shop owes each, and the purchases made, newest first.

What is owed is read from the Utang usaha lines tagged with the supplier, like every other balance.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.ledger.books import accounts
from pos.ledger.schema import JournalLine, Purchase, PurchaseLine, Supplier


@dataclass(frozen=True, slots=True)
class SupplierRow:
    id: uuid.UUID
    name: str
    phone: str
    address: str
    owed: int  # what the shop still owes them
    last_purchase: dt.date | None


def list_suppliers(session: Session, query: str = "") -> list[SupplierRow]:
    """Active suppliers matching part of a name or phone, the ones the shop owes most first."""
    owed = (
        select(func.coalesce(func.sum(JournalLine.credit) - func.sum(JournalLine.debit), 0))
        .where(JournalLine.party_id == Supplier.id, JournalLine.account_code == accounts.UTANG_USAHA)
        .scalar_subquery()
    )
    last = select(func.max(Purchase.business_date)).where(Purchase.supplier_id == Supplier.id).scalar_subquery()
    like = f"%{query.strip().lower()}%"
    stmt = select(Supplier.id, Supplier.name, Supplier.phone, Supplier.address, owed.label("owed"), last.label("last"))
    stmt = stmt.where(Supplier.is_active)
    if query.strip():
        stmt = stmt.where(func.lower(Supplier.name).like(like) | Supplier.phone.like(like))
    rows = session.execute(stmt.order_by(owed.desc(), Supplier.name)).all()
    return [
        SupplierRow(r.id, r.name, r.phone, r.address, int(r.owed), None if r.last is None else _day(r.last))
        for r in rows
    ]


@dataclass(frozen=True, slots=True)
class PurchaseRow:
    id: uuid.UUID
    day: dt.date
    created_at: dt.datetime
    supplier_id: uuid.UUID | None
    supplier: str  # "" when the goods were bought without naming a supplier
    invoice_no: str
    lines: int  # how many products were on it
    total: int
    paid_with: str  # cash, bank or credit (owed to the supplier)


def recent_purchases(
    session: Session, *, supplier_id: uuid.UUID | None = None, limit: int = 100, offset: int = 0
) -> list[PurchaseRow]:
    """Goods received, newest first; only one supplier's when `supplier_id` is given."""
    lines = select(func.count()).where(PurchaseLine.purchase_id == Purchase.id).scalar_subquery()
    stmt = (
        select(
            Purchase.id,
            Purchase.business_date,
            Purchase.created_at,
            Purchase.supplier_id,
            Supplier.name,
            Purchase.invoice_no,
            lines.label("lines"),
            Purchase.total,
            Purchase.paid_with,
        )
        .outerjoin(Supplier, Supplier.id == Purchase.supplier_id)
        .order_by(Purchase.created_at.desc(), Purchase.id.desc())
        .limit(limit)
        .offset(offset)
    )
    if supplier_id is not None:
        stmt = stmt.where(Purchase.supplier_id == supplier_id)
    return [
        PurchaseRow(
            r.id,
            _day(r.business_date),
            r.created_at,
            r.supplier_id,
            r.name or "",
            r.invoice_no,
            int(r.lines),
            int(r.total),
            r.paid_with,
        )
        for r in session.execute(stmt)
    ]


def _day(value: object) -> dt.date:
    # A date column read back through an aggregate arrives as text in SQLite.
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))

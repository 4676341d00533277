"""What the shop owes its suppliers (Utang usaha), debt by debt: the debts brought in with the opening balances
and the goods bought on credit, each with the day it is due; what is left of each after the payments made;
the ageing of what is owed; and the debts falling due soon, for the dashboard's reminders.

The one rule for which debt a payment settles lives here: a supplier's payments settle their debts the soonest
due first (debts without a due date last, older before newer), whatever the payment was for.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.books import accounts
from pos.ledger.books.opening_view import ENTRY_KIND, REVERSAL_KIND, opening_view

DebtSource = Literal["opening", "purchase"]
# Days overdue at which each ageing column starts: not due yet, 1-30, 31-60, 61-90, over 90.
AGE_BUCKETS: Final = (0, 1, 31, 61, 91)


@dataclass(frozen=True, slots=True)
class SupplierDebt:
    supplier_id: uuid.UUID
    supplier: str
    source: DebtSource
    source_id: uuid.UUID  # the opening entry or the purchase
    incurred_on: dt.date
    due: dt.date | None
    amount: int  # as owed when incurred
    left: int  # after the supplier's payments, the soonest due settled first
    reference: str = ""  # the supplier's invoice number

    def days_overdue(self, today: dt.date) -> int:
        """How many days past its due date the debt is on `today` (zero or less while not yet due)."""
        return (today - self.due).days if self.due is not None else 0


@dataclass(frozen=True, slots=True)
class DueDebt:
    """What is still owed to a supplier of a debt brought in with the opening balances."""

    supplier_id: uuid.UUID
    supplier: str
    due: dt.date | None
    amount: int  # the debt as brought in
    left: int  # after what the shop has paid that supplier since, the soonest due paid first


_PURCHASES = text(
    "SELECT p.id, p.supplier_id, s.name, p.business_date, p.due_on, p.total, p.invoice_no FROM purchases p "
    "JOIN suppliers s ON s.id = p.supplier_id WHERE p.paid_with = 'credit' ORDER BY p.business_date, p.created_at"
)
# Every payment to a supplier: debits to Utang usaha, except the opening balances' own lines and their reversal.
_PAID = text(
    "SELECT l.party_id, SUM(l.debit) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
    "WHERE l.account_code = :a AND e.kind NOT IN (:k0, :k1) AND l.debit > 0 AND l.party_id IS NOT NULL "
    "GROUP BY l.party_id"
)


def _uuid(raw: bytes) -> uuid.UUID:
    return uuid.UUID(bytes=bytes(raw))


def all_debts(session: Session) -> list[SupplierDebt]:
    """Every supplier debt with what is left of it, in the order payments settle them."""
    found: list[SupplierDebt] = []
    view = opening_view(session)
    if view is not None:
        for line in view.lines:
            if line.kind == "payable" and line.party_id is not None and line.amount > 0:
                found.append(
                    SupplierDebt(
                        line.party_id, line.label, "opening", view.entry_id, view.day, line.due, line.amount, 0
                    )
                )
    for pid, supplier, name, day, due, total, invoice in session.execute(_PURCHASES):
        found.append(
            SupplierDebt(
                _uuid(supplier),
                str(name),
                "purchase",
                _uuid(pid),
                dt.date.fromisoformat(str(day)),
                dt.date.fromisoformat(str(due)) if due else None,
                int(total),
                0,
                str(invoice or ""),
            )
        )
    far = dt.date.max
    found.sort(key=lambda d: (d.due or far, d.incurred_on, d.source != "opening", d.supplier))
    paid: dict[uuid.UUID, int] = defaultdict(int)
    for party, amount in session.execute(_PAID, {"a": accounts.UTANG_USAHA, "k0": ENTRY_KIND, "k1": REVERSAL_KIND}):
        paid[_uuid(party)] = int(amount)
    out = []
    for debt in found:
        used = min(debt.amount, paid[debt.supplier_id])
        paid[debt.supplier_id] -= used
        out.append(
            SupplierDebt(
                debt.supplier_id,
                debt.supplier,
                debt.source,
                debt.source_id,
                debt.incurred_on,
                debt.due,
                debt.amount,
                debt.amount - used,
                debt.reference,
            )
        )
    return out


def open_debts(session: Session) -> list[SupplierDebt]:
    """The debts not yet paid off, soonest due first (those without a date last)."""
    return [d for d in all_debts(session) if d.left > 0]


def payables_due(session: Session) -> list[DueDebt]:
    """The opening balances' supplier debts not yet paid off, soonest due first (debts without a date last)."""
    return [
        DueDebt(d.supplier_id, d.supplier, d.due, d.amount, d.left)
        for d in open_debts(session)
        if d.source == "opening"
    ]


def due_soon(session: Session, today: dt.date, days: int) -> list[SupplierDebt]:
    """Debts due within `days` of `today`, or already overdue: what the dashboard reminds the owner of."""
    until = today + dt.timedelta(days=days)
    return [d for d in open_debts(session) if d.due is not None and d.due <= until]


@dataclass(frozen=True, slots=True)
class PayableAgeing:
    """What the shop owes one supplier, by how far past due: [not due yet, 1-30, 31-60, 61-90, over 90 days]."""

    supplier_id: uuid.UUID
    name: str
    buckets: tuple[int, int, int, int, int]
    soonest_due: dt.date | None

    @property
    def total(self) -> int:
        return sum(self.buckets)


def _bucket(days_overdue: int) -> int:
    return max(i for i, start in enumerate(AGE_BUCKETS) if days_overdue >= start) if days_overdue > 0 else 0


def payables_ageing(session: Session, today: dt.date) -> list[PayableAgeing]:
    """Per supplier, what is owed now by how many days it is overdue on `today` (a debt without a due date counts
    as not due); most owed first."""
    by_supplier: dict[uuid.UUID, list[SupplierDebt]] = defaultdict(list)
    for debt in open_debts(session):
        by_supplier[debt.supplier_id].append(debt)
    out = []
    for supplier_id, debts in by_supplier.items():
        buckets = [0, 0, 0, 0, 0]
        for debt in debts:
            buckets[_bucket(debt.days_overdue(today))] += debt.left
        dues = [d.due for d in debts if d.due is not None]
        out.append(
            PayableAgeing(
                supplier_id,
                debts[0].supplier,
                (buckets[0], buckets[1], buckets[2], buckets[3], buckets[4]),
                min(dues) if dues else None,
            )
        )
    return sorted(out, key=lambda a: (-a.total, a.name))

"""A consignor's statement: what they left, what sold, what went back and what is left, product by product, and
the money: owed before, earned by what sold, paid at settlements, owed after. Read from the stock movements and
Utang titipan, so it agrees with the books to the rupiah; the slip and the PDF print it as it is.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import Conflict, NotFound
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.schema import Consignment, Supplier
from pos.ledger.stock.consignment import RECEIVED, RETURNED

SETTLE_KIND = "consignment_settle"  # the journal entry of a settlement

_MOVES = text(
    "SELECT p.id, p.name, p.unit, p.consign_price, p.consign_bp,"
    " COALESCE(SUM(CASE WHEN m.business_date < :s THEN m.qty_milli END), 0),"
    " COALESCE(SUM(CASE WHEN m.business_date BETWEEN :s AND :e AND m.reason = :rin THEN m.qty_milli END), 0),"
    " COALESCE(SUM(CASE WHEN m.business_date BETWEEN :s AND :e AND m.kind IN ('sale','void','return')"
    " THEN m.qty_milli END), 0),"
    " COALESCE(SUM(CASE WHEN m.business_date BETWEEN :s AND :e AND m.reason = :rout THEN m.qty_milli END), 0),"
    " COALESCE(SUM(CASE WHEN m.business_date <= :e THEN m.qty_milli END), 0)"
    " FROM products p LEFT JOIN stock_movements m ON m.product_id = p.id"
    " WHERE p.consignor_id = :c GROUP BY p.id ORDER BY p.name"
)
_MONEY = text(
    "SELECT COALESCE(SUM(CASE WHEN e.business_date < :s THEN l.credit - l.debit END), 0),"
    " COALESCE(SUM(CASE WHEN e.business_date BETWEEN :s AND :e AND e.kind <> :k THEN l.credit - l.debit END), 0),"
    " COALESCE(SUM(CASE WHEN e.business_date BETWEEN :s AND :e AND e.kind = :k THEN l.debit - l.credit END), 0)"
    " FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id"
    " WHERE l.account_code = :a AND l.party_id = :c"
)


@dataclass(frozen=True, slots=True)
class ConsignedLine:
    """One of the consignor's products over the period, in thousandths of its unit."""

    product_id: uuid.UUID
    name: str
    unit: str
    price: int | None  # the consignor's terms: rupiah a unit sold, or the shop's commission
    commission_bp: int | None
    before: int  # on the shelf when the period began
    received: int
    sold: int  # net of voids and returns
    returned: int  # handed back at settlements
    after: int  # on the shelf at the period's end

    @property
    def other(self) -> int:
        """What else moved (damaged, found, counted): the rest of the difference, so the line adds up."""
        return self.after - self.before - self.received + self.sold + self.returned


@dataclass(frozen=True, slots=True)
class ConsignorStatement:
    consignor_id: uuid.UUID
    consignor: str
    phone: str
    address: str
    period: Period
    lines: tuple[ConsignedLine, ...]
    owed_before: int  # what the shop owed them when the period began
    earned: int  # their share of what sold in the period (less what came back)
    paid: int  # paid to them at settlements in the period
    settlement_id: uuid.UUID | None = None  # the settlement this statement closes, if it is one's

    @property
    def owed_after(self) -> int:
        return self.owed_before + self.earned - self.paid

    def as_dict(self) -> dict[str, Any]:
        return {
            "consignor": self.consignor,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "lines": [
                {
                    "product": x.name,
                    "unit": x.unit,
                    "price": x.price,
                    "commission_bp": x.commission_bp,
                    "before_milli": x.before,
                    "received_milli": x.received,
                    "sold_milli": x.sold,
                    "returned_milli": x.returned,
                    "other_milli": x.other,
                    "after_milli": x.after,
                }
                for x in self.lines
            ],
            "owed_before": self.owed_before,
            "earned": self.earned,
            "paid": self.paid,
            "owed_after": self.owed_after,
        }


def consignor_statement(
    session: Session, consignor_id: uuid.UUID, period: Period, *, settlement_id: uuid.UUID | None = None
) -> ConsignorStatement:
    """The consignor's goods and money over `period` (business days, both included)."""
    supplier = session.get(Supplier, consignor_id)
    if supplier is None:
        raise NotFound(N_("Supplier not found."))
    days = {"s": period.start.isoformat(), "e": period.end.isoformat(), "c": consignor_id.bytes}
    lines = tuple(
        ConsignedLine(
            uuid.UUID(bytes=bytes(pid)),
            str(name),
            str(unit),
            None if price is None else int(price),
            None if bp is None else int(bp),
            int(before),
            int(received),
            -int(sold),
            -int(returned),
            int(after),
        )
        for pid, name, unit, price, bp, before, received, sold, returned, after in session.execute(
            _MOVES, {**days, "rin": RECEIVED, "rout": RETURNED}
        )
        if before or received or sold or returned or after
    )
    money = session.execute(_MONEY, {**days, "a": accounts.UTANG_TITIPAN, "k": SETTLE_KIND}).one()
    return ConsignorStatement(
        consignor_id,
        supplier.name,
        supplier.phone,
        supplier.address,
        period,
        lines,
        int(money[0]),
        int(money[1]),
        int(money[2]),
        settlement_id,
    )


def settlement_statement(session: Session, settlement_id: uuid.UUID) -> ConsignorStatement:
    """The statement a settlement closes: from the day after the consignor's settlement before it (or their first
    goods) to the settlement's own day."""
    row = session.get(Consignment, settlement_id)
    if row is None or row.kind != "settle":
        raise NotFound(N_("Settlement not found."))
    before = session.scalar(
        select(Consignment.business_date)
        .where(
            Consignment.consignor_id == row.consignor_id,
            Consignment.kind == "settle",
            Consignment.created_at < row.created_at,
        )
        .order_by(Consignment.created_at.desc())
        .limit(1)
    )
    first = session.scalar(
        select(Consignment.business_date)
        .where(Consignment.consignor_id == row.consignor_id)
        .order_by(Consignment.business_date)
        .limit(1)
    )
    start = before + dt.timedelta(days=1) if before is not None else (first or row.business_date)
    period = Period(min(start, row.business_date), row.business_date)
    return consignor_statement(session, row.consignor_id, period, settlement_id=settlement_id)


def last_settlement(session: Session, consignor_id: uuid.UUID) -> uuid.UUID:
    """The consignor's latest settlement, for printing its statement again."""
    found = session.scalar(
        select(Consignment.id)
        .where(Consignment.consignor_id == consignor_id, Consignment.kind == "settle")
        .order_by(Consignment.created_at.desc())
        .limit(1)
    )
    if found is None:
        raise Conflict(N_("Nothing has been settled with this consignor yet."))
    return found


def consignors(session: Session) -> list[tuple[uuid.UUID, str]]:
    """Suppliers who have left goods on consignment, or own a consigned product, by name."""
    rows = session.execute(
        text(
            "SELECT s.id, s.name FROM suppliers s WHERE EXISTS (SELECT 1 FROM products p WHERE p.consignor_id = s.id)"
            " OR EXISTS (SELECT 1 FROM consignments c WHERE c.consignor_id = s.id) ORDER BY s.name"
        )
    )
    return [(uuid.UUID(bytes=bytes(r[0])), str(r[1])) for r in rows]


def open_statement(session: Session, consignor_id: uuid.UUID, today: dt.date) -> ConsignorStatement:
    """What a settlement today would close: from the day after their last settlement (or their first goods)."""
    last = session.scalar(
        select(Consignment.business_date)
        .where(Consignment.consignor_id == consignor_id, Consignment.kind == "settle")
        .order_by(Consignment.created_at.desc())
        .limit(1)
    )
    first = session.scalar(
        select(Consignment.business_date)
        .where(Consignment.consignor_id == consignor_id)
        .order_by(Consignment.business_date)
        .limit(1)
    )
    start = last + dt.timedelta(days=1) if last is not None else (first or today)
    return consignor_statement(session, consignor_id, Period(min(start, today), today))

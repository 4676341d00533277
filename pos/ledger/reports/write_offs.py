"""Goods written off over a period: expired, damaged, wasted or lost, each with its reason, batch and what it cost
(booked to Beban selisih persediaan), for the stock report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.period import Period
from pos.ledger.reports.rows import plain
from pos.ledger.stock.batches import WRITE_OFF_REASONS

REASONS: Final = (*WRITE_OFF_REASONS, "hilang")
_ROWS = text(
    "SELECT m.business_date, p.name, p.unit, -m.qty_milli, -m.value, m.reason, COALESCE(b.batch_no, ''),"
    " b.expires_on, COALESCE(c.note, '') FROM stock_movements m JOIN products p ON p.id = m.product_id"
    " LEFT JOIN stock_batches b ON b.id = m.batch_id LEFT JOIN stock_counts c ON c.id = m.source_id"
    " WHERE m.kind = 'adjust' AND m.qty_milli < 0 AND m.reason IN (:r0, :r1, :r2, :r3)"
    " AND m.business_date BETWEEN :s AND :e ORDER BY m.business_date, m.created_at"
)


@dataclass(frozen=True, slots=True)
class WriteOff:
    day: dt.date
    product: str
    unit: str
    qty_milli: int  # taken off the shelf
    value: int  # its cost at the average, booked as a loss
    reason: str  # kedaluwarsa, rusak, terbuang or hilang
    batch_no: str
    expires_on: dt.date | None
    note: str


@dataclass(frozen=True, slots=True)
class WriteOffs:
    period: Period
    lines: tuple[WriteOff, ...]

    @property
    def total(self) -> int:
        return sum(x.value for x in self.lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "lines": [plain(x) for x in self.lines],
            "total": self.total,
        }


def write_offs(session: Session, period: Period) -> WriteOffs:
    """Every write-off in `period` (business days), oldest first."""
    params: dict[str, Any] = {"s": period.start.isoformat(), "e": period.end.isoformat()}
    params.update({f"r{i}": r for i, r in enumerate(REASONS)})
    lines = tuple(
        WriteOff(
            dt.date.fromisoformat(str(day)),
            str(name),
            str(unit),
            int(qty),
            int(value),
            str(reason),
            str(batch),
            dt.date.fromisoformat(str(expires)) if expires else None,
            str(note),
        )
        for day, name, unit, qty, value, reason, batch, expires, note in session.execute(_ROWS, params)
    )
    return WriteOffs(period, lines)

"""The day's Z report: everything the counters took on one business day, and every shift that was open on it.

The day's figures come from the facts dated that day (sales, voids, returns, cash in and out, kasbon payments), so
a shift that runs past midnight or stays open for days does not blur two days together; each shift is listed
with its own figures as kept at close (or as they stand while it is open), its count and its difference.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.clock import zone
from pos.ledger.counter.shifts import ShiftReport, shift_report, z_report
from pos.ledger.reports.channels import ChannelRow, day_channels
from pos.ledger.reports.rows import plain
from pos.ledger.shop import settings

_SALE_SUMS = ("gross", "discount", "ppn", "rounding", "total")


@dataclass(frozen=True, slots=True)
class ShiftLine:
    shift_id: str
    counter: str  # the counter's code, A, B...
    cashier: str  # who opened the shift
    opened_at: dt.datetime
    closed_at: dt.datetime | None  # None while the shift is open: its figures are then an X report
    closed_on: dt.date | None  # the shop's day of the close
    report: ShiftReport
    counted: int | None
    difference: int | None  # counted less expected; negative when the drawer was short


@dataclass(frozen=True, slots=True)
class DailyReport:
    day: dt.date
    shifts: tuple[ShiftLine, ...]  # every shift open at some time of the day
    sales_count: int
    gross: int
    discounts: int
    ppn: int
    rounding: int
    total: int  # what customers owed for the day's sales, voided ones left out
    by_method: dict[str, int] = field(default_factory=dict)
    voids_count: int = 0  # sales of the day that were voided
    voids_total: int = 0
    refunds_count: int = 0
    refunds_total: int = 0
    refunds_cash: int = 0
    cash_in: int = 0
    cash_out: int = 0
    kasbon_received: int = 0  # customers paying off their tabs, any method
    kasbon_received_cash: int = 0
    by_channel: tuple[ChannelRow, ...] = ()  # each channel that sold or refunded anything that day
    deposits_received: int = 0  # down payments taken on orders, any method (credit moved in is not money)
    deposits_refunded: int = 0  # down payments of cancelled orders paid back
    deposits_cash: int = 0  # down payments taken in cash, less those paid back in cash

    @property
    def cash_takings(self) -> int:
        """Cash the day brought into the drawers: cash sales, kasbon payments and down payments, cash in, less
        refunds and cash out."""
        return (
            self.by_method.get("cash", 0)
            + self.kasbon_received_cash
            + self.deposits_cash
            + self.cash_in
            - self.cash_out
            - self.refunds_cash
        )

    @property
    def closed_shifts(self) -> tuple[ShiftLine, ...]:
        """Shifts closed on this day: their counts and differences are the day's."""
        return tuple(s for s in self.shifts if s.closed_on == self.day)

    @property
    def counted(self) -> int:
        return sum(s.counted or 0 for s in self.closed_shifts)

    @property
    def difference(self) -> int:
        return sum(s.difference or 0 for s in self.closed_shifts)

    def as_dict(self) -> dict[str, Any]:
        return {
            **plain(self),
            "by_channel": [r.as_dict() for r in self.by_channel],
            "cash_takings": self.cash_takings,
            "counted": self.counted,
            "difference": self.difference,
        }


def _offset(session: Session, day: dt.date) -> str:
    # Indonesian time zones keep no daylight saving: one offset turns the stored UTC instants into local days.
    offset = zone(settings.load(session).timezone).utcoffset(dt.datetime.combine(day, dt.time(12)))
    return f"{int(offset.total_seconds() // 60) if offset else 0:+d} minutes"


def _shifts(session: Session, day: dt.date, shift: str) -> tuple[ShiftLine, ...]:
    rows = session.execute(
        text(
            "SELECT s.id, d.code, u.name, s.opened_at, c.closed_at, date(substr(c.closed_at, 1, 19), :shift), "
            "c.counted_cash, c.difference "
            "FROM shifts s LEFT JOIN devices d ON d.id = s.device_id LEFT JOIN users u ON u.id = s.opened_by "
            "LEFT JOIN shift_closes c ON c.shift_id = s.id "
            "WHERE s.business_date <= :d AND (c.closed_at IS NULL OR date(substr(c.closed_at, 1, 19), :shift) >= :d) "
            "ORDER BY s.opened_at"
        ),
        {"d": day.isoformat(), "shift": shift},
    ).all()
    lines = []
    for sid, counter, cashier, opened_at, closed_at, closed_on, counted, difference in rows:
        shift_id = uuid.UUID(bytes=bytes(sid))
        closed = closed_at is not None
        lines.append(
            ShiftLine(
                shift_id.hex,
                counter or "",
                cashier or "",
                dt.datetime.fromisoformat(str(opened_at)),
                dt.datetime.fromisoformat(str(closed_at)) if closed else None,
                dt.date.fromisoformat(str(closed_on)) if closed else None,
                z_report(session, shift_id) if closed else shift_report(session, shift_id),
                int(counted) if closed else None,
                int(difference) if closed else None,
            )
        )
    return tuple(lines)


def daily_report(session: Session, day: dt.date) -> DailyReport:
    """The Z report of business day `day` across every counter."""
    p = {"d": day.isoformat()}
    voided = "EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
    sales = session.execute(
        text(
            f"SELECT COALESCE(SUM(NOT {voided}), 0), "
            + ", ".join(f"COALESCE(SUM(CASE WHEN {voided} THEN 0 ELSE s.{c} END), 0)" for c in _SALE_SUMS)
            + f", COALESCE(SUM({voided}), 0), COALESCE(SUM(CASE WHEN {voided} THEN s.total ELSE 0 END), 0) "
            "FROM sales s WHERE s.business_date = :d"
        ),
        p,
    ).one()
    by_method = {
        str(m): int(a)
        for m, a in session.execute(
            text(
                "SELECT p.method, SUM(p.amount) FROM sales s JOIN sale_payments p ON p.sale_id = s.id "
                f"WHERE s.business_date = :d AND NOT {voided} GROUP BY 1 ORDER BY 1"
            ),
            p,
        )
    }
    refunds = session.execute(
        text(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0), "
            "COALESCE(SUM(CASE WHEN refund_method = 'cash' THEN amount ELSE 0 END), 0) "
            "FROM sale_returns WHERE business_date = :d"
        ),
        p,
    ).one()
    moves = {
        str(direction): int(amount)
        for direction, amount in session.execute(
            text(
                "SELECT m.direction, SUM(m.amount) FROM cash_movements m JOIN journal_entries e ON e.id = m.entry_id "
                "WHERE e.business_date = :d GROUP BY 1"
            ),
            p,
        )
    }
    kasbon = session.execute(
        text(
            "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN method = 'cash' THEN amount ELSE 0 END), 0) "
            "FROM party_payments WHERE party_kind = 'customer' AND method <> 'credit' AND business_date = :d"
        ),
        p,
    ).one()
    deposits = session.execute(
        text(
            "SELECT COALESCE(SUM(CASE WHEN kind = 'deposit' AND method <> 'credit' THEN amount ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN kind = 'refund' THEN amount ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN method <> 'cash' THEN 0 WHEN kind = 'refund' THEN -amount ELSE amount END), 0) "
            "FROM order_payments WHERE business_date = :d"
        ),
        p,
    ).one()
    count, gross, discount, ppn, rounding, total, voids, voids_total = (int(x) for x in sales)
    return DailyReport(
        day=day,
        shifts=_shifts(session, day, _offset(session, day)),
        sales_count=count,
        gross=gross,
        discounts=discount,
        ppn=ppn,
        rounding=rounding,
        total=total,
        by_method=by_method,
        voids_count=voids,
        voids_total=voids_total,
        refunds_count=int(refunds[0]),
        refunds_total=int(refunds[1]),
        refunds_cash=int(refunds[2]),
        cash_in=int(moves.get("in", 0)),
        cash_out=int(moves.get("out", 0)),
        kasbon_received=int(kasbon[0]),
        kasbon_received_cash=int(kasbon[1]),
        by_channel=day_channels(session, day),
        deposits_received=int(deposits[0]),
        deposits_refunded=int(deposits[1]),
        deposits_cash=int(deposits[2]),
    )

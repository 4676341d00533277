"""Loyalty points by customer (found at the counter by name or phone number): earned on what a sale costs,
redeemed as a discount, lapsing a number of months after they were earned.

How they are booked (SAK EMKM): SAK EMKM has no rule of its own for customer loyalty programmes and recognises a
liability only for an obligation whose outflow is probable and can be measured reliably. A point is a promise
of a discount on a later purchase, not of money, and most points at a small shop are never redeemed, so Laci
books no liability when points are given: it keeps them in the customer's points ledger (the facts in
`points_movements`), and books a redemption when it happens, as Potongan penjualan on the sale it pays for. A
customer's points are always worked out from those facts, oldest points used first; `laci check` ties every
redemption to the discount its sale booked.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.prices.terms import PointsTerms
from pos.ledger.shop import settings

EARN_PER: Final = "points.earn_per"
VALUE: Final = "points.value"
EXPIRY_MONTHS: Final = "points.expiry_months"


@dataclass(frozen=True, slots=True)
class PointsRule:
    """A point for every `earn_per` rupiah paid (0: no points given), `value` rupiah off for each point
    redeemed, points lapsing `expiry_months` after the month they were earned in (0: never)."""

    earn_per: int = 0
    value: int = 0
    expiry_months: int = 12

    @property
    def in_use(self) -> bool:
        return self.earn_per > 0 or self.value > 0


def points_rule(values: settings.ShopSettings) -> PointsRule:
    return PointsRule(values.points_earn_per, values.points_value, values.points_expiry_months)


def save_points_rule(session: Session, rule: PointsRule) -> None:
    if rule.earn_per < 0 or rule.value < 0:
        raise InvalidInput(N_("An amount cannot be negative."))
    if not 0 <= rule.expiry_months <= 120:
        raise InvalidInput(N_("Points lapse after 0 (never) to 120 months."))
    settings.put(session, EARN_PER, rule.earn_per)
    settings.put(session, VALUE, rule.value)
    settings.put(session, EXPIRY_MONTHS, rule.expiry_months)


def expiry_of(day: dt.date, months: int) -> dt.date | None:
    """The last day points earned on `day` can be used: `months` later, on the same day of the month (or the
    month's last day), less one."""
    if months <= 0:
        return None
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last)) - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PointsLine:
    """One line of a customer's points ledger."""

    day: dt.date
    receipt: str
    kind: Literal["earn", "redeem", "expired"]
    points: int  # + earned, - redeemed or lapsed
    value: int  # rupiah taken off for points redeemed
    balance: int


_MOVEMENTS = text(
    "SELECT m.kind, m.points, m.value, m.business_date, m.expires_on, s.receipt_no FROM points_movements m "
    "JOIN sales s ON s.id = m.sale_id "
    "WHERE m.customer_id = :c AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = m.sale_id) "
    "ORDER BY m.created_at, m.id"
)


@dataclass
class _Lot:
    expires: dt.date | None
    left: int


def points_ledger(session: Session, customer_id: uuid.UUID, today: dt.date) -> list[PointsLine]:
    """The customer's points, as earned, redeemed and lapsed until `today` (sales voided left out).

    Redemptions use the points that lapse first. A redemption larger than the points held (two counters
    offline redeeming the same points) leaves the balance below zero, which `points_overspent` reports."""
    lots: list[_Lot] = []  # in the order they lapse
    lines: list[PointsLine] = []
    balance = 0

    def lapse(before: dt.date) -> None:
        nonlocal balance
        while lots and lots[0].expires is not None and lots[0].expires < before:
            lot = lots.pop(0)
            last_day = lot.expires
            if lot.left > 0 and last_day is not None:
                balance -= lot.left
                lines.append(PointsLine(last_day + dt.timedelta(days=1), "", "expired", -lot.left, 0, balance))

    for kind, points, value, day_text, expires_text, receipt in session.execute(_MOVEMENTS, {"c": customer_id.bytes}):
        day = dt.date.fromisoformat(str(day_text))
        lapse(day)
        balance += int(points)
        if kind == "earn":
            lots.append(_Lot(dt.date.fromisoformat(str(expires_text)) if expires_text else None, int(points)))
            lots.sort(key=lambda lot: lot.expires or dt.date.max)  # stable: earlier points first on a tie
        else:
            need = -int(points)
            for lot in lots:
                take = min(need, lot.left)
                lot.left -= take
                need -= take
                if not need:
                    break
        lines.append(PointsLine(day, str(receipt), "earn" if kind == "earn" else "redeem", int(points), value, balance))
    lapse(today + dt.timedelta(days=1))
    return [line for line in lines if line.day <= today]


def points_balance(session: Session, customer_id: uuid.UUID, today: dt.date) -> int:
    ledger = points_ledger(session, customer_id, today)
    return ledger[-1].balance if ledger else 0


def points_terms(
    session: Session, customer_id: uuid.UUID | None, rule: PointsRule, today: dt.date
) -> PointsTerms | None:
    """The customer's points and the shop's rule, for the price engine; None without a customer or points."""
    if customer_id is None or not rule.in_use:
        return None
    return PointsTerms(points_balance(session, customer_id, today), rule.value, rule.earn_per)


@dataclass(frozen=True, slots=True)
class CustomerPoints:
    customer_id: uuid.UUID
    name: str
    phone: str
    balance: int


_HOLDERS = text(
    "SELECT DISTINCT c.id, c.name, c.phone FROM customers c JOIN points_movements m ON m.customer_id = c.id "
    "ORDER BY c.name"
)


def customers_with_points(session: Session, today: dt.date) -> list[CustomerPoints]:
    """Every customer who ever had points, with what they hold today."""
    out = []
    for cid, name, phone in session.execute(_HOLDERS):
        customer = uuid.UUID(bytes=bytes(cid))
        out.append(CustomerPoints(customer, str(name), str(phone), points_balance(session, customer, today)))
    return out


def points_overspent(session: Session, today: dt.date) -> list[CustomerPoints]:
    """Customers whose points went below zero: counters offline at the same time redeemed the same points."""
    return [c for c in customers_with_points(session, today) if c.balance < 0]

"""Stock on hand and its cost: derived from movements, valued at moving-average cost.

On-hand quantity and value are the sums of a product's movements (a trigger keeps them per product in
`stock_levels`, in the same transaction). Goods leave at the average cost of what is on hand; selling more than
is on hand is allowed, since the sale happened, and the shortfall is costed at the product's standard cost.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import MILLI, Qty, div_round_half_up
from pos.ledger.books import accounts
from pos.ledger.books.journal import credit, debit, post_entry
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import Product, StockCount, StockCountLine, StockMovement, core
from pos.ledger.shop import settings


@dataclass(frozen=True, slots=True)
class Level:
    qty_milli: int
    value: int
    standard_cost: int  # per whole unit, used where there is nothing on hand to average

    def take(self, qty_milli: int) -> tuple[int, Level]:
        """The cost value of taking `qty_milli` out, and the level left after it."""
        if self.qty_milli <= 0:
            cost = div_round_half_up(self.standard_cost * qty_milli, MILLI)
        elif qty_milli >= self.qty_milli:
            # Taking everything left clears the value exactly, so no rounding dust stays in Persediaan.
            cost = self.value + div_round_half_up(self.standard_cost * (qty_milli - self.qty_milli), MILLI)
        else:
            cost = div_round_half_up(self.value * qty_milli, self.qty_milli)
        return cost, Level(self.qty_milli - qty_milli, self.value - cost, self.standard_cost)

    @property
    def average_cost(self) -> int:
        """Cost of one whole unit on hand (the standard cost when there is none)."""
        if self.qty_milli <= 0:
            return self.standard_cost
        return div_round_half_up(self.value * MILLI, self.qty_milli)


def levels(session: Session, product_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Level]:
    """On-hand quantity, value and standard cost of each product, in one query."""
    ids = list(dict.fromkeys(product_ids))
    if not ids:
        return {}
    marks = ",".join(f":p{i}" for i in range(len(ids)))
    rows = session.execute(
        text(
            "SELECT p.id, COALESCE(s.qty_milli, 0), COALESCE(s.value, 0), p.cost FROM products p "
            f"LEFT JOIN stock_levels s ON s.product_id = p.id WHERE p.id IN ({marks})"
        ),
        {f"p{i}": pid.bytes for i, pid in enumerate(ids)},
    )
    return {uuid.UUID(bytes=bytes(r[0])): Level(int(r[1]), int(r[2]), int(r[3])) for r in rows}


def on_hand(session: Session, product_id: uuid.UUID) -> int:
    """Quantity on hand in thousandths of the product's unit (may be negative)."""
    level = levels(session, [product_id]).get(product_id)
    return level.qty_milli if level else 0


# `terbuang`: wasted in the making (milk spilt, a cut gone wrong), recorded with the reason like any loss.
STOCK_REASONS: Final = ("rusak", "kedaluwarsa", "terbuang", "hilang", "ditemukan", "lain")


def _book_differences(
    session: Session,
    kind: str,
    reason: str,
    note: str,
    changes: list[tuple[uuid.UUID, int, int]],
    actor_id: uuid.UUID | None,
    when: dt.datetime,
    batch_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Write a stock count or adjustment: `changes` are (product, system qty, counted qty); `batch_id` is the
    expiring batch an adjustment of one product takes from."""
    day = business_date(when, settings.load(session).timezone)
    cid = new_id()
    current = levels(session, [p for p, _s, _c in changes])
    lines: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    loss = 0
    for product_id, system, counted in changes:
        delta = counted - system
        level = current[product_id]
        if delta < 0:
            value, current[product_id] = level.take(-delta)
            value = -value
        else:
            # Found goods come back at the average cost (the standard cost when none is on hand).
            value = div_round_half_up(level.average_cost * delta, MILLI)
        loss -= value
        lines.append(
            {
                "count_id": cid,
                "product_id": product_id,
                "system_milli": system,
                "counted_milli": counted,
                "value": value,
            }
        )
        if delta:
            moves.append(
                {
                    "id": new_id(),
                    "product_id": product_id,
                    "kind": kind,
                    "qty_milli": delta,
                    "value": value,
                    "source_id": cid,
                    "business_date": day,
                    "created_at": when,
                    "reason": reason[:40],
                    "batch_id": batch_id,
                }
            )
    entry_id = None
    facts: dict[str, list[dict[str, Any]]] = {}
    if loss:
        postings = (
            [debit(accounts.SELISIH_PERSEDIAAN, loss), credit(accounts.PERSEDIAAN, loss)]
            if loss > 0
            else [debit(accounts.PERSEDIAAN, -loss), credit(accounts.SELISIH_PERSEDIAAN, -loss)]
        )
        entry = post_entry(
            session,
            kind=f"stock_{kind}",
            postings=postings,
            at=when,
            business_date=day,
            memo=note or reason,
            source_id=cid,
        )
        facts = entry.rows()
        entry_id = entry.id
    count_row = {
        "id": cid,
        "kind": kind,
        "reason": reason[:40],
        "note": note[:200],
        "business_date": day,
        "created_at": when,
        "user_id": actor_id,
        "entry_id": entry_id,
    }
    session.execute(insert(core(StockCount)), [count_row])
    session.execute(insert(core(StockCountLine)), lines)
    if moves:
        session.execute(insert(core(StockMovement)), moves)
    emit_facts(
        session,
        "stock.counted",
        {**facts, "stock_counts": [count_row], "stock_count_lines": lines, "stock_movements": moves},
        when,
    )
    return cid


def adjust_stock(
    session: Session,
    actor_id: uuid.UUID | None,
    product_id: uuid.UUID,
    change: Qty,
    reason: str,
    note: str = "",
    *,
    at: dt.datetime | None = None,
    batch_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Goods damaged, expired, wasted or lost (a negative `change`), or found (positive): stock and books follow.
    `batch_id` names the expiring batch they came from, for products that track expiry."""
    if reason not in STOCK_REASONS:
        raise InvalidInput(N_("Choose a reason: damaged, expired, wasted, lost, found or other."))
    if change.milli == 0:
        raise InvalidInput(N_("The quantity must not be zero."))
    system = on_hand(session, product_id)
    _require_product(session, product_id)
    return _book_differences(
        session,
        "adjust",
        reason,
        note,
        [(product_id, system, system + change.milli)],
        actor_id,
        at or utc_now(),
        batch_id,
    )


def stock_take(
    session: Session,
    actor_id: uuid.UUID | None,
    counted: dict[uuid.UUID, Qty],
    note: str = "",
    *,
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Stok opname: what was counted against what the system says; the differences are booked."""
    if not counted:
        raise InvalidInput(N_("Count at least one product."))
    current = levels(session, counted)
    missing = [pid for pid in counted if pid not in current]
    if missing:
        raise NotFound(N_("Product not found."))
    for qty in counted.values():
        if qty.milli < 0:
            raise InvalidInput(N_("A count cannot be negative."))
    changes = [(pid, current[pid].qty_milli, qty.milli) for pid, qty in counted.items()]
    return _book_differences(session, "count", "opname", note, changes, actor_id, at or utc_now())


def _require_product(session: Session, product_id: uuid.UUID) -> None:
    if session.get(Product, product_id) is None:
        raise NotFound(N_("Product not found."))


@dataclass(frozen=True, slots=True)
class StockLine:
    product_id: uuid.UUID
    name: str
    unit: str
    qty_milli: int
    value: int
    low_stock_milli: int


def stock_as_of(session: Session, as_of: dt.date | None = None, *, only_nonzero: bool = True) -> list[StockLine]:
    """Quantity and cost value of every product at the end of `as_of` (today's totals when None)."""
    if as_of is None:
        sql = (
            "SELECT p.id, p.name, p.unit, COALESCE(l.qty_milli, 0), COALESCE(l.value, 0), p.low_stock_milli "
            "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id ORDER BY p.name"
        )
        rows = session.execute(text(sql))
    else:
        sql = (
            "SELECT p.id, p.name, p.unit, COALESCE(SUM(m.qty_milli), 0), COALESCE(SUM(m.value), 0), p.low_stock_milli "
            "FROM products p LEFT JOIN stock_movements m ON m.product_id = p.id AND m.business_date <= :d "
            "GROUP BY p.id ORDER BY p.name"
        )
        rows = session.execute(text(sql), {"d": as_of.isoformat()})
    out = [StockLine(uuid.UUID(bytes=bytes(r[0])), r[1], r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows]
    return [x for x in out if x.qty_milli or x.value] if only_nonzero else out


def stock_value(session: Session, as_of: dt.date | None = None) -> int:
    """Cost value of all stock on hand: equals the Persediaan account."""
    if as_of is None:
        return int(session.execute(text("SELECT COALESCE(SUM(value), 0) FROM stock_levels")).scalar_one())
    return int(
        session.execute(
            text("SELECT COALESCE(SUM(value), 0) FROM stock_movements WHERE business_date <= :d"),
            {"d": as_of.isoformat()},
        ).scalar_one()
    )


def low_stock(session: Session) -> list[StockLine]:
    """Active products at or below their low-stock level (those with a level set), emptiest first."""
    rows = session.execute(
        text(
            "SELECT p.id, p.name, p.unit, COALESCE(l.qty_milli, 0), COALESCE(l.value, 0), p.low_stock_milli "
            "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id "
            "WHERE p.is_active AND p.low_stock_milli > 0 AND COALESCE(l.qty_milli, 0) <= p.low_stock_milli "
            "ORDER BY COALESCE(l.qty_milli, 0) * 1.0 / p.low_stock_milli, p.name"
        )
    )
    return [StockLine(uuid.UUID(bytes=bytes(r[0])), r[1], r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows]


def negative_stock(session: Session) -> list[StockLine]:
    """Products sold beyond what the books say was on hand: a count or a purchase is missing."""
    return [x for x in stock_as_of(session) if x.qty_milli < 0]

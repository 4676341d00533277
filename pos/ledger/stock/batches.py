"""Expiry dates: goods received in batches, each with the day it expires (and its batch number, if printed);
sold first-expiring first (FEFO); what expires in the coming days; expired or damaged goods written off.

A batch's stock is the sum of the movements that name it, like any stock. Cost stays the product's moving
average: a batch says how much of which expiry is on the shelf, not what it cost. Goods that leave without a
batch on hand (sold beyond the batches received, returned, counted in) move unbatched.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Qty
from pos.ledger.schema import StockBatch, core
from pos.ledger.stock.stock_levels import Level, adjust_stock


@dataclass(frozen=True, slots=True)
class Lot:
    """What is left of one batch."""

    batch_id: uuid.UUID
    product_id: uuid.UUID
    batch_no: str
    expires_on: dt.date
    qty_milli: int


@dataclass(frozen=True, slots=True)
class ExpiringLot:
    lot: Lot
    name: str
    unit: str
    value: int  # at the product's average cost: what writing it off would cost

    def days_left(self, today: dt.date) -> int:
        """Days until it expires; zero or below once it has."""
        return (self.lot.expires_on - today).days


def batch_row(
    product_id: uuid.UUID, expires_on: dt.date, batch_no: str, source_id: uuid.UUID | None, when: dt.datetime
) -> dict[str, Any]:
    """A new batch, as the row its event carries; the caller inserts it with `insert_batches`."""
    return {
        "id": new_id(),
        "product_id": product_id,
        "batch_no": batch_no.strip()[:40],
        "expires_on": expires_on,
        "created_at": when,
        "source_id": source_id,
    }


def insert_batches(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(core(StockBatch)), list(rows))


_LOTS = (
    "SELECT b.id, b.product_id, b.batch_no, b.expires_on, SUM(m.qty_milli) FROM stock_batches b "
    "JOIN stock_movements m ON m.batch_id = b.id WHERE b.product_id IN ({marks}) "
    "GROUP BY b.id HAVING SUM(m.qty_milli) > 0 ORDER BY b.expires_on, b.created_at, b.id"
)


def lots(session: Session, product_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Lot]]:
    """The batches with something left of each product, first-expiring first."""
    ids = list(dict.fromkeys(product_ids))
    out: dict[uuid.UUID, list[Lot]] = {pid: [] for pid in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join(f":p{i}" for i in range(len(chunk)))
        rows = session.execute(text(_LOTS.format(marks=marks)), {f"p{i}": pid.bytes for i, pid in enumerate(chunk)})
        for bid, pid, batch_no, expires, qty in rows:
            product = uuid.UUID(bytes=bytes(pid))
            out[product].append(
                Lot(uuid.UUID(bytes=bytes(bid)), product, str(batch_no), dt.date.fromisoformat(str(expires)), int(qty))
            )
    return out


def pick_fefo(available: Sequence[Lot], qty_milli: int) -> list[tuple[uuid.UUID | None, int]]:
    """Which batches `qty_milli` leaves from: the first to expire first (batch number, then the order received,
    on the same day); whatever the batches do not cover leaves unbatched (batch None)."""
    out: list[tuple[uuid.UUID | None, int]] = []
    left = qty_milli
    for lot in sorted(available, key=lambda x: x.expires_on):  # stable: equal days keep the order received
        if left <= 0:
            break
        if lot.qty_milli <= 0:
            continue
        take = min(lot.qty_milli, left)
        out.append((lot.batch_id, take))
        left -= take
    if left > 0:
        out.append((None, left))
    return out


def after_taking(available: Sequence[Lot], picked: Sequence[tuple[uuid.UUID | None, int]]) -> list[Lot]:
    """The lots as they stand after `picked` left them, for the next line of the same sale."""
    taken: dict[uuid.UUID, int] = {}
    for bid, qty in picked:
        if bid is not None:
            taken[bid] = taken.get(bid, 0) + qty
    return [
        Lot(x.batch_id, x.product_id, x.batch_no, x.expires_on, x.qty_milli - taken.get(x.batch_id, 0))
        for x in available
        if x.qty_milli - taken.get(x.batch_id, 0) > 0
    ]


_EXPIRING = text(
    "SELECT b.id, b.product_id, b.batch_no, b.expires_on, SUM(m.qty_milli), p.name, p.unit, "
    "COALESCE(l.qty_milli, 0), COALESCE(l.value, 0), p.cost FROM stock_batches b "
    "JOIN stock_movements m ON m.batch_id = b.id JOIN products p ON p.id = b.product_id "
    "LEFT JOIN stock_levels l ON l.product_id = b.product_id "
    "WHERE b.expires_on <= :until GROUP BY b.id HAVING SUM(m.qty_milli) > 0 ORDER BY b.expires_on, p.name"
)


def expiring(session: Session, today: dt.date, days: int) -> list[ExpiringLot]:
    """Batches with goods left that expire within `days` of `today`, or have already: soonest first."""
    out = []
    for bid, pid, batch_no, expires, qty, name, unit, on_hand, value, cost in session.execute(
        _EXPIRING, {"until": (today + dt.timedelta(days=days)).isoformat()}
    ):
        lot = Lot(
            uuid.UUID(bytes=bytes(bid)),
            uuid.UUID(bytes=bytes(pid)),
            str(batch_no),
            dt.date.fromisoformat(str(expires)),
            int(qty),
        )
        level = Level(int(on_hand), int(value), int(cost))
        out.append(ExpiringLot(lot, str(name), str(unit), level.take(lot.qty_milli)[0]))
    return out


WRITE_OFF_REASONS = ("kedaluwarsa", "rusak", "terbuang")


def write_off(
    session: Session,
    actor_id: uuid.UUID | None,
    batch_id: uuid.UUID,
    reason: str,
    *,
    qty: Qty | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Take expired, damaged or wasted goods of one batch off the shelf (all that is left unless `qty`), booked to
    Beban selisih persediaan at their average cost like any adjustment."""
    if reason not in WRITE_OFF_REASONS:
        raise InvalidInput(N_("Choose a reason: expired, damaged or wasted."))
    batch = session.get(StockBatch, batch_id)
    if batch is None:
        raise NotFound(N_("Batch not found."))
    left = next((x.qty_milli for x in lots(session, [batch.product_id])[batch.product_id] if x.batch_id == batch_id), 0)
    amount = qty.milli if qty is not None else left
    if amount <= 0:
        raise InvalidInput(N_("Nothing is left of this batch."))
    if amount > left:
        raise InvalidInput(N_("Only {left} is left of this batch."), left=fmt.qty(left))
    return adjust_stock(session, actor_id, batch.product_id, Qty(-amount), reason, note, at=at, batch_id=batch_id)

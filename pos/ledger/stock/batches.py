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

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Qty
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.schema import Product, StockBatch, core
from pos.ledger.stock.products import set_flag
from pos.ledger.stock.stock_levels import adjust_stock, levels


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
    """The batches with something left of each product, first-expiring first.

    What the batches hold never counts for more than is on hand: goods sold before their batch was received
    (stock below zero until it came) took from it, so the excess comes off the first-expiring batches, the ones
    the shelf would have given first."""
    ids = list(dict.fromkeys(product_ids))
    out: dict[uuid.UUID, list[Lot]] = {pid: [] for pid in ids}
    held = {pid: level.qty_milli for pid, level in levels(session, ids).items()}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join(f":p{i}" for i in range(len(chunk)))
        rows = session.execute(text(_LOTS.format(marks=marks)), {f"p{i}": pid.bytes for i, pid in enumerate(chunk)})
        for bid, pid, batch_no, expires, qty in rows:
            product = uuid.UUID(bytes=bytes(pid))
            out[product].append(
                Lot(uuid.UUID(bytes=bytes(bid)), product, str(batch_no), dt.date.fromisoformat(str(expires)), int(qty))
            )
    return {pid: _within(found, max(held.get(pid, 0), 0)) for pid, found in out.items()}


def _within(found: list[Lot], on_hand: int) -> list[Lot]:
    excess = sum(x.qty_milli for x in found) - on_hand
    if excess <= 0:
        return found
    kept = []
    for lot in found:
        cut = min(excess, lot.qty_milli)
        excess -= cut
        if lot.qty_milli - cut > 0:
            kept.append(Lot(lot.batch_id, lot.product_id, lot.batch_no, lot.expires_on, lot.qty_milli - cut))
    return kept


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


_CANDIDATES = text(
    "SELECT DISTINCT b.product_id FROM stock_batches b JOIN stock_movements m ON m.batch_id = b.id "
    "WHERE b.expires_on <= :until"
)


def expiring(session: Session, today: dt.date, days: int) -> list[ExpiringLot]:
    """Batches with goods left that expire within `days` of `today`, or have already: soonest first."""
    until = today + dt.timedelta(days=days)
    products = [uuid.UUID(bytes=bytes(r[0])) for r in session.execute(_CANDIDATES, {"until": until.isoformat()})]
    if not products:
        return []
    found = lots(session, products)
    stock = levels(session, products)
    names = {
        r.id: (r.name, r.unit)
        for r in session.execute(select(Product.id, Product.name, Product.unit).where(Product.id.in_(products)))
    }
    out = [
        ExpiringLot(lot, names[pid][0], names[pid][1], stock[pid].take(lot.qty_milli)[0])
        for pid, product_lots in found.items()
        for lot in product_lots
        if lot.expires_on <= until
    ]
    return sorted(out, key=lambda x: (x.lot.expires_on, x.name))


def set_tracks_expiry(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    tracks: bool,
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> None:
    """Receive the product with expiry dates from now on (and sell it first-expiring first), or stop."""

    def check(product: Product) -> None:
        if tracks and product.made_to_order:
            raise InvalidInput(N_("A product made to order has no stock of its own to expire."))

    set_flag(session, actor, product_id, "tracks_expiry", tracks, check, approvals=approvals, at=at)


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
        raise Conflict(N_("Nothing is left of this batch."))
    if amount > left:
        raise InvalidInput(N_("Only {left} is left of this batch."), left=fmt.qty(left))
    return adjust_stock(session, actor_id, batch.product_id, Qty(-amount), reason, note, at=at, batch_id=batch_id)


def tracking_expiry(session: Session, product_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Those of `product_ids` received with expiry dates."""
    ids = list(dict.fromkeys(product_ids))
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        found.update(
            session.scalars(select(Product.id).where(Product.id.in_(ids[start : start + 500]), Product.tracks_expiry))
        )
    return found

"""Taking goods out of stock within one event (a sale, a production run): at moving-average cost, from the
first-expiring batches of products that track expiry, and at no cost for a consignor's goods (never the shop's).

Levels and batches are read once for the event and followed in memory as it takes, so two lines of the same
product in one sale leave at the cost and from the batches the first left behind.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.ledger.base.ids import new_id
from pos.ledger.base.money import div_round_half_up
from pos.ledger.schema import Product
from pos.ledger.stock.batches import Lot, after_taking, lots, pick_fefo
from pos.ledger.stock.stock_levels import Level, levels


@dataclass(frozen=True, slots=True)
class Taken:
    """What one take moved: per batch (None: unbatched) the quantity and its cost value."""

    product_id: uuid.UUID
    parts: tuple[tuple[uuid.UUID | None, int, int], ...]

    @property
    def cost(self) -> int:
        return sum(v for _b, _q, v in self.parts)

    def movements(
        self, kind: str, source_id: uuid.UUID, day: dt.date, when: dt.datetime, reason: str = ""
    ) -> list[dict[str, Any]]:
        """The stock movements out, one per batch, as rows (negative quantities and values)."""
        return [
            {
                "id": new_id(),
                "product_id": self.product_id,
                "kind": kind,
                "qty_milli": -qty,
                "value": -value,
                "source_id": source_id,
                "business_date": day,
                "created_at": when,
                "reason": reason,
                "batch_id": batch,
            }
            for batch, qty, value in self.parts
            if qty
        ]


def split_value(value: int, quantities: list[int]) -> list[int]:
    """`value` shared over `quantities` in proportion, by cumulative rounding, so the parts add up to it exactly."""
    total = sum(quantities)
    if total <= 0:
        return [value] + [0] * (len(quantities) - 1) if quantities else []
    out, before, running = [], 0, 0
    for qty in quantities:
        running += qty
        upto = div_round_half_up(value * running, total)
        out.append(upto - before)
        before = upto
    return out


class StockOut:
    """The stock of the products an event takes from, followed as it takes."""

    def __init__(
        self,
        session: Session,
        product_ids: Iterable[uuid.UUID],
        known: Mapping[uuid.UUID, tuple[bool, uuid.UUID | None]] | None = None,
    ) -> None:
        """`known` may give, for some of the products, whether each tracks expiry and its consignor, already read
        by the caller (a sale reads them with its other product facts in one query); the rest are read here."""
        ids = list(dict.fromkeys(product_ids))
        self.levels: dict[uuid.UUID, Level] = levels(session, ids)
        self.consigned: set[uuid.UUID] = set()
        tracked: list[uuid.UUID] = []
        given = known or {}
        rows: list[tuple[uuid.UUID, bool, uuid.UUID | None]] = [(pid, *given[pid]) for pid in ids if pid in given]
        missing = [pid for pid in ids if pid not in given]
        for start in range(0, len(missing), 500):
            rows.extend(
                (pid, bool(tracks), consignor)
                for pid, tracks, consignor in session.execute(
                    select(Product.id, Product.tracks_expiry, Product.consignor_id).where(
                        Product.id.in_(missing[start : start + 500])
                    )
                )
            )
        for pid, tracks, consignor in rows:
            if tracks:
                tracked.append(pid)
            if consignor is not None:
                self.consigned.add(pid)
        self.lots: dict[uuid.UUID, list[Lot]] = lots(session, tracked) if tracked else {}

    def take(self, product_id: uuid.UUID, qty_milli: int) -> Taken:
        """Take `qty_milli` of the product: the cost at its moving average (nothing for a consignor's goods),
        split over the first-expiring batches in proportion to what each gives."""
        level = self.levels[product_id]
        if product_id in self.consigned:
            # Consigned goods carry no value in Persediaan: they leave at none, whatever the product's cost says.
            cost, self.levels[product_id] = 0, Level(level.qty_milli - qty_milli, level.value, 0)
        else:
            cost, self.levels[product_id] = level.take(qty_milli)
        available = self.lots.get(product_id)
        if available is None:
            return Taken(product_id, ((None, qty_milli, cost),))
        picked = pick_fefo(available, qty_milli)
        self.lots[product_id] = after_taking(available, picked)
        values = split_value(cost, [q for _b, q in picked])
        return Taken(product_id, tuple((b, q, v) for (b, q), v in zip(picked, values, strict=True)))

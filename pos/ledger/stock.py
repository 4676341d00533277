"""Stock on hand and its cost: derived from movements, valued at moving-average cost.

On-hand quantity and value are the sums of a product's movements (a trigger keeps them per product in
`stock_levels`, in the same transaction). Goods leave at the average cost of what is on hand; selling more than
is on hand is allowed, since the sale happened, and the shortfall is costed at the product's standard cost.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.money import MILLI, div_round_half_up


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

"""Stock value as a report: quantity and cost of each product on hand as of a day, most valuable first."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.reports.rows import plain
from pos.ledger.stock.stock_levels import StockLine

# What is on hand now (the per-product totals the trigger keeps) less what moved after the day: a statement is
# usually for a recent day, so this reads a few weeks of movements instead of the whole history.
_PER_PRODUCT = (
    "SELECT p.id, p.name, p.unit, COALESCE(l.qty_milli, 0) - COALESCE(a.qty, 0) AS qty, "
    "COALESCE(l.value, 0) - COALESCE(a.value, 0) AS value, p.low_stock_milli AS low "
    "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id LEFT JOIN ("
    " SELECT product_id, SUM(qty_milli) AS qty, SUM(value) AS value FROM stock_movements"
    " WHERE business_date > :d GROUP BY product_id) a ON a.product_id = p.id"
)
_AS_OF = text(f"{_PER_PRODUCT} ORDER BY value DESC, p.name")
# The same figures folded in SQL: the first rows by value, each carrying the totals over every product held, so
# a catalogue of 100,000 products costs one pass and a handful of rows instead of 100,000 objects.
_SUMMARY = text(
    f"WITH s AS ({_PER_PRODUCT}) "
    "SELECT id, name, unit, qty, value, low, COUNT(*) OVER (), SUM(value) OVER (), SUM(qty < 0) OVER () "
    "FROM s WHERE qty <> 0 OR value <> 0 ORDER BY value DESC, name LIMIT :n"
)


@dataclass(frozen=True, slots=True)
class StockReport:
    as_of: dt.date
    lines: tuple[StockLine, ...]  # most valuable first; products with nothing on hand and no value left out

    @property
    def total_value(self) -> int:
        return sum(x.value for x in self.lines)

    @property
    def products(self) -> int:
        return len(self.lines)

    @property
    def negative(self) -> tuple[StockLine, ...]:
        """Products sold beyond what the books had: a purchase or a count is missing."""
        return tuple(x for x in self.lines if x.qty_milli < 0)

    def top(self, n: int) -> tuple[StockLine, ...]:
        return self.lines[:n]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "lines": [plain(x) for x in self.lines],
            "total_value": self.total_value,
            "products": self.products,
            "negative": len(self.negative),
        }


def stock_report(session: Session, as_of: dt.date) -> StockReport:
    """Stock on hand at the end of `as_of`, valued at moving-average cost (equals Persediaan on that day)."""
    rows = session.execute(_AS_OF, {"d": as_of.isoformat()})
    lines = tuple(
        StockLine(uuid.UUID(bytes=bytes(r[0])), str(r[1]), str(r[2]), int(r[3]), int(r[4]), int(r[5]))
        for r in rows
        if r[3] or r[4]
    )
    return StockReport(as_of, lines)


@dataclass(frozen=True, slots=True)
class StockSummary:
    """Stock on hand as of a day in the few figures a statement prints: the most valuable products and the totals
    over all of them (the same figures as `StockReport`, without a line per product)."""

    as_of: dt.date
    top: tuple[StockLine, ...]  # the most valuable products, most valuable first
    total_value: int
    products: int  # products with something on hand or a value left
    negative: int  # products sold beyond the stock in the books

    def rest(self, shown: int) -> tuple[int, int]:
        """How many products, and what value, lie beyond the first `shown`."""
        first = self.top[:shown]
        return self.products - len(first), self.total_value - sum(x.value for x in first)

    def as_dict(self) -> dict[str, Any]:
        return {**plain(self), "as_of": self.as_of.isoformat(), "top": [plain(x) for x in self.top]}


def stock_summary(session: Session, as_of: dt.date, top: int = 20) -> StockSummary:
    """The `top` most valuable products on hand at the end of `as_of`, and the totals over every product."""
    rows = session.execute(_SUMMARY, {"d": as_of.isoformat(), "n": top}).all()
    lines = tuple(
        StockLine(uuid.UUID(bytes=bytes(r[0])), str(r[1]), str(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows
    )
    products, total, negative = (int(rows[0][6]), int(rows[0][7]), int(rows[0][8])) if rows else (0, 0, 0)
    return StockSummary(as_of, lines, total, products, negative)

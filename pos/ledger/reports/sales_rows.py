"""A row of sales figures, and a product's variants grouped under the product's total.

The grouping works on rows alone, without the books, so a test can give it rows of any shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pos.ledger.reports.rows import margin_bp, plain


@dataclass(frozen=True, slots=True)
class SalesRow:
    key: str
    label: str
    sales: int  # sales counted (voided ones are not)
    qty_milli: int  # base units sold, in thousandths (products only)
    gross: int  # before discounts
    discount: int
    revenue: int  # after discounts, without PPN: what Pendapatan keeps
    cost: int
    returns: int = 0
    returned_qty_milli: int = 0
    returned_revenue: int = 0
    returned_cost: int = 0

    @property
    def net_revenue(self) -> int:
        return self.revenue - self.returned_revenue

    @property
    def net_cost(self) -> int:
        return self.cost - self.returned_cost

    @property
    def gross_profit(self) -> int:
        return self.net_revenue - self.net_cost

    @property
    def margin_bp(self) -> int:
        return margin_bp(self.gross_profit, self.net_revenue)

    def as_dict(self) -> dict[str, Any]:
        return {
            **plain(self),
            "net_revenue": self.net_revenue,
            "gross_profit": self.gross_profit,
            "margin_bp": self.margin_bp,
        }


@dataclass(frozen=True, slots=True)
class ProductGroup:
    """A product sold as its variants: their rows added up under the product's name.

    The total leaves `sales` and `returns` at zero, as the breakdown's total does: a sale of two sizes is one sale,
    which adding the variants' counts would make two."""

    total: SalesRow
    variants: tuple[SalesRow, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.total.key,
            "label": self.total.label,
            "total": self.total.as_dict(),
            "variants": [v.key for v in self.variants],
        }


def _sum(key: str, label: str, rows: list[SalesRow]) -> SalesRow:
    def add(name: str) -> int:
        return sum(int(getattr(r, name)) for r in rows)

    return SalesRow(
        key,
        label,
        0,
        add("qty_milli"),
        add("gross"),
        add("discount"),
        add("revenue"),
        add("cost"),
        0,
        add("returned_qty_milli"),
        add("returned_revenue"),
        add("returned_cost"),
    )


def _rank(row: SalesRow) -> tuple[int, str, str]:
    return (-row.net_revenue, row.label, row.key)


SalesBreakdownRows = tuple[tuple[SalesRow, ...], tuple[ProductGroup, ...]]


def group_variants(rows: list[SalesRow], parents: dict[str, tuple[str, str]]) -> SalesBreakdownRows:
    """Rows by product with each product's variants together under its total, ranked by net sales.

    Nested rather than merged: the owner sees the product's total beside single products, and which size or
    colour of it sells. A product sold on its own before it had variants keeps that row, among its variants."""
    owners = {parent for parent, _name in parents.values()}
    members: dict[str, list[SalesRow]] = {}
    names: dict[str, str] = {}
    top: list[SalesRow] = []
    for row in rows:
        parent = parents.get(row.key) or ((row.key, row.label) if row.key in owners else None)
        if parent is None:
            top.append(row)
            continue
        members.setdefault(parent[0], []).append(row)
        names[parent[0]] = parent[1]
    groups = {
        key: ProductGroup(_sum(key, names[key], variants), tuple(sorted(variants, key=_rank)))
        for key, variants in members.items()
    }
    ranked = sorted(
        [(row, ()) for row in top] + [(g.total, g.variants) for g in groups.values()], key=lambda e: _rank(e[0])
    )
    ordered = [row for total, variants in ranked for row in (variants or (total,))]
    return tuple(ordered), tuple(sorted(groups.values(), key=lambda g: _rank(g.total)))

"""What the shop's prices gave away and to whom, over a period: each promotion's uptake and cost, the margin per
product before and after promotions, and which customer groups and customers buy what.

Read from the sales' recorded effects (`sale_effects`), voided sales left out. A free item's cost to the shop is
its HPP (the sale line's cost); what it saved the customer is its price.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.period import Period
from pos.ledger.reports.rows import margin_bp, plain

_SALES: Final = (
    "FROM sales s WHERE s.business_date BETWEEN :start AND :end "
    "AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
)


def _params(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


@dataclass(frozen=True, slots=True)
class UptakeRow:
    kind: str  # tier, group, promo, free, cart, voucher, points
    name: str
    sales: int  # sales it applied to
    share_bp: int  # of all the period's sales
    qty_milli: int  # pieces it covered (thousandths)
    saved: int  # what it took off for the customers
    free_cost: int  # the HPP of goods it gave free

    @property
    def cost(self) -> int:
        """What it cost the shop: discounts given, and the cost of goods given free (not their price)."""
        return self.saved + self.free_cost if self.kind != "free" else self.free_cost


@dataclass(frozen=True, slots=True)
class PromotionReport:
    period: Period
    sales: int
    rows: tuple[UptakeRow, ...]

    @property
    def cost(self) -> int:
        return sum(r.cost for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "sales": self.sales,
            "rows": [{**plain(r), "cost": r.cost} for r in self.rows],
            "cost": self.cost,
        }


def promotion_report(session: Session, period: Period) -> PromotionReport:
    """Every tier, group price, promotion, voucher and points redemption used in `period`: how often and what
    it cost, the costliest first."""
    params = _params(period)
    total = int(session.execute(text(f"SELECT COUNT(*) {_SALES}"), params).scalar_one())
    rows = session.execute(
        text(
            "SELECT e.kind, e.name, COUNT(DISTINCT e.sale_id), SUM(e.qty_milli), SUM(e.saved), "
            "SUM(CASE WHEN e.kind = 'free' THEN COALESCE(l.cost, 0) ELSE 0 END) FROM sale_effects e "
            "LEFT JOIN sale_lines l ON l.sale_id = e.sale_id AND l.line_no = e.line_no "
            f"WHERE e.sale_id IN (SELECT s.id {_SALES}) GROUP BY e.kind, e.name"
        ),
        params,
    )
    found = [
        UptakeRow(
            str(kind),
            str(name),
            int(sales),
            margin_bp(int(sales), total),
            int(qty or 0),
            int(saved or 0),
            int(free_cost or 0),
        )
        for kind, name, sales, qty, saved, free_cost in rows
    ]
    return PromotionReport(period, total, tuple(sorted(found, key=lambda r: (-r.cost, r.kind, r.name))))


@dataclass(frozen=True, slots=True)
class ProductMargin:
    name: str
    qty_milli: int  # base units sold, free ones included
    revenue: int  # as booked, after every discount, without PPN
    promotions: int  # what promotions took off its lines (cart-wide promotions, vouchers and points are apart)
    free_cost: int  # the HPP of pieces given free
    cost: int  # all HPP, free pieces included

    @property
    def margin_before_bp(self) -> int:
        """The margin had no promotion been given: the discounts kept, the free pieces not given."""
        before = self.revenue + self.promotions
        return margin_bp(before - (self.cost - self.free_cost), before)

    @property
    def margin_after_bp(self) -> int:
        return margin_bp(self.revenue - self.cost, self.revenue)


@dataclass(frozen=True, slots=True)
class MarginAfterPromotions:
    period: Period
    products: tuple[ProductMargin, ...]  # products that had a promotion, the costliest first
    revenue: int  # of every sale of the period
    cart_promotions: int  # cart promotions, vouchers and points
    cost: int

    @property
    def margin_bp(self) -> int:
        return margin_bp(self.revenue - self.cost, self.revenue)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "products": [
                {**plain(p), "margin_before_bp": p.margin_before_bp, "margin_after_bp": p.margin_after_bp}
                for p in self.products
            ],
            "revenue": self.revenue,
            "cart_promotions": self.cart_promotions,
            "cost": self.cost,
            "margin_bp": self.margin_bp,
        }


def margin_after_promotions(session: Session, period: Period) -> MarginAfterPromotions:
    """Per product with a promotion, its margin before and after promotions; and the period's whole margin."""
    params = _params(period)
    rows = session.execute(
        text(
            "SELECT l.product_id, MIN(l.name), SUM(l.qty_milli * l.pack_milli / 1000), SUM(l.revenue), "
            "SUM(COALESCE(p.promo, 0)), SUM(CASE WHEN f.line_no IS NOT NULL THEN l.cost ELSE 0 END), SUM(l.cost) "
            "FROM sale_lines l "
            "LEFT JOIN (SELECT sale_id, line_no, SUM(saved) AS promo FROM sale_effects WHERE kind = 'promo' "
            "GROUP BY sale_id, line_no) p ON p.sale_id = l.sale_id AND p.line_no = l.line_no "
            "LEFT JOIN (SELECT DISTINCT sale_id, line_no FROM sale_effects WHERE kind = 'free') f "
            "ON f.sale_id = l.sale_id AND f.line_no = l.line_no "
            f"WHERE l.sale_id IN (SELECT s.id {_SALES}) GROUP BY l.product_id"
        ),
        params,
    )
    products = []
    revenue = cost = 0
    for _pid, name, qty, rev, promo, free_cost, line_cost in rows:
        revenue += int(rev or 0)
        cost += int(line_cost or 0)
        if promo or free_cost:
            products.append(
                ProductMargin(str(name), int(qty or 0), int(rev), int(promo), int(free_cost), int(line_cost))
            )
    cart = session.execute(
        text(
            "SELECT COALESCE(SUM(saved), 0) FROM sale_effects WHERE kind IN ('cart', 'voucher', 'points') "
            f"AND sale_id IN (SELECT s.id {_SALES})"
        ),
        params,
    ).scalar_one()
    ordered = sorted(products, key=lambda p: (-(p.promotions + p.free_cost), p.name))
    return MarginAfterPromotions(period, tuple(ordered), revenue, int(cart), cost)


@dataclass(frozen=True, slots=True)
class BuyerRow:
    buyer: str  # the group's or the customer's name; '' for sales without a customer
    group: str
    product: str
    qty_milli: int
    revenue: int


def who_buys_what(session: Session, period: Period, *, by: str = "group", limit: int = 200) -> list[BuyerRow]:
    """What each customer group (`by="group"`) or customer (`by="customer"`) bought in `period`, the most
    revenue first: the rows a shop reads to see what its grosir customers or its members take."""
    buyer = "COALESCE(g.name, '')" if by == "group" else "COALESCE(c.name, '')"
    rows = session.execute(
        text(
            f"SELECT {buyer}, COALESCE(g.name, ''), l.name, SUM(l.qty_milli * l.pack_milli / 1000), SUM(l.revenue) "
            "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN customer_groups g ON g.id = c.group_id "
            "WHERE s.business_date BETWEEN :start AND :end "
            "AND NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id) "
            "GROUP BY 1, 2, l.product_id ORDER BY 5 DESC, 1, 3 LIMIT :limit"
        ),
        {**_params(period), "limit": limit},
    )
    return [BuyerRow(str(b), str(g), str(p), int(q or 0), int(r or 0)) for b, g, p, q, r in rows]

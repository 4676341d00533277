"""Recipes against the shelf: what the recipes say sales used of each ingredient over a period beside what the stock
movements show left the shelf (sold as itself, used in production, written off, short at a count), so waste and
over-pouring show as a difference; and each product's cost from its recipe at today's average costs, with its
margin.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.money import FULL_BP, div_round_half_up
from pos.ledger.base.period import Period
from pos.ledger.reports.rows import plain
from pos.ledger.stock.batches import WRITE_OFF_REASONS
from pos.ledger.stock.production import REASON as PRODUCTION
from pos.ledger.stock.recipes import RecipeCost, recipe_cost

_NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
_INGREDIENTS = text(
    "SELECT p.id, p.name, p.unit FROM products p WHERE p.id IN (SELECT ingredient_id FROM recipe_lines) ORDER BY p.name"
)
_BY_RECIPES = text(
    "SELECT x.product_id, SUM(x.qty_milli) FROM sale_line_parts x JOIN sales s ON s.id = x.sale_id "
    f"WHERE s.business_date BETWEEN :s AND :e AND {_NOT_VOIDED} GROUP BY x.product_id"
)
_SOLD_ITSELF = text(
    "SELECT l.product_id, SUM(l.qty_milli * l.pack_milli / 1000) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
    f"WHERE s.business_date BETWEEN :s AND :e AND {_NOT_VOIDED} GROUP BY l.product_id"
)
_MOVED = text(
    "SELECT product_id,"
    " -COALESCE(SUM(CASE WHEN kind IN ('sale','void') THEN qty_milli END), 0),"
    " -COALESCE(SUM(CASE WHEN kind = 'adjust' AND reason = :prod AND qty_milli < 0 THEN qty_milli END), 0),"
    " -COALESCE(SUM(CASE WHEN kind = 'adjust' AND reason IN (:w0, :w1, :w2, :w3) THEN qty_milli END), 0),"
    " -COALESCE(SUM(CASE WHEN kind = 'count' THEN qty_milli END), 0)"
    " FROM stock_movements WHERE business_date BETWEEN :s AND :e GROUP BY product_id"
)


@dataclass(frozen=True, slots=True)
class IngredientUse:
    """One ingredient over the period, in thousandths of its unit; positive figures left the shelf."""

    product_id: uuid.UUID
    name: str
    unit: str
    by_recipes: int  # what the recipes of the products and add-ons sold say was used
    sold_itself: int  # sold over the counter as it is (a bottle of milk)
    by_sales: int  # what the sales took from the shelf, net of voids: should be the two above
    production: int  # used as a material in production runs
    written_off: int  # expired, damaged, wasted or lost
    counted_short: int  # missing at stock takes (negative: found)

    @property
    def used(self) -> int:
        """All that left the shelf but returns to suppliers and consignors."""
        return self.by_sales + self.production + self.written_off + self.counted_short

    @property
    def beyond_recipes(self) -> int:
        """What left the shelf beyond the recipes, what was sold as it is and production: waste and shortfall."""
        return self.used - self.by_recipes - self.sold_itself - self.production


@dataclass(frozen=True, slots=True)
class IngredientReport:
    period: Period
    lines: tuple[IngredientUse, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "lines": [{**plain(x), "used": x.used, "beyond_recipes": x.beyond_recipes} for x in self.lines],
        }


def _by_product(session: Session, query: Any, params: dict[str, Any]) -> dict[bytes, tuple[int, ...]]:
    return {bytes(r[0]): tuple(int(x or 0) for x in r[1:]) for r in session.execute(query, params)}


def ingredient_use(session: Session, period: Period) -> IngredientReport:
    """Every product used as an ingredient in a recipe, with its use over `period` (business days)."""
    days = {"s": period.start.isoformat(), "e": period.end.isoformat()}
    recipes = _by_product(session, _BY_RECIPES, days)
    itself = _by_product(session, _SOLD_ITSELF, days)
    reasons = {f"w{i}": r for i, r in enumerate((*WRITE_OFF_REASONS, "hilang"))}
    moved = _by_product(session, _MOVED, {**days, "prod": PRODUCTION, **reasons})
    lines = []
    for pid, name, unit in session.execute(_INGREDIENTS):
        key = bytes(pid)
        sales, production, written, counted = moved.get(key, (0, 0, 0, 0))
        lines.append(
            IngredientUse(
                uuid.UUID(bytes=key),
                str(name),
                str(unit),
                recipes.get(key, (0,))[0],
                itself.get(key, (0,))[0],
                sales,
                production,
                written,
                counted,
            )
        )
    return IngredientReport(period, tuple(lines))


@dataclass(frozen=True, slots=True)
class CostLine:
    """One product made from a recipe: its price, what the recipe costs today, and the margin left."""

    recipe: RecipeCost

    @property
    def margin_bp(self) -> int | None:
        price = self.recipe.price
        return div_round_half_up(self.recipe.margin * FULL_BP, price) if price > 0 else None


_OWNERS = text(
    "SELECT p.id FROM products p WHERE p.id IN (SELECT owner_id FROM recipe_lines) AND p.is_active ORDER BY p.name"
)


def recipe_costs(session: Session) -> list[CostLine]:
    """Every active product with a recipe, by name, costed at its ingredients' moving-average cost now."""
    return [CostLine(recipe_cost(session, uuid.UUID(bytes=bytes(r[0])))) for r in session.execute(_OWNERS)]


def cost_dict(line: CostLine) -> dict[str, Any]:
    r = line.recipe
    return {
        "product": r.name,
        "price": r.price,
        "cost": r.cost,
        "margin": r.margin,
        "margin_bp": line.margin_bp,
        "ingredients": [
            {"name": x.name, "unit": x.unit, "qty_milli": x.qty_milli, "unit_cost": x.unit_cost, "cost": x.cost}
            for x in r.ingredients
        ],
    }

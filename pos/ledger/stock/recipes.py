"""Recipes: what one unit of a product (or of one add-on) is made of, in thousandths of each ingredient's own
unit (grams, millilitres, pieces, metres), and what that costs at the ingredients' moving-average cost.

A product made to order (a cafe's drink) is never stocked: selling one takes its recipe's ingredients from stock,
and its HPP is what they cost. A product made ahead (masks from cloth) is stocked, and its recipe proposes the
materials of a production run (`production`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.money import MILLI, div_round_half_up
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Modifier, Product, RecipeLine, core
from pos.ledger.stock.products import set_flag
from pos.ledger.stock.stock_levels import levels

_NAMESPACE: Final = uuid.UUID("3f4c1e2a-8b7d-4e1f-a6c9-5d2b8e0f7a31")


@dataclass(frozen=True, slots=True)
class Ingredient:
    product_id: uuid.UUID
    qty_milli: int  # per one unit of what the recipe makes, in thousandths of the ingredient's unit


@dataclass(frozen=True, slots=True)
class CostedIngredient:
    product_id: uuid.UUID
    name: str
    unit: str
    qty_milli: int
    unit_cost: int  # the ingredient's moving-average cost of one whole unit now
    cost: int  # of the recipe's quantity


@dataclass(frozen=True, slots=True)
class RecipeCost:
    """What one unit of a product costs from its recipe, ingredient by ingredient, at today's average costs."""

    product_id: uuid.UUID
    name: str
    price: int
    ingredients: tuple[CostedIngredient, ...]

    @property
    def cost(self) -> int:
        return sum(x.cost for x in self.ingredients)

    @property
    def margin(self) -> int:
        return self.price - self.cost


def usable_material(session: Session, product_id: uuid.UUID) -> Product:
    """The product, if the shop may use it up as an ingredient or a production's material: its own stock, not a
    made-to-order product (it has none) nor a consignor's goods."""
    material = session.get(Product, product_id)
    if material is None:
        raise NotFound(N_("Product not found."))
    if material.made_to_order:
        raise InvalidInput(
            N_("{name} is made to order, so it has no stock to use; use its own ingredients."), name=material.name
        )
    if material.consignor_id is not None:
        raise InvalidInput(N_("{name} is a consignor's, not the shop's to use."), name=material.name)
    return material


def line_id(owner_id: uuid.UUID, ingredient_id: uuid.UUID) -> uuid.UUID:
    # One line per ingredient of a recipe, the same row on every counter.
    return uuid.uuid5(_NAMESPACE, f"recipe:{owner_id.hex}:{ingredient_id.hex}")


def _owner_name(session: Session, owner_id: uuid.UUID) -> str:
    product = session.get(Product, owner_id)
    if product is not None:
        return product.name
    modifier = session.get(Modifier, owner_id)
    if modifier is not None:
        return modifier.name
    raise NotFound(N_("Product not found."))


def set_recipe(
    session: Session,
    actor: Actor,
    owner_id: uuid.UUID,
    ingredients: Sequence[Ingredient],
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> None:
    """Make `ingredients` the recipe of a product or an add-on (an empty list removes it)."""
    when = at or utc_now()
    approved_by = require(actor, "edit_product", approvals, when)
    name = _owner_name(session, owner_id)
    seen: set[uuid.UUID] = set()
    for item in ingredients:
        if item.product_id in seen:
            raise InvalidInput(N_("An ingredient is listed twice."))
        seen.add(item.product_id)
        if item.product_id == owner_id:
            raise InvalidInput(N_("A product cannot be an ingredient of itself."))
        if item.qty_milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        usable_material(session, item.product_id)
    _refuse_loop(session, owner_id, seen)
    current = {r.id: r for r in session.scalars(select(RecipeLine).where(RecipeLine.owner_id == owner_id))}
    for position, item in enumerate(ingredients):
        lid = line_id(owner_id, item.product_id)
        fields = {
            "owner_id": owner_id,
            "ingredient_id": item.product_id,
            "qty_milli": item.qty_milli,
            "position": position,
        }
        row = current.pop(lid, None)
        if row is None:
            session.execute(insert(core(RecipeLine)), [{"id": lid, **fields}])
        elif row.qty_milli == item.qty_milli and row.position == position:
            continue
        else:
            session.execute(update(RecipeLine).where(RecipeLine.id == lid).values(**fields))
        record_change(session, "recipe_lines", lid, {**fields, "deleted": False}, when)
    for lid in current:
        session.execute(core(RecipeLine).delete().where(core(RecipeLine).c.id == lid))
        record_change(session, "recipe_lines", lid, {"deleted": True}, when)
    if not ingredients:
        made = session.scalar(select(Product.made_to_order).where(Product.id == owner_id))
        if made:
            session.execute(update(Product).where(Product.id == owner_id).values(made_to_order=False))
            record_change(session, "products", owner_id, {"made_to_order": False}, when)
    audit.record(
        session,
        "product.recipe",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        detail={"product": name, "ingredients": len(ingredients)},
    )


def _refuse_loop(session: Session, owner_id: uuid.UUID, ingredients: Iterable[uuid.UUID]) -> None:
    """Refuse a recipe with an ingredient made, through its own recipe at any depth, from `owner_id`: a
    production run of one would use up the other and back, and a cost from the recipe would never end."""
    for ingredient in ingredients:
        reached, frontier = {ingredient}, {ingredient}
        while frontier:
            found = {x.product_id for lines in recipes_for(session, frontier).values() for x in lines}
            if owner_id in found:
                raise InvalidInput(
                    N_("{name} is already made from this product, so it cannot be one of its ingredients."),
                    name=_owner_name(session, ingredient),
                )
            frontier = found - reached
            reached |= found


def set_made_to_order(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    made_to_order: bool,
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> None:
    """Sell the product from its recipe's ingredients (True) or from its own stock (False)."""

    def check(product: Product) -> None:
        if not made_to_order:
            return
        if not recipe_of(session, product_id):
            raise Conflict(N_("Give {name} a recipe first: its ingredients are what a sale uses."), name=product.name)
        if product.consignor_id is not None:
            raise InvalidInput(N_("{name} is a consignor's, not the shop's to make."), name=product.name)
        if product.tracks_expiry:
            raise InvalidInput(N_("A product made to order has no stock of its own to expire."))

    set_flag(session, actor, product_id, "made_to_order", made_to_order, check, approvals=approvals, at=at)


def is_made_to_order(session: Session, product_id: uuid.UUID) -> bool:
    return bool(session.scalar(select(Product.made_to_order).where(Product.id == product_id)))


def recipe_of(session: Session, owner_id: uuid.UUID) -> tuple[Ingredient, ...]:
    return tuple(recipes_for(session, [owner_id]).get(owner_id, ()))


def recipes_for(session: Session, owner_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Ingredient]]:
    """The recipes of these products and add-ons (those without one are left out), in one query a chunk."""
    ids = list(set(owner_ids))
    out: dict[uuid.UUID, list[Ingredient]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(RecipeLine.owner_id, RecipeLine.ingredient_id, RecipeLine.qty_milli)
            .where(RecipeLine.owner_id.in_(ids[start : start + 500]))
            .order_by(RecipeLine.owner_id, RecipeLine.position)
        )
        for owner, ingredient, qty in rows:
            out[owner].append(Ingredient(ingredient, int(qty)))
    return dict(out)


def scaled(recipe: Iterable[Ingredient], units_milli: int) -> list[Ingredient]:
    """The ingredients of `units_milli` thousandths of what the recipe makes (a sale of 2 is 2000)."""
    return [Ingredient(x.product_id, div_round_half_up(x.qty_milli * units_milli, MILLI)) for x in recipe]


def recipe_cost(session: Session, product_id: uuid.UUID) -> RecipeCost:
    """One unit's cost from its recipe at the ingredients' moving-average costs now."""
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found."))
    return RecipeCost(product_id, product.name, int(product.price), costed(session, recipe_of(session, product_id)))


def costed(session: Session, recipe: Sequence[Ingredient]) -> tuple[CostedIngredient, ...]:
    """Each ingredient with its name, unit and cost at its moving-average cost now: what the recipe form shows
    while the owner is still typing it, and what `recipe_cost` adds up."""
    stock = levels(session, [x.product_id for x in recipe])
    names = {
        r.id: (r.name, r.unit)
        for r in session.execute(
            select(Product.id, Product.name, Product.unit).where(Product.id.in_([x.product_id for x in recipe]))
        )
    }
    missing = [x for x in recipe if x.product_id not in names]
    if missing:
        raise NotFound(N_("Product not found."))
    return tuple(
        CostedIngredient(
            x.product_id,
            names[x.product_id][0],
            names[x.product_id][1],
            x.qty_milli,
            stock[x.product_id].average_cost,
            div_round_half_up(stock[x.product_id].average_cost * x.qty_milli, MILLI),
        )
        for x in recipe
    )

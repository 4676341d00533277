"""What the product form holds beyond the product itself (its variants, add-on groups and recipe), read and saved
on the database worker; the form's one Save writes the product and all of these in one transaction, or nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.base.ids import ProductId
from pos.ledger.books.approvals import Actor
from pos.ledger.stock import modifiers, recipes, variant_form, variants
from pos.ledger.stock.product_form import ProductDraft, save_product
from pos.ledger.stock.recipes import CostedIngredient, Ingredient
from pos.ledger.stock.variant_form import VariantRow
from pos.ledger.stock.variants import Option


@dataclass(frozen=True, slots=True)
class Extras:
    is_variant: bool  # a variant has no options of its own
    options: tuple[Option, ...] = ()
    variants: tuple[VariantRow, ...] = ()
    groups: tuple[modifiers.Group, ...] = ()
    offered: tuple[uuid.UUID, ...] = ()
    recipe: tuple[CostedIngredient, ...] = ()
    made_to_order: bool = False


def read_extras(session: Session, product_id: uuid.UUID | None) -> Extras:
    groups = tuple(modifiers.all_groups(session))
    if product_id is None:
        return Extras(False, groups=groups)
    return Extras(
        bool(variants.parents_of(session, [product_id])),
        variants.options_of(session, product_id),
        tuple(variant_form.variant_rows(session, product_id)),
        groups,
        tuple(g.id for g in modifiers.groups_for(session, product_id)),
        recipes.recipe_cost(session, product_id).ingredients,
        recipes.is_made_to_order(session, product_id),
    )


@dataclass(frozen=True, slots=True)
class ExtrasDraft:
    """What to save besides the product; None leaves that part as it is."""

    options: tuple[Option, ...] | None = None
    variants: tuple[VariantRow, ...] = ()
    offered: tuple[uuid.UUID, ...] | None = None
    recipe: tuple[Ingredient, ...] | None = None
    made_to_order: bool = False


def write_all(
    session: Session, actor: Actor, draft: ProductDraft, extras: ExtrasDraft, product_id: uuid.UUID | None
) -> ProductId:
    pid = save_product(session, actor, draft, product_id)
    if extras.options is not None:
        variant_form.save_variants(session, actor, pid, extras.options, extras.variants)
    if extras.offered is not None:
        modifiers.offer_groups(session, actor, pid, extras.offered)
    if extras.recipe is not None:
        recipes.set_recipe(session, actor, pid, extras.recipe)
        recipes.set_made_to_order(session, actor, pid, extras.made_to_order)
    return pid

"""What a sale's lines take from stock and owe, for `ring_up`: the product itself (from its first-expiring
batches when it tracks expiry), or, for a product made to order, its recipe's ingredients; the ingredients of
add-ons with a recipe; and, for a consignor's goods, the split of the line's revenue between the consignor and
the shop's commission.

`ring_up` asks `take` for each line's cost (its HPP) and then writes what this module gathered: the movements,
what each line chose (`sale_line_options`), used (`sale_line_parts`) and owes a consignor
(`sale_line_consignments`), and the postings that move a consigned line's revenue to the consignor and the
commission account.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.books import accounts
from pos.ledger.books.journal import Posting, credit, debit
from pos.ledger.counter.cart import CartLine
from pos.ledger.counter.picking import addon_groups
from pos.ledger.counter.pricing import PricedLine
from pos.ledger.schema import (
    Product,
    ProductModifierGroup,
    ProductOption,
    ProductVariant,
    SaleLineConsignment,
    SaleLineOption,
    SaleLinePart,
    core,
)
from pos.ledger.stock.consignment import Terms, consignor_share
from pos.ledger.stock.recipes import Ingredient, recipes_for, scaled
from pos.ledger.stock.stock_out import StockOut, Taken

# Each product of a sale: whether it has variants (it cannot be sold itself), is made to order, tracks expiry
# dates, or is a consignor's (and on what terms).
_FACTS = select(
    Product.id,
    Product.made_to_order,
    Product.tracks_expiry,
    Product.consignor_id,
    Product.consign_price,
    Product.consign_bp,
    select(ProductOption.id).where(ProductOption.product_id == Product.id).exists().label("has_options"),
    select(ProductModifierGroup.id)
    .where(
        (ProductModifierGroup.product_id == Product.id)
        | ProductModifierGroup.product_id.in_(
            select(ProductVariant.parent_id).where(ProductVariant.product_id == Product.id)
        )
    )
    .exists()
    .label("has_addons"),
).where(Product.id.in_(bindparam("ids", expanding=True)))


def _check_addons(session: Session, line: CartLine, *, offered: bool) -> None:
    """Refuse add-ons the line's product does not offer now, or more of a group than it allows. A cart is built
    by the counter's own checks, but an order taken days ago or another caller of `ring_up` may carry add-ons
    the owner has since retired. A required group left out is not refused here: an order or a command-line sale
    taken before the group was required must still be sold."""
    groups = addon_groups(session, line.product_id) if offered else ()
    by_choice = {choice.id: group for group in groups for choice in group.choices}
    counts: dict[uuid.UUID, int] = {}
    for option in line.options:
        if option.kind != "addon":
            continue
        group = by_choice.get(option.modifier_id) if option.modifier_id is not None else None
        if group is None:
            raise InvalidInput(N_("{addon} is not offered on {name}."), addon=option.name, name=line.name)
        counts[group.id] = counts.get(group.id, 0) + 1
        if counts[group.id] > group.max_choices:
            raise InvalidInput(N_("Choose at most {n} of {group}."), n=group.max_choices, group=group.name)


@dataclass
class SaleStock:
    """The stock a sale takes and what its lines owe consignors, gathered line by line."""

    sale_id: uuid.UUID
    made_to_order: set[uuid.UUID]
    recipes: dict[uuid.UUID, list[Ingredient]]
    terms: dict[uuid.UUID, Terms]
    stock: StockOut
    taken: list[Taken] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    consigned: list[dict[str, Any]] = field(default_factory=list)
    consigned_revenue: int = 0  # revenue of consigned lines, net of PPN
    consigned_discount: int = 0  # their discounts as Potongan penjualan would have booked them

    @classmethod
    def load(cls, session: Session, sale_id: uuid.UUID, lines: Sequence[CartLine]) -> SaleStock:
        """Read, once for the whole sale, the recipes, terms, levels and batches its lines need."""
        product_ids = list(dict.fromkeys(line.product_id for line in lines))
        # One read of what the counter must know of each product, rather than one per feature: this runs in
        # every sale, and most shops use none of variants, recipes, consignment or expiry dates.
        facts = {row.id: row for row in session.execute(_FACTS, {"ids": product_ids})}
        parents = {pid for pid, row in facts.items() if row.has_options}
        if parents:
            name = next(line.name for line in lines if line.product_id in parents)
            raise InvalidInput(N_("Choose which {name} is sold: it comes in variants."), name=name)
        made = {pid for pid, row in facts.items() if row.made_to_order}
        for line in lines:
            if any(o.kind == "addon" for o in line.options):
                known = facts.get(line.product_id)
                _check_addons(session, line, offered=known is not None and bool(known.has_addons))
        addon_ids = list({o.modifier_id for line in lines for o in line.options if o.modifier_id is not None})
        recipes = recipes_for(session, [*made, *addon_ids])
        for pid in made:
            if not recipes.get(pid):
                name = next(line.name for line in lines if line.product_id == pid)
                raise Conflict(N_("Give {name} a recipe first: its ingredients are what a sale uses."), name=name)
        own = [pid for pid in product_ids if pid not in made]
        ingredients = [x.product_id for recipe in recipes.values() for x in recipe]
        terms = {
            pid: Terms(
                row.consignor_id,
                None if row.consign_price is None else int(row.consign_price),
                None if row.consign_bp is None else int(row.consign_bp),
            )
            for pid, row in facts.items()
            if pid not in made and row.consignor_id is not None
        }
        flags = {pid: (bool(row.tracks_expiry), row.consignor_id) for pid, row in facts.items()}
        return cls(sale_id, made, recipes, terms, StockOut(session, [*own, *ingredients], flags))

    def take(self, line_no: int, line: CartLine, priced: PricedLine, base_milli: int) -> int:
        """Take line `line_no` from stock (and note what it chose and owes); returns its cost, its HPP."""
        for position, option in enumerate(line.options, 1):
            self.options.append(
                {
                    "sale_id": self.sale_id,
                    "line_no": line_no,
                    "position": position,
                    "kind": option.kind,
                    "modifier_id": option.modifier_id,
                    "name": option.name[:200],
                    "price": option.price,
                }
            )
        uses: list[tuple[str, Ingredient]] = []
        cost = 0
        if line.product_id in self.made_to_order:
            uses += [("recipe", x) for x in scaled(self.recipes[line.product_id], base_milli)]
        else:
            taken = self.stock.take(line.product_id, base_milli)
            self.taken.append(taken)
            cost += taken.cost
            terms = self.terms.get(line.product_id)
            if terms is not None:
                owed = consignor_share(terms, priced.revenue, base_milli)
                self.consigned.append(
                    {
                        "sale_id": self.sale_id,
                        "line_no": line_no,
                        "consignor_id": terms.consignor_id,
                        "owed": owed,
                        "commission": priced.revenue - owed,
                    }
                )
                self.consigned_revenue += priced.revenue
                self.consigned_discount += priced.discount_ex_ppn
        for option in line.options:
            if option.modifier_id is not None:
                uses += [("addon", x) for x in scaled(self.recipes.get(option.modifier_id, ()), base_milli)]
        for source, ingredient in uses:
            if ingredient.qty_milli <= 0:
                continue
            taken = self.stock.take(ingredient.product_id, ingredient.qty_milli)
            self.taken.append(taken)
            cost += taken.cost
            self.parts.append(
                {
                    "sale_id": self.sale_id,
                    "line_no": line_no,
                    "part_no": len([p for p in self.parts if p["line_no"] == line_no]) + 1,
                    "product_id": ingredient.product_id,
                    "qty_milli": ingredient.qty_milli,
                    "cost": taken.cost,
                    "source": source,
                }
            )
        return cost

    def movements(self, day: dt.date, when: dt.datetime) -> list[dict[str, Any]]:
        return [m for t in self.taken for m in t.movements("sale", self.sale_id, day, when)]

    def consignment_postings(self) -> list[Posting]:
        """The consigned lines' revenue, owed to each consignor and kept as commission."""
        postings: list[Posting] = []
        by_consignor: dict[uuid.UUID, int] = {}
        for row in self.consigned:
            by_consignor[row["consignor_id"]] = by_consignor.get(row["consignor_id"], 0) + row["owed"]
        for consignor, owed in by_consignor.items():
            if owed > 0:
                postings.append(credit(accounts.UTANG_TITIPAN, owed, consignor))
            elif owed < 0:
                postings.append(debit(accounts.UTANG_TITIPAN, -owed, consignor))
        commission = sum(row["commission"] for row in self.consigned)
        if commission > 0:
            postings.append(credit(accounts.PENDAPATAN_KOMISI_TITIP, commission))
        elif commission < 0:
            postings.append(debit(accounts.PENDAPATAN_KOMISI_TITIP, -commission))
        return postings

    def fact_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "sale_line_options": self.options,
            "sale_line_parts": self.parts,
            "sale_line_consignments": self.consigned,
        }

    def write(self, session: Session) -> None:
        """Insert what the lines chose, used and owe (after the sale's lines, which they point at)."""
        for rows, model in (
            (self.options, SaleLineOption),
            (self.parts, SaleLinePart),
            (self.consigned, SaleLineConsignment),
        ):
            if rows:
                session.execute(insert(core(model)), rows)


@dataclass(frozen=True, slots=True)
class SoldLine:
    """What a sale line used besides itself and owed a consignor, as a return needs it."""

    parts_cost: int  # its ingredients' cost (recipe and add-ons): used up, never back on the shelf
    from_recipe: bool  # made to order: the product itself never left stock, so none comes back
    consignor_id: uuid.UUID | None = None
    owed: int = 0
    commission: int = 0


def sold_lines(session: Session, sale_id: uuid.UUID) -> dict[int, SoldLine]:
    """The sale's lines that used ingredients or were a consignor's goods, by line number."""
    parts: dict[int, tuple[int, bool]] = {}
    for line_no, cost, source in session.execute(
        select(SaleLinePart.line_no, SaleLinePart.cost, SaleLinePart.source).where(SaleLinePart.sale_id == sale_id)
    ):
        before, recipe = parts.get(line_no, (0, False))
        parts[line_no] = (before + int(cost), recipe or source == "recipe")
    out = {no: SoldLine(cost, recipe) for no, (cost, recipe) in parts.items()}
    for row in session.scalars(select(SaleLineConsignment).where(SaleLineConsignment.sale_id == sale_id)):
        cost, recipe = parts.get(row.line_no, (0, False))
        out[row.line_no] = SoldLine(cost, recipe, row.consignor_id, int(row.owed), int(row.commission))
    return out

"""What the counter asks before a line goes in the cart: which variant of a product that comes in options (from a
grid of them), and which add-ons of the groups the product offers, with a note; and the line the answers make.

A plain product asks nothing: its scan is the one query `cart.scan` makes, which also tells whether to ask.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import LedgerError, NotFound
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.cart import CartLine, line_for_product, scan
from pos.ledger.counter.line_choices import with_choices
from pos.ledger.schema import ProductVariant
from pos.ledger.stock.barcodes import InStoreFormat
from pos.ledger.stock.modifiers import Group, LineOption, choose, groups_for
from pos.ledger.stock.product_records import Asks, product_with_asks
from pos.ledger.stock.variants import VariantGrid, grid_of


@dataclass(frozen=True, slots=True)
class Pick:
    """A line on its way to the cart: ready, or waiting for a variant (`grid`) or for add-ons (`groups`)."""

    line: CartLine  # for a product with variants, the product itself: only its name and quantity are used
    grid: VariantGrid | None = None
    groups: tuple[Group, ...] = ()

    @property
    def ready(self) -> bool:
        return self.grid is None and not self.groups


def addon_groups(session: Session, product_id: uuid.UUID) -> tuple[Group, ...]:
    """The add-on groups offered on a product: those of the product it is a variant of first (a size of a drink
    takes the drink's sugar levels), then its own."""
    parent = session.scalar(select(ProductVariant.parent_id).where(ProductVariant.product_id == product_id))
    found: list[Group] = []
    for pid in (parent, product_id):
        if pid is not None:
            found += [g for g in groups_for(session, pid) if g.id not in {f.id for f in found}]
    return tuple(found)


def _asked(session: Session, line: CartLine, asks: Asks) -> Pick:
    if asks.variant:
        return Pick(line, grid=grid_of(session, line.product_id))
    if asks.addons:
        return Pick(line, groups=addon_groups(session, line.product_id))
    return Pick(line)


def pick_scan(session: Session, text: str, formats: tuple[InStoreFormat, ...]) -> Pick:
    """What a scan puts in the cart, or asks first; a plain product's scan is one query."""
    found = scan(session, text, formats)
    return _asked(session, found.line, found.asks) if found.asks else Pick(found.line)


def pick_product(session: Session, product_id: uuid.UUID, qty: Qty | None = None) -> Pick:
    """What a product chosen by name, or a variant chosen from its grid, puts in the cart, or asks first.

    The product is read again here, so one archived since the list or the grid was shown is refused rather than
    sold."""
    product, asks = product_with_asks(session, product_id)
    if not product.is_active:
        raise NotFound(N_("{name} is no longer sold."), name=product.name)
    return _asked(session, line_for_product(product, qty or Qty.units(1)), asks)


def chosen_addons(groups: Sequence[Group], chosen: Iterable[uuid.UUID]) -> tuple[LineOption, ...]:
    """The add-ons ticked so far, in the groups' order, before any limit is checked."""
    picked = set(chosen)
    return tuple(LineOption("addon", c.name, c.price, c.id) for g in groups for c in g.choices if c.id in picked)


@dataclass(frozen=True, slots=True)
class Preview:
    """A line as the add-ons ticked so far make it, and why it cannot go in the cart yet (empty when it can)."""

    line: CartLine
    problem: str = ""

    @property
    def total(self) -> Money:
        """The line's price before any discount: its quantity at the product's price and the add-ons'."""
        return self.line.unit_price.times(self.line.qty)


def preview(line: CartLine, groups: Sequence[Group], chosen: Iterable[uuid.UUID], note: str = "") -> Preview:
    """`line` with the add-ons `chosen` and the note, checked against each group's limits as `choose` does."""
    picked = set(chosen)
    try:
        return Preview(with_choices(line, choose(groups, picked, note)))
    except LedgerError as error:
        try:
            shown = with_choices(line, chosen_addons(groups, picked))
        except LedgerError:
            shown = line
        return Preview(shown, str(error))


def line_with_addons(session: Session, line: CartLine, chosen: Iterable[uuid.UUID], note: str = "") -> CartLine:
    """`line` with the add-ons `chosen` and the note, checked against the groups the product offers now (one
    retired since they were shown is refused: its add-ons are no longer offered)."""
    return with_choices(line, choose(addon_groups(session, line.product_id), chosen, note))

"""A cart line with its add-ons and note: the add-ons' prices join the line's unit price (so they are priced,
discounted, taxed and booked as the product is), and the choice travels with the line to the sale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.counter.cart import CartLine
from pos.ledger.stock.modifiers import LineOption, addons_price


def with_choices(line: CartLine, options: Sequence[LineOption]) -> CartLine:
    """`line` with `options` in place of any it had: the unit price is the product's plus the add-ons', a unit
    being one piece or one pack of the line (an add-on on a carton is charged once a carton)."""
    if line.is_weighed and addons_price(options):
        raise InvalidInput(N_("A priced add-on cannot be put on goods sold by weight."))
    before = addons_price(line.options)
    after = addons_price(options)
    base = line.unit_price.rupiah - before
    listed = line.list_price.rupiah - before
    if base < 0 or listed < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    return replace(line, options=tuple(options), unit_price=Money(base + after), list_price=Money(listed + after))


def describe(line: CartLine) -> str:
    """`Less sugar, Extra shot; no ice`: the add-ons, then the note, as the cart and the slips show them."""
    addons = ", ".join(o.name for o in line.options if o.kind == "addon")
    notes = "; ".join(o.name for o in line.options if o.kind == "note")
    return "; ".join(x for x in (addons, notes) if x)

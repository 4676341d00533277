"""Each cart line's price before promotions: the catalogue's (or channel's), a quantity tier it reaches, or its
customer group's price, whichever is lowest. A price the owner changed by hand is kept as it is.

A tier counts every pack of the same size of the product in the cart, so twelve pieces scanned one by one
reach the "from 12" price together, and the price goes back when the cart drops below it. A tier or group
prices the product alone: the add-ons chosen on a line keep their own prices on top.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.money import MILLI, Money
from pos.ledger.counter.cart import CartLine
from pos.ledger.prices.outcome import Effect, PriceFrom, note, qty, rupiah
from pos.ledger.prices.outcome import percent as shown_percent
from pos.ledger.prices.terms import GroupPrice, PriceBook, Tier


@dataclass(frozen=True, slots=True)
class LinePrice:
    unit_price: int
    source: PriceFrom
    effect: Effect | None = None  # how the tier or group price came about; its `line` is set by the caller


def threshold(milli: int) -> str:
    """`12`, or `2,5` for a weight: a tier's threshold as the receipt names it."""
    return str(milli // MILLI) if milli % MILLI == 0 else fmt.qty(milli)


def reached_tier(tiers: Sequence[Tier], qty_milli: int) -> Tier | None:
    """The tier with the highest threshold the quantity reaches (the lowest price among those, on a tie)."""
    found: Tier | None = None
    for tier in tiers:
        if tier.min_milli <= qty_milli and (
            found is None or (tier.min_milli, -tier.price) > (found.min_milli, -found.price)
        ):
            found = tier
    return found


def group_price_of(entry: GroupPrice, list_price: int, pack_milli: int) -> int | None:
    """The group's price for one pack: a fixed price is per piece (or kg), so it prices only pieces (and goods
    sold by weight); a percent prices any pack."""
    if entry.price is not None:
        return entry.price if pack_milli == MILLI else None
    return list_price - Money(list_price).percent(entry.percent_bp).rupiah


def line_prices(lines: Sequence[CartLine], book: PriceBook) -> list[LinePrice]:
    counted: dict[tuple[object, int], int] = defaultdict(int)
    if book.tiers:
        for line in lines:
            counted[(line.product_id, line.pack_milli)] += line.qty.milli
    group = book.group
    out = []
    for line in lines:
        extras = sum(o.price for o in line.options)
        list_price = line.list_price.rupiah
        product_list = list_price - extras
        if line.overridden or not book.shop_prices:
            out.append(LinePrice(line.unit_price.rupiah, "hand" if line.overridden else "list"))
            continue
        chosen = LinePrice(list_price, "list")
        tiers = book.tiers.get((line.product_id, line.pack_milli)) if book.tiers else None
        tier = reached_tier(tiers, counted[(line.product_id, line.pack_milli)]) if tiers else None
        if tier is not None and tier.price + extras < chosen.unit_price:
            chosen = LinePrice(
                tier.price + extras,
                "tier",
                Effect(
                    "tier",
                    threshold(tier.min_milli),
                    _saving(line, product_list, tier.price),
                    note(
                        N_("From {qty} in the cart: {price} each instead of {list}."),
                        qty=qty(tier.min_milli),
                        price=rupiah(tier.price),
                        list=rupiah(product_list),
                    ),
                    qty_milli=line.qty.milli,
                    ref_id=tier.id,
                ),
            )
        if group is not None:
            category = book.categories.get(line.product_id)
            entry = group.by_product.get(line.product_id) or (
                group.by_category.get(category) if category is not None else None
            )
            price = group_price_of(entry, product_list, line.pack_milli) if entry is not None else None
            if price is not None and price + extras < chosen.unit_price:
                why = (
                    note(N_("{group} price: {percent} off."), group=group.name, percent=shown_percent(entry.percent_bp))
                    if entry is not None and entry.price is None
                    else note(
                        N_("{group} price: {price} each instead of {list}."),
                        group=group.name,
                        price=rupiah(price),
                        list=rupiah(product_list),
                    )
                )
                chosen = LinePrice(
                    price + extras,
                    "group",
                    Effect(
                        "group",
                        group.name,
                        _saving(line, product_list, price),
                        why,
                        qty_milli=line.qty.milli,
                        ref_id=group.id,
                    ),
                )
        out.append(chosen)
    return out


def _saving(line: CartLine, list_price: int, price: int) -> int:
    return Money(list_price).times(line.qty).rupiah - Money(price).times(line.qty).rupiah

"""Promotions on items: a percent or rupiah off a product or category, buy X get Y, and bundles (paket).

The rule, stated once: **each piece takes at most one item promotion**. Lines whose price or discount the cashier
set by hand take none. With the shop's "best" rule the pieces are shared out among the promotions so that the
customer pays the least (see `best_mix`); with "priority" the promotions go in the owner's order, each taking
what is left. Buy X get Y and bundles count whole pieces (a carton or a weighed line counts for percent and
rupiah offers only). Free goods are never a negative price: they become their own line at Rp 0, and their cost
goes to HPP with the rest of the sale.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pos.i18n import N_
from pos.ledger.base.money import MILLI, Money
from pos.ledger.counter.cart import CartLine
from pos.ledger.counter.pricing import allocate, milli_of_base
from pos.ledger.prices.best_mix import Candidate, TooMany, best_counts, greedy_counts
from pos.ledger.prices.line_prices import LinePrice
from pos.ledger.prices.outcome import Effect, EffectKind, Note, Skipped, note, rupiah
from pos.ledger.prices.outcome import percent as shown_percent
from pos.ledger.prices.terms import FREE_BP, Bundle, BuyGet, ItemOff, Mode, PriceBook, Promotion


@dataclass
class ItemResult:
    """Per cart line: rupiah off and pieces given free; the effects (cart line index, effect) and skips."""

    promo_off: list[int]
    free: list[int]
    effects: list[tuple[int, Effect]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    best_guaranteed: bool = True


def piece_off(offer: ItemOff, price: int) -> int:
    """What a percent or rupiah offer takes off one piece at `price`: never more than the price."""
    if offer.percent_bp:
        return min(price, Money(price).percent(offer.percent_bp).rupiah)
    return min(offer.rupiah, price)


def line_off(offer: ItemOff, line: CartLine, price: int) -> int:
    """What it takes off a whole line that is not counted in pieces (a carton, goods sold by weight)."""
    gross = Money(price).times(line.qty).rupiah
    if offer.percent_bp:
        return min(gross, Money(gross).percent(offer.percent_bp).rupiah)
    return min(gross, Money(offer.rupiah).times_milli(milli_of_base(line.qty, line.pack_milli)).rupiah)


def get_off(offer: BuyGet, price: int) -> int:
    return price if offer.percent_bp >= FREE_BP else Money(price).percent(offer.percent_bp).rupiah


def uses_of(offer: BuyGet | Bundle) -> dict[uuid.UUID, int]:
    if isinstance(offer, Bundle):
        uses: dict[uuid.UUID, int] = defaultdict(int)
        for product, qty in offer.items:
            uses[product] += qty
        return dict(uses)
    if offer.buy == offer.get:
        return {offer.buy: offer.buy_qty + offer.get_qty}
    return {offer.buy: offer.buy_qty, offer.get: offer.get_qty}


def targets(offer: ItemOff, product: uuid.UUID, book: PriceBook) -> bool:
    return product in offer.products or (bool(offer.categories) and book.categories.get(product) in offer.categories)


class _SingleOffers:
    """The single-piece offers by the product they reach (named, or through its category), in priority order:
    looked up once a product, not once a product and promotion (a shop may run hundreds)."""

    def __init__(self, promos: Sequence[Promotion], book: PriceBook) -> None:
        self.book = book
        self.by_product: dict[uuid.UUID, list[tuple[int, Promotion]]] = defaultdict(list)
        self.by_category: dict[uuid.UUID, list[tuple[int, Promotion]]] = defaultdict(list)
        for n, promo in enumerate(promos):
            offer = promo.offer
            if isinstance(offer, ItemOff):
                for product in offer.products:
                    self.by_product[product].append((n, promo))
                for category in offer.categories:
                    self.by_category[category].append((n, promo))
        self._found: dict[uuid.UUID, list[Promotion]] = {}

    def of(self, product: uuid.UUID) -> list[Promotion]:
        found = self._found.get(product)
        if found is None:
            category = self.book.categories.get(product)
            both = self.by_product.get(product, []) + (self.by_category.get(category, []) if category else [])
            both.sort(key=lambda x: x[0])
            found = self._found[product] = [promo for _n, promo in both]
        return found


@dataclass
class _Pool:
    """The whole pieces of one product on lines priced alike, that multi-piece offers may use."""

    price: int
    lines: list[int]
    units: list[int]

    def take(self, n: int) -> list[tuple[int, int]]:
        """Take `n` pieces, first line first: (line, pieces) pairs."""
        out = []
        for k, line in enumerate(self.lines):
            if n <= 0:
                break
            got = min(n, self.units[k])
            if got:
                self.units[k] -= got
                n -= got
                out.append((line, got))
        return out


class _Builder:
    def __init__(self, count: int) -> None:
        self.result = ItemResult([0] * count, [0] * count)
        self._effects: dict[tuple[int, EffectKind, uuid.UUID], list[int]] = {}
        self._meta: dict[tuple[int, EffectKind, uuid.UUID], tuple[str, Note]] = {}

    def add(self, line: int, kind: EffectKind, promo: Promotion, saved: int, pieces_milli: int, why: Note) -> None:
        if saved <= 0 and kind != "free":
            return
        key = (line, kind, promo.id)
        totals = self._effects.setdefault(key, [0, 0])
        totals[0] += saved
        totals[1] += pieces_milli
        self._meta[key] = (promo.name, why)

    def finish(self) -> ItemResult:
        for (line, kind, ref), (saved, qty) in self._effects.items():
            name, why = self._meta[(line, kind, ref)]
            self.result.effects.append((line, Effect(kind, name, saved, why, None, qty, ref)))
        return self.result


_NOTES: dict[Promotion, Note] = {}


def _offer_note(promo: Promotion) -> Note:
    """The note for an offer, made once a promotion (a cart applies each one to many pieces)."""
    found = _NOTES.get(promo)
    if found is None:
        if len(_NOTES) > 4096:
            _NOTES.clear()
        found = _NOTES[promo] = _describe(promo)
    return found


def _describe(promo: Promotion) -> Note:
    """What the offer gives, in a sentence without product names (the line says which product)."""
    offer = promo.offer
    if isinstance(offer, ItemOff):
        if offer.percent_bp:
            return note(N_("{percent} off each piece."), percent=shown_percent(offer.percent_bp))
        return note(N_("{amount} off each piece."), amount=rupiah(offer.rupiah))
    if isinstance(offer, BuyGet):
        if offer.percent_bp >= FREE_BP:
            return note(N_("Buy {buy}, get {get} free."), buy=str(offer.buy_qty), get=str(offer.get_qty))
        return note(
            N_("Buy {buy}, get {get} at {percent} off."),
            buy=str(offer.buy_qty),
            get=str(offer.get_qty),
            percent=shown_percent(offer.percent_bp),
        )
    assert isinstance(offer, Bundle)
    pieces = sum(q for _p, q in offer.items)
    return note(N_("{pieces} pieces together for {price}."), pieces=str(pieces), price=rupiah(offer.price))


def apply_item_offers(
    lines: Sequence[CartLine], prices: Sequence[LinePrice], promos: Sequence[Promotion], book: PriceBook, mode: Mode
) -> ItemResult:
    """Share the cart's pieces out among the item promotions that hold now (`promos`, in priority order)."""
    build = _Builder(len(lines))
    eligible = [i for i, line in enumerate(lines) if prices[i].source != "hand" and line.discount.is_zero]
    pools: dict[uuid.UUID, _Pool] = {}
    loose: list[int] = []
    for i in eligible:
        line, price = lines[i], prices[i].unit_price
        if line.pack_milli == MILLI and not line.is_weighed and line.qty.is_whole:
            pool = pools.get(line.product_id)
            if pool is None:
                pools[line.product_id] = _Pool(price, [i], [line.qty.milli // MILLI])
                continue
            if pool.price == price:  # the same product at another price (changed mid-cart) counts on its own
                pool.lines.append(i)
                pool.units.append(line.qty.milli // MILLI)
                continue
        loose.append(i)
    stock = {product: sum(pool.units) for product, pool in pools.items()}
    unit_offers = [p for p in promos if isinstance(p.offer, ItemOff)]
    multi = [p for p in promos if isinstance(p.offer, BuyGet | Bundle)]

    # The best single-piece offer for each product and each loose line (the first by priority on a tie).
    singles = _SingleOffers(unit_offers, book)
    piece_choice: dict[uuid.UUID, tuple[Promotion, int]] = {}
    loose_choice: dict[int, tuple[Promotion, int]] = {}
    applied: set[uuid.UUID] = set()
    counts = [0] * len(multi)
    if mode == "best":
        for product, pool in pools.items():
            for promo in singles.of(product):
                assert isinstance(promo.offer, ItemOff)
                off = piece_off(promo.offer, pool.price)
                if off > piece_choice.get(product, (promo, 0))[1]:
                    piece_choice[product] = (promo, off)
        for i in loose:
            for promo in singles.of(lines[i].product_id):
                assert isinstance(promo.offer, ItemOff)
                off = line_off(promo.offer, lines[i], prices[i].unit_price)
                if off > loose_choice.get(i, (promo, 0))[1]:
                    loose_choice[i] = (promo, off)
        # Only offers the cart can take and that gain something are searched: the others are applied 0 times.
        candidates: list[Candidate[uuid.UUID]] = []
        searched: list[int] = []
        for n, promo in enumerate(multi):
            assert isinstance(promo.offer, BuyGet | Bundle)
            uses = uses_of(promo.offer)
            if not all(stock.get(p, 0) >= k for p, k in uses.items()):
                continue
            lost = sum(k * piece_choice[p][1] for p, k in uses.items() if p in piece_choice)
            gain = _value(promo.offer, pools) - lost
            if gain > 0:
                candidates.append(Candidate(uses, gain))
                searched.append(n)
        try:
            found = best_counts(candidates, stock)
        except TooMany:
            build.result.best_guaranteed = False
            found = greedy_counts(candidates, stock)
        for n, k in zip(searched, found, strict=True):
            counts[n] = k
        piece_units: dict[uuid.UUID, int] | None = None
    else:
        left = dict(stock)
        piece_units = {}
        k_of = {promo.id: n for n, promo in enumerate(multi)}
        for promo in promos:
            offer = promo.offer
            if isinstance(offer, ItemOff):
                for product, pool in pools.items():
                    if product not in piece_choice and left[product] > 0 and promo in singles.of(product):
                        piece_choice[product] = (promo, piece_off(offer, pool.price))
                        piece_units[product] = left[product]
                        left[product] = 0
                for i in loose:
                    if i not in loose_choice and promo in singles.of(lines[i].product_id):
                        loose_choice[i] = (promo, line_off(offer, lines[i], prices[i].unit_price))
            elif isinstance(offer, BuyGet | Bundle):
                uses = uses_of(offer)
                if all(p in pools for p in uses) and _value(offer, pools) > 0:
                    k = min(left[p] // n for p, n in uses.items())
                    for p, n in uses.items():
                        left[p] -= k * n
                    counts[k_of[promo.id]] = k

    # Multi-piece offers take their pieces first; what is left of each product gets its single-piece offer.
    for promo, k in zip(multi, counts, strict=True):
        if k:
            applied.add(promo.id)
            _apply_multi(build, promo, k, pools)
    for product, pool in pools.items():
        chosen = piece_choice.get(product)
        if chosen is None:
            continue
        promo, off = chosen
        budget = None if piece_units is None else piece_units[product]
        for at, units in zip(pool.lines, pool.units, strict=True):
            pieces = units if budget is None else min(units, budget)
            if budget is not None:
                budget -= pieces
            if pieces and off:
                build.result.promo_off[at] += pieces * off
                build.add(at, "promo", promo, pieces * off, pieces * MILLI, _offer_note(promo))
                applied.add(promo.id)
    for i, (promo, off) in loose_choice.items():
        if off:
            build.result.promo_off[i] += off
            build.add(i, "promo", promo, off, lines[i].qty.milli, _offer_note(promo))
            applied.add(promo.id)
    result = build.finish()
    result.skipped.extend(_why_not(lines, prices, promos, applied, pools, stock, book, mode, singles))
    return result


def _value(offer: BuyGet | Bundle, pools: dict[uuid.UUID, _Pool]) -> int:
    """What one application saves at the cart's prices."""
    if isinstance(offer, BuyGet):
        return offer.get_qty * get_off(offer, pools[offer.get].price)
    return sum(qty * pools[product].price for product, qty in offer.items) - offer.price


def _apply_multi(build: _Builder, promo: Promotion, k: int, pools: dict[uuid.UUID, _Pool]) -> None:
    offer = promo.offer
    why = _offer_note(promo)
    if isinstance(offer, BuyGet):
        pools[offer.buy].take(k * offer.buy_qty)
        pool = pools[offer.get]
        for line, pieces in pool.take(k * offer.get_qty):
            if offer.percent_bp >= FREE_BP:
                build.result.free[line] += pieces
                build.add(line, "free", promo, pieces * pool.price, pieces * MILLI, why)
            else:
                off = pieces * get_off(offer, pool.price)
                build.result.promo_off[line] += off
                build.add(line, "promo", promo, off, pieces * MILLI, why)
        return
    assert isinstance(offer, Bundle)
    parts: list[tuple[int, int, int]] = []  # line, pieces, their value
    for product, qty in offer.items:
        pool = pools[product]
        parts += [(line, pieces, pieces * pool.price) for line, pieces in pool.take(k * qty)]
    total = k * _value(offer, pools)
    for (line, pieces, _worth), off in zip(parts, allocate(total, [w for _l, _p, w in parts]), strict=True):
        build.result.promo_off[line] += off
        build.add(line, "promo", promo, off, pieces * MILLI, why)


def _why_not(
    lines: Sequence[CartLine],
    prices: Sequence[LinePrice],
    promos: Sequence[Promotion],
    applied: set[uuid.UUID],
    pools: dict[uuid.UUID, _Pool],
    stock: dict[uuid.UUID, int],
    book: PriceBook,
    mode: Mode,
    singles: _SingleOffers,
) -> list[Skipped]:
    in_cart: dict[uuid.UUID, int] = defaultdict(int)
    names = dict(book.names)
    for line in lines:
        names.setdefault(line.product_id, line.name)
        if line.pack_milli == MILLI and not line.is_weighed:
            in_cart[line.product_id] += line.qty.milli // MILLI
    taken = (
        note(N_("Another promotion saves the customer more on these items."))
        if mode == "best"
        else note(N_("A promotion before it in the owner's order took these items."))
    )
    by_hand = note(N_("Its items have a price or discount set by hand."))
    reached: dict[uuid.UUID, list[int]] = defaultdict(list)  # single-piece offer -> the lines it reaches
    for i, line in enumerate(lines):
        for promo in singles.of(line.product_id):
            reached[promo.id].append(i)
    out = []
    for promo in promos:
        if promo.id in applied:
            continue
        offer = promo.offer
        if isinstance(offer, ItemOff):
            hits = reached.get(promo.id, [])
            if not hits:
                continue
            free_hits = [i for i in hits if prices[i].source != "hand" and lines[i].discount.is_zero]
            out.append(Skipped(promo.name, taken if free_hits else by_hand, promo.id))
            continue
        assert isinstance(offer, BuyGet | Bundle)
        uses = uses_of(offer)
        if not any(p in in_cart for p in uses):
            continue
        short = [(p, n) for p, n in uses.items() if in_cart.get(p, 0) < n]
        if short:
            needs = ", ".join(f"{n} × {names.get(p, '?')}" for p, n in short)
            out.append(Skipped(promo.name, note(N_("It needs {items} in the cart."), items=needs), promo.id))
        elif not all(stock.get(p, 0) >= n for p, n in uses.items()):
            out.append(Skipped(promo.name, by_hand, promo.id))
        elif _value(offer, pools) <= 0:
            out.append(
                Skipped(
                    promo.name,
                    note(
                        N_("Its price {price} is not below what the items cost anyway."),
                        price=rupiah(offer.price if isinstance(offer, Bundle) else 0),
                    ),
                    promo.id,
                )
            )
        else:
            out.append(Skipped(promo.name, taken, promo.id))
    return out

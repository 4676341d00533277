"""The price engine: a cart, a `PriceBook` and a moment in, the priced sale out, with every effect explained.

A pure function, so every counter prices the same cart with the same book the same way, offline or not. The
order, stated once:

1. each line's price: the lowest of the catalogue's (or the channel's), a quantity tier it reaches and the
   customer group's price (`line_prices`); a price changed by the owner stays as it is;
2. item promotions that hold now (dates, days, hours, channel, counter), each piece taking at most one
   (`item_offers`): the mix best for the customer, or the owner's order when the shop chose "priority";
3. the cashier's own line discounts, then the cashier's cart discount;
4. one cart promotion (the one saving most, or the first in the owner's order);
5. the voucher; 6. points redeemed, at most what is left to pay.

Minimum spends (of cart promotions and vouchers) are measured on the cart at step 1's prices, before any
promotion or discount, so taking a promotion never makes another one stop applying. Nothing takes off more than
what is left, so the amount due is never below zero.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.counter.cart import Cart, CartLine
from pos.ledger.counter.pricing import NO_DISCOUNT, LineInput, PpnRule, price_cart
from pos.ledger.prices.item_offers import ItemResult, apply_item_offers, uses_of
from pos.ledger.prices.line_prices import LinePrice, line_prices
from pos.ledger.prices.outcome import Effect, Note, PricedSale, PriceFrom, Skipped, SoldLine, day, note, number, rupiah
from pos.ledger.prices.outcome import percent as shown_percent
from pos.ledger.prices.schedule import why_not_now
from pos.ledger.prices.terms import CartOff, ItemOff, Moment, PriceBook, Promotion, VoucherTerms


def amount_off(rupiah: int, percent_bp: int, max_off: int, of: int) -> int:
    """A rupiah or percent reduction of `of`, capped at `max_off` (when set) and never more than `of`."""
    off = Money(of).percent(percent_bp).rupiah if percent_bp else rupiah
    if max_off:
        off = min(off, max_off)
    return max(0, min(off, of))


def _relevant(promo: Promotion, products: set[uuid.UUID], categories: set[uuid.UUID]) -> bool:
    """Whether a promotion that does not hold now would have something to do with this cart."""
    offer = promo.offer
    if isinstance(offer, CartOff):
        return True
    if isinstance(offer, ItemOff):
        return bool(offer.products & products or offer.categories & categories)
    return not products.isdisjoint(uses_of(offer))


@dataclass(frozen=True, slots=True)
class _AsSold:
    """The cart's lines as sold, free pieces split off onto a line of their own at Rp 0, each with where it came
    from (its cart line's index), and where each cart line's paid and free parts went."""

    sold: list[tuple[int, CartLine, int, PriceFrom, bool]]
    inputs: list[LineInput]
    paid_at: dict[int, int]
    free_at: dict[int, int]


def price_sale(cart: Cart, book: PriceBook, rule: PpnRule, moment: Moment) -> PricedSale:
    """Price `cart` with every term in `book` that holds at `moment`; see the module's notes for the order."""
    lines = cart.lines
    _check_lines(lines)
    prices = line_prices(lines, book)
    live, skipped = _promotions_now(lines, book, moment)
    items = apply_item_offers(lines, prices, [p for p in live if not isinstance(p.offer, CartOff)], book, book.mode)
    skipped += items.skipped
    as_sold = _as_sold(lines, prices, items)
    effects = _line_effects(prices, items, as_sold)

    # The cart as a whole: value before promotions, then what each cart-wide step takes off what is left.
    value = sum(Money(p.unit_price).times(line.qty).rupiah for p, line in zip(prices, lines, strict=True))
    left = 0
    for line_in in as_sold.inputs:
        gross = line_in.unit_price.times(line_in.qty).rupiah
        left += gross - line_in.promo_off - line_in.discount.of(gross - line_in.promo_off)
    hand_cart = cart.discount.of(left)
    left -= hand_cart

    cart_promo, promo_effect, promo_skips = _cart_promotion(
        [p for p in live if isinstance(p.offer, CartOff)], value, left, book
    )
    skipped += promo_skips
    if promo_effect is not None:
        effects.append(promo_effect)
    left -= cart_promo

    voucher, voucher_off = _voucher(book, value, left, moment, effects, skipped)
    left -= voucher_off

    points_used, points_value = _points(cart, book, left)
    if points_used:
        effects.append(_points_effect(points_used, points_value))
    priced = price_cart(as_sold.inputs, cart.discount, rule, cart_promo + voucher_off + points_value)
    earned = 0
    if book.points is not None and book.points.earn_per > 0 and cart.customer_id is not None:
        earned = max(priced.exact_due, 0) // book.points.earn_per
    return PricedSale(
        tuple(
            SoldLine(source, line, unit, origin, free, p)
            for (source, line, unit, origin, free), p in zip(as_sold.sold, priced.lines, strict=True)
        ),
        priced,
        tuple(effects),
        tuple(skipped),
        value,
        hand_cart,
        cart_promo,
        voucher,
        voucher_off,
        points_used,
        points_value,
        earned,
        items.best_guaranteed,
    )


def _check_lines(lines: Sequence[CartLine]) -> None:
    for line in lines:
        if line.qty.milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        if line.unit_price.rupiah < 0 or line.list_price.rupiah < 0:
            raise InvalidInput(N_("A price cannot be negative."))


def _promotions_now(
    lines: Sequence[CartLine], book: PriceBook, moment: Moment
) -> tuple[list[Promotion], list[Skipped]]:
    """The promotions that hold at `moment`, in the owner's order, and why each one that would concern this cart
    does not."""
    live: list[Promotion] = []
    skipped: list[Skipped] = []
    in_cart: set[uuid.UUID] = {line.product_id for line in lines}
    categories = {c for c in (book.categories.get(p) for p in in_cart) if c is not None}
    for promo in sorted(book.promotions, key=lambda p: (p.priority, p.id.bytes)):
        why = why_not_now(promo.schedule, moment)
        if why is None:
            live.append(promo)
        elif _relevant(promo, in_cart, categories):
            skipped.append(Skipped(promo.name, why, promo.id))
    return live, skipped


def _as_sold(lines: Sequence[CartLine], prices: Sequence[LinePrice], items: ItemResult) -> _AsSold:
    sold: list[tuple[int, CartLine, int, PriceFrom, bool]] = []
    inputs: list[LineInput] = []
    paid_at: dict[int, int] = {}
    free_at: dict[int, int] = {}
    for i, line in enumerate(lines):
        price = prices[i]
        free = Qty.units(items.free[i])
        paid = line.qty - free
        if paid.milli > 0:
            paid_at[i] = len(sold)
            part = line if not free.milli else replace(line, qty=paid)
            sold.append((i, part, price.unit_price, price.source, False))
            inputs.append(LineInput(paid, Money(price.unit_price), line.discount, line.ppn_exempt, items.promo_off[i]))
        if free.milli > 0:
            free_at[i] = len(sold)
            sold.append((i, replace(line, qty=free), 0, price.source, True))
            inputs.append(LineInput(free, Money(0), NO_DISCOUNT, line.ppn_exempt))
    return _AsSold(sold, inputs, paid_at, free_at)


def _line_effects(prices: Sequence[LinePrice], items: ItemResult, as_sold: _AsSold) -> list[Effect]:
    """Each line's price and item promotion effects, pointing at the sold line they explain."""
    effects: list[Effect] = []
    for i, price in enumerate(prices):
        if price.effect is not None:
            effects.append(replace(price.effect, line=as_sold.paid_at.get(i, as_sold.free_at.get(i))))
    for i, effect in items.effects:
        effects.append(replace(effect, line=as_sold.free_at[i] if effect.kind == "free" else as_sold.paid_at[i]))
    return effects


def _points_effect(points_used: int, points_value: int) -> Effect:
    note_ = note(N_("{points} points redeemed."), points=number(points_used))
    return Effect("points", "", points_value, note_, qty_milli=points_used * MILLI)


def _voucher(
    book: PriceBook, value: int, left: int, moment: Moment, effects: list[Effect], skipped: list[Skipped]
) -> tuple[VoucherTerms | None, int]:
    """The voucher given, when it holds, and what it takes off what is left; its effect or its refusal is added
    to `effects` or `skipped`."""
    voucher = book.voucher
    if not book.voucher_code:
        return None, 0
    why_not = _voucher_refusal(book.voucher_code, voucher, value, moment)
    if why_not is not None:
        skipped.append(Skipped(book.voucher_code, why_not, voucher.id if voucher else None))
        return None, 0
    if voucher is None:
        return None, 0
    voucher_off = amount_off(voucher.amount, voucher.percent_bp, voucher.max_off, left)
    effects.append(
        Effect(
            "voucher",
            voucher.code,
            voucher_off,
            note(N_("Voucher {code}."), code=voucher.code),
            ref_id=voucher.id,
        )
    )
    return voucher, voucher_off


def _cart_promotion(
    promos: Sequence[Promotion], value: int, left: int, book: PriceBook
) -> tuple[int, Effect | None, list[Skipped]]:
    """The one cart promotion that applies: the one saving most ("best") or the first ("priority")."""
    chosen: tuple[Promotion, int] | None = None
    skipped: list[Skipped] = []
    for promo in promos:
        offer = promo.offer
        assert isinstance(offer, CartOff)
        if value < offer.min_spend:
            skipped.append(
                Skipped(
                    promo.name,
                    note(
                        N_("It needs a cart of {minimum}; this one is {value}."),
                        minimum=rupiah(offer.min_spend),
                        value=rupiah(value),
                    ),
                    promo.id,
                )
            )
            continue
        off = amount_off(offer.rupiah, offer.percent_bp, offer.max_off, left)
        if chosen is None or (book.mode == "best" and off > chosen[1]):
            if chosen is not None:
                skipped.append(_second_best(chosen[0], book))
            chosen = (promo, off)
        else:
            skipped.append(_second_best(promo, book))
    if chosen is None:
        return 0, None, skipped
    promo, off = chosen
    offer = promo.offer
    assert isinstance(offer, CartOff)
    amount = shown_percent(offer.percent_bp) if offer.percent_bp else rupiah(offer.rupiah)
    why = (
        note(N_("{amount} off a cart of {minimum} or more."), amount=amount, minimum=rupiah(offer.min_spend))
        if offer.min_spend
        else note(N_("{amount} off the cart."), amount=amount)
    )
    effect = Effect("cart", promo.name, off, why, ref_id=promo.id)
    return off, effect, skipped


def _second_best(promo: Promotion, book: PriceBook) -> Skipped:
    why = (
        note(N_("Only one cart promotion applies, and another saves more."))
        if book.mode == "best"
        else note(N_("Only one cart promotion applies, and one before it in the owner's order did."))
    )
    return Skipped(promo.name, why, promo.id)


def _voucher_refusal(code: str, voucher: VoucherTerms | None, value: int, moment: Moment) -> Note | None:
    """Why the voucher typed cannot be used on this cart, or None when it can."""
    if voucher is None:
        return note(N_("No voucher has the code {code}."), code=code)
    if not voucher.is_active:
        return note(N_("Voucher {code} is no longer valid."), code=voucher.code)
    if voucher.expires_on is not None and moment.day > voucher.expires_on:
        return note(N_("Voucher {code} expired on {date}."), code=voucher.code, date=day(voucher.expires_on))
    if voucher.uses >= voucher.use_limit:
        return note(
            N_("Voucher {code} has been used up: {uses} of {limit} uses."),
            code=voucher.code,
            uses=number(voucher.uses),
            limit=number(voucher.use_limit),
        )
    if value < voucher.min_spend:
        return note(
            N_("Voucher {code} needs a cart of {minimum}; this one is {value}."),
            code=voucher.code,
            minimum=rupiah(voucher.min_spend),
            value=rupiah(value),
        )
    return None


def _points(cart: Cart, book: PriceBook, left: int) -> tuple[int, int]:
    """Points redeemed and their rupiah: as many as asked, but never more than what is left to pay."""
    if cart.points <= 0:
        return 0, 0
    terms = book.points
    if cart.customer_id is None or terms is None or terms.value <= 0:
        raise InvalidInput(N_("Points can be redeemed only for a customer, while the shop gives points."))
    if cart.points > terms.balance:
        raise InvalidInput(N_("The customer has only {points} points."), points=fmt.number(terms.balance))
    used = min(cart.points, left // terms.value)
    return used, used * terms.value

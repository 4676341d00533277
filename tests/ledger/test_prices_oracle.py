"""Hypothesis against a brute-force oracle: for random small carts and promotions, the "best for the customer"
rule gives the least the customer could pay under any allowed combination, the amount due is never negative,
the savings add up, and the result does not depend on the order the promotions were read in."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Sequence

from builders import half_up
from hypothesis import given, settings
from hypothesis import strategies as st
from price_support import cart, due, line, pid, price, promo

from pos.ledger.prices.terms import FREE_BP, Bundle, BuyGet, CartOff, ItemOff, PriceBook, Promotion

PRODUCTS = (1, 2, 3)


def piece_off(offer: ItemOff, p: int) -> int:
    return min(p, half_up(p * offer.percent_bp, 10_000)) if offer.percent_bp else min(p, offer.rupiah)


def uses(offer: BuyGet | Bundle) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = {}
    pairs = [(offer.buy, offer.buy_qty), (offer.get, offer.get_qty)] if isinstance(offer, BuyGet) else offer.items
    for product, n in pairs:
        out[product] = out.get(product, 0) + n
    return out


def worth(offer: BuyGet | Bundle, prices: dict[uuid.UUID, int]) -> int:
    if isinstance(offer, BuyGet):
        p = prices[offer.get]
        return offer.get_qty * (p if offer.percent_bp >= FREE_BP else half_up(p * offer.percent_bp, 10_000))
    return sum(n * prices[product] for product, n in offer.items) - offer.price


def oracle(counts: dict[uuid.UUID, int], prices: dict[uuid.UUID, int], promos: Sequence[Promotion]) -> int:
    """The least the customer can pay: every number of applications of every multi-piece offer that fits in the
    cart, every choice of one single-piece offer (or none) for each product's other pieces, and at most one
    cart promotion whose minimum the cart reaches."""
    value = sum(counts[p] * prices[p] for p in counts)
    multi = [x.offer for x in promos if isinstance(x.offer, BuyGet | Bundle)]
    singles = [x.offer for x in promos if isinstance(x.offer, ItemOff)]
    carts = [x.offer for x in promos if isinstance(x.offer, CartOff)]
    ranges = [range(0, max(counts.values(), default=0) + 1) for _ in multi]
    best = value
    for ks in itertools.product(*ranges):
        left = dict(counts)
        saving = 0
        for k, offer in zip(ks, multi, strict=True):
            for product, n in uses(offer).items():
                left[product] = left.get(product, 0) - k * n
            saving += k * worth(offer, prices) if k else 0
        if any(n < 0 for n in left.values()):
            continue
        for product, n in left.items():
            options = [0] + [piece_off(o, prices[product]) for o in singles if product in o.products]
            saving += n * max(options)  # every choice is allowed; the largest is the one to beat
        rest = value - saving
        for offer in [None, *carts]:
            off = 0
            if offer is not None:
                if value < offer.min_spend:
                    continue
                off = half_up(rest * offer.percent_bp, 10_000) if offer.percent_bp else offer.rupiah
                off = max(0, min(off, rest))
            best = min(best, rest - off)
    return best


offers = st.one_of(
    st.builds(
        lambda p, pct, rp, use_pct: ItemOff(
            products=frozenset({pid(p)}), percent_bp=pct if use_pct else 0, rupiah=0 if use_pct else rp
        ),
        st.sampled_from(PRODUCTS),
        st.integers(1, 10_000),
        st.integers(1, 5_000),
        st.booleans(),
    ),
    st.builds(
        lambda a, x, b, y, pct: BuyGet(pid(a), x, pid(b), y, pct),
        st.sampled_from(PRODUCTS),
        st.integers(1, 3),
        st.sampled_from(PRODUCTS),
        st.integers(1, 2),
        st.sampled_from([FREE_BP, 5_000, 2_500]),
    ),
    st.builds(
        lambda items, price: Bundle(tuple((pid(p), n) for p, n in items.items()), price),
        st.dictionaries(st.sampled_from(PRODUCTS), st.integers(1, 2), min_size=1, max_size=3).filter(
            lambda d: sum(d.values()) >= 2
        ),
        st.integers(0, 15_000),
    ),
    st.builds(
        lambda pct, rp, use_pct, minimum: CartOff(
            percent_bp=pct if use_pct else 0, rupiah=0 if use_pct else rp, min_spend=minimum
        ),
        st.integers(1, 5_000),
        st.integers(1, 10_000),
        st.booleans(),
        st.integers(0, 40_000),
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    counts=st.dictionaries(st.sampled_from(PRODUCTS), st.integers(1, 6), min_size=1, max_size=3),
    unit_prices=st.tuples(*(st.integers(500, 9_000) for _ in PRODUCTS)),
    chosen=st.lists(offers, max_size=4),
    seed=st.integers(0, 2**16),
)
def test_best_for_the_customer_is_the_least_of_every_allowed_combination(
    counts: dict[int, int], unit_prices: tuple[int, ...], chosen: list[object], seed: int
) -> None:
    prices = {pid(p): unit_prices[i] for i, p in enumerate(PRODUCTS)}
    promos = [promo(f"P{n}", offer, priority=n % 3) for n, offer in enumerate(chosen)]  # type: ignore[arg-type]
    c = cart(*(line(p, unit_prices[PRODUCTS.index(p)], n) for p, n in counts.items()))
    sale = price(c, PriceBook(promotions=tuple(promos)))
    assert sale.best_guaranteed
    assert due(sale) == oracle({pid(p): n for p, n in counts.items()}, prices, promos)
    assert due(sale) >= 0
    assert all(s.unit_price >= 0 and s.priced.net >= 0 for s in sale.lines)
    assert sale.value - due(sale) == sale.saved  # every rupiah off is an effect the receipt names
    # Read in another order, the same promotions price the cart the same: every counter agrees.
    shuffled = list(promos)
    random.Random(seed).shuffle(shuffled)
    assert price(c, PriceBook(promotions=tuple(shuffled))) == sale


@settings(max_examples=150, deadline=None)
@given(
    counts=st.dictionaries(st.sampled_from(PRODUCTS), st.integers(1, 6), min_size=1, max_size=3),
    chosen=st.lists(offers, max_size=4),
)
def test_by_priority_the_amount_due_is_never_negative_and_never_above_no_promotion(
    counts: dict[int, int], chosen: list[object]
) -> None:
    promos = tuple(promo(f"P{n}", offer, priority=n) for n, offer in enumerate(chosen))  # type: ignore[arg-type]
    c = cart(*(line(p, 1_000 * p + 500, n) for p, n in counts.items()))
    sale = price(c, PriceBook(mode="priority", promotions=promos))
    assert 0 <= due(sale) <= sale.value
    assert sale.value - due(sale) == sale.saved

"""Small builders for price engine tests: products as ids, cart lines, promotions and a moment to price at."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from pos.ledger.base.ids import CustomerId, ProductId
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.cart import Cart, CartLine
from pos.ledger.counter.pricing import NO_DISCOUNT, Discount, PpnRule
from pos.ledger.prices.engine import price_sale
from pos.ledger.prices.outcome import PricedSale
from pos.ledger.prices.terms import Moment, Offer, PriceBook, Promotion, Schedule

# A Monday at 10:00 in the shop's time.
MONDAY_10 = Moment(dt.date(2026, 12, 7), 10 * 60)
BUYER = CustomerId(uuid.UUID(int=77))


def pid(n: int) -> ProductId:
    return ProductId(uuid.UUID(int=1000 + n))


def line(product: int, price: int, pieces: int = 1, *, pack: int = 1000, name: str = "") -> CartLine:
    """`pieces` packs of product `product` at `price` each (a pack is a piece unless `pack` says otherwise)."""
    return CartLine(
        pid(product), name or f"Barang {product}", "pcs", None, pack, Qty.units(pieces), Money(price), Money(price)
    )


def weighed(product: int, price_per_kg: int, grams: int) -> CartLine:
    return CartLine(
        pid(product),
        f"Timbang {product}",
        "kg",
        None,
        1000,
        Qty(grams),
        Money(price_per_kg),
        Money(price_per_kg),
        is_weighed=True,
    )


def discounted(cart_line: CartLine, discount: Discount) -> CartLine:
    return replace(cart_line, discount=discount)


def cart(*lines: CartLine, discount: Discount = NO_DISCOUNT, customer: CustomerId | None = None) -> Cart:
    return Cart(list(lines), discount, customer)


_ids = iter(range(1, 10**9))


def promo(name: str, offer: Offer, *, priority: int = 100, schedule: Schedule | None = None) -> Promotion:
    return Promotion(uuid.UUID(int=next(_ids)), name, offer, schedule or Schedule(), priority)


def price(c: Cart, book: PriceBook, at: Moment = MONDAY_10, rule: PpnRule | None = None) -> PricedSale:
    return price_sale(c, book, rule or PpnRule(), at)


def due(sale: PricedSale) -> int:
    return sale.priced.exact_due


def saved(sale: PricedSale, kind: str | None = None, name: str | None = None) -> int:
    return sum(e.saved for e in sale.effects if (kind is None or e.kind == kind) and (name is None or e.name == name))


def skipped(sale: PricedSale, name: str) -> str:
    """Why the promotion or voucher `name` did not apply, in English."""
    [found] = [s for s in sale.skipped if s.name == name]
    return found.why.msgid

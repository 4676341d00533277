"""Reading a `PriceBook` for a cart: the promotions around the day, the tiers of the cart's products, the
customer's group prices and points, and the voucher typed. One read transaction; the engine does the rest.

This is on the sale's path, so it asks only what the cart needs: a shop with no promotions, tiers or groups
pays two small indexed queries a sale.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from pos.ledger.channels.channels import COUNTER, get_channel
from pos.ledger.counter.cart import Cart
from pos.ledger.prices import groups, loyalty, promotions, tiers, vouchers
from pos.ledger.prices.terms import Bundle, BuyGet, ItemOff, PriceBook
from pos.ledger.schema import Customer, Product
from pos.ledger.schema.prices import Promotion as PromotionRow
from pos.ledger.schema.prices import Voucher
from pos.ledger.shop import settings

_CATEGORIES = text("SELECT id, category_id FROM products WHERE id IN :ids AND category_id IS NOT NULL").bindparams(
    bindparam("ids", expanding=True)
)


def _categories(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """Each product's category, read as plain rows (a sale reads this when a promotion names a category)."""
    by_bytes = {pid.bytes: pid for pid in ids}
    wanted = list(by_bytes)
    made: dict[bytes, uuid.UUID] = {}
    out: dict[uuid.UUID, uuid.UUID] = {}
    for start in range(0, len(wanted), 500):
        for pid, category in session.connection().execute(_CATEGORIES, {"ids": wanted[start : start + 500]}):
            key = bytes(category)
            out[by_bytes[bytes(pid)]] = made.get(key) or made.setdefault(key, uuid.UUID(bytes=key))
    return out


def _names(session: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = session.execute(select(Product.id, Product.name).where(Product.id.in_(list(set(ids)))))
    return {pid: name for pid, name in rows}


def terms_in_use(session: Session) -> bool:
    """Whether the shop gives anything the counter's F10 offers: an active promotion or voucher, or points."""
    if loyalty.points_rule(settings.load(session)).in_use:
        return True
    for table in (PromotionRow, Voucher):
        if session.scalar(select(table.id).where(table.is_active).limit(1)) is not None:
            return True
    return False


def load_book(
    session: Session,
    cart: Cart,
    day: dt.date,
    *,
    channel: str = COUNTER,
    values: settings.ShopSettings | None = None,
) -> PriceBook:
    """Every term that may price `cart` on `day` on `channel`."""
    values = values or settings.load(session)
    product_ids = {line.product_id for line in cart.lines}
    live = promotions.live_promotions(session, day)
    group = None
    points = None
    if cart.customer_id is not None:
        group_id = session.scalar(select(Customer.group_id).where(Customer.id == cart.customer_id))
        group = groups.group_for(session, group_id, product_ids) if group_id is not None else None
        points = loyalty.points_terms(session, cart.customer_id, loyalty.points_rule(values), day)
    by_category = any(isinstance(p.offer, ItemOff) and p.offer.categories for p in live) or (
        group is not None and bool(group.by_category)
    )
    # Names of what a buy X get Y or a bundle touching the cart still needs, to say so; the cart names its own.
    named: set[uuid.UUID] = set()
    for promo in live:
        offer = promo.offer
        uses = (
            {offer.buy, offer.get}
            if isinstance(offer, BuyGet)
            else ({p for p, _q in offer.items} if isinstance(offer, Bundle) else set())
        )
        if uses & product_ids:
            named |= uses - product_ids
    return PriceBook(
        mode="priority" if values.prices_rule == "priority" else "best",
        promotions=live,
        tiers=tiers.tiers_for(session, product_ids) if product_ids else {},
        categories=_categories(session, product_ids) if by_category else {},
        names=_names(session, named) if named else {},
        group=group,
        voucher_code=cart.voucher,
        voucher=vouchers.find_voucher(session, cart.voucher) if cart.voucher else None,
        points=points,
        shop_prices=channel == COUNTER or not get_channel(session, channel).is_platform,
    )

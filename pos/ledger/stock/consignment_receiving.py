"""Goods a consignor leaves, received with their terms in one step: each product is made the consignor's on the
terms given (a price a unit, or the shop's commission) where it is not already, then the goods come onto the shelf.
One transaction: a product that cannot become theirs (it holds the shop's own stock) refuses the whole delivery."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.money import Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.schema import Product
from pos.ledger.stock.consignment import receive_consigned, set_consigned


@dataclass(frozen=True, slots=True)
class ConsignedItem:
    product_id: uuid.UUID
    qty: Qty
    price: int | None = None  # what the consignor gets a unit sold; None: the commission below applies
    commission_bp: int | None = None  # the shop's share of the sale, in basis points


def receive_on_terms(
    session: Session,
    actor: Actor,
    consignor_id: uuid.UUID,
    items: Sequence[ConsignedItem],
    *,
    note: str = "",
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Set the terms where they change and receive the goods; returns the consignment's id."""
    if not items:
        raise InvalidInput(N_("A purchase needs at least one product."))
    for item in items:
        product = session.get(Product, item.product_id)
        if product is None:
            raise NotFound(N_("Product not found."))
        terms = (
            None if product.consign_price is None else int(product.consign_price),
            None if product.consign_bp is None else int(product.consign_bp),
        )
        wanted = (item.price, item.commission_bp)
        if wanted == (None, None):
            if product.consignor_id != consignor_id:
                raise InvalidInput(
                    N_("{name}: give the consignor's price a unit or the shop's commission."), name=product.name
                )
            continue
        if product.consignor_id != consignor_id or terms != wanted:
            set_consigned(
                session, actor, item.product_id, consignor_id, price=item.price, commission_bp=item.commission_bp, at=at
            )
    return receive_consigned(
        session, actor, consignor_id, {item.product_id: item.qty for item in items}, note=note, at=at
    )

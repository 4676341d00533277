"""What a sale leaves of its prices, for `ring_up` to write in its transaction and send with the sale: each
effect with what it saved, the voucher's use and the customer's points earned and redeemed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from pos.ledger.base.clock import local
from pos.ledger.base.errors import Conflict
from pos.ledger.base.ids import new_id
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.pricing import PpnRule
from pos.ledger.prices import loyalty
from pos.ledger.prices.engine import price_sale
from pos.ledger.prices.outcome import PricedSale
from pos.ledger.prices.price_book import load_book
from pos.ledger.prices.terms import Moment
from pos.ledger.schema import PointsMovement, SaleEffect, VoucherUse, core
from pos.ledger.shop import settings

Rows = dict[str, list[dict[str, Any]]]


def price_for_sale(
    session: Session,
    cart: Cart,
    rule: PpnRule,
    values: settings.ShopSettings,
    when: dt.datetime,
    channel: str,
    counter: str,
) -> PricedSale:
    """Price `cart` as the sale will book it, with the terms as they stand in this transaction.

    Refuses a voucher the cart carries that no longer applies (used up on another counter meanwhile, expired,
    below its minimum): the customer was told it would count, so the cashier must take it off or sell anyway."""
    moment = Moment.at(local(when, values.timezone), channel, counter)
    sale = price_sale(cart, load_book(session, cart, moment.day, channel=channel, values=values), rule, moment)
    if cart.voucher and sale.voucher is None:
        refusal = next(s for s in sale.skipped if s.name == cart.voucher)
        raise Conflict(refusal.why.msgid, **dict(refusal.why.params))
    return sale


def fact_rows(
    sale: PricedSale,
    sale_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    when: dt.datetime,
    day: dt.date,
    values: settings.ShopSettings,
) -> Rows:
    """The rows of `sale_effects`, `voucher_uses` and `points_movements` for this sale."""
    effects = [
        {
            "sale_id": sale_id,
            "seq": seq,
            "line_no": None if e.line is None else e.line + 1,
            "kind": e.kind,
            "ref_id": e.ref_id,
            "name": e.name[:80],
            "qty_milli": e.qty_milli,
            "saved": e.saved,
        }
        for seq, e in enumerate(sale.effects, 1)
    ]
    uses = []
    if sale.voucher is not None:
        uses.append(
            {
                "id": new_id(),
                "voucher_id": sale.voucher.id,
                "sale_id": sale_id,
                "code": sale.voucher.code,
                "amount": sale.voucher_off,
                "created_at": when,
            }
        )
    points = []
    if customer_id is not None and sale.points_used:
        used = -sale.points_used
        points.append(_points_row(sale_id, customer_id, "redeem", used, sale.points_value, day, None, when))
    if customer_id is not None and sale.points_earned:
        expires = loyalty.expiry_of(day, loyalty.points_rule(values).expiry_months)
        points.append(_points_row(sale_id, customer_id, "earn", sale.points_earned, 0, day, expires, when))
    return {"sale_effects": effects, "voucher_uses": uses, "points_movements": points}


def _points_row(
    sale_id: uuid.UUID,
    customer_id: uuid.UUID,
    kind: str,
    points: int,
    value: int,
    day: dt.date,
    expires: dt.date | None,
    when: dt.datetime,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "customer_id": customer_id,
        "sale_id": sale_id,
        "kind": kind,
        "points": points,
        "value": value,
        "business_date": day,
        "expires_on": expires,
        "created_at": when,
    }


def write(session: Session, rows: Rows) -> None:
    """Insert the rows (after the sale's own rows, which they point at)."""
    tables = (("sale_effects", SaleEffect), ("voucher_uses", VoucherUse), ("points_movements", PointsMovement))
    for name, model in tables:
        if rows[name]:
            session.execute(insert(core(model)), rows[name])

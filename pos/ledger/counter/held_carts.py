"""Held carts: park a cart with a note and take it up again later on the same counter, even after a restart."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import UserId, new_id
from pos.ledger.counter.cart import Cart
from pos.ledger.schema import HeldCart, core


@dataclass(frozen=True, slots=True)
class HeldSummary:
    id: uuid.UUID
    note: str
    held_at: dt.datetime
    lines: int


def hold(
    session: Session, cart: Cart, note: str = "", *, by: UserId | None = None, at: dt.datetime | None = None
) -> uuid.UUID:
    if cart.is_empty:
        raise InvalidInput(N_("The cart is empty."))
    hid = new_id()
    session.execute(
        insert(core(HeldCart)),
        [
            {
                "id": hid,
                "device_id": local_device(session).id,
                "note": (note or cart.note)[:120],
                "cart": cart.to_json(),
                "held_by": by,
                "held_at": at or utc_now(),
            }
        ],
    )
    return hid


def held_carts(session: Session) -> list[HeldSummary]:
    device = local_device(session)
    rows = session.scalars(select(HeldCart).where(HeldCart.device_id == device.id).order_by(HeldCart.held_at))
    return [HeldSummary(r.id, r.note, r.held_at, len(Cart.from_json(r.cart).lines)) for r in rows]


def recall(session: Session, held_id: uuid.UUID) -> Cart:
    """The held cart, removed from the list (it is back at the counter)."""
    device = local_device(session)
    row = session.scalar(select(HeldCart).where(HeldCart.id == held_id, HeldCart.device_id == device.id))
    if row is None:
        raise NotFound(N_("That held cart is no longer there."))
    cart = Cart.from_json(row.cart)
    session.execute(delete(HeldCart).where(HeldCart.id == held_id))
    return cart

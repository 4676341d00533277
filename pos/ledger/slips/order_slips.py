"""What an order's slips say, read from the books: the order slip (to pack it) and the delivery slip (for the
rider and the customer: the address, what to collect, a line to sign). Wording and widths are `pos.printing`'s.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import local
from pos.ledger.base.errors import InvalidInput
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart
from pos.ledger.schema import Order, Product
from pos.ledger.selling.order_records import SLIPS, get_order
from pos.ledger.shop import settings
from pos.ledger.slips.receipts import shop_header
from pos.ledger.slips.slip_types import OrderSlip, OrderSlipLine

JOB_KINDS: Final = {job: slip for slip, job in SLIPS.items()}  # print job kind -> slip


def order_slip(session: Session, order_id: uuid.UUID, kind: str, *, is_copy: bool = False) -> OrderSlip:
    """The order slip or the delivery slip of an order, as it stands now."""
    if kind not in SLIPS:
        raise ValueError(f"unknown kind of order slip {kind!r}")  # `laci` and the screens offer only these
    order = get_order(session, order_id)
    items = session.scalar(select(Order.items).where(Order.id == order_id))
    assert items is not None
    cart = Cart.from_json(items)
    units = {
        r.id: (r.unit, bool(r.is_weighed))
        for r in session.execute(
            select(Product.id, Product.unit, Product.is_weighed).where(
                Product.id.in_({x.product_id for x in cart.lines})
            )
        )
    }
    lines = tuple(
        OrderSlipLine(
            line.name,
            line.qty_milli,
            line.pack_milli,
            units.get(item.product_id, (item.unit, item.is_weighed))[0],
            units.get(item.product_id, (item.unit, item.is_weighed))[1],
            line.unit_price,
            line.total,
        )
        for line, item in zip(order.lines, cart.lines, strict=True)
    )
    return OrderSlip(
        shop=shop_header(session),
        kind=kind,
        number=order.number,
        at=local(order.created_at, settings.load(session).timezone),
        channel=order.channel_name,
        customer=order.customer_name,
        phone=order.phone,
        address=order.address,
        note=order.note,
        lines=lines,
        goods=order.goods,
        delivery_fee=order.delivery_fee,
        total=order.total,
        deposit=order.deposit,
        to_collect=order.to_collect,
        is_copy=is_copy,
        status=order.status,
        billed=order.billed,
        used=order.used,
        collected=order.collected,
        taken=order.taken,
        refunded=order.refunded,
        kept=order.kept,
        receipt_no=order.receipt_no,
    )


def queue_slip(
    session: Session, order_id: uuid.UUID, slip: str, *, is_copy: bool = False, at: dt.datetime | None = None
) -> uuid.UUID:
    """Queue the order slip (`slip='order'`) or the delivery slip (`'delivery'`) to print; returns the job."""
    kind = SLIPS.get(slip)
    if kind is None:
        raise ValueError(f"unknown kind of order slip {slip!r}")
    get_order(session, order_id)
    if not print_queue.printer_configured(session):
        raise InvalidInput(N_("No receipt printer is set up."))
    return print_queue.enqueue(session, kind, order_id, is_copy=is_copy, at=at)

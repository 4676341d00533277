"""Orders taken by WhatsApp or phone (pesanan): the customer's items, address, ongkir and notes, moved along the
board (baru, disiapkan, dikirim) and rung up as a sale when delivered (selesai), or cancelled (batal).

An order is shared master data until it is done: any counter can move it along. Stock and revenue move only
when it becomes a sale, through `ring_up`, in one transaction with the order's completion. Its down payment
lives in `pos.ledger.people.deposits`; an order as the board, the terminal and the slips read it (with its money)
in `order_records`, whose names this module also offers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Literal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.base.ids import CustomerId, new_id
from pos.ledger.base.money import ZERO, Money
from pos.ledger.base.sequences import next_value
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.channels.channels import get_channel
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.pricing import rounded_due
from pos.ledger.people.customers import get_customer
from pos.ledger.people.deposits import book_deposit, check_deposit, deposit_held, release_deposit
from pos.ledger.prices.sale_records import price_for_sale
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Order, core
from pos.ledger.selling.order_records import (
    OPEN_STATUSES,
    SLIPS,
    STATUS_NAMES,
    STATUSES,
    OrderInfo,
    OrderLine,
    OrderMoney,
    OrderStatus,
    RungUpTwice,
    find_order,
    get_order,
    list_orders,
    order_row,
    orders_rung_up_twice,
    sales_of_order,
)
from pos.ledger.selling.sales import SaleResult, ppn_rule, ring_up, rounding_rule
from pos.ledger.shop import settings

__all__ = [
    "OPEN_STATUSES",
    "SLIPS",
    "STATUSES",
    "STATUS_NAMES",
    "OrderInfo",
    "OrderLine",
    "OrderMoney",
    "OrderStatus",
    "RungUpTwice",
    "cancel_order",
    "complete_order",
    "edit_order",
    "find_order",
    "get_order",
    "list_orders",
    "new_order",
    "order_cart",
    "orders_rung_up_twice",
    "reopen_after_void",
    "sales_of_order",
    "set_status",
    "take_deposit",
]


def _open_row(session: Session, order_id: uuid.UUID) -> Order:
    row = order_row(session, order_id)
    if row.status == "done":
        raise Conflict(N_("Order {number} is already done."), number=row.number)
    if row.status == "cancelled":
        raise Conflict(N_("Order {number} was cancelled."), number=row.number)
    return row


def order_cart(session: Session, order_id: uuid.UUID) -> Cart:
    """The order's items as a cart, to edit them the way the counter does."""
    row = order_row(session, order_id)
    cart = Cart.from_json(row.items)
    cart.customer_id = CustomerId(row.customer_id)
    return cart


def _check_items(cart: Cart) -> None:
    if cart.is_empty:
        raise InvalidInput(N_("The order has no items."))


def _check_fee(fee: Money) -> None:
    if fee.rupiah < 0:
        raise InvalidInput(N_("The delivery fee cannot be negative."))


def _auto_print(session: Session, order_id: uuid.UUID, slip: str, when: dt.datetime) -> None:
    values = settings.load(session)
    if values.printer_uri and values.receipt_auto_print:
        print_queue.enqueue(session, SLIPS[slip], order_id, at=when)


def new_order(
    session: Session,
    actor: Actor,
    cart: Cart,
    *,
    channel: str = "whatsapp",
    customer_id: uuid.UUID | None = None,
    address: str | None = None,
    delivery_fee: Money = ZERO,
    note: str = "",
    deposit: Money = ZERO,
    deposit_method: str = "cash",
    at: dt.datetime | None = None,
) -> OrderInfo:
    """Take an order for `cart` (priced for the channel already) from a customer (default: the cart's).

    The address defaults to the customer's; a down payment may be taken at once. Nothing moves in stock or
    revenue until `complete_order`. The order slip prints when the printer prints receipts by itself.
    """
    _check_items(cart)
    _check_fee(delivery_fee)
    if deposit.rupiah:
        check_deposit(deposit, deposit_method)
    who = customer_id or cart.customer_id
    if who is None:
        raise InvalidInput(N_("An order needs a customer: choose who is ordering."))
    customer = get_customer(session, who)
    sold_on = get_channel(session, channel)
    if sold_on.is_platform:
        raise InvalidInput(
            N_("A sale on {channel} is rung up at the counter with {channel} as the channel."), channel=sold_on.name
        )
    if not sold_on.is_active:
        raise Conflict(N_("{channel} is no longer a sales channel."), channel=sold_on.name)
    when = at or utc_now()
    device = local_device(session)
    stamp = business_date(when, settings.load(session).timezone).strftime("%Y%m%d")
    number = f"P{device.code}-{stamp}-{next_value(session, f'order:{device.code}:{stamp}'):03d}"
    oid = new_id()
    stored = Cart(list(cart.lines), cart.discount, CustomerId(customer.id), cart.note)
    fields = {
        "number": number,
        "channel": sold_on.code,
        "customer_id": customer.id,
        "address": (customer.address if address is None else address).strip()[:200],
        "delivery_fee": delivery_fee.rupiah,
        "note": note.strip()[:200],
        "status": "new",
        "items": stored.to_json(),
        "created_at": when,
        "created_by": actor.user_id,
        "updated_at": when,
        "sale_id": None,
    }
    session.execute(insert(core(Order)), [{"id": oid, **fields, "hlc": ""}])
    record_change(session, "orders", oid, fields, when)
    audit.record(session, "order.new", at=when, user_id=actor.user_id, detail={"order": number})
    if deposit.rupiah:
        book_deposit(session, actor, oid, customer.id, deposit, method=deposit_method, at=when)
    _auto_print(session, oid, "order", when)
    return get_order(session, oid)


def _change(session: Session, order_id: uuid.UUID, values: dict[str, object], when: dt.datetime) -> None:
    values = {**values, "updated_at": when}
    session.execute(update(Order).where(Order.id == order_id).values(**values))
    record_change(session, "orders", order_id, values, when)


def edit_order(
    session: Session,
    actor: Actor,
    order_id: uuid.UUID,
    *,
    cart: Cart | None = None,
    address: str | None = None,
    delivery_fee: Money | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> OrderInfo:
    """Change an open order's items, address, ongkir or note; only what is given changes."""
    row = _open_row(session, order_id)
    values: dict[str, object] = {}
    if cart is not None:
        _check_items(cart)
        values["items"] = Cart(list(cart.lines), cart.discount, CustomerId(row.customer_id), cart.note).to_json()
    if address is not None:
        values["address"] = address.strip()[:200]
    if delivery_fee is not None:
        _check_fee(delivery_fee)
        values["delivery_fee"] = delivery_fee.rupiah
    if note is not None:
        values["note"] = note.strip()[:200]
    if values:
        when = at or utc_now()
        _change(session, order_id, values, when)
        audit.record(session, "order.edit", at=when, user_id=actor.user_id, detail={"order": row.number})
    return get_order(session, order_id)


def set_status(
    session: Session, actor: Actor, order_id: uuid.UUID, status: str, *, at: dt.datetime | None = None
) -> OrderInfo:
    """Move an open order along the board (or back, to undo a slip of the hand): new, preparing, sent.

    Done and cancelled are reached through `complete_order` and `cancel_order`, which move money. Sending
    an order prints its delivery slip when the printer prints receipts by itself.
    """
    if status not in OPEN_STATUSES:
        raise InvalidInput(N_("An order is completed or cancelled with its own action, which settles its money."))
    row = _open_row(session, order_id)
    if row.status != status:
        when = at or utc_now()
        _change(session, order_id, {"status": status}, when)
        audit.record(
            session, "order.status", at=when, user_id=actor.user_id, detail={"order": row.number, "status": status}
        )
        if status == "sent":
            _auto_print(session, order_id, "delivery", when)
    return get_order(session, order_id)


def take_deposit(
    session: Session,
    actor: Actor,
    order_id: uuid.UUID,
    amount: Money,
    *,
    method: str = "cash",
    at: dt.datetime | None = None,
) -> OrderInfo:
    """A down payment (or a further one) on an open order: money, or credit the customer keeps with the shop."""
    row = _open_row(session, order_id)
    book_deposit(session, actor, row.id, row.customer_id, amount, method=method, at=at)
    return get_order(session, order_id)


def complete_order(
    session: Session,
    actor: Actor,
    order_id: uuid.UUID,
    payments: Sequence[Payment] = (),
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> SaleResult:
    """The order is delivered: ring it up as a sale on its channel, with its ongkir, paid first by its down
    payment and then by `payments` (what the rider collected). Stock moves now.

    A down payment larger than the sale stays with the customer as credit.
    """
    row = _open_row(session, order_id)
    already = sales_of_order(session, order_id)
    if already:
        # The order was completed on another counter and a later edit there put it back on the board.
        raise Conflict(
            N_("Order {number} was already rung up as sale {receipt}."), number=row.number, receipt=already[0][1]
        )
    when = at or utc_now()
    cart = order_cart(session, order_id)
    values = settings.load(session)
    rule = rounding_rule(values)
    # Priced as ring_up will price it (the customer's group prices, promotions on the order's channel).
    counter = local_device(session).code
    priced = price_for_sale(session, cart, ppn_rule(values), values, when, row.channel, counter).priced
    exact = priced.exact_due + row.delivery_fee
    held = deposit_held(session, order_id).rupiah
    others = sum(p.amount.rupiah for p in payments if p.method != "cash")
    has_cash = any(p.method == "cash" for p in payments)
    # The down payment pays what it can of the amount due, worked out as `settle` will round it.
    first = min(held, max(exact - others, 0))
    use = max(min(held, rounded_due(exact, first + others, has_cash, rule) - others), 0)
    paid_by = [Payment("deposit", Money(use), reference=row.number)] if use else []
    result = ring_up(
        session,
        actor,
        cart,
        [*paid_by, *payments],
        approvals=approvals,
        at=when,
        channel=row.channel,
        delivery_fee=Money(row.delivery_fee),
        order_id=row.id,
    )
    if held > use:
        release_deposit(session, actor, row.id, row.customer_id, "credit", at=when, note=result.receipt_no)
    _change(session, order_id, {"status": "done", "sale_id": result.sale_id}, when)
    audit.record(
        session,
        "order.done",
        at=when,
        user_id=actor.user_id,
        detail={"order": row.number, "receipt": result.receipt_no},
    )
    return result


def reopen_after_void(session: Session, actor: Actor, sale_id: uuid.UUID, when: dt.datetime) -> str | None:
    """The sale an order became was voided: the order goes back on the board, on its way again, and holds the
    down payment the void gave back, so it can be completed again or cancelled. Returns its number, or None when
    the sale was no order's.

    "On the way" rather than "new": an order reaches done only once it is delivered or collected, and a void is
    most often a sale rung up wrongly, completed again minutes later.
    """
    row = session.scalar(select(Order).where(Order.sale_id == sale_id))
    if row is None:
        return None
    others = [sale for sale in sales_of_order(session, row.id) if sale[0] != sale_id]
    if others:
        # It had been rung up twice (two counters offline): the other sale stands, and the order stays done with it.
        _change(session, row.id, {"sale_id": others[0][0]}, when)
        return row.number
    _change(session, row.id, {"status": "sent", "sale_id": None}, when)
    audit.record(session, "order.reopen", at=when, user_id=actor.user_id, detail={"order": row.number})
    return row.number


def cancel_order(
    session: Session,
    actor: Actor,
    order_id: uuid.UUID,
    *,
    deposit: Literal["refund", "credit"] = "refund",
    method: str = "cash",
    reason: str = "",
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> OrderInfo:
    """Cancel an open order. Its down payment is paid back (`method`; a cashier needs the owner's approval) or
    kept as the customer's credit for a later order."""
    row = _open_row(session, order_id)
    when = at or utc_now()
    if deposit not in ("refund", "credit"):
        raise InvalidInput(N_("Say whether the down payment is paid back or kept as credit."))
    if deposit_held(session, order_id).rupiah:
        release_deposit(
            session, actor, row.id, row.customer_id, deposit, method=method, approvals=approvals, at=when, note=reason
        )
    _change(session, order_id, {"status": "cancelled"}, when)
    audit.record(
        session, "order.cancel", at=when, user_id=actor.user_id, reason=reason[:200], detail={"order": row.number}
    )
    return get_order(session, order_id)

"""What the orders screen reads and writes, as functions of a session for `TaskManager.read` / `write` (no widget
is touched here), and what each kind of write changes.

The board, an order's items priced for its channel while the order is being written, a new order; moving it along,
completing and cancelling it are the core's own services, called by the screen. An order's slips are read and
queued by the slip preview, which takes the whole `Database` (`read_slip`, `print_slip`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.channels.channels import ChannelInfo, line_for_channel, list_channels, price_for_channel
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.people.customers import CustomerInfo, get_customer
from pos.ledger.people.deposits import customer_credit
from pos.ledger.selling.orders import (
    OrderInfo,
    RungUpTwice,
    get_order,
    list_orders,
    new_order,
    orders_rung_up_twice,
)
from pos.ledger.selling.sales import ppn_rule
from pos.ledger.shop import settings
from pos.ledger.slips.order_slips import order_slip, queue_slip
from pos.ledger.slips.receipts import receipt_for_sale
from pos.ledger.slips.slip_types import AnySlip
from pos.ledger.stock.product_records import get_product
from pos.ui.changes import Change

BOARD_LIMIT = 200

# What the board shows: the orders, the channels they came by, their customers, and orders rung up twice.
SHOWS: Final = {Change.ORDERS, Change.CHANNELS, Change.CUSTOMERS, Change.SALES}
# An order may take a down payment (into the drawer or from the customer's credit) and print its slip by itself.
NEW_ORDER_CHANGES: Final = {Change.ORDERS, Change.MONEY, Change.SHIFTS, Change.CUSTOMERS, Change.PRINTING}
MOVE_CHANGES: Final = {Change.ORDERS, Change.PRINTING}  # on the way, it prints its delivery slip by itself
# Completing an order is a sale: its stock, money, drawer, the customer's tab or credit, and its receipt.
COMPLETE_CHANGES: Final = {
    Change.ORDERS,
    Change.SALES,
    Change.STOCK,
    Change.MONEY,
    Change.SHIFTS,
    Change.CUSTOMERS,
    Change.PRINTING,
}
# A cancelled order's down payment goes back (from the drawer) or stays as the customer's credit.
CANCEL_CHANGES: Final = {Change.ORDERS, Change.MONEY, Change.SHIFTS, Change.CUSTOMERS}


@dataclass(frozen=True, slots=True)
class BoardView:
    """The orders of the chosen statuses, the channels (for the filter and new orders) and the shop's clock; and
    any order two counters rang up while offline, for the owner to settle."""

    orders: tuple[OrderInfo, ...]
    channels: tuple[ChannelInfo, ...]
    timezone: str
    rung_up_twice: tuple[RungUpTwice, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftLine:
    name: str
    qty: int  # packs, in thousandths
    unit: str
    unit_price: int
    total: int  # after the line's discount, as the order slip will show it


@dataclass(frozen=True, slots=True)
class Draft:
    """An order's items while it is being written, priced by the core for its channel."""

    cart: Cart
    lines: tuple[DraftLine, ...]
    goods: int  # what the items come to, with PPN


@dataclass(frozen=True, slots=True)
class CustomerChoice:
    """The customer chosen for an order: their record (for the address) and any credit they keep."""

    info: CustomerInfo
    credit: int


def read_board(session: Session, statuses: Sequence[str], channel: str | None) -> BoardView:
    return BoardView(
        tuple(list_orders(session, statuses=statuses, channel=channel, limit=BOARD_LIMIT)),
        tuple(list_channels(session, active_only=False)),
        settings.load(session).timezone,
        tuple(orders_rung_up_twice(session)),
    )


def _draft(session: Session, cart: Cart, channel: str) -> Draft:
    priced_cart = price_for_channel(session, cart, channel)
    priced = priced_cart.priced(ppn_rule(settings.load(session)))
    lines = tuple(
        DraftLine(x.name, x.qty.milli, x.unit, x.unit_price.rupiah, p.gross - p.line_discount)
        for x, p in zip(priced_cart.lines, priced.lines, strict=True)
    )
    return Draft(priced_cart, lines, priced.exact_due)


def price_draft(session: Session, cart: Cart, channel: str) -> Draft:
    """`cart` at `channel`'s prices, with its lines and total as the core prices them."""
    return _draft(session, cart, channel)


def add_item(session: Session, cart: Cart, product_id: uuid.UUID, channel: str) -> Draft:
    """One more of a product in the order (the core adds it to its line when it is there already)."""
    line = line_for_product(get_product(session, product_id), Qty.units(1))
    # Priced for the channel before it is added, so it joins a line of the same product at the same price.
    line = line_for_channel(session, line, channel)
    more = Cart(list(cart.lines), cart.discount, cart.customer_id, cart.note)
    more.add(line)
    return _draft(session, more, channel)


def choose_customer(session: Session, customer_id: uuid.UUID) -> CustomerChoice:
    return CustomerChoice(get_customer(session, customer_id), customer_credit(session, customer_id).rupiah)


@dataclass(frozen=True, slots=True)
class OrderForm:
    """What the new-order dialog holds."""

    cart: Cart
    channel: str
    customer_id: uuid.UUID | None
    address: str
    delivery_fee: Money
    note: str
    deposit: Money
    deposit_method: str


def save_order(session: Session, actor: Actor, form: OrderForm) -> OrderInfo:
    return new_order(
        session,
        actor,
        form.cart,
        channel=form.channel,
        customer_id=form.customer_id,
        address=form.address,
        delivery_fee=form.delivery_fee,
        note=form.note,
        deposit=form.deposit,
        deposit_method=form.deposit_method,
    )


def print_slip(session: Session, order_id: uuid.UUID, slip: str) -> uuid.UUID:
    """Queue the order's slip (`order`, `delivery`, or the `receipt` of its sale, as a copy) for the printer; the
    core refuses when no printer is set up."""
    if slip != "receipt":
        return queue_slip(session, order_id, slip)
    order = get_order(session, order_id)
    if order.sale_id is None:
        raise Conflict(N_("Order {number} has no receipt until it is done."), number=order.number)
    if not print_queue.printer_configured(session):
        raise InvalidInput(N_("No receipt printer is set up."))
    return print_queue.reprint(session, "receipt", order.sale_id)


def read_slip(session: Session, order_id: uuid.UUID, slip: str) -> AnySlip:
    """The order's slip as it stands now (`order`, `delivery`), or the receipt of its sale (`receipt`)."""
    if slip != "receipt":
        return order_slip(session, order_id, slip)
    sale_id = get_order(session, order_id).sale_id
    if sale_id is None:
        raise Conflict(
            N_("Order {number} has no receipt until it is done."), number=get_order(session, order_id).number
        )
    return receipt_for_sale(session, sale_id, is_copy=True)

"""Orders taken by WhatsApp or phone (pesanan): the customer's items, address, ongkir and notes, moved along the
board (baru, disiapkan, dikirim) and rung up as a sale when delivered (selesai), or cancelled (batal).

An order is shared master data until it is done: any counter can move it along. Stock and revenue move only
when it becomes a sale, through `ring_up`, in one transaction with the order's completion. Its down payment
lives in `pos.ledger.people.deposits`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import CustomerId, SaleId, new_id
from pos.ledger.base.money import ZERO, Money
from pos.ledger.base.sequences import next_value
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.channels.channels import get_channel
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.pricing import PpnRule, rounded_due
from pos.ledger.people.customers import get_customer
from pos.ledger.people.deposits import book_deposit, check_deposit, deposit_held, release_deposit
from pos.ledger.prices.sale_records import price_for_sale
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Channel, Customer, Order, Sale, SaleVoid, core
from pos.ledger.selling.sales import SaleResult, ppn_rule, ring_up, rounding_rule
from pos.ledger.shop import settings

OrderStatus = Literal["new", "preparing", "sent", "done", "cancelled"]
STATUSES: Final = get_args(OrderStatus)
OPEN_STATUSES: Final = ("new", "preparing", "sent")
STATUS_NAMES: Final = {
    "new": N_("New"),
    "preparing": N_("Preparing"),
    "sent": N_("On the way"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
}
SLIPS: Final = {"order": "order_slip", "delivery": "delivery_slip"}


@dataclass(frozen=True, slots=True)
class OrderLine:
    name: str
    qty_milli: int  # how many packs
    pack_milli: int
    unit_price: int  # per pack
    total: int  # after the line's own discount


@dataclass(frozen=True, slots=True)
class OrderInfo:
    """An order as the board and the slips show it."""

    id: uuid.UUID
    number: str
    channel: str
    channel_name: str
    customer_id: CustomerId
    customer_name: str
    phone: str
    address: str
    delivery_fee: int
    note: str
    status: str
    lines: tuple[OrderLine, ...]
    goods: int  # what the items come to, after discounts and with PPN
    deposit: int  # down payment the order holds
    created_at: dt.datetime
    updated_at: dt.datetime
    sale_id: SaleId | None

    @property
    def total(self) -> int:
        return self.goods + self.delivery_fee

    @property
    def to_collect(self) -> int:
        """What the rider collects on delivery (before any cash rounding)."""
        return max(self.total - self.deposit, 0)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def _order_row(session: Session, order_id: uuid.UUID) -> Order:
    row = session.get(Order, order_id)
    if row is None:
        raise NotFound(N_("Order not found."))
    return row


_NOT_VOIDED = ~select(SaleVoid.sale_id).where(SaleVoid.sale_id == Sale.id).exists()


def sales_of_order(session: Session, order_id: uuid.UUID) -> list[tuple[SaleId, str]]:
    """The sales (id, receipt number) that completed `order_id` and were not voided, oldest first: one, or none
    while it is open; two when two counters completed it offline."""
    rows = session.execute(
        select(Sale.id, Sale.receipt_no).where(Sale.order_id == order_id, _NOT_VOIDED).order_by(Sale.created_at)
    ).all()
    return [(SaleId(sale_id), str(receipt)) for sale_id, receipt in rows]


@dataclass(frozen=True, slots=True)
class RungUpTwice:
    """An order completed on two counters while they were offline: more than one sale for the same goods."""

    order_id: uuid.UUID
    number: str
    receipts: tuple[str, ...]  # oldest first

    def message(self) -> str:
        """What the owner is told, in the language of the moment."""
        return _("Order {number} was rung up more than once: sales {receipts}. Void or return the extra one.").format(
            number=self.number, receipts=", ".join(self.receipts)
        )


def orders_rung_up_twice(session: Session) -> list[RungUpTwice]:
    """Orders that became more than one sale (voided sales left out), for the owner to return or void the extra
    one. Only counters offline at the same time can do this: a counter refuses to complete an order twice."""
    twice = (
        select(Sale.order_id)
        .where(Sale.order_id.is_not(None), _NOT_VOIDED)
        .group_by(Sale.order_id)
        .having(func.count() > 1)
    )
    out = []
    for row in session.scalars(select(Order).where(Order.id.in_(twice)).order_by(Order.created_at)):
        receipts = tuple(receipt for _id, receipt in sales_of_order(session, row.id))
        out.append(RungUpTwice(row.id, row.number, receipts))
    return out


def _open_row(session: Session, order_id: uuid.UUID) -> Order:
    row = _order_row(session, order_id)
    if row.status == "done":
        raise InvalidInput(N_("Order {number} is already done."), number=row.number)
    if row.status == "cancelled":
        raise InvalidInput(N_("Order {number} was cancelled."), number=row.number)
    return row


def order_cart(session: Session, order_id: uuid.UUID) -> Cart:
    """The order's items as a cart, to edit them the way the counter does."""
    row = _order_row(session, order_id)
    cart = Cart.from_json(row.items)
    cart.customer_id = CustomerId(row.customer_id)
    return cart


def _info(session: Session, row: Order, names: dict[str, str], customer: Customer, rule: PpnRule) -> OrderInfo:
    cart = Cart.from_json(row.items)
    priced = cart.priced(rule)
    lines = tuple(
        OrderLine(x.name, x.qty.milli, x.pack_milli, x.unit_price.rupiah, p.gross - p.line_discount)
        for x, p in zip(cart.lines, priced.lines, strict=True)
    )
    return OrderInfo(
        id=row.id,
        number=row.number,
        channel=row.channel,
        channel_name=names.get(row.channel, row.channel),
        customer_id=CustomerId(row.customer_id),
        customer_name=customer.name,
        phone=customer.phone,
        address=row.address,
        delivery_fee=row.delivery_fee,
        note=row.note,
        status=row.status,
        lines=lines,
        goods=priced.exact_due,
        deposit=deposit_held(session, row.id).rupiah,
        created_at=row.created_at,
        updated_at=row.updated_at,
        sale_id=SaleId(row.sale_id) if row.sale_id else None,
    )


def _channel_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Channel.code, Channel.name)).all())


def get_order(session: Session, order_id: uuid.UUID) -> OrderInfo:
    row = _order_row(session, order_id)
    customer = session.get(Customer, row.customer_id)
    assert customer is not None  # a foreign key
    return _info(session, row, _channel_names(session), customer, ppn_rule(settings.load(session)))


def find_order(session: Session, number: str) -> uuid.UUID:
    """The order with number `number` (as printed, any case)."""
    found = session.scalar(select(Order.id).where(Order.number == number.strip().upper()))
    if found is None:
        raise NotFound(N_("No order has number {number}."), number=number.strip())
    return found


def list_orders(
    session: Session,
    *,
    statuses: Sequence[str] = OPEN_STATUSES,
    channel: str | None = None,
    limit: int = 200,
) -> list[OrderInfo]:
    """Orders with one of `statuses`: the open ones first, oldest first (the order they should go out in), then
    the done and cancelled ones newest first, so the limit cuts off old history rather than this week's orders."""
    still_open = Order.status.in_(list(OPEN_STATUSES))
    query = (
        select(Order, Customer)
        .join(Customer, Customer.id == Order.customer_id)
        .where(Order.status.in_(list(statuses)))
        .order_by(
            case((still_open, 0), else_=1),
            case((still_open, Order.created_at), else_=None),
            Order.created_at.desc(),
        )
        .limit(limit)
    )
    if channel is not None:
        query = query.where(Order.channel == channel)
    names = _channel_names(session)
    rule = ppn_rule(settings.load(session))
    return [_info(session, order, names, customer, rule) for order, customer in session.execute(query)]


def _check_items(cart: Cart) -> None:
    if cart.is_empty:
        raise InvalidInput(N_("The order has no items."))


def _check_fee(fee: Money) -> None:
    if fee.rupiah < 0:
        raise InvalidInput(N_("The delivery fee cannot be negative."))


def _auto_print(session: Session, order_id: uuid.UUID, slip: str, when: dt.datetime) -> None:
    values = settings.load(session)
    if values["printer.uri"] and values["receipt.auto_print"]:
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
        raise InvalidInput(N_("{channel} is no longer a sales channel."), channel=sold_on.name)
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
        raise InvalidInput(
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

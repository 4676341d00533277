"""Orders as people read them: on the board, in the window, the terminal and on the slips. Each with its items
and its money through its life (down payments taken, paid back or kept as credit, what paid the sale and what was
collected on delivery), and the sales an order became. The writes that move an order along are in `orders`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.errors import NotFound
from pos.ledger.base.ids import CustomerId, SaleId
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.pricing import PpnRule
from pos.ledger.people.deposits import deposit_held
from pos.ledger.schema import Channel, Customer, Order, OrderPayment, Sale, SalePayment, SaleVoid
from pos.ledger.selling.sales import ppn_rule
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
class OrderMoney:
    """One movement of money on an order: a down payment taken, paid back or kept as the customer's credit, or, once
    it is a sale, what of it paid the sale and what was collected on delivery."""

    at: dt.datetime
    kind: str  # deposit, refund, credit (kept as the customer's), used (paid the sale), collected
    method: str  # cash, qris, transfer, ewallet, credit (the customer's), ...
    amount: int


def order_total(goods: int, delivery_fee: int) -> int:
    """What an order comes to: its items (after discounts, with PPN) and the delivery fee, before rounding."""
    return goods + delivery_fee


@dataclass(frozen=True, slots=True)
class OrderInfo:
    """An order as the board and the slips show it, with its money through its life: what was billed, paid,
    paid back and kept."""

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
    history: tuple[OrderMoney, ...] = ()  # oldest first
    billed: int = 0  # what its sale charged, rounding included (0 until it is done)
    receipt_no: str = ""  # its sale's, once done

    @property
    def total(self) -> int:
        return order_total(self.goods, self.delivery_fee)

    def _sum(self, kind: str) -> int:
        return sum(m.amount for m in self.history if m.kind == kind)

    @property
    def taken(self) -> int:
        """Down payments taken, in money or from the customer's credit."""
        return self._sum("deposit")

    @property
    def refunded(self) -> int:
        return self._sum("refund")

    @property
    def deposit_came_by(self) -> str:
        """How the last down payment came ('cash' when none): the way a cancelled order pays it back unless told
        otherwise; 'credit' when it came from the customer's credit, which is then kept as credit again."""
        return next((m.method for m in reversed(self.history) if m.kind == "deposit"), "cash")

    @property
    def kept(self) -> int:
        """Kept as the customer's credit: a cancelled order's down payment, or what the sale did not need."""
        return self._sum("credit")

    @property
    def used(self) -> int:
        """Of the down payment, what paid the sale."""
        return self._sum("used")

    @property
    def collected(self) -> int:
        """Paid when the order was handed over, beyond the down payment (change not counted)."""
        return self._sum("collected")

    @property
    def to_collect(self) -> int:
        """What the rider collects on delivery (before any cash rounding); nothing once the order has ended."""
        return max(self.total - self.deposit, 0) if self.is_open else 0

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of an order's money as the window, the terminal and the slips show it."""

    key: str
    label: str  # a message id: translate with `_`
    amount: int
    strong: bool = False  # the line to look at: what to collect, or what was billed


def money_figures(order: OrderInfo) -> tuple[Figure, ...]:
    """The order's money as it stands: while open, the total, the down payment held and what to collect; once
    done, what was billed and how it was paid; once cancelled, what became of its down payment."""
    figures = [Figure("goods", N_("Items"), order.goods), Figure("fee", N_("Delivery fee"), order.delivery_fee)]
    if order.status == "done":
        figures.append(Figure("billed", N_("Billed"), order.billed, strong=True))
        spent = (("used", N_("Down payment used"), order.used), ("collected", N_("Paid on delivery"), order.collected))
        figures += [Figure(key, text, amount) for key, text, amount in spent if amount]
        if order.kept:
            figures.append(Figure("kept", N_("Kept as credit"), order.kept))
        return tuple(figures)
    figures.append(Figure("total", N_("Total"), order.total, strong=order.status == "cancelled"))
    if order.status == "cancelled":
        became = (
            ("taken", N_("Down payment"), order.taken),
            ("refunded", N_("Paid back"), order.refunded),
            ("kept", N_("Kept as credit"), order.kept),
        )
        return tuple(figures + [Figure(key, text, amount) for key, text, amount in became if amount])
    figures.append(Figure("deposit", N_("Down payment"), order.deposit))
    figures.append(Figure("collect", N_("To collect on delivery"), order.to_collect, strong=True))
    return tuple(figures)


_SEQUENCE: Final = ("deposit", "refund", "used", "collected", "credit")
# What each movement of an order's money is called.
MONEY_NAMES: Final = {
    "deposit": N_("Down payment"),
    "refund": N_("Paid back"),
    "credit": N_("Kept as credit"),
    "used": N_("Down payment used"),
    "collected": N_("Paid on delivery"),
}


def order_row(session: Session, order_id: uuid.UUID) -> Order:
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


@dataclass(frozen=True, slots=True)
class _Money:
    history: tuple[OrderMoney, ...]
    billed: int
    receipt_no: str


def _money(session: Session, rows: Sequence[Order]) -> dict[uuid.UUID, _Money]:
    """The money on each of `rows`, read for all of them at once (the board lists up to a few hundred)."""
    moves: dict[uuid.UUID, list[OrderMoney]] = {row.id: [] for row in rows}
    ids = list(moves)
    for start in range(0, len(ids), 500):  # SQLite limits how many values one statement may bind
        chunk = ids[start : start + 500]
        for paid in session.scalars(
            select(OrderPayment).where(OrderPayment.order_id.in_(chunk)).order_by(OrderPayment.created_at)
        ):
            moves[paid.order_id].append(OrderMoney(paid.created_at, paid.kind, paid.method, paid.amount))
    sold: dict[uuid.UUID, tuple[int, str]] = {}
    by_sale = {row.sale_id: row.id for row in rows if row.sale_id is not None}
    sale_ids = list(by_sale)
    for start in range(0, len(sale_ids), 500):
        chunk = sale_ids[start : start + 500]
        for sale in session.scalars(select(Sale).where(Sale.id.in_(chunk))):
            sold[by_sale[sale.id]] = (sale.total, sale.receipt_no)
            for pay in session.scalars(select(SalePayment).where(SalePayment.sale_id == sale.id)):
                kind = "used" if pay.method == "deposit" else "collected"
                moves[by_sale[sale.id]].append(OrderMoney(sale.created_at, kind, pay.method, pay.amount))
    out = {}
    for oid, history in moves.items():
        billed, receipt = sold.get(oid, (0, ""))
        # What is booked at one moment reads in the order it happened: the down payment pays first, then what was
        # collected, and what was more than the sale needed is kept as credit last.
        ordered = sorted(history, key=lambda m: (m.at, _SEQUENCE.index(m.kind) if m.kind in _SEQUENCE else 9))
        out[oid] = _Money(tuple(ordered), billed, receipt)
    return out


def _info(
    session: Session, row: Order, names: dict[str, str], customer: Customer, rule: PpnRule, money: _Money
) -> OrderInfo:
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
        history=money.history,
        billed=money.billed,
        receipt_no=money.receipt_no,
    )


def _channel_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Channel.code, Channel.name)).all())


def get_order(session: Session, order_id: uuid.UUID) -> OrderInfo:
    row = order_row(session, order_id)
    customer = session.get(Customer, row.customer_id)
    assert customer is not None  # a foreign key
    money = _money(session, [row])[row.id]
    return _info(session, row, _channel_names(session), customer, ppn_rule(settings.load(session)), money)


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
    found = session.execute(query).all()
    money = _money(session, [order for order, _customer in found])
    return [_info(session, order, names, customer, rule, money[order.id]) for order, customer in found]

"""`laci order list|new|show|status|deposit|print`: WhatsApp and phone orders from a terminal; `print --printer
preview:` shows any of an order's slips (order, delivery, receipt) in the terminal.

Items are given as the counter scans them (`--item 8991234567890`, `--item 3*8991234567890`) and priced for the
order's channel. Completing an order (`status NUMBER done`) rings it up, so it needs a shift open on this counter.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Literal

from pos.commands.channels import owner_of, table
from pos.commands.common import EXIT_OK, EXIT_PROBLEM, open_shop_db, print_json, shop_session
from pos.commands.printing import chosen_printer, send_now, unconfirmed
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.money import ZERO, Money
from pos.ledger.channels.channels import price_for_channel
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import METHODS, Payment, method_name
from pos.ledger.people.customers import add_customer, customer_named
from pos.ledger.people.deposits import DEPOSIT_METHODS, MONEY_METHODS
from pos.ledger.reports.rows import plain
from pos.ledger.selling.order_records import MONEY_NAMES, money_figures
from pos.ledger.selling.orders import (
    OPEN_STATUSES,
    STATUS_NAMES,
    STATUSES,
    OrderInfo,
    cancel_order,
    complete_order,
    find_order,
    get_order,
    list_orders,
    new_order,
    set_status,
    take_deposit,
)
from pos.ledger.shop import settings
from pos.ledger.slips import receipts
from pos.ledger.slips.order_slips import order_slip, queue_slip
from pos.ledger.slips.slip_types import AnySlip
from pos.ledger.stock import barcodes
from pos.printing.layout import lines_for
from pos.printing.printers import PreviewPrinter, codepage_of
from pos.printing.queue_worker import print_pending


def register(sub: Any) -> None:
    parser = sub.add_parser("order", help=_("orders by WhatsApp or phone: take, follow and complete them"))
    actions = parser.add_subparsers(dest="order_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("the open orders, oldest first (with --all, every order)"))
    listing.add_argument("--all", action="store_true", help=_("include done and cancelled orders"))
    listing.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    listing.set_defaults(handler=run_list)

    new = actions.add_parser("new", help=_("take an order"))
    new.add_argument("--customer", required=True, help=_("the customer's name"))
    new.add_argument("--phone", help=_("the phone number, to add a customer not yet known"))
    new.add_argument("--item", action="append", required=True, metavar="CODE", help=_("a barcode, or 3*CODE for 3"))
    new.add_argument("--channel", default="whatsapp", help=_("the channel's code (default: whatsapp)"))
    new.add_argument("--address", help=_("where to deliver (default: the customer's address)"))
    new.add_argument("--fee", default="0", metavar="RP", help=_("the delivery fee (ongkir)"))
    new.add_argument("--note", default="", help=_("a note for packing and delivery"))
    new.add_argument("--deposit", metavar="RP", help=_("a down payment taken now"))
    new.add_argument("--deposit-method", choices=DEPOSIT_METHODS, default="cash", help=_("how it was paid"))
    new.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    new.set_defaults(handler=run_new)

    show = actions.add_parser("show", help=_("one order with its items and money"))
    show.add_argument("number", help=_("the order number, such as PA-20261122-001"))
    show.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    show.set_defaults(handler=run_show)

    status = actions.add_parser("status", help=_("move an order along: preparing, sent, done or cancelled"))
    status.add_argument("number", help=_("the order number, such as PA-20261122-001"))
    status.add_argument("status", choices=STATUSES, help=_("the new status"))
    status.add_argument(
        "--pay", action="append", default=[], metavar="METHOD:RP", help=_("collected on delivery, such as cash:50000")
    )
    status.add_argument(
        "--deposit",
        choices=("refund", "credit"),
        help=_("on cancelling: pay it back or keep it (default: the way it came; credit stays credit)"),
    )
    status.add_argument(
        "--method", choices=tuple(MONEY_METHODS), help=_("how it is paid back (default: the way it came)")
    )
    status.add_argument("--reason", default="", help=_("why it is cancelled"))
    status.set_defaults(handler=run_status)

    deposit = actions.add_parser("deposit", help=_("take a down payment on an open order"))
    deposit.add_argument("number", help=_("the order number, such as PA-20261122-001"))
    deposit.add_argument("amount", help=_("the amount in rupiah"))
    deposit.add_argument("--method", choices=DEPOSIT_METHODS, default="cash", help=_("how it was paid"))
    deposit.set_defaults(handler=run_deposit)

    slip = actions.add_parser(
        "print",
        help=_("print the order slip, the delivery slip or the receipt of an order"),
        description=_(
            "Without --printer the slip goes through the print queue to the shop's printer; with it, straight to "
            "that printer (preview: writes it here, in the terminal)."
        ),
    )
    slip.add_argument("number", help=_("the order number, such as PA-20261122-001"))
    slip.add_argument(
        "--slip", choices=("order", "delivery", "receipt"), default="order", help=_("which slip (a receipt once done)")
    )
    slip.add_argument(
        "--printer", metavar="URI", help=_("a printer's address, such as preview: or tcp://192.168.1.50:9100")
    )
    slip.set_defaults(handler=run_print)


def _as_dict(order: OrderInfo) -> dict[str, Any]:
    return {
        **plain(order),
        "total": order.total,
        "to_collect": order.to_collect,
        "taken": order.taken,
        "refunded": order.refunded,
        "kept": order.kept,
        "used": order.used,
        "collected": order.collected,
    }


def money_rows(order: OrderInfo) -> list[list[str]]:
    """The money rows under the items, as the order stands: open, done or cancelled."""
    return [[_(f.label), "", fmt.rupiah(f.amount)] for f in money_figures(order) if f.key != "goods"]


def _show(order: OrderInfo) -> None:
    print(f"{order.number}  {_(STATUS_NAMES[order.status])}  {order.channel_name}")
    print(f"{order.customer_name}  {order.phone}".rstrip())
    if order.address:
        print(order.address)
    if order.note:
        print(_("Note: {note}").format(note=order.note))
    if order.receipt_no:
        print(_("Receipt {number}").format(number=order.receipt_no))
    rows = [[line.name, fmt.qty(line.qty_milli), fmt.rupiah(line.total)] for line in order.lines]
    rows += money_rows(order)
    print(table(rows, [_("Item"), _("Qty"), _("Amount")], figures=(1, 2)))
    if order.history:
        print()
        print(_("Money on this order:"))
        history = [
            [
                fmt.datetime(m.at),
                _(MONEY_NAMES[m.kind]) if m.kind in MONEY_NAMES else m.kind,
                method_name(m.method),
                fmt.rupiah(m.amount),
            ]
            for m in order.history
        ]
        print(table(history, [_("When"), _("What"), _("Paid with"), _("Amount")], figures=(3,)))


def run_list(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        orders = list_orders(session, statuses=STATUSES if args.all else OPEN_STATUSES, limit=1_000)
    if args.json:
        print_json([_as_dict(o) for o in orders])
        return EXIT_OK
    if not orders:
        print(_("No open orders."))
        return EXIT_OK
    rows = [
        [
            o.number,
            _(STATUS_NAMES[o.status]),
            o.channel_name,
            o.customer_name,
            fmt.rupiah(o.billed if o.status == "done" else o.total),
            fmt.rupiah(o.to_collect),
        ]
        for o in orders
    ]
    header = [_("Order"), _("Status"), _("Channel"), _("Customer"), _("Total"), _("To collect")]
    print(table(rows, header, figures=(4, 5)))
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        # With --phone a name that is only part of another's is a new customer; without, it may be part of one.
        customer = customer_named(session, args.customer, partial=not args.phone)
        if customer is None:
            if not args.phone:
                raise NotFound(
                    N_("No customer is called {name}; give --phone to add them."), name=args.customer.strip()
                )
            customer = add_customer(session, args.customer, phone=args.phone, address=args.address or "")
        formats = barcodes.parse_formats(settings.load(session).barcode_instore_formats)
        cart = Cart(customer_id=customer)
        for code in args.item:
            cart.add(line_for_scan(session, code, formats))
        order = new_order(
            session,
            owner_of(session),
            price_for_channel(session, cart, args.channel),
            channel=args.channel,
            address=args.address,
            delivery_fee=Money.parse(args.fee),
            note=args.note,
            deposit=Money.parse(args.deposit) if args.deposit else ZERO,
            deposit_method=args.deposit_method,
        )
    if args.json:
        print_json(_as_dict(order))
        return EXIT_OK
    print(_("Order {number} taken.").format(number=order.number))
    _show(order)
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        order = get_order(session, find_order(session, args.number))
    if args.json:
        print_json(_as_dict(order))
    else:
        _show(order)
    return EXIT_OK


def _payments(texts: list[str]) -> list[Payment]:
    payments = []
    for text in texts:
        method, _sep, amount = text.partition(":")
        if method not in METHODS or method == "kasbon" or not amount:
            raise InvalidInput(N_("'{text}' is not a payment like cash:50000."), text=text)
        payments.append(Payment(method, Money.parse(amount)))  # type: ignore[arg-type]
    return payments


def run_status(args: argparse.Namespace) -> int:
    payments = _payments(args.pay)
    with shop_session(args, write=True) as session:
        order_id = find_order(session, args.number)
        actor = owner_of(session)
        if args.status == "done":
            sale = complete_order(session, actor, order_id, payments)
            print(
                _("Order {number} is done: receipt {receipt}, {total}.").format(
                    number=args.number.upper(), receipt=sale.receipt_no, total=fmt.rupiah(sale.total)
                )
            )
            if sale.change:
                print(_("Change: {amount}").format(amount=fmt.rupiah(sale.change)))
            return EXIT_OK
        if args.status == "cancelled":
            # Paid back the way it came, as the window offers: a QRIS down payment goes back by QRIS.
            came = get_order(session, order_id).deposit_came_by
            deposit: Literal["refund", "credit"] = args.deposit or ("credit" if came == "credit" else "refund")
            method = args.method or (came if came in MONEY_METHODS else "cash")
            order = cancel_order(session, actor, order_id, deposit=deposit, method=method, reason=args.reason)
        else:
            order = set_status(session, actor, order_id, args.status)
    print(_("Order {number}: {status}.").format(number=order.number, status=_(STATUS_NAMES[order.status])))
    return EXIT_OK


def run_deposit(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        order_id = find_order(session, args.number)
        order = take_deposit(session, owner_of(session), order_id, Money.parse(args.amount), method=args.method)
    print(
        _("Order {number} holds a down payment of {deposit}; {rest} is left to collect.").format(
            number=order.number, deposit=fmt.rupiah(order.deposit), rest=fmt.rupiah(order.to_collect)
        )
    )
    return EXIT_OK


def _slip_now(args: argparse.Namespace) -> int:
    """Print the slip straight to `--printer`, as a copy when it is the receipt."""
    db = open_shop_db(args)
    try:
        printer = chosen_printer(db, args.printer)
        with db.read() as session:
            order = get_order(session, find_order(session, args.number))
            if args.slip == "receipt":
                if order.sale_id is None:
                    raise Conflict(N_("Order {number} has no receipt until it is done."), number=order.number)
                slip: AnySlip = receipts.receipt_for_sale(session, order.sale_id, is_copy=True)
            else:
                slip = order_slip(session, order.id, args.slip)
        delivery = send_now(printer, lines_for(slip, printer.columns, codepage=codepage_of(printer)))
    finally:
        db.dispose()
    if not delivery.confirmed:
        return unconfirmed(printer, delivery)
    if not isinstance(printer, PreviewPrinter):
        print(_("The slip went to {printer}.").format(printer=printer.address))
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    if args.printer is not None:
        return _slip_now(args)
    with shop_session(args, write=True) as session:
        order_id = find_order(session, args.number)
        if args.slip == "receipt":
            sale_id = get_order(session, order_id).sale_id
            if sale_id is None:
                raise Conflict(N_("Order {number} has no receipt until it is done."), number=args.number.upper())
            if not print_queue.printer_configured(session):
                raise InvalidInput(N_("No receipt printer is set up."))
            print_queue.reprint(session, "receipt", sale_id)
        else:
            queue_slip(session, order_id, args.slip)
    db = open_shop_db(args)
    try:
        run = print_pending(db)
    finally:
        db.dispose()
    print(_("Slips printed: {n}.").format(n=len(run.printed)))
    for _job, reason in run.failed:
        print(_("Not printed: {reason}").format(reason=reason), file=sys.stderr)
    return EXIT_OK if run.ok else EXIT_PROBLEM

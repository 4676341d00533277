"""`laci supplier`, `laci consignor` and `laci stock`: paying what the shop owes suppliers, settling with a
consignor and their statement (a slip and a PDF), and writing off expired or damaged goods. Each is one core
service in one transaction: a refused input writes nothing."""

from __future__ import annotations

import argparse
import datetime as dt
import uuid
from pathlib import Path
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos import i18n
from pos.commands.channels import owner_of
from pos.commands.common import EXIT_OK, print_json, shop_session
from pos.commands.stock_reports import REASON_NAMES, table
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.money import Money, Qty
from pos.ledger.base.period import Period, parse_date
from pos.ledger.books.payables import open_debts
from pos.ledger.schema import Supplier
from pos.ledger.shop import settings
from pos.ledger.slips.consignor_slips import print_again, settle_and_print
from pos.ledger.slips.receipts import shop_header
from pos.ledger.stock.batches import WRITE_OFF_REASONS, lots, write_off
from pos.ledger.stock.consignor_statement import ConsignorStatement, consignor_statement, last_settlement
from pos.ledger.stock.purchases import pay_supplier, supplier_balance
from pos.ledger.stock.search import search_products

PAID_WITH: Final = ("cash", "bank")


def register(sub: Any) -> None:
    supplier = sub.add_parser("supplier", help=_("what the shop owes its suppliers, and paying them"))
    actions = supplier.add_subparsers(dest="action", metavar="ACTION", required=True)
    debts = actions.add_parser("debts", help=_("the debts not yet paid, soonest due first"))
    debts.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    debts.set_defaults(handler=run_debts)
    pay = actions.add_parser("pay", help=_("pay some or all of what the shop owes a supplier"))
    pay.add_argument("name", help=_("the supplier's name"))
    pay.add_argument("amount", help=_("the amount, in rupiah"))
    pay.add_argument("--with", dest="paid_with", choices=PAID_WITH, default="cash", help=_("paid in cash or by bank"))
    pay.add_argument("--note", default="", help=_("a note"))
    pay.set_defaults(handler=run_pay)

    consignor = sub.add_parser("consignor", help=_("goods left on consignment (titip jual): settling and statements"))
    actions = consignor.add_subparsers(dest="action", metavar="ACTION", required=True)
    statement = actions.add_parser("statement", help=_("a consignor's goods and money over a period"))
    statement.add_argument("name", help=_("the consignor's name"))
    statement.add_argument("--from", dest="start", metavar="DATE", help=_("first day, YYYY-MM-DD"))
    statement.add_argument("--to", dest="end", metavar="DATE", help=_("last day, YYYY-MM-DD"))
    statement.add_argument("--pdf", metavar="FILE", help=_("also write it as a PDF"))
    statement.add_argument(
        "--reprint", action="store_true", help=_("print the last settlement's slip again, marked as a copy")
    )
    statement.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    statement.set_defaults(handler=run_statement)
    settle = actions.add_parser(
        "settle", help=_("pay the consignor for what sold and hand back what is left; the slip prints once")
    )
    settle.add_argument("name", help=_("the consignor's name"))
    settle.add_argument(
        "--with", dest="paid_with", choices=PAID_WITH, default="cash", help=_("paid in cash or by bank")
    )
    settle.add_argument("--keep", action="store_true", help=_("keep their goods on the shelf; only pay"))
    settle.add_argument("--no-print", action="store_true", help=_("do not print the statement slip"))
    settle.add_argument("--note", default="", help=_("a note"))
    settle.set_defaults(handler=run_settle)

    stock = sub.add_parser("stock", help=_("goods off the shelf: write off expired or damaged stock"))
    actions = stock.add_subparsers(dest="action", metavar="ACTION", required=True)
    off = actions.add_parser("write-off", help=_("take expired, damaged or wasted goods of one batch off the shelf"))
    off.add_argument("product", help=_("the product's barcode, SKU or name"))
    off.add_argument("--batch", default="", help=_("the batch number, when several batches are left"))
    off.add_argument("--expires", metavar="DATE", help=_("the batch's expiry date, YYYY-MM-DD"))
    off.add_argument("--reason", choices=WRITE_OFF_REASONS, required=True, help=_("why it leaves the shelf"))
    off.add_argument("--qty", help=_("how much (default: all that is left of the batch)"))
    off.add_argument("--note", default="", help=_("a note"))
    off.set_defaults(handler=run_write_off)


def supplier_named(session: Session, name: str) -> uuid.UUID:
    """The supplier called `name` (any case); else the one whose name holds it, if only one does."""
    wanted = name.strip().casefold()
    rows = session.execute(select(Supplier.id, Supplier.name).where(Supplier.is_active)).all()
    exact: list[uuid.UUID] = [r.id for r in rows if r.name.casefold() == wanted]
    if len(exact) == 1:
        return exact[0]
    near = [r for r in rows if wanted and wanted in r.name.casefold()]
    if len(near) == 1:
        found: uuid.UUID = near[0].id
        return found
    if near:
        raise InvalidInput(
            N_("Several suppliers match '{text}': {names}."), text=name, names=", ".join(r.name for r in near)
        )
    raise NotFound(N_("No supplier is called '{text}'."), text=name)


def _today(session: Session) -> dt.date:
    return business_date(utc_now(), settings.load(session).timezone)


def run_debts(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        today = _today(session)
        debts = open_debts(session)
    if args.json:
        print_json(
            [
                {
                    "supplier": d.supplier,
                    "reference": d.reference,
                    "incurred_on": d.incurred_on.isoformat(),
                    "due": d.due.isoformat() if d.due else None,
                    "amount": d.amount,
                    "left": d.left,
                    "days_overdue": d.days_overdue(today),
                }
                for d in debts
            ]
        )
        return EXIT_OK
    if not debts:
        print(_("The shop owes no supplier anything."))
        return EXIT_OK
    lines = [
        [
            d.supplier,
            d.reference,
            fmt.date(d.incurred_on),
            fmt.date(d.due) if d.due else "",
            fmt.rupiah(d.amount),
            fmt.rupiah(d.left),
            _("{n} days late").format(n=d.days_overdue(today)) if d.days_overdue(today) > 0 else "",
        ]
        for d in debts
    ]
    header = [_("Supplier"), _("Invoice no."), _("Bought"), _("Due"), _("Amount"), _("Still owed"), ""]
    print(table(lines, header))
    return EXIT_OK


def run_pay(args: argparse.Namespace) -> int:
    amount = Money.parse(args.amount)
    with shop_session(args, write=True) as session:
        supplier_id = supplier_named(session, args.name)
        pay_supplier(session, owner_of(session), supplier_id, amount, paid_with=args.paid_with, note=args.note)
        left = supplier_balance(session, supplier_id)
        name = session.get(Supplier, supplier_id)
    who = name.name if name else args.name
    print(_("{amount} paid to {supplier}.").format(amount=fmt.rupiah(amount), supplier=who))
    print(_("Still owed to {supplier}: {amount}.").format(supplier=who, amount=fmt.rupiah(left)))
    return EXIT_OK


def statement_text(statement: ConsignorStatement) -> str:
    period = statement.period
    title = _("Consignment statement: {consignor}, {start} – {end}").format(
        consignor=statement.consignor, start=fmt.date(period.start), end=fmt.date(period.end)
    )
    lines = [
        [
            f"{x.name} ({x.unit})",
            fmt.qty(x.before + x.received),
            fmt.qty(x.sold),
            fmt.qty(x.returned),
            fmt.qty(x.other),
            fmt.qty(x.after),
        ]
        for x in statement.lines
    ]
    header = [_("Product"), _("Left with us"), _("Sold"), _("Returned"), _("Other"), _("On the shelf")]
    money = [
        [_("Owed when the period began"), fmt.rupiah(statement.owed_before)],
        [_("Their share of what sold"), fmt.rupiah(statement.earned)],
        [_("Paid to them"), fmt.rupiah(statement.paid)],
        [_("Still owed to them"), fmt.rupiah(statement.owed_after)],
    ]
    goods = table(lines, header) if lines else _("No goods in this period.")
    return f"{title}\n\n{goods}\n\n" + table(money, ["", _("Amount")])


def _statement_period(session: Session, args: argparse.Namespace) -> Period:
    today = _today(session)
    end = parse_date(args.end) if args.end else today
    start = parse_date(args.start) if args.start else end.replace(day=1)
    return Period(start, end)


def run_statement(args: argparse.Namespace) -> int:
    pdf = Path(args.pdf) if args.pdf else None
    with shop_session(args, write=args.reprint) as session:
        consignor_id = supplier_named(session, args.name)
        statement = consignor_statement(session, consignor_id, _statement_period(session, args))
        shop = shop_header(session)
        if args.reprint:
            settlement = last_settlement(session, consignor_id)
            print_again(session, settlement)
    if pdf is not None:
        # ReportLab is loaded only to make a PDF.
        from pos.printing.statements.consignor import render_consignor_statement

        render_consignor_statement(statement, shop, pdf, lang=i18n.language())
    if args.json:
        print_json(statement.as_dict())
        return EXIT_OK
    print(statement_text(statement))
    if pdf is not None:
        print(_("Written: {path}").format(path=pdf))
    if args.reprint:
        print(_("The statement slip is queued for the printer."))
    return EXIT_OK


def run_settle(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        consignor_id = supplier_named(session, args.name)
        done, job = settle_and_print(
            session,
            owner_of(session),
            consignor_id,
            printed=not args.no_print,
            paid_with=args.paid_with,
            returns={} if args.keep else None,
            note=args.note,
        )
    print(_("{amount} paid to the consignor.").format(amount=fmt.rupiah(done.paid)))
    if done.returned:
        print(_("{n} products handed back.").format(n=len(done.returned)))
    if job is not None:
        print(_("The statement slip is queued for the printer."))
    return EXIT_OK


def _product(session: Session, text: str) -> uuid.UUID:
    found = search_products(session, text, limit=5)
    exact = [p for p in found if p.name.casefold() == text.strip().casefold() or p.sku == text.strip()]
    if len(exact) == 1:
        return exact[0].id
    if len(found) == 1:
        return found[0].id
    if not found:
        raise NotFound(N_("Product not found."))
    raise InvalidInput(
        N_("Several products match '{text}': {names}."), text=text, names=", ".join(p.name for p in found)
    )


def run_write_off(args: argparse.Namespace) -> int:
    qty = Qty.parse(args.qty) if args.qty else None
    expires = parse_date(args.expires) if args.expires else None
    with shop_session(args, write=True) as session:
        product_id = _product(session, args.product)
        left = lots(session, [product_id])[product_id]
        chosen = [
            x
            for x in left
            if (not args.batch or x.batch_no == args.batch.strip()) and (expires is None or x.expires_on == expires)
        ]
        if not left:
            raise Conflict(N_("No batch of this product is left on the shelf."))
        if len(chosen) != 1:
            names = ", ".join(f"{x.batch_no or '-'} ({fmt.date(x.expires_on)})" for x in left)
            raise InvalidInput(N_("Say which batch with --batch or --expires: {batches}."), batches=names)
        lot = chosen[0]
        write_off(session, owner_of(session).user_id, lot.batch_id, args.reason, qty=qty, note=args.note)
    amount = qty.milli if qty is not None else lot.qty_milli
    print(
        _("Written off: {qty} ({reason}), expiring {day}.").format(
            qty=fmt.qty(amount), reason=_(REASON_NAMES[args.reason]), day=fmt.date(lot.expires_on)
        )
    )
    return EXIT_OK

"""`laci print test`, `laci print receipt NUMBER`, `laci print pending` and `laci print status`: the receipt
printer and its queue from a terminal.

`--printer` takes any printer address (`preview:` writes the slip to the terminal); without it the shop's
printer from the settings is used. A slip the printer did not confirm is said to be sent, not printed, and the
command ends with status 1; `status` and `pending` show the queue as the window does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from pos.commands.common import EXIT_OK, EXIT_PROBLEM, open_shop_db
from pos.i18n import N_, _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.counter import print_queue
from pos.ledger.shop import settings
from pos.ledger.slips import receipts
from pos.printing import queue_view
from pos.printing.errors import Delivery
from pos.printing.layout import lines_for
from pos.printing.printers import PreviewPrinter, Printer, codepage_of, printer_from_settings
from pos.printing.queue_worker import print_pending
from pos.printing.sheet import Line


def register(sub: Any) -> None:
    cmd = sub.add_parser("print", help=_("print on the receipt printer"))
    actions = cmd.add_subparsers(dest="print_command", metavar="ACTION", required=True)
    printer_help = _("the printer's address, such as tcp://192.168.1.50:9100 (default: the shop's printer)")
    test = actions.add_parser("test", help=_("print a test slip: the shop's name, the width and a QR code"))
    test.add_argument("--printer", metavar="URI", help=printer_help)
    test.set_defaults(handler=run_test)
    receipt = actions.add_parser("receipt", help=_("print a copy of a receipt, marked as a copy"))
    receipt.add_argument("number", help=_("the receipt number, such as A-20261122-0042"))
    receipt.add_argument("--printer", metavar="URI", help=printer_help)
    receipt.set_defaults(handler=run_receipt)
    pending = actions.add_parser("pending", help=_("print the slips waiting in the print queue"))
    pending.add_argument("--printer", metavar="URI", help=printer_help)
    pending.set_defaults(handler=run_pending)
    queue = actions.add_parser("status", help=_("show the print queue: what waits, and why"))
    queue.set_defaults(handler=run_status)


def chosen_printer(db: Database, uri: str | None) -> Printer:
    """The printer at `uri`, or the shop's; refused when neither is set up."""
    with db.read() as session:
        values = settings.load(session)
    if uri is None and not values.printer_uri:
        raise InvalidInput(
            N_("No receipt printer is set up. Name one with --printer, such as --printer tcp://192.168.1.50:9100.")
        )
    return printer_from_settings(values, uri=uri)


def send_now(printer: Printer, lines: Sequence[Line]) -> Delivery:
    """Send `lines` straight to `printer` (not through the queue); a preview is written to the terminal."""
    try:
        delivery = printer.send(lines, open_drawer=False)
    finally:
        printer.close()
    if isinstance(printer, PreviewPrinter):
        sys.stdout.write(printer.text())
    return delivery


def unconfirmed(printer: Printer, delivery: Delivery) -> int:
    """Say that a slip went out unconfirmed; the command's status then."""
    said = _("The slip was sent to {printer}, but the printer did not confirm it: {reason} Check that it came out.")
    print(said.format(printer=printer.address, reason=delivery.note), file=sys.stderr)
    return EXIT_PROBLEM


def run_test(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        printer = chosen_printer(db, args.printer)
        with db.read() as session:
            slip = receipts.slip_for_payload(
                "test",
                {"at": utc_now().isoformat(), "printer": printer.address},
                shop=receipts.shop_header(session),
                timezone=settings.load(session).timezone,
            )
        delivery = send_now(printer, lines_for(slip, printer.columns, codepage=codepage_of(printer)))
        if not delivery.confirmed:
            return unconfirmed(printer, delivery)
        print(_("The test slip went to {printer} ({n} columns).").format(printer=printer.address, n=printer.columns))
        return EXIT_OK
    finally:
        db.dispose()


def run_receipt(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        printer = chosen_printer(db, args.printer)
        with db.read() as session:
            receipt = receipts.receipt_for_sale(session, receipts.find_receipt(session, args.number), is_copy=True)
        delivery = send_now(printer, lines_for(receipt, printer.columns, codepage=codepage_of(printer)))
        if not delivery.confirmed:
            return unconfirmed(printer, delivery)
        print(_("A copy of receipt {number} went to {printer}.").format(number=receipt.number, printer=printer.address))
        return EXIT_OK
    finally:
        db.dispose()


def run_pending(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        printer = chosen_printer(db, args.printer)
        run = print_pending(db, lambda: printer)
        if isinstance(printer, PreviewPrinter):
            sys.stdout.write(printer.text())
        print(_("Slips printed: {n}.").format(n=len(run.printed)))
        if run.sent:
            print(_("Sent, but not confirmed by the printer: {n}.").format(n=len(run.sent)))
        if run.busy:
            print(_("Another program is printing on this printer now; its slips are left to it."))
        for _job, reason in run.failed:
            print(_("Not printed: {reason}").format(reason=reason), file=sys.stderr)
        _report(db)
        return EXIT_OK if run.ok and not run.sent else EXIT_PROBLEM
    finally:
        db.dispose()


def _report(db: Database) -> None:
    """The queue as the window shows it: the summary, then each slip still waiting (or sent unconfirmed)."""
    now = utc_now()
    with db.read() as session:
        tz = settings.load(session).timezone
        status = print_queue.status(session, now)
        entries = print_queue.queue_entries(session, now)
    print(queue_view.summary(status))
    for entry in entries:
        print(
            f"  {queue_view.queued_at(entry, tz)}  {queue_view.describe(entry)}: "
            f"{queue_view.state(entry, at=now, timezone=tz)}"
        )


def run_status(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        _report(db)
        with db.read() as session:
            status = print_queue.status(session)
        return EXIT_OK if not status.pending and not status.failed else EXIT_PROBLEM
    finally:
        db.dispose()

"""`laci print test`, `laci print receipt NUMBER` and `laci print pending`: the receipt printer from a terminal.

`--printer` takes any printer address (`preview:` writes the slip to the terminal); without it the shop's
printer from the settings is used.
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
from pos.ledger.shop import settings
from pos.ledger.slips import receipts
from pos.printing.layout import lines_for
from pos.printing.printers import PreviewPrinter, Printer, printer_from_settings
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


def chosen_printer(db: Database, uri: str | None) -> Printer:
    """The printer at `uri`, or the shop's; refused when neither is set up."""
    with db.read() as session:
        values = settings.load(session)
    if uri is None and not values["printer.uri"]:
        raise InvalidInput(
            N_("No receipt printer is set up. Name one with --printer, such as --printer tcp://192.168.1.50:9100.")
        )
    return printer_from_settings(values, uri=uri)


def send_now(printer: Printer, lines: Sequence[Line]) -> None:
    """Send `lines` straight to `printer` (not through the queue); a preview is written to the terminal."""
    try:
        printer.send(lines, open_drawer=False)
    finally:
        printer.close()
    if isinstance(printer, PreviewPrinter):
        sys.stdout.write(printer.text())


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
        send_now(printer, lines_for(slip, printer.columns))
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
        send_now(printer, lines_for(receipt, printer.columns))
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
        for _job, reason in run.failed:
            print(_("Not printed: {reason}").format(reason=reason), file=sys.stderr)
        return EXIT_OK if run.ok else EXIT_PROBLEM
    finally:
        db.dispose()

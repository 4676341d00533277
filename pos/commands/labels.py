"""`laci labels sheet|print|layouts`: price labels for goods and shelves, on A4 sticker sheets (a PDF) or on the
receipt printer (through the print queue, printed once). Products are named by SKU, barcode or PLU, each with
`:N` for N labels; one without an EAN-13 gets the shop's own number first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pos.commands.backoffice import first_owner, no_owner
from pos.commands.common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_UNAVAILABLE,
    fail,
    has_database,
    open_shop_db,
)
from pos.i18n import N_, _, ngettext
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.channels.catalogue import product_by_code
from pos.ledger.slips.price_labels import LabelRequest, prepare, queue_labels
from pos.ledger.slips.slip_types import LabelSlip, PriceLabel
from pos.printing.label_sheets import DEFAULT_LAYOUT, LAYOUTS, layout_named, write_sheets
from pos.printing.layout import as_text, lines_for
from pos.printing.printers import PreviewPrinter, open_printer
from pos.printing.queue_worker import print_pending


def register(sub: Any) -> None:
    parser = sub.add_parser("labels", help=_("print price labels for goods and shelves, with their barcodes"))
    actions = parser.add_subparsers(dest="labels_action", metavar="ACTION", required=True)
    products_help = _("products by SKU, barcode or PLU; add :N for N labels of one, such as 8991234567890:5")

    sheet = actions.add_parser("sheet", help=_("labels on A4 sticker sheets, as a PDF"))
    sheet.add_argument("products", nargs="+", metavar="PRODUCT[:N]", help=products_help)
    sheet.add_argument("--out", required=True, metavar="FILE", help=_("the PDF to write"))
    sheet.add_argument(
        "--layout",
        default=DEFAULT_LAYOUT,
        choices=[x.key for x in LAYOUTS],
        help=_("the sticker sheet: labels across x down (see 'laci labels layouts'; default: 3x7)"),
    )
    sheet.add_argument("--start", type=int, default=1, metavar="N", help=_("the first free label on the sheet"))
    sheet.add_argument("--guides", action="store_true", help=_("outline each label, for a trial on plain paper"))
    sheet.set_defaults(handler=run_sheet)

    thermal = actions.add_parser("print", help=_("labels on the receipt printer, each cut off"))
    thermal.add_argument("products", nargs="+", metavar="PRODUCT[:N]", help=products_help)
    thermal.add_argument("--printer", metavar="URI", help=_("another printer than the shop's, such as preview:"))
    thermal.set_defaults(handler=run_print)

    layouts = actions.add_parser("layouts", help=_("the A4 sticker sheets labels can be printed on"))
    layouts.set_defaults(handler=run_layouts)


def _requests(session: Session, words: list[str]) -> list[LabelRequest]:
    requests: list[LabelRequest] = []
    for word in words:
        code, colon, count = word.rpartition(":") if ":" in word else (word, "", "1")
        if colon and not (count.isascii() and count.isdigit()):
            raise InvalidInput(
                N_("'{text}' is not a product with a number of labels, such as 8991234567890:5."), text=word
            )
        product = product_by_code(session, code)
        if product is None:
            raise NotFound(N_("No product has the code {codes}."), codes=code)
        requests.append(LabelRequest(product, int(count)))
    return requests


def _labels(args: argparse.Namespace, *, queue_to: str | None = None) -> list[PriceLabel] | int:
    if not has_database(args):
        return fail(_("There is no shop here yet; create one with 'laci init' or 'laci demo'."), EXIT_NOT_FOUND)
    db = open_shop_db(args)
    try:
        owner = first_owner(db)
        if owner is None:
            return no_owner()
        with db.write() as session:
            labels = prepare(session, owner, _requests(session, args.products))
            if queue_to is not None:
                queue_labels(session, labels, printer_uri=queue_to)
        return labels
    finally:
        db.dispose()


def run_sheet(args: argparse.Namespace) -> int:
    layout = layout_named(args.layout)
    labels = _labels(args)
    if isinstance(labels, int):
        return labels
    out = Path(args.out)
    try:
        pages = write_sheets(labels, layout, out, start=args.start, guides=args.guides)
    except OSError as err:
        return fail(
            _("{file} cannot be written: {error}").format(file=out, error=err.strerror or err), EXIT_UNAVAILABLE
        )
    print(
        ngettext(
            "{n} label on {pages} sheet of {layout} was written to {file}.",
            "{n} labels on {pages} sheets of {layout} were written to {file}.",
            len(labels),
        ).format(n=len(labels), pages=pages, layout=layout.title(), file=out)
    )
    return EXIT_OK


def run_print(args: argparse.Namespace) -> int:
    target = (args.printer or "").strip()
    printer = open_printer(target) if target else None  # a wrong address is refused before anything is queued
    if isinstance(printer, PreviewPrinter):
        # A preview shows the labels and prints nothing, so nothing is queued.
        labels = _labels(args)
        if isinstance(labels, int):
            return labels
        sys.stdout.write(as_text(lines_for(LabelSlip(tuple(labels)), printer.columns), printer.columns))
        return EXIT_OK
    labels = _labels(args, queue_to=target)
    if isinstance(labels, int):
        return labels
    db = open_shop_db(args)
    try:
        run = print_pending(db)
    finally:
        db.dispose()
    print(
        ngettext("{n} label was queued for printing.", "{n} labels were queued for printing.", len(labels)).format(
            n=len(labels)
        )
    )
    for _job, reason in run.failed:
        print(_("Not printed yet: {reason}").format(reason=reason), file=sys.stderr)
    if run.failed:
        print(_("The labels wait in the print queue; 'laci print pending' tries again."), file=sys.stderr)
    return EXIT_OK if run.ok else EXIT_PROBLEM


def run_layouts(_args: argparse.Namespace) -> int:
    for layout in LAYOUTS:
        print(f"{layout.key:6} {layout.title()}")
    return EXIT_OK

"""`laci import products|customers|suppliers FILE`, `laci export products|customers FILE` (also spelled `laci
products import FILE` and so on), `laci customers statement NAME` and `laci demo`: the back office. A product's
options and variants (`laci products options|variants|variant`) are in `variants`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from pos.commands import catalogue, customers, variants
from pos.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_REFUSED,
    fail,
    has_database,
    open_shop_db,
    os_exit,
)
from pos.demo.shop import BUSY, WARUNG, DemoSummary, build_demo_shop, shop_is_empty
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.approvals import Actor
from pos.ledger.people.users import has_owner, list_users
from pos.ledger.spreadsheet.sheet_headers import CUSTOMER_ALIASES, PRODUCT_ALIASES, SUPPLIER_ALIASES
from pos.ledger.spreadsheet.spreadsheet import (
    ImportResult,
    RowProblem,
    SheetRejected,
    export_customers,
    export_products,
    import_customers,
    import_products,
)
from pos.ledger.spreadsheet.supplier_import import import_suppliers

SHEETS = ("products", "customers", "suppliers")
ALIASES = {"products": PRODUCT_ALIASES, "customers": CUSTOMER_ALIASES, "suppliers": SUPPLIER_ALIASES}


def register(sub: Any) -> None:
    for noun, help_text in (
        ("products", _("import or export the product list as a .csv or .xlsx spreadsheet")),
        ("customers", _("import or export the kasbon customers as a .csv or .xlsx spreadsheet; a statement")),
    ):
        parser = sub.add_parser(noun, help=help_text)
        actions = parser.add_subparsers(dest=f"{noun}_command", metavar="ACTION", required=True)
        reader = actions.add_parser("import", help=_("add and update from a spreadsheet, all rows or none"))
        reader.add_argument("file", metavar="FILE", help=_("a .csv or .xlsx file"))
        _import_options(reader)
        reader.set_defaults(handler=run_import, what=noun)
        writer = actions.add_parser("export", help=_("write to a spreadsheet in the layout import reads"))
        writer.add_argument("file", metavar="FILE", help=_("a .csv or .xlsx file"))
        writer.set_defaults(handler=run_export, what=noun)
        if noun == "products":
            catalogue.register_picture(actions)
            variants.register_actions(actions)
        else:
            customers.register_statement(actions)

    # `laci import products FILE` reads as a shopkeeper says it; `laci export` is shared with the journal's
    # formats and lives in pos.commands.reports, which hands products and customers back to `run_export`.
    importer = sub.add_parser("import", help=_("add and update products, customers or suppliers from a spreadsheet"))
    importer.add_argument("what", choices=SHEETS, help=_("what the spreadsheet holds"))
    importer.add_argument("file", metavar="FILE", help=_("a .csv or .xlsx file"))
    _import_options(importer)
    importer.set_defaults(handler=run_import)

    demo = sub.add_parser("demo", help=_("fill a new data folder with a demo warung and its trading history"))
    demo.add_argument("--products", type=int, default=300, metavar="N", help=_("how many products (default 300)"))
    demo.add_argument("--days", type=int, default=30, metavar="D", help=_("days of trading (default 30)"))
    demo.add_argument("--seed", type=int, default=1, metavar="S", help=_("the same seed builds the same shop"))
    demo.add_argument(
        "--busy",
        action="store_true",
        help=_("a busy shop: about 275 sales a day of four lines each, instead of a warung's 70"),
    )
    demo.add_argument(
        "--sales-per-day",
        type=int,
        metavar="N",
        help=_("about this many sales a day, the week's shape kept (with --busy, its larger baskets)"),
    )
    demo.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help=_("the day after the last trading day, YYYY-MM-DD (default: today)"),
    )
    demo.add_argument(
        "--if-empty",
        action="store_true",
        help=_("do nothing when the shop already has data (for start-up scripts)"),
    )
    demo.set_defaults(handler=run_demo)


def _import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=COLUMN",
        help=_('read a header Laci does not know as one of its columns, e.g. "Nama Menu=nama"'),
    )
    parser.add_argument(
        "--sku-barcodes",
        action="store_true",
        help=_("add SKUs that are valid EAN or UPC barcodes as the products' barcodes too"),
    )


def column_map(texts: list[str]) -> dict[str, str]:
    out = {}
    for text in texts:
        header, sep, column = text.rpartition("=")
        if not sep or not header.strip():
            raise InvalidInput(N_("Write a column mapping as HEADER=COLUMN, not '{text}'."), text=text)
        out[header.strip()] = column.strip()
    return out


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(_("'{text}' is not a date like 2026-11-22.").format(text=text)) from err


def _no_shop() -> int:
    return fail(_("There is no shop here yet; create one with 'laci init' or 'laci demo'."), EXIT_NOT_FOUND)


def no_owner() -> int:
    return fail(
        _("This shop has no owner yet: add one with 'laci user add NAME --role owner', then try again."), EXIT_NOT_FOUND
    )


def first_owner(db: Database) -> Actor | None:
    # Whoever runs the CLI holds the shop's files, so updates go in the name of the shop's first active owner.
    with db.read() as session:
        owner = next((u for u in list_users(session) if u.role == "owner"), None)
    return None if owner is None else Actor(owner.id, owner.name, "owner")


def print_notes(file: str, notes: list[RowProblem] | tuple[RowProblem, ...]) -> None:
    for note in notes:
        print(_("Note ({file}): {note}").format(file=file, note=note))


def _report(result: ImportResult, file: str) -> None:
    print_notes(file, result.notes)
    print(
        _("{n} rows imported: {created} new, {updated} updated, {unchanged} unchanged.").format(
            n=result.rows, created=result.created, updated=result.updated, unchanged=result.unchanged
        )
    )
    if result.skipped_columns:
        print(_("Columns not used: {columns}.").format(columns=", ".join(result.skipped_columns)))
    if result.opening_columns:
        print(
            _(
                "{columns}: stock on hand and debts go into the opening balances; bring them in with "
                "'laci opening post' (see 'laci opening post --help')."
            ).format(columns=", ".join(result.opening_columns))
        )


def run_import(args: argparse.Namespace) -> int:
    if not has_database(args):
        return _no_shop()
    db = open_shop_db(args)
    actor: Actor | None = None
    try:
        actor = first_owner(db)
        columns = {h: c for h, c in column_map(args.column).items() if not c or c in ALIASES[args.what]}
        with db.write() as session:
            if args.what == "products":
                result = import_products(
                    session, args.file, actor=actor, columns=columns, sku_barcodes=args.sku_barcodes
                )
            elif args.what == "customers":
                result = import_customers(session, args.file, columns=columns)
            else:
                result = import_suppliers(session, args.file, columns=columns)
        _report(result, Path(args.file).name)
        return EXIT_OK
    except SheetRejected as err:
        for line in str(err).splitlines():
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except InvalidInput as err:
        if actor is None and args.what == "products":
            with db.read() as session:
                nobody = not has_owner(session)
            if nobody:
                print(_("Error: {message}").format(message=err), file=sys.stderr)
                return no_owner()
        raise
    except OSError as err:
        return fail(_("{file} cannot be read: {error}").format(file=args.file, error=err.strerror or err), os_exit(err))
    finally:
        db.dispose()


def run_export(args: argparse.Namespace) -> int:
    if not has_database(args):
        return _no_shop()
    db = open_shop_db(args)
    try:
        with db.read() as session:
            if args.what == "products":
                count = export_products(session, args.file)
                print(_("{n} products written to {file}.").format(n=count, file=args.file))
            else:
                count = export_customers(session, args.file)
                print(_("{n} customers written to {file}.").format(n=count, file=args.file))
        return EXIT_OK
    except OSError as err:
        return fail(
            _("{file} cannot be written: {error}").format(file=args.file, error=err.strerror or err), os_exit(err)
        )
    finally:
        db.dispose()


def _progress(done: int, total: int) -> None:
    text = _("Building the demo shop: {done} of {total} days").format(done=done - 1, total=total - 1)
    if sys.stderr.isatty():
        print(f"\r{text}", end="\n" if done == total else "", file=sys.stderr, flush=True)
    elif done == total or done % max(1, total // 10) == 0:
        print(text, file=sys.stderr, flush=True)


def _print_summary(summary: DemoSummary, path: Path) -> None:
    print(_("Demo shop '{name}' is ready in {path}.").format(name=summary.shop_name, path=path))
    print(
        _("{products} products, {customers} customers, {sales} sales worth {takings} from {first} to {last}.").format(
            products=summary.products,
            customers=summary.customers,
            sales=summary.sales,
            takings=fmt.rupiah(summary.takings),
            first=fmt.date(summary.first_day),
            last=fmt.date(summary.last_day),
        )
    )
    print(_("Log in as {name} (owner) with PIN {pin}.").format(name=summary.owner_name, pin=summary.owner_pin))
    print(_("Log in as {name} (cashier) with PIN {pin}.").format(name=summary.cashier_name, pin=summary.cashier_pin))


def run_demo(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        with db.read() as session:
            empty = shop_is_empty(session)
        if not empty:
            if args.if_empty:
                print(_("The shop already has data; the demo was not built."))
                return EXIT_OK
            return fail(_("This shop already has data; build the demo in a new data folder."), EXIT_REFUSED)
        pace = BUSY if args.busy else WARUNG
        if args.sales_per_day is not None:
            pace = pace.at(args.sales_per_day)
        summary = build_demo_shop(
            db,
            products=args.products,
            days=args.days,
            seed=args.seed,
            today=args.today,
            progress=_progress,
            pace=pace,
        )
        _print_summary(summary, db.path.parent)
        return EXIT_OK
    finally:
        db.dispose()

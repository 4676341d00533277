"""`laci opening show|post|correct`: the opening balances a shop brings the day it starts its books in Laci.

Typed balances are NAME=AMOUNT (`--cash "Laci 1=1.500.000"`); debts may add @DATE (`--customer "Pak Budi=150000@
2026-03-10"`, the day the kasbon began; for a supplier, the due date); equipment may add /MONTHS, its useful life.
Stock, customers and suppliers can come from spreadsheets too. `--check` shows what would be posted and the
capital that balances it, writing nothing. The shop's first owner posts them, as for imports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from pos.commands.backoffice import first_owner, no_owner, print_notes
from pos.commands.common import EXIT_BAD_INPUT, EXIT_OK, has_database, open_shop_db, print_json
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty, parse_rupiah
from pos.ledger.base.period import parse_date
from pos.ledger.books.opening_balances import Balance, OpeningBalances, capital_explained
from pos.ledger.books.opening_view import OpeningView, opening_view
from pos.ledger.books.payables import payables_due
from pos.ledger.spreadsheet.opening_plan import (
    Entered,
    NamedDebt,
    NamedStock,
    OpeningPlan,
    enter_opening,
    preview_opening,
)
from pos.ledger.spreadsheet.opening_sheets import SheetFile
from pos.ledger.spreadsheet.sheet_headers import CUSTOMER_ALIASES, PRODUCT_ALIASES, SUPPLIER_ALIASES, Aliases
from pos.ledger.spreadsheet.spreadsheet import SheetRejected

KIND_NAMES = {
    "cash": N_("Cash in drawers"),
    "bank": N_("Bank accounts"),
    "ewallet": N_("E-wallets"),
    "stock": N_("Stock at cost"),
    "receivable": N_("Customers' kasbon"),
    "equipment": N_("Equipment"),
    "other_asset": N_("Other assets"),
    "payable": N_("Owed to suppliers"),
    "loan": N_("Loans"),
}


def register(sub: Any) -> None:
    parser = sub.add_parser("opening", help=_("the opening balances the books start from (saldo awal)"))
    actions = parser.add_subparsers(dest="opening_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("the opening balances that stand, and the capital that balances them"))
    show.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    show.set_defaults(handler=run_show)
    post = actions.add_parser("post", help=_("enter the opening balances, dated the day the books start"))
    post.add_argument("--date", required=True, type=_day, metavar="YYYY-MM-DD", help=_("the day the books start"))
    _balance_options(post)
    post.set_defaults(handler=run_post, correcting=False, reason="")
    correct = actions.add_parser(
        "correct", help=_("correct the opening balances: the kinds given replace the standing ones")
    )
    correct.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help=_("a new day the books start"))
    correct.add_argument("--reason", default="", help=_("why the opening balances are corrected"))
    _balance_options(correct)
    correct.set_defaults(handler=run_post, correcting=True)


def _day(text: str) -> dt.date:
    try:
        return parse_date(text)
    except InvalidInput as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def _balance_options(parser: argparse.ArgumentParser) -> None:
    many: dict[str, Any] = {"action": "append", "default": []}
    parser.add_argument("--cash", metavar="DRAWER=RP", help=_('cash in one drawer, e.g. "Laci 1=1.500.000"'), **many)
    parser.add_argument("--bank", metavar="BANK=RP", help=_("a bank account's balance"), **many)
    parser.add_argument("--ewallet", metavar="NAME=RP", help=_("an e-wallet's balance (GoPay, OVO, DANA...)"), **many)
    parser.add_argument(
        "--equipment", metavar="NAME=RP[/MONTHS]", help=_("equipment at its value today, and its useful life"), **many
    )
    parser.add_argument("--asset", metavar="NAME=RP", help=_("another asset, such as a rent deposit"), **many)
    parser.add_argument("--loan", metavar="LENDER=RP", help=_("a loan still to repay"), **many)
    parser.add_argument(
        "--customer", metavar="NAME=RP[@DATE]", help=_("a customer's kasbon, and the day it began"), **many
    )
    parser.add_argument(
        "--supplier", metavar="NAME=RP[@DATE]", help=_("what the shop owes a supplier, and when it is due"), **many
    )
    parser.add_argument(
        "--stock",
        metavar="PRODUCT=QTY[@RP]",
        help=_("stock of a product (name, SKU or barcode), at a unit cost"),
        **many,
    )
    parser.add_argument("--stock-file", metavar="FILE", help=_("a product sheet with a stok column"))
    parser.add_argument("--customers-file", metavar="FILE", help=_("a customer sheet with what each owes today"))
    parser.add_argument("--suppliers-file", metavar="FILE", help=_("a supplier sheet with what the shop owes each"))
    parser.add_argument(
        "--column", metavar="HEADER=COLUMN", help=_("read a header Laci does not know as one of its columns"), **many
    )
    parser.add_argument(
        "--sku-barcodes", action="store_true", help=_("add SKUs that are valid barcodes as the products' barcodes")
    )
    parser.add_argument("--check", action="store_true", help=_("show what would be posted, and write nothing"))


def _split(text: str, what: str) -> tuple[str, str]:
    name, sep, rest = text.rpartition("=")
    if not sep or not name.strip() or not rest.strip():
        raise InvalidInput(N_("Write {what} as NAME=AMOUNT, not '{text}'."), what=what, text=text)
    return name.strip(), rest.strip()


def _amount_and_date(text: str, what: str) -> tuple[str, int, dt.date | None]:
    name, rest = _split(text, what)
    amount, _at, day = rest.partition("@")
    return name, parse_rupiah(amount), parse_date(day) if day.strip() else None


def _balances(args: argparse.Namespace) -> tuple[Balance, ...]:
    out: list[Balance] = []
    for kind, option in (
        ("cash", "cash"),
        ("bank", "bank"),
        ("ewallet", "ewallet"),
        ("other_asset", "asset"),
        ("loan", "loan"),
    ):
        for text in getattr(args, option):
            name, amount = _split(text, f"--{option}")
            out.append(Balance(kind, name, parse_rupiah(amount)))
    for text in args.equipment:
        name, rest = _split(text, "--equipment")
        amount, _slash, months = rest.partition("/")
        if months.strip() and not months.strip().isdigit():
            raise InvalidInput(N_("Write the useful life in whole months, not '{text}'."), text=months)
        out.append(Balance("equipment", name, parse_rupiah(amount), int(months) if months.strip() else None))
    return tuple(out)


def _stock(args: argparse.Namespace) -> tuple[NamedStock, ...]:
    out = []
    for text in args.stock:
        name, rest = _split(text, "--stock")
        qty, _at, cost = rest.partition("@")
        out.append(NamedStock(name, Qty.parse(qty).milli, parse_rupiah(cost) if cost.strip() else None))
    return tuple(out)


def _columns(args: argparse.Namespace, aliases: Aliases) -> dict[str, str]:
    """The `--column` mappings that name a column of this kind of sheet (one list serves every file)."""
    out = {}
    for text in args.column:
        header, column = _split(text, "--column")
        if column in aliases:
            out[header] = column
    return out


def _file(args: argparse.Namespace, name: str | None, aliases: Aliases) -> SheetFile | None:
    return None if name is None else SheetFile(Path(name), _columns(args, aliases))


def plan_from(args: argparse.Namespace) -> OpeningPlan:
    customers = tuple(
        NamedDebt(n, a, since=d) for n, a, d in (_amount_and_date(t, "--customer") for t in args.customer)
    )
    suppliers = tuple(NamedDebt(n, a, due=d) for n, a, d in (_amount_and_date(t, "--supplier") for t in args.supplier))
    return OpeningPlan(
        args.date,
        _balances(args),
        customers,
        suppliers,
        _stock(args),
        _file(args, args.stock_file, PRODUCT_ALIASES),
        _file(args, args.customers_file, CUSTOMER_ALIASES),
        _file(args, args.suppliers_file, SUPPLIER_ALIASES),
        args.sku_barcodes,
    )


def describe(view: OpeningView | None, balances: OpeningBalances | None = None) -> str:
    """The opening balances as text: each line under its kind, the totals, and where the capital comes from."""
    if view is None:
        return _("No opening balances have been entered yet.")
    lines = [_("Opening balances on {day}").format(day=fmt.date(view.day)), ""]
    width = max([len(line.label) for line in view.lines] + [30]) + 4
    for kind, title in KIND_NAMES.items():
        found = view.of(kind)
        if not found:
            continue
        lines.append(_(title))
        for line in found:
            label = line.label or _("{n} products").format(n=view.stock_products)
            extra = ""
            if line.since is not None and kind == "receivable":
                extra = "  " + _("since {day}").format(day=fmt.date(line.since))
            if line.due is not None:
                extra = "  " + _("due {day}").format(day=fmt.date(line.due))
            if line.life_months:
                extra = "  " + _("{n} months").format(n=line.life_months)
            lines.append(f"  {label:<{width}}{fmt.rupiah(line.amount):>18}{extra}")
    lines.append("")
    for caption, amount in (
        (_("Total assets"), view.total_assets),
        (_("Total debts"), view.total_debts),
        (_("Owner's capital (Ekuitas saldo awal)"), view.capital),
    ):
        lines.append(f"{caption:<{width + 2}}{fmt.rupiah(amount):>18}")
    lines += ["", capital_explained(view.total_assets, view.total_debts, view.day)]
    if view.corrections:
        lines.append(_("Corrected {n} time(s); each correction is a reversing entry.").format(n=view.corrections))
    return "\n".join(lines)


def _view_dict(view: OpeningView) -> dict[str, Any]:
    return {
        "day": view.day.isoformat(),
        "lines": [
            {
                "kind": line.kind,
                "label": line.label,
                "amount": line.amount,
                "since": line.since.isoformat() if line.since else None,
                "due": line.due.isoformat() if line.due else None,
                "life_months": line.life_months,
            }
            for line in view.lines
        ],
        "stock_products": view.stock_products,
        "total_assets": view.total_assets,
        "total_debts": view.total_debts,
        "capital": view.capital,
        "corrections": view.corrections,
    }


def run_show(args: argparse.Namespace) -> int:
    if not has_database(args):
        return no_owner()
    db = open_shop_db(args)
    try:
        with db.read() as session:
            view = opening_view(session)
            due = payables_due(session)
    finally:
        db.dispose()
    if args.json:
        print_json(_view_dict(view) if view is not None else None)
        return EXIT_OK
    print(describe(view))
    if due:
        print()
        print(_("Owed to suppliers from the opening balances, still to pay:"))
        for debt in due:
            when = fmt.date(debt.due) if debt.due else _("no due date")
            print(f"  {when:<14}{debt.supplier:<32}{fmt.rupiah(debt.left):>18}")
    return EXIT_OK


def _print_outcome(entered: Entered, checked: bool) -> None:
    for file, note in entered.notes:
        print_notes(file, [note])
    print(describe(entered.view))
    if checked:
        print()
        print(_("Checked only: nothing was written. Run it again without --check to post."))


def run_post(args: argparse.Namespace) -> int:
    if not has_database(args):
        return no_owner()
    db = open_shop_db(args)
    try:
        actor = first_owner(db)
        if actor is None:
            return no_owner()
        plan = plan_from(args)
        with db.write() as session:
            if args.check:
                entered = preview_opening(session, actor, plan, correcting=args.correcting)
            else:
                entered = enter_opening(session, actor, plan, correcting=args.correcting, reason=args.reason)
        _print_outcome(entered, args.check)
        return EXIT_OK
    except SheetRejected as err:
        for line in str(err).splitlines():
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        db.dispose()

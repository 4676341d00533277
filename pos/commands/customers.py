"""`laci customers statement NAME`: a customer's statement from a terminal: their kasbon and the credit they keep
with the shop, event by event, as the customers screen shows it."""

from __future__ import annotations

import argparse
from typing import Any

from pos.commands.channels import table
from pos.commands.common import EXIT_OK, print_json, shop_session
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import NotFound
from pos.ledger.people.customers import customer_named, get_customer
from pos.ledger.people.kasbon import StatementLine, customer_statement, entry_name
from pos.ledger.reports.rows import plain


def register_statement(actions: Any) -> None:
    """`laci customers statement`: added to the `customers` command's actions."""
    statement = actions.add_parser("statement", help=_("a customer's kasbon and credit, event by event"))
    statement.add_argument("name", help=_("the customer's name (or part of it) or phone number"))
    statement.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    statement.set_defaults(handler=run_statement)


def _amount(value: int) -> str:
    return fmt.rupiah(value) if value else ""


def _credit_change(line: StatementLine) -> str:
    change = line.credit_added - line.credit_used
    return ("+" if change > 0 else "") + fmt.rupiah(change) if change else ""


def run_statement(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        found = customer_named(session, args.name)
        if found is None:
            raise NotFound(N_("No customer is called {name}."), name=args.name.strip())
        customer = get_customer(session, found)
        lines = customer_statement(session, found)
    owed = lines[-1].owed if lines else 0
    credit = lines[-1].credit if lines else 0
    if args.json:
        print_json({"customer": customer.name, "owed": owed, "credit": credit, "lines": [plain(x) for x in lines]})
        return EXIT_OK
    print(f"{customer.name}  {customer.phone}".rstrip())
    print(
        _("Owes {owed} on kasbon; keeps {credit} in credit.").format(owed=fmt.rupiah(owed), credit=fmt.rupiah(credit))
    )
    if not lines:
        return EXIT_OK
    print()
    rows = [
        [
            fmt.date(x.day),
            entry_name(x.kind),
            x.reference or x.memo,
            _amount(x.charge),
            _amount(x.payment),
            fmt.rupiah(x.owed),
            _credit_change(x),
            fmt.rupiah(x.credit),
        ]
        for x in lines
    ]
    header = [_("Date"), _("What"), _("Reference"), _("Kasbon"), _("Paid"), _("Owes"), _("Credit ±"), _("Credit left")]
    print(table(rows, header, figures=(3, 4, 5, 6, 7)))
    return EXIT_OK

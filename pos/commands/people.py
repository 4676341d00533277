"""`laci user add` and `laci shift report`: people at the counter and the drawer's figures."""

from __future__ import annotations

import argparse
from typing import Any

from pos.commands.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_REFUSED,
    ask_new_pin,
    ask_secret,
    fail,
    open_shop_db,
    print_json,
)
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.ids import UserId
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.shifts import ShiftReport, shift_report
from pos.ledger.people.users import add_user, approve, has_owner


def register(sub: Any) -> None:
    user = sub.add_parser("user", help=_("manage the people who use the counter"))
    user_sub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_sub.add_parser("add", help=_("add an owner or a cashier (the PIN is asked for)"))
    add.add_argument("name")
    add.add_argument("--role", choices=("cashier", "owner"), default="cashier")
    add.set_defaults(handler=run_user_add)
    shift = sub.add_parser("shift", help=_("the open shift of this counter"))
    shift_sub = shift.add_subparsers(dest="shift_command", metavar="ACTION", required=True)
    report = shift_sub.add_parser("report", help=_("print the X report of the open shift"))
    report.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    report.set_defaults(handler=run_shift_report)


def run_user_add(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        with db.read() as session:
            first = not has_owner(session)
        owner: Actor | None = None
        if not first:
            pin = ask_secret(_("Owner's PIN: "))
            if pin is None:
                return fail(_("The owner's PIN is needed to add a user."), EXIT_REFUSED)
            approval = approve(db, pin, "manage_users")
            owner = Actor(UserId(approval.owner_id), "", "owner")
        new_pin = ask_new_pin(_("PIN for {name} (4 to 6 digits): ").format(name=args.name))
        if new_pin is None:
            return fail(_("No PIN was given."), EXIT_BAD_INPUT)
        with db.write() as session:
            add_user(session, args.name, "owner" if first else args.role, new_pin, by=owner)
        print(_("{name} can now use the counter.").format(name=args.name))
        return EXIT_OK
    finally:
        db.dispose()


def format_shift_report(report: ShiftReport) -> str:
    methods = {
        "cash": _("Cash"),
        "qris": "QRIS",
        "transfer": _("Transfer"),
        "ewallet": _("E-wallet"),
        "kasbon": "Kasbon",
    }
    rows = [
        (_("Opening cash"), report.opening_float),
        (_("Sales ({n})").format(n=report.sales_count), report.total),
        (_("Discounts"), report.discounts),
        *[(f"  {methods.get(m, m)}", amount) for m, amount in report.by_method.items()],
        (_("Refunds ({n})").format(n=report.refunds_count), report.refunds_total),
        (_("Voids ({n})").format(n=report.voids_count), report.voids_total),
        (_("Cash in"), report.cash_in),
        (_("Cash out"), report.cash_out),
        (_("Cash expected in the drawer"), report.expected_cash),
    ]
    width = max(len(label) for label, _v in rows) + 2
    return "\n".join(f"{label:<{width}}{fmt.rupiah(value):>16}" for label, value in rows)


def run_shift_report(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        with db.read() as session:
            report = shift_report(session)
        if args.json:
            print_json(report.as_dict())
        else:
            print(_("X report (the shift is still open)"))
            print(format_shift_report(report))
        return EXIT_OK
    finally:
        db.dispose()

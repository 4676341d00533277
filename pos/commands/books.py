"""`laci init` and `laci check`: create or upgrade a shop's database, and verify its books."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.exc import DatabaseError

from pos.commands.common import EXIT_OK, EXIT_PROBLEM, ask_new_pin, open_shop_db
from pos.commands.sync import print_set_aside
from pos.i18n import N_, _
from pos.ledger.base.errors import BooksProblem
from pos.ledger.books.check import CheckReport, check_books
from pos.ledger.people.users import add_user, has_owner
from pos.ledger.replication import quarantine
from pos.ledger.selling.orders import orders_rung_up_twice
from pos.ledger.shop.opening import init_shop, is_initialised


def register(sub: Any) -> None:
    init = sub.add_parser("init", help=_("create or upgrade the shop's database"))
    init.add_argument("--shop-name", required=True, help=_("the shop's name as it appears on receipts"))
    init.add_argument("--counter", default="A", help=_("this counter's code on receipt numbers (default A)"))
    init.add_argument("--owner", default="Pemilik", help=_("the first owner's name (the PIN is asked for)"))
    init.add_argument(
        "--if-empty",
        action="store_true",
        help=_("do nothing when a shop already exists (for start-up scripts)"),
    )
    init.set_defaults(handler=run_init)
    check = sub.add_parser("check", help=_("verify the database, the books and the hash chain"))
    check.set_defaults(handler=run_check)


def run_init(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        with db.write() as session:
            if args.if_empty and is_initialised(session):
                return EXIT_OK
            created = init_shop(session, args.shop_name, device_code=args.counter)
            needs_owner = not has_owner(session)
        if created:
            print(_("Shop '{name}' is ready in {path}.").format(name=args.shop_name, path=db.path))
        else:
            print(_("Shop database upgraded and renamed to '{name}'.").format(name=args.shop_name))
        if needs_owner:
            pin = ask_new_pin(_("PIN for the owner {name} (4 to 6 digits): ").format(name=args.owner))
            if pin is None:
                print(_("No owner yet: add one with 'laci user add NAME --role owner'."))
            else:
                with db.write() as session:
                    add_user(session, args.owner, "owner", pin)
                print(_("Owner {name} added.").format(name=args.owner))
        return EXIT_OK
    finally:
        db.dispose()


def _sync_notes(aside: quarantine.Summary, found: list[quarantine.Item]) -> int:
    """What sync set aside: events refused by the shop's rules are a notice; events this counter could not apply
    are a problem (its books lack them until they go in)."""
    if not aside.any:
        return EXIT_OK
    print(
        _("Sync: {held} event(s) not applied yet, {refused} refused by the shop's rules ('laci sync status').").format(
            held=aside.held, refused=aside.refused
        )
    )
    print_set_aside(found)
    return EXIT_PROBLEM if aside.held else EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        try:
            with db.read() as session:
                report = check_books(session)
        except DatabaseError as err:
            # Damage inside the file (the start reads only its structure): SQLite gave up reading a page.
            report = CheckReport((BooksProblem(N_("The database file is damaged: {detail}"), detail=str(err.orig)),))
        with db.read() as session:
            aside = quarantine.summary(session)
            aside_items = quarantine.items(session)
        if report.ok:
            print(_("The books are in order."))
            with db.read() as session:
                twice = orders_rung_up_twice(session)
            # Not a fault in the books (each sale is whole), but goods and money counted twice for one order.
            for order in twice:
                print(
                    _(
                        "Order {number} was rung up more than once: sales {receipts}. Void or return the extra one."
                    ).format(number=order.number, receipts=", ".join(order.receipts))
                )
            return _sync_notes(aside, aside_items)
        for problem in report.problems:
            print(f"- {problem}", file=sys.stderr)
        print(_("{n} problem(s) found.").format(n=len(report.problems)), file=sys.stderr)
        _sync_notes(aside, aside_items)
        return EXIT_PROBLEM
    finally:
        db.dispose()

"""`laci init` and `laci check`: create or upgrade a shop's database, and verify its books.

`laci check` reads what came after the last checkpoint (`--full`: everything), against the sync service's copy of
the chains when the shop is enrolled, and seals a new checkpoint once a day when all is in order.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.exc import DatabaseError

from pos.commands.common import EXIT_DAMAGED, EXIT_OK, EXIT_PROBLEM, ask_new_pin, open_shop_db
from pos.commands.sync import print_set_aside
from pos.i18n import N_, _
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import BooksProblem
from pos.ledger.books import checkpoints
from pos.ledger.books.check import CheckReport, check_books, seal_after
from pos.ledger.people.users import add_user, has_owner
from pos.ledger.prices.loyalty import points_overspent
from pos.ledger.prices.vouchers import vouchers_used_beyond_limit
from pos.ledger.replication import quarantine, sync_state
from pos.ledger.selling.orders import orders_rung_up_twice
from pos.ledger.shop import settings
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
    check.add_argument(
        "--full", action="store_true", help=_("check every entry again, not only those after the last checkpoint")
    )
    check.add_argument(
        "--offline", action="store_true", help=_("do not ask the sync service for its copy of the chains first")
    )
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


def _refresh_witness(db: Database) -> None:
    """Read the sync service's copy of the chains before checking against it; offline, the last copy is used."""
    import httpx  # loaded only for an enrolled shop

    from pos.sync import witness
    from pos.sync.client import SyncClient, SyncError

    try:
        with SyncClient(db) as client:
            client.http.timeout = httpx.Timeout(5.0, connect=2.0)  # a check does not wait long for the network
            witness.refresh(client)
    except SyncError as err:
        print(_("The sync service could not be asked now; its last copy is used. ({detail})").format(detail=err))


def run_check(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        with db.read() as session:
            enrolled = sync_state.enrolment(session) is not None
        if enrolled and not args.offline:
            _refresh_witness(db)
        seal = None
        try:
            with db.read() as session:
                report = check_books(session, full=args.full)
                today = business_date(utc_now(), settings.load(session).timezone)
                seal = seal_after(session, report, today)
        except DatabaseError as err:
            # Damage inside the file (the start reads only its structure): SQLite gave up reading a page.
            report = CheckReport((BooksProblem(N_("The database file is damaged: {detail}"), detail=str(err.orig)),))
        with db.read() as session:
            aside = quarantine.summary(session)
            aside_items = quarantine.items(session)
        if report.note:
            print(_(report.note))
        elif not report.full and report.since is not None:
            print(
                _("Checked what came after the checkpoint of {when}; 'laci check --full' checks everything.").format(
                    when=report.since.astimezone().strftime("%Y-%m-%d %H:%M")
                )
            )
        if report.ok:
            if seal is not None:
                with db.write() as session:
                    checkpoints.make(session, seal, utc_now())
            print(_("The books are in order."))
            with db.read() as session:
                twice = orders_rung_up_twice(session)
                vouchers = vouchers_used_beyond_limit(session)
                overspent = points_overspent(session, utc_now().date())
            # Not faults in the books (each sale is whole), but goods, money or a voucher counted twice: counters
            # offline at the same time each took the same order, the last use of a voucher or the same points.
            for order in twice:
                print(
                    _(
                        "Order {number} was rung up more than once: sales {receipts}. Void or return the extra one."
                    ).format(number=order.number, receipts=", ".join(order.receipts))
                )
            for voucher in vouchers:
                print(voucher.message())
            for customer in overspent:
                print(
                    _("{name} redeemed more points than they had: {points} now.").format(
                        name=customer.name, points=customer.balance
                    )
                )
            return _sync_notes(aside, aside_items)
        for problem in report.problems:
            print(f"- {problem}", file=sys.stderr)
        print(_("{n} problem(s) found.").format(n=len(report.problems)), file=sys.stderr)
        _sync_notes(aside, aside_items)
        # Each problem is a `BooksProblem`, the kind a damaged file at start ends with: a script that runs the
        # check at night must raise the alarm for a broken chain, not file it with an unconfirmed slip (1).
        return EXIT_DAMAGED
    finally:
        db.dispose()

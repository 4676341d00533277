"""`laci journal post|accounts|depreciation`: general journal entries for the owner's accountant, and the monthly
straight-line depreciation of the shop's equipment.

Lines are CODE=AMOUNT (`--debit 1-500=2.400.000 --credit "2-100=2.400.000@CV Sumber"`), a line to Piutang usaha or
Utang usaha naming its customer or supplier after @. The shop's first owner posts them, as for imports.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from pos.commands.backoffice import first_owner, no_owner
from pos.commands.common import EXIT_OK, has_database, open_shop_db
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import parse_rupiah
from pos.ledger.base.period import parse_date
from pos.ledger.books.depreciation import book_depreciation, equipment, months_due
from pos.ledger.books.general_journal import Equipment, party_by_name, post_general_entry, postable_accounts
from pos.ledger.books.journal import Posting, credit, debit
from pos.ledger.shop import settings


def register(sub: Any) -> None:
    parser = sub.add_parser("journal", help=_("general journal entries and depreciation, for the owner's accountant"))
    actions = parser.add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    post = actions.add_parser("post", help=_("post a balanced general journal entry"))
    post.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help=_("the entry's day (default: today)"))
    post.add_argument("--memo", required=True, help=_("what the entry is for"))
    post.add_argument("--debit", action="append", default=[], metavar="CODE=RP[@PARTY]", help=_("a debit line"))
    post.add_argument("--credit", action="append", default=[], metavar="CODE=RP[@PARTY]", help=_("a credit line"))
    post.add_argument(
        "--equipment",
        action="append",
        default=[],
        metavar="NAME=RP/MONTHS",
        help=_("equipment the entry puts on Peralatan, to depreciate over its useful life"),
    )
    post.set_defaults(handler=run_post)
    chart = actions.add_parser("accounts", help=_("the accounts an entry may post to"))
    chart.set_defaults(handler=run_accounts)
    dep = actions.add_parser("depreciation", help=_("equipment and the depreciation of each ended month"))
    dep.add_argument("--book", metavar="YYYY-MM", help=_("book the depreciation of this ended month"))
    dep.set_defaults(handler=run_depreciation)


def _day(text: str) -> dt.date:
    try:
        return parse_date(text)
    except InvalidInput as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def _line(session: Session, text: str, side: str) -> Posting:
    code, sep, rest = text.partition("=")
    if not sep:
        raise InvalidInput(N_("Write a line as CODE=AMOUNT, not '{text}'."), text=text)
    amount, _at, party = rest.partition("@")
    value = parse_rupiah(amount)
    party_id = party_by_name(session, code.strip(), party) if party.strip() else None
    return (debit if side == "debit" else credit)(code.strip(), value, party_id)


def _equipment(text: str) -> Equipment:
    name, sep, rest = text.rpartition("=")
    cost, _slash, months = rest.partition("/")
    if not sep or not months.strip().isdigit():
        raise InvalidInput(N_("Write equipment as NAME=AMOUNT/MONTHS, not '{text}'."), text=text)
    return Equipment(name.strip(), parse_rupiah(cost), int(months))


def run_post(args: argparse.Namespace) -> int:
    if not has_database(args):
        return no_owner()
    db = open_shop_db(args)
    try:
        actor = first_owner(db)
        if actor is None:
            return no_owner()
        with db.write() as session:
            day = args.date or business_date(utc_now(), settings.load(session).timezone)
            postings = [_line(session, t, "debit") for t in args.debit] + [
                _line(session, t, "credit") for t in args.credit
            ]
            entry = post_general_entry(
                session, actor, postings, day=day, memo=args.memo, equipment=[_equipment(t) for t in args.equipment]
            )
        total = sum(p.debit for p in postings)
        print(
            _("Posted on {day}: {memo}, {amount}.").format(day=fmt.date(day), memo=args.memo, amount=fmt.rupiah(total))
        )
        print(_("Entry {id}").format(id=entry.id.hex))
        return EXIT_OK
    finally:
        db.dispose()


def run_accounts(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        with db.read() as session:
            for account in postable_accounts(session):
                print(f"{account.code}  {account.name}")
        return EXIT_OK
    finally:
        db.dispose()


def _month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        raise InvalidInput(N_("'{text}' is not a month; write it as YYYY-MM."), text=text) from None


def run_depreciation(args: argparse.Namespace) -> int:
    db = open_shop_db(args)
    try:
        if args.book:
            actor = first_owner(db)
            if actor is None:
                return no_owner()
            month = _month(args.book)
            with db.write() as session:
                book_depreciation(session, actor, month)
            print(_("Depreciation for {month} is booked.").format(month=fmt.month(month)))
        with db.read() as session:
            today = business_date(utc_now(), settings.load(session).timezone)
            items = equipment(session)
            due = months_due(session, today)
        if not items:
            print(_("No equipment is registered for depreciation."))
            return EXIT_OK
        print(_("Equipment"))
        for item in items:
            monthly = item.schedule()[0].amount
            print(
                f"  {item.name:<30}{fmt.rupiah(item.cost):>16}  "
                + _("from {month}, {n} months, about {monthly} a month").format(
                    month=fmt.month(item.acquired_on), n=item.life_months, monthly=fmt.rupiah(monthly)
                )
            )
        if due:
            print()
            print(_("Months"))
            for month_due in due:
                state = _("booked") if month_due.booked else _("not booked yet")
                print(f"  {fmt.month(month_due.month):<12}{fmt.rupiah(month_due.amount):>16}  {state}")
        return EXIT_OK
    finally:
        db.dispose()

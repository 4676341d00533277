"""`laci pph status|book|pay`: PPh Final into the books month by month, and paid from Kas or Bank."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from pos.commands.common import EXIT_OK, print_json, shop_session
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, parse_rupiah
from pos.ledger.books import accounts
from pos.ledger.reports.pph_booking import accrue_pph, month_status, pay_pph, year_status
from pos.ledger.shop.settings import load

SOURCES = {"kas": accounts.KAS, "bank": accounts.BANK}


def register(sub: Any) -> None:
    parser = sub.add_parser("pph", help=_("book PPh Final month by month and record paying it"))
    actions = parser.add_subparsers(dest="pph_command", metavar="ACTION", required=True)
    status = actions.add_parser("status", help=_("each month of a year: tax due, booked and paid"))
    status.add_argument("--year", type=int, help=_("the year (default: this year)"))
    status.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    status.set_defaults(handler=run_status)
    book = actions.add_parser("book", help=_("book a finished month's PPh Final as owed"))
    book.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month, e.g. 2026-06"))
    book.set_defaults(handler=run_book)
    pay = actions.add_parser("pay", help=_("record paying a month's PPh Final (booked first if needed)"))
    pay.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month, e.g. 2026-06"))
    pay.add_argument("--amount", metavar="RP", help=_("how much was paid (default: all the month owes)"))
    pay.add_argument("--from", dest="source", choices=tuple(SOURCES), default="kas", help=_("paid from kas or bank"))
    pay.set_defaults(handler=run_pay)


def _month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        raise InvalidInput(N_("'{text}' is not a month; write it as YYYY-MM."), text=text) from None


def run_status(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        year = args.year or business_date(utc_now(), load(session).timezone).year
        months = year_status(session, year)
    if args.json:
        print_json(
            [
                {"month": f"{m.month:%Y-%m}", "due": m.due, "booked": m.booked, "paid": m.paid, "owed": m.owed}
                for m in months
            ]
        )
        return EXIT_OK
    print(_("PPh Final in {year}").format(year=year))
    header = (_("Month"), _("Due"), _("Booked"), _("Paid"), _("Owed"))
    rows = [(fmt.month(m.month), *(fmt.rupiah(v) for v in (m.due, m.booked, m.paid, m.owed))) for m in months]
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        cells = (c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        print("  ".join(cells))
    return EXIT_OK


def run_book(args: argparse.Namespace) -> int:
    month = _month(args.month)
    with shop_session(args, write=True) as session:
        entry = accrue_pph(session, month)
        status = month_status(session, month)
    if entry is None and status.due == 0:
        print(_("No PPh Final is due for {month}.").format(month=fmt.month(month)))
    elif entry is None:
        print(
            _("PPh Final for {month} was already booked: {amount}.").format(
                month=fmt.month(month), amount=fmt.rupiah(status.booked)
            )
        )
    else:
        print(
            _("PPh Final for {month} booked: {amount} owed.").format(
                month=fmt.month(month), amount=fmt.rupiah(status.owed)
            )
        )
    return EXIT_OK


def run_pay(args: argparse.Namespace) -> int:
    month = _month(args.month)
    amount = Money(parse_rupiah(args.amount)) if args.amount else None
    with shop_session(args, write=True) as session:
        pay_pph(session, month, amount, paid_from=SOURCES[args.source])
        status = month_status(session, month)
    print(
        _("Paid PPh Final for {month}; still owed: {owed}.").format(
            month=fmt.month(month), owed=fmt.rupiah(status.owed)
        )
    )
    return EXIT_OK

"""`laci outreach`: a promotion personalised for each customer on a list ("not seen for 30 days", "top 20 this
month"), printed as text and wa.me links to open one by one. Laci sends nothing; customers who opted out are left
off, and `laci outreach --opt-out NAME` records that someone wants no more."""

from __future__ import annotations

import argparse
from typing import Any

from pos.commands.common import EXIT_OK, print_json, shop_session
from pos.i18n import N_, _, ngettext
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.period import month_of
from pos.ledger.people.customers import customer_named, get_customer
from pos.ledger.people.outreach import CustomerSummary, not_seen_for, outreach, set_opt_out, top_customers
from pos.ledger.reports.rows import plain
from pos.ledger.shop import settings


def register(sub: Any) -> None:
    parser = sub.add_parser("outreach", help=_("a promotion for each customer on a list, as text and WhatsApp links"))
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--days", type=int, metavar="N", help=_("customers not seen for N days (default 30)"))
    who.add_argument("--top", type=int, metavar="N", help=_("the N customers who spent most this month"))
    who.add_argument("--opt-out", metavar="NAME", help=_("record that this customer wants no promotions"))
    who.add_argument("--opt-in", metavar="NAME", help=_("record that this customer accepts promotions again"))
    parser.add_argument(
        "--message", help=_("the message; {nama}, {toko}, {terakhir}, {favorit} and {belanja} are filled in")
    )
    parser.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    parser.set_defaults(handler=run_outreach)


def _customers(args: argparse.Namespace, session: Any) -> list[CustomerSummary]:
    if args.top is not None:
        if args.top < 1:
            raise InvalidInput(N_("Give a number of customers of at least 1."))
        today = business_date(utc_now(), settings.load(session).timezone)
        return top_customers(session, month_of(today), limit=args.top)
    return not_seen_for(session, 30 if args.days is None else args.days)


def _opt(args: argparse.Namespace, name: str, opt_out: bool) -> int:
    with shop_session(args, write=True) as session:
        customer = customer_named(session, name)
        if customer is None:
            raise NotFound(N_("No customer is called {name}."), name=name.strip())
        set_opt_out(session, customer, opt_out)
        who = get_customer(session, customer).name
    text = _("{name} will get no promotions.") if opt_out else _("{name} will get promotions again.")
    print(text.format(name=who))
    return EXIT_OK


def run_outreach(args: argparse.Namespace) -> int:
    if args.opt_out or args.opt_in:
        return _opt(args, args.opt_out or args.opt_in, bool(args.opt_out))
    if not args.message:
        raise InvalidInput(N_("Write the message to send."))
    with shop_session(args) as session:
        found = outreach(session, _customers(args, session), args.message)
    if args.json:
        print_json({"messages": [plain(m) for m in found.messages], "opted_out": found.opted_out})
        return EXIT_OK
    if not found.messages:
        print(_("Nobody is on this list."))
    for message in found.messages:
        print(f"== {message.name} {message.phone}".rstrip())
        print(message.text)
        print(message.link or _("(no WhatsApp number: send it another way)"))
        print()
    if found.opted_out:
        left_out = ngettext(
            "{n} customer on the list asked for no promotions and was left out.",
            "{n} customers on the list asked for no promotions and were left out.",
            found.opted_out,
        )
        print(left_out.format(n=found.opted_out))
    return EXIT_OK

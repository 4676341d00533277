"""`laci channel list|add|edit|price|owed|settle`: the shop's sales channels, their terms and prices, what a
platform owes sale by sale, and recording its payout. Run by whoever holds the shop's files, so changes go in the
name of the shop's first owner."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from pos.commands.common import EXIT_OK, print_json, shop_session
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.money import Money
from pos.ledger.base.period import parse_date
from pos.ledger.books.approvals import Actor
from pos.ledger.channels.channels import (
    KIND_NAMES,
    KINDS,
    add_channel,
    describe_terms,
    edit_channel,
    get_channel,
    list_channels,
    set_channel_price,
)
from pos.ledger.channels.payouts import (
    DIFFERENCE_TEXT,
    DIFFERENCES,
    PAYOUT_ACCOUNTS,
    platform_balance,
    settle_platform,
)
from pos.ledger.channels.platform_owed import OwedLine, match_payout
from pos.ledger.people.users import list_users
from pos.ledger.stock import product_records


def register(sub: Any) -> None:
    parser = sub.add_parser("channel", help=_("sales channels (WhatsApp, GoFood...), their prices and payouts"))
    actions = parser.add_subparsers(dest="channel_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list the channels, their terms and what each platform owes"))
    listing.add_argument("--all", action="store_true", help=_("include channels taken off"))
    listing.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    listing.set_defaults(handler=run_list)

    add = actions.add_parser("add", help=_("add a channel, such as another marketplace"))
    add.add_argument("name", help=_("the channel's name, such as 'Grab Mart'"))
    add.add_argument("--kind", required=True, choices=[k for k in KINDS if k != "counter"], help=_("what it is"))
    _terms(add)
    add.set_defaults(handler=run_add)

    edit = actions.add_parser("edit", help=_("change a channel's name, commission, markup, or take it off"))
    edit.add_argument("code", help=_("the channel's code, such as gofood"))
    edit.add_argument("--name", help=_("a new name"))
    _terms(edit)
    edit.add_argument("--off", dest="active", action="store_false", default=None, help=_("stop offering it"))
    edit.add_argument("--on", dest="active", action="store_true", help=_("offer it again"))
    edit.set_defaults(handler=run_edit)

    price = actions.add_parser("price", help=_("set a product's own price on a channel"))
    price.add_argument("code", help=_("the channel's code, such as gofood"))
    price.add_argument("barcode", help=_("the product's barcode"))
    price.add_argument("price", nargs="?", help=_("the price per piece; leave it out with --clear"))
    price.add_argument("--clear", action="store_true", help=_("go back to the channel's markup"))
    price.set_defaults(handler=run_price)

    owed = actions.add_parser("owed", help=_("what a platform still owes, sale by sale"))
    owed.add_argument("code", help=_("the channel's code, such as gofood"))
    _sales_chosen(owed)
    owed.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    owed.set_defaults(handler=run_owed)

    settle = actions.add_parser(
        "settle",
        help=_("record a platform's payout of what it collected"),
        description=_(
            "The payout is matched against what the platform owes for the sales its statement lists: give them with "
            "--sale, or a period with --from and --up-to (default: every sale booked so far). When the amount "
            "differs from what they owe, say where the difference goes with --difference."
        ),
    )
    settle.add_argument("code", help=_("the channel's code, such as gofood"))
    settle.add_argument("amount", help=_("what reached the shop, in rupiah"))
    _sales_chosen(settle)
    settle.add_argument(
        "--difference",
        choices=DIFFERENCES,
        help=_(
            "where a difference goes: commission (the platform kept more), income (it paid more) or platform (left "
            "on its account: still owed, or paid ahead)"
        ),
    )
    settle.add_argument("--reference", default="", help=_("the payout's reference on the platform's statement"))
    settle.add_argument("--date", metavar="DATE", help=_("the day the money arrived (default: today)"))
    settle.add_argument("--method", choices=tuple(PAYOUT_ACCOUNTS), default="transfer", help=_("how it was paid"))
    settle.add_argument("--note", default="", help=_("a note"))
    settle.set_defaults(handler=run_settle)


def _sales_chosen(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sale", action="append", default=[], metavar="RECEIPT", help=_("a sale it pays for (may be repeated)")
    )
    parser.add_argument("--from", dest="start", metavar="DATE", help=_("the first day of sales it pays for"))
    parser.add_argument("--up-to", metavar="DATE", help=_("the last day of sales it pays for (default: all)"))


def _terms(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--commission", metavar="PERCENT", help=_("what the platform keeps, such as 20 or 12,5"))
    parser.add_argument("--markup", metavar="PERCENT", help=_("added to the counter price on this channel"))
    parser.add_argument("--round", type=int, metavar="RP", help=_("round marked-up prices up to this (default 100)"))


def percent_bp(text: str | None) -> int | None:
    """`20` -> 2000, `12,5` or `12.5%` -> 1250: a percentage as basis points."""
    return None if text is None else fmt.parse_percent(text)


def owner_of(session: Session) -> Actor:
    """The shop's first active owner, in whose name a terminal's changes are made."""
    owner = next((u for u in list_users(session) if u.role == "owner"), None)
    if owner is None:
        raise NotFound(N_("The shop has no owner yet; add one with 'laci user add'."))
    return Actor(owner.id, owner.name, "owner")


def table(rows: Sequence[Sequence[str]], header: Sequence[str], figures: Sequence[int] = ()) -> str:
    """A plain table: text left-aligned, the columns numbered in `figures` right-aligned."""
    every = [list(header), *[list(r) for r in rows]]
    widths = [max(len(r[i]) for r in every) for i in range(len(header))]
    lines = []
    for row in every:
        cells = [c.rjust(widths[i]) if i in figures else c.ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run_list(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        channels = list_channels(session, active_only=not args.all)
        owed = {c.code: platform_balance(session, c.code).rupiah for c in channels if c.is_platform}
    if args.json:
        print_json(
            [
                {
                    "code": c.code,
                    "name": c.name,
                    "kind": c.kind,
                    "commission_bp": c.commission_bp,
                    "markup_bp": c.markup_bp,
                    "price_round": c.price_round,
                    "is_active": c.is_active,
                    "owed": owed.get(c.code),
                }
                for c in channels
            ]
        )
        return EXIT_OK
    rows = [
        [
            c.code,
            c.name + ("" if c.is_active else " " + _("(off)")),
            _(KIND_NAMES[c.kind]),
            describe_terms(c),
            fmt.rupiah(owed[c.code]) if c.code in owed else "",
        ]
        for c in channels
    ]
    print(table(rows, [_("Code"), _("Name"), _("Kind"), _("Terms"), _("Still owed")], figures=(4,)))
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        info = add_channel(
            session,
            owner_of(session),
            args.name,
            args.kind,
            commission_bp=percent_bp(args.commission) or 0,
            markup_bp=percent_bp(args.markup) or 0,
            price_round=args.round or 100,
        )
    print(_("Channel {name} added with code {code}.").format(name=info.name, code=info.code))
    return EXIT_OK


def run_edit(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        info = edit_channel(
            session,
            owner_of(session),
            args.code,
            name=args.name,
            commission_bp=percent_bp(args.commission),
            markup_bp=percent_bp(args.markup),
            price_round=args.round,
            is_active=args.active,
        )
    terms = describe_terms(info)
    print(_("Channel {name} saved.").format(name=info.name) + (f" ({terms})" if terms else ""))
    return EXIT_OK


def run_price(args: argparse.Namespace) -> int:
    if args.clear == (args.price is not None):
        raise InvalidInput(N_("Give the price, or --clear to go back to the markup."))
    with shop_session(args, write=True) as session:
        hit = product_records.find_by_barcode(session, args.barcode.strip())
        if hit is None:
            raise NotFound(N_("Barcode {code} is not in the product list."), code=args.barcode.strip())
        price = None if args.clear else Money.parse(args.price)
        set_channel_price(session, owner_of(session), args.code, hit.product.id, price)
        channel = get_channel(session, args.code)
    shown = fmt.rupiah(price) if price is not None else _("the markup")
    print(_("{product} on {channel}: {price}.").format(product=hit.product.name, channel=channel.name, price=shown))
    return EXIT_OK


def _day(text: str | None) -> dt.date | None:
    return parse_date(text) if text else None


def _owed_row(line: OwedLine) -> list[str]:
    if line.sale_id is None:
        return [_("not matched to a sale"), "", fmt.rupiah(line.owed)]
    return [line.receipt_no, fmt.date(line.day) if line.day else "", fmt.rupiah(line.owed)]


def run_owed(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        match = match_payout(session, args.code, receipts=args.sale, start=_day(args.start), end=_day(args.up_to))
    if args.json:
        print_json(
            {
                "channel": match.channel,
                "owed": match.owed,
                "balance": match.balance,
                "lines": [
                    {"sale_id": line.sale_id, "receipt_no": line.receipt_no, "day": line.day, "owed": line.owed}
                    for line in match.lines
                ],
            }
        )
        return EXIT_OK
    if not match.lines:
        print(_("{name} owes nothing for those sales.").format(name=match.name))
        return EXIT_OK
    rows = [_owed_row(line) for line in match.lines]
    rows.append([_("Total"), "", fmt.rupiah(match.owed)])
    print(table(rows, [_("Sale"), _("Date"), _("Owed")], figures=(2,)))
    if match.owed != match.balance:
        print(_("{name} owes {owed} in all.").format(name=match.name, owed=fmt.rupiah(match.balance)))
    return EXIT_OK


def run_settle(args: argparse.Namespace) -> int:
    with shop_session(args, write=True) as session:
        payout = settle_platform(
            session,
            owner_of(session),
            args.code,
            Money.parse(args.amount),
            receipts=args.sale,
            start=_day(args.start),
            up_to=_day(args.up_to),
            difference=args.difference or "",
            method=args.method,
            reference=args.reference,
            paid_on=_day(args.date),
            note=args.note,
        )
        name = get_channel(session, args.code).name
    print(
        _("Payout from {name} recorded: {received} received for {owed} owed.").format(
            name=name, received=fmt.rupiah(payout.received), owed=fmt.rupiah(payout.owed)
        )
    )
    if payout.difference:
        amount = fmt.rupiah(abs(payout.received - payout.owed))
        print(_(DIFFERENCE_TEXT[payout.difference]).format(amount=amount, name=name))
    if payout.balance_after < 0:
        print(_("{name} paid {amount} ahead.").format(name=name, amount=fmt.rupiah(-payout.balance_after)))
    else:
        print(_("{name} still owes {owed}.").format(name=name, owed=fmt.rupiah(payout.balance_after)))
    return EXIT_OK

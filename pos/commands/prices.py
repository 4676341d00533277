"""`laci prices`: what the shop's promotions, vouchers and points gave away, and who buys what.

laci prices report [--from DATE --to DATE] [--json]    uptake and cost of each promotion; margin before/after
laci prices buyers [--by group|customer]               what each customer group (or customer) bought
laci prices vouchers                                   every voucher, its uses, and any used past its limit
"""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from pos.commands.common import EXIT_OK, print_json, shop_session
from pos.commands.common import table as _table
from pos.commands.reports import _dates, _money, _period, _span, _today
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.period import month_of
from pos.ledger.prices.vouchers import list_vouchers, vouchers_used_beyond_limit
from pos.ledger.reports.promotions import (
    MarginAfterPromotions,
    PromotionReport,
    margin_after_promotions,
    promotion_report,
    who_buys_what,
)

KIND_NAMES = {
    "tier": N_("Wholesale price"),
    "group": N_("Group price"),
    "promo": N_("Promotion"),
    "free": N_("Free goods"),
    "cart": N_("Cart promotion"),
    "voucher": N_("Voucher"),
    "points": N_("Points"),
}


def register(sub: Any) -> None:
    prices = sub.add_parser("prices", help=_("what promotions, vouchers and points gave away, and who buys what"))
    what = prices.add_subparsers(dest="prices_command", metavar="WHAT", required=True)
    report = what.add_parser("report", help=_("uptake and cost of each promotion, and margins before and after"))
    _dates(report, period_only=True)
    report.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    report.set_defaults(handler=run_report)
    buyers = what.add_parser("buyers", help=_("what each customer group or customer bought"))
    _dates(buyers, period_only=True)
    buyers.add_argument("--by", choices=("group", "customer"), default="group", help=_("group or customer"))
    buyers.set_defaults(handler=run_buyers)
    vouchers = what.add_parser("vouchers", help=_("every voucher with its uses"))
    vouchers.set_defaults(handler=run_vouchers)


def report_text(uptake: PromotionReport, margins: MarginAfterPromotions) -> str:
    lines = [
        [
            f"{_(KIND_NAMES.get(r.kind, r.kind))}: {r.name}" if r.name else _(KIND_NAMES.get(r.kind, r.kind)),
            str(r.sales),
            fmt.percent(r.share_bp),
            fmt.qty(r.qty_milli) if r.qty_milli else "",
            _money(r.saved),
            _money(r.cost),
        ]
        for r in uptake.rows
    ]
    lines.append([_("Total"), str(uptake.sales), "", "", "", _money(uptake.cost)])
    header = ["", _("Sales"), _("Share"), _("Pieces"), _("Customers saved"), _("Cost to the shop")]
    text = _("Promotions for {period}").format(period=_span(uptake.period)) + "\n\n" + _table(lines, header)
    rows = [
        [
            p.name,
            fmt.qty(p.qty_milli),
            _money(p.revenue),
            _money(p.promotions),
            _money(p.free_cost),
            fmt.percent(p.margin_before_bp),
            fmt.percent(p.margin_after_bp),
        ]
        for p in margins.products
    ]
    header = [
        _("Product"),
        _("Quantity"),
        _("Net sales"),
        _("Promotions"),
        _("Free goods at cost"),
        _("Margin before"),
        _("Margin after"),
    ]
    text += "\n\n" + _("Margin after promotions") + "\n\n" + _table(rows, header)
    text += "\n\n" + _table(
        [
            [_("Cart promotions, vouchers and points"), _money(margins.cart_promotions)],
            [_("Margin of all sales"), fmt.percent(margins.margin_bp)],
        ]
    )
    return text


def run_report(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        period = _period(args, month_of(_today(session)))
        uptake = promotion_report(session, period)
        margins = margin_after_promotions(session, period)
    if args.json:
        print_json({"promotions": uptake.as_dict(), "margins": margins.as_dict()})
    else:
        print(report_text(uptake, margins))
    return EXIT_OK


def run_buyers(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        period = _period(args, month_of(_today(session)))
        rows = who_buys_what(session, period, by=args.by)
    no_one = _("No group") if args.by == "group" else _("No customer")
    lines = [[r.buyer or no_one, r.product, fmt.qty(r.qty_milli), _money(r.revenue)] for r in rows]
    header = [_("Group") if args.by == "group" else _("Customer"), _("Product"), _("Quantity"), _("Net sales")]
    print(_("Who buys what, {period}").format(period=_span(period)) + "\n\n" + _table(lines, header))
    return EXIT_OK


def _vouchers(session: Session) -> str:
    lines = [
        [
            v.code,
            v.name,
            _money(v.amount) if v.amount else fmt.percent(v.percent_bp),
            f"{v.uses}/{v.use_limit}",
            fmt.date(v.expires_on) if v.expires_on else "",
        ]
        for v in list_vouchers(session)
    ]
    text = _table(lines, [_("Code"), _("Name"), _("Value"), _("Used"), _("Last day")])
    for twice in vouchers_used_beyond_limit(session):
        text += "\n" + twice.message()
    return text


def run_vouchers(args: argparse.Namespace) -> int:
    with shop_session(args) as session:
        print(_vouchers(session))
    return EXIT_OK

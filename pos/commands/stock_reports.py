"""The stock office's reports for `laci report`: what expires soon, what the shop owes suppliers by age, ingredient
use against the recipes, each recipe's cost and margin, and the write-offs under the stock report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Final

from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.period import Period
from pos.ledger.books.payables import PayableAgeing, payables_ageing
from pos.ledger.reports.ingredients import IngredientReport, cost_dict, ingredient_use, recipe_costs
from pos.ledger.reports.rows import plain
from pos.ledger.reports.write_offs import WriteOffs
from pos.ledger.shop import settings
from pos.ledger.stock.batches import ExpiringLot, expiring

STOCK_REPORTS: Final = ("expiring", "payables", "ingredients", "recipe-cost")
REASON_NAMES: Final = {
    "kedaluwarsa": N_("expired"),
    "rusak": N_("damaged"),
    "terbuang": N_("wasted"),
    "hilang": N_("lost"),
}
MOST_DAYS: Final = 366


def table(lines: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Left-aligned first column, right-aligned figures."""
    every = [list(header), *[list(x) for x in lines]]
    widths = [max(len(r[i]) for r in every) for i in range(len(header))]
    out = []
    for row in every:
        cells = [row[0].ljust(widths[0])] + [c.rjust(widths[i]) for i, c in enumerate(row[1:], 1)]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def percent(bp: int | None) -> str:
    if bp is None:
        return ""
    return fmt.percent(bp)


def warn_days(session: Session, days: int | None) -> int:
    """The days ahead a warning looks: those asked for, or the shop's setting."""
    if days is None:
        return settings.load(session).expiry_warn_days
    if not 0 <= days <= MOST_DAYS:
        raise InvalidInput(N_("Give the days ahead as a number from 0 to {most}."), most=MOST_DAYS)
    return days


def _expiring_text(found: Sequence[ExpiringLot], today: dt.date, days: int) -> str:
    title = _("Expiring by {day} ({days} days ahead)").format(day=fmt.date(today + dt.timedelta(days=days)), days=days)
    if not found:
        return f"{title}\n\n" + _("Nothing expires in these days.")
    lines = [
        [
            x.name,
            x.lot.batch_no,
            fmt.date(x.lot.expires_on),
            _("expired") if x.days_left(today) < 0 else _("{n} days").format(n=x.days_left(today)),
            f"{fmt.qty(x.lot.qty_milli)} {x.unit}",
            fmt.rupiah(x.value),
        ]
        for x in found
    ]
    header = [_("Product"), _("Batch"), _("Expires"), _("Left"), _("Quantity"), _("Value")]
    return f"{title}\n\n" + table(lines, header)


def _payables_text(ageing: Sequence[PayableAgeing], today: dt.date) -> str:
    lines = [[a.name, *(fmt.rupiah(b) for b in a.buckets), fmt.rupiah(a.total)] for a in ageing]
    totals = [sum(a.buckets[i] for a in ageing) for i in range(5)]
    lines.append([_("Total"), *(fmt.rupiah(b) for b in totals), fmt.rupiah(sum(totals))])
    header = [
        _("Supplier"),
        _("Not yet due"),
        _("1–30 days"),
        _("31–60 days"),
        _("61–90 days"),
        _("over 90 days"),
        _("Total"),
    ]
    return _("Owed to suppliers (Utang usaha) on {day}").format(day=fmt.date(today)) + "\n\n" + table(lines, header)


def _qty(milli: int, unit: str) -> str:
    return f"{fmt.qty(milli)} {unit}" if milli else "0"


def _ingredients_text(report: IngredientReport) -> str:
    span = f"{fmt.date(report.period.start)} – {fmt.date(report.period.end)}"
    title = _("Ingredients used against the recipes, {period}").format(period=span)
    if not report.lines:
        return f"{title}\n\n" + _("No product has a recipe yet.")
    lines = [
        [
            x.name,
            _qty(x.by_recipes, x.unit),
            _qty(x.sold_itself, x.unit),
            _qty(x.production, x.unit),
            _qty(x.written_off, x.unit),
            _qty(x.counted_short, x.unit),
            _qty(x.used, x.unit),
            _qty(x.beyond_recipes, x.unit),
        ]
        for x in report.lines
    ]
    header = [
        _("Ingredient"),
        _("Recipes say"),
        _("Sold as is"),
        _("Production"),
        _("Written off"),
        _("Short at counts"),
        _("Stock shows used"),
        _("Beyond the recipes"),
    ]
    return f"{title}\n\n" + table(lines, header)


def _costs_text(session: Session) -> tuple[list[dict[str, Any]], str]:
    found = recipe_costs(session)
    title = _("Cost of each product from its recipe, at today's average costs")
    if not found:
        return [], f"{title}\n\n" + _("No product has a recipe yet.")
    lines = [
        [
            x.recipe.name,
            fmt.rupiah(x.recipe.price),
            fmt.rupiah(x.recipe.cost),
            fmt.rupiah(x.recipe.margin),
            percent(x.margin_bp),
        ]
        for x in found
    ]
    header = [_("Product"), _("Price"), _("Recipe cost"), _("Margin"), _("Margin %")]
    return [cost_dict(x) for x in found], f"{title}\n\n" + table(lines, header)


def stock_report_extra(
    session: Session, report: str, today: dt.date, period: Period, days: int | None
) -> tuple[dict[str, Any], str]:
    """(figures for --json, text) of one of `STOCK_REPORTS`: as of `today`, or over `period` (ingredients)."""
    if report == "expiring":
        ahead = warn_days(session, days)
        found = expiring(session, today, ahead)
        data = {
            "as_of": today.isoformat(),
            "days": ahead,
            "lots": [
                {**plain(x.lot), "name": x.name, "unit": x.unit, "value": x.value, "days_left": x.days_left(today)}
                for x in found
            ],
        }
        return data, _expiring_text(found, today, ahead)
    if report == "payables":
        ageing = payables_ageing(session, today)
        data = {"as_of": today.isoformat(), "suppliers": [{**plain(a), "total": a.total} for a in ageing]}
        return data, _payables_text(ageing, today)
    if report == "ingredients":
        used = ingredient_use(session, period)
        return used.as_dict(), _ingredients_text(used)
    rows, text = _costs_text(session)
    return {"products": rows}, text


def write_offs_text(found: WriteOffs) -> str:
    """The write-offs under the stock report."""
    span = f"{fmt.date(found.period.start)} – {fmt.date(found.period.end)}"
    title = _("Written off, {period}").format(period=span)
    if not found.lines:
        return f"{title}\n\n" + _("Nothing was written off.")
    lines = [
        [
            f"{x.product}" + (f" ({x.batch_no})" if x.batch_no else ""),
            fmt.date(x.day),
            _(REASON_NAMES.get(x.reason, x.reason)),
            f"{fmt.qty(x.qty_milli)} {x.unit}",
            fmt.rupiah(x.value),
        ]
        for x in found.lines
    ]
    lines.append([_("Total"), "", "", "", fmt.rupiah(found.total)])
    return f"{title}\n\n" + table(lines, [_("Product"), _("Date"), _("Reason"), _("Quantity"), _("Value")])

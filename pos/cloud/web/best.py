"""Best sellers in the cloud: sales by product from the day rollups, ranked by the core's own rule.

Only the products that can reach the top (and those tied with the last of it) are named, so a year of a busy
shop's products is ranked without reading thousands of names: the rule's tie-break by name only ever decides
between products with the same quantity and revenue.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from psycopg import Connection

from pos.ledger.money import MILLI, div_round_half_up
from pos.ledger.reports.dashboard import BestSeller, rank_best_sellers
from pos.ledger.reports.period import add_months
from pos.ledger.reports.sales import SalesRow


def product_rows(conn: Connection[Any], shop_id: uuid.UUID, start: dt.date, end: dt.date) -> list[SalesRow]:
    """Sales by product over the days, as `sales_by(..., "product")` counts them (quantities in thousandths of
    the base unit, rounded after summing; returns on the day they came back), not yet named."""
    # Whole months from the month rollup, the days before and after them from the day rollup.
    first = start if start.day == 1 else _next_month(start)
    after = _next_month(end) if _next_month(end) - dt.timedelta(days=1) == end else end.replace(day=1)
    if first >= after:
        first = after = end + dt.timedelta(days=1)  # no whole month: every day from the day rollup
    # Days before the first whole month and after the last, each range read along the day rollup's key.
    day_rows = (
        "SELECT product_id, qty, revenue, returned_qty, returned_revenue FROM web_day_products "
        "WHERE shop_id = %(shop)s AND business_date >= {low} AND business_date <= {high}"
    )
    rows = conn.execute(
        "SELECT product_id, SUM(qty), SUM(revenue), SUM(returned_qty), SUM(returned_revenue) FROM ("
        "SELECT product_id, qty, revenue, returned_qty, returned_revenue FROM web_month_products "
        "WHERE shop_id = %(shop)s AND month >= %(first)s AND month < %(after)s "
        "UNION ALL " + day_rows.format(low="%(start)s", high="%(before)s") + " "
        "UNION ALL " + day_rows.format(low="%(after)s", high="%(end)s") + ") AS parts GROUP BY 1",
        {
            "shop": shop_id,
            "start": start,
            "end": end,
            "first": first,
            "after": after,
            "before": first - dt.timedelta(days=1),
        },
    ).fetchall()
    return [
        SalesRow(
            key=pid.hex,
            label="",
            sales=0,
            qty_milli=div_round_half_up(int(qty), MILLI),
            gross=0,
            discount=0,
            revenue=int(revenue),
            cost=0,
            returned_qty_milli=div_round_half_up(int(returned_qty), MILLI),
            returned_revenue=int(returned_revenue),
        )
        for pid, qty, revenue, returned_qty, returned_revenue in rows
    ]


def _next_month(day: dt.date) -> dt.date:
    return add_months(day.replace(day=1), 1)


def _qty(r: SalesRow) -> int:
    return r.qty_milli - r.returned_qty_milli


def contenders(rows: Sequence[SalesRow], top: int) -> list[SalesRow]:
    """The rows that can be among the `top` by quantity or by revenue once named: the first `top` of each
    order, and every row tied with the last of them."""
    kept = [r for r in rows if _qty(r) > 0 or r.net_revenue > 0]
    chosen: dict[str, SalesRow] = {}
    for key in (lambda r: (-_qty(r), -r.net_revenue), lambda r: (-r.net_revenue, -_qty(r))):
        ordered = sorted(kept, key=key)
        if not ordered:
            continue
        last = key(ordered[min(top, len(ordered)) - 1])
        for r in ordered:
            if key(r) > last:
                break
            chosen[r.key] = r
    return list(chosen.values())


def named(
    conn: Connection[Any], shop_id: uuid.UUID, rows: Iterable[SalesRow]
) -> tuple[list[SalesRow], dict[uuid.UUID, str]]:
    """The rows with the products' names as they are now, and their units."""
    listed = list(rows)
    found = {
        pid: (str(name), str(unit))
        for pid, name, unit in conn.execute(
            "SELECT product_id, name, unit FROM web_products WHERE shop_id = %s AND product_id = ANY(%s)",
            (shop_id, [uuid.UUID(hex=r.key) for r in listed]),
        )
    }
    units = {pid: unit for pid, (_name, unit) in found.items()}
    return [replace(r, label=found.get(uuid.UUID(hex=r.key), ("", ""))[0]) for r in listed], units


def best_sellers(
    conn: Connection[Any], shop_id: uuid.UUID, start: dt.date, end: dt.date, top: int
) -> tuple[tuple[BestSeller, ...], tuple[BestSeller, ...]]:
    """The shop's best sellers over the days, by quantity and by revenue, as the counter's dashboard ranks them."""
    rows, units = named(conn, shop_id, contenders(product_rows(conn, shop_id, start, end), top))
    return rank_best_sellers(rows, units, top)

"""Best sellers in the cloud: sales by product from the day rollups, ranked by the core's own rule.

Sums over long periods come mostly from the month rollup. Only the products that can reach the top (and those
tied with the last of it) are named, so a year of a busy shop's products is ranked without reading thousands of
names: the rule's tie-break by name only ever decides between products with the same quantity and revenue.
"""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, Final

from psycopg import Connection

from pos.ledger.base.money import MILLI, div_round_half_up
from pos.ledger.base.period import Period, month_end
from pos.ledger.reports.dashboard import BestSeller, rank_best_sellers
from pos.ledger.reports.sales import SalesRow


def _parts(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date, int]]:
    """How to add up the days `start` to `end` from the rollups: (table, first, last, sign) ranges. A whole month
    is one row a product from the month rollup; a part month is its days, or, when fewer days lie outside the
    period than inside, the month less the days outside (today's month, whose later days have no sales yet)."""
    parts = []
    for part in Period(start, end).months():
        first, last = part.start.replace(day=1), month_end(part.start)
        outside = (first, part.start - dt.timedelta(days=1)), (part.end + dt.timedelta(days=1), last)
        if part.start == first and part.end == last:
            parts.append(("month", first, first, 1))
        elif (last - first).days + 1 - part.days < part.days:
            parts.append(("month", first, first, 1))
            parts += [("day", low, high, -1) for low, high in outside if low <= high]
        else:
            parts.append(("day", part.start, part.end, 1))
    return parts


Sums = tuple[str, int, int, int, int]  # product key, quantity sold, revenue, quantity returned, revenue returned

_DAYS: Final = (
    "SELECT product_id, {sign} * qty, {sign} * revenue, {sign} * returned_qty, {sign} * returned_revenue "
    "FROM web_day_products WHERE shop_id = %s AND business_date BETWEEN %s AND %s"
)


def product_sums(conn: Connection[Any], shop_id: uuid.UUID, start: dt.date, end: dt.date) -> list[Sums]:
    """Sales by product over the days, as `sales_by(..., "product")` counts them (quantities in thousandths of
    the base unit, rounded after summing; returns on the day they came back)."""
    parts = _parts(start, end)
    months = [low for table, low, _high, _sign in parts if table == "month"]
    # The months in one read of the month rollup (one per month made PostgreSQL scan it for each).
    selects = [
        "SELECT product_id, qty, revenue, returned_qty, returned_revenue FROM web_month_products "
        "WHERE shop_id = %s AND month = ANY(%s::date[])"
    ]
    params: list[Any] = [shop_id, months]
    for table, low, high, sign in parts:
        if table == "day":
            selects.append(_DAYS.format(sign=sign))
            params += [shop_id, low, high]
    rows = conn.execute(
        "SELECT product_id, SUM(q)::bigint, SUM(r)::bigint, SUM(rq)::bigint, SUM(rr)::bigint FROM ("
        + " UNION ALL ".join(selects)
        + ") AS parts (product_id, q, r, rq, rr) GROUP BY 1",
        params,
    ).fetchall()
    return [
        (pid.hex, div_round_half_up(int(q), MILLI), int(r), div_round_half_up(int(rq), MILLI), int(rr))
        for pid, q, r, rq, rr in rows
    ]


def _by_qty(s: Sums) -> tuple[int, int]:
    return s[3] - s[1], s[4] - s[2]  # the most kept first, then the most revenue kept


def _by_revenue(s: Sums) -> tuple[int, int]:
    return s[4] - s[2], s[3] - s[1]


def contenders(sums: Sequence[Sums], top: int) -> list[SalesRow]:
    """The products that can be among the `top` by quantity or by revenue once named: the first `top` of each
    order, and every one tied with the last of them (as rows of sales by product, not yet named)."""
    kept = [s for s in sums if s[1] - s[3] > 0 or s[2] - s[4] > 0]
    chosen: dict[str, Sums] = {}
    for key in (_by_qty, _by_revenue):
        best = heapq.nsmallest(top, kept, key=key)
        if not best:
            continue
        last = key(best[-1])
        for s in kept:
            if key(s) <= last:
                chosen[s[0]] = s
    return [
        SalesRow(
            key=k,
            label="",
            sales=0,
            qty_milli=q,
            gross=0,
            discount=0,
            revenue=r,
            cost=0,
            returned_qty_milli=rq,
            returned_revenue=rr,
        )
        for k, q, r, rq, rr in chosen.values()
    ]


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
    rows, units = named(conn, shop_id, contenders(product_sums(conn, shop_id, start, end), top))
    return rank_best_sellers(rows, units, top)

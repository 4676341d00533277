"""Best sellers in the cloud: sales by product from the day rollups, ranked by the core's own rule.

Sums over long periods come mostly from the year and month rollups, summed and ranked in PostgreSQL. Only the
products that can reach the top (and those tied with the last of it) leave the database and are named, so a year of
a busy shop's products is ranked without reading thousands of rows or names: the rule's tie-break by name only
ever decides between products with the same quantity and revenue.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Final

from psycopg import Connection

from pos.ledger.base.period import Period, month_end
from pos.ledger.reports.dashboard import BestSeller, rank_best_sellers
from pos.ledger.reports.sales import SalesRow

Part = tuple[str, dt.date, dt.date, int]  # a rollup ("year", "month" or "day"), its first and last key, a sign
# What a part costs to read, in days: a month or a year holds a row for each product sold in it, about as many as
# four busy days do.
WHOLE_COST: Final = 4


def _months(start: dt.date, end: dt.date, sign: int) -> list[Part]:
    """The days `start` to `end` from the month and day rollups. A whole month is one row a product; a part month
    is its days, or, when fewer days lie outside the period than inside, the month less the days outside (today's
    month, whose later days have no sales yet)."""
    parts = []
    for part in Period(start, end).months():
        first, last = part.start.replace(day=1), month_end(part.start)
        outside = (first, part.start - dt.timedelta(days=1)), (part.end + dt.timedelta(days=1), last)
        if part.start == first and part.end == last:
            parts.append(("month", first, first, sign))
        elif (last - first).days + 1 - part.days < part.days:
            parts.append(("month", first, first, sign))
            parts += [("day", low, high, -sign) for low, high in outside if low <= high]
        else:
            parts.append(("day", part.start, part.end, sign))
    return parts


def _cost(parts: list[Part]) -> int:
    return sum((high - low).days + 1 if table == "day" else WHOLE_COST for table, low, high, _sign in parts)


def _parts(start: dt.date, end: dt.date) -> list[Part]:
    """How to add up the days `start` to `end` from the rollups. A whole calendar year is one row a product from
    the year rollup; a part year is its months and days, or the year less what lies outside the period when that
    reads fewer rows (a year to yesterday, or twelve months back from today)."""
    parts: list[Part] = []
    for year in range(start.year, end.year + 1):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        low, high = max(start, first), min(end, last)
        if (low, high) == (first, last):
            parts.append(("year", first, first, 1))
            continue
        inside = _months(low, high, 1)
        outside: list[Part] = [("year", first, first, 1)]
        if low > first:
            outside += _months(first, low - dt.timedelta(days=1), -1)
        if high < last:
            outside += _months(high + dt.timedelta(days=1), last, -1)
        parts += inside if _cost(inside) <= _cost(outside) else outside
    return parts


_DAYS: Final = (
    "SELECT product_id, {sign} * qty, {sign} * revenue, {sign} * returned_qty, {sign} * returned_revenue "
    "FROM web_day_products WHERE shop_id = %s AND business_date BETWEEN %s AND %s"
)
# Every month (or year) of one sign in one read of its rollup (one a month made PostgreSQL scan it for each).
_WHOLE: Final = (
    "SELECT product_id, {sign} * qty, {sign} * revenue, {sign} * returned_qty, {sign} * returned_revenue "
    "FROM web_{table}_products WHERE shop_id = %s AND {table} = ANY(%s::date[])"
)

# The sums by product rounded as `sales_by(..., "product")` rounds them (half away from zero, as PostgreSQL's
# `round` of a numeric), then ranked both ways as `rank_best_sellers` orders them before names: a product is a
# contender when fewer than `top` products come strictly before it in either order, so every product tied with the
# last of the top is kept for the names to decide.
_RANKED: Final = (
    "WITH sums AS (SELECT product_id, round(SUM(q) / 1000)::bigint AS q, SUM(r)::bigint AS r, "
    "round(SUM(rq) / 1000)::bigint AS rq, SUM(rr)::bigint AS rr FROM ({parts}) AS parts (product_id, q, r, rq, rr) "
    "GROUP BY 1), ranked AS (SELECT *, rank() OVER (ORDER BY q - rq DESC, r - rr DESC) AS by_qty, "
    "rank() OVER (ORDER BY r - rr DESC, q - rq DESC) AS by_revenue FROM sums WHERE q - rq > 0 OR r - rr > 0) "
    "SELECT product_id, q, r, rq, rr FROM ranked WHERE by_qty <= %s OR by_revenue <= %s"
)


def contenders(conn: Connection[Any], shop_id: uuid.UUID, start: dt.date, end: dt.date, top: int) -> list[SalesRow]:
    """Sales by product over the days, as `sales_by(..., "product")` counts them (quantities in thousandths of
    the base unit, rounded after summing; returns on the day they came back), of the products that can be among
    the `top` by quantity or by revenue once named (as rows of sales by product, not yet named). Summed and ranked
    in PostgreSQL: a year of a busy shop's thousands of products never leaves the database."""
    selects: list[str] = []
    params: list[Any] = []
    parts = _parts(start, end)
    for table in ("year", "month"):
        for sign in (1, -1):
            keys = [low for t, low, _high, s in parts if (t, s) == (table, sign)]
            if keys:
                selects.append(_WHOLE.format(table=table, sign=sign))
                params += [shop_id, keys]
    for table, low, high, sign in parts:
        if table == "day":
            selects.append(_DAYS.format(sign=sign))
            params += [shop_id, low, high]
    rows = conn.execute(_RANKED.format(parts=" UNION ALL ".join(selects)), [*params, top, top]).fetchall()
    return [
        SalesRow(
            key=pid.hex,
            label="",
            sales=0,
            qty_milli=int(q),
            gross=0,
            discount=0,
            revenue=int(r),
            cost=0,
            returned_qty_milli=int(rq),
            returned_revenue=int(rr),
        )
        for pid, q, r, rq, rr in rows
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
    rows, units = named(conn, shop_id, contenders(conn, shop_id, start, end, top))
    return rank_best_sellers(rows, units, top)

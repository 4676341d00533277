"""Day rollups of the owner's read models, computed again from the fact copies for each day a batch touched.

Each rollup is the sum over the copies of one business day, by the rules of the counter's Z report: voided
sales are left out of the takings and counted apart on the day of the sale, returns count on the day of the
return (by channel, under the channel of the sale returned), cash in and out on the day of their journal entry,
down payments by kind and method. Recomputing a day whole (rather than adding to it) makes the order events
arrive in irrelevant: a void that reaches the service before its sale still leaves the day right once both are
in. A return reaches the service after its sale (a counter returns only a sale it sent or was sent, and the
service refuses an event naming a sale the shop does not have), so its channel is known when its day is rolled up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from typing import Any, Final

from psycopg import Connection

from pos.ledger.base.period import add_months

_VOIDED: Final = "EXISTS (SELECT 1 FROM web_voids v WHERE v.shop_id = s.shop_id AND v.sale_id = s.sale_id)"
_DAYS: Final = "shop_id = %(shop)s AND business_date = ANY(%(days)s)"

_DAY_COLUMNS: Final = (
    "sales, gross, discount, ppn, rounding, total, revenue, cost, voids, voids_total, refunds, refunds_total, "
    "refunds_cash, cash_in, cash_out, kasbon_received, kasbon_cash, deposits_received, deposits_refunded, deposits_cash"
)


# One SELECT per kind of fact, each giving the twenty day columns (most of them zero), summed per day and counter.
_PARTS: Final = (
    # Sales that stand, and voided ones apart.
    "SELECT s.business_date, s.device_id, "
    f"CASE WHEN {_VOIDED} THEN 0 ELSE 1 END, "
    + ", ".join(f"CASE WHEN {_VOIDED} THEN 0 ELSE s.{c} END" for c in ("gross", "discount", "ppn", "rounding", "total"))
    + f", CASE WHEN {_VOIDED} THEN 0 ELSE s.total - s.rounding - s.ppn END, "
    f"CASE WHEN {_VOIDED} THEN 0 ELSE s.cost END, "
    f"CASE WHEN {_VOIDED} THEN 1 ELSE 0 END, CASE WHEN {_VOIDED} THEN s.total ELSE 0 END, "
    "0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM web_sales s WHERE s.shop_id = %(shop)s AND s.business_date = ANY(%(days)s)",
    "SELECT business_date, device_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, amount, "
    "CASE WHEN refund_method = 'cash' THEN amount ELSE 0 END, 0, 0, 0, 0, 0, 0, 0 FROM web_returns WHERE " + _DAYS,
    "SELECT business_date, device_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
    "CASE WHEN direction = 'in' THEN amount ELSE 0 END, CASE WHEN direction = 'out' THEN amount ELSE 0 END, "
    "0, 0, 0, 0, 0 FROM web_cash_moves WHERE " + _DAYS,
    "SELECT business_date, device_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, amount, "
    "CASE WHEN method = 'cash' THEN amount ELSE 0 END, 0, 0, 0 FROM web_party_payments "
    "WHERE party_kind = 'customer' AND " + _DAYS,
    "SELECT business_date, device_id, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
    "CASE WHEN kind = 'deposit' AND method <> 'credit' THEN amount ELSE 0 END, "
    "CASE WHEN kind = 'refund' THEN amount ELSE 0 END, "
    "CASE WHEN method <> 'cash' THEN 0 WHEN kind = 'refund' THEN -amount ELSE amount END "
    "FROM web_order_payments WHERE " + _DAYS,
)

_SUMS: Final = ", ".join(f"SUM(c{i})" for i in range(20))
_NAMES: Final = ", ".join(f"c{i}" for i in range(20))

_STATEMENTS: Final = (
    "DELETE FROM web_days WHERE " + _DAYS,
    f"INSERT INTO web_days (shop_id, business_date, device_id, {_DAY_COLUMNS}) "
    f"SELECT %(shop)s, d, dev, {_SUMS} FROM ("
    + " UNION ALL ".join(_PARTS)
    + f") AS parts (d, dev, {_NAMES}) GROUP BY d, dev",
    "DELETE FROM web_day_methods WHERE " + _DAYS,
    "INSERT INTO web_day_methods (shop_id, business_date, device_id, method, amount) "
    "SELECT s.shop_id, s.business_date, s.device_id, p.method, SUM(p.amount) FROM web_sales s "
    "JOIN web_sale_payments p ON p.shop_id = s.shop_id AND p.sale_id = s.sale_id "
    f"WHERE s.shop_id = %(shop)s AND s.business_date = ANY(%(days)s) AND NOT {_VOIDED} GROUP BY 1, 2, 3, 4",
    # By channel, as the counter's `day_channels`: sales that stand on the day of the sale, refunds (and the
    # commission a platform gives back with them) on the day of the return, under the channel of the sale returned.
    "DELETE FROM web_day_channels WHERE " + _DAYS,
    "INSERT INTO web_day_channels (shop_id, business_date, device_id, channel, sales, goods, delivery_fees, total, "
    "commission, refunds) SELECT %(shop)s, d, dev, ch, SUM(n), SUM(g), SUM(f), SUM(t), SUM(c), SUM(r) FROM ("
    "SELECT s.business_date, s.device_id, s.channel, 1, s.total - s.delivery_fee, s.delivery_fee, s.total, "
    "s.commission, 0 FROM web_sales s "
    f"WHERE s.shop_id = %(shop)s AND s.business_date = ANY(%(days)s) AND NOT {_VOIDED} "
    "UNION ALL SELECT r.business_date, r.device_id, s.channel, 0, 0, 0, 0, -r.commission, r.amount "
    "FROM web_returns r "
    "JOIN web_sales s ON s.shop_id = r.shop_id AND s.sale_id = r.sale_id "
    "WHERE r.shop_id = %(shop)s AND r.business_date = ANY(%(days)s)"
    ") AS parts (d, dev, ch, n, g, f, t, c, r) GROUP BY d, dev, ch",
    "DELETE FROM web_day_hours WHERE " + _DAYS,
    "INSERT INTO web_day_hours (shop_id, business_date, device_id, utc_hour, sales, revenue, takings) "
    "SELECT s.shop_id, s.business_date, s.device_id, extract(hour FROM s.created_at AT TIME ZONE 'UTC'), "
    "COUNT(*), SUM(s.total - s.rounding - s.ppn), SUM(s.total) FROM web_sales s "
    f"WHERE s.shop_id = %(shop)s AND s.business_date = ANY(%(days)s) AND NOT {_VOIDED} GROUP BY 1, 2, 3, 4",
    "DELETE FROM web_day_products WHERE " + _DAYS,
    "INSERT INTO web_day_products (shop_id, business_date, product_id, qty, revenue, returned_qty, returned_revenue) "
    "SELECT %(shop)s, d, product, SUM(q), SUM(r), SUM(rq), SUM(rr) FROM ("
    "SELECT s.business_date, l.product_id, l.qty_milli * l.pack_milli, l.revenue, 0, 0 FROM web_sales s "
    "JOIN web_sale_lines l ON l.shop_id = s.shop_id AND l.sale_id = s.sale_id "
    f"WHERE s.shop_id = %(shop)s AND s.business_date = ANY(%(days)s) AND NOT {_VOIDED} "
    "UNION ALL SELECT r.business_date, l.product_id, 0, 0, rl.qty_milli * l.pack_milli, rl.revenue "
    "FROM web_returns r JOIN web_return_lines rl ON rl.shop_id = r.shop_id AND rl.return_id = r.return_id "
    "JOIN web_sale_lines l ON l.shop_id = rl.shop_id AND l.sale_id = rl.sale_id AND l.line_no = rl.sale_line_no "
    "WHERE r.shop_id = %(shop)s AND r.business_date = ANY(%(days)s)"
    ") AS parts (d, product, q, r, rq, rr) GROUP BY d, product",
)


_MONTHS: Final = (
    "DELETE FROM web_month_products WHERE shop_id = %(shop)s AND month = ANY(%(months)s)",
    "INSERT INTO web_month_products (shop_id, month, product_id, qty, revenue, returned_qty, returned_revenue) "
    "SELECT shop_id, date_trunc('month', business_date)::date, product_id, SUM(qty), SUM(revenue), "
    "SUM(returned_qty), SUM(returned_revenue) FROM web_day_products WHERE shop_id = %(shop)s "
    "AND business_date >= %(first)s AND business_date < %(after)s "
    "AND date_trunc('month', business_date)::date = ANY(%(months)s) GROUP BY 1, 2, 3",
)


_YEARS: Final = (
    "DELETE FROM web_year_products WHERE shop_id = %(shop)s AND year = ANY(%(years)s)",
    "INSERT INTO web_year_products (shop_id, year, product_id, qty, revenue, returned_qty, returned_revenue) "
    "SELECT shop_id, date_trunc('year', month)::date, product_id, SUM(qty), SUM(revenue), "
    "SUM(returned_qty), SUM(returned_revenue) FROM web_month_products WHERE shop_id = %(shop)s "
    "AND month >= %(first)s AND month < %(after)s "
    "AND date_trunc('year', month)::date = ANY(%(years)s) GROUP BY 1, 2, 3",
)


def roll_up(conn: Connection[Any], shop_id: uuid.UUID, days: Collection[dt.date]) -> None:
    """Compute the day rollups of `days` again from the shop's fact copies, and the months and years they fall
    in (each from the rollup below it)."""
    if not days:
        return
    params = {"shop": shop_id, "days": sorted(days)}
    for statement in _STATEMENTS:
        conn.execute(statement, params)
    months = sorted({d.replace(day=1) for d in days})
    after = add_months(months[-1], 1)
    for statement in _MONTHS:
        conn.execute(statement, {"shop": shop_id, "months": months, "first": months[0], "after": after})
    years = sorted({d.replace(month=1, day=1) for d in days})
    after = years[-1].replace(year=years[-1].year + 1)
    for statement in _YEARS:
        conn.execute(statement, {"shop": shop_id, "years": years, "first": years[0], "after": after})

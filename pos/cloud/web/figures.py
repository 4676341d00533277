"""The owner's figures, read from the read models: a day's Z report per outlet or counter (with its sales by
channel), sales by hour, gross profit, and the shifts of a day (best sellers are in `best`).

Each is built as the counter builds it, from the same facts and with the core's own rules and types: a day is a
`DailyReport`, a shift's figures come from `shift_figures`, best sellers from `rank_best_sellers`, so the pages
show what `laci report daily` prints for the same day and outlet, to the rupiah.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, Final

from psycopg import Connection

from pos.cloud.web import shop_data
from pos.ledger.base.clock import zone
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.counter.shifts import ShiftReport, ShiftSums, shift_figures
from pos.ledger.reports.channels import ChannelRow
from pos.ledger.reports.daily import DailyReport, ShiftLine
from pos.ledger.reports.dashboard import HOURS, HourFigures

_SUMMED: Final = (
    "sales_count",
    "gross",
    "discounts",
    "ppn",
    "rounding",
    "total",
    "voids_count",
    "voids_total",
    "refunds_count",
    "refunds_total",
    "refunds_cash",
    "cash_in",
    "cash_out",
    "kasbon_received",
    "kasbon_received_cash",
    "deposits_received",
    "deposits_refunded",
    "deposits_cash",
)
# web_days' columns in the order of _SUMMED.
_DAY_COLUMNS: Final = (
    "sales, gross, discount, ppn, rounding, total, voids, voids_total, refunds, refunds_total, refunds_cash, "
    "cash_in, cash_out, kasbon_received, kasbon_cash, deposits_received, deposits_refunded, deposits_cash"
)

# web_day_channels' figures, in the order of ChannelRow's.
_CHANNEL_COLUMNS: Final = ("sales", "goods", "delivery_fees", "total", "commission", "refunds")


def _device_filter(device_id: uuid.UUID | None) -> tuple[str, tuple[Any, ...]]:
    return ("", ()) if device_id is None else (" AND device_id = %s", (device_id,))


def day_reports(
    conn: Connection[Any], shop_id: uuid.UUID, start: dt.date, end: dt.date, device_id: uuid.UUID | None = None
) -> dict[dt.date, DailyReport]:
    """The Z report of every day from `start` to `end` (of one counter, with `device_id`), without its shifts;
    days without facts are all zeros."""
    where, extra = _device_filter(device_id)
    sums = {
        row[0]: [int(x) for x in row[1:]]
        for row in conn.execute(
            f"SELECT business_date, {', '.join(f'SUM({c})::bigint' for c in _DAY_COLUMNS.split(', '))} FROM web_days "
            f"WHERE shop_id = %s AND business_date BETWEEN %s AND %s{where} GROUP BY 1",
            (shop_id, start, end, *extra),
        )
    }
    methods: dict[dt.date, dict[str, int]] = {}
    for day, method, amount in conn.execute(
        "SELECT business_date, method, SUM(amount)::bigint FROM web_day_methods "
        f"WHERE shop_id = %s AND business_date BETWEEN %s AND %s{where} GROUP BY 1, 2 ORDER BY 1, 2",
        (shop_id, start, end, *extra),
    ):
        methods.setdefault(day, {})[str(method)] = int(amount)
    channels: dict[dt.date, dict[str, list[int]]] = {}
    for day, channel, *values in conn.execute(
        f"SELECT business_date, channel, {', '.join(f'SUM({c})::bigint' for c in _CHANNEL_COLUMNS)} "
        f"FROM web_day_channels WHERE shop_id = %s AND business_date BETWEEN %s AND %s{where} GROUP BY 1, 2",
        (shop_id, start, end, *extra),
    ):
        channels.setdefault(day, {})[str(channel)] = [int(v) for v in values]
    known = shop_data.channels(conn, shop_id) if channels else []
    out = {}
    day = start
    while day <= end:
        values = sums.get(day, [0] * len(_SUMMED))
        out[day] = _report(day, (), methods.get(day, {}), values, _channel_rows(known, channels.get(day, {})))
        day += dt.timedelta(days=1)
    return out


def channel_rows(
    conn: Connection[Any], shop_id: uuid.UUID, start: dt.date, end: dt.date, device_id: uuid.UUID | None = None
) -> tuple[ChannelRow, ...]:
    """The shop's sales by channel over the days (of one counter, with `device_id`): a row per channel that sold
    or refunded anything, in the channels' order, as the counter's `channel_rows` gives them."""
    where, extra = _device_filter(device_id)
    sums = {
        str(channel): [int(v) for v in values]
        for channel, *values in conn.execute(
            f"SELECT channel, {', '.join(f'SUM({c})::bigint' for c in _CHANNEL_COLUMNS)} FROM web_day_channels "
            f"WHERE shop_id = %s AND business_date BETWEEN %s AND %s{where} GROUP BY 1",
            (shop_id, start, end, *extra),
        )
    }
    return _channel_rows(shop_data.channels(conn, shop_id) if sums else [], sums)


def _channel_rows(known: Sequence[shop_data.Channel], sums: dict[str, list[int]]) -> tuple[ChannelRow, ...]:
    """Rows of the channels in `sums` (code: figures in the order of `_CHANNEL_COLUMNS`), in the order of `known`;
    a channel the shop's master data does not name (yet) follows, under its code, as on a counter."""
    listed = [(c.code, c.name, c.kind) for c in known]
    codes = {code for code, _name, _kind in listed}
    listed += [(code, code, "") for code in sorted(sums.keys() - codes)]
    rows = []
    for code, name, kind in listed:
        if code in sums:
            sales, goods, fees, total, commission, refunds = sums[code]
            rows.append(ChannelRow(code, name, kind, sales, goods, fees, total, commission, refunds))
    return tuple(rows)


def period_reports(
    conn: Connection[Any], shop_id: uuid.UUID, periods: Sequence[Period]
) -> dict[tuple[uuid.UUID, int], DailyReport]:
    """Each counter's Z report figures added up over each of `periods` (which must not overlap), by (counter,
    index of the period): two queries however long the periods, so a year's page stays quick."""
    if not periods:
        return {}
    bucket = "CASE " + " ".join(f"WHEN business_date BETWEEN %s AND %s THEN {n}" for n in range(len(periods))) + " END"
    bounds = [d for p in periods for d in (p.start, p.end)]
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    sums = conn.execute(
        f"SELECT device_id, {bucket} AS bucket, {', '.join(f'SUM({c})::bigint' for c in _DAY_COLUMNS.split(', '))} "
        "FROM web_days WHERE shop_id = %s AND business_date BETWEEN %s AND %s GROUP BY 1, 2",
        (*bounds, shop_id, first, last),
    ).fetchall()
    methods: dict[tuple[uuid.UUID, int], dict[str, int]] = {}
    for device, n, method, amount in conn.execute(
        f"SELECT device_id, {bucket} AS bucket, method, SUM(amount)::bigint FROM web_day_methods "
        "WHERE shop_id = %s AND business_date BETWEEN %s AND %s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        (*bounds, shop_id, first, last),
    ):
        if n is not None:
            methods.setdefault((device, int(n)), {})[str(method)] = int(amount)
    out = {}
    for device, n, *values in sums:
        if n is not None:
            key = (device, int(n))
            out[key] = _report(periods[int(n)].start, (), methods.get(key, {}), [int(v) for v in values])
    return out


def combine(reports: Iterable[DailyReport], day: dt.date) -> DailyReport:
    """Several Z reports (outlets, counters or days) added up into one, dated `day`. Channels are added up by
    code, in the order of the first report that has each."""
    listed = list(reports)
    by_method: dict[str, int] = {}
    by_channel: dict[str, ChannelRow] = {}
    for report in listed:
        for method, amount in report.by_method.items():
            by_method[method] = by_method.get(method, 0) + amount
        for row in report.by_channel:
            had = by_channel.get(row.channel)
            by_channel[row.channel] = row if had is None else _add_channel(had, row)
    totals = [sum(int(getattr(r, name)) for r in listed) for name in _SUMMED]
    shifts = tuple(s for r in listed for s in r.shifts)
    return _report(day, shifts, dict(sorted(by_method.items())), totals, tuple(by_channel.values()))


def _add_channel(a: ChannelRow, b: ChannelRow) -> ChannelRow:
    summed = (int(getattr(a, c)) + int(getattr(b, c)) for c in _CHANNEL_COLUMNS)
    return ChannelRow(a.channel, a.name, a.kind, *summed)


def _report(
    day: dt.date,
    shifts: tuple[ShiftLine, ...],
    by_method: dict[str, int],
    v: Sequence[int],
    by_channel: tuple[ChannelRow, ...] = (),
) -> DailyReport:
    """A Z report from the sums in the order of `_SUMMED`, with its rows by channel."""
    return DailyReport(
        day=day,
        shifts=shifts,
        sales_count=v[0],
        gross=v[1],
        discounts=v[2],
        ppn=v[3],
        rounding=v[4],
        total=v[5],
        by_method=by_method,
        voids_count=v[6],
        voids_total=v[7],
        refunds_count=v[8],
        refunds_total=v[9],
        refunds_cash=v[10],
        cash_in=v[11],
        cash_out=v[12],
        kasbon_received=v[13],
        kasbon_received_cash=v[14],
        by_channel=by_channel,
        deposits_received=v[15],
        deposits_refunded=v[16],
        deposits_cash=v[17],
    )


def daily_report(conn: Connection[Any], shop_id: uuid.UUID, day: dt.date, timezone: str) -> DailyReport:
    """The shop's Z report of `day`, shifts included: what `laci report daily` prints on its counters."""
    report = day_reports(conn, shop_id, day, day)[day]
    return dataclasses.replace(report, shifts=shifts_on(conn, shop_id, day, timezone))


def _shift_sums(
    conn: Connection[Any], shop_id: uuid.UUID, shift_id: uuid.UUID, opened_at: str, float_: int
) -> ShiftSums:
    p = {"shop": shop_id, "shift": shift_id}
    voided = "EXISTS (SELECT 1 FROM web_voids v WHERE v.shop_id = s.shop_id AND v.sale_id = s.sale_id)"
    sales = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(gross), 0), COALESCE(SUM(discount), 0), COALESCE(SUM(ppn), 0), "
        "COALESCE(SUM(rounding), 0), COALESCE(SUM(total), 0) FROM web_sales s "
        f"WHERE s.shop_id = %(shop)s AND s.shift_id = %(shift)s AND NOT {voided}",
        p,
    ).fetchone()
    by_method = {
        str(m): int(a)
        for m, a in conn.execute(
            "SELECT p.method, SUM(p.amount) FROM web_sale_payments p JOIN web_sales s "
            "ON s.shop_id = p.shop_id AND s.sale_id = p.sale_id "
            f"WHERE s.shop_id = %(shop)s AND s.shift_id = %(shift)s AND NOT {voided} GROUP BY 1 ORDER BY 1",
            p,
        )
    }
    cash_of = (
        "COALESCE((SELECT SUM(p.amount) FROM web_sale_payments p WHERE p.shop_id = s.shop_id "
        "AND p.sale_id = s.sale_id AND p.method = 'cash'), 0)"
    )
    voids = conn.execute(
        f"SELECT COUNT(*), COALESCE(SUM(s.total), 0), COALESCE(SUM({cash_of}), 0) FROM web_voids v "
        "JOIN web_sales s ON s.shop_id = v.shop_id AND s.sale_id = v.sale_id "
        "WHERE v.shop_id = %(shop)s AND v.shift_id = %(shift)s",
        p,
    ).fetchone()
    voided_here = conn.execute(
        f"SELECT COALESCE(SUM({cash_of}), 0) FROM web_sales s WHERE s.shop_id = %(shop)s "
        f"AND s.shift_id = %(shift)s AND {voided}",
        p,
    ).fetchone()
    refunds = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN refund_method = 'cash' THEN amount END), 0) "
        "FROM web_returns WHERE shop_id = %(shop)s AND shift_id = %(shift)s",
        p,
    ).fetchone()
    other = conn.execute(
        "SELECT "
        "(SELECT COALESCE(SUM(amount), 0) FROM web_cash_moves WHERE shop_id = %(shop)s AND shift_id = %(shift)s "
        "AND direction = 'in'), "
        "(SELECT COALESCE(SUM(amount), 0) FROM web_cash_moves WHERE shop_id = %(shop)s AND shift_id = %(shift)s "
        "AND direction = 'out'), "
        "(SELECT COALESCE(SUM(amount), 0) FROM web_party_payments WHERE shop_id = %(shop)s AND shift_id = %(shift)s "
        "AND party_kind = 'customer' AND method = 'cash'), "
        "(SELECT COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount ELSE amount END), 0) FROM web_order_payments "
        "WHERE shop_id = %(shop)s AND shift_id = %(shift)s AND method = 'cash')",
        p,
    ).fetchone()
    assert sales and voids and voided_here and refunds and other
    return ShiftSums(
        shift_id=shift_id.hex,
        opened_at=opened_at,
        opening_float=float_,
        sales=(int(sales[0]), int(sales[1]), int(sales[2]), int(sales[3]), int(sales[4]), int(sales[5])),
        by_method=by_method,
        voids=(int(voids[0]), int(voids[1]), int(voids[2])),
        voided_cash_rung_here=int(voided_here[0]),
        refunds=(int(refunds[0]), int(refunds[1]), int(refunds[2])),
        cash_in=int(other[0]),
        cash_out=int(other[1]),
        kasbon_cash=int(other[2]),
        orders_cash=int(other[3]),
    )


def shifts_on(conn: Connection[Any], shop_id: uuid.UUID, day: dt.date, timezone: str) -> tuple[ShiftLine, ...]:
    """Every shift open at some time of `day` (on the shop's clock), as the Z report lists them: a closed one
    with the figures kept at its close, an open one with its X report as it stands."""
    rows = conn.execute(
        "SELECT s.shift_id, d.code, s.opened_by, s.opened_at, c.closed_at, "
        "(c.closed_at AT TIME ZONE %s)::date, c.counted_cash, c.difference, c.z_report, s.opening_float "
        "FROM web_shifts s LEFT JOIN devices d ON d.shop_id = s.shop_id AND d.device_id = s.device_id "
        "LEFT JOIN web_shift_closes c ON c.shop_id = s.shop_id AND c.shift_id = s.shift_id "
        "WHERE s.shop_id = %s AND s.business_date <= %s "
        "AND (c.closed_at IS NULL OR (c.closed_at AT TIME ZONE %s)::date >= %s) ORDER BY s.opened_at",
        (timezone, shop_id, day, timezone, day),
    ).fetchall()
    users = shop_data.names(shop_data.master(conn, shop_id, "users", {r[2].hex for r in rows}))
    lines = []
    for sid, counter, opened_by, opened_at, closed_at, closed_on, counted, difference, z, float_ in rows:
        opened = opened_at.astimezone(dt.UTC)
        closed = closed_at is not None
        report = (
            ShiftReport(**z)
            if closed
            else shift_figures(_shift_sums(conn, shop_id, sid, opened.isoformat(), int(float_)))
        )
        lines.append(
            ShiftLine(
                sid.hex,
                str(counter or ""),
                users.get(opened_by.hex, ""),
                opened,
                closed_at.astimezone(dt.UTC) if closed else None,
                closed_on if closed else None,
                report,
                int(counted) if closed else None,
                int(difference) if closed else None,
            )
        )
    return tuple(lines)


def local_hour(utc_hour: int, timezone: str, day: dt.date) -> int:
    """The shop's hour of a UTC hour: Indonesian zones keep no daylight saving and are whole hours from UTC."""
    offset = zone(timezone).utcoffset(dt.datetime.combine(day, dt.time(12)))
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return (utc_hour * 60 + minutes) // 60 % 24


def by_hour(
    conn: Connection[Any], shop_ids: Sequence[uuid.UUID], timezones: Sequence[str], start: dt.date, end: dt.date
) -> tuple[HourFigures, ...]:
    """Sales and revenue (after discounts, without PPN) by the shop's hour over the days, voided sales left out,
    with what customers owed for them (the takings, which add up to the day's)."""
    sales = [0] * HOURS
    revenue = [0] * HOURS
    takings = [0] * HOURS
    for shop_id, timezone in zip(shop_ids, timezones, strict=True):
        conn.execute("SELECT set_config('laci.shop_id', %s, true)", (str(shop_id),))
        for hour, n, amount, owed in conn.execute(
            "SELECT utc_hour, SUM(sales)::bigint, SUM(revenue)::bigint, SUM(takings)::bigint FROM web_day_hours "
            "WHERE shop_id = %s AND business_date BETWEEN %s AND %s GROUP BY 1",
            (shop_id, start, end),
        ):
            local = local_hour(int(hour), timezone, start)
            sales[local] += int(n)
            revenue[local] += int(amount)
            takings[local] += int(owed)
    return tuple(HourFigures(h, sales[h], revenue[h], takings[h]) for h in range(HOURS))


def gross_profit(
    conn: Connection[Any], shop_id: uuid.UUID, start: dt.date, end: dt.date, device_id: uuid.UUID | None = None
) -> tuple[int, int]:
    """Net sales (sales revenue less discounts and returns, without PPN) and HPP booked over the days."""
    where, extra = _device_filter(device_id)
    revenue, cogs = conn.execute(
        "SELECT COALESCE(SUM(CASE WHEN account_code = ANY(%s) THEN credit - debit ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN account_code = ANY(%s) THEN debit - credit ELSE 0 END), 0) FROM web_day_accounts "
        f"WHERE shop_id = %s AND business_date BETWEEN %s AND %s{where}",
        (list(accounts.SALES_REVENUE_ACCOUNTS), list(accounts.COST_OF_SALES_ACCOUNTS), shop_id, start, end, *extra),
    ).fetchone() or (0, 0)
    return int(revenue), int(cogs)

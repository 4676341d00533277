"""The owner's lists, read from the read models: stock running low, kasbon to collect, and each counter's sync.

Stock on hand is the sum of the shop's stock movements, as on every counter; a product is running low when it
is active, has a low-stock level and stands at or below it (emptiest first, as the counter's dashboard lists
them). What customers owe is aged with the core's own rule over their Piutang lines.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from psycopg import Connection

from pos.cloud.web import shop_data
from pos.ledger.people.kasbon import Ageing, TabLine, age_tabs
from pos.ledger.stock.stock_levels import StockLine


def low_stock(conn: Connection[Any], shop_id: uuid.UUID) -> list[StockLine]:
    """Active products at or below their low-stock level (those with a level set), emptiest first."""
    rows = conn.execute(
        "SELECT p.product_id, p.name, p.unit, COALESCE(s.qty_milli, 0), COALESCE(s.value, 0), p.low_stock_milli "
        "FROM web_products p LEFT JOIN web_stock s ON s.shop_id = p.shop_id AND s.product_id = p.product_id "
        "WHERE p.shop_id = %s AND p.low_stock_milli > 0 AND p.is_active "
        "AND COALESCE(s.qty_milli, 0) <= p.low_stock_milli",
        (shop_id,),
    ).fetchall()
    lines = [StockLine(r[0], str(r[1]), str(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows]
    # The counter orders by the share of the level left, in floating point, then by name.
    return sorted(lines, key=lambda x: (x.qty_milli * 1.0 / x.low_stock_milli, x.name))


def kasbon_due(conn: Connection[Any], shop_id: uuid.UUID, as_of: dt.date) -> list[Ageing]:
    """What each customer owes at the end of `as_of`, oldest debt first (as the counter's dashboard lists it)."""
    rows = conn.execute(
        "SELECT party_id, business_date, debit, credit FROM web_receivables WHERE shop_id = %s AND business_date <= %s "
        "ORDER BY party_id, business_date, created_at",
        (shop_id, as_of),
    )
    aged = age_tabs((TabLine(r[0], r[1], int(r[2]), int(r[3])) for r in rows), as_of)
    customers = shop_data.master(conn, shop_id, "customers", {pid.hex for pid in aged})
    out = []
    for pid, (buckets, oldest) in aged.items():
        found = customers.get(pid.hex)
        if found is None:
            continue  # as on a counter: a customer it has not heard of yet is not listed
        out.append(
            Ageing(
                pid,
                str(found.get("name") or ""),
                str(found.get("phone") or ""),
                int(found.get("credit_limit") or 0),
                buckets,
                oldest,
            )
        )
    return sorted(out, key=lambda a: (a.oldest or as_of, -a.total, a.name))


@dataclass(frozen=True, slots=True)
class CounterSync:
    counter: shop_data.Counter
    last_event: dt.datetime | None  # when the service last received an event from it
    last_pull: dt.datetime | None  # when it last fetched the others' events
    waiting: int | None  # events it said it still had to send at its last pull
    silent: bool  # quiet for longer than the owner's setting

    @property
    def last_seen(self) -> dt.datetime | None:
        seen = [t for t in (self.last_event, self.last_pull) if t is not None]
        return max(seen) if seen else None


def silent_minutes(conn: Connection[Any], shop_id: uuid.UUID) -> int:
    row = conn.execute("SELECT silent_minutes FROM web_shop_settings WHERE shop_id = %s", (shop_id,)).fetchone()
    return int(row[0]) if row else DEFAULT_SILENT_MINUTES


DEFAULT_SILENT_MINUTES = 120


def set_silent_minutes(conn: Connection[Any], shop_id: uuid.UUID, minutes: int) -> None:
    conn.execute(
        "INSERT INTO web_shop_settings (shop_id, silent_minutes) VALUES (%s, %s) "
        "ON CONFLICT (shop_id) DO UPDATE SET silent_minutes = excluded.silent_minutes",
        (shop_id, minutes),
    )


def counter_syncs(conn: Connection[Any], shop_id: uuid.UUID, now: dt.datetime) -> list[CounterSync]:
    """Every counter of the shop that is not revoked, with its last contact; red when quiet too long."""
    limit = dt.timedelta(minutes=silent_minutes(conn, shop_id))
    seen = {
        r[0]: (r[1], int(r[2]))
        for r in conn.execute("SELECT device_id, seen_at, waiting FROM web_device_seen WHERE shop_id = %s", (shop_id,))
    }
    out = []
    for counter in shop_data.counters(conn, shop_id):
        if counter.revoked:
            continue
        # The device's newest event is the one at its acknowledged sequence (found by the unique index).
        row = conn.execute(
            "SELECT e.received_at FROM devices d JOIN events e ON e.shop_id = d.shop_id AND e.device_id = d.device_id "
            "AND e.device_seq = d.acked_seq WHERE d.shop_id = %s AND d.device_id = %s",
            (shop_id, counter.device_id),
        ).fetchone()
        last_event = row[0] if row else None
        pull, waiting = seen.get(counter.device_id, (None, None))
        state = CounterSync(counter, last_event, pull, waiting, False)
        last = state.last_seen
        out.append(CounterSync(counter, last_event, pull, waiting, last is None or now - last > limit))
    return out

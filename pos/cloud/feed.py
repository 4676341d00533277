"""What counters and the owner read from the cloud: the shop's events in order, a snapshot, daily totals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pos.cloud.auth import Caller
from pos.cloud.db import CloudDB


class SnapshotRequired(Exception):
    """The cursor points at events that were compacted away; the counter must start from a snapshot."""


@dataclass(frozen=True, slots=True)
class Page:
    events: list[dict[str, Any]]
    last_seq: int  # the shop's newest server sequence
    more: bool
    device_acked: int  # how much of the caller's own log the cloud holds (less after a restore from backup)
    checked_from: int  # events below this were stored before the service checked authority


def pull(db: CloudDB, caller: Caller, after: int, limit: int) -> Page:
    """Events of the caller's shop with a server sequence above `after`, oldest first; refused ones left out."""
    with db.transaction(caller.shop_id) as conn:
        shop = conn.execute(
            "SELECT last_seq, pruned_before, checked_from FROM shops WHERE shop_id = %s", (caller.shop_id,)
        ).fetchone()
        assert shop is not None
        if after + 1 < int(shop[1]):
            raise SnapshotRequired
        acked = conn.execute(
            "SELECT acked_seq FROM devices WHERE shop_id = %s AND device_id = %s", (caller.shop_id, caller.device_id)
        ).fetchone()
        rows = conn.execute(
            "SELECT server_seq, device_id, device_seq, event_id, kind, schema_version, payload, created_at "
            "FROM events WHERE shop_id = %s AND server_seq > %s AND rejected IS NULL "
            "ORDER BY server_seq LIMIT %s",
            (caller.shop_id, after, limit + 1),
        ).fetchall()
    more = len(rows) > limit
    events = [
        {
            "server_seq": r[0],
            "device_id": r[1].hex,
            "device_seq": r[2],
            "id": r[3].hex,
            "kind": r[4],
            "schema_version": r[5],
            "payload": r[6],
            "created_at": r[7].isoformat(),
        }
        for r in rows[:limit]
    ]
    last = events[-1]["server_seq"] if more else int(shop[0])
    return Page(events, last, more, int(acked[0]) if acked else 0, int(shop[2]))


def snapshot(db: CloudDB, caller: Caller) -> dict[str, Any]:
    """The shop's merged master data now, as change events, and the server sequence it stands at."""
    with db.transaction(caller.shop_id) as conn:
        last = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s", (caller.shop_id,)).fetchone()
        rows = conn.execute(
            "SELECT entity, key, field, value, hlc FROM master_state WHERE shop_id = %s ORDER BY entity, key, field",
            (caller.shop_id,),
        ).fetchall()
    assert last is not None
    # One change per row, each field with its own stamp: a row must arrive whole (a customer with its name).
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, key, field, value, stamp in rows:
        change = grouped.setdefault((entity, key), {"entity": entity, "key": key, "fields": {}, "hlcs": {}, "hlc": ""})
        change["fields"][field] = value
        change["hlcs"][field] = stamp
        change["hlc"] = max(change["hlc"], stamp)
    return {"last_seq": int(last[0]), "changes": list(grouped.values())}


def daily_totals(db: CloudDB, caller: Caller, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Takings per day, counter and payment method: the ground for the owner's web dashboard."""
    with db.transaction(caller.shop_id) as conn:
        rows = conn.execute(
            "SELECT t.business_date, d.code, t.method, t.amount, t.sales FROM daily_totals t "
            "JOIN devices d ON d.shop_id = t.shop_id AND d.device_id = t.device_id "
            "WHERE t.shop_id = %s AND t.business_date BETWEEN %s AND %s "
            "ORDER BY t.business_date, d.code, t.method",
            (caller.shop_id, start, end),
        ).fetchall()
    return [
        {"date": r[0].isoformat(), "counter": r[1], "method": r[2], "amount": int(r[3]), "sales": int(r[4])}
        for r in rows
    ]


def devices(db: CloudDB, caller: Caller) -> list[dict[str, Any]]:
    with db.transaction(caller.shop_id) as conn:
        rows = conn.execute(
            "SELECT device_id, code, name, owner, acked_seq, revoked_at FROM devices WHERE shop_id = %s ORDER BY code",
            (caller.shop_id,),
        ).fetchall()
    return [
        {
            "device_id": r[0].hex,
            "code": r[1],
            "name": r[2],
            "owner": r[3],
            "role": "owner" if r[3] else "counter",
            "acked_seq": r[4],
            "revoked": r[5] is not None,
        }
        for r in rows
    ]


def refusals(db: CloudDB, caller: Caller, after: int, limit: int) -> list[dict[str, Any]]:
    """Events of the shop the service refused, with why: for the owner, whatever device sent them."""
    with db.transaction(caller.shop_id) as conn:
        rows = conn.execute(
            "SELECT server_seq, device_id, device_seq, payload, rejected, received_at FROM events "
            "WHERE shop_id = %s AND server_seq > %s AND rejected IS NOT NULL ORDER BY server_seq LIMIT %s",
            (caller.shop_id, after, limit),
        ).fetchall()
    found = []
    for seq, device_id, device_seq, payload, reason, received in rows:
        why = payload.get("why") if isinstance(payload, dict) else None
        found.append(
            {
                "server_seq": seq,
                "device_id": device_id.hex,
                "device_seq": device_seq,
                "kind": "refused",
                "reason": reason,
                "msgid": why.get("msgid", reason) if isinstance(why, dict) else reason,
                "params": why.get("params", {}) if isinstance(why, dict) else {},
                "received_at": received.isoformat(),
            }
        )
    return found


def device_log(db: CloudDB, caller: Caller, limit: int = 200) -> list[dict[str, Any]]:
    """Enrolments, replacements, revocations and refused takeovers, newest first."""
    with db.transaction(caller.shop_id) as conn:
        rows = conn.execute(
            "SELECT l.at, l.device_id, d.code, l.action, l.by_device, l.detail FROM device_log l "
            "LEFT JOIN devices d ON d.shop_id = l.shop_id AND d.device_id = l.device_id "
            "WHERE l.shop_id = %s ORDER BY l.at DESC LIMIT %s",
            (caller.shop_id, limit),
        ).fetchall()
    return [
        {
            "at": r[0].isoformat(),
            "device_id": r[1].hex,
            "code": r[2],
            "action": r[3],
            "by_device": r[4].hex if r[4] else None,
            "detail": r[5],
        }
        for r in rows
    ]

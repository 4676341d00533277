"""Taking a counter's pushed events: idempotent, ordered per device, numbered gap-free per shop.

One transaction per push: the shop row is locked so server sequence numbers are handed out without gaps, each
event is stored once (`ON CONFLICT DO NOTHING` on shop, device and device sequence), and the answer is the
highest contiguous device sequence now stored. A lost answer or a retry is harmless: resent events are ignored
and the same number comes back. Events that cannot be applied are kept with the reason (so the device's
sequence stays whole) and are never handed to other counters.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import orjson
from psycopg import Connection
from psycopg.types.json import Jsonb, set_json_dumps

from pos.cloud.auth import Caller
from pos.cloud.db import CloudDB
from pos.ledger.base.hlc import clamp
from pos.ledger.replication.changes import ENTITIES, FACT_TABLES
from pos.ledger.schema import metadata

# Payloads are re-encoded for JSONB on every push; orjson does it several times faster than the json module.
set_json_dumps(orjson.dumps)

SUPPORTED_SCHEMA: Final = (1,)
MAX_KIND: Final = 40
MAX_SEQ: Final = 2**63 - 1  # bigint
MAX_VERSION: Final = 2**31 - 1  # integer
MAX_PAID: Final = 10**12  # rupiah in one event's payments: a thousand such pushes still fit a day's bigint total
_EVENT_FIELDS: Final = frozenset({"id", "device_seq", "kind", "schema_version", "payload", "created_at"})
MAX_CLOCK_AHEAD: Final = dt.timedelta(minutes=5)
DEVICE_TABLES: Final = ("journal_entries", "audit_log", "sales", "shifts")  # rows that name the device writing them


@dataclass(frozen=True, slots=True)
class Incoming:
    event_id: uuid.UUID
    device_seq: int
    kind: str
    schema_version: int
    payload: dict[str, Any]
    created_at: dt.datetime


@dataclass
class PushResult:
    acked: int
    gap_at: int | None = None  # the device sequence the server is missing, when a gap stopped the push
    rejected: list[tuple[int, str]] = field(default_factory=list)


_STAMP = re.compile(r"^\d{13}-\d{5}-[0-9a-f]{0,32}$")
_SCALARS = (str, int, float, bool, type(None))
_KIND = re.compile(r"^(change|[a-z]{2,20}\.[a-z_]{2,20})$")


def _columns(table: str) -> frozenset[str]:
    return frozenset(c.name for c in metadata.tables[table].columns)


def _check_change(payload: dict[str, Any]) -> str | None:
    """Why one change of master data cannot be applied, or None."""
    entity = payload.get("entity")
    if entity not in ENTITIES:
        return f"unknown entity {entity!r}"
    fields = payload.get("fields")
    if not isinstance(fields, dict) or not fields or set(fields) - set(ENTITIES[str(entity)][2]):
        return "unknown fields"
    if not all(isinstance(v, _SCALARS) for v in fields.values()):
        return "field values must be plain values"
    stamp, key = payload.get("hlc"), payload.get("key")
    if not isinstance(stamp, str) or not _STAMP.match(stamp) or not isinstance(key, str) or not key:
        return "missing key or clock"
    return None


def check_event(event: Incoming, device_id: uuid.UUID) -> str | None:
    """Why an event cannot be applied by other counters, or None when it can."""
    if event.schema_version not in SUPPORTED_SCHEMA:
        return f"unsupported schema version {event.schema_version}"
    if not _KIND.match(event.kind):
        return "unknown kind of event"
    payload = event.payload
    try:
        encoded = orjson.dumps(payload)  # refuses lone surrogates, which PostgreSQL cannot store
    except orjson.JSONEncodeError:
        return "text that is not valid Unicode"
    if b"\\u0000" in encoded:
        return "text with NUL characters"
    if event.kind == "changes":
        items = payload.get("items")
        if not isinstance(items, list) or not items:
            return "a batch of changes needs its items"
        for item in items:
            if not isinstance(item, dict) or set(item) != {"key", "fields"}:
                return "a batch of changes needs its items"
            reason = _check_change({"entity": payload.get("entity"), "hlc": payload.get("hlc"), **item})
            if reason:
                return reason
        return None
    if event.kind == "change":
        return _check_change(payload)
    rows = payload.get("rows")

    if not isinstance(rows, dict) or not rows:
        return "an event carries rows or a change"
    unknown = set(rows) - set(FACT_TABLES)
    if unknown:
        return f"unknown tables {sorted(unknown)}"
    for table, batch in rows.items():
        if not isinstance(batch, list):
            return f"{table} must be a list of rows"
        columns = _columns(table)
        for row in batch:
            if not isinstance(row, dict) or not row or set(row) - columns:
                return f"{table} rows must name only its columns"
            if not all(isinstance(v, _SCALARS) for v in row.values()):
                return f"{table} rows must hold plain values"
    for table in DEVICE_TABLES:
        for row in rows.get(table, []):
            if row.get("device_id") != device_id.hex:
                return f"{table} row written for another device"
    for sale in rows.get("sales", []):
        if not isinstance(sale.get("id"), str) or not isinstance(sale.get("business_date"), str):
            return "a sale needs its id and business date"
        try:
            uuid.UUID(hex=sale["id"])
            dt.date.fromisoformat(sale["business_date"])
        except ValueError:
            return "a sale needs its id and business date"
    for void in rows.get("sale_voids", []):
        try:
            uuid.UUID(hex=str(void.get("sale_id")))
        except ValueError:
            return "a void needs the sale it cancels"
    paid = 0
    for payment in rows.get("sale_payments", []):
        if not isinstance(payment.get("amount"), int) or not isinstance(payment.get("method"), str):
            return "a payment needs its method and amount"
        paid += abs(payment["amount"])
    if paid > MAX_PAID:
        # No shop takes this much in one event; summed into the daily totals it would overflow their column.
        return "payments beyond what one event can hold"
    return None


def _clamp_change(event: Incoming, now: dt.datetime) -> dict[str, Any]:
    payload = dict(event.payload)
    stamp = str(payload["hlc"])
    clamped = clamp(stamp, now, MAX_CLOCK_AHEAD)
    if clamped != stamp:
        # A counter whose clock runs ahead would otherwise win every edit until real time catches up.
        payload["hlc"] = clamped
        payload["clamped_from"] = stamp
    return payload


def push(db: CloudDB, caller: Caller, events: Sequence[Incoming]) -> PushResult:
    now = dt.datetime.now(dt.UTC)
    with db.transaction(caller.shop_id) as conn:
        shop = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s FOR UPDATE", (caller.shop_id,)).fetchone()
        assert shop is not None
        last_seq = int(shop[0])
        device = conn.execute(
            "SELECT acked_seq FROM devices WHERE shop_id = %s AND device_id = %s FOR UPDATE",
            (caller.shop_id, caller.device_id),
        ).fetchone()
        assert device is not None
        acked = int(device[0])
        result = PushResult(acked)
        rows = []
        index = Index(caller)
        for event in sorted(events, key=lambda e: e.device_seq):
            if event.device_seq <= acked:
                continue  # stored by an earlier push whose answer was lost
            if event.device_seq != acked + 1:
                result.gap_at = acked + 1
                break
            reason = check_event(event, caller.device_id)
            if reason is not None:
                # Only the reason is kept: the payload may hold what PostgreSQL cannot store (NUL, bad Unicode).
                payload: dict[str, Any] = {"refused": reason}
            elif event.kind in ("change", "changes"):
                payload = _clamp_change(event, now)
            else:
                payload = event.payload
            last_seq += 1
            acked = event.device_seq
            rows.append(
                (
                    caller.shop_id,
                    last_seq,
                    caller.device_id,
                    event.device_seq,
                    event.event_id,
                    event.kind if reason is None else "refused",
                    event.schema_version,
                    Jsonb(payload),
                    event.created_at,
                    reason,
                )
            )
            if reason is not None:
                result.rejected.append((event.device_seq, reason))
            else:
                index.add(event.kind, payload)
        if rows:
            _store(conn, rows)
            index.write(conn)
            conn.execute("UPDATE shops SET last_seq = %s WHERE shop_id = %s", (last_seq, caller.shop_id))
            conn.execute(
                "UPDATE devices SET acked_seq = %s WHERE shop_id = %s AND device_id = %s",
                (acked, caller.shop_id, caller.device_id),
            )
        result.acked = acked
    return result


_COLUMNS: Final = (
    "shop_id, server_seq, device_id, device_seq, event_id, kind, schema_version, payload, created_at, rejected"
)


def _store(conn: Connection[Any], rows: list[tuple[Any, ...]]) -> None:
    """Write a push's events: COPY into a staging table, then one INSERT that keeps the first copy of each.

    COPY moves hundreds of events in one round trip; the INSERT ... ON CONFLICT DO NOTHING keeps the store
    idempotent even if two pushes of the same device ever raced past the device-row lock.
    """
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (LIKE events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
    with conn.cursor() as cur, cur.copy(f"COPY incoming ({_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    conn.execute(
        f"INSERT INTO events ({_COLUMNS}) SELECT {_COLUMNS} FROM incoming "
        "ON CONFLICT (shop_id, device_id, device_seq) DO NOTHING"
    )


class Index:
    """The owner's view and the master-data state, gathered over a push and written in a few statements."""

    def __init__(self, caller: Caller) -> None:
        self.caller = caller
        self.sales: list[tuple[Any, ...]] = []
        self.voids: list[uuid.UUID] = []
        self.totals: dict[tuple[str, uuid.UUID, str], list[int]] = {}
        self.changes: list[dict[str, Any]] = []

    def add(self, kind: str, payload: dict[str, Any]) -> None:
        if kind == "change":
            self.changes.append(payload)
            return
        if kind == "changes":
            for item in payload["items"]:
                self.changes.append(
                    {"entity": payload["entity"], "key": item["key"], "fields": item["fields"], "hlc": payload["hlc"]}
                )
            return
        rows = payload.get("rows", {})
        for sale in rows.get("sales", []):
            methods: dict[str, int] = {}
            for p in rows.get("sale_payments", []):
                if p.get("sale_id") == sale["id"]:
                    methods[p["method"]] = methods.get(p["method"], 0) + int(p["amount"])
            self.sales.append(
                (
                    self.caller.shop_id,
                    uuid.UUID(hex=sale["id"]),
                    self.caller.device_id,
                    sale["business_date"],
                    Jsonb(methods),
                )
            )
            self._count(sale["business_date"], self.caller.device_id, methods, 1)
        self.voids += [uuid.UUID(hex=v["sale_id"]) for v in rows.get("sale_voids", [])]

    def _count(self, day: str, device_id: uuid.UUID, methods: dict[str, int], sales: int) -> None:
        for method, amount in methods.items():
            entry = self.totals.setdefault((day, device_id, method), [0, 0])
            entry[0] += amount
            entry[1] += sales

    def write(self, conn: Connection[Any]) -> None:
        shop = self.caller.shop_id
        with conn.cursor() as cur:
            if self.sales:
                cur.executemany(
                    "INSERT INTO sales_index (shop_id, sale_id, device_id, business_date, payments) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    self.sales,
                )
            for sale_id in self.voids:  # after the sales: a sale and its void may come in the same push
                found = cur.execute(
                    "UPDATE sales_index SET voided = true WHERE shop_id = %s AND sale_id = %s AND NOT voided "
                    "RETURNING device_id, business_date, payments",
                    (shop, sale_id),
                ).fetchone()
                if found is not None:
                    self._count(str(found[1]), found[0], {k: -v for k, v in found[2].items()}, -1)
            if self.totals:
                cur.executemany(
                    "INSERT INTO daily_totals (shop_id, business_date, device_id, method, amount, sales) "
                    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (shop_id, business_date, device_id, method) "
                    "DO UPDATE SET amount = daily_totals.amount + excluded.amount, "
                    "sales = daily_totals.sales + excluded.sales",
                    [(shop, day, device, method, a, n) for (day, device, method), (a, n) in self.totals.items()],
                )
        for change in self.changes:
            _merge_master(conn, shop, change)


def _merge_master(conn: Connection[Any], shop_id: uuid.UUID, payload: dict[str, Any]) -> None:
    # The same last-writer-wins rule the counters apply, so a snapshot equals what a counter converges to.
    for name, value in payload["fields"].items():
        conn.execute(
            "INSERT INTO master_state (shop_id, entity, key, field, value, hlc) VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (shop_id, entity, key, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc "
            "WHERE master_state.hlc < excluded.hlc",
            (shop_id, payload["entity"], payload["key"], name, Jsonb(value), payload["hlc"]),
        )


def _whole(number: Any) -> Any:
    # JSON has one kind of number: 3.0 is the whole number 3 (JSON Schema's "integer" says so too).
    if type(number) is float and number.is_integer() and abs(number) < 2**63:
        return int(number)
    return number


def _event(item: Any) -> Incoming:
    if not isinstance(item, dict) or set(item) != _EVENT_FIELDS:
        raise ValueError(f"an event has exactly the fields {sorted(_EVENT_FIELDS)}")
    payload, kind = item["payload"], item["kind"]
    seq, version = _whole(item["device_seq"]), _whole(item["schema_version"])
    if isinstance(payload, str):
        payload = orjson.loads(payload)
    if not isinstance(payload, dict):
        raise ValueError("payload must be an object")
    # The bounds are those of the columns they are stored in: beyond them PostgreSQL would refuse the whole push.
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
        raise ValueError(f"device_seq must be a whole number from 1 to {MAX_SEQ}")
    if type(version) is not int or not -MAX_VERSION - 1 <= version <= MAX_VERSION:
        raise ValueError(f"schema_version must be a whole number of at most {MAX_VERSION}")
    if not isinstance(kind, str) or not kind or len(kind) > MAX_KIND:
        raise ValueError(f"kind must be text of 1 to {MAX_KIND} characters")
    created = dt.datetime.fromisoformat(str(item["created_at"]))
    if created.tzinfo is None:
        raise ValueError("created_at needs its time zone")
    try:
        # In UTC: PostgreSQL takes offsets up to 15:59 only, where an ISO time may carry up to 23:59.
        created = created.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError("created_at is out of range") from None
    return Incoming(uuid.UUID(str(item["id"])), seq, kind, version, payload, created)


def parse_events(raw: Sequence[Any]) -> list[Incoming]:
    """Events from a push body; a malformed one raises ValueError (the whole request is refused)."""
    return [_event(item) for item in raw]


def parse_push(body: bytes, max_batch: int) -> list[Incoming]:
    """A push request's body (`{"events": [...]}`) parsed with orjson: twice as fast as a pydantic model for the
    hundreds of events of a push, which matters since ingest is the service's hot path."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as err:
        raise ValueError(f"the body is not JSON: {err}") from None
    if not isinstance(data, dict) or set(data) != {"events"} or not isinstance(data["events"], list):
        raise ValueError('the body is {"events": [...]}')
    if len(data["events"]) > max_batch:
        raise ValueError(f"at most {max_batch} events in one push")
    try:
        return parse_events(data["events"])
    except (KeyError, TypeError, orjson.JSONDecodeError) as err:
        raise ValueError(f"a malformed event: {err}") from None

"""Taking a counter's pushed events: checked, idempotent, ordered per device, numbered gap-free per shop.

One transaction per push: the shop row is locked so server sequence numbers are handed out without gaps, each
event is stored once (`ON CONFLICT DO NOTHING` on shop, device and device sequence), and the answer is the
highest contiguous device sequence now stored. A lost answer or a retry is harmless: resent events are ignored
and the same number comes back.

Every event is checked before it is stored, with the core's own rules: its shape (`pos.ledger.replication.event_rules`),
whether the sending device may make it (`pos.ledger.replication.authority`, with the device taken from its token), and
whether what it refers to is already in the shop's log (`known_rows`, `master_state`). An event that fails is
kept with its reason (so the device's sequence stays whole), reported in the answer and to the owner
(`/v1/refusals`), and never handed to other counters.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import orjson
from psycopg import Connection
from psycopg.types.json import Jsonb, set_json_dumps

from pos.cloud.auth import Caller
from pos.cloud.db import CloudDB
from pos.cloud.witness import observe
from pos.i18n import N_
from pos.ledger.base.hlc import clamp
from pos.ledger.replication import authority, event_rules
from pos.ledger.replication.authority import Refusal

# Payloads are re-encoded for JSONB on every push; orjson does it several times faster than the json module.
set_json_dumps(orjson.dumps)

SUPPORTED_SCHEMA: Final = (1,)
MAX_KIND: Final = 40
MAX_SEQ: Final = 2**63 - 1  # bigint
MAX_VERSION: Final = 2**31 - 1  # integer
_EVENT_FIELDS: Final = frozenset({"id", "device_seq", "kind", "schema_version", "payload", "created_at"})
# A stamp ahead of the service's clock is pulled back to it: a counter whose clock ran ahead must not win the
# edits made after its own in real time (the counter then pulls its own clock back too: `hlc.pull_back`).
MAX_CLOCK_AHEAD: Final = dt.timedelta(0)
CHANGE_KINDS: Final = ("change", "changes")


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


@dataclass
class Sender:
    caller: Caller
    code: str  # the counter code it enrolled with
    joined_seq: int  # its events up to this one were written before it joined the shop
    journal: tuple[int, str]  # the last entry of its journal the shop holds: (sequence, hash)


def _changes(kind: str, payload: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    if kind == "change":
        return [(payload["entity"], str(payload["key"]), payload["fields"])]
    return [(payload["entity"], str(item["key"]), item["fields"]) for item in payload["items"]]


def check_event(event: Incoming, caller: Caller) -> Refusal | event_rules.Needs:
    """Why an event cannot be stored whatever the shop holds, or what it needs from the shop's log. Run before the
    push takes its locks: it is most of a push's work, and pushes of other counters need not wait for it."""
    if event.schema_version not in SUPPORTED_SCHEMA:
        return Refusal(N_("Unsupported schema version {version}."), {"version": event.schema_version})
    try:
        encoded = orjson.dumps(event.payload)  # refuses lone surrogates, which PostgreSQL cannot store
    except orjson.JSONEncodeError:
        return Refusal(N_("Text that is not valid Unicode."))
    if b"\\u0000" in encoded:
        return Refusal(N_("Text with NUL characters."))
    origin = caller.device_id.hex
    found = event_rules.check(event.kind, event.payload, origin, owner=caller.owner)
    if isinstance(found, Refusal):
        return found
    refused = authority.fact_refusal(event.kind, origin_is_owner=caller.owner)
    for entity, key, fields in _changes(event.kind, event.payload) if event.kind in CHANGE_KINDS else []:
        refused = refused or authority.refusal(entity, key, fields, origin=origin, origin_is_owner=caller.owner)
    return refused or found


def _as_sender(event: Incoming, verdict: Refusal | event_rules.Needs, sender: Sender) -> Refusal | None:
    """What the sender's own record adds: the code it enrolled with, and the changes made before it joined."""
    if isinstance(verdict, Refusal):
        if event.device_seq <= sender.joined_seq and event.kind in CHANGE_KINDS:
            return Refusal(
                N_("Made on this counter before it joined the shop, whose own data stays: {why}"),
                {"why": verdict.text()},
            )
        return verdict
    origin = sender.caller.device_id.hex
    for entity, key, fields in _changes(event.kind, event.payload) if event.kind in CHANGE_KINDS else []:
        if entity == "devices" and key == origin and fields.get("code", sender.code) != sender.code:
            return Refusal(N_("A counter keeps the code it enrolled with ({code})."), {"code": sender.code})
    return None


def _present(
    conn: Connection[Any], shop_id: uuid.UUID, needs: Sequence[event_rules.Needs]
) -> tuple[set[Any], set[Any]]:
    """Which of the facts and master rows these events name are already in the shop's log."""
    facts = {f for n in needs for f in (*n.facts, *n.new_facts)}
    master = {m for n in needs for m in n.master}
    known_facts: set[Any] = set()
    known_master: set[Any] = set()
    if facts:
        kinds, keys = zip(*facts, strict=True)
        rows = conn.execute(
            "SELECT k.kind, k.key FROM known_rows k JOIN unnest(%s::text[], %s::text[]) AS w(kind, key) "
            "ON k.kind = w.kind AND k.key = w.key WHERE k.shop_id = %s",
            (list(kinds), list(keys), shop_id),
        ).fetchall()
        known_facts = {(r[0], r[1]) for r in rows}
    if master:
        entities, keys = zip(*master, strict=True)
        rows = conn.execute(
            "SELECT DISTINCT m.entity, m.key FROM master_state m "
            "JOIN unnest(%s::text[], %s::text[]) AS w(entity, key) ON m.entity = w.entity AND m.key = w.key "
            "WHERE m.shop_id = %s",
            (list(entities), list(keys), shop_id),
        ).fetchall()
        known_master = {(r[0], r[1]) for r in rows}
    return known_facts, known_master


def _stamp_clamper(now: dt.datetime) -> Any:
    floor = ""

    def pull_back(event: Incoming) -> dict[str, Any]:
        nonlocal floor
        payload = dict(event.payload)
        stamp = str(payload["hlc"])
        clamped = clamp(stamp, now, MAX_CLOCK_AHEAD, floor)
        if clamped != stamp:
            # A counter whose clock runs ahead would otherwise win every edit until real time catches up.
            payload["hlc"] = clamped
            payload["clamped_from"] = stamp
        floor = max(floor, clamped)
        return payload

    return pull_back


def push(db: CloudDB, caller: Caller, events: Sequence[Incoming], now: dt.datetime | None = None) -> PushResult:
    now = now or dt.datetime.now(dt.UTC)
    verdicts = {id(event): check_event(event, caller) for event in events}
    with db.transaction(caller.shop_id) as conn:
        shop = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s FOR UPDATE", (caller.shop_id,)).fetchone()
        assert shop is not None
        last_seq = int(shop[0])
        device = conn.execute(
            "SELECT acked_seq, code, joined_seq, journal_seq, journal_hash FROM devices "
            "WHERE shop_id = %s AND device_id = %s FOR UPDATE",
            (caller.shop_id, caller.device_id),
        ).fetchone()
        assert device is not None
        acked = int(device[0])
        sender = Sender(caller, str(device[1]), int(device[2]), (int(device[3]), str(device[4])))
        journal_before = sender.journal
        result = PushResult(acked)
        run: list[Incoming] = []
        for event in sorted(events, key=lambda e: e.device_seq):
            if event.device_seq <= acked + len(run):
                continue  # stored by an earlier push whose answer was lost, or sent twice in this one
            if event.device_seq != acked + len(run) + 1:
                result.gap_at = acked + len(run) + 1
                break
            run.append(event)
        checked = [(event, verdicts[id(event)]) for event in run]
        known_facts, known_master = _present(
            conn, caller.shop_id, [v for _e, v in checked if isinstance(v, event_rules.Needs)]
        )
        rows = []
        index = Index(caller)
        pull_back = _stamp_clamper(now)
        for event, verdict in checked:
            reason = _as_sender(event, verdict, sender)
            if reason is None and isinstance(verdict, event_rules.Needs):
                reason = _missing(verdict, known_facts, known_master) or _follows(sender, verdict.chain)
            if reason is not None:
                # Only the reason is kept: the payload may hold what PostgreSQL cannot store (NUL, bad Unicode),
                # and so may the parts of it the reason names.
                reason = _storable(reason)
                payload: dict[str, Any] = {
                    "refused": reason.text(),
                    "why": {"msgid": reason.msgid, "params": reason.params},
                }
            else:
                assert isinstance(verdict, event_rules.Needs)
                known_facts |= verdict.new_facts
                known_master |= verdict.new_master
                index.known |= verdict.new_facts
                payload = pull_back(event) if event.kind in CHANGE_KINDS else event.payload
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
                    None if reason is None else reason.text()[:500],
                )
            )
            if reason is not None:
                result.rejected.append((event.device_seq, reason.text()))
            else:
                index.add(event.kind, payload)
        if rows:
            _store(conn, rows)
            index.write(conn)
            observe(conn, caller, [row[7].obj for row in rows if row[9] is None])
            conn.execute("UPDATE shops SET last_seq = %s WHERE shop_id = %s", (last_seq, caller.shop_id))
            conn.execute(
                "UPDATE devices SET acked_seq = %s WHERE shop_id = %s AND device_id = %s",
                (acked, caller.shop_id, caller.device_id),
            )
            if sender.journal != journal_before:
                conn.execute(
                    "UPDATE devices SET journal_seq = %s, journal_hash = %s WHERE shop_id = %s AND device_id = %s",
                    (*sender.journal, caller.shop_id, caller.device_id),
                )
        result.acked = acked
    return result


def _text(value: str, limit: int = 120) -> str:
    """Text PostgreSQL can store and JSON can carry: no NUL, no lone surrogate, not too long."""
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "?")[:limit]


def _storable(reason: Refusal) -> Refusal:
    params = {str(k): _text(v) if isinstance(v, str) else v for k, v in reason.params.items()}
    params = {k: v if isinstance(v, str | int) else _text(repr(v)) for k, v in params.items()}
    return Refusal(reason.msgid, params)


def _follows(sender: Sender, chain: list[tuple[int, str, str]]) -> Refusal | None:
    """Whether the event's journal entries carry on the sender's chain, each from the one before, with no gap:
    the service is the witness of every counter's chain, and no counter's `laci check` may be broken by
    another's gaps or forks. The sender's head moves on (the caller keeps it only if the event is stored)."""
    seq, head = sender.journal
    for entry_seq, prev, digest in chain:
        if entry_seq != seq + 1 or prev != head:
            return Refusal(
                N_("Journal entry {seq} does not follow this counter's entry {last} that the shop holds."),
                {"seq": entry_seq, "last": seq},
            )
        seq, head = entry_seq, digest
    sender.journal = (seq, head)
    return None


def _missing(needs: event_rules.Needs, known_facts: set[Any], known_master: set[Any]) -> Refusal | None:
    for kind, key in sorted(needs.facts):
        if (kind, key) not in known_facts:
            return Refusal(N_("It refers to a {kind} row the shop does not have ({key})."), {"kind": kind, "key": key})
    for kind, key in sorted(needs.new_facts):
        if (kind, key) in known_facts:
            return Refusal(N_("The shop already has {kind} {key}."), {"kind": kind, "key": key})
    for entity, key in sorted(needs.master):
        if (entity, key) not in known_master:
            return Refusal(
                N_("It refers to {entity} {key}, which the shop does not have."), {"entity": entity, "key": key}
            )
    return None


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
        self.sales: list[tuple[uuid.UUID, str, str]] = []  # (sale, business day, payments as JSON)
        self.voids: list[uuid.UUID] = []
        self.totals: dict[tuple[str, uuid.UUID, str], list[int]] = {}
        self.changes: list[dict[str, Any]] = []
        self.known: set[tuple[str, str]] = set()

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
        paid: dict[Any, dict[str, int]] = {}
        for p in rows.get("sale_payments", []):
            methods = paid.setdefault(p.get("sale_id"), {})
            methods[p["method"]] = methods.get(p["method"], 0) + int(p["amount"])
        for sale in rows.get("sales", []):
            methods = paid.get(sale["id"], {})
            self.sales.append((uuid.UUID(hex=sale["id"]), sale["business_date"], orjson.dumps(methods).decode()))
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
                # One statement for all of a push's sales, from arrays, rather than one statement a sale.
                ids, days, payments = zip(*self.sales, strict=True)
                cur.execute(
                    "INSERT INTO sales_index (shop_id, sale_id, device_id, business_date, payments) "
                    "SELECT %s, s, %s, d, p FROM unnest(%s::uuid[], %s::date[], %s::jsonb[]) AS w(s, d, p) "
                    "ON CONFLICT DO NOTHING",
                    (shop, self.caller.device_id, list(ids), list(days), list(payments)),
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
            if self.known:
                kinds, keys = zip(*sorted(self.known), strict=True)
                cur.execute(
                    "INSERT INTO known_rows (shop_id, kind, key) SELECT %s, k, v FROM unnest(%s::text[], %s::text[]) "
                    "AS w(k, v) ON CONFLICT DO NOTHING",
                    (shop, list(kinds), list(keys)),
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

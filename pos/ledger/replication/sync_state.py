"""The counter's side of sync in its own database: enrolment, cursors, and what is waiting to be sent.

The pull cursor is stored in the same transaction as the events it covers, and the push cursor only moves
forward when the cloud acknowledges, so a crash at any point leaves at worst events to send or fetch again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from pos.ledger.base.clock import utc_now
from pos.ledger.base.device import local_device
from pos.ledger.base.sequences import current_value
from pos.ledger.replication import authority, inbound, pins, quarantine
from pos.ledger.replication.authority import OWNER_GUARDED, ROLE_COUNTER, ROLE_OWNER, Refusal
from pos.ledger.replication.changes import ENTITIES, WHOLE_ROW, apply_event
from pos.ledger.replication.outbox import events_json, prune_acknowledged
from pos.ledger.schema import Device, FieldClock, OutboxEvent, SyncState


def get(session: Session, key: str) -> str | None:
    return session.scalar(select(SyncState.value).where(SyncState.key == key))


def put(session: Session, key: str, value: str) -> None:
    session.execute(
        text(
            "INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"k": key, "v": value},
    )


@dataclass(frozen=True, slots=True)
class Enrolment:
    url: str
    shop_id: str
    shop_name: str
    token: str


def enrolment(session: Session) -> Enrolment | None:
    url, shop, name, token = (get(session, k) for k in ("url", "shop_id", "shop_name", "token"))
    if not (url and shop and token):
        return None
    return Enrolment(url, shop, name or "", token)


def save_enrolment(session: Session, url: str, shop_id: str, shop_name: str, token: str) -> None:
    for key, value in (("url", url), ("shop_id", shop_id), ("shop_name", shop_name), ("token", token)):
        put(session, key, value)


def outbox_seq(session: Session) -> int:
    """The newest event this counter wrote."""
    return current_value(session, f"outbox:{local_device(session).id.hex}")


def joined(session: Session, *, owner: bool, key: bytes | None, acked: int) -> None:
    """Settle what enrolment decided: this device's role, the shop's PIN key, and where its log stands.

    A new counter device gives up the clocks of owner-guarded data it made on its own before joining (its shop
    name from `laci init`...), so the shop's own values win when they arrive; the service refuses those local
    changes anyway. A device enrolled again in its own place goes on after what the cloud already holds of it,
    so no new event of it reuses a number the cloud has (which would be taken as already stored).
    """
    device = local_device(session)
    session.execute(update(Device).where(Device.id == device.id).values(role=ROLE_OWNER if owner else ROLE_COUNTER))
    if key is not None:
        pins.save_key(session, key)
    elif owner and pins.shop_key(session) is None:
        pins.save_key(session, pins.new_key())
    if not owner and pulled_seq(session) == 0:
        for entity, fields in OWNER_GUARDED.items():
            reset = update(FieldClock).where(FieldClock.entity == entity)
            if fields is not None:
                reset = reset.where(FieldClock.field.in_([*fields, WHOLE_ROW]))
            session.execute(reset.values(hlc=""))
    name = f"outbox:{device.id.hex}"
    if acked > current_value(session, name):
        session.execute(
            text("INSERT INTO sequences (name, value) VALUES (:n, :v) ON CONFLICT (name) DO UPDATE SET value = :v"),
            {"n": name, "v": acked},
        )
    record_push(session, acked, holds_exactly=True)


def pushed_seq(session: Session) -> int:
    return int(get(session, "pushed_seq") or 0)


def pulled_seq(session: Session) -> int:
    return int(get(session, "pulled_seq") or 0)


def waiting(session: Session, after: int, limit: int) -> list[dict[str, Any]]:
    """Outbox events not yet acknowledged by the cloud, in order."""
    device = local_device(session)
    rows = (
        session.execute(
            select(OutboxEvent)
            .where(OutboxEvent.device_id == device.id, OutboxEvent.seq > after)
            .order_by(OutboxEvent.seq)
            .limit(limit)
        )
        .scalars()
        .all()
    )
    texts = events_json(session, [(r.payload, r.body) for r in rows])
    return [
        {
            "id": str(r.id),
            "device_seq": r.seq,
            "kind": r.kind,
            "schema_version": r.schema_version,
            "payload": json.loads(payload),
            "created_at": r.created_at.isoformat(),
        }
        for r, payload in zip(rows, texts, strict=True)
    ]


def waiting_body(session: Session, after: int, limit: int) -> tuple[int, bytes]:
    """The next push: how many events, and the request body `{"events": [...]}` holding them.

    Payloads go in as JSON text (a change as `outbox.emit` wrote it, only decompressed; facts read back from
    their rows in one pass) instead of being parsed and written again: for a push of 500 sales that was a third
    of the counter's work.
    """
    device = local_device(session)
    rows = session.execute(
        select(
            OutboxEvent.id,
            OutboxEvent.seq,
            OutboxEvent.kind,
            OutboxEvent.schema_version,
            OutboxEvent.created_at,
            OutboxEvent.payload,
            OutboxEvent.body,
        )
        .where(OutboxEvent.device_id == device.id, OutboxEvent.seq > after)
        .order_by(OutboxEvent.seq)
        .limit(limit)
    ).all()
    texts = events_json(session, [(r.payload, r.body) for r in rows])
    events = [
        f'{{"id":"{r.id}","device_seq":{int(r.seq)},"kind":{json.dumps(r.kind)},'
        f'"schema_version":{int(r.schema_version)},"created_at":"{r.created_at.isoformat()}",'
        f'"payload":{payload}}}'
        for r, payload in zip(rows, texts, strict=True)
    ]
    return len(events), ('{"events":[' + ",".join(events) + "]}").encode("utf-8")


def waiting_count(session: Session) -> int:
    device = local_device(session)
    return int(
        session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.device_id == device.id, OutboxEvent.seq > pushed_seq(session))
        )
        or 0
    )


def record_push(session: Session, acked: int, at: dt.datetime | None = None, *, holds_exactly: bool = False) -> None:
    """Note what the cloud acknowledged.

    An ordinary acknowledgement only moves the cursor forward. A gap answer (`holds_exactly`) states what the
    cloud holds now, and may move it back: after the cloud was restored from an older backup the counter
    resends from there: its outbox keeps what the cloud acknowledged for `outbox.KEPT_DAYS` (`prune_outbox`).
    """
    if holds_exactly or acked > pushed_seq(session):
        put(session, "pushed_seq", str(acked))
    put(session, "last_push", (at or utc_now()).isoformat())


def prune_outbox(session: Session, at: dt.datetime | None = None) -> int:
    """Drop what the cloud acknowledged more than `outbox.KEPT_DAYS` ago, except what it refused; returns how
    many. Called once the refusals have been fetched (`record_refusals`), never between a push and that fetch:
    an event refused at a push after a long time offline is older than the kept days already, and its refusal
    alone tells that this outbox holds its only copy."""
    return prune_acknowledged(session, pushed_seq(session), at or utc_now())


def apply_pulled(
    session: Session,
    events: Sequence[dict[str, Any]],
    cursor: int,
    at: dt.datetime | None = None,
    *,
    checked_from: int = 0,
) -> int:
    """Apply a page of pulled events and move the cursor, in the caller's (single) transaction.

    `checked_from`: the cloud says events below it were stored before it checked authority (and were applied by
    every counter then). A counter takes the first number it is told and never a higher one afterwards.
    """
    now = at or utc_now()
    stored = get(session, "checked_from")
    trusted_below = min(int(stored), checked_from) if stored is not None else checked_from
    put(session, "checked_from", str(trusted_below))
    applied = inbound.apply_pulled(session, events, now, trusted_below=trusted_below)
    if cursor > pulled_seq(session):
        put(session, "pulled_seq", str(cursor))
    put(session, "last_pull", now.isoformat())
    return applied


def record_refusals(session: Session, refusals: Sequence[dict[str, Any]], at: dt.datetime | None = None) -> int:
    """Keep what the cloud refused (from any counter of the shop) with its reason; returns the newest number."""
    now = at or utc_now()
    newest = int(get(session, "refusals_seq") or 0)
    for item in refusals:
        reason = Refusal(str(item.get("msgid") or item.get("reason") or ""), dict(item.get("params") or {}))
        quarantine.set_aside(session, {**item, "payload": None}, quarantine.REFUSED, reason, now)
        newest = max(newest, int(item["server_seq"]))
    put(session, "refusals_seq", str(newest))
    return newest


def apply_snapshot(session: Session, snapshot: dict[str, Any], at: dt.datetime | None = None) -> None:
    """Start over from the cloud's merged master data when the cursor is too old for the event log."""
    now = at or utc_now()
    order = {entity: n for n, entity in enumerate(ENTITIES)}  # products before their barcodes, and so on
    for change in sorted(snapshot["changes"], key=lambda c: order.get(str(c["entity"]), len(order))):
        apply_event(session, "change", change, now)
    put(session, "pulled_seq", str(int(snapshot["last_seq"])))


@dataclass(frozen=True, slots=True)
class Status:
    enrolled: bool
    shop_name: str
    waiting: int
    last_push: str | None
    last_pull: str | None
    last_error: str | None
    role: str | None = None  # "owner" or "counter", as the cloud says; None until it has
    held: int = 0  # events this counter could not apply yet (tried again at every sync)
    refused: int = 0  # events refused by the shop's rules, here or by the cloud
    pin_key: bool = True  # whether this counter holds the shop's PIN key


def status(session: Session) -> Status:
    found = enrolment(session)
    aside = quarantine.summary(session)
    return Status(
        found is not None,
        found.shop_name if found else "",
        waiting_count(session),
        get(session, "last_push"),
        get(session, "last_pull"),
        get(session, "last_error") or None,
        authority.local_role(session),
        aside.held,
        aside.refused,
        pins.shop_key(session) is not None,
    )

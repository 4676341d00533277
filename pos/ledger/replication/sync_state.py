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

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pos.ledger.base.clock import utc_now
from pos.ledger.base.device import local_device
from pos.ledger.replication.changes import ENTITIES, apply_event, apply_events, record_clamped
from pos.ledger.replication.outbox import events_json, prune_acknowledged
from pos.ledger.schema import OutboxEvent, SyncState


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
    resends from there: its outbox keeps what the cloud acknowledged for `outbox.KEPT_DAYS`, and drops what is
    older here (once a day).
    """
    now = at or utc_now()
    if holds_exactly or acked > pushed_seq(session):
        put(session, "pushed_seq", str(acked))
    put(session, "last_push", now.isoformat())
    if not holds_exactly:
        prune_acknowledged(session, pushed_seq(session), now)


def apply_pulled(session: Session, events: Sequence[dict[str, Any]], cursor: int, at: dt.datetime | None = None) -> int:
    """Apply a page of pulled events and move the cursor, in the caller's (single) transaction."""
    now = at or utc_now()
    me = local_device(session).id.hex
    batch: list[tuple[str, dict[str, Any]]] = []
    for event in events:
        payload = event["payload"]
        if event["device_id"] == me:
            # Our own event coming back: already applied here, unless the cloud pulled a clock back.
            if event["kind"] in ("change", "changes") and "clamped_from" in payload:
                apply_events(session, batch, now)
                batch.clear()
                record_clamped(session, payload)
            continue
        batch.append((event["kind"], payload))
    applied = len(batch)
    apply_events(session, batch, now)
    if cursor > pulled_seq(session):
        put(session, "pulled_seq", str(cursor))
    put(session, "last_pull", now.isoformat())
    return applied


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


def status(session: Session) -> Status:
    found = enrolment(session)
    return Status(
        found is not None,
        found.shop_name if found else "",
        waiting_count(session),
        get(session, "last_push"),
        get(session, "last_pull"),
        get(session, "last_error") or None,
    )

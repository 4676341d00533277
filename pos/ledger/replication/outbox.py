"""The outbox: every business event leaves a record here, in its own transaction, for sync.

A fact event (a sale, a payment, a stock count) keeps only the keys of the rows it wrote (`fact_refs`): the rows
themselves never change, so its JSON is read back from them when it is pushed. A change of master data keeps its
JSON zlib-compressed, as the row it describes may change again. Events the cloud acknowledged leave the outbox
once they are older than `KEPT_DAYS` (`prune_acknowledged`), except those the cloud refused: until then a cloud
restored from an older backup gets them again (migration 0017).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from pos.ledger.base.device import local_device
from pos.ledger.base.ids import new_id
from pos.ledger.base.sequences import next_value
from pos.ledger.replication import fact_refs
from pos.ledger.schema import OutboxEvent, core

SCHEMA_VERSION: Final = 1
# How long an event the cloud acknowledged stays here: a cloud restored from a backup up to this old is sent
# again everything it lost (docs/cloud.md, Backups).
KEPT_DAYS: Final = 35


def jsonable(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as event JSON: UUIDs as hex, dates and instants as ISO text."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, uuid.UUID):
            out[key] = value.hex
        elif isinstance(value, dt.datetime | dt.date):
            out[key] = value.isoformat()
        else:
            out[key] = value
    return out


def emit(session: Session, kind: str, payload: dict[str, Any], at: dt.datetime) -> int:
    """Queue event `kind` for the cloud; returns its per-device sequence number."""
    body = zlib.compress(json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode())
    return _insert(session, kind, body, at)


def emit_refs(session: Session, kind: str, tables: Mapping[str, Sequence[Mapping[str, Any]]], at: dt.datetime) -> int:
    """Queue a fact event by the keys of the rows it wrote (`tables`, already inserted); returns its sequence."""
    return _insert(session, kind, fact_refs.encode(tables), at)


def _insert(session: Session, kind: str, body: bytes, at: dt.datetime) -> int:
    device = local_device(session)
    seq = next_value(session, f"outbox:{device.id.hex}")
    session.execute(
        insert(core(OutboxEvent)),
        [
            {
                "id": new_id(),
                "device_id": device.id,
                "seq": seq,
                "kind": kind,
                "schema_version": SCHEMA_VERSION,
                "payload": "",
                "body": body,
                "created_at": at,
            }
        ],
    )
    return seq


def event_json(payload: str, body: bytes | None) -> str:
    """The JSON text of an event kept whole: from its compressed `body` or, for events written before migration
    0011, its `payload`. A fact event kept by reference needs the database: `events_json`."""
    if fact_refs.is_refs(body):
        raise ValueError("a fact event kept by reference is read with events_json")
    return zlib.decompress(body).decode("utf-8") if body is not None else payload


def events_json(session: Session, rows: Sequence[tuple[str, bytes | None]]) -> list[str]:
    """The JSON text of each event (`payload`, `body`), fact events read back from their rows in one pass."""
    refs = [body for _payload, body in rows if body is not None and fact_refs.is_refs(body)]
    rebuilt = iter(fact_refs.rebuild(session.connection(), refs)) if refs else iter(())
    return [
        next(rebuilt) if body is not None and fact_refs.is_refs(body) else event_json(payload, body)
        for payload, body in rows
    ]


def prune_acknowledged(session: Session, acked: int, now: dt.datetime) -> int:
    """Drop the events the cloud acknowledged (up to `acked`) that are older than `KEPT_DAYS`; returns how many.

    An event the cloud refused is kept for good: the cloud keeps only the reason, so this outbox holds the only
    copy of it (`sync_held` notes its number once the refusal has been fetched). Runs at most once a day
    (`outbox_pruned_on` in sync state): each run reads the kept tail once.
    """
    today = now.date().isoformat()
    done = session.execute(text("SELECT value FROM sync_state WHERE key = 'outbox_pruned_on'")).scalar()
    if done == today:
        return 0
    cutoff = (now - dt.timedelta(days=KEPT_DAYS)).astimezone(dt.UTC).isoformat(timespec="microseconds")
    device = local_device(session)
    gone = (
        session.connection()
        .execute(
            text(
                "DELETE FROM outbox WHERE device_id = :d AND seq <= :acked AND created_at < :cutoff AND seq NOT IN "
                "(SELECT device_seq FROM sync_held WHERE device_id = :d AND device_seq IS NOT NULL)"
            ),
            {"d": device.id.bytes, "acked": acked, "cutoff": cutoff},
        )
        .rowcount
    )
    session.execute(
        text(
            "INSERT INTO sync_state (key, value) VALUES ('outbox_pruned_on', :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"v": today},
    )
    return int(gone or 0)

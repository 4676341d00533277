"""The outbox: every business event leaves an immutable record here, in its own transaction, for sync.

Events are kept for good (a counter resends from here if the cloud is restored from an older backup), so their
JSON is stored zlib-compressed: a busy shop's sale event shrinks to about a quarter (migration 0011).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
import zlib
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import insert
from sqlalchemy.orm import Session

from pos.ledger.base.device import local_device
from pos.ledger.base.ids import new_id
from pos.ledger.base.sequences import next_value
from pos.ledger.schema import OutboxEvent, core

SCHEMA_VERSION: Final = 1


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
                "body": zlib.compress(json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()),
                "created_at": at,
            }
        ],
    )
    return seq


def event_json(payload: str, body: bytes | None) -> str:
    """An outbox event's JSON text, from its compressed `body` or, for events written before migration 0011,
    its `payload`."""
    return zlib.decompress(body).decode("utf-8") if body is not None else payload

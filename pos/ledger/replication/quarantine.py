"""Events set aside: one event this counter cannot or may not apply never stops it from applying the rest.

Two kinds, both kept with their reason and shown (`laci sync status`, the window's status bar, `laci check`):
- **refused**: against the shop's rules (a price change from a cashier's counter), here or by the cloud, for good;
- **held**: this counter could not apply it (a newer kind of event, a reference it lacks, no PIN key yet); it is
  tried again at every sync, so an upgrade or the missing piece lets it through.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from pos import __version__
from pos.i18n import _
from pos.ledger.replication.authority import Refusal
from pos.ledger.schema import Device, HeldEvent

HELD: Final = "held"
REFUSED: Final = "refused"
RETRY_LIMIT: Final = 200  # held events tried again per sync; more wait for the next one


def set_aside(session: Session, event: Mapping[str, Any], status: str, reason: Refusal, at: dt.datetime) -> None:
    """Keep `event` (as pulled: server_seq, device_id, device_seq, kind, payload) with why it was not applied."""
    payload = event.get("payload")
    device_seq = event.get("device_seq")
    session.execute(
        text(
            "INSERT INTO sync_held (server_seq, device_id, device_seq, kind, payload, status, msgid, params, held_at, "
            "version) VALUES (:seq, :device, :device_seq, :kind, :payload, :status, :msgid, :params, :at, :version) "
            "ON CONFLICT (server_seq) DO UPDATE SET status = excluded.status, msgid = excluded.msgid, "
            "params = excluded.params, version = excluded.version, "
            "device_seq = COALESCE(excluded.device_seq, sync_held.device_seq)"
        ),
        {
            "seq": int(event["server_seq"]),
            "device": uuid.UUID(hex=str(event["device_id"])).bytes,
            "device_seq": None if device_seq is None else int(device_seq),
            "kind": str(event.get("kind", ""))[:40],
            "payload": None if payload is None else json.dumps(payload, sort_keys=True, separators=(",", ":")),
            "status": status,
            "msgid": reason.msgid,
            "params": json.dumps(reason.params, default=str),
            "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "version": __version__,
        },
    )


def to_retry(session: Session) -> list[dict[str, Any]]:
    """Held events, oldest first, as pulled events again."""
    rows = session.execute(
        select(HeldEvent.server_seq, HeldEvent.device_id, HeldEvent.kind, HeldEvent.payload)
        .where(HeldEvent.status == HELD, HeldEvent.payload.is_not(None))
        .order_by(HeldEvent.server_seq)
        .limit(RETRY_LIMIT)
    ).all()
    return [
        {"server_seq": r.server_seq, "device_id": r.device_id.hex, "kind": r.kind, "payload": json.loads(r.payload)}
        for r in rows
    ]


def release(session: Session, server_seq: int) -> None:
    session.execute(delete(HeldEvent).where(HeldEvent.server_seq == server_seq))


def still_held(session: Session, server_seq: int, reason: Refusal) -> None:
    session.execute(
        update(HeldEvent)
        .where(HeldEvent.server_seq == server_seq)
        .values(msgid=reason.msgid, params=json.dumps(reason.params, default=str), version=__version__)
    )


@dataclass(frozen=True, slots=True)
class Item:
    server_seq: int
    device: str  # the counter's code, or the start of its id when this counter has not heard of it
    kind: str
    status: str
    reason: str  # in the user's language
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Summary:
    held: int
    refused: int

    @property
    def any(self) -> bool:
        return bool(self.held or self.refused)


def summary(session: Session) -> Summary:
    counts = dict(session.execute(select(HeldEvent.status, func.count()).group_by(HeldEvent.status)).all())
    return Summary(int(counts.get(HELD, 0)), int(counts.get(REFUSED, 0)))


def _reason(msgid: str, params: str) -> str:
    values = json.loads(params) if params else {}
    text_ = _(msgid)
    try:
        return text_.format(**values) if values else text_
    except (KeyError, IndexError, ValueError):
        return text_


def items(session: Session, limit: int = 50) -> list[Item]:
    """The newest events set aside, held ones first."""
    codes = {d.id: d.code for d in session.execute(select(Device.id, Device.code)).all()}
    rows = session.execute(
        select(HeldEvent).order_by((HeldEvent.status == HELD).desc(), HeldEvent.server_seq.desc()).limit(limit)
    ).scalars()
    return [
        Item(
            r.server_seq,
            codes.get(r.device_id, r.device_id.hex[:8]),
            r.kind,
            r.status,
            _reason(r.msgid, r.params),
            r.held_at,
        )
        for r in rows
    ]

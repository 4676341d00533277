"""The audit log: who did what, when, why, and which owner allowed it. Append-only and hash-chained per device.

Every privileged action (a void, a refund, a price change, cash in or out, opening the drawer) and every refused
PIN lands here in the same transaction as the action itself.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from pos.ledger.base.chain import GENESIS_HASH, audit_fields, chain_digest, devices_of
from pos.ledger.base.device import local_device
from pos.ledger.base.ids import new_id
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import AuditRecord, core


def record(
    session: Session,
    action: str,
    *,
    at: dt.datetime,
    user_id: uuid.UUID | None,
    detail: dict[str, Any] | None = None,
    reason: str = "",
    approved_by: uuid.UUID | None = None,
) -> None:
    """Append one audit record in the caller's transaction. Never log a PIN, a token or a phone number here."""
    device = local_device(session)
    head = session.execute(
        select(AuditRecord.seq, AuditRecord.hash)
        .where(AuditRecord.device_id == device.id)
        .order_by(AuditRecord.seq.desc())
        .limit(1)
    ).first()
    seq = head.seq + 1 if head else 1
    prev = head.hash if head else GENESIS_HASH
    rid = new_id()
    detail_text = json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), default=str)
    reason = reason[:200]
    digest = chain_digest(
        prev, audit_fields(rid, device.id, seq, at, user_id, action, detail_text, reason, approved_by)
    )
    row = {
        "id": rid,
        "device_id": device.id,
        "seq": seq,
        "at": at,
        "user_id": user_id,
        "action": action,
        "detail": detail_text,
        "reason": reason,
        "approved_by": approved_by,
        "prev_hash": prev,
        "hash": digest,
    }
    session.execute(insert(core(AuditRecord)), [row])
    emit_facts(session, "audit.recorded", {"audit_log": [row]}, at)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: dt.datetime
    user_id: uuid.UUID | None
    action: str
    detail: dict[str, Any]
    reason: str
    approved_by: uuid.UUID | None


def entries(session: Session, action: str | None = None) -> list[AuditEntry]:
    query = select(AuditRecord).order_by(AuditRecord.device_id, AuditRecord.seq)
    if action is not None:
        query = query.where(AuditRecord.action == action)
    return [
        AuditEntry(r.at, r.user_id, r.action, json.loads(r.detail), r.reason, r.approved_by)
        for r in session.scalars(query)
    ]


_AUDIT_COLUMNS = (
    "SELECT id, device_id, seq, at, user_id, action, detail, reason, approved_by, prev_hash, hash FROM audit_log "
)


def audit_heads(session: Session) -> dict[uuid.UUID, tuple[int, str]]:
    """Each device's last audit record: (seq, hash)."""
    heads: dict[uuid.UUID, tuple[int, str]] = {}
    for (device,) in session.execute(text(devices_of("audit_log"))):
        seq, digest = session.execute(
            text("SELECT seq, hash FROM audit_log WHERE device_id = :d ORDER BY seq DESC LIMIT 1"), {"d": device}
        ).one()
        heads[uuid.UUID(bytes=bytes(device))] = (int(seq), str(digest))
    return heads


def verify_audit_chain(
    session: Session, since: dict[uuid.UUID, tuple[int, str]] | None = None
) -> list[tuple[uuid.UUID, int]]:
    """(device, seq) of every audit record that does not follow from the one before it.

    With `since`, each device's log is checked only after the record a checkpoint sealed, which must still carry
    the hash it had then."""
    broken: list[tuple[uuid.UUID, int]] = []
    if since is None:
        return _walk(session.execute(text(_AUDIT_COLUMNS + "ORDER BY device_id, seq")), {})
    devices = [uuid.UUID(bytes=bytes(d)) for (d,) in session.execute(text(devices_of("audit_log")))]
    for device in sorted(devices):
        seq, digest = since.get(device, (0, GENESIS_HASH))
        if seq:
            stored = session.execute(
                text("SELECT hash FROM audit_log WHERE device_id = :d AND seq = :s"), {"d": device.bytes, "s": seq}
            ).scalar()
            if stored != digest:
                broken.append((device, seq))
        rows = session.execute(
            text(_AUDIT_COLUMNS + "WHERE device_id = :d AND seq > :s ORDER BY seq"), {"d": device.bytes, "s": seq}
        )
        broken += _walk(rows, {device: (seq, digest)})
    return broken


def _walk(rows: Any, anchors: dict[uuid.UUID, tuple[int, str]]) -> list[tuple[uuid.UUID, int]]:
    broken: list[tuple[uuid.UUID, int]] = []
    prev, expect, device = GENESIS_HASH, 1, None
    for r in rows:
        dev = uuid.UUID(bytes=bytes(r.device_id))
        if dev != device:
            seq, prev = anchors.get(dev, (0, GENESIS_HASH))
            expect, device = seq + 1, dev
        user = uuid.UUID(bytes=bytes(r.user_id)) if r.user_id else None
        approver = uuid.UUID(bytes=bytes(r.approved_by)) if r.approved_by else None
        fields = audit_fields(
            uuid.UUID(bytes=bytes(r.id)),
            dev,
            r.seq,
            dt.datetime.fromisoformat(r.at),
            user,
            r.action,
            r.detail,
            r.reason,
            approver,
        )
        if r.seq != expect or r.prev_hash != prev or chain_digest(r.prev_hash, fields) != r.hash:
            broken.append((dev, r.seq))
        prev, expect = r.hash, r.seq + 1
    return broken

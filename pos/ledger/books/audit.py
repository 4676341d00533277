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

from pos.ledger.base.chain import GENESIS_HASH, audit_fields, chain_digest
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


def verify_audit_chain(session: Session) -> list[tuple[uuid.UUID, int]]:
    """(device, seq) of every audit record that does not follow from the one before it."""
    broken: list[tuple[uuid.UUID, int]] = []
    prev, expect, device = GENESIS_HASH, 1, None
    rows = session.execute(
        text(
            "SELECT id, device_id, seq, at, user_id, action, detail, reason, approved_by, prev_hash, hash "
            "FROM audit_log ORDER BY device_id, seq"
        )
    )
    for r in rows:
        dev = uuid.UUID(bytes=bytes(r.device_id))
        if dev != device:
            prev, expect, device = GENESIS_HASH, 1, dev
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

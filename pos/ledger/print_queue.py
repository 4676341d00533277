"""The print queue: slips are queued in the transaction of what they print and sent after the commit.

A printer that is off, out of paper or unreachable never blocks or undoes a sale: the job stays pending, is
retried, and its last error is shown. Any receipt can be queued again as a copy (SALINAN).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.schema import PrintJob, core
from pos.ledger.shop import settings

KINDS: Final = (
    "receipt",
    "refund",
    "kasbon_payment",
    "shift_close",
    "x_report",
    "z_report",
    "test",
    "drawer",
    "order_slip",
    "delivery_slip",
)
MAX_ATTEMPTS: Final = 20  # after this the job is marked failed and waits for a reprint by hand


@dataclass(frozen=True, slots=True)
class Job:
    id: uuid.UUID
    kind: str
    source_id: uuid.UUID | None
    payload: dict[str, Any]
    is_copy: bool
    open_drawer: bool
    attempts: int
    last_error: str
    created_at: dt.datetime


def printer_configured(session: Session) -> bool:
    return bool(settings.get(session, "printer.uri"))


def enqueue(
    session: Session,
    kind: str,
    source_id: uuid.UUID | None = None,
    *,
    payload: dict[str, Any] | None = None,
    is_copy: bool = False,
    open_drawer: bool = False,
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Queue a slip in the caller's transaction; it prints only if that transaction commits."""
    if kind not in KINDS:
        raise InvalidInput(N_("Unknown kind of slip '{kind}'."), kind=kind)
    jid = new_id()
    session.execute(
        insert(core(PrintJob)),
        [
            {
                "id": jid,
                "kind": kind,
                "source_id": source_id,
                "payload": json.dumps(payload or {}),
                "is_copy": is_copy,
                "open_drawer": open_drawer,
                "status": "pending",
                "attempts": 0,
                "last_error": "",
                "created_at": at or utc_now(),
                "printed_at": None,
            }
        ],
    )
    return jid


def pending(session: Session, limit: int = 20) -> list[Job]:
    """Jobs still to print, oldest first."""
    rows = session.scalars(
        select(PrintJob).where(PrintJob.status == "pending").order_by(PrintJob.created_at).limit(limit)
    )
    return [
        Job(
            r.id,
            r.kind,
            r.source_id,
            json.loads(r.payload or "{}"),
            r.is_copy,
            r.open_drawer,
            r.attempts,
            r.last_error,
            r.created_at,
        )
        for r in rows
    ]


def mark_printed(session: Session, job_id: uuid.UUID, at: dt.datetime | None = None) -> None:
    session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id)
        .values(status="printed", printed_at=at or utc_now(), last_error="")
    )


def mark_expired(session: Session, job_id: uuid.UUID) -> None:
    """Close a job that must not print any more (a drawer kick long after the sale), without sending it."""
    session.execute(update(PrintJob).where(PrintJob.id == job_id).values(status="expired"))


def mark_failed(session: Session, job_id: uuid.UUID, error: str) -> None:
    """Count a failed attempt; the job stays pending for a retry until it has failed too often."""
    job = session.get(PrintJob, job_id)
    if job is None:
        raise NotFound(N_("Print job not found."))
    attempts = job.attempts + 1
    session.execute(
        update(PrintJob)
        .where(PrintJob.id == job_id)
        .values(attempts=attempts, last_error=error[:200], status="failed" if attempts >= MAX_ATTEMPTS else "pending")
    )


def reprint(session: Session, kind: str, source_id: uuid.UUID, at: dt.datetime | None = None) -> uuid.UUID:
    """Queue a copy of a slip already printed (or never printed): it says SALINAN."""
    return enqueue(session, kind, source_id, is_copy=True, at=at)


@dataclass(frozen=True, slots=True)
class QueueStatus:
    pending: int
    failed: int
    last_error: str


def status(session: Session) -> QueueStatus:
    counts = dict(session.execute(select(PrintJob.status, func.count()).group_by(PrintJob.status)).all())
    last = session.scalar(
        select(PrintJob.last_error)
        .where(PrintJob.status != "printed", PrintJob.last_error != "")
        .order_by(PrintJob.created_at.desc())
        .limit(1)
    )
    return QueueStatus(int(counts.get("pending", 0)), int(counts.get("failed", 0)), last or "")

"""The print queue: slips are queued in the transaction of what they print and sent after the commit.

A printer that is off, out of paper or unreachable never blocks or undoes a sale: the job stays pending, is
retried, and its last error is shown. Any receipt can be queued again as a copy (SALINAN). The cash drawer is a
job of its own, queued once per cash sale or payment. What people do to the queue (retry now, send a job to
another printer, cancel one with a reason) is here too; how a worker claims and settles a job is in
`print_claims`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor
from pos.ledger.schema import PrintJob, Sale, core
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
    "ticket",  # what the kitchen or the bar makes for a sale, with its add-ons and notes
    "consignor",  # a consignor's statement
    "labels",  # price labels for goods and shelves, carried in the payload as they were asked for
)
MAX_ATTEMPTS: Final = 20  # after this the job is marked failed and waits for "retry now" or a reprint by hand
# A drawer kick this much older than its sale is dropped: a printer switched back on an hour later must not open
# the drawer with nobody at the counter.
DRAWER_WINDOW: Final = dt.timedelta(minutes=2)
SHOP_PRINTER: Final = ""  # `printer_uri` of a job for the shop's own printer
MAX_REASON: Final = 200
SENT_SHOWN_FOR: Final = dt.timedelta(hours=12)  # how long "sent, not confirmed" jobs stay in the queue's view


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
    printer_uri: str = SHOP_PRINTER
    maybe_sent: bool = False
    status: str = "pending"

    @property
    def kicks_drawer(self) -> bool:
        return self.kind == "drawer"


def job_of(row: PrintJob) -> Job:
    return Job(
        row.id,
        row.kind,
        row.source_id,
        json.loads(row.payload or "{}"),
        row.is_copy,
        row.open_drawer,
        row.attempts,
        row.last_error,
        row.created_at,
        row.printer_uri,
        row.maybe_sent,
        row.status,
    )


def printer_configured(session: Session) -> bool:
    return bool(settings.load(session).printer_uri)


def enqueue(
    session: Session,
    kind: str,
    source_id: uuid.UUID | None = None,
    *,
    payload: dict[str, Any] | None = None,
    is_copy: bool = False,
    open_drawer: bool = False,
    at: dt.datetime | None = None,
    printer_uri: str = SHOP_PRINTER,
) -> uuid.UUID:
    """Queue a slip in the caller's transaction; it prints only if that transaction commits.

    `open_drawer` is kept for the record only: the drawer opens by a `drawer` job (`enqueue_drawer`), never as
    part of a slip, so a retried or reprinted slip can never open it again.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind of slip {kind!r}")  # every caller passes one of KINDS: a fault if not
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
                "open_drawer": open_drawer or kind == "drawer",
                "status": "pending",
                "attempts": 0,
                "last_error": "",
                "created_at": at or utc_now(),
                "printed_at": None,
                "printer_uri": printer_uri,
                "maybe_sent": False,
            }
        ],
    )
    return jid


def enqueue_drawer(session: Session, source_id: uuid.UUID, at: dt.datetime | None = None) -> uuid.UUID | None:
    """Queue the drawer kick of a cash sale or payment, once: a second call for the same source queues nothing
    (a unique index holds it) and returns None. Queue it before the slip, so the drawer opens as it prints."""
    jid = new_id()
    done = session.execute(
        sqlite_insert(core(PrintJob))
        .values(
            id=jid,
            kind="drawer",
            source_id=source_id,
            payload="{}",
            is_copy=False,
            open_drawer=True,
            status="pending",
            attempts=0,
            last_error="",
            created_at=at or utc_now(),
            printed_at=None,
            printer_uri=SHOP_PRINTER,
            maybe_sent=False,
        )
        .on_conflict_do_nothing()
    )
    return jid if done.rowcount else None  # type: ignore[attr-defined]


def pending(session: Session, limit: int = 20) -> list[Job]:
    """Jobs still to print, oldest first."""
    rows = session.scalars(
        select(PrintJob).where(PrintJob.status == "pending").order_by(PrintJob.created_at, PrintJob.id).limit(limit)
    )
    return [job_of(r) for r in rows]


def reprint(session: Session, kind: str, source_id: uuid.UUID, at: dt.datetime | None = None) -> uuid.UUID:
    """Queue a copy of a slip already printed (or never printed): it says SALINAN and never opens the drawer."""
    return enqueue(session, kind, source_id, is_copy=True, at=at)


@dataclass(frozen=True, slots=True)
class QueueStatus:
    pending: int
    failed: int
    last_error: str
    sent: int = 0  # sent in the last hours, but the printer did not confirm it


def status(session: Session, at: dt.datetime | None = None) -> QueueStatus:
    """How many slips wait, how many were given up on, how many went out unconfirmed lately, and the last error
    of a job still waiting (or given up on)."""
    counts = dict(session.execute(select(PrintJob.status, func.count()).group_by(PrintJob.status)).all())
    last = session.scalar(
        select(PrintJob.last_error)
        .where(PrintJob.status.in_(("pending", "failed")), PrintJob.last_error != "")
        .order_by(PrintJob.created_at.desc())
        .limit(1)
    )
    since = (at or utc_now()) - SENT_SHOWN_FOR
    sent = session.scalar(
        select(func.count()).select_from(PrintJob).where(PrintJob.status == "sent", PrintJob.printed_at >= since)
    )
    return QueueStatus(int(counts.get("pending", 0)), int(counts.get("failed", 0)), last or "", int(sent or 0))


@dataclass(frozen=True, slots=True)
class QueueEntry:
    """One line of the queue as the window and `laci print status` show it."""

    job: Job
    receipt_no: str  # the sale's receipt number, for receipts and drawer kicks of a sale
    busy: bool  # a worker holds it right now
    next_try_at: dt.datetime | None
    printed_at: dt.datetime | None


def queue_entries(session: Session, at: dt.datetime | None = None, limit: int = 200) -> list[QueueEntry]:
    """Jobs waiting or given up on, and those sent unconfirmed in the last hours: oldest first."""
    now = at or utc_now()
    rows = session.execute(
        select(PrintJob, Sale.receipt_no)
        .outerjoin(Sale, Sale.id == PrintJob.source_id)
        .where(
            or_(
                PrintJob.status.in_(("pending", "failed")),
                (PrintJob.status == "sent") & (PrintJob.printed_at >= now - SENT_SHOWN_FOR),
            )
        )
        .order_by(PrintJob.created_at, PrintJob.id)
        .limit(limit)
    ).all()
    return [
        QueueEntry(
            job_of(row),
            receipt_no or "",
            row.lease_until is not None and row.lease_until > now,
            row.next_try_at,
            row.printed_at,
        )
        for row, receipt_no in rows
    ]


def _job(session: Session, job_id: uuid.UUID) -> PrintJob:
    row = session.get(PrintJob, job_id)
    if row is None:
        raise NotFound(N_("Print job not found."))
    return row


def _not_busy(row: PrintJob, now: dt.datetime) -> None:
    if row.lease_until is not None and row.lease_until > now:
        raise Conflict(N_("This slip is being sent to the printer right now. Try again in a moment."))


def retry_now(session: Session, job_id: uuid.UUID | None = None, at: dt.datetime | None = None) -> int:
    """Make waiting jobs (or the one `job_id`) due now, and give a job that was given up on its tries back.

    A slip sent without confirmation is queued again too, when asked for by id: the shop saw it did not come
    out. A drawer kick is never sent again this way. Returns how many jobs will be tried.
    """
    now = at or utc_now()
    if job_id is not None:
        row = _job(session, job_id)
        _not_busy(row, now)
        if row.kind == "drawer" or row.status not in ("pending", "failed", "sent"):
            raise Conflict(N_("This slip cannot be printed again from the queue; reprint it instead."))
        row.status, row.next_try_at = "pending", None
        if row.attempts >= MAX_ATTEMPTS:
            row.attempts = 0
        return 1
    session.execute(
        update(PrintJob)
        .where(PrintJob.status == "failed", PrintJob.kind != "drawer")
        .values(status="pending", attempts=0, next_try_at=None)
    )
    session.execute(
        update(PrintJob).where(PrintJob.status == "pending", PrintJob.next_try_at.is_not(None)).values(next_try_at=None)
    )
    return int(session.scalar(select(func.count()).where(PrintJob.status == "pending")) or 0)


def _clean_reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput(N_("Say why the slip is cancelled."))
    if len(text) > MAX_REASON:
        raise InvalidInput(N_("At most {n} characters, please."), n=MAX_REASON)
    return text


def cancel(session: Session, actor: Actor, job_id: uuid.UUID, reason: str, at: dt.datetime | None = None) -> None:
    """Take a waiting slip out of the queue for `reason`; the audit log keeps who, when, which slip and why."""
    now = at or utc_now()
    why = _clean_reason(reason)
    row = _job(session, job_id)
    _not_busy(row, now)
    if row.status not in ("pending", "failed", "sent"):
        raise Conflict(N_("This slip is no longer waiting in the queue."))
    before = row.status
    row.status, row.lease_owner, row.lease_until, row.next_try_at = "cancelled", None, None, None
    receipt_no = session.scalar(select(Sale.receipt_no).where(Sale.id == row.source_id)) if row.source_id else None
    audit.record(
        session,
        "print.cancel",
        at=now,
        user_id=actor.user_id,
        reason=why,
        detail={"job": row.id.hex, "kind": row.kind, "was": before, "receipt": receipt_no or "", "copy": row.is_copy},
    )


def redirect(
    session: Session, actor: Actor, job_id: uuid.UUID, printer_uri: str, at: dt.datetime | None = None
) -> None:
    """Send a waiting slip to another printer (`printer_uri`, already checked by the caller as an address), now.

    A drawer kick stays with the printer the drawer is wired to. Audited: a slip printed elsewhere may be a copy
    someone else picks up.
    """
    now = at or utc_now()
    row = _job(session, job_id)
    _not_busy(row, now)
    target = printer_uri.strip()
    if not target:
        raise InvalidInput(N_("No receipt printer is set up. Give its address, such as tcp://192.168.1.50:9100."))
    if row.kind == "drawer":
        raise InvalidInput(N_("The cash drawer opens only through the printer it is connected to."))
    if row.status not in ("pending", "failed", "sent"):
        raise Conflict(N_("This slip is no longer waiting in the queue."))
    before = row.printer_uri
    row.printer_uri, row.status, row.next_try_at = target, "pending", None
    if row.attempts >= MAX_ATTEMPTS:
        row.attempts = 0
    audit.record(
        session,
        "print.redirect",
        at=now,
        user_id=actor.user_id,
        detail={"job": row.id.hex, "kind": row.kind, "from": before, "to": target},
    )

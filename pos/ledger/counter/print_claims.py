"""Claiming print jobs: each job is sent by one worker at a time, whatever the threads and processes.

A worker names itself (`owner`) and claims the oldest job for a printer with a lease: its name and an expiry,
written in the database's write transaction (`BEGIN IMMEDIATE`, see `db`), so a second worker sees the claim or
waits for it. While any job of a printer is leased by a live worker, no other worker claims a job of that
printer: slips come out in order, one connection at a time. Only the lease holder may settle a job. A lease
that ran out belongs to a worker that died mid-job; its job is taken over, but a drawer kick that may have gone
out then is never sent again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import ColumnElement, exists, func, select, update
from sqlalchemy.orm import Session

from pos.ledger.counter.print_queue import DRAWER_WINDOW, MAX_ATTEMPTS, Job, job_of
from pos.ledger.schema import PrintJob

SCAN: Final = 50  # jobs looked at per claim; drawer kicks too late to matter are closed on the way
BACKOFF_FIRST: Final = dt.timedelta(seconds=5)
BACKOFF_MAX: Final = dt.timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Claim:
    job: Job
    owner: str
    until: dt.datetime
    taken_over: bool  # its last lease ran out: the worker before died or hung mid-job


@dataclass(frozen=True, slots=True)
class ClaimResult:
    claim: Claim | None
    busy: bool = False  # another worker is printing on this printer now
    expired: tuple[Job, ...] = ()  # drawer kicks closed unsent on the way


Outcome = Literal["printed", "sent", "failed", "expired"]


def backoff(attempts: int) -> dt.timedelta:
    """How long a printer that failed `attempts` times in a row is left alone: 5 s, doubling, at most 5 min."""
    delay: dt.timedelta = BACKOFF_FIRST * 2 ** min(max(attempts - 1, 0), 16)
    return min(delay, BACKOFF_MAX)


def _live(now: dt.datetime) -> ColumnElement[bool]:
    return PrintJob.lease_until.is_not(None) & (PrintJob.lease_until > now)


def printer_busy(session: Session, owner: str, printer_uri: str, now: dt.datetime) -> bool:
    """Whether another worker holds a live lease on a job of this printer."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    PrintJob.status == "pending",
                    PrintJob.printer_uri == printer_uri,
                    PrintJob.lease_owner != owner,
                    _live(now),
                )
            )
        )
    )


def _drawer_too_late(row: PrintJob, now: dt.datetime) -> bool:
    return row.kind == "drawer" and (row.maybe_sent or now - row.created_at > DRAWER_WINDOW)


def claim_next(
    session: Session,
    owner: str,
    printer_uri: str,
    now: dt.datetime,
    lease: dt.timedelta,
    *,
    due_only: bool = False,
    exclude: Collection[uuid.UUID] = (),
) -> ClaimResult:
    """Claim the oldest pending job for `printer_uri` ('' is the shop's printer) until `now + lease`.

    Call it inside `Database.write()`: the transaction is the lock. `due_only` leaves jobs whose backoff has not
    run out (the background worker); a person asking to print now tries them anyway. A drawer kick too old to
    matter, or one that may already have gone out, is closed on the way without being sent.
    """
    if printer_busy(session, owner, printer_uri, now):
        return ClaimResult(None, busy=True)
    rows = session.scalars(
        select(PrintJob)
        .where(PrintJob.status == "pending", PrintJob.printer_uri == printer_uri)
        .order_by(PrintJob.created_at, PrintJob.id)
        .limit(SCAN + len(exclude))
    ).all()
    expired: list[Job] = []
    for row in rows:
        if row.id in exclude:
            continue
        if row.lease_until is not None and row.lease_until > now:
            continue  # our own live lease: a job being sent by this same worker
        if _drawer_too_late(row, now):
            # A kick that may have gone out (its worker died mid-job, or the line dropped after the bytes left)
            # is not sent again; one too late is not sent at all.
            row.status = "sent" if row.maybe_sent else "expired"
            row.lease_owner = row.lease_until = None
            expired.append(job_of(row))
            continue
        if due_only and row.next_try_at is not None and row.next_try_at > now:
            continue
        taken_over = row.lease_owner is not None
        row.lease_owner, row.lease_until = owner, now + lease
        row.attempts += 1
        # Pessimistic until settled: if this worker dies with the bytes on the wire, nobody kicks the drawer again.
        row.maybe_sent = True
        session.flush()
        return ClaimResult(Claim(job_of(row), owner, now + lease, taken_over), expired=tuple(expired))
    session.flush()
    return ClaimResult(None, expired=tuple(expired))


def extend(session: Session, claim: Claim, until: dt.datetime) -> Claim | None:
    """Hold the job longer (a big slip on a slow printer); None when the lease was lost meanwhile."""
    row = session.get(PrintJob, claim.job.id)
    done = row is not None and row.lease_owner == claim.owner and row.status == "pending"
    if row is not None and done:
        row.lease_until = until
    return Claim(claim.job, claim.owner, until, claim.taken_over) if done else None


def settle(
    session: Session,
    claim: Claim,
    outcome: Outcome,
    now: dt.datetime,
    *,
    error: str = "",
    maybe_sent: bool = True,
) -> bool:
    """Record what became of a claimed job and give the lease back; False when this worker no longer held it.

    `printed`: the printer said it had the slip. `sent`: it went out, unconfirmed (`error` says why). `failed`:
    not printed; with `maybe_sent` False nothing of it reached the printer. A failed job waits its backoff and
    stays pending until it has failed `MAX_ATTEMPTS` times; a drawer kick that may have gone out is closed as
    sent, never retried. `expired`: not sent, too late.
    """
    row = session.get(PrintJob, claim.job.id)
    if row is None or row.lease_owner != claim.owner or row.status != "pending":
        return False
    row.lease_owner = row.lease_until = None
    row.maybe_sent = maybe_sent if outcome in ("failed", "expired") else True
    if outcome == "printed":
        row.status, row.printed_at, row.last_error, row.next_try_at = "printed", now, "", None
    elif outcome == "sent":
        row.status, row.printed_at, row.last_error, row.next_try_at = "sent", now, error[:200], None
    elif outcome == "expired":
        row.status = "expired"
    elif row.kind == "drawer" and maybe_sent:
        row.status, row.printed_at, row.last_error = "sent", now, error[:200]
    else:
        row.last_error = error[:200]
        row.status = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
        row.next_try_at = now + backoff(row.attempts)
    return True


def hold_printer(session: Session, printer_uri: str, until: dt.datetime) -> None:
    """After a printer failure, leave every job of that printer until `until`, so they stay in order and the
    printer is not asked again before then by the background worker."""
    session.execute(
        update(PrintJob)
        .where(
            PrintJob.status == "pending",
            PrintJob.printer_uri == printer_uri,
            (PrintJob.next_try_at.is_(None)) | (PrintJob.next_try_at < until),
        )
        .values(next_try_at=until)
    )


def due_printers(session: Session, now: dt.datetime, *, due_only: bool) -> list[str]:
    """The printers with a job to try now: the shop's first, then any a job was sent to by hand."""
    query = select(PrintJob.printer_uri).where(PrintJob.status == "pending").distinct()
    if due_only:
        query = query.where(PrintJob.next_try_at.is_(None) | (PrintJob.next_try_at <= now))
    found = set(session.scalars(query))
    return sorted(found, key=lambda uri: (uri != "", uri))


def next_due(session: Session) -> dt.datetime | None:
    """When the earliest waiting job may be tried (None: nothing waits; `dt.datetime.min` for "now")."""
    waiting, undelayed, earliest = session.execute(
        select(
            func.count(),
            func.count().filter(PrintJob.next_try_at.is_(None)),
            func.min(PrintJob.next_try_at),
        ).where(PrintJob.status == "pending")
    ).one()
    if not waiting:
        return None
    if undelayed or earliest is None:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    return dt.datetime.fromisoformat(str(earliest))


def waiting_for(session: Session, printer_uri: str, *, besides: uuid.UUID | None = None) -> int:
    """How many jobs wait for this printer (leaving out `besides`)."""
    query = select(func.count()).where(PrintJob.status == "pending", PrintJob.printer_uri == printer_uri)
    if besides is not None:
        query = query.where(PrintJob.id != besides)
    return int(session.scalar(query) or 0)

"""What the queue's button and dialog show, read in one go on the database worker; and people's actions on
it, each one short write through the core."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.books.approvals import Actor
from pos.ledger.counter import print_queue
from pos.ledger.counter.print_queue import QueueEntry, QueueStatus
from pos.ledger.shop import settings
from pos.printing.addresses import parse_address


@dataclass(frozen=True, slots=True)
class QueueView:
    status: QueueStatus
    entries: tuple[QueueEntry, ...]
    timezone: str
    read_at: dt.datetime


def read_queue(db: Database) -> QueueView:
    now = utc_now()
    with db.read() as session:
        return QueueView(
            print_queue.status(session, now),
            tuple(print_queue.queue_entries(session, now)),
            settings.load(session).timezone,
            now,
        )


def retry(db: Database, job_id: uuid.UUID | None) -> int:
    with db.write() as session:
        return print_queue.retry_now(session, job_id)


def cancel(db: Database, actor: Actor, job_id: uuid.UUID, reason: str) -> None:
    with db.write() as session:
        print_queue.cancel(session, actor, job_id, reason)


def redirect(db: Database, actor: Actor, job_id: uuid.UUID, address: str) -> None:
    uri = parse_address(address).uri  # a wrong address is refused in words before anything is written
    with db.write() as session:
        print_queue.redirect(session, actor, job_id, uri)

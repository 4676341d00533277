"""The print queue's operations: what its button and dialog show, read in one go, and people's actions on it,
each one short write through the core. Each is a function of a session, run by the screens through `tasks`."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.base.clock import utc_now
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


def read_queue(session: Session) -> QueueView:
    now = utc_now()
    return QueueView(
        print_queue.status(session, now),
        tuple(print_queue.queue_entries(session, now)),
        settings.load(session).timezone,
        now,
    )


def redirect(session: Session, actor: Actor, job_id: uuid.UUID, address: str) -> None:
    uri = parse_address(address).uri  # a wrong address is refused in words before anything is written
    print_queue.redirect(session, actor, job_id, uri)

"""A consignor's statement on the receipt printer: read from the settlement it closes, and queued once with it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import local
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.books.approvals import Actor
from pos.ledger.counter import print_queue
from pos.ledger.schema import Consignment, PrintJob
from pos.ledger.shop import settings
from pos.ledger.slips.receipts import shop_header
from pos.ledger.slips.slip_types import ConsignorSlip
from pos.ledger.stock.consignment import Settlement, settle
from pos.ledger.stock.consignor_statement import settlement_statement

JOB_KIND = "consignor"


def consignor_slip(session: Session, settlement_id: uuid.UUID, *, is_copy: bool = False) -> ConsignorSlip:
    """The statement of a settlement, as its slip prints it."""
    row = session.get(Consignment, settlement_id)
    if row is None:
        raise NotFound(N_("Settlement not found."))
    statement = settlement_statement(session, settlement_id)
    at = local(row.created_at, settings.load(session).timezone)
    return ConsignorSlip(shop_header(session), statement, at, row.paid_with, is_copy)


def queue_statement(session: Session, settlement_id: uuid.UUID, *, at: dt.datetime | None = None) -> uuid.UUID:
    """Queue the settlement's statement for the consignor, in the caller's transaction: once. Asked again (a
    double click, a retried call), it answers the job already queued rather than print a second original; a
    further copy is a reprint, marked as one."""
    if session.get(Consignment, settlement_id) is None:
        raise NotFound(N_("Settlement not found."))
    if not print_queue.printer_configured(session):
        raise InvalidInput(N_("No receipt printer is set up."))
    queued = session.scalar(
        select(PrintJob.id).where(
            PrintJob.kind == JOB_KIND, PrintJob.source_id == settlement_id, PrintJob.is_copy.is_(False)
        )
    )
    if queued is not None:
        return queued
    return print_queue.enqueue(session, JOB_KIND, settlement_id, at=at)


def print_again(session: Session, settlement_id: uuid.UUID, *, at: dt.datetime | None = None) -> uuid.UUID:
    """The settlement's statement once more: a copy (SALINAN) when the original was queued, else the original."""
    if session.get(Consignment, settlement_id) is None:
        raise NotFound(N_("Settlement not found."))
    queued = session.scalar(
        select(PrintJob.id).where(
            PrintJob.kind == JOB_KIND, PrintJob.source_id == settlement_id, PrintJob.is_copy.is_(False)
        )
    )
    if queued is None:
        return queue_statement(session, settlement_id, at=at)
    if not print_queue.printer_configured(session):
        raise InvalidInput(N_("No receipt printer is set up."))
    return print_queue.reprint(session, JOB_KIND, settlement_id, at=at)


def settle_and_print(
    session: Session, actor: Actor, consignor_id: uuid.UUID, *, printed: bool, **how: Any
) -> tuple[Settlement, uuid.UUID | None]:
    """Settle with the consignor (`consignment.settle`, with `how`) and, when `printed` and a printer is set up,
    queue their statement in the same transaction: the slip prints if and only if the settlement is booked."""
    done = settle(session, actor, consignor_id, **how)
    job = None
    if printed and print_queue.printer_configured(session):
        job = queue_statement(session, done.consignment_id, at=how.get("at"))
    return done, job

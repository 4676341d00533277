"""The slip a queued print job prints: the one place that knows which reader fills in each kind of job."""

from __future__ import annotations

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.counter import print_queue
from pos.ledger.shop import settings
from pos.ledger.slips.consignor_slips import JOB_KIND as CONSIGNOR
from pos.ledger.slips.consignor_slips import consignor_slip
from pos.ledger.slips.order_slips import JOB_KINDS, order_slip
from pos.ledger.slips.price_labels import slip_from_payload
from pos.ledger.slips.receipts import (
    PAYLOAD_KINDS,
    receipt_for_sale,
    shop_header,
    slip_for_payload,
    slip_for_return,
    slip_for_shift_close,
    slip_for_x_report,
)
from pos.ledger.slips.slip_types import AnySlip
from pos.ledger.slips.tickets import ticket_for_sale


def slip_for_job(session: Session, job: print_queue.Job) -> AnySlip | None:
    """The slip a queued job prints; None for a job that only opens the drawer."""
    if job.kind == "drawer":
        return None
    if job.kind in PAYLOAD_KINDS:
        tz = settings.load(session).timezone
        # A job is queued in the transaction of what it prints, so its own time is the event's when none is given.
        payload = {"at": job.created_at.isoformat(), **job.payload}
        return slip_for_payload(job.kind, payload, shop=shop_header(session), timezone=tz, is_copy=job.is_copy)
    if job.kind == "labels":
        return slip_from_payload(job.payload)
    if job.kind == "x_report":
        # Queued with the shift's id it prints even after the shift has closed; the time is when it was asked for.
        return slip_for_x_report(session, job.source_id, at=job.created_at)
    if job.source_id is None:
        raise InvalidInput(N_("The slip cannot be printed: its '{field}' is missing or wrong."), field="source_id")
    if job.kind == "receipt":
        return receipt_for_sale(session, job.source_id, is_copy=job.is_copy)
    if job.kind == "refund":
        return slip_for_return(session, job.source_id, is_copy=job.is_copy)
    if job.kind in ("shift_close", "z_report"):
        return slip_for_shift_close(session, job.source_id, is_copy=job.is_copy)
    if job.kind == "ticket":
        return ticket_for_sale(session, job.source_id, is_copy=job.is_copy)
    if job.kind == CONSIGNOR:
        return consignor_slip(session, job.source_id, is_copy=job.is_copy)
    if job.kind in ("order_slip", "delivery_slip"):
        return order_slip(session, job.source_id, JOB_KINDS[job.kind], is_copy=job.is_copy)
    raise InvalidInput(N_("Unknown kind of slip '{kind}'."), kind=job.kind)

"""What the receive-goods dialog reads, and its new supplier, as functions of a session for the database worker
(no widget is touched here): the suppliers and the shop's today, whether a product tracks expiry."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.reports.dashboard import shop_today
from pos.ledger.stock.batches import tracking_expiry
from pos.ledger.stock.purchases import add_supplier, suppliers


@dataclass(frozen=True, slots=True)
class ReceivingFacts:
    suppliers: list[tuple[uuid.UUID, str, int]]
    today: dt.date


def read_suppliers(session: Session) -> ReceivingFacts:
    return ReceivingFacts(suppliers(session), shop_today(session))


def read_tracking(session: Session, product_id: uuid.UUID) -> tuple[uuid.UUID, bool]:
    return product_id, product_id in tracking_expiry(session, [product_id])


def write_supplier(session: Session, name: str) -> tuple[uuid.UUID, str]:
    return add_supplier(session, name), name.strip()

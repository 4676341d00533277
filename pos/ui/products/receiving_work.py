"""What the receive-goods dialog reads and writes, as functions for the database worker (no widget is touched
here): the suppliers and the shop's today, whether a product tracks expiry, and the core's receiving services."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from pos.ledger.base.db import Database
from pos.ledger.books.approvals import Actor
from pos.ledger.reports.dashboard import shop_today
from pos.ledger.stock.batches import tracking_expiry
from pos.ledger.stock.consignment_receiving import ConsignedItem, receive_on_terms
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods, suppliers


@dataclass(frozen=True, slots=True)
class ReceivingFacts:
    suppliers: list[tuple[uuid.UUID, str, int]]
    today: dt.date


def read_suppliers(db: Database) -> ReceivingFacts:
    with db.read() as session:
        return ReceivingFacts(suppliers(session), shop_today(session))


def read_tracking(db: Database, product_id: uuid.UUID) -> tuple[uuid.UUID, bool]:
    with db.read() as session:
        return product_id, product_id in tracking_expiry(session, [product_id])


def write_consigned(
    db: Database, actor: Actor, consignor_id: uuid.UUID, items: list[ConsignedItem], note: str
) -> uuid.UUID:
    with db.write() as session:
        return receive_on_terms(session, actor, consignor_id, items, note=note)


def write_supplier(db: Database, name: str) -> tuple[uuid.UUID, str]:
    with db.write() as session:
        return add_supplier(session, name), name.strip()


def write_receipt(
    db: Database,
    actor: Actor,
    items: list[PurchaseItem],
    supplier_id: uuid.UUID | None,
    paid_with: str,
    invoice_no: str,
    due_on: dt.date | None = None,
) -> uuid.UUID:
    with db.write() as session:
        return receive_goods(
            session, actor, items, supplier_id=supplier_id, paid_with=paid_with, invoice_no=invoice_no, due_on=due_on
        )

"""Price labels for the shop's goods and shelves: what each label says, and queuing them for the receipt printer.

The owner picks products and how many labels of each; a product with no EAN-13 of its own gets one from the
shop's in-store range first (`stock.own_barcodes`), so every label carries a barcode that rings the product up.
Labels for the receipt printer are a print job like a receipt, printed once whatever the retries; the job
carries the labels as they were asked for, so a price changed later does not change a label already queued.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.counter import print_queue
from pos.ledger.slips.slip_types import LabelSlip, PriceLabel
from pos.ledger.stock.own_barcodes import give_barcode, is_label_code
from pos.ledger.stock.product_records import get_product

MAX_COPIES: Final = 1000  # of one product in one run
MAX_LABELS: Final = 5000  # in one run: a hundred A4 sheets of 5 x 13, or a long roll on the receipt printer
MAX_NAME: Final = 120


@dataclass(frozen=True, slots=True)
class LabelRequest:
    product_id: uuid.UUID
    copies: int = 1


def _checked(requests: Sequence[LabelRequest]) -> None:
    if not requests:
        raise InvalidInput(N_("Choose at least one product to print labels for."))
    for request in requests:
        if not 1 <= request.copies <= MAX_COPIES:
            raise InvalidInput(N_("The number of labels for a product must be from 1 to {n}."), n=MAX_COPIES)
    if sum(r.copies for r in requests) > MAX_LABELS:
        raise InvalidInput(N_("At most {n} labels can be printed at once."), n=MAX_LABELS)


def prepare(
    session: Session,
    actor: Actor,
    requests: Sequence[LabelRequest],
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> list[PriceLabel]:
    """The labels to print, each product's `copies` times in the order asked; a product without an EAN-13 is
    given one first (an owner's change, in the caller's transaction)."""
    _checked(requests)
    when = at or utc_now()
    labels: list[PriceLabel] = []
    for request in requests:
        product = get_product(session, request.product_id)
        code = give_barcode(session, actor, request.product_id, approvals=approvals, at=when)
        label = PriceLabel(product.name, product.price.rupiah, code, product.unit, product.is_weighed)
        labels.extend([label] * request.copies)
    return labels


def _payload(labels: Sequence[PriceLabel]) -> dict[str, Any]:
    # Runs of the same label are kept once with a count: 500 copies of one product are one item, not 500.
    items: list[dict[str, Any]] = []
    for label in labels:
        item = {"name": label.name, "price": label.price, "barcode": label.barcode, "unit": label.unit}
        item["weighed"] = label.is_weighed
        if items and all(items[-1][k] == v for k, v in item.items()):
            items[-1]["copies"] += 1
        else:
            items.append({**item, "copies": 1})
    return {"labels": items}


def queue_labels(
    session: Session,
    labels: Sequence[PriceLabel],
    *,
    at: dt.datetime | None = None,
    printer_uri: str = print_queue.SHOP_PRINTER,
) -> uuid.UUID:
    """Queue `labels` for the shop's receipt printer (or the one at `printer_uri`), in the caller's transaction;
    the job prints them once."""
    if not labels:
        raise InvalidInput(N_("Choose at least one product to print labels for."))
    if len(labels) > MAX_LABELS:
        raise InvalidInput(N_("At most {n} labels can be printed at once."), n=MAX_LABELS)
    for label in labels:
        _check_label(label)
    return print_queue.enqueue(session, "labels", payload=_payload(labels), at=at, printer_uri=printer_uri)


def _check_label(label: PriceLabel) -> None:
    if not is_label_code(label.barcode):
        raise InvalidInput(N_("'{code}' is not an EAN-13 barcode with a right check digit."), code=label.barcode)
    if label.price < 0:
        raise InvalidInput(N_("A price cannot be negative."))


def _broken(field: str) -> InvalidInput:
    return InvalidInput(N_("The slip cannot be printed: its '{field}' is missing or wrong."), field=field)


def _item(raw: Mapping[str, Any]) -> tuple[PriceLabel, int]:
    name, price, code, unit, copies = (raw.get(k) for k in ("name", "price", "barcode", "unit", "copies"))
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise _broken("name")
    if not isinstance(price, int) or isinstance(price, bool):
        raise _broken("price")
    if not isinstance(code, str) or not isinstance(unit, str):
        raise _broken("barcode")
    if not isinstance(copies, int) or isinstance(copies, bool) or not 1 <= copies <= MAX_LABELS:
        raise _broken("copies")
    label = PriceLabel(name, price, code, unit[:16], bool(raw.get("weighed", False)))
    _check_label(label)
    return label, copies


def slip_from_payload(payload: Mapping[str, Any]) -> LabelSlip:
    """The labels a queued job prints, checked again: a job's payload is read back from the database."""
    items = payload.get("labels")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise _broken("labels")
    labels: list[PriceLabel] = []
    for raw in items:
        label, copies = _item(raw)
        labels.extend([label] * copies)
    if len(labels) > MAX_LABELS:
        raise _broken("copies")
    return LabelSlip(tuple(labels))

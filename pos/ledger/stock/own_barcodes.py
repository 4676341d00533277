"""EAN-13 numbers the shop makes for its own goods, from GS1's in-store range (prefixes 20-29).

A product with no EAN-13 gets the next free number under the shop's prefix (`labels.ean_prefix`), check digit
computed, so a label can be printed for it. A number is never one the shop already has on any product, and never
one that the shop's scale could print for a weighed or priced item (the prefix is shared with scale labels when
`barcode.instore_formats` claims it): a number whose item-code digits are a product's PLU is skipped. Giving a
product a barcode is an owner's change, made and synced exactly as a barcode typed in the product form.

Each device numbers in its own block (the first three digits after the prefix, from its code: A, B...), so two
owner's devices giving numbers while offline never give one number to two products.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.replication import authority
from pos.ledger.schema import ProductBarcode
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import (
    EAN13_LENGTH,
    IN_STORE_PREFIXES,
    InStoreFormat,
    ean13_with_check,
    is_valid_gtin,
    parse_formats,
)
from pos.ledger.stock.product_records import BarcodeSpec, find_by_plu, get_product
from pos.ledger.stock.products import add_barcode

SERIAL_DIGITS: Final = EAN13_LENGTH - 3  # prefix (2) + serial (10) + check digit (1)
BLOCK: Final = 10**7  # numbers in one device's block: the serial is block (3 digits) and number (7)
MAX_SKIPS: Final = 10_000  # numbers passed over for one new one; beyond this something is wrong with the range


def in_store_code(prefix: str, serial: int) -> str:
    """The EAN-13 for `serial` (0 to 9,999,999,999) under an in-store `prefix` (20-29), check digit included."""
    if prefix not in IN_STORE_PREFIXES:
        raise InvalidInput(
            N_("The prefix for the shop's own barcodes must be between 20 and 29, not '{prefix}'."), prefix=prefix
        )
    if not 0 <= serial < 10**SERIAL_DIGITS:
        raise Conflict(N_("The shop's own barcodes under prefix {prefix} are used up."), prefix=prefix)
    return ean13_with_check(f"{prefix}{serial:0{SERIAL_DIGITS}d}")


def is_label_code(code: str) -> bool:
    """Whether `code` can be printed as an EAN-13 that scans back as itself: 13 digits with a right check digit."""
    return len(code) == EAN13_LENGTH and is_valid_gtin(code)


def label_code_of(session: Session, product_id: uuid.UUID) -> str | None:
    """The EAN-13 a label of this product prints: its single-piece barcode first, or None when it has none."""
    rows = session.execute(
        select(ProductBarcode.barcode, ProductBarcode.pack_milli)
        .where(ProductBarcode.product_id == product_id)
        .order_by(ProductBarcode.pack_milli != 1000, ProductBarcode.barcode)
    ).all()
    return next((r.barcode for r in rows if is_label_code(r.barcode)), None)


def _scale_step(session: Session, code: str, formats: Sequence[InStoreFormat]) -> int:
    """0 when no scale label can be `code`; otherwise how far to move the serial so the item-code digits change
    (every number until then would carry the same PLU)."""
    for layout in formats:
        if code[:2] in layout.prefixes:
            if find_by_plu(session, layout.decode(code).item_code or "") is None:
                return 0
            return int(10 ** (EAN13_LENGTH - 2 - layout.pattern.rindex("I")))
    return 0


def scale_items(session: Session) -> dict[str, str]:
    """Item code -> a barcode the shop holds that the scale would also print for that item code (at some weight
    or price). A new PLU must not be one of these: the counter would ring up the barcode's product instead."""
    formats = parse_formats(settings.load(session).barcode_instore_formats)
    claimed = sorted({p for layout in formats for p in layout.prefixes})
    if not claimed:
        return {}
    rows = session.scalars(
        select(ProductBarcode.barcode).where(
            func.length(ProductBarcode.barcode) == EAN13_LENGTH, func.substr(ProductBarcode.barcode, 1, 2).in_(claimed)
        )
    )
    found: dict[str, str] = {}
    for code in rows:
        if not is_label_code(code):
            continue
        for layout in formats:
            if code[:2] in layout.prefixes:
                found.setdefault(layout.decode(code).item_code or "", code)
    return found


def scale_clash(session: Session, plu: str) -> str | None:
    """The barcode the scale's labels for `plu` could be read as, or None."""
    return scale_items(session).get(plu.strip())


def device_block(session: Session) -> int:
    """This device's block of numbers (0-999), from its code as a base-36 number: A is 10, B 11."""
    code = local_device(session).code
    try:
        return int(code, 36) % 1000
    except ValueError:
        return 0


def next_code(session: Session, prefix: str | None = None, *, formats: Sequence[InStoreFormat] | None = None) -> str:
    """The next free in-store EAN-13 under `prefix` (default: the shop's setting), not yet given to anything."""
    values = settings.load(session)
    chosen = prefix if prefix is not None else values.labels_ean_prefix
    layouts = formats if formats is not None else parse_formats(values.barcode_instore_formats)
    in_store_code(chosen, 0)  # the prefix itself is checked before anything is read
    block = device_block(session)
    highest = session.scalar(
        select(func.max(ProductBarcode.barcode)).where(
            ProductBarcode.barcode.like(f"{chosen}{block:03d}%"), func.length(ProductBarcode.barcode) == EAN13_LENGTH
        )
    )
    # Numbers go up from the highest one in this device's block; one typed by hand beyond it only moves the start.
    serial = int(highest[2:12]) + 1 if highest and highest[2:12].isdigit() else block * BLOCK + 1
    for _tries in range(MAX_SKIPS):
        code = in_store_code(chosen, serial)
        step = _scale_step(session, code, layouts)
        if step:
            serial = (serial // step + 1) * step
            continue
        if session.scalar(select(ProductBarcode.product_id).where(ProductBarcode.barcode == code)) is None:
            return code
        serial += 1
    raise Conflict(N_("No free barcode was found under prefix {prefix}; choose another prefix."), prefix=chosen)


def give_barcode(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> str:
    """The product's EAN-13 for labels: the one it has, or a new in-store number given to it now (an owner's
    change: synced as any barcode and audited)."""
    found = label_code_of(session, product_id)
    if found is not None:
        return found
    when = at or utc_now()
    authority.require_local(session, "product_barcodes", "", {"barcode": None})
    approved_by = require(actor, "edit_product", approvals, when)
    product = get_product(session, product_id)
    code = next_code(session)
    add_barcode(session, product_id, BarcodeSpec(code))
    audit.record(
        session,
        "product.barcode",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        detail={"product": product.name, "barcode": code},
    )
    return code

"""Products as the counter needs them: adding them with their barcodes, and finding one by a scan.

The back office (editing, archiving, categories, price history, search) builds on this module.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, or_, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import ProductId, new_id
from pos.ledger.base.money import MILLI, ZERO, Money
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Product, ProductBarcode, ProductModifierGroup, ProductOption, ProductVariant, core
from pos.ledger.schema.catalog import BARCODE_LENGTH, PLU_LENGTH, PRODUCT_NAME_LENGTH, SKU_LENGTH, UNIT_LENGTH


@dataclass(frozen=True, slots=True)
class BarcodeSpec:
    """A barcode to attach: a single piece by default, or a pack of `pack_units` with its own price."""

    code: str
    pack_milli: int = MILLI
    pack_price: Money | None = None


@dataclass(frozen=True, slots=True)
class ProductInfo:
    id: ProductId
    name: str
    sku: str | None
    plu: str | None
    unit: str
    price: Money
    cost: Money
    ppn_exempt: bool
    is_weighed: bool
    is_active: bool


@dataclass(frozen=True, slots=True)
class Asks:
    """What the counter must ask before a scanned product goes in the cart: which of its variants (it comes in
    options), and which add-ons (it, or the product it is a variant of, offers add-on groups)."""

    variant: bool = False
    addons: bool = False

    def __bool__(self) -> bool:
        return self.variant or self.addons


@dataclass(frozen=True, slots=True)
class BarcodeHit:
    """A product found by one of its barcodes, with the pack that barcode stands for."""

    product: ProductInfo
    barcode: str
    pack_milli: int
    pack_price: Money | None
    asks: Asks = Asks()

    @property
    def price_per_pack(self) -> Money:
        if self.pack_price is not None:
            return self.pack_price
        return self.product.price.times_milli(self.pack_milli)


_PRODUCT_COLUMNS = (
    Product.id,
    Product.name,
    Product.sku,
    Product.plu,
    Product.unit,
    Product.price,
    Product.cost,
    Product.ppn_exempt,
    Product.is_weighed,
    Product.is_active,
)


def _info(row: Any) -> ProductInfo:
    return ProductInfo(
        ProductId(row.id),
        row.name,
        row.sku,
        row.plu,
        row.unit,
        Money(row.price),
        Money(row.cost),
        bool(row.ppn_exempt),
        bool(row.is_weighed),
        bool(row.is_active),
    )


def check_lengths(
    *, name: str | None = None, sku: str | None = None, plu: str | None = None, unit: str | None = None
) -> None:
    """Refuses a product's text longer than its column: SQLite would keep it whole, and a receipt, a label or a
    replica with the declared length would not."""
    if name is not None and len(name) > PRODUCT_NAME_LENGTH:
        raise InvalidInput(N_("A product name has at most {n} characters."), n=PRODUCT_NAME_LENGTH)
    if sku is not None and len(sku) > SKU_LENGTH:
        raise InvalidInput(N_("An SKU has at most {n} characters."), n=SKU_LENGTH)
    if plu is not None and len(plu) > PLU_LENGTH:
        raise InvalidInput(N_("An item code has at most {n} characters."), n=PLU_LENGTH)
    if unit is not None and len(unit) > UNIT_LENGTH:
        raise InvalidInput(N_("A unit has at most {n} characters."), n=UNIT_LENGTH)


def add_product(
    session: Session,
    name: str,
    price: Money,
    *,
    cost: Money = ZERO,
    sku: str | None = None,
    plu: str | None = None,
    unit: str = "pcs",
    barcodes: Sequence[BarcodeSpec] = (),
    ppn_exempt: bool = False,
    is_weighed: bool = False,
    low_stock: int = 0,
    at: dt.datetime | None = None,
    product_id: uuid.UUID | None = None,
) -> ProductId:
    """Create a product with its barcodes; refuses a blank name, negative money or a barcode already in use."""
    clean = name.strip()
    if not clean:
        raise InvalidInput(N_("The product needs a name."))
    if price.rupiah < 0 or cost.rupiah < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    codes = [b.code.strip() for b in barcodes]
    check_lengths(name=clean, sku=sku, plu=plu, unit=unit)
    if any(not c for c in codes):
        raise InvalidInput(N_("A barcode cannot be empty."))
    too_long = next((c for c in codes if len(c) > BARCODE_LENGTH), None)
    if too_long:
        raise InvalidInput(N_("Barcode {code} is longer than {n} characters."), code=too_long, n=BARCODE_LENGTH)
    if len(set(codes)) != len(codes):
        raise InvalidInput(N_("The same barcode is listed twice."))
    if codes:
        taken = (
            session.execute(select(ProductBarcode.barcode).where(ProductBarcode.barcode.in_(codes))).scalars().first()
        )
        if taken:
            raise Conflict(N_("Barcode {code} already belongs to another product."), code=taken)
    for b in barcodes:
        if b.pack_milli <= 0:
            raise InvalidInput(N_("A pack must hold more than zero."))
        if b.pack_price is not None and b.pack_price.rupiah < 0:
            raise InvalidInput(N_("A price cannot be negative."))
    if sku and session.execute(select(Product.id).where(Product.sku == sku)).first():
        raise Conflict(N_("SKU {sku} is already used by another product."), sku=sku)
    if plu and session.execute(select(Product.id).where(Product.plu == plu)).first():
        raise Conflict(N_("Item code {plu} is already used by another product."), plu=plu)
    pid = product_id or new_id()
    row = {
        "id": pid,
        "name": clean,
        "sku": sku or None,
        "plu": plu or None,
        "unit": unit,
        "price": price.rupiah,
        "cost": cost.rupiah,
        "ppn_exempt": ppn_exempt,
        "is_weighed": is_weighed,
        "low_stock_milli": low_stock,
        "is_active": True,
        "hlc": "",
    }
    session.execute(insert(core(Product)), [row])
    barcode_rows = [
        {
            "barcode": code,
            "product_id": pid,
            "pack_milli": b.pack_milli,
            "pack_price": b.pack_price.rupiah if b.pack_price is not None else None,
        }
        for code, b in zip(codes, barcodes, strict=True)
    ]
    if barcode_rows:
        session.execute(insert(core(ProductBarcode)), barcode_rows)
    when = at or utc_now()
    shared = {k: v for k, v in row.items() if k not in ("id", "hlc")}
    record_change(session, "products", pid, shared, when)
    for barcode in barcode_rows:
        record_change(
            session, "product_barcodes", barcode["barcode"], {k: v for k, v in barcode.items() if k != "barcode"}, when
        )
    return ProductId(pid)


def get_product(session: Session, product_id: uuid.UUID) -> ProductInfo:
    row = session.execute(select(*_PRODUCT_COLUMNS).where(Product.id == product_id)).first()
    if row is None:
        raise NotFound(N_("Product not found."))
    return _info(row)


# Whether a scan must ask for a variant or add-ons, read in the scan's own query (two indexed lookups), so a plain
# product costs the counter no second query.
_ASKS = (
    select(ProductOption.id).where(ProductOption.product_id == Product.id).exists().label("asks_variant"),
    select(ProductModifierGroup.id)
    .where(
        or_(
            ProductModifierGroup.product_id == Product.id,
            ProductModifierGroup.product_id
            == select(ProductVariant.parent_id).where(ProductVariant.product_id == Product.id).scalar_subquery(),
        )
    )
    .exists()
    .label("asks_addons"),
)


def _asks(row: Any) -> Asks:
    return Asks(bool(row.asks_variant), bool(row.asks_addons))


def product_with_asks(session: Session, product_id: uuid.UUID) -> tuple[ProductInfo, Asks]:
    """A product chosen by name, with what the counter must ask before it goes in the cart, in one query."""
    row = session.execute(select(*_PRODUCT_COLUMNS, *_ASKS).where(Product.id == product_id)).first()
    if row is None:
        raise NotFound(N_("Product not found."))
    return _info(row), _asks(row)


# Built once: a scan is the most frequent query the counter makes, and building the statement cost more than
# running it.
_BY_BARCODE = (
    select(*_PRODUCT_COLUMNS, ProductBarcode.pack_milli, ProductBarcode.pack_price, *_ASKS)
    .join(ProductBarcode, ProductBarcode.product_id == Product.id)
    .where(ProductBarcode.barcode == bindparam("code"))
)


def find_by_barcode(session: Session, code: str) -> BarcodeHit | None:
    """The product a barcode belongs to (one indexed lookup), or None.

    A UPC-A label is the EAN-13 with a leading zero: a scanner may send either form, and an imported list may keep
    either (an import restores the zero a spreadsheet dropped), so a miss tries the other form once."""
    row = session.connection().execute(_BY_BARCODE, {"code": code}).first()
    if row is None and code.isdigit() and (len(code) == 12 or (len(code) == 13 and code.startswith("0"))):
        row = session.connection().execute(_BY_BARCODE, {"code": "0" + code if len(code) == 12 else code[1:]}).first()
    if row is None:
        return None
    pack_price = None if row.pack_price is None else Money(row.pack_price)
    return BarcodeHit(_info(row), code, row.pack_milli, pack_price, _asks(row))


_BY_PLU = select(*_PRODUCT_COLUMNS, *_ASKS).where(Product.plu == bindparam("plu"))


def find_by_plu(session: Session, plu: str) -> tuple[ProductInfo, Asks] | None:
    """The product whose item code is carried in an in-store (weighed or priced) barcode, and what the counter
    must ask before it goes in the cart."""
    row = session.connection().execute(_BY_PLU, {"plu": plu}).first()
    return None if row is None else (_info(row), _asks(row))

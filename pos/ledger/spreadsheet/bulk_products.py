"""Many new products written at once with `catalog.add_product`'s checks: multi-row inserts, the search indexes
filled in one pass each, and the outbox's product changes in batches (see `spreadsheet` for why).
"""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import ProductId, new_id
from pos.ledger.base.money import ZERO, Money
from pos.ledger.replication.changes import record_changes
from pos.ledger.schema import Product, ProductBarcode
from pos.ledger.stock.own_barcodes import scale_items
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.search_index import bulk_indexing

_EVENT_BATCH: Final = 500
_PRODUCTS: Final = Product.metadata.tables["products"]
_BARCODES: Final = Product.metadata.tables["product_barcodes"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a large import without Python's cyclic garbage collector, turning it back on after.

    An import holds hundreds of thousands of rows, none of them in a reference cycle; as they pile up the
    collector walks them again and again (thousands of passes, a fifth of a 100,000-product import's time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class NewProduct:
    """A product for `bulk_add_products`: the arguments of `catalog.add_product`, plus its category."""

    name: str
    price: Money
    cost: Money = ZERO
    sku: str | None = None
    plu: str | None = None
    unit: str = "pcs"
    barcodes: Sequence[BarcodeSpec] = ()
    ppn_exempt: bool = False
    is_weighed: bool = False
    low_stock: int = 0  # thousandths of the unit, like add_product's
    category_id: uuid.UUID | None = None


def _taken(session: Session, column: InstrumentedAttribute[Any], values: Iterable[str]) -> list[str]:
    """Which of `values` `column` already holds, asked in chunks under SQLite's limit on parameters."""
    out: list[str] = []
    pending = list(dict.fromkeys(values))
    for start in range(0, len(pending), 500):
        out.extend(session.execute(select(column).where(column.in_(pending[start : start + 500]))).scalars())
    return out


def bulk_add_products(
    session: Session, items: Sequence[NewProduct], *, at: dt.datetime | None = None
) -> list[ProductId]:
    """Add many products at once with `catalog.add_product`'s checks, in the caller's transaction.

    Refuses the whole batch (writing nothing) for a blank name, negative money, an empty or repeated barcode,
    a barcode, SKU or item code already in use (in the shop or earlier in the batch), or a pack of nothing.
    """
    codes: list[str] = []
    skus: list[str] = []
    plus: list[str] = []
    for item in items:
        if not item.name.strip():
            raise InvalidInput(N_("The product needs a name."))
        if item.price.rupiah < 0 or item.cost.rupiah < 0:
            raise InvalidInput(N_("A price cannot be negative."))
        for spec in item.barcodes:
            if not spec.code.strip():
                raise InvalidInput(N_("A barcode cannot be empty."))
            if spec.pack_milli <= 0:
                raise InvalidInput(N_("A pack must hold more than zero."))
            if spec.pack_price is not None and spec.pack_price.rupiah < 0:
                raise InvalidInput(N_("A price cannot be negative."))
            codes.append(spec.code.strip())
        if item.sku:
            skus.append(item.sku)
        if item.plu:
            plus.append(item.plu)
    for values, msgid, param in (
        (codes, N_("Barcode {code} already belongs to another product."), "code"),
        (skus, N_("SKU {sku} is already used by another product."), "sku"),
        (plus, N_("Item code {plu} is already used by another product."), "plu"),
    ):
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise InvalidInput(msgid, **{param: value})
            seen.add(value)
    for column, values, msgid, param in (
        (ProductBarcode.barcode, codes, N_("Barcode {code} already belongs to another product."), "code"),
        (Product.sku, skus, N_("SKU {sku} is already used by another product."), "sku"),
        (Product.plu, plus, N_("Item code {plu} is already used by another product."), "plu"),
    ):
        taken = _taken(session, column, values)
        if taken:
            raise InvalidInput(msgid, **{param: taken[0]})
    if plus:
        on_scale = scale_items(session)
        for plu in plus:
            if plu in on_scale:
                raise InvalidInput(
                    N_("PLU {plu} would make the scale print labels that read as barcode {code}; choose another PLU."),
                    plu=plu,
                    code=on_scale[plu],
                )
    with collector_paused():
        return insert_products(session, items, at or utc_now())


def insert_products(session: Session, items: Sequence[NewProduct], when: dt.datetime) -> list[ProductId]:
    """Write already-checked products: two multi-row inserts, both search indexes filled in one pass each, and
    their outbox events in batches."""
    with bulk_indexing(session) as base:
        return _write_products(session, items, when, base)


def _write_products(session: Session, items: Sequence[NewProduct], when: dt.datetime, base: int) -> list[ProductId]:
    rows: list[dict[str, Any]] = []
    codes: list[dict[str, Any]] = []
    ids: list[ProductId] = []
    for n, item in enumerate(items, base + 1):
        pid = new_id()
        ids.append(ProductId(pid))
        row: dict[str, Any] = {
            "id": pid,
            "search_rowid": n,
            "name": item.name.strip(),
            "sku": item.sku or None,
            "plu": item.plu or None,
            "category_id": item.category_id,
            "unit": item.unit,
            "price": item.price.rupiah,
            "cost": item.cost.rupiah,
            "ppn_exempt": item.ppn_exempt,
            "is_weighed": item.is_weighed,
            "low_stock_milli": item.low_stock,
            "is_active": True,
            "hlc": "",
        }
        mine = [
            {
                "barcode": spec.code.strip(),
                "product_id": pid,
                "pack_milli": spec.pack_milli,
                "pack_price": spec.pack_price.rupiah if spec.pack_price is not None else None,
            }
            for spec in item.barcodes
        ]
        rows.append(row)
        codes.extend(mine)
    # Core inserts on the tables: the ORM's per-row bookkeeping adds nothing for plain rows like these.
    if rows:
        session.execute(insert(_PRODUCTS), rows)
    if codes:
        session.execute(insert(_BARCODES), codes)
    # Shared with the other counters as batches of master-data changes, one clock per batch.
    shared = [(r["id"], {k: v for k, v in r.items() if k not in ("id", "hlc", "search_rowid")}) for r in rows]
    for start in range(0, len(shared), _EVENT_BATCH):
        record_changes(session, "products", shared[start : start + _EVENT_BATCH], when)
    barcodes = [(c["barcode"], {k: v for k, v in c.items() if k != "barcode"}) for c in codes]
    for start in range(0, len(barcodes), _EVENT_BATCH):
        record_changes(session, "product_barcodes", barcodes[start : start + _EVENT_BATCH], when)
    return ids

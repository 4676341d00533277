"""Which of the shop's products a product sheet's row stands for, and what importing it would change: the shop read
once into a `ShopIndex`, the row matched by SKU, barcode or item code, or name (see `spreadsheet`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.money import MILLI, Money
from pos.ledger.schema import Category, Product, ProductBarcode
from pos.ledger.spreadsheet.product_cells import ProductRow
from pos.ledger.spreadsheet.sheet_rows import (
    RowReader,
    name_key,
)
from pos.ledger.stock import products
from pos.ledger.stock.product_records import BarcodeSpec


@dataclass(frozen=True, slots=True)
class Existing:
    id: uuid.UUID
    name: str
    sku: str | None
    plu: str | None
    unit: str
    price: int
    cost: int
    ppn_exempt: bool
    is_weighed: bool
    low_stock_milli: int
    category_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class ShopIndex:
    """What an import is checked against, read in a few queries."""

    products: dict[uuid.UUID, Existing]
    by_sku: dict[str, uuid.UUID]
    by_plu: dict[str, uuid.UUID]
    by_name: dict[str, list[uuid.UUID]]
    barcodes: dict[str, tuple[uuid.UUID, int, int | None]]
    categories: dict[str, uuid.UUID]

    @staticmethod
    def load(session: Session) -> ShopIndex:
        found: dict[uuid.UUID, Existing] = {}
        by_sku: dict[str, uuid.UUID] = {}
        by_plu: dict[str, uuid.UUID] = {}
        by_name: dict[str, list[uuid.UUID]] = {}
        for r in session.execute(
            select(
                Product.id,
                Product.name,
                Product.sku,
                Product.plu,
                Product.unit,
                Product.price,
                Product.cost,
                Product.ppn_exempt,
                Product.is_weighed,
                Product.low_stock_milli,
                Product.category_id,
            )
        ):
            found[r.id] = Existing(*r)
            if r.sku:
                by_sku[r.sku] = r.id
            if r.plu:
                by_plu[r.plu] = r.id
            by_name.setdefault(name_key(r.name), []).append(r.id)
        codes = {
            r.barcode: (r.product_id, r.pack_milli, r.pack_price)
            for r in session.execute(
                select(
                    ProductBarcode.barcode,
                    ProductBarcode.product_id,
                    ProductBarcode.pack_milli,
                    ProductBarcode.pack_price,
                )
            )
        }
        categories = {name_key(name): cid for cid, name in session.execute(select(Category.id, Category.name))}
        return ShopIndex(found, by_sku, by_plu, by_name, codes, categories)


def match_product(row: ProductRow, shop: ShopIndex, reader: RowReader) -> uuid.UUID | None:
    """The existing product this row stands for (see the module's docstring), or None for a new one."""
    match: uuid.UUID | None = shop.by_sku.get(row.sku) if row.sku else None
    if match is None:
        owners = [shop.barcodes[c][0] for c in row.codes + row.carton_codes if c in shop.barcodes]
        if row.plu and row.plu in shop.by_plu:
            owners.append(shop.by_plu[row.plu])
        same_name = [pid for pid in dict.fromkeys(owners) if name_key(shop.products[pid].name) == name_key(row.name)]
        if same_name:
            match = same_name[0]
        elif not owners:
            named = shop.by_name.get(name_key(row.name), [])
            if len(named) > 1:
                reader.problem(
                    "nama", N_("Several products are named {name}; give the SKU to say which one."), name=row.name
                )
                return None
            match = named[0] if named else None
    for column, codes in (("barcode", row.codes), ("barcode_karton", row.carton_codes)):
        for code in codes:
            owner = shop.barcodes.get(code)
            if owner is not None and owner[0] != match:
                reader.problem(
                    column,
                    N_("Barcode {code} already belongs to {name}."),
                    code=code,
                    name=shop.products[owner[0]].name,
                )
    if row.plu:
        owner_id = shop.by_plu.get(row.plu)
        if owner_id is not None and owner_id != match:
            reader.problem(
                "plu", N_("Item code {plu} is already used by {name}."), plu=row.plu, name=shop.products[owner_id].name
            )
        elif match is not None and shop.products[match].plu != row.plu:
            reader.problem("plu", N_("The item code of an existing product is not changed by an import."))
    return match


def edit_for(row: ProductRow, current: Existing, category_id: uuid.UUID | None) -> products.ProductEdit | None:
    changes = products.ProductEdit(
        name=row.name if row.name != current.name else None,
        sku=row.sku if row.sku is not None and row.sku != current.sku else None,
        unit=row.unit if row.unit is not None and row.unit != current.unit else None,
        price=Money(row.price) if row.price != current.price else None,
        cost=Money(row.cost) if row.cost is not None and row.cost != current.cost else None,
        ppn_exempt=(not row.taxed) if row.taxed is not None and (not row.taxed) != current.ppn_exempt else None,
        is_weighed=row.weighed if row.weighed is not None and row.weighed != current.is_weighed else None,
        low_stock_milli=row.low_stock
        if row.low_stock is not None and row.low_stock != current.low_stock_milli
        else None,
        category_id=category_id if category_id is not None and category_id != current.category_id else None,
    )
    return None if changes == products.ProductEdit() else changes


def barcode_changes(row: ProductRow, shop: ShopIndex, product_id: uuid.UUID) -> list[tuple[BarcodeSpec, bool]]:
    """(spec, replaces an existing barcode) for the row's barcodes the product lacks or holds as another pack."""
    out: list[tuple[BarcodeSpec, bool]] = []
    for spec in row.specs():
        held = shop.barcodes.get(spec.code)
        if held is None:
            out.append((spec, False))
            continue
        _owner, pack_milli, pack_price = held
        wanted_price = spec.pack_price.rupiah if spec.pack_price is not None else pack_price
        if pack_milli != spec.pack_milli or (pack_milli != MILLI and wanted_price != pack_price):
            price = Money(wanted_price) if wanted_price is not None else None
            out.append((BarcodeSpec(spec.code, spec.pack_milli, price), True))
    return out

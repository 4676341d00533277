"""One product as the back office's form shows and saves it: every field, its barcodes and its price history.

`save_product` creates or changes a product, its category and its barcodes through the catalogue's own services
in the caller's transaction, so the form's one Save is one event: all of it is written, or none of it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import ZERO, Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.replication import authority
from pos.ledger.schema import Category, PriceChange, Product, User
from pos.ledger.stock import products
from pos.ledger.stock.own_barcodes import scale_clash
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.ledger.stock.stock_levels import on_hand


@dataclass(frozen=True, slots=True)
class PricePoint:
    """A price or cost change: when, the new price and cost, and who made it (None when unknown)."""

    at: dt.datetime
    price: Money
    cost: Money
    by: str | None


@dataclass(frozen=True, slots=True)
class ProductDetail:
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
    low_stock_milli: int
    category_id: uuid.UUID | None
    category: str | None
    on_hand_milli: int
    barcodes: tuple[BarcodeSpec, ...]
    history: tuple[PricePoint, ...]  # newest first


def product_detail(session: Session, product_id: uuid.UUID) -> ProductDetail:
    """Everything the product form shows about one product, archived or not."""
    row = session.execute(
        select(Product, Category.name.label("category"))
        .outerjoin(Category, Category.id == Product.category_id)
        .where(Product.id == product_id)
    ).first()
    if row is None:
        raise NotFound(N_("Product not found."))
    product: Product = row[0]
    history = session.execute(
        select(PriceChange.changed_at, PriceChange.price, PriceChange.cost, User.name)
        .outerjoin(User, User.id == PriceChange.changed_by)
        .where(PriceChange.product_id == product_id)
        .order_by(PriceChange.changed_at.desc(), PriceChange.id.desc())
    )
    return ProductDetail(
        ProductId(product.id),
        product.name,
        product.sku,
        product.plu,
        product.unit,
        Money(product.price),
        Money(product.cost),
        bool(product.ppn_exempt),
        bool(product.is_weighed),
        bool(product.is_active),
        product.low_stock_milli,
        product.category_id,
        row.category,
        on_hand(session, product_id),
        tuple(products.barcodes_of(session, product_id)),
        tuple(PricePoint(h.changed_at, Money(h.price), Money(h.cost), h.name) for h in history),
    )


@dataclass(frozen=True, slots=True)
class ProductDraft:
    """What the form holds when Save is pressed.

    `category` is a category's name: an existing one (in any case) or a new one to add; blank for none. `plu`
    is only used for a new product, since scale labels already printed carry an existing product's item code.
    """

    name: str
    price: Money
    cost: Money = ZERO
    sku: str = ""
    unit: str = "pcs"
    category: str = ""
    ppn_exempt: bool = False
    is_weighed: bool = False
    low_stock_milli: int = 0
    plu: str = ""
    barcodes: tuple[BarcodeSpec, ...] = ()


def _check(draft: ProductDraft) -> tuple[BarcodeSpec, ...]:
    codes = [b.code.strip() for b in draft.barcodes]
    if len(set(codes)) != len(codes):
        raise InvalidInput(N_("The same barcode is listed twice."))
    if draft.low_stock_milli < 0:
        raise InvalidInput(N_("The low-stock level cannot be negative."))
    return tuple(BarcodeSpec(code, b.pack_milli, b.pack_price) for code, b in zip(codes, draft.barcodes, strict=True))


def save_product(
    session: Session,
    actor: Actor,
    draft: ProductDraft,
    product_id: uuid.UUID | None = None,
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> ProductId:
    """Add a product (`product_id` None) or change one to match `draft`; an owner's action, audited.

    Only what differs is changed, so a price change lands in the history once and an untouched barcode stays.
    """
    when = at or utc_now()
    authority.require_owner_device(session, "products")
    approved_by = require(actor, "edit_product", approvals, when)
    codes = _check(draft)
    category_id = products.add_category(session, draft.category) if draft.category.strip() else None
    if product_id is None:
        clash = scale_clash(session, draft.plu.strip()) if draft.plu.strip() else None
        if clash is not None:
            raise InvalidInput(
                N_("PLU {plu} would make the scale print labels that read as barcode {code}; choose another PLU."),
                plu=draft.plu.strip(),
                code=clash,
            )
        pid = add_product(
            session,
            draft.name,
            draft.price,
            cost=draft.cost,
            sku=draft.sku.strip() or None,
            plu=draft.plu.strip() or None,
            unit=draft.unit.strip() or "pcs",
            barcodes=codes,
            ppn_exempt=draft.ppn_exempt,
            is_weighed=draft.is_weighed,
            low_stock=draft.low_stock_milli,
            at=when,
        )
        if category_id is not None:
            products.set_category(session, pid, category_id)
        audit.record(
            session,
            "product.add",
            at=when,
            user_id=actor.user_id,
            approved_by=approved_by,
            detail={"product": draft.name.strip()},
        )
        return pid
    before = product_detail(session, product_id)
    sku = draft.sku.strip()
    unit = draft.unit.strip() or "pcs"
    edit = products.ProductEdit(
        name=draft.name if draft.name.strip() != before.name else None,
        sku=sku if (sku or None) != before.sku else None,
        unit=unit if unit != before.unit else None,
        price=draft.price if draft.price != before.price else None,
        cost=draft.cost if draft.cost != before.cost else None,
        ppn_exempt=draft.ppn_exempt if draft.ppn_exempt != before.ppn_exempt else None,
        is_weighed=draft.is_weighed if draft.is_weighed != before.is_weighed else None,
        low_stock_milli=draft.low_stock_milli if draft.low_stock_milli != before.low_stock_milli else None,
        category_id=category_id if category_id is not None and category_id != before.category_id else None,
    )
    if edit != products.ProductEdit():
        products.edit_product(session, actor, product_id, edit, approvals=approvals, at=when)
    if category_id is None and before.category_id is not None:
        products.set_category(session, product_id, None)
    _replace_barcodes(session, product_id, before.barcodes, codes)
    return ProductId(product_id)


def _replace_barcodes(
    session: Session, product_id: uuid.UUID, held: Sequence[BarcodeSpec], wanted: Sequence[BarcodeSpec]
) -> None:
    """Remove the barcodes no longer wanted (or wanted as another pack), then add the new ones."""
    keep = set(held) & set(wanted)
    for spec in held:
        if spec not in keep:
            products.remove_barcode(session, product_id, spec.code)
    for spec in wanted:
        if spec not in keep:
            products.add_barcode(session, product_id, spec)

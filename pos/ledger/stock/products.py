"""The product list as the owner keeps it: categories, edits with price and cost history, barcodes, archive.

Editing a product is an owner's action (a cashier needs the owner's approval); every price or cost change is
kept in `price_history` with who made it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.replication import authority
from pos.ledger.replication.changes import emit_facts, record_change
from pos.ledger.schema import Category, PriceChange, Product, ProductBarcode, core
from pos.ledger.stock.product_records import BarcodeSpec, ProductInfo, check_lengths, get_product


def add_category(session: Session, name: str) -> uuid.UUID:
    clean = name.strip()
    if not clean:
        raise InvalidInput(N_("The category needs a name."))
    found = session.scalar(select(Category.id).where(func.lower(Category.name) == clean.lower()))
    if found is not None:
        return found
    cid = new_id()
    session.execute(insert(core(Category)), [{"id": cid, "name": clean, "hlc": ""}])
    record_change(session, "categories", cid, {"name": clean}, utc_now())
    return cid


def categories(session: Session) -> list[tuple[uuid.UUID, str]]:
    return [(r.id, r.name) for r in session.execute(select(Category.id, Category.name).order_by(Category.name))]


def set_category(session: Session, product_id: uuid.UUID, category_id: uuid.UUID | None) -> None:
    session.execute(update(Product).where(Product.id == product_id).values(category_id=category_id))
    record_change(session, "products", product_id, {"category_id": category_id}, utc_now())


def record_price(
    session: Session, product_id: uuid.UUID, price: int, cost: int, at: dt.datetime, by: uuid.UUID | None
) -> dict[str, Any]:
    """Keep a price or cost change in the product's history; returns the row, for the caller's event."""
    row = {"id": new_id(), "product_id": product_id, "price": price, "cost": cost, "changed_at": at, "changed_by": by}
    session.execute(insert(core(PriceChange)), [row])
    return row


@dataclass(frozen=True, slots=True)
class ProductEdit:
    """Fields to change; None leaves a field as it is."""

    name: str | None = None
    sku: str | None = None
    unit: str | None = None
    price: Money | None = None
    cost: Money | None = None
    ppn_exempt: bool | None = None
    is_weighed: bool | None = None
    low_stock_milli: int | None = None
    category_id: uuid.UUID | None = None


def edit_product(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    edit: ProductEdit,
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> ProductInfo:
    """Change a product; price and cost changes are kept in its history, and the edit is audited."""
    when = at or utc_now()
    authority.require_owner_device(session, "products")
    approved_by = require(actor, "edit_product", approvals, when)
    before = get_product(session, product_id)
    values: dict[str, object] = {}
    if edit.name is not None:
        if not edit.name.strip():
            raise InvalidInput(N_("The product needs a name."))
        check_lengths(name=edit.name.strip())
        values["name"] = edit.name.strip()
    if edit.sku is not None:
        sku = edit.sku.strip() or None
        check_lengths(sku=sku)
        if sku and session.scalar(select(Product.id).where(Product.sku == sku, Product.id != product_id)):
            raise Conflict(N_("SKU {sku} is already used by another product."), sku=sku)
        values["sku"] = sku
    if edit.unit is not None:
        check_lengths(unit=edit.unit.strip())
        values["unit"] = edit.unit.strip() or "pcs"
    for field in ("price", "cost"):
        money = getattr(edit, field)
        if money is not None:
            if money.rupiah < 0:
                raise InvalidInput(N_("A price cannot be negative."))
            values[field] = money.rupiah
    if edit.ppn_exempt is not None:
        values["ppn_exempt"] = edit.ppn_exempt
    if edit.is_weighed is not None:
        values["is_weighed"] = edit.is_weighed
    if edit.low_stock_milli is not None:
        if edit.low_stock_milli < 0:
            raise InvalidInput(N_("The low-stock level cannot be negative."))
        values["low_stock_milli"] = edit.low_stock_milli
    if edit.category_id is not None:
        values["category_id"] = edit.category_id
    if not values:
        return before
    session.execute(update(Product).where(Product.id == product_id).values(**values))
    record_change(session, "products", product_id, values, when)
    after = get_product(session, product_id)
    if after.price != before.price or after.cost != before.cost:
        row = record_price(session, product_id, after.price.rupiah, after.cost.rupiah, when, actor.user_id)
        emit_facts(session, "price.changed", {"price_history": [row]}, when)
        audit.record(
            session,
            "price.change",
            at=when,
            user_id=actor.user_id,
            approved_by=approved_by,
            detail={
                "product": after.name,
                "price": [before.price.rupiah, after.price.rupiah],
                "cost": [before.cost.rupiah, after.cost.rupiah],
            },
        )
    else:
        audit.record(
            session,
            "product.edit",
            at=when,
            user_id=actor.user_id,
            approved_by=approved_by,
            detail={"product": after.name, "fields": sorted(values)},
        )
    return after


def price_history(session: Session, product_id: uuid.UUID) -> list[tuple[dt.datetime, int, int]]:
    """(when, price, cost) oldest first."""
    rows = session.execute(
        select(PriceChange.changed_at, PriceChange.price, PriceChange.cost)
        .where(PriceChange.product_id == product_id)
        .order_by(PriceChange.changed_at)
    )
    return [(r.changed_at, r.price, r.cost) for r in rows]


def set_active(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    active: bool,
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> None:
    """Archive a product (it stays in the books and old receipts, but is no longer sold) or bring it back."""
    when = at or utc_now()
    authority.require_owner_device(session, "products")
    approved_by = require(actor, "edit_product", approvals, when)
    product = get_product(session, product_id)
    session.execute(update(Product).where(Product.id == product_id).values(is_active=active))
    record_change(session, "products", product_id, {"is_active": active}, when)
    audit.record(
        session,
        "product.archive" if not active else "product.restore",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        detail={"product": product.name},
    )


def add_barcode(session: Session, product_id: uuid.UUID, spec: BarcodeSpec) -> None:
    code = spec.code.strip()
    if not code:
        raise InvalidInput(N_("A barcode cannot be empty."))
    if spec.pack_milli <= 0:
        raise InvalidInput(N_("A pack must hold more than zero."))
    get_product(session, product_id)
    owner = session.scalar(select(ProductBarcode.product_id).where(ProductBarcode.barcode == code))
    if owner is not None:
        raise Conflict(N_("Barcode {code} already belongs to another product."), code=code)
    fields = {
        "product_id": product_id,
        "pack_milli": spec.pack_milli,
        "pack_price": spec.pack_price.rupiah if spec.pack_price is not None else None,
    }
    # Which product a scan rings up is the owner's: every other counter would refuse this change from a cashier's
    # device, so it is refused here, whoever calls (the dialogs, a sheet, a label run, the command line).
    authority.require_local(session, "product_barcodes", code, fields)
    session.execute(insert(core(ProductBarcode)), [{"barcode": code, **fields}])
    record_change(session, "product_barcodes", code, {**fields, "deleted": False}, utc_now())


def remove_barcode(session: Session, product_id: uuid.UUID, code: str) -> None:
    authority.require_local(session, "product_barcodes", code, {"deleted": True})
    result = session.execute(
        delete(ProductBarcode).where(ProductBarcode.barcode == code, ProductBarcode.product_id == product_id)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise NotFound(N_("Barcode {code} is not on this product."), code=code)
    record_change(session, "product_barcodes", code, {"deleted": True}, utc_now())


def barcodes_of(session: Session, product_id: uuid.UUID) -> list[BarcodeSpec]:
    rows = session.execute(
        select(ProductBarcode.barcode, ProductBarcode.pack_milli, ProductBarcode.pack_price)
        .where(ProductBarcode.product_id == product_id)
        .order_by(ProductBarcode.pack_milli, ProductBarcode.barcode)
    )
    return [
        BarcodeSpec(r.barcode, r.pack_milli, Money(r.pack_price) if r.pack_price is not None else None) for r in rows
    ]


def set_flag(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    flag: Literal["tracks_expiry", "made_to_order"],
    value: bool,
    check: Callable[[Product], None],
    *,
    approvals: Sequence[Approval],
    at: dt.datetime | None,
) -> None:
    """Set one of a product's yes-or-no ways of being sold, as an owner's edit that travels to every counter;
    `check` refuses (by raising) a value the product cannot take."""
    when = at or utc_now()
    require(actor, "edit_product", approvals, when)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found."))
    check(product)
    session.execute(update(Product).where(Product.id == product_id).values({flag: value}))
    record_change(session, "products", product_id, {flag: value}, when)

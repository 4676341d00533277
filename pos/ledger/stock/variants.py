"""Variants: a product that comes in options (size, colour, motif, flavour) whose combinations are products of
their own, each with its own barcode, SKU, price, cost and stock, grouped under the product they vary.

The parent is a product row too (its name, category and default price), but it is never sold or stocked itself:
the counter picks one of its variants, by a scan of the variant's barcode or from a grid of the options.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Product, ProductOption, ProductVariant, StockLevel, core
from pos.ledger.schema.catalog import PRODUCT_NAME_LENGTH, SKU_LENGTH
from pos.ledger.stock.product_records import add_product, get_product

MAX_OPTIONS: Final = 3
MAX_VARIANTS: Final = 200  # a grid a cashier can still read, and an import that stays a sheet
_NAMESPACE: Final = uuid.UUID("0b1c9a52-52a8-4c5e-9a43-0f4e2f7d7c10")


@dataclass(frozen=True, slots=True)
class Option:
    name: str  # Ukuran, Warna, Motif
    values: tuple[str, ...]  # S, M, L


@dataclass(frozen=True, slots=True)
class VariantInfo:
    product_id: uuid.UUID
    parent_id: uuid.UUID
    values: tuple[str, ...]  # one per option, in the options' order
    name: str
    sku: str | None
    price: Money
    cost: Money
    on_hand_milli: int
    is_active: bool

    @property
    def label(self) -> str:
        """`L / Merah`: the values that tell this variant from its siblings."""
        return " / ".join(self.values)


def option_id(parent_id: uuid.UUID, position: int) -> uuid.UUID:
    # The same option slot is one row on every counter, so setting options twice replaces, never duplicates.
    return uuid.uuid5(_NAMESPACE, f"option:{parent_id.hex}:{position}")


def clean_options(options: Sequence[Option]) -> tuple[Option, ...]:
    if not options:
        raise InvalidInput(N_("Give the product at least one option, such as size or colour."))
    if len(options) > MAX_OPTIONS:
        raise InvalidInput(N_("A product can have at most {n} options."), n=MAX_OPTIONS)
    out: list[Option] = []
    names: set[str] = set()
    for option in options:
        name = option.name.strip()
        if not name:
            raise InvalidInput(N_("Each option needs a name, such as size or colour."))
        if name.casefold() in names:
            raise InvalidInput(N_("The option {name} is listed twice."), name=name)
        names.add(name.casefold())
        values = tuple(v.strip() for v in option.values if v.strip())
        if not values:
            raise InvalidInput(N_("The option {name} needs at least one value."), name=name)
        if len({v.casefold() for v in values}) != len(values):
            raise InvalidInput(N_("A value of the option {name} is listed twice."), name=name)
        if any("/" in v for v in values):
            raise InvalidInput(N_("A value cannot contain '/': it separates the values in a variant's name."))
        out.append(Option(name[:40], tuple(v[:40] for v in values)))
    count = 1
    for option in out:
        count *= len(option.values)
    if count > MAX_VARIANTS:
        raise InvalidInput(N_("These options make {n} variants; at most {max} are allowed."), n=count, max=MAX_VARIANTS)
    return tuple(out)


def options_of(session: Session, parent_id: uuid.UUID) -> tuple[Option, ...]:
    rows = session.execute(
        select(ProductOption.name, ProductOption.values)
        .where(ProductOption.product_id == parent_id)
        .order_by(ProductOption.position)
    )
    return tuple(Option(r.name, tuple(json.loads(r.values))) for r in rows)


def is_parent(session: Session, product_id: uuid.UUID) -> bool:
    """Whether the product is sold as one of its variants (it has options) rather than itself."""
    return session.scalar(select(ProductOption.id).where(ProductOption.product_id == product_id).limit(1)) is not None


def _write_options(session: Session, parent_id: uuid.UUID, clean: Sequence[Option], when: dt.datetime) -> bool:
    """Store `clean` as the parent's options, recording each one that changed and each one dropped; whether any
    did."""
    changed = False
    existing = {o.id: o for o in session.scalars(select(ProductOption).where(ProductOption.product_id == parent_id))}
    for position, option in enumerate(clean):
        oid = option_id(parent_id, position)
        fields = {
            "product_id": parent_id,
            "position": position,
            "name": option.name,
            "values": json.dumps(option.values),
        }
        row = existing.pop(oid, None)
        if row is None:
            session.execute(insert(core(ProductOption)), [{"id": oid, **fields, "hlc": ""}])
        elif row.name == option.name and row.values == fields["values"]:
            continue
        else:
            session.execute(update(ProductOption).where(ProductOption.id == oid).values(**fields))
        record_change(session, "product_options", oid, {**fields, "deleted": False}, when)
        changed = True
    for gone in existing:
        session.execute(core(ProductOption).delete().where(core(ProductOption).c.id == gone))
        record_change(session, "product_options", gone, {"deleted": True}, when)
        changed = True
    return changed


def set_options(
    session: Session,
    actor: Actor,
    parent_id: uuid.UUID,
    options: Sequence[Option],
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> list[VariantInfo]:
    """Give a product its options and make a variant for each combination not made yet.

    A new variant starts with the parent's price, cost, unit and category, and a SKU from the parent's when it has
    one; its own barcode, price and stock are then the owner's to set. A combination no longer offered is archived
    (it stays in the books and on old receipts), and brought back if offered again."""
    when = at or utc_now()
    approved_by = require(actor, "edit_product", approvals, when)
    parent = get_product(session, parent_id)
    if session.get(ProductVariant, parent_id) is not None:
        raise InvalidInput(N_("{name} is itself a variant; give the options to its product."), name=parent.name)
    clean = clean_options(options)
    # Saving the same options again changes nothing, so it writes nothing: no change event for other counters
    # to apply, and no audit entry saying the owner changed what they did not.
    changed = _write_options(session, parent_id, clean, when)

    made = {
        tuple(json.loads(v.values)): (v.product_id, v.position)
        for v in session.scalars(select(ProductVariant).where(ProductVariant.parent_id == parent_id))
    }
    wanted = list(itertools.product(*(o.values for o in clean)))
    for position, values in enumerate(wanted):
        vid, was_at = made.pop(values, (None, position))
        if vid is None:
            sku = f"{parent.sku}-{'-'.join(values)}"[:SKU_LENGTH].upper() if parent.sku else None
            vid = add_product(
                session,
                f"{parent.name} {' / '.join(values)}"[:PRODUCT_NAME_LENGTH],
                parent.price,
                cost=parent.cost,
                sku=sku if sku and not session.scalar(select(Product.id).where(Product.sku == sku)) else None,
                unit=parent.unit,
                ppn_exempt=parent.ppn_exempt,
                is_weighed=parent.is_weighed,
                at=when,
            )
            category = session.scalar(select(Product.category_id).where(Product.id == parent_id))
            if category is not None:
                session.execute(update(Product).where(Product.id == vid).values(category_id=category))
                record_change(session, "products", vid, {"category_id": category}, when)
            fields = {"parent_id": parent_id, "values": json.dumps(list(values)), "position": position}
            session.execute(insert(core(ProductVariant)), [{"product_id": vid, **fields, "hlc": ""}])
            record_change(session, "product_variants", vid, {**fields, "deleted": False}, when)
            changed = True
            continue
        if was_at != position:
            session.execute(update(ProductVariant).where(ProductVariant.product_id == vid).values(position=position))
            record_change(session, "product_variants", vid, {"position": position}, when)
            changed = True
        if not get_product(session, vid).is_active:
            session.execute(update(Product).where(Product.id == vid).values(is_active=True))
            record_change(session, "products", vid, {"is_active": True}, when)
            changed = True
    for retired, _position in made.values():
        if get_product(session, retired).is_active:
            session.execute(update(Product).where(Product.id == retired).values(is_active=False))
            record_change(session, "products", retired, {"is_active": False}, when)
            changed = True
    if not changed:
        return variants_of(session, parent_id)
    audit.record(
        session,
        "product.options",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        detail={"product": parent.name, "options": [[o.name, list(o.values)] for o in clean]},
    )
    return variants_of(session, parent_id)


def variants_of(session: Session, parent_id: uuid.UUID, *, active_only: bool = False) -> list[VariantInfo]:
    """The product's variants in the options' order, with what each has on hand."""
    rows = session.execute(
        select(
            ProductVariant.product_id,
            ProductVariant.values,
            Product.name,
            Product.sku,
            Product.price,
            Product.cost,
            Product.is_active,
            StockLevel.qty_milli,
        )
        .join(Product, Product.id == ProductVariant.product_id)
        .outerjoin(StockLevel, StockLevel.product_id == ProductVariant.product_id)
        .where(ProductVariant.parent_id == parent_id)
        .order_by(ProductVariant.position, Product.name)
    )
    out = [
        VariantInfo(
            r.product_id,
            parent_id,
            tuple(json.loads(r.values)),
            r.name,
            r.sku,
            Money(r.price),
            Money(r.cost),
            int(r.qty_milli or 0),
            bool(r.is_active),
        )
        for r in rows
    ]
    return [v for v in out if v.is_active] if active_only else out


@dataclass(frozen=True, slots=True)
class VariantGrid:
    """What the counter shows to pick a variant: the first option down the side, the second across (any further
    options are folded into the columns), and the variant in each cell (None where none was ever made). An
    archived variant keeps its cell, with `is_active` false, so the counter can show it as no longer sold."""

    parent_id: uuid.UUID
    name: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[VariantInfo | None, ...], ...]


def grid_of(session: Session, parent_id: uuid.UUID) -> VariantGrid:
    parent = get_product(session, parent_id)
    options = options_of(session, parent_id)
    if not options:
        raise NotFound(N_("{name} has no variants."), name=parent.name)
    by_values = {v.values: v for v in variants_of(session, parent_id)}
    rows = options[0].values
    columns = tuple(" / ".join(c) for c in itertools.product(*(o.values for o in options[1:]))) or ("",)
    rests = list(itertools.product(*(o.values for o in options[1:])))
    cells = tuple(tuple(by_values.get((row, *rest)) for rest in rests) for row in rows)
    return VariantGrid(parent_id, parent.name, rows, columns, cells)


def parents_of(session: Session, product_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
    """variant -> its parent, for those of `product_ids` that are variants: lists and reports group by it."""
    ids = list(set(product_ids))
    out: dict[uuid.UUID, uuid.UUID] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(ProductVariant.product_id, ProductVariant.parent_id).where(
                ProductVariant.product_id.in_(ids[start : start + 500])
            )
        )
        out.update({r.product_id: r.parent_id for r in rows})
    return out


def link_variants(
    session: Session,
    actor: Actor,
    parent_id: uuid.UUID,
    options: Sequence[Option],
    variants: Mapping[tuple[str, ...], uuid.UUID],
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> None:
    """Give a product its options with products that already exist as its variants (the product sheet brings each
    variant on its own row, with its own name, barcode, SKU and price); combinations not given are not made, and
    variants the parent had are kept. Refuses a combination of values the options do not offer."""
    when = at or utc_now()
    approved_by = require(actor, "edit_product", approvals, when)
    parent = get_product(session, parent_id)
    clean = clean_options(options)
    offered = list(itertools.product(*(o.values for o in clean)))
    for values, vid in variants.items():
        if values not in offered:
            raise InvalidInput(
                N_("{values} is not one of the options of {name}."), values=" / ".join(values), name=parent.name
            )
        if vid == parent_id or is_parent(session, vid):
            raise InvalidInput(N_("{name} is itself a variant; give the options to its product."), name=parent.name)
    _write_options(session, parent_id, clean, when)
    for values, vid in variants.items():
        fields = {"parent_id": parent_id, "values": json.dumps(list(values)), "position": offered.index(values)}
        link = session.get(ProductVariant, vid)
        if link is None:
            session.execute(insert(core(ProductVariant)), [{"product_id": vid, **fields, "hlc": ""}])
        elif (link.parent_id, link.values, link.position) == (parent_id, fields["values"], fields["position"]):
            continue
        else:
            session.execute(update(ProductVariant).where(ProductVariant.product_id == vid).values(**fields))
        record_change(session, "product_variants", vid, {**fields, "deleted": False}, when)
    audit.record(
        session,
        "product.options",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        detail={
            "product": parent.name,
            "options": [[o.name, list(o.values)] for o in clean],
            "variants": len(variants),
        },
    )

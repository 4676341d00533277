"""The owner's table of variants: the combinations a product's options make, each with its SKU, barcode, price
and cost, planned from what is typed and saved with the options in the caller's transaction.

`plan` is pure, so the form can show the combinations before anything is written; `save_variants` gives the
product its options (`variants.set_options`) and then each variant what its row says, so one Save is one event.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, ZERO, Money
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.schema import Product, ProductVariant, StockLevel
from pos.ledger.stock import products
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.variants import Option, clean_options, set_options, variants_of


@dataclass(frozen=True, slots=True)
class VariantRow:
    """One variant as the table shows it; `product_id` is None for a combination not saved yet."""

    values: tuple[str, ...]
    price: Money
    cost: Money = ZERO
    sku: str = ""
    barcode: str = ""
    on_hand_milli: int = 0
    product_id: uuid.UUID | None = None

    @property
    def label(self) -> str:
        return " / ".join(self.values)


def _key(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.casefold() for v in values)


def plan(options: Sequence[Option], current: Sequence[VariantRow], price: Money, cost: Money) -> list[VariantRow]:
    """The rows `options` make, in their order: a combination already in `current` keeps its row (what the owner
    typed in it too), a new one starts at `price` and `cost`. Refuses options `set_options` would refuse."""
    clean = clean_options(options)
    known = {_key(r.values): r for r in current}
    rows = []
    for values in itertools.product(*(o.values for o in clean)):
        row = known.get(_key(values))
        rows.append(replace(row, values=values) if row is not None else VariantRow(values, price, cost))
    return rows


def _unit_barcode(codes: Sequence[BarcodeSpec]) -> str:
    return next((b.code for b in codes if b.pack_milli == MILLI and b.pack_price is None), "")


def variant_rows(session: Session, parent_id: uuid.UUID) -> list[VariantRow]:
    """The product's variants on sale, with their single-piece barcode and stock on hand."""
    return [
        VariantRow(
            v.values,
            v.price,
            v.cost,
            v.sku or "",
            _unit_barcode(products.barcodes_of(session, v.product_id)),
            v.on_hand_milli,
            v.product_id,
        )
        for v in variants_of(session, parent_id, active_only=True)
    ]


def save_variants(
    session: Session,
    actor: Actor,
    parent_id: uuid.UUID,
    options: Sequence[Option],
    rows: Sequence[VariantRow],
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> list[VariantRow]:
    """Give the product `options` and each variant the SKU, barcode, price and cost of its row (rows are matched
    by their values; a combination with no row keeps what it has). Returns the variants as saved."""
    when = at or utc_now()
    skus = [r.sku.strip() for r in rows if r.sku.strip()]
    if len(set(skus)) != len(skus):
        raise InvalidInput(N_("Two variants have the same SKU."))
    codes = [r.barcode.strip() for r in rows if r.barcode.strip()]
    if len(set(codes)) != len(codes):
        raise InvalidInput(N_("The same barcode is listed twice."))
    if any(r.price.rupiah < 0 or r.cost.rupiah < 0 for r in rows):
        raise InvalidInput(N_("A price cannot be negative."))
    made = {_key(v.values): v for v in set_options(session, actor, parent_id, options, approvals=approvals, at=when)}
    wanted = {_key(r.values): r for r in rows}
    # Barcodes leave the variants that give them up first, so two variants may swap theirs in one save.
    moves: list[tuple[uuid.UUID, str, str]] = []
    for key, variant in made.items():
        row = wanted.get(key)
        if row is None or not variant.is_active:
            continue
        held = _unit_barcode(products.barcodes_of(session, variant.product_id))
        if held != row.barcode.strip():
            if held:
                products.remove_barcode(session, variant.product_id, held)
            moves.append((variant.product_id, held, row.barcode.strip()))
    for key, variant in made.items():
        row = wanted.get(key)
        if row is None or not variant.is_active:
            continue
        # A new variant left without a SKU keeps the one made from its product's.
        keep_sku = row.sku.strip() == (variant.sku or "") or (row.product_id is None and not row.sku.strip())
        edit = products.ProductEdit(
            sku=None if keep_sku else row.sku.strip(),
            price=row.price if row.price != variant.price else None,
            cost=row.cost if row.cost != variant.cost else None,
        )
        if edit != products.ProductEdit():
            products.edit_product(session, actor, variant.product_id, edit, approvals=approvals, at=when)
    for product_id, _held, code in moves:
        if code:
            products.add_barcode(session, product_id, BarcodeSpec(code))
    return variant_rows(session, parent_id)


@dataclass(frozen=True, slots=True)
class VariantMark:
    """How the product list shows a row: a variant under its parent, or a parent with its variants' stock."""

    parent_id: uuid.UUID | None  # set for a variant
    label: str  # a variant's values, `S / Merah`
    variants: int = 0  # for a parent: how many it has on sale
    on_hand_milli: int = 0  # for a parent: its variants' stock together
    position: int = 0  # for a variant: its place in its options' order


def marks(session: Session, product_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, VariantMark]:
    """The variants and the parents among `product_ids` (others are left out), in one query a chunk."""
    ids = list(set(product_ids))
    out: dict[uuid.UUID, VariantMark] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for r in session.execute(
            select(
                ProductVariant.product_id, ProductVariant.parent_id, ProductVariant.values, ProductVariant.position
            ).where(ProductVariant.product_id.in_(chunk))
        ):
            out[r.product_id] = VariantMark(r.parent_id, " / ".join(json.loads(r.values)), position=r.position)
    rest = list(set(ids) - set(out))
    for start in range(0, len(rest), 500):
        # A parent's line: how many of its variants are on sale and their stock together, one query a chunk.
        for parent_id, count, stock in session.execute(
            select(
                ProductVariant.parent_id,
                func.count(ProductVariant.product_id),
                func.coalesce(func.sum(StockLevel.qty_milli), 0),
            )
            .join(Product, Product.id == ProductVariant.product_id)
            .outerjoin(StockLevel, StockLevel.product_id == ProductVariant.product_id)
            .where(ProductVariant.parent_id.in_(rest[start : start + 500]), Product.is_active)
            .group_by(ProductVariant.parent_id)
        ):
            out[parent_id] = VariantMark(None, "", int(count), int(stock))
    return out

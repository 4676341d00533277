"""Harga grosir: a product's quantity tiers per pack size, kept by the owner and shared by every counter.

A tier's id comes from its product, pack and threshold, so the same tier set on two counters is one row, and
setting a product's tiers again replaces them: thresholds no longer listed are deleted on every counter.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.money import MILLI, Money
from pos.ledger.prices.terms import Tier
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import PriceTier, Product, ProductBarcode

_NAMESPACE: Final = uuid.UUID("5b0b8f7e-3c51-4d0c-9d8e-6f1f4a1b7c21")


def tier_id(product_id: uuid.UUID, pack_milli: int, min_milli: int) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"tier:{product_id.hex}:{pack_milli}:{min_milli}")


def check_tiers(steps: Sequence[tuple[int, int]]) -> None:
    """Refuse thresholds that are not above one pack, repeated, or a price that is not above zero."""
    seen: set[int] = set()
    for min_milli, price in steps:
        if min_milli <= MILLI:
            raise InvalidInput(N_("A wholesale price starts from more than one piece or pack."))
        if min_milli in seen:
            raise InvalidInput(N_("The same quantity is listed twice."))
        if price <= 0:
            raise InvalidInput(N_("A wholesale price must be more than zero."))
        seen.add(min_milli)


def set_tiers(session: Session, product_id: uuid.UUID, pack_milli: int, steps: Sequence[tuple[int, int]]) -> None:
    """Make `steps` (from how many packs, price a pack) the tiers of the product's `pack_milli` packs."""
    check_tiers(steps)
    if session.get(Product, product_id) is None:
        raise NotFound(N_("Product not found."))
    now = utc_now()
    current = {
        row.id: row
        for row in session.scalars(
            select(PriceTier).where(PriceTier.product_id == product_id, PriceTier.pack_milli == pack_milli)
        )
    }
    wanted = {tier_id(product_id, pack_milli, m): (m, p) for m, p in steps}
    for tid, gone in current.items():
        if tid not in wanted:
            session.delete(gone)
            record_change(session, "price_tiers", tid, {"deleted": True}, now)
    for tid, (min_milli, price) in wanted.items():
        row = current.get(tid)
        if row is not None and row.price == price:
            continue
        if row is None:
            session.add(
                PriceTier(id=tid, product_id=product_id, pack_milli=pack_milli, min_milli=min_milli, price=price)
            )
        else:
            row.price = price
        fields = {"product_id": product_id, "pack_milli": pack_milli, "min_milli": min_milli, "price": price}
        record_change(session, "price_tiers", tid, {**fields, "deleted": False}, now)
    session.flush()


_TIERS_OF = text(
    "SELECT id, product_id, pack_milli, min_milli, price FROM price_tiers WHERE product_id IN :ids ORDER BY min_milli"
).bindparams(bindparam("ids", expanding=True))


def tiers_for(session: Session, product_ids: Iterable[uuid.UUID]) -> dict[tuple[uuid.UUID, int], tuple[Tier, ...]]:
    """The tiers of these products, by (product, pack size), lowest threshold first.

    Read as plain rows, the products' ids matched by their bytes: every sale of a shop with tiers asks this."""
    by_bytes = {pid.bytes: pid for pid in product_ids}
    ids = list(by_bytes)
    found: dict[tuple[uuid.UUID, int], list[Tier]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        for tid, pid, pack, min_milli, price in session.connection().execute(
            _TIERS_OF, {"ids": ids[start : start + 500]}
        ):
            product = by_bytes[bytes(pid)]
            found[(product, pack)].append(Tier(uuid.UUID(bytes=bytes(tid)), product, pack, min_milli, price))
    return {key: tuple(tiers) for key, tiers in found.items()}


def packs_of(session: Session, product_id: uuid.UUID) -> list[tuple[int, int]]:
    """The packs the product is sold in, (size in thousandths, price a pack): the piece first, then its cartons."""
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found."))
    packs = [(MILLI, product.price)]
    for pack, pack_price in session.execute(
        select(ProductBarcode.pack_milli, ProductBarcode.pack_price)
        .where(ProductBarcode.product_id == product_id)
        .order_by(ProductBarcode.pack_milli)
    ):
        price = pack_price if pack_price is not None else Money(product.price).times_milli(pack).rupiah
        if pack not in {p for p, _price in packs}:
            packs.append((pack, price))
    return packs


def tiers_of(session: Session, product_id: uuid.UUID) -> list[Tier]:
    """One product's tiers, every pack size, smallest pack and threshold first."""
    return sorted(
        (t for tiers in tiers_for(session, [product_id]).values() for t in tiers),
        key=lambda t: (t.pack_milli, t.min_milli),
    )


def all_tiers(session: Session) -> list[Tier]:
    """Every product's tiers, for an export."""
    rows = session.execute(
        select(PriceTier.id, PriceTier.product_id, PriceTier.pack_milli, PriceTier.min_milli, PriceTier.price)
    )
    return [Tier(tid, pid, pack, min_milli, price) for tid, pid, pack, min_milli, price in rows]

"""Production: materials turned into finished goods (2 m of kain and thread into 20 masks), in one transaction.

The materials leave stock at their moving-average cost (from their first-expiring batches, when they track
expiry) and the goods come in carrying exactly that cost, so the run moves value inside Persediaan and changes
nothing else; its entry shows the move. What was wasted on the way is recorded with a reason as an adjustment
(`stock_levels.adjust_stock`), booked to Beban selisih persediaan.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Qty
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.books.journal import PostedEntry, credit, debit, post_entry
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import Product, ProductionRun, StockMovement, core
from pos.ledger.shop import settings
from pos.ledger.stock.batches import batch_row, insert_batches
from pos.ledger.stock.recipes import Ingredient, recipe_of, scaled, usable_material
from pos.ledger.stock.stock_out import StockOut

REASON = "produksi"  # on the movements of a run, in and out


@dataclass(frozen=True, slots=True)
class ProductionResult:
    run_id: uuid.UUID
    value: int  # the materials' cost, now the goods'
    materials: tuple[Ingredient, ...]


def planned_materials(session: Session, product_id: uuid.UUID, qty: Qty) -> list[Ingredient]:
    """The materials the product's recipe asks for `qty` of it: what the production form proposes."""
    return scaled(recipe_of(session, product_id), qty.milli)


def produce(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    qty: Qty,
    materials: Sequence[Ingredient] | None = None,
    *,
    approvals: Sequence[Approval] = (),
    expires_on: dt.date | None = None,
    batch_no: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> ProductionResult:
    """Make `qty` of a product from `materials` (its recipe scaled to `qty` when None), booked in one transaction.

    Refuses, writing nothing: no materials, a material listed twice or that is the product itself, a product made
    to order (it has no stock to make into) or a consignor's, and for goods that track expiry a missing expiry
    date."""
    when = at or utc_now()
    # Which materials went into the goods moves their cost into the goods' own: the owner's call, like a recipe.
    require(actor, "edit_product", approvals, when)
    product = _check_goods(session, product_id, qty, expires_on)
    used = _check_materials(session, product, qty, materials)
    day = business_date(when, settings.load(session).timezone)
    run_id = new_id()
    moves, value = _take_materials(session, used, run_id, day, when)
    batches = (
        [batch_row(product_id, expires_on, batch_no, run_id, when)] if product.tracks_expiry and expires_on else []
    )
    moves.append(
        {
            "id": new_id(),
            "product_id": product_id,
            "kind": "adjust",
            "qty_milli": qty.milli,
            "value": value,
            "source_id": run_id,
            "business_date": day,
            "created_at": when,
            "reason": REASON,
            "batch_id": batches[0]["id"] if batches else None,
        }
    )
    entry = _post_run(session, product, value, note, run_id, day, when)
    row = {
        "id": run_id,
        "product_id": product_id,
        "qty_milli": qty.milli,
        "value": value,
        "business_date": day,
        "created_at": when,
        "user_id": actor.user_id,
        "note": note.strip()[:200],
        "entry_id": entry.id if entry else None,
    }
    session.execute(insert(core(ProductionRun)), [row])
    insert_batches(session, batches)
    session.execute(insert(core(StockMovement)), moves)
    facts: dict[str, list[dict[str, Any]]] = entry.rows() if entry else {}
    emit_facts(
        session,
        "stock.produced",
        {**facts, "production_runs": [row], "stock_batches": batches, "stock_movements": moves},
        when,
    )
    return ProductionResult(run_id, value, tuple(used))


def _check_goods(session: Session, product_id: uuid.UUID, qty: Qty, expires_on: dt.date | None) -> Product:
    """The product to make, when the shop can make it ahead and the run says what it needs to."""
    if qty.milli <= 0:
        raise InvalidInput(N_("The quantity must be more than zero."))
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found."))
    if product.made_to_order:
        raise InvalidInput(N_("{name} is made to order: it is made when sold, not ahead."), name=product.name)
    if product.consignor_id is not None:
        raise InvalidInput(N_("{name} is a consignor's, not the shop's to make."), name=product.name)
    if product.tracks_expiry and expires_on is None:
        raise InvalidInput(N_("{name} tracks expiry dates: give the day these expire."), name=product.name)
    return product


def _check_materials(
    session: Session, product: Product, qty: Qty, materials: Sequence[Ingredient] | None
) -> list[Ingredient]:
    """The materials used (the recipe's when none are given), each once, none the product itself, all the shop's
    own stock."""
    used = list(materials) if materials is not None else planned_materials(session, product.id, qty)
    used = [m for m in used if m.qty_milli]
    if not used:
        raise InvalidInput(N_("List the materials used, or give {name} a recipe."), name=product.name)
    seen: set[uuid.UUID] = set()
    for m in used:
        if m.product_id in seen:
            raise InvalidInput(N_("An ingredient is listed twice."))
        seen.add(m.product_id)
        if m.product_id == product.id:
            raise InvalidInput(N_("A product cannot be an ingredient of itself."))
        if m.qty_milli < 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        usable_material(session, m.product_id)
    return used


def _take_materials(
    session: Session, used: Sequence[Ingredient], run_id: uuid.UUID, day: dt.date, when: dt.datetime
) -> tuple[list[dict[str, Any]], int]:
    """Take the materials out of stock at their cost: their movements, and the value they carry into the goods."""
    stock = StockOut(session, [m.product_id for m in used])
    moves: list[dict[str, Any]] = []
    value = 0
    for m in used:
        taken = stock.take(m.product_id, m.qty_milli)
        value += taken.cost
        moves += taken.movements("adjust", run_id, day, when, REASON)
    return moves, value


def _post_run(
    session: Session, product: Product, value: int, note: str, run_id: uuid.UUID, day: dt.date, when: dt.datetime
) -> PostedEntry | None:
    """The run's entry, when its materials carried any cost."""
    if not value:
        return None
    # The cost moves from the materials to the goods: both sides are Persediaan, and the entry shows the move.
    postings = [debit(accounts.PERSEDIAAN, abs(value)), credit(accounts.PERSEDIAAN, abs(value))]
    return post_entry(
        session,
        kind="production",
        postings=postings,
        at=when,
        business_date=day,
        memo=(note or f"Produksi {product.name}")[:200],
        source_id=run_id,
    )

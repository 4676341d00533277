"""Titip jual (consignment): goods a neighbour or a maker leaves for the shop to sell, paid for when they sell.

The goods stay the consignor's: they are counted on the shelf like any stock, but at no value, so Persediaan
never holds them. A sale books the shop's commission as revenue (Pendapatan komisi titip jual) and the rest as
owed to the consignor (Utang titipan, tagged with them), by `consignor_share`. A settlement pays the consignor
what is owed and hands back what did not sell; after it both the debt and the consignor's goods are at zero.
A consignor is a supplier (the shop's list of people it gets goods from).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import FULL_BP, MILLI, Qty, div_round_half_up
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.books.balances import party_balance
from pos.ledger.books.journal import credit, debit, post_entry
from pos.ledger.replication.changes import emit_facts, record_change
from pos.ledger.schema import Consignment, ConsignmentLine, Product, StockMovement, Supplier, core
from pos.ledger.shop import settings

RECEIVED: Final = "titip"  # the reason on the movements of goods left by a consignor
RETURNED: Final = "titip_kembali"  # and on those handed back at a settlement
PAID_WITH: Final = {"cash": accounts.KAS, "bank": accounts.BANK}


@dataclass(frozen=True, slots=True)
class Terms:
    """What the consignor gets for goods sold: a fixed price a unit, or the sale less the shop's commission."""

    consignor_id: uuid.UUID
    price: int | None = None  # rupiah a whole unit sold
    commission_bp: int | None = None  # the shop's share of the line's revenue, in basis points


def consignor_share(terms: Terms, revenue: int, base_milli: int) -> int:
    """What the consignor is owed for `base_milli` thousandths of units sold for `revenue` (net of PPN)."""
    if terms.price is not None:
        return div_round_half_up(terms.price * base_milli, MILLI)
    commission = div_round_half_up(revenue * (terms.commission_bp or 0), FULL_BP)
    return revenue - commission


def _check_terms(price: int | None, commission_bp: int | None) -> None:
    if (price is None) == (commission_bp is None):
        raise InvalidInput(N_("Give either the consignor's price a unit or the shop's commission, not both."))
    if price is not None and price < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    if commission_bp is not None and not 0 <= commission_bp <= FULL_BP:
        raise InvalidInput(N_("A commission is between 0% and 100%."))


def consigned_on_hand(session: Session, consignor_id: uuid.UUID) -> dict[uuid.UUID, int]:
    """What the shop holds of each of the consignor's products (those with anything left)."""
    rows = session.execute(
        text(
            "SELECT p.id, COALESCE(l.qty_milli, 0) FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id "
            "WHERE p.consignor_id = :c"
        ),
        {"c": consignor_id.bytes},
    )
    return {uuid.UUID(bytes=bytes(pid)): int(qty) for pid, qty in rows if qty}


def set_consigned(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    consignor_id: uuid.UUID | None,
    *,
    price: int | None = None,
    commission_bp: int | None = None,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> None:
    """Make a product a consignor's (with its terms), or the shop's own again (`consignor_id` None).

    A product holding stock of the shop's own (a value in Persediaan) cannot become a consignor's, nor one holding
    a consignor's goods the shop's: the goods on the shelf would change hands without a sale."""
    when = at or utc_now()
    approved_by = require(actor, "edit_product", approvals, when)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(N_("Product not found."))
    held = session.execute(
        text("SELECT COALESCE(qty_milli, 0), COALESCE(value, 0) FROM stock_levels WHERE product_id = :p"),
        {"p": product_id.bytes},
    ).first()
    qty, value = (int(held[0]), int(held[1])) if held else (0, 0)
    if consignor_id is None:
        if product.consignor_id is not None and qty:
            raise Conflict(N_("Settle with the consignor first: the shop still holds their {name}."), name=product.name)
        values: dict[str, Any] = {"consignor_id": None, "consign_price": None, "consign_bp": None}
    else:
        if session.get(Supplier, consignor_id) is None:
            raise NotFound(N_("Supplier not found."))
        _check_terms(price, commission_bp)
        if product.consignor_id is None and (qty or value):
            raise Conflict(
                N_("{name} has stock of the shop's own; a consigned product must start empty."), name=product.name
            )
        if product.consignor_id not in (None, consignor_id) and qty:
            raise Conflict(N_("Settle with the consignor first: the shop still holds their {name}."), name=product.name)
        if product.made_to_order:
            raise InvalidInput(N_("{name} is a consignor's, not the shop's to make."), name=product.name)
        values = {"consignor_id": consignor_id, "consign_price": price, "consign_bp": commission_bp}
    session.execute(update(Product).where(Product.id == product_id).values(**values))
    record_change(session, "products", product_id, values, when)
    audit.record(
        session,
        "product.consigned",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        detail={"product": product.name, "price": price, "commission_bp": commission_bp},
    )


def _lines(
    session: Session, consignor_id: uuid.UUID, items: Mapping[uuid.UUID, Qty], cid: uuid.UUID
) -> list[dict[str, Any]]:
    rows = []
    for n, (pid, qty) in enumerate(items.items(), 1):
        product = session.get(Product, pid)
        if product is None:
            raise NotFound(N_("Product not found."))
        if product.consignor_id != consignor_id:
            raise InvalidInput(N_("{name} is not this consignor's."), name=product.name)
        if qty.milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        rows.append({"consignment_id": cid, "line_no": n, "product_id": pid, "qty_milli": qty.milli})
    return rows


def _moves(
    lines: Sequence[dict[str, Any]], sign: int, reason: str, day: dt.date, when: dt.datetime
) -> list[dict[str, Any]]:
    return [
        {
            "id": new_id(),
            "product_id": line["product_id"],
            "kind": "adjust",
            "qty_milli": sign * line["qty_milli"],
            "value": 0,
            "source_id": line["consignment_id"],
            "business_date": day,
            "created_at": when,
            "reason": reason,
        }
        for line in lines
    ]


def receive_consigned(
    session: Session,
    actor: Actor | None,
    consignor_id: uuid.UUID,
    items: Mapping[uuid.UUID, Qty],
    *,
    note: str = "",
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Goods left by a consignor: on the shelf from now, at no value, and nothing in the books until they sell."""
    when = at or utc_now()
    if not items:
        raise InvalidInput(N_("A purchase needs at least one product."))
    if session.get(Supplier, consignor_id) is None:
        raise NotFound(N_("Supplier not found."))
    day = business_date(when, settings.load(session).timezone)
    cid = new_id()
    lines = _lines(session, consignor_id, items, cid)
    header = {
        "id": cid,
        "kind": "receive",
        "consignor_id": consignor_id,
        "business_date": day,
        "created_at": when,
        "user_id": actor.user_id if actor else None,
        "paid": 0,
        "paid_with": "",
        "note": note.strip()[:200],
        "entry_id": None,
    }
    moves = _moves(lines, 1, RECEIVED, day, when)
    session.execute(insert(core(Consignment)), [header])
    session.execute(insert(core(ConsignmentLine)), lines)
    session.execute(insert(core(StockMovement)), moves)
    emit_facts(
        session,
        "stock.consigned",
        {"consignments": [header], "consignment_lines": lines, "stock_movements": moves},
        when,
    )
    return cid


def owed_to(session: Session, consignor_id: uuid.UUID) -> int:
    """What the shop owes the consignor now for their goods it sold."""
    return -party_balance(session, accounts.UTANG_TITIPAN, consignor_id)


@dataclass(frozen=True, slots=True)
class Settlement:
    consignment_id: uuid.UUID
    paid: int
    returned: tuple[tuple[uuid.UUID, int], ...]  # product, quantity handed back


def settle(
    session: Session,
    actor: Actor,
    consignor_id: uuid.UUID,
    *,
    paid_with: str = "cash",
    returns: Mapping[uuid.UUID, Qty] | None = None,
    note: str = "",
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> Settlement:
    """Pay the consignor what is owed for goods sold and hand back goods: all that is left (`returns` None), or
    the quantities given (the rest stays on the shelf for the next settlement). Refused while more of any of
    their products was sold than was received."""
    when = at or utc_now()
    approved_by = require(actor, "edit_product", approvals, when)
    if paid_with not in PAID_WITH:
        raise InvalidInput(N_("A supplier is paid in cash or from the bank."))
    if session.get(Supplier, consignor_id) is None:
        raise NotFound(N_("Supplier not found."))
    owed = owed_to(session, consignor_id)
    if owed < 0:
        raise Conflict(
            N_("The consignor owes the shop {amount} for goods returned after they were paid for; collect it first."),
            amount=fmt.rupiah(-owed),
        )
    held = consigned_on_hand(session, consignor_id)
    for pid, left in held.items():
        if left < 0:
            # More sold than was recorded as left: the count is wrong, and settling now would leave the
            # consignor's goods below zero on the shelf for ever. The owner records what was really left first.
            name = session.scalar(select(Product.name).where(Product.id == pid)) or "?"
            raise Conflict(
                N_("More {name} was sold than was received from this consignor: receive the missing {missing} first."),
                name=name,
                missing=fmt.qty(-left),
            )
    wanted = {pid: Qty(q) for pid, q in held.items() if q > 0} if returns is None else dict(returns)
    for pid, qty in wanted.items():
        if qty.milli > held.get(pid, 0):
            name = session.scalar(select(Product.name).where(Product.id == pid)) or "?"
            raise InvalidInput(
                N_("Only {left} of {name} can still be returned."), left=fmt.qty(max(held.get(pid, 0), 0)), name=name
            )
    if owed == 0 and not wanted:
        raise Conflict(N_("Nothing is owed to this consignor and none of their goods are left."))
    day = business_date(when, settings.load(session).timezone)
    cid = new_id()
    entry = None
    if owed:
        entry = post_entry(
            session,
            kind="consignment_settle",
            postings=[debit(accounts.UTANG_TITIPAN, owed, consignor_id), credit(PAID_WITH[paid_with], owed)],
            at=when,
            business_date=day,
            memo=note or "Setor titip jual",
            source_id=cid,
        )
    lines = _lines(session, consignor_id, wanted, cid) if wanted else []
    header = {
        "id": cid,
        "kind": "settle",
        "consignor_id": consignor_id,
        "business_date": day,
        "created_at": when,
        "user_id": actor.user_id,
        "paid": owed,
        "paid_with": paid_with if owed else "",
        "note": note.strip()[:200],
        "entry_id": entry.id if entry else None,
    }
    moves = _moves(lines, -1, RETURNED, day, when)
    session.execute(insert(core(Consignment)), [header])
    if lines:
        session.execute(insert(core(ConsignmentLine)), lines)
        session.execute(insert(core(StockMovement)), moves)
    audit.record(
        session,
        "consignment.settle",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        detail={"paid": owed, "returned": len(lines)},
    )
    facts: dict[str, list[dict[str, Any]]] = entry.rows() if entry else {}
    emit_facts(
        session,
        "stock.consignment_settled",
        {**facts, "consignments": [header], "consignment_lines": lines, "stock_movements": moves},
        when,
    )
    return Settlement(cid, owed, tuple((line["product_id"], line["qty_milli"]) for line in lines))

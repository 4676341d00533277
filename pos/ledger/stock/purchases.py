"""Buying stock: suppliers, goods received (paid in cash, from the bank, or owed), and paying suppliers later.

Receiving goods adds stock at what it cost (which moves the average cost) and books Persediaan against Kas,
Bank or Utang usaha tagged with the supplier, so what the shop owes each supplier is read from the ledger.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import MILLI, Money, Qty, div_round_half_up
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import party_balance
from pos.ledger.books.journal import credit, debit, post_entry
from pos.ledger.books.party_payments import book_party_payment
from pos.ledger.replication import authority
from pos.ledger.replication.changes import emit_facts, record_change
from pos.ledger.schema import Product, Purchase, PurchaseLine, StockMovement, Supplier, core
from pos.ledger.shop import settings
from pos.ledger.stock.batches import batch_row, insert_batches
from pos.ledger.stock.products import record_price

PAID_WITH = {"cash": accounts.KAS, "bank": accounts.BANK}


def add_supplier(session: Session, name: str, *, phone: str = "", address: str = "") -> uuid.UUID:
    clean = name.strip()
    if not clean:
        raise InvalidInput(N_("The supplier needs a name."))
    sid = new_id()
    fields = {"name": clean, "phone": phone.strip(), "address": address.strip(), "is_active": True}
    session.execute(insert(core(Supplier)), [{"id": sid, **fields, "hlc": ""}])
    record_change(session, "suppliers", sid, fields, utc_now())
    return sid


def suppliers(session: Session) -> list[tuple[uuid.UUID, str, int]]:
    """(id, name, what the shop owes them) for every active supplier."""
    rows = session.execute(select(Supplier.id, Supplier.name).where(Supplier.is_active).order_by(Supplier.name)).all()
    return [(r.id, r.name, supplier_balance(session, r.id)) for r in rows]


def supplier_balance(session: Session, supplier_id: uuid.UUID) -> int:
    """What the shop still owes this supplier."""
    return -party_balance(session, accounts.UTANG_USAHA, supplier_id)


@dataclass(frozen=True, slots=True)
class PurchaseItem:
    """A product received: quantity in its own unit and what that whole quantity cost."""

    product_id: uuid.UUID
    qty: Qty
    total_cost: Money
    expires_on: dt.date | None = None  # for goods that track expiry: they come in as a batch expiring then
    batch_no: str = ""  # the batch number printed on them, if any


def _products(session: Session, product_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[int, int, tuple[Any, ...]]]:
    """(price, cost, (name, tracks expiry, consignor)) of each product, in chunks."""
    wanted = list(dict.fromkeys(product_ids))
    out: dict[uuid.UUID, tuple[int, int, tuple[Any, ...]]] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(
                Product.id, Product.price, Product.cost, Product.name, Product.tracks_expiry, Product.consignor_id
            ).where(Product.id.in_(wanted[start : start + 500]))
        )
        out.update(
            {
                row.id: (int(row.price), int(row.cost), (row.name, bool(row.tracks_expiry), row.consignor_id))
                for row in rows
            }
        )
    return out


@dataclass(frozen=True, slots=True)
class _Received:
    """A purchase's rows: its lines, the stock coming in, and the batches of goods that track expiry."""

    lines: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    batches: list[dict[str, Any]]

    @property
    def total(self) -> int:
        return sum(int(x["total"]) for x in self.lines)


def receive_goods(
    session: Session,
    actor: Actor | None,
    items: Sequence[PurchaseItem],
    *,
    supplier_id: uuid.UUID | None = None,
    paid_with: str = "cash",
    invoice_no: str = "",
    due_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Book goods received from a supplier in one transaction: stock in, and Kas, Bank or Utang usaha.

    Goods bought on credit may carry the day they are due (`due_on`), which the ageing and the dashboard's
    reminders read (`books.payables`); goods that track expiry come in as a batch with the expiry date of
    their line."""
    when = at or utc_now()
    day = _check_terms(session, items, supplier_id, paid_with, due_on, when)
    pid = new_id()
    found_products = _products(session, [item.product_id for item in items])
    received = _receive_lines(items, found_products, pid, day, when)
    price_rows = _update_costs(session, actor, items, found_products, when)
    total = received.total
    if total <= 0:
        raise InvalidInput(N_("The purchase must cost more than zero."))
    other = (
        credit(accounts.UTANG_USAHA, total, supplier_id)
        if paid_with == "credit"
        else credit(PAID_WITH[paid_with], total)
    )
    entry = post_entry(
        session,
        kind="purchase",
        postings=[debit(accounts.PERSEDIAAN, total), other],
        at=when,
        business_date=day,
        memo=invoice_no or "Pembelian",
        source_id=pid,
    )
    header = {
        "id": pid,
        "supplier_id": supplier_id,
        "invoice_no": invoice_no.strip()[:40],
        "business_date": day,
        "created_at": when,
        "paid_with": paid_with,
        "total": total,
        "user_id": actor.user_id if actor else None,
        "entry_id": entry.id,
        "due_on": due_on,
    }
    session.execute(insert(core(Purchase)), [header])
    session.execute(insert(core(PurchaseLine)), received.lines)
    insert_batches(session, received.batches)
    session.execute(insert(core(StockMovement)), received.moves)
    emit_facts(
        session,
        "purchase.received",
        {
            **entry.rows(),
            "purchases": [header],
            "purchase_lines": received.lines,
            "stock_batches": received.batches,
            "stock_movements": received.moves,
            "price_history": price_rows,
        },
        when,
    )
    return pid


def _check_terms(
    session: Session,
    items: Sequence[PurchaseItem],
    supplier_id: uuid.UUID | None,
    paid_with: str,
    due_on: dt.date | None,
    when: dt.datetime,
) -> dt.date:
    """Refuse an unknown way to pay, no goods, credit without a supplier and a due day that does not fit; the
    business day the goods came on."""
    if paid_with not in ("cash", "bank", "credit"):
        raise InvalidInput(N_("Goods are paid in cash, from the bank, or owed to the supplier."))
    if not items:
        raise InvalidInput(N_("A purchase needs at least one product."))
    if paid_with == "credit" and supplier_id is None:
        raise InvalidInput(N_("Buying on credit needs a supplier."))
    if supplier_id is not None and session.get(Supplier, supplier_id) is None:
        raise NotFound(N_("Supplier not found."))
    if due_on is not None and paid_with != "credit":
        raise InvalidInput(N_("Only goods bought on credit have a day they are due."))
    day = business_date(when, settings.load(session).timezone)
    if due_on is not None and due_on < day:
        raise InvalidInput(N_("The due date cannot be before the day the goods came."))
    return day


def _receive_lines(
    items: Sequence[PurchaseItem],
    found_products: dict[uuid.UUID, tuple[int, int, tuple[Any, ...]]],
    pid: uuid.UUID,
    day: dt.date,
    when: dt.datetime,
) -> _Received:
    """Check each line against its product and make its rows: the line, the stock in, and its batch."""
    lines: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    batches: list[dict[str, Any]] = []
    for n, item in enumerate(items, 1):
        found = found_products.get(item.product_id)
        if found is None:
            raise NotFound(N_("Product not found."))
        name, tracks_expiry, consignor = found[2]
        if consignor is not None:
            raise InvalidInput(N_("{name} is a consignor's: receive it as goods left on consignment."), name=name)
        batch_id = None
        if item.expires_on is not None:
            if not tracks_expiry:
                raise Conflict(N_("{name} does not track expiry dates; turn them on for it first."), name=name)
            batches.append(batch_row(item.product_id, item.expires_on, item.batch_no, pid, when))
            batch_id = batches[-1]["id"]
        elif tracks_expiry:
            raise InvalidInput(N_("{name} tracks expiry dates: give the day these expire."), name=name)
        if item.qty.milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        if item.total_cost.rupiah < 0:
            raise InvalidInput(N_("A price cannot be negative."))
        lines.append(
            {
                "purchase_id": pid,
                "line_no": n,
                "product_id": item.product_id,
                "qty_milli": item.qty.milli,
                "total": item.total_cost.rupiah,
            }
        )
        moves.append(
            {
                "id": new_id(),
                "product_id": item.product_id,
                "kind": "purchase",
                "qty_milli": item.qty.milli,
                "value": item.total_cost.rupiah,
                "source_id": pid,
                "business_date": day,
                "created_at": when,
                "reason": "",
                "batch_id": batch_id,
            }
        )
    return _Received(lines, moves, batches)


def _update_costs(
    session: Session,
    actor: Actor | None,
    items: Sequence[PurchaseItem],
    found_products: dict[uuid.UUID, tuple[int, int, tuple[Any, ...]]],
    when: dt.datetime,
) -> list[dict[str, Any]]:
    """Make what each line paid a unit its product's cost, line by line (a product on two lines ends at the
    second's); the price history rows this adds."""
    known = {pid: (price, cost) for pid, (price, cost, _flags) in found_products.items()}
    price_rows: list[dict[str, Any]] = []
    for item in items:
        price, cost = known[item.product_id]
        unit_cost = div_round_half_up(item.total_cost.rupiah * MILLI, item.qty.milli)
        if unit_cost != cost and authority.may_send(session, "products", item.product_id.hex, {"cost": unit_cost}):
            # The last price paid is the standard cost used when nothing is on hand to average over.
            session.execute(update(Product).where(Product.id == item.product_id).values(cost=unit_cost))
            known[item.product_id] = (price, unit_cost)
            price_rows.append(
                record_price(session, item.product_id, price, unit_cost, when, actor.user_id if actor else None)
            )
            record_change(session, "products", item.product_id, {"cost": unit_cost}, when)
    return price_rows


def pay_supplier(
    session: Session,
    actor: Actor | None,
    supplier_id: uuid.UUID,
    amount: Money,
    *,
    paid_with: str = "cash",
    note: str = "",
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Pay off some or all of what the shop owes a supplier."""
    when = at or utc_now()
    if amount.rupiah <= 0:
        raise InvalidInput(N_("The amount must be more than zero."))
    if paid_with not in PAID_WITH:
        raise InvalidInput(N_("A supplier is paid in cash or from the bank."))
    owed = supplier_balance(session, supplier_id)
    if amount.rupiah > owed:
        raise InvalidInput(N_("The shop owes this supplier only {owed}."), owed=fmt.rupiah(owed))
    day = business_date(when, settings.load(session).timezone)
    row = book_party_payment(
        session,
        actor,
        party_kind="supplier",
        party_id=supplier_id,
        amount=amount.rupiah,
        method=paid_with,
        entry_kind="supplier_payment",
        postings=[debit(accounts.UTANG_USAHA, amount.rupiah, supplier_id), credit(PAID_WITH[paid_with], amount.rupiah)],
        memo=note or "Bayar supplier",
        note=note,
        shift_id=None,
        audit_action="supplier.pay",
        when=when,
        day=day,
    )
    pid: uuid.UUID = row["id"]
    return pid

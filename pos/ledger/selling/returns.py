"""Returns and voids: new events that point at a sale and reverse it at its original figures.

A return takes back some or all of a sale's lines, to cash or as kasbon credit (what the customer does not owe
becomes credit they keep with the shop, titipan): revenue goes to Potongan dan retur penjualan, PPN and HPP are
reversed as they were booked, and the goods go back into stock at the cost they left at. A sale made on a
delivery platform or marketplace can also be refunded through the platform, as those refunds are made: the
platform pays the buyer back, gives back its commission on the returned goods, and takes the rest from what it
owes the shop (Piutang platform; below zero when it was already paid out, until the next payout settles it). A
void cancels a whole sale of the open shift by reversing its journal entry and its stock movements.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, union
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Qty, div_round_half_up
from pos.ledger.base.sequences import next_value
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.books.journal import Posting, credit, debit, post_entry, reverse_entry, signed
from pos.ledger.channels.channels import COUNTER, ChannelInfo, get_channel
from pos.ledger.counter.pricing import milli_of_base
from pos.ledger.counter.shifts import current_shift, require_open_shift
from pos.ledger.people.customers import kasbon_balance
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import (
    Customer,
    ReturnLine,
    Sale,
    SaleLine,
    SaleLinePart,
    SaleReturn,
    SaleVoid,
    StockMovement,
    core,
)
from pos.ledger.selling.orders import reopen_after_void
from pos.ledger.selling.stock_use import sold_lines
from pos.ledger.shop import settings

REFUND_METHODS = ("cash", "kasbon", "platform")


@dataclass(frozen=True, slots=True)
class ReturnResult:
    return_id: uuid.UUID
    return_no: str
    amount: int
    refund_method: str
    commission: int = 0  # the platform's commission given back, on a refund through the platform
    platform: str = ""  # the platform's name, on a refund through it


def find_sale(session: Session, receipt_no: str) -> Sale:
    sale = session.scalar(select(Sale).where(Sale.receipt_no == receipt_no.strip().upper()))
    if sale is None:
        raise NotFound(N_("No sale has receipt number {number}."), number=receipt_no)
    return sale


def is_voided(session: Session, sale_id: uuid.UUID) -> bool:
    return session.get(SaleVoid, sale_id) is not None


def returned_qty(session: Session, sale_id: uuid.UUID) -> dict[int, int]:
    """Quantity already returned per sale line number."""
    rows = session.execute(
        select(ReturnLine.sale_line_no, ReturnLine.qty_milli).where(ReturnLine.sale_id == sale_id)
    ).all()
    out: dict[int, int] = {}
    for line_no, qty in rows:
        out[line_no] = out.get(line_no, 0) + qty
    return out


@dataclass(frozen=True, slots=True)
class ReturnableLine:
    line_no: int
    name: str
    sold_milli: int
    returned_milli: int


@dataclass(frozen=True, slots=True)
class SaleForReturn:
    receipt_no: str
    customer: str
    voided: bool
    lines: tuple[ReturnableLine, ...]
    platform: str = ""  # the platform's name when the sale was made on one, so it can refund through it


def sale_platform(session: Session, sale: Sale) -> ChannelInfo | None:
    """The delivery platform or marketplace `sale` was made on, or None for the counter and direct orders."""
    if sale.channel == COUNTER:
        return None
    try:
        channel = get_channel(session, sale.channel)
    except NotFound:  # a sale synced from a counter that knows a channel this one has not heard of yet
        return None
    return channel if channel.is_platform else None


def sale_for_return(session: Session, receipt_no: str) -> SaleForReturn:
    """A sale's lines as sold, by their own line numbers, and how much of each was already returned."""
    sale = find_sale(session, receipt_no)
    customer = session.get(Customer, sale.customer_id) if sale.customer_id else None
    back = returned_qty(session, sale.id)
    lines = session.execute(
        select(SaleLine.line_no, SaleLine.name, SaleLine.qty_milli)
        .where(SaleLine.sale_id == sale.id)
        .order_by(SaleLine.line_no)
    ).all()
    platform = sale_platform(session, sale)
    return SaleForReturn(
        sale.receipt_no,
        customer.name if customer else "",
        is_voided(session, sale.id),
        tuple(ReturnableLine(r.line_no, r.name, r.qty_milli, back.get(r.line_no, 0)) for r in lines),
        platform.name if platform else "",
    )


def _share(total: int, before: int, now: int, sold: int) -> int:
    # Cumulative rounding: returning a line in several parts adds up to exactly the line's figure.
    return div_round_half_up(total * (before + now), sold) - div_round_half_up(total * before, sold)


@dataclass(frozen=True, slots=True)
class _ReturnAsked:
    """A return that may be made: the sale, how it is refunded, to whom, and the shift it falls in."""

    sale: Sale
    refund_method: str
    platform: ChannelInfo | None  # the platform the sale was made on, if any
    customer_id: uuid.UUID | None
    shift_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class _TakenBack:
    """The return's lines at their share of the sale's figures, the goods going back on the shelf, and what the
    consignors' goods among them give back."""

    rows: list[dict[str, Any]]
    moves: list[dict[str, Any]]
    consigned_owed: dict[uuid.UUID, int]
    consigned_revenue: int

    def total(self, figure: str) -> int:
        return sum(int(r[figure]) for r in self.rows)


@dataclass(frozen=True, slots=True)
class _Refund:
    """What the customer gets back and what it reverses in the books."""

    revenue: int
    ppn: int
    cost: int
    amount: int
    commission: int  # the platform's commission given back, on a refund through the platform


def return_items(
    session: Session,
    actor: Actor,
    receipt_no: str,
    items: Sequence[tuple[int, Qty]],
    *,
    refund_method: str = "cash",
    customer_id: uuid.UUID | None = None,
    reason: str = "",
    approvals: tuple[Approval, ...] = (),
    at: dt.datetime | None = None,
) -> ReturnResult:
    """Take back `items` (sale line number, quantity) of the sale with `receipt_no`.

    Refunded in cash from the open shift's drawer, as kasbon credit to the sale's (or the given) customer, or,
    for a sale made on a platform, through the platform (see the module's notes).
    """
    when = at or utc_now()
    # The input is checked before the owner's approval is asked for: a PIN is typed once, for a return that
    # can be made, never for one refused afterwards.
    asked = _check_return(session, receipt_no, items, refund_method, customer_id)
    rid = new_id()
    day = business_date(when, settings.load(session).timezone)
    taken = _take_back(session, asked.sale, items, rid, day, when, reason)
    approved_by = require(actor, "refund", approvals, when)
    refund = _refund(session, asked, taken)
    postings = _return_postings(session, asked, taken, refund)
    return_no = f"{asked.sale.receipt_no}-R{next_value(session, f'return:{asked.sale.receipt_no}')}"
    if len(postings) < 2:
        raise InvalidInput(N_("There is nothing to refund for these items."))
    entry = post_entry(
        session, kind="return", postings=postings, at=when, business_date=day, memo=return_no, source_id=rid
    )
    header = {
        "id": rid,
        "return_no": return_no,
        "sale_id": asked.sale.id,
        "shift_id": asked.shift_id,
        "business_date": day,
        "created_at": when,
        "refund_method": asked.refund_method,
        "customer_id": asked.customer_id,
        "amount": refund.amount,
        "ppn": refund.ppn,
        "revenue": refund.revenue,
        "cost": refund.cost,
        "user_id": actor.user_id,
        "approved_by": approved_by,
        "reason": reason[:200],
        "entry_id": entry.id,
        "commission": refund.commission,
    }
    session.execute(insert(core(SaleReturn)), [header])
    session.execute(insert(core(ReturnLine)), taken.rows)
    if taken.moves:
        session.execute(insert(core(StockMovement)), taken.moves)
    _audit_return(session, actor, asked, refund, return_no, approved_by, reason, when)
    emit_facts(
        session,
        "sale.returned",
        {**entry.rows(), "sale_returns": [header], "return_lines": taken.rows, "stock_movements": taken.moves},
        when,
    )
    through = asked.platform.name if asked.refund_method == "platform" and asked.platform else ""
    return ReturnResult(rid, return_no, refund.amount, asked.refund_method, refund.commission, through)


def _check_return(
    session: Session,
    receipt_no: str,
    items: Sequence[tuple[int, Qty]],
    refund_method: str,
    customer_id: uuid.UUID | None,
) -> _ReturnAsked:
    """Refuse a refund method the sale cannot take, nothing to return, a voided sale, kasbon without a customer
    and a cash refund without an open shift."""
    if refund_method not in REFUND_METHODS:
        raise InvalidInput(N_("A refund is paid in cash, credited to kasbon, or made through the platform."))
    if not items:
        raise InvalidInput(N_("Choose what is being returned."))
    sale = find_sale(session, receipt_no)
    if is_voided(session, sale.id):
        raise Conflict(N_("Sale {number} was voided; nothing is left to return."), number=sale.receipt_no)
    platform = sale_platform(session, sale)
    if refund_method == "platform" and platform is None:
        raise InvalidInput(
            N_("Sale {number} was not made on a delivery platform or marketplace; refund it in cash or to kasbon."),
            number=sale.receipt_no,
        )
    customer = customer_id or sale.customer_id
    if refund_method == "kasbon" and customer is None:
        raise InvalidInput(N_("Kasbon needs a customer: choose who is buying on credit."))
    shift = require_open_shift(session) if refund_method == "cash" else current_shift(session)
    return _ReturnAsked(sale, refund_method, platform, customer, shift.id if shift else None)


def _take_back(
    session: Session,
    sale: Sale,
    items: Sequence[tuple[int, Qty]],
    rid: uuid.UUID,
    day: dt.date,
    when: dt.datetime,
    reason: str,
) -> _TakenBack:
    """Check each item against what is left of its line, and work out its share of the line's figures."""
    lines = {x.line_no: x for x in session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id))}
    already = returned_qty(session, sale.id)
    # Ingredients a line used stay used; a consignor's goods give back what the consignor was owed for them.
    used = sold_lines(session, sale.id)
    consigned_owed: dict[uuid.UUID, int] = {}
    consigned_revenue = 0
    seen: set[int] = set()
    rows: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    for n, (line_no, qty) in enumerate(items, 1):
        before = already.get(line_no, 0)
        line = _returnable(sale, lines, line_no, qty, seen, before)
        extra = used.get(line_no)
        own_cost = line.cost - (extra.parts_cost if extra else 0)
        figures = {k: _share(getattr(line, k), before, qty.milli, line.qty_milli) for k in ("net", "ppn", "revenue")}
        figures["cost"] = _share(own_cost, before, qty.milli, line.qty_milli)
        if extra is not None and extra.consignor_id is not None:
            owed = _share(extra.owed, before, qty.milli, line.qty_milli)
            consigned_owed[extra.consignor_id] = consigned_owed.get(extra.consignor_id, 0) + owed
            consigned_revenue += figures["revenue"]
        rows.append(
            {"return_id": rid, "line_no": n, "sale_id": sale.id, "sale_line_no": line_no, "qty_milli": qty.milli}
            | figures
        )
        if extra is not None and extra.from_recipe:
            continue  # made to order: nothing of it goes back on the shelf
        base_qty = _share(milli_of_base(Qty(line.qty_milli), line.pack_milli), before, qty.milli, line.qty_milli)
        moves.append(
            {
                "id": new_id(),
                "product_id": line.product_id,
                "kind": "return",
                "qty_milli": base_qty,
                "value": figures["cost"],
                "source_id": rid,
                "business_date": day,
                "created_at": when,
                "reason": reason[:40],
            }
        )
    return _TakenBack(rows, moves, consigned_owed, consigned_revenue)


def _returnable(
    sale: Sale, lines: dict[int, SaleLine], line_no: int, qty: Qty, seen: set[int], before: int
) -> SaleLine:
    """The sale's line `line_no`, when `qty` more of it can be returned; notes it as seen."""
    line = lines.get(line_no)
    if line is None:
        raise InvalidInput(N_("Sale {number} has no line {line}."), number=sale.receipt_no, line=line_no)
    if line_no in seen:
        raise InvalidInput(N_("Line {line} is listed twice."), line=line_no)
    seen.add(line_no)
    if qty.milli <= 0:
        raise InvalidInput(N_("The quantity must be more than zero."))
    if before + qty.milli > line.qty_milli:
        raise Conflict(
            N_("Only {left} of {name} can still be returned."),
            left=fmt.qty(line.qty_milli - before),
            name=line.name,
        )
    return line


def _refund(session: Session, asked: _ReturnAsked, taken: _TakenBack) -> _Refund:
    ppn = taken.total("ppn")
    # What the customer paid for these goods: PPN-inclusive net, plus PPN when prices were PPN-exclusive.
    amount = taken.total("net") + (ppn if asked.sale.ppn_mode == "exclusive" else 0)
    commission = _commission_back(session, asked.sale, amount) if asked.refund_method == "platform" else 0
    return _Refund(taken.total("revenue"), ppn, taken.total("cost"), amount, commission)


def _return_postings(session: Session, asked: _ReturnAsked, taken: _TakenBack, refund: _Refund) -> list[Posting]:
    """Revenue back to Potongan dan retur penjualan (a consignor's share back to them), PPN and HPP reversed,
    and the refund paid out the way it was asked for."""
    postings: list[Posting] = []
    if refund.revenue - taken.consigned_revenue:
        postings.append(debit(accounts.POTONGAN, refund.revenue - taken.consigned_revenue))
    for consignor, owed in taken.consigned_owed.items():
        if owed:
            postings.append(signed(accounts.UTANG_TITIPAN, owed, consignor))
    kept = taken.consigned_revenue - sum(taken.consigned_owed.values())
    if kept:
        postings.append(signed(accounts.PENDAPATAN_KOMISI_TITIP, kept))
    if refund.ppn:
        postings.append(debit(accounts.UTANG_PAJAK, refund.ppn))
    postings += _refund_postings(session, asked, refund)
    if refund.cost:
        postings += [debit(accounts.PERSEDIAAN, refund.cost), credit(accounts.HPP, refund.cost)]
    return postings


def _refund_postings(session: Session, asked: _ReturnAsked, refund: _Refund) -> list[Posting]:
    amount, customer = refund.amount, asked.customer_id
    if asked.platform is not None and asked.refund_method == "platform":
        postings: list[Posting] = []
        if amount - refund.commission:
            postings.append(credit(accounts.PIUTANG_PLATFORM, amount - refund.commission, asked.platform.party_id))
        if refund.commission:
            postings.append(credit(accounts.BEBAN_KOMISI, refund.commission))
        return postings
    if amount and asked.refund_method == "kasbon":
        # What the customer does not owe is not a smaller tab but money the shop keeps for them (titipan), so
        # Piutang usaha never goes below what customers owe.
        owed = max(kasbon_balance(session, customer).rupiah, 0) if customer else 0
        postings = []
        if min(owed, amount):
            postings.append(credit(accounts.PIUTANG, min(owed, amount), customer))
        if amount > owed:
            postings.append(credit(accounts.UANG_MUKA, amount - owed, customer))
        return postings
    return [credit(accounts.KAS, amount)] if amount else []


def _audit_return(
    session: Session,
    actor: Actor,
    asked: _ReturnAsked,
    refund: _Refund,
    return_no: str,
    approved_by: uuid.UUID | None,
    reason: str,
    when: dt.datetime,
) -> None:
    audit.record(
        session,
        "sale.return",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        reason=reason,
        detail={
            "receipt": asked.sale.receipt_no,
            "return": return_no,
            "amount": refund.amount,
            "method": asked.refund_method,
            "commission": refund.commission,
        },
    )


def _commission_back(session: Session, sale: Sale, amount: int) -> int:
    """The platform's commission on `amount` of `sale` returned now: its share of the sale's commission, worked
    out on everything returned so far, so returns in several parts give back exactly the whole commission."""
    if not sale.commission or sale.total <= 0:
        return 0
    before = session.scalar(select(func.coalesce(func.sum(SaleReturn.amount), 0)).where(SaleReturn.sale_id == sale.id))
    return min(_share(sale.commission, int(before or 0), amount, sale.total), amount)


def void_sale(
    session: Session,
    actor: Actor,
    receipt_no: str,
    *,
    reason: str,
    approvals: tuple[Approval, ...] = (),
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Cancel a completed sale of the open shift: its entry and stock movements are reversed, nothing deleted.

    When the sale completed an order, the order goes back on the board holding its down payment again.
    """
    when = at or utc_now()
    # As for a return: the input first, then the owner's approval, so a PIN is never asked for a refused void.
    sale, shift_id = _check_void(session, receipt_no, reason)
    approved_by = require(actor, "void", approvals, when)
    day = business_date(when, settings.load(session).timezone)
    entry = reverse_entry(
        session,
        sale.entry_id,
        at=when,
        business_date=day,
        memo=f"Void {sale.receipt_no}",
        kind="void",
        source_id=sale.id,
    )
    moves = _void_movements(session, sale, day, when)
    if moves:
        session.execute(insert(core(StockMovement)), moves)
    row = {
        "sale_id": sale.id,
        "shift_id": shift_id,
        "created_at": when,
        "user_id": actor.user_id,
        "approved_by": approved_by,
        "reason": reason.strip()[:200],
        "entry_id": entry.id,
    }
    session.execute(insert(core(SaleVoid)), [row])
    audit.record(
        session,
        "sale.void",
        at=when,
        user_id=actor.user_id,
        approved_by=approved_by,
        reason=reason,
        detail={"receipt": sale.receipt_no, "total": sale.total},
    )
    emit_facts(session, "sale.voided", {**entry.rows(), "sale_voids": [row], "stock_movements": moves}, when)
    reopen_after_void(session, actor, sale.id, when)
    return sale.id


def _check_void(session: Session, receipt_no: str, reason: str) -> tuple[Sale, uuid.UUID]:
    """The sale to void and the open shift, when it is whole and was made in that shift on this counter."""
    if not reason.strip():
        raise InvalidInput(N_("Say why the sale is voided."))
    sale = find_sale(session, receipt_no)
    shift = require_open_shift(session)
    if sale.shift_id != shift.id or sale.device_id != local_device(session).id:
        raise Conflict(N_("Only a sale of the open shift on this counter can be voided; make a return instead."))
    if is_voided(session, sale.id):
        raise Conflict(N_("Sale {number} is already voided."), number=sale.receipt_no)
    if returned_qty(session, sale.id):
        raise Conflict(
            N_("Part of sale {number} was returned; return the rest instead of voiding."), number=sale.receipt_no
        )
    return sale, shift.id


def _void_movements(session: Session, sale: Sale, day: dt.date, when: dt.datetime) -> list[dict[str, Any]]:
    """The sale's stock movements turned round, each back into the batch it left."""
    return [
        {
            "id": new_id(),
            "product_id": m.product_id,
            "kind": "void",
            "qty_milli": -m.qty_milli,
            "value": -m.value,
            "source_id": sale.id,
            "business_date": day,
            "created_at": when,
            "reason": "",
            "batch_id": m.batch_id,  # back into the batch it left, so expiry picking still counts it
        }
        for m in session.scalars(
            # By product and day, the index stock levels are read through: a sale's movements carry its day, and
            # its products are its lines' and the ingredients its recipes and add-ons used.
            select(StockMovement).where(
                StockMovement.product_id.in_(
                    union(
                        select(SaleLine.product_id).where(SaleLine.sale_id == sale.id),
                        select(SaleLinePart.product_id).where(SaleLinePart.sale_id == sale.id),
                    )
                ),
                StockMovement.business_date == sale.business_date,
                StockMovement.source_id == sale.id,
                StockMovement.kind == "sale",
            )
        )
    ]

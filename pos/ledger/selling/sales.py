"""Ringing up a sale: one transaction that writes the sale, its lines and payments, the stock movements, one
balanced journal entry and the outbox event, or nothing at all.
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
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.device import LocalDevice, local_device
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.base.ids import SaleId, new_id
from pos.ledger.base.money import ZERO, Money
from pos.ledger.base.sequences import next_value
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.books.balances import party_balance
from pos.ledger.books.journal import PostedEntry, Posting, credit, debit, post_entry, signed
from pos.ledger.channels.channels import COUNTER, COUNTER_CHANNEL, ChannelInfo, commission_of, get_channel
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.payments import Payment, Settlement, settle
from pos.ledger.counter.pricing import PpnRule, PricedCart, RoundingRule, milli_of_base, rounded_due
from pos.ledger.counter.shifts import require_open_shift
from pos.ledger.people.customers import get_customer
from pos.ledger.people.deposits import check_credit
from pos.ledger.prices import sale_records
from pos.ledger.prices.outcome import PricedSale
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import Sale, SaleLine, SalePayment, SaleQris, StockMovement, core
from pos.ledger.selling.sale_approvals import check_discounts, check_kasbon, check_overrides
from pos.ledger.selling.stock_use import SaleStock
from pos.ledger.shop import settings


def ppn_rule(values: settings.ShopSettings) -> PpnRule:
    return PpnRule(values.ppn_mode, values.ppn_rate_bp, values.ppn_base_num, values.ppn_base_den)


def rounding_rule(values: settings.ShopSettings) -> RoundingRule:
    return RoundingRule(values.rounding_increment, values.rounding_scope, values.rounding_direction)


@dataclass(frozen=True, slots=True)
class SaleResult:
    """What the counter shows and prints after a sale."""

    sale_id: SaleId
    receipt_no: str
    created_at: dt.datetime
    priced: PricedCart
    settlement: Settlement
    cost: int
    channel: str = COUNTER
    delivery_fee: int = 0  # ongkir charged, inside the total
    commission: int = 0  # what the platform keeps of the total
    prices: PricedSale | None = None  # the lines as sold and every tier, promotion, voucher and points effect

    @property
    def total(self) -> int:
        return self.settlement.due

    @property
    def change(self) -> int:
        return self.settlement.change


def receipt_number(session: Session, device_code: str, day: dt.date) -> str:
    """`A-20261122-0042`: counter, business day, and that day's gap-free count on this counter."""
    stamp = day.strftime("%Y%m%d")
    return f"{device_code}-{stamp}-{next_value(session, f'receipt:{device_code}:{stamp}'):04d}"


def _channel_payments(
    session: Session,
    channel: ChannelInfo,
    payments: Sequence[Payment],
    exact_due: int,
    rule: RoundingRule,
    order_id: uuid.UUID | None,
) -> Sequence[Payment]:
    """The payments as the channel allows them: a platform's sale is paid by the platform (in full when no
    payment is given), an order's down payment only on that order and only as far as it goes."""
    if channel.is_platform:
        if any(p.method != "platform" for p in payments):
            raise InvalidInput(N_("A sale on {channel} is paid through {channel}."), channel=channel.name)
        if not payments:
            due = rounded_due(exact_due, exact_due, False, rule)
            payments = [Payment("platform", Money(due))] if due > 0 else []
        return [Payment("platform", p.amount, channel.name[:20], p.reference) for p in payments]
    if any(p.method == "platform" for p in payments):
        raise InvalidInput(N_("Only a sale on a delivery platform or a marketplace is paid through the platform."))
    deposit = sum(p.amount.rupiah for p in payments if p.method == "deposit")
    if deposit:
        if order_id is None:
            raise InvalidInput(N_("A down payment can pay only for the order it was taken on."))
        held = -party_balance(session, accounts.UANG_MUKA, order_id)
        if deposit > held:
            raise InvalidInput(N_("The order's down payment is only {held}."), held=fmt.rupiah(held))
    return payments


def _payment_postings(
    settlement: Settlement,
    channel: ChannelInfo,
    customer_id: uuid.UUID | None,
    order_id: uuid.UUID | None,
    commission: int,
) -> list[Posting]:
    """Where each payment lands; a platform's share goes to Piutang platform, less its commission."""
    postings: list[Posting] = []
    for p in settlement.applied:
        if p.method == "platform":
            continue
        party = customer_id if p.method in ("kasbon", "credit") else order_id if p.method == "deposit" else None
        postings.append(debit(accounts.PAYMENT_ACCOUNTS[p.method], p.amount, party))
    by_platform = settlement.paid_by("platform")
    if by_platform - commission:
        postings.append(debit(accounts.PIUTANG_PLATFORM, by_platform - commission, channel.party_id))
    if commission:
        postings.append(debit(accounts.BEBAN_KOMISI, commission))
    return postings


@dataclass(frozen=True, slots=True)
class _Occasion:
    """Where and when a sale is booked: the open shift, the channel, this counter and the shop's settings."""

    when: dt.datetime
    day: dt.date
    shift_id: uuid.UUID
    sold_on: ChannelInfo
    device: LocalDevice
    values: settings.ShopSettings
    delivery_fee: int


@dataclass(frozen=True, slots=True)
class _Paid:
    """The sale priced and settled, with who approved what a cashier may not do alone."""

    sale: PricedSale
    settlement: Settlement
    commission: int
    discount_by: uuid.UUID | None
    kasbon_by: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class _Costed:
    """Each line's row with the cost it took from stock, and what the stock taken adds to the sale."""

    line_rows: list[dict[str, Any]]
    total_cost: int
    moves: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class _Written:
    """The rows written for a sale, as its outbox event carries them."""

    sale_row: dict[str, Any]
    payment_rows: list[dict[str, Any]]
    price_rows: sale_records.Rows


def ring_up(
    session: Session,
    actor: Actor,
    cart: Cart,
    payments: Sequence[Payment],
    *,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
    channel: str = COUNTER,
    delivery_fee: Money = ZERO,
    order_id: uuid.UUID | None = None,
) -> SaleResult:
    """Book the sale of `cart` paid by `payments`, in the caller's transaction, and return its receipt facts.

    `channel` says where it was sold (see `pos.ledger.channels.channels`): on a platform channel the platform pays
    (`payments` may be empty) and its commission is booked; `delivery_fee` is ongkir charged on top of the
    goods; `order_id` is the order being completed, whose down payment a 'deposit' payment draws on.

    Refuses, writing nothing: no open shift, an empty cart, a bad quantity or price, payments that do not cover
    the amount due, non-cash overpayment, kasbon without a customer, credit beyond what the customer keeps with
    the shop, and (for a cashier, without an owner's approval) kasbon beyond the credit limit, a discount above
    the shop's limit or a changed price.
    """
    occasion = _check_occasion(session, cart, at, channel, delivery_fee)
    paid = _price_and_settle(session, actor, cart, payments, approvals, occasion, order_id)
    sale_id = new_id()
    # What each line takes from stock (itself, its recipe, its add-ons' recipes) and owes a consignor.
    stock = SaleStock.load(session, sale_id, cart.lines)
    receipt_no = receipt_number(session, occasion.device.code, occasion.day)
    costed = _cost_lines(sale_id, paid.sale, stock, occasion)
    entry = post_entry(
        session,
        kind="sale",
        postings=_sale_postings(occasion, paid, stock, costed.total_cost, cart.customer_id, order_id),
        at=occasion.when,
        business_date=occasion.day,
        memo=receipt_no,
        source_id=sale_id,
    )
    written = _write_sale(session, actor, cart, occasion, paid, stock, costed, sale_id, receipt_no, entry, order_id)
    _queue_slips(session, occasion, paid.settlement, sale_id)
    _audit_sale(session, actor, cart, occasion.when, paid, receipt_no)
    emit_facts(
        session,
        "sale.completed",
        {
            **entry.rows(),
            "sales": [written.sale_row],
            "sale_lines": costed.line_rows,
            "sale_payments": written.payment_rows,
            "stock_movements": costed.moves,
            **stock.fact_rows(),
            **written.price_rows,
        },
        occasion.when,
    )
    return SaleResult(
        SaleId(sale_id),
        receipt_no,
        occasion.when,
        paid.sale.priced,
        paid.settlement,
        costed.total_cost,
        occasion.sold_on.code,
        occasion.delivery_fee,
        paid.commission,
        paid.sale,
    )


def _check_occasion(
    session: Session, cart: Cart, at: dt.datetime | None, channel: str, delivery_fee: Money
) -> _Occasion:
    """Refuse an empty cart, a closed shift, a retired channel and a delivery fee the channel cannot take."""
    if cart.is_empty:
        raise InvalidInput(N_("The cart is empty."))
    when = at or utc_now()
    shift = require_open_shift(session)
    # The counter, by far the most frequent, is not looked up: it always exists and never has terms.
    sold_on = COUNTER_CHANNEL if channel == COUNTER else get_channel(session, channel)
    if not sold_on.is_active:
        raise Conflict(N_("{channel} is no longer a sales channel."), channel=sold_on.name)
    if delivery_fee.rupiah < 0:
        raise InvalidInput(N_("The delivery fee cannot be negative."))
    if delivery_fee.rupiah and sold_on.is_platform:
        raise InvalidInput(N_("{channel} charges its own delivery fee."), channel=sold_on.name)
    values = settings.load(session)
    day = business_date(when, values.timezone)
    return _Occasion(when, day, shift.id, sold_on, local_device(session), values, delivery_fee.rupiah)


def _price_and_settle(
    session: Session,
    actor: Actor,
    cart: Cart,
    payments: Sequence[Payment],
    approvals: Sequence[Approval],
    occasion: _Occasion,
    order_id: uuid.UUID | None,
) -> _Paid:
    """Price the cart, settle the payments against what is due, and check what needs the owner's approval."""
    values, sold_on, when = occasion.values, occasion.sold_on, occasion.when
    sale = sale_records.price_for_sale(
        session, cart, ppn_rule(values), values, when, sold_on.code, occasion.device.code
    )
    rule = rounding_rule(values)
    exact_due = sale.priced.exact_due + occasion.delivery_fee
    payments = _channel_payments(session, sold_on, payments, exact_due, rule, order_id)
    settlement = settle(exact_due, payments, rule)
    commission = commission_of(settlement.paid_by("platform"), sold_on.commission_bp)
    # Looked up once: an unknown customer is refused before anything is written, and kasbon needs the limit.
    customer = get_customer(session, cart.customer_id) if cart.customer_id is not None else None
    check_overrides(session, cart)
    discount_by = check_discounts(cart, sale, values.discount_limit_bp, actor, approvals, when)
    kasbon_by = check_kasbon(session, actor, customer, settlement, approvals, when)
    if settlement.paid_by("credit"):
        check_credit(session, customer.id if customer else None, settlement.paid_by("credit"))
    return _Paid(sale, settlement, commission, discount_by, kasbon_by)


def _cost_lines(sale_id: uuid.UUID, sale: PricedSale, stock: SaleStock, occasion: _Occasion) -> _Costed:
    """Take each line from stock at its cost (HPP) and make its row."""
    line_rows: list[dict[str, Any]] = []
    total_cost = 0
    for no, sold in enumerate(sale.lines, 1):
        line, p = sold.line, sold.priced
        base_milli = milli_of_base(line.qty, line.pack_milli)
        cost = stock.take(no, line, p, base_milli)
        total_cost += cost
        line_rows.append(
            {
                "sale_id": sale_id,
                "line_no": no,
                "product_id": line.product_id,
                "name": line.name,
                "barcode": line.barcode,
                "qty_milli": line.qty.milli,
                "pack_milli": line.pack_milli,
                "unit_price": sold.unit_price,
                "gross": p.gross,
                "line_discount": p.line_discount,
                "cart_discount": p.cart_discount,
                "net": p.net,
                "dpp": p.dpp,
                "ppn": p.ppn,
                "revenue": p.revenue,
                "cost": cost,
                "price_override_by": line.override_by,
            }
        )
    return _Costed(line_rows, total_cost, stock.movements(occasion.day, occasion.when))


def _sale_postings(
    occasion: _Occasion,
    paid: _Paid,
    stock: SaleStock,
    total_cost: int,
    customer_id: uuid.UUID | None,
    order_id: uuid.UUID | None,
) -> list[Posting]:
    """The sale's balanced journal lines: payments in; revenue, discount, PPN, ongkir and rounding; HPP out."""
    priced, settlement = paid.sale.priced, paid.settlement
    postings = _payment_postings(settlement, occasion.sold_on, customer_id, order_id, paid.commission)
    # A consignor's goods are not the shop's sales: their revenue goes to the consignor and the commission.
    own_discount = priced.discount_ex_ppn - stock.consigned_discount
    own_revenue = priced.revenue - stock.consigned_revenue
    if own_discount:
        postings.append(debit(accounts.POTONGAN, own_discount))
    if own_revenue + own_discount:
        postings.append(credit(accounts.PENDAPATAN, own_revenue + own_discount))
    postings += stock.consignment_postings()
    if priced.ppn:
        postings.append(credit(accounts.UTANG_PAJAK, priced.ppn))
    if occasion.delivery_fee:
        postings.append(credit(accounts.PENDAPATAN_ONGKIR, occasion.delivery_fee))
    if settlement.rounding:
        postings.append(signed(accounts.PEMBULATAN, -settlement.rounding))
    if total_cost > 0:
        postings += [debit(accounts.HPP, total_cost), credit(accounts.PERSEDIAAN, total_cost)]
    elif total_cost < 0:  # only with corrupted negative values on hand; book it rather than lose it
        postings += [credit(accounts.HPP, -total_cost), debit(accounts.PERSEDIAAN, -total_cost)]
    if len(postings) < 2:
        raise InvalidInput(N_("There is nothing to book: every item is free and has no cost."))
    return postings


def _write_sale(
    session: Session,
    actor: Actor,
    cart: Cart,
    occasion: _Occasion,
    paid: _Paid,
    stock: SaleStock,
    costed: _Costed,
    sale_id: uuid.UUID,
    receipt_no: str,
    entry: PostedEntry,
    order_id: uuid.UUID | None,
) -> _Written:
    """Write the sale, its lines, payments, stock movements, what the stock taken owes, and its price records."""
    priced, settlement = paid.sale.priced, paid.settlement
    sale_row = {
        "id": sale_id,
        "receipt_no": receipt_no,
        "device_id": occasion.device.id,
        "business_date": occasion.day,
        "created_at": occasion.when,
        "cashier_id": actor.user_id,
        "shift_id": occasion.shift_id,
        "customer_id": cart.customer_id,
        "ppn_mode": priced.ppn_mode,
        "gross": priced.gross,
        "discount": priced.discount,
        "dpp": priced.dpp,
        "ppn": priced.ppn,
        "rounding": settlement.rounding,
        "total": settlement.due,
        "tendered": settlement.tendered,
        "change": settlement.change,
        "cost": costed.total_cost,
        "entry_id": entry.id,
        "channel": occasion.sold_on.code,
        "delivery_fee": occasion.delivery_fee,
        "commission": paid.commission,
        "order_id": order_id,
    }
    payment_rows = _payment_rows(sale_id, settlement)
    session.execute(insert(core(Sale)), [sale_row])
    session.execute(insert(core(SaleLine)), costed.line_rows)
    if payment_rows:
        session.execute(insert(core(SalePayment)), payment_rows)
    if costed.moves:
        session.execute(insert(core(StockMovement)), costed.moves)
    stock.write(session)
    price_rows = sale_records.fact_rows(
        paid.sale, sale_id, cart.customer_id, occasion.when, occasion.day, occasion.values
    )
    sale_records.write(session, price_rows)
    return _Written(sale_row, payment_rows, price_rows)


def _payment_rows(sale_id: uuid.UUID, settlement: Settlement) -> list[dict[str, Any]]:
    return [
        {
            "sale_id": sale_id,
            "line_no": i,
            "method": p.method,
            "amount": p.amount,
            "tendered": p.tendered,
            "provider": p.provider,
            "reference": p.reference,
        }
        for i, p in enumerate(settlement.applied, 1)
    ]


def _queue_slips(session: Session, occasion: _Occasion, settlement: Settlement, sale_id: uuid.UUID) -> None:
    """Keep the QRIS code the customer paid against, and queue the drawer kick, receipt and ticket."""
    values, when = occasion.values, occasion.when
    static_qris = values.qris_static_payload
    if static_qris and settlement.paid_by("qris") > 0:
        # The receipt's QRIS is made from the code the customer paid against, whenever the slip prints.
        session.execute(insert(core(SaleQris)), [{"sale_id": sale_id, "static_payload": static_qris}])
    if values.printer_uri:
        if values.drawer_kick_on_cash and settlement.paid_by("cash") > 0:
            # Its own job, queued first: the drawer opens as the receipt starts, and only ever once.
            print_queue.enqueue_drawer(session, sale_id, at=when)
        if values.receipt_auto_print:
            print_queue.enqueue(session, "receipt", sale_id, at=when)
        if values.ticket_auto_print:
            print_queue.enqueue(session, "ticket", sale_id, at=when)


def _audit_sale(session: Session, actor: Actor, cart: Cart, when: dt.datetime, paid: _Paid, receipt_no: str) -> None:
    """Record each changed price, a discount by hand (the cashier's, approved, or the owner's) and kasbon over
    the limit, with who approved it."""
    for line in cart.lines:
        if line.overridden:
            audit.record(
                session,
                "price.override",
                at=when,
                user_id=actor.user_id,
                approved_by=line.override_by,
                detail={
                    "receipt": receipt_no,
                    "product": line.name,
                    "list_price": line.list_price.rupiah,
                    "price": line.unit_price.rupiah,
                },
            )
    by_hand = sum(s.hand_discount for s in paid.sale.lines) + paid.sale.hand_cart_discount
    if paid.discount_by or (actor.is_owner and by_hand):
        audit.record(
            session,
            "sale.discount",
            at=when,
            user_id=actor.user_id,
            approved_by=paid.discount_by,
            detail={"receipt": receipt_no, "discount": by_hand},
        )
    if paid.kasbon_by:
        audit.record(
            session,
            "kasbon.over_limit",
            at=when,
            user_id=actor.user_id,
            approved_by=paid.kasbon_by,
            detail={"receipt": receipt_no, "amount": paid.settlement.paid_by("kasbon")},
        )

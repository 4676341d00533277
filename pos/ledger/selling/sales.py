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
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import SaleId, new_id
from pos.ledger.base.money import ZERO, Money
from pos.ledger.base.sequences import next_value
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor, Approval, NeedsApproval, require
from pos.ledger.books.balances import party_balance
from pos.ledger.books.journal import Posting, credit, debit, post_entry, signed
from pos.ledger.channels.channels import COUNTER, ChannelInfo, commission_of, get_channel
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.payments import Payment, Settlement, settle
from pos.ledger.counter.pricing import PpnRule, PricedCart, RoundingRule, milli_of_base, rounded_due
from pos.ledger.counter.shifts import require_open_shift
from pos.ledger.people.customers import CustomerInfo, get_customer, kasbon_balance
from pos.ledger.people.deposits import check_credit
from pos.ledger.people.users import list_users
from pos.ledger.prices import sale_records
from pos.ledger.prices.outcome import PricedSale
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import Sale, SaleLine, SalePayment, SaleQris, StockMovement, core
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


def _check_kasbon(
    session: Session,
    actor: Actor,
    customer: CustomerInfo | None,
    settlement: Settlement,
    approvals: Sequence[Approval],
    when: dt.datetime,
) -> uuid.UUID | None:
    on_credit = settlement.paid_by("kasbon")
    if not on_credit:
        return None
    if customer is None:
        raise InvalidInput(N_("Kasbon needs a customer: choose who is buying on credit."))
    owed_after = kasbon_balance(session, customer.id).rupiah + on_credit
    if owed_after <= customer.kasbon_limit.rupiah:
        return None
    refusal = NeedsApproval(
        "kasbon_over_limit",
        N_("{name} would owe {owed}, above the credit limit of {limit}. The owner must approve."),
        name=customer.name,
        owed=fmt.rupiah(owed_after),
        limit=fmt.rupiah(customer.kasbon_limit),
    )
    return require(actor, "kasbon_over_limit", approvals, when, refusal)


def _check_discounts(
    cart: Cart, sale: PricedSale, limit_bp: int, actor: Actor, approvals: Sequence[Approval], when: dt.datetime
) -> uuid.UUID | None:
    """A discount the cashier gave above the shop's limit (as a share of what it applies to) needs the owner.
    Promotions, vouchers and points are the owner's own terms and need no one."""
    priced = sale.priced
    over = (
        any(s.hand_discount * 10_000 > limit_bp * s.priced.gross for s in sale.lines if s.priced.gross)
        or (cart.discount.percent_bp > limit_bp)
        or (cart.discount.rupiah * 10_000 > limit_bp * max(sum(p.gross - p.line_discount for p in priced.lines), 1))
    )
    return require(actor, "discount_above_limit", approvals, when) if over else None


def _check_overrides(session: Session, cart: Cart) -> None:
    if not any(line.overridden for line in cart.lines):
        return
    owners = {u.id for u in list_users(session) if u.role == "owner"}
    for line in cart.lines:
        if line.overridden and line.override_by not in owners:
            raise NeedsApproval("price_override")


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


_COUNTER_CHANNEL = ChannelInfo(COUNTER, "", "counter", 0, 0, 100, 0, True)


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
    if cart.is_empty:
        raise InvalidInput(N_("The cart is empty."))
    when = at or utc_now()
    shift = require_open_shift(session)
    # The counter, by far the most frequent, is not looked up: it always exists and never has terms.
    sold_on = _COUNTER_CHANNEL if channel == COUNTER else get_channel(session, channel)
    if not sold_on.is_active:
        raise InvalidInput(N_("{channel} is no longer a sales channel."), channel=sold_on.name)
    if delivery_fee.rupiah < 0:
        raise InvalidInput(N_("The delivery fee cannot be negative."))
    if delivery_fee.rupiah and sold_on.is_platform:
        raise InvalidInput(N_("{channel} charges its own delivery fee."), channel=sold_on.name)
    values = settings.load(session)
    day = business_date(when, values.timezone)
    device = local_device(session)
    sale = sale_records.price_for_sale(session, cart, ppn_rule(values), values, when, sold_on.code, device.code)
    priced = sale.priced
    rule = rounding_rule(values)
    exact_due = priced.exact_due + delivery_fee.rupiah
    payments = _channel_payments(session, sold_on, payments, exact_due, rule, order_id)
    settlement = settle(exact_due, payments, rule)
    commission = commission_of(settlement.paid_by("platform"), sold_on.commission_bp)
    # Looked up once: an unknown customer is refused before anything is written, and kasbon needs the limit.
    customer = get_customer(session, cart.customer_id) if cart.customer_id is not None else None
    _check_overrides(session, cart)
    discount_by = _check_discounts(cart, sale, values.discount_limit_bp, actor, approvals, when)
    kasbon_by = _check_kasbon(session, actor, customer, settlement, approvals, when)
    if settlement.paid_by("credit"):
        check_credit(session, customer.id if customer else None, settlement.paid_by("credit"))

    sale_id = new_id()
    # What each line takes from stock (itself, its recipe, its add-ons' recipes) and owes a consignor.
    stock = SaleStock.load(session, sale_id, cart.lines)
    receipt_no = receipt_number(session, device.code, day)

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
    moves = stock.movements(day, when)

    postings = _payment_postings(settlement, sold_on, cart.customer_id, order_id, commission)
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
    if delivery_fee.rupiah:
        postings.append(credit(accounts.PENDAPATAN_ONGKIR, delivery_fee.rupiah))
    if settlement.rounding:
        postings.append(signed(accounts.PEMBULATAN, -settlement.rounding))
    if total_cost > 0:
        postings += [debit(accounts.HPP, total_cost), credit(accounts.PERSEDIAAN, total_cost)]
    elif total_cost < 0:  # only with corrupted negative values on hand; book it rather than lose it
        postings += [credit(accounts.HPP, -total_cost), debit(accounts.PERSEDIAAN, -total_cost)]
    if len(postings) < 2:
        raise InvalidInput(N_("There is nothing to book: every item is free and has no cost."))
    entry = post_entry(
        session,
        kind="sale",
        postings=postings,
        at=when,
        business_date=day,
        memo=receipt_no,
        source_id=sale_id,
    )

    sale_row = {
        "id": sale_id,
        "receipt_no": receipt_no,
        "device_id": device.id,
        "business_date": day,
        "created_at": when,
        "cashier_id": actor.user_id,
        "shift_id": shift.id,
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
        "cost": total_cost,
        "entry_id": entry.id,
        "channel": sold_on.code,
        "delivery_fee": delivery_fee.rupiah,
        "commission": commission,
        "order_id": order_id,
    }
    payment_rows = [
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
    session.execute(insert(core(Sale)), [sale_row])
    session.execute(insert(core(SaleLine)), line_rows)
    if payment_rows:
        session.execute(insert(core(SalePayment)), payment_rows)
    if moves:
        session.execute(insert(core(StockMovement)), moves)
    stock.write(session)
    price_rows = sale_records.fact_rows(sale, sale_id, cart.customer_id, when, day, values)
    sale_records.write(session, price_rows)
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
    by_hand = sum(s.hand_discount for s in sale.lines) + sale.hand_cart_discount
    if discount_by or (actor.is_owner and by_hand):
        audit.record(
            session,
            "sale.discount",
            at=when,
            user_id=actor.user_id,
            approved_by=discount_by,
            detail={"receipt": receipt_no, "discount": by_hand},
        )
    if kasbon_by:
        audit.record(
            session,
            "kasbon.over_limit",
            at=when,
            user_id=actor.user_id,
            approved_by=kasbon_by,
            detail={"receipt": receipt_no, "amount": settlement.paid_by("kasbon")},
        )
    emit_facts(
        session,
        "sale.completed",
        {
            **entry.rows(),
            "sales": [sale_row],
            "sale_lines": line_rows,
            "sale_payments": payment_rows,
            "stock_movements": moves,
            **stock.fact_rows(),
            **price_rows,
        },
        when,
    )
    return SaleResult(
        SaleId(sale_id),
        receipt_no,
        when,
        priced,
        settlement,
        total_cost,
        sold_on.code,
        delivery_fee.rupiah,
        commission,
        sale,
    )

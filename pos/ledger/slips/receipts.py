"""What the slips say, read from the books: receipts, refunds, shift closes, kasbon payments and test slips.

Each slip is one of the immutable values of `slip_types`, in whole rupiah and thousandths; wording, widths and
formatting belong to `pos.printing`. Also the owner's "open the drawer" action, which is audited and queued like
any slip. No printing library is imported here.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import DEFAULT_TIMEZONE, local, utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.money import Money
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.counter import print_queue
from pos.ledger.counter.qris import make_dynamic
from pos.ledger.counter.shifts import require_open_shift, shift_report, z_report
from pos.ledger.prices.loyalty import points_ledger
from pos.ledger.schema import (
    Channel,
    Customer,
    JournalEntry,
    JournalLine,
    PointsMovement,
    Product,
    ReturnLine,
    Sale,
    SaleEffect,
    SaleLine,
    SalePayment,
    SaleQris,
    SaleReturn,
    SaleVoid,
    Shift,
    ShiftClose,
    User,
)
from pos.ledger.shop import settings
from pos.ledger.slips.slip_types import (
    KasbonPaymentSlip,
    PrinterTestSlip,
    Receipt,
    ReceiptEffect,
    ReceiptLine,
    ReceiptPayment,
    ReceiptPoints,
    ReturnSlip,
    ReturnSlipLine,
    ShiftFigures,
    ShiftSlip,
    ShopHeader,
)
from pos.ledger.slips.tickets import line_notes

PAYLOAD_KINDS: Final = ("kasbon_payment", "test")


def shop_header(session: Session) -> ShopHeader:
    values = settings.load(session)
    return ShopHeader(
        name=values.shop_name,
        address=values.shop_address,
        phone=values.shop_phone,
        npwp=values.shop_npwp,
        header=values.receipt_header,
        footer=values.receipt_footer,
        order_footer=values.receipt_order_footer,
    )


def _user_name(session: Session, user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return ""
    return session.scalar(select(User.name).where(User.id == user_id)) or ""


def _customer_name(session: Session, customer_id: uuid.UUID | None) -> str:
    if customer_id is None:
        return ""
    return session.scalar(select(Customer.name).where(Customer.id == customer_id)) or ""


def _channel_name(session: Session, code: str) -> str:
    if code == "counter":
        return ""
    return session.scalar(select(Channel.name).where(Channel.code == code)) or code


def _balance_after(session: Session, account: str, customer_id: uuid.UUID, entry_id: uuid.UUID) -> int:
    """The customer's balance on `account` (debit less credit) once `entry_id` was posted: a reprint next month
    still shows the balance then."""
    posted_at = select(JournalEntry.created_at).where(JournalEntry.id == entry_id).scalar_subquery()
    owed = session.scalar(
        select(func.coalesce(func.sum(JournalLine.debit - JournalLine.credit), 0))
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(
            JournalLine.account_code == account,
            JournalLine.party_id == customer_id,
            JournalEntry.created_at <= posted_at,
        )
    )
    return int(owed or 0)


def _kasbon_balance_after(session: Session, customer_id: uuid.UUID, entry_id: uuid.UUID) -> int:
    """What the customer owed once `entry_id` was posted."""
    return _balance_after(session, accounts.PIUTANG, customer_id, entry_id)


def _units(session: Session, product_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, bool]]:
    rows = session.execute(select(Product.id, Product.unit, Product.is_weighed).where(Product.id.in_(set(product_ids))))
    return {r.id: (r.unit, bool(r.is_weighed)) for r in rows}


def _qris(static_payload: str, amount: int) -> str | None:
    if not static_payload or amount <= 0:
        return None
    try:
        return make_dynamic(static_payload, Money(amount))
    except InvalidInput:
        # A damaged QRIS setting must not stop the receipt: the code is left off, the sale is printed.
        return None


def _static_qris(session: Session, sale_id: uuid.UUID) -> str:
    """The static QRIS the sale was paid against (kept with it), not the setting as it is today."""
    return session.scalar(select(SaleQris.static_payload).where(SaleQris.sale_id == sale_id)) or ""


def _effects(session: Session, sale_id: uuid.UUID) -> dict[int | None, tuple[ReceiptEffect, ...]]:
    """The sale's price effects by line number (None: the whole cart), in the order they were recorded."""
    found: dict[int | None, list[ReceiptEffect]] = {}
    for e in session.scalars(select(SaleEffect).where(SaleEffect.sale_id == sale_id).order_by(SaleEffect.seq)):
        found.setdefault(e.line_no, []).append(ReceiptEffect(e.kind, e.name, e.saved, e.qty_milli // 1000))
    return {k: tuple(v) for k, v in found.items()}


def _points(session: Session, sale: Sale) -> ReceiptPoints | None:
    """Points earned and redeemed on the sale, and what the customer held right after it."""
    if sale.customer_id is None:
        return None
    moved = list(
        session.execute(select(PointsMovement.kind, PointsMovement.points).where(PointsMovement.sale_id == sale.id))
    )
    if not moved:
        return None
    earned = sum(p for kind, p in moved if kind == "earn")
    redeemed = -sum(p for kind, p in moved if kind == "redeem")
    after = [
        x.balance for x in points_ledger(session, sale.customer_id, sale.business_date) if x.receipt == sale.receipt_no
    ]
    return ReceiptPoints(earned, redeemed, after[-1] if after else 0)


def receipt_for_sale(session: Session, sale_id: uuid.UUID, *, is_copy: bool = False) -> Receipt:
    """The receipt of a sale as it was rung up (names and prices as sold, not as the catalogue says now)."""
    sale = session.get(Sale, sale_id)
    if sale is None:
        raise NotFound(N_("Sale not found."))
    values = settings.load(session)
    sold = list(session.scalars(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)))
    paid = list(
        session.scalars(select(SalePayment).where(SalePayment.sale_id == sale.id).order_by(SalePayment.line_no))
    )
    units = _units(session, [x.product_id for x in sold])
    notes = line_notes(session, sale.id)
    effects = _effects(session, sale.id)
    lines = tuple(
        ReceiptLine(
            name=x.name,
            qty_milli=x.qty_milli,
            pack_milli=x.pack_milli,
            unit=units.get(x.product_id, ("pcs", False))[0],
            is_weighed=units.get(x.product_id, ("pcs", False))[1],
            unit_price=x.unit_price,
            gross=x.gross,
            discount=x.line_discount,
            total=x.gross - x.line_discount,
            notes=notes.get(x.line_no, ()),
            effects=effects.get(x.line_no, ()),
        )
        for x in sold
    )
    payments = tuple(ReceiptPayment(p.method, p.provider, p.amount, p.tendered) for p in paid)
    on_kasbon = any(p.method == "kasbon" for p in payments)
    on_credit = any(p.method == "credit" for p in payments)
    qris_amount = sum(p.amount for p in payments if p.method == "qris")
    return Receipt(
        shop=shop_header(session),
        number=sale.receipt_no,
        at=local(sale.created_at, values.timezone),
        cashier=_user_name(session, sale.cashier_id),
        customer=_customer_name(session, sale.customer_id),
        lines=lines,
        subtotal=sum(x.total for x in lines),
        cart_discount=sum(x.cart_discount for x in sold),
        total_discount=sale.discount,
        ppn_mode=sale.ppn_mode,
        dpp=sale.dpp,
        ppn=sale.ppn,
        rounding=sale.rounding,
        total=sale.total,
        payments=payments,
        change=sale.change,
        kasbon_balance=(
            _kasbon_balance_after(session, sale.customer_id, sale.entry_id)
            if on_kasbon and sale.customer_id is not None
            else None
        ),
        credit_balance=(
            -_balance_after(session, accounts.UANG_MUKA, sale.customer_id, sale.entry_id)
            if on_credit and sale.customer_id is not None
            else None
        ),
        qris_amount=qris_amount,
        # A copy never carries a code that can be paid: the payment was made, and a copy is no bill.
        qris_payload=None if is_copy else _qris(_static_qris(session, sale.id), qris_amount),
        is_copy=is_copy,
        is_voided=session.get(SaleVoid, sale.id) is not None,
        channel=_channel_name(session, sale.channel),
        delivery_fee=sale.delivery_fee,
        cart_effects=effects.get(None, ()),
        points=_points(session, sale),
    )


def find_receipt(session: Session, receipt_no: str) -> uuid.UUID:
    """The sale with receipt number `receipt_no` (as printed, any case)."""
    sale_id = session.scalar(select(Sale.id).where(Sale.receipt_no == receipt_no.strip().upper()))
    if sale_id is None:
        raise NotFound(N_("No sale has receipt number {number}."), number=receipt_no.strip())
    return sale_id


def slip_for_return(session: Session, return_id: uuid.UUID, *, is_copy: bool = False) -> ReturnSlip:
    """The refund slip of a return: what came back, how much, and how it was paid back."""
    ret = session.get(SaleReturn, return_id)
    if ret is None:
        raise NotFound(N_("Return not found."))
    values = settings.load(session)
    rows = session.execute(
        select(ReturnLine, SaleLine)
        .join(SaleLine, (SaleLine.sale_id == ReturnLine.sale_id) & (SaleLine.line_no == ReturnLine.sale_line_no))
        .where(ReturnLine.return_id == ret.id)
        .order_by(ReturnLine.line_no)
    ).all()
    sale = session.get(Sale, ret.sale_id)
    exclusive = sale is not None and sale.ppn_mode == "exclusive"
    units = _units(session, [sold.product_id for _, sold in rows])
    lines = tuple(
        ReturnSlipLine(
            name=sold.name,
            qty_milli=back.qty_milli,
            pack_milli=sold.pack_milli,
            unit=units.get(sold.product_id, ("pcs", False))[0],
            is_weighed=units.get(sold.product_id, ("pcs", False))[1],
            # Matches how `return_items` works out the amount, so the lines add up to it.
            amount=back.net + (back.ppn if exclusive else 0),
        )
        for back, sold in rows
    )
    on_kasbon = ret.refund_method == "kasbon" and ret.customer_id is not None
    kept = int(
        session.scalar(
            select(func.coalesce(func.sum(JournalLine.credit), 0)).where(
                JournalLine.entry_id == ret.entry_id, JournalLine.account_code == accounts.UANG_MUKA
            )
        )
        or 0
    )
    return ReturnSlip(
        shop=shop_header(session),
        number=ret.return_no,
        receipt_number=sale.receipt_no if sale is not None else "",
        at=local(ret.created_at, values.timezone),
        cashier=_user_name(session, ret.user_id),
        approved_by=_user_name(session, ret.approved_by),
        customer=_customer_name(session, ret.customer_id),
        lines=lines,
        amount=ret.amount,
        refund_method=ret.refund_method,
        kasbon_balance=(
            _kasbon_balance_after(session, ret.customer_id, ret.entry_id)
            if on_kasbon and ret.customer_id is not None
            else None
        ),
        reason=ret.reason,
        is_copy=is_copy,
        platform=_channel_name(session, sale.channel) if sale is not None and ret.refund_method == "platform" else "",
        credit_kept=kept,
        credit_balance=(
            -_balance_after(session, accounts.UANG_MUKA, ret.customer_id, ret.entry_id)
            if kept and ret.customer_id is not None
            else None
        ),
    )


def slip_for_shift_close(session: Session, shift_id: uuid.UUID, *, is_copy: bool = False) -> ShiftSlip:
    """The Z report of a closed shift, with its figures exactly as they were kept at close."""
    shift = session.get(Shift, shift_id)
    closed = session.get(ShiftClose, shift_id)
    if shift is None or closed is None:
        raise NotFound(N_("This shift has not been closed."))
    tz = settings.load(session).timezone
    report = z_report(session, shift_id)
    counts = json.loads(closed.denominations or "{}")
    return ShiftSlip(
        shop=shop_header(session),
        is_closed=True,
        opened_at=local(shift.opened_at, tz),
        at=local(closed.closed_at, tz),
        opened_by=_user_name(session, shift.opened_by),
        closed_by=_user_name(session, closed.closed_by),
        figures=ShiftFigures.of(report),
        counted=closed.counted_cash,
        difference=closed.difference,
        denominations=tuple(sorted(((int(k), int(v)) for k, v in counts.items() if int(v)), reverse=True)),
        is_copy=is_copy,
    )


def slip_for_x_report(
    session: Session, shift_id: uuid.UUID | None = None, *, at: dt.datetime | None = None
) -> ShiftSlip:
    """The X report of the open shift (or of `shift_id`), with its figures as they are at `at` (now)."""
    if shift_id is None:
        shift_id = require_open_shift(session).id
    shift = session.get(Shift, shift_id)
    if shift is None:
        raise NotFound(N_("Shift not found."))
    tz = settings.load(session).timezone
    return ShiftSlip(
        shop=shop_header(session),
        is_closed=False,
        opened_at=local(shift.opened_at, tz),
        at=local(at or utc_now(), tz),
        opened_by=_user_name(session, shift.opened_by),
        closed_by="",
        figures=ShiftFigures.of(shift_report(session, shift_id)),
        counted=None,
        difference=None,
        denominations=(),
    )


def _field(payload: Mapping[str, Any], key: str, kind: type) -> Any:
    value = payload.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidInput(N_("The slip cannot be printed: its '{field}' is missing or wrong."), field=key)
    return value


def _moment(payload: Mapping[str, Any], tz: str) -> dt.datetime | None:
    raw = payload.get("at")
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(raw))
    except ValueError:
        raise InvalidInput(N_("The slip cannot be printed: its '{field}' is missing or wrong."), field="at") from None
    return local(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC), tz)


def slip_for_payload(
    kind: str,
    payload: Mapping[str, Any],
    *,
    shop: ShopHeader | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    is_copy: bool = False,
) -> KasbonPaymentSlip | PrinterTestSlip:
    """A slip whose facts travel in its print job rather than being read back from the books.

    `kasbon_payment` needs `customer`, `amount`, `method` and `balance_after` (or `balance`), and takes `at`
    (an ISO instant) and `cashier`; `test` takes `at` and `printer`.
    """
    header = shop or ShopHeader("")
    if kind == "kasbon_payment":
        return KasbonPaymentSlip(
            shop=header,
            customer=_field(payload, "customer", str),
            amount=_field(payload, "amount", int),
            method=_field(payload, "method", str),
            # `record_kasbon_payment` writes "balance"; "balance_after" is the name this module documents.
            balance_after=_field(payload, "balance_after" if "balance_after" in payload else "balance", int),
            at=_moment(payload, timezone),
            cashier=str(payload.get("cashier") or ""),
            is_copy=is_copy,
        )
    if kind == "test":
        return PrinterTestSlip(shop=header, at=_moment(payload, timezone), printer=str(payload.get("printer") or ""))
    raise ValueError(f"no slip is made from a payload of kind {kind!r}")  # callers pass PAYLOAD_KINDS only


def open_drawer(
    session: Session,
    actor: Actor,
    reason: str,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Open the cash drawer without a sale: the owner (or a cashier with the owner's approval) says why.

    Audited and queued in the caller's transaction; the drawer opens when the print queue sends the job.
    Returns the print job's id.
    """
    when = at or utc_now()
    approved_by = require(actor, "open_drawer", approvals, when)
    if not reason.strip():
        raise InvalidInput(N_("Say why the drawer is opened."))
    if not print_queue.printer_configured(session):
        raise InvalidInput(N_("No receipt printer is set up, and the cash drawer opens through the printer."))
    audit.record(session, "drawer.open", at=when, user_id=actor.user_id, reason=reason.strip(), approved_by=approved_by)
    return print_queue.enqueue(session, "drawer", None, open_drawer=True, at=when)

"""Down payments on orders (uang muka) and the credit customers keep with the shop (titipan).

Both are Uang muka & titipan pelanggan, a liability: the shop holds money for goods not yet handed over. While an
order holds it the journal lines name the order as the party; kept as credit, they name the customer, who can
spend it as a later order's down payment, at the counter, or on their kasbon. So the books themselves say what
each order and each customer holds, and `credit_history` reads a customer's from them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Money
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.books.balances import party_balance
from pos.ledger.books.journal import Posting, credit, debit, post_entry
from pos.ledger.counter.shifts import current_shift
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import Customer, Order, OrderPayment, core
from pos.ledger.shop import settings

# Money a down payment comes in by (or is paid back by), and where it lands.
MONEY_METHODS: Final = {
    "cash": accounts.KAS,
    "qris": accounts.QRIS,
    "transfer": accounts.BANK,
    "ewallet": accounts.EWALLET,
}
DEPOSIT_METHODS: Final = (*MONEY_METHODS, "credit")  # 'credit': what the customer kept from an earlier order


def deposit_held(session: Session, order_id: uuid.UUID) -> Money:
    """The down payment an order holds now."""
    return Money(-party_balance(session, accounts.UANG_MUKA, order_id))


def customer_credit(session: Session, customer_id: uuid.UUID) -> Money:
    """Credit a customer keeps with the shop (down payments of cancelled orders they did not take back)."""
    return Money(-party_balance(session, accounts.UANG_MUKA, customer_id))


@dataclass(frozen=True, slots=True)
class CreditLine:
    """One movement of a customer's credit: kept from an order, spent on one, at the counter or on kasbon."""

    day: dt.date
    kind: str  # the journal entry's kind: order_credit, order_deposit, sale, kasbon_payment...
    memo: str  # names the order or the receipt
    added: int
    used: int
    balance: int  # credit held after this line


def credit_history(session: Session, customer_id: uuid.UUID) -> list[CreditLine]:
    """Every movement of the customer's credit, oldest first, with what they hold after each."""
    rows = session.execute(
        text(
            "SELECT e.business_date, e.kind, e.memo, l.debit, l.credit FROM journal_lines l "
            "JOIN journal_entries e ON e.id = l.entry_id "
            "WHERE l.party_id = :c AND l.account_code = :a ORDER BY e.business_date, e.created_at, l.line_no"
        ),
        {"c": customer_id.bytes, "a": accounts.UANG_MUKA},
    )
    out, held = [], 0
    for day, kind, memo, dr, cr in rows:
        held += int(cr) - int(dr)
        out.append(CreditLine(dt.date.fromisoformat(str(day)), str(kind), str(memo), int(cr), int(dr), held))
    return out


def check_credit(session: Session, customer_id: uuid.UUID | None, amount: int) -> None:
    """Refuse spending `amount` of credit the customer does not hold (or with no customer chosen)."""
    if customer_id is None:
        raise InvalidInput(N_("Paying with credit needs a customer: choose whose credit it is."))
    available = customer_credit(session, customer_id).rupiah
    if amount > available:
        raise InvalidInput(
            N_("{name} has only {credit} in credit."),
            name=_customer_name(session, customer_id),
            credit=fmt.rupiah(available),
        )


def _customer_name(session: Session, customer_id: uuid.UUID) -> str:
    return session.scalar(select(Customer.name).where(Customer.id == customer_id)) or ""


# Journal memos name the order, so an entry found in the books leads back to it (memos are the books' own words).
_MEMOS: Final = {
    "deposit": "Uang muka {number}",
    "refund": "Pengembalian uang muka {number}",
    "credit": "Uang muka {number} jadi titipan",
}


def _memo(session: Session, order_id: uuid.UUID, kind: str, method: str, note: str) -> str:
    number = session.scalar(select(Order.number).where(Order.id == order_id)) or ""
    memo = _MEMOS[kind].format(number=number)
    if kind == "deposit" and method == "credit":
        memo += " dari titipan"
    return f"{memo}: {note.strip()}" if note.strip() else memo


def _book(
    session: Session,
    actor: Actor,
    order_id: uuid.UUID,
    kind: str,
    method: str,
    amount: int,
    postings: Sequence[Posting],
    note: str,
    when: dt.datetime,
) -> uuid.UUID:
    """Post the entry, keep the order payment, audit it and queue it for the other counters."""
    day = business_date(when, settings.load(session).timezone)
    shift = current_shift(session) if method == "cash" else None  # cash goes through the open drawer
    pid = new_id()
    entry = post_entry(
        session,
        kind=f"order_{kind}",
        postings=postings,
        at=when,
        business_date=day,
        memo=_memo(session, order_id, kind, method, note),
        source_id=pid,
    )
    row: dict[str, Any] = {
        "id": pid,
        "order_id": order_id,
        "kind": kind,
        "method": method,
        "amount": amount,
        "shift_id": shift.id if shift else None,
        "business_date": day,
        "created_at": when,
        "user_id": actor.user_id,
        "note": note[:200],
        "entry_id": entry.id,
    }
    session.execute(insert(core(OrderPayment)), [row])
    audit.record(session, f"order.{kind}", at=when, user_id=actor.user_id, detail={"amount": amount, "method": method})
    emit_facts(session, "order.paid", {**entry.rows(), "order_payments": [row]}, when)
    return pid


def check_deposit(amount: Money, method: str) -> None:
    """Refuse a down payment that could not be booked, before anything else of the order is written."""
    if method not in DEPOSIT_METHODS:
        raise InvalidInput(N_("Unknown payment method '{method}'."), method=method)
    if amount.rupiah <= 0:
        raise InvalidInput(N_("The amount must be more than zero."))


def book_deposit(
    session: Session,
    actor: Actor,
    order_id: uuid.UUID,
    customer_id: uuid.UUID,
    amount: Money,
    *,
    method: str = "cash",
    note: str = "",
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Take a down payment on an order, in money or from the customer's credit."""
    check_deposit(amount, method)
    if method == "credit":
        check_credit(session, customer_id, amount.rupiah)
        source = debit(accounts.UANG_MUKA, amount.rupiah, customer_id)
    else:
        source = debit(MONEY_METHODS[method], amount.rupiah)
    postings = [source, credit(accounts.UANG_MUKA, amount.rupiah, order_id)]
    return _book(session, actor, order_id, "deposit", method, amount.rupiah, postings, note, at or utc_now())


def release_deposit(
    session: Session,
    actor: Actor,
    order_id: uuid.UUID,
    customer_id: uuid.UUID,
    how: str,
    *,
    method: str = "cash",
    approvals: Sequence[Approval] = (),
    note: str = "",
    at: dt.datetime | None = None,
) -> uuid.UUID | None:
    """Let go of all an order holds: paid back to the customer (`how='refund'`, by `method`; a cashier needs
    the owner's approval, as for any refund) or kept as their credit (`how='credit'`). None when it holds nothing.
    """
    when = at or utc_now()
    held = deposit_held(session, order_id).rupiah
    if held <= 0:
        return None
    if how == "credit":
        postings = [debit(accounts.UANG_MUKA, held, order_id), credit(accounts.UANG_MUKA, held, customer_id)]
        return _book(session, actor, order_id, "credit", "credit", held, postings, note, when)
    if how != "refund":
        raise InvalidInput(N_("Say whether the down payment is paid back or kept as credit."))
    account = MONEY_METHODS.get(method)
    if account is None:
        raise InvalidInput(N_("Unknown payment method '{method}'."), method=method)
    require(actor, "refund", approvals, when)
    postings = [debit(accounts.UANG_MUKA, held, order_id), credit(account, held)]
    return _book(session, actor, order_id, "refund", method, held, postings, note, when)

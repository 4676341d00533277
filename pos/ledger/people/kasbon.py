"""Kasbon (a customer's tab): taking payments, the customer's ledger and statement, ageing, and a reminder to send.

What a customer owes is the sum of their Piutang usaha lines; ageing allocates payments to the oldest
charges first (FIFO), the way a shopkeeper settles a tab, so "over 90 days" means goods not paid for in 90 days.
Credit a customer keeps with the shop (`deposits`) is a liability of its own, never netted into what they owe:
the statement and the ageing show it beside the tab, and a reminder asks only for what it does not cover.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.base.phones import wa_number
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.journal import credit, debit
from pos.ledger.books.party_payments import book_party_payment
from pos.ledger.counter import print_queue
from pos.ledger.counter.shifts import current_shift
from pos.ledger.people.customers import get_customer, kasbon_balance
from pos.ledger.people.deposits import check_credit, customer_credit
from pos.ledger.schema import Customer
from pos.ledger.shop import settings

# 'credit': paid from the credit the customer keeps with the shop (titipan), not with money brought in.
PAYMENT_METHODS: Final = ("cash", "qris", "transfer", "ewallet", "credit")
BUCKETS: Final = ((0, 30), (31, 60), (61, 90), (91, None))


def record_kasbon_payment(
    session: Session,
    actor: Actor | None,
    customer_id: uuid.UUID,
    amount: Money,
    *,
    method: str = "cash",
    note: str = "",
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """A customer pays off some or all of their tab, with money or from their credit. Cash goes into the open
    shift's drawer when there is one."""
    when = at or utc_now()
    if method not in PAYMENT_METHODS:
        raise InvalidInput(N_("Unknown payment method '{method}'."), method=method)
    if amount.rupiah <= 0:
        raise InvalidInput(N_("The amount must be more than zero."))
    customer = get_customer(session, customer_id)
    owed = kasbon_balance(session, customer_id).rupiah
    if amount.rupiah > owed:
        raise InvalidInput(N_("{name} owes only {owed}."), name=customer.name, owed=fmt.rupiah(owed))
    if method == "credit":
        check_credit(session, customer_id, amount.rupiah)
    values = settings.load(session)
    day = business_date(when, values.timezone)
    shift = current_shift(session)
    row = book_party_payment(
        session,
        actor,
        party_kind="customer",
        party_id=customer_id,
        amount=amount.rupiah,
        method=method,
        entry_kind="kasbon_payment",
        postings=[
            debit(accounts.PAYMENT_ACCOUNTS[method], amount.rupiah, customer_id if method == "credit" else None),
            credit(accounts.PIUTANG, amount.rupiah, customer_id),
        ],
        memo=note or f"Bayar kasbon {customer.name}" + (" dari titipan" if method == "credit" else ""),
        note=note,
        shift_id=shift.id if shift and method == "cash" else None,  # cash goes into the open drawer
        audit_action="kasbon.payment",
        when=when,
        day=day,
    )
    pid: uuid.UUID = row["id"]
    if values.printer_uri:
        if method == "cash" and values.drawer_kick_on_cash:
            print_queue.enqueue_drawer(session, pid, at=when)
        print_queue.enqueue(
            session,
            "kasbon_payment",
            pid,
            at=when,
            payload={
                "customer": customer.name,
                "amount": amount.rupiah,
                "method": method,
                "balance": owed - amount.rupiah,
            },
        )
    return pid


@dataclass(frozen=True, slots=True)
class LedgerLine:
    day: dt.date
    kind: str  # sale, kasbon_payment, return, void, ...
    memo: str
    charge: int  # what the customer took on credit
    payment: int  # what they paid or were credited
    balance: int  # owed after this line


def customer_ledger(session: Session, customer_id: uuid.UUID) -> list[LedgerLine]:
    """Every credit sale, payment and credit of one customer, oldest first, with the running balance."""
    rows = session.execute(
        text(
            "SELECT e.business_date, e.kind, e.memo, l.debit, l.credit FROM journal_lines l "
            "JOIN journal_entries e ON e.id = l.entry_id "
            "WHERE l.party_id = :c AND l.account_code = :a ORDER BY e.business_date, e.created_at, l.line_no"
        ),
        {"c": customer_id.bytes, "a": accounts.PIUTANG},
    )
    out, balance = [], 0
    for day, kind, memo, dr, cr in rows:
        balance += dr - cr
        out.append(LedgerLine(dt.date.fromisoformat(str(day)), kind, memo, int(dr), int(cr), balance))
    return out


# What each kind of entry on a customer's statement is, in a shopkeeper's words.
ENTRY_NAMES: Final = {
    "sale": N_("Bought"),
    "kasbon_payment": N_("Payment"),
    "return": N_("Return"),
    "void": N_("Voided sale"),
    "opening": N_("Kasbon brought in (opening balance)"),
    "opening_reversal": N_("Opening balance corrected"),
    "general": N_("Journal entry"),
    "order_deposit": N_("Down payment"),
    "order_refund": N_("Down payment paid back"),
    "order_credit": N_("Turned into credit"),
}


def entry_name(kind: str) -> str:
    """The statement's word for an entry of `kind` (its code for a kind not named here)."""
    return _(ENTRY_NAMES[kind]) if kind in ENTRY_NAMES else kind


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One event on a customer's statement: what it did to their tab and to the credit they keep."""

    day: dt.date
    kind: str  # sale, kasbon_payment, return, void, order_credit, order_deposit, ...
    memo: str
    reference: str  # the receipt, return or order it was for ("" for a payment)
    charge: int  # taken on kasbon
    payment: int  # paid or credited off the tab
    owed: int  # the tab after this line
    credit_added: int  # credit kept with the shop (a down payment not taken back)
    credit_used: int  # credit spent (on an order, at the counter, on the tab)
    credit: int  # credit held after this line


def customer_statement(session: Session, customer_id: uuid.UUID) -> list[StatementLine]:
    """The customer's statement: their kasbon and their credit, event by event, oldest first."""
    rows = session.execute(
        text(
            "SELECT e.business_date, e.kind, e.memo, COALESCE(MAX(s.receipt_no), MAX(r.return_no), MAX(o.number), ''), "
            "SUM(CASE WHEN l.account_code = :tab THEN l.debit ELSE 0 END), "
            "SUM(CASE WHEN l.account_code = :tab THEN l.credit ELSE 0 END), "
            "SUM(CASE WHEN l.account_code = :held THEN l.credit ELSE 0 END), "
            "SUM(CASE WHEN l.account_code = :held THEN l.debit ELSE 0 END) FROM journal_lines l "
            "JOIN journal_entries e ON e.id = l.entry_id "
            "LEFT JOIN sales s ON e.kind IN ('sale', 'void') AND s.id = e.source_id "
            "LEFT JOIN sale_returns r ON e.kind = 'return' AND r.id = e.source_id "
            "LEFT JOIN order_payments p ON e.kind LIKE 'order_%' AND p.id = e.source_id "
            "LEFT JOIN orders o ON o.id = p.order_id "
            "WHERE l.party_id = :c AND l.account_code IN (:tab, :held) "
            "GROUP BY e.id ORDER BY e.business_date, e.created_at, e.device_seq"
        ),
        {"c": customer_id.bytes, "tab": accounts.PIUTANG, "held": accounts.UANG_MUKA},
    )
    out, owed, held = [], 0, 0
    for day, kind, memo, reference, charge, payment, added, used in rows:
        owed += int(charge) - int(payment)
        held += int(added) - int(used)
        out.append(
            StatementLine(
                dt.date.fromisoformat(str(day)),
                str(kind),
                str(memo),
                str(reference),
                int(charge),
                int(payment),
                owed,
                int(added),
                int(used),
                held,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Ageing:
    customer_id: uuid.UUID
    name: str
    phone: str
    credit_limit: int
    buckets: tuple[int, int, int, int]  # 0-30, 31-60, 61-90, over 90 days
    oldest: dt.date | None
    credit: int = 0  # what they keep with the shop (titipan): not netted into what they owe

    @property
    def to_pay(self) -> int:
        """What is left to ask for once their credit is used."""
        return max(self.total - self.credit, 0)

    @property
    def total(self) -> int:
        return sum(self.buckets)


def _age(charges: deque[list[object]], as_of: dt.date) -> tuple[tuple[int, int, int, int], dt.date | None]:
    buckets = [0, 0, 0, 0]
    oldest = None
    for day, left in charges:
        assert isinstance(day, dt.date) and isinstance(left, int)
        if left <= 0:
            continue
        days = (as_of - day).days
        index = next(i for i, (low, high) in enumerate(BUCKETS) if high is None or days <= high)
        buckets[index] += left
        oldest = day if oldest is None else min(oldest, day)
    return (buckets[0], buckets[1], buckets[2], buckets[3]), oldest


@dataclass(frozen=True, slots=True)
class TabLine:
    """One Piutang usaha line of a customer: what they took on credit (debit) or paid or were credited."""

    party_id: uuid.UUID
    day: dt.date
    debit: int
    credit: int


def age_tabs(lines: Iterable[TabLine], as_of: dt.date) -> dict[uuid.UUID, tuple[tuple[int, int, int, int], dt.date]]:
    """Each customer's open charges split by age at the end of `as_of`, with the day of the oldest one.

    `lines` come per customer in the order they were booked (day, then time). Payments settle the oldest charges
    first (FIFO); customers who owe nothing are left out.
    """
    open_charges: dict[uuid.UUID, deque[list[object]]] = {}
    # What a customer paid or was credited beyond what they owed at the time (a refund to kasbon larger than the
    # tab, two counters offline each taking the whole tab): it pays their next charges, oldest first.
    credit: dict[uuid.UUID, int] = {}
    for line in lines:
        pid = line.party_id
        charges = open_charges.setdefault(pid, deque())
        charge, pay = line.debit, line.credit + credit.pop(pid, 0)
        if charge:
            charges.append([line.day, charge])
        while pay and charges:
            first = charges[0]
            left = int(first[1])  # type: ignore[call-overload]
            used = min(left, pay)
            first[1] = left - used
            pay -= used
            if first[1] == 0:
                charges.popleft()
        if pay:
            credit[pid] = pay
    aged = {}
    for pid, charges in open_charges.items():
        buckets, oldest = _age(charges, as_of)
        if sum(buckets) and oldest is not None:
            aged[pid] = (buckets, oldest)
    return aged


def kasbon_ageing(session: Session, as_of: dt.date | None = None) -> list[Ageing]:
    """What each customer owes at the end of `as_of`, split by age, largest debts first."""
    day = as_of or business_date(utc_now(), settings.load(session).timezone)
    customers = {c.id: c for c in session.scalars(select(Customer))}
    rows = session.execute(
        text(
            # A kasbon brought in with the opening balances ages from the day it began (opening_items.since).
            "SELECT l.party_id, COALESCE(i.since, e.business_date) AS day, l.debit, l.credit FROM journal_lines l "
            "JOIN journal_entries e ON e.id = l.entry_id "
            "LEFT JOIN opening_items i ON i.entry_id = l.entry_id AND i.line_no = l.line_no "
            "WHERE l.account_code = :a AND l.party_id IS NOT NULL AND e.business_date <= :d "
            "ORDER BY l.party_id, day, e.created_at"
        ),
        {"a": accounts.PIUTANG, "d": day.isoformat()},
    )
    lines = [
        TabLine(uuid.UUID(bytes=bytes(party)), dt.date.fromisoformat(str(when)), int(dr), int(cr))
        for party, when, dr, cr in rows
    ]
    held: dict[bytes, int] = dict(
        session.execute(
            text(
                "SELECT l.party_id, SUM(l.credit) - SUM(l.debit) FROM journal_lines l "
                "JOIN journal_entries e ON e.id = l.entry_id "
                "WHERE l.account_code = :a AND l.party_id IS NOT NULL AND e.business_date <= :d GROUP BY 1"
            ),
            {"a": accounts.UANG_MUKA, "d": day.isoformat()},
        ).all()
    )
    result = []
    for pid, (buckets, oldest) in age_tabs(lines, day).items():
        if pid in customers:
            c = customers[pid]
            credit_held = max(int(held.get(pid.bytes) or 0), 0)
            result.append(Ageing(pid, c.name, c.phone, c.credit_limit, buckets, oldest, credit_held))
    return sorted(result, key=lambda a: -a.total)


@dataclass(frozen=True, slots=True)
class Reminder:
    text: str
    link: str | None  # wa.me link with the text, when the customer has a usable phone number


def reminder_for(
    name: str,
    phone: str,
    shop: str,
    owed: int,
    gettext: Callable[[str], str] = _,
    lang: str | None = None,
    *,
    held: int = 0,
) -> Reminder:
    """The reminder to `name` of `shop` who owes `owed` and keeps `held` in credit with the shop (titipan), in
    the language of `gettext` (amounts written for `lang`), and its wa.me link when the phone number is usable."""
    if owed <= 0:
        body = gettext("Hello {name}, thank you: your kasbon at {shop} is fully paid.").format(name=name, shop=shop)
    elif 0 < held < owed:
        body = gettext(
            "Hello {name}, a friendly reminder from {shop}: your kasbon stands at {amount}, and {credit} of your "
            "credit with us goes towards it, so {left} is left to pay. You can pay at the shop whenever it suits "
            "you. Thank you!"
        ).format(
            name=name,
            shop=shop,
            amount=fmt.rupiah(owed, lang),
            credit=fmt.rupiah(held, lang),
            left=fmt.rupiah(owed - held, lang),
        )
    else:
        body = gettext(
            "Hello {name}, a friendly reminder from {shop}: your kasbon stands at {amount}. "
            "You can pay at the shop whenever it suits you. Thank you!"
        ).format(name=name, shop=shop, amount=fmt.rupiah(owed, lang))
    number = wa_number(phone)
    link = f"https://wa.me/{number}?text={urllib.parse.quote(body)}" if number else None
    return Reminder(body, link)


def reminder(session: Session, customer_id: uuid.UUID) -> Reminder | None:
    """A polite reminder of what the customer owes less the credit they keep with the shop, ready to paste into
    WhatsApp, and its wa.me link. None when their credit covers the tab (there is nothing to ask for: use it), and
    None for a customer who has never bought on kasbon (a "fully paid" text would puzzle them)."""
    customer = get_customer(session, customer_id)
    owed = kasbon_balance(session, customer_id).rupiah
    held = customer_credit(session, customer_id).rupiah
    if 0 < owed <= held:
        return None
    if owed <= 0 and not customer_ledger(session, customer_id):
        return None
    shop = settings.load(session).shop_name
    return reminder_for(customer.name, customer.phone, shop, owed, held=held)

"""Customers who buy on kasbon (a tab): their records and what they owe.

What a customer owes is never stored as a number: it is the sum of the Piutang usaha lines tagged with them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import CustomerId, new_id
from pos.ledger.base.money import ZERO, Money
from pos.ledger.books import accounts
from pos.ledger.books.balances import party_balance
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Customer, core


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    id: CustomerId
    name: str
    phone: str
    address: str
    credit_limit: Money
    is_active: bool


def add_customer(
    session: Session,
    name: str,
    *,
    phone: str = "",
    address: str = "",
    credit_limit: Money = ZERO,
    customer_id: uuid.UUID | None = None,
) -> CustomerId:
    clean = name.strip()
    if not clean:
        raise InvalidInput(N_("The customer needs a name."))
    if credit_limit.rupiah < 0:
        raise InvalidInput(N_("A credit limit cannot be negative."))
    cid = customer_id or new_id()
    now = utc_now()
    fields = {
        "name": clean,
        "phone": phone.strip(),
        "address": address.strip(),
        "credit_limit": credit_limit.rupiah,
        "is_active": True,
        "created_at": now,
    }
    session.execute(insert(core(Customer)), [{"id": cid, **fields, "hlc": ""}])
    record_change(session, "customers", cid, fields, now)
    return CustomerId(cid)


def get_customer(session: Session, customer_id: uuid.UUID) -> CustomerInfo:
    row = session.execute(select(Customer).where(Customer.id == customer_id)).scalar()
    if row is None:
        raise NotFound(N_("Customer not found."))
    return CustomerInfo(CustomerId(row.id), row.name, row.phone, row.address, Money(row.credit_limit), row.is_active)


def kasbon_balance(session: Session, customer_id: uuid.UUID) -> Money:
    """What the customer owes the shop now."""
    return Money(party_balance(session, accounts.PIUTANG, customer_id))


def edit_customer(
    session: Session,
    customer_id: uuid.UUID,
    *,
    name: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    credit_limit: Money | None = None,
    is_active: bool | None = None,
) -> CustomerInfo:
    get_customer(session, customer_id)
    values: dict[str, object] = {}
    if name is not None:
        if not name.strip():
            raise InvalidInput(N_("The customer needs a name."))
        values["name"] = name.strip()
    if phone is not None:
        values["phone"] = phone.strip()
    if address is not None:
        values["address"] = address.strip()
    if credit_limit is not None and credit_limit != get_customer(session, customer_id).credit_limit:
        # Only a change travels: a limit is the owner's to set (`authority`), a phone number anyone's.
        if credit_limit.rupiah < 0:
            raise InvalidInput(N_("A credit limit cannot be negative."))
        values["credit_limit"] = credit_limit.rupiah
    if is_active is not None:
        values["is_active"] = is_active
    if values:
        session.execute(update(Customer).where(Customer.id == customer_id).values(**values))
        record_change(session, "customers", customer_id, values, utc_now())
    return get_customer(session, customer_id)


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: CustomerId
    name: str
    phone: str
    credit_limit: int
    balance: int


def list_customers(session: Session, query: str = "", *, limit: int = 200, offset: int = 0) -> list[CustomerRow]:
    """Customers with what each owes, matching part of a name or phone; biggest debts first."""
    rows = session.execute(
        text(
            "SELECT c.id, c.name, c.phone, c.credit_limit, COALESCE(b.owed, 0) AS owed FROM customers c "
            "LEFT JOIN (SELECT party_id, SUM(debit) - SUM(credit) AS owed FROM journal_lines "
            "WHERE account_code = :a AND party_id IS NOT NULL GROUP BY party_id) b ON b.party_id = c.id "
            "WHERE c.is_active AND (:q = '' OR lower(c.name) LIKE :like OR c.phone LIKE :like) "
            "ORDER BY owed DESC, c.name LIMIT :limit OFFSET :offset"
        ),
        {
            "a": accounts.PIUTANG,
            "q": query.strip(),
            "like": f"%{query.strip().lower()}%",
            "limit": limit,
            "offset": offset,
        },
    )
    return [
        CustomerRow(CustomerId(uuid.UUID(bytes=bytes(r.id))), r.name, r.phone, r.credit_limit, int(r.owed))
        for r in rows
    ]


def find_customer_by_name(session: Session, name: str) -> CustomerId | None:
    found = session.scalar(select(Customer.id).where(Customer.name == name.strip()))
    return None if found is None else CustomerId(found)

"""Customers who buy on kasbon (a tab): their records and what they owe.

What a customer owes is never stored as a number: it is the sum of the Piutang usaha lines tagged with them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger import accounts
from pos.ledger.balances import party_balance
from pos.ledger.errors import InvalidInput, NotFound
from pos.ledger.ids import CustomerId, new_id
from pos.ledger.money import ZERO, Money
from pos.ledger.schema import Customer


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
    session.execute(
        insert(Customer),
        [
            {
                "id": cid,
                "name": clean,
                "phone": phone.strip(),
                "address": address.strip(),
                "credit_limit": credit_limit.rupiah,
                "is_active": True,
                "hlc": "",
            }
        ],
    )
    return CustomerId(cid)


def get_customer(session: Session, customer_id: uuid.UUID) -> CustomerInfo:
    row = session.execute(select(Customer).where(Customer.id == customer_id)).scalar()
    if row is None:
        raise NotFound(N_("Customer not found."))
    return CustomerInfo(CustomerId(row.id), row.name, row.phone, row.address, Money(row.credit_limit), row.is_active)


def kasbon_balance(session: Session, customer_id: uuid.UUID) -> Money:
    """What the customer owes the shop now."""
    return Money(party_balance(session, accounts.PIUTANG, customer_id))

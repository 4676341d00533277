"""Customers who buy on kasbon (a tab): their records and what they owe.

What a customer owes is never stored as a number: it is the sum of the Piutang usaha lines tagged with them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import insert, select, text, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import CustomerId, new_id
from pos.ledger.base.money import ZERO, Money
from pos.ledger.base.phones import phone_number, phone_or_blank, wa_number
from pos.ledger.books import accounts
from pos.ledger.books.balances import party_balance
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Customer, CustomerGroup, core


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    id: CustomerId
    name: str
    phone: str
    address: str
    credit_limit: Money
    is_active: bool
    group_id: uuid.UUID | None = None
    group_limit: Money = ZERO  # the kasbon limit of the customer's group

    @property
    def kasbon_limit(self) -> Money:
        """Most the customer may owe without the owner: their own limit or their group's, whichever is higher."""
        return max(self.credit_limit, self.group_limit)


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
        "phone": phone_number(phone),
        "address": address.strip(),
        "credit_limit": credit_limit.rupiah,
        "is_active": True,
        "created_at": now,
    }
    session.execute(insert(core(Customer)), [{"id": cid, **fields, "hlc": ""}])
    record_change(session, "customers", cid, fields, now)
    return CustomerId(cid)


def get_customer(session: Session, customer_id: uuid.UUID) -> CustomerInfo:
    found = session.execute(
        select(Customer, CustomerGroup.credit_limit)
        .outerjoin(CustomerGroup, (CustomerGroup.id == Customer.group_id) & CustomerGroup.is_active)
        .where(Customer.id == customer_id)
    ).first()
    if found is None:
        raise NotFound(N_("Customer not found."))
    row, group_limit = found
    return CustomerInfo(
        CustomerId(row.id),
        row.name,
        phone_or_blank(row.phone),  # numbers stored before they were checked: in the one form, or none
        row.address,
        Money(row.credit_limit),
        row.is_active,
        row.group_id,
        Money(group_limit or 0),
    )


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
        values["phone"] = phone_number(phone)
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
    credit_limit: int  # the kasbon limit that holds: the customer's own or their group's, whichever is higher
    balance: int  # what they owe on kasbon
    credit: int = 0  # what they keep with the shop (titipan), to spend


def list_customers(session: Session, query: str = "", *, limit: int = 200, offset: int = 0) -> list[CustomerRow]:
    """Customers with what each owes and keeps with the shop, matching part of a name or phone; biggest debts
    first."""
    digits = "".join(ch for ch in query if ch.isascii() and ch.isdigit())
    rows = session.execute(
        text(
            "SELECT c.id, c.name, c.phone, MAX(c.credit_limit, COALESCE(g.credit_limit, 0)) AS credit_limit, "
            "COALESCE(b.owed, 0) AS owed, COALESCE(h.held, 0) AS held FROM customers c "
            "LEFT JOIN customer_groups g ON g.id = c.group_id AND g.is_active "
            "LEFT JOIN (SELECT party_id, SUM(debit) - SUM(credit) AS owed FROM journal_lines "
            "WHERE account_code = :a AND party_id IS NOT NULL GROUP BY party_id) b ON b.party_id = c.id "
            "LEFT JOIN (SELECT party_id, SUM(credit) - SUM(debit) AS held FROM journal_lines "
            "WHERE account_code = :h AND party_id IS NOT NULL GROUP BY party_id) h ON h.party_id = c.id "
            "WHERE c.is_active AND (:q = '' OR lower(c.name) LIKE :like OR c.phone LIKE :like "
            # Numbers are kept as 0812-3456-7890: typed digits match them whatever the dashes and spaces.
            "OR (:digits <> '' AND replace(replace(replace(replace(c.phone, '-', ''), ' ', ''), '(', ''), ')', '') "
            "LIKE :digits_like)) "
            "ORDER BY owed DESC, c.name LIMIT :limit OFFSET :offset"
        ),
        {
            "a": accounts.PIUTANG,
            "h": accounts.UANG_MUKA,
            "q": query.strip(),
            "like": f"%{query.strip().lower()}%",
            "digits": digits,
            "digits_like": f"%{digits}%",
            "limit": limit,
            "offset": offset,
        },
    )
    return [
        CustomerRow(
            CustomerId(uuid.UUID(bytes=bytes(r.id))),
            r.name,
            phone_or_blank(r.phone),
            r.credit_limit,
            int(r.owed),
            int(r.held),
        )
        for r in rows
    ]


# How many customers a refusal names before it says "and N more".
_NAMED: Final = 8


def _named(name: str, phone: str) -> str:
    """A customer as a refusal names them, their number in its kept form (none when the stored text never read)."""
    shown = phone_or_blank(phone)
    return f"{name} ({shown})" if shown else name


def customer_named(session: Session, text: str, *, partial: bool = True) -> CustomerId | None:
    """The one active customer `text` names: by name in any letter case, or by phone number; with `partial`, by
    part of the name when no name matches whole. None when nobody matches; refused, naming them all (with their
    phone numbers), when several do."""
    clean = " ".join(text.split())
    if not clean:
        return None
    rows = session.execute(
        select(Customer.id, Customer.name, Customer.phone).where(Customer.is_active).order_by(Customer.name)
    ).all()
    number = wa_number(clean) if any(ch.isdigit() for ch in clean) else None
    found = [r for r in rows if r.name.lower() == clean.lower() or (number and wa_number(r.phone) == number)]
    if not found and partial:
        found = [r for r in rows if clean.lower() in r.name.lower()]
    if len(found) > 1:
        named = ", ".join(_named(r.name, r.phone) for r in found[:_NAMED])
        more = len(found) - _NAMED
        raise InvalidInput(
            N_("'{text}' could be {count} customers: {names}. Write the whole name or the phone number."),
            text=clean,
            count=len(found),
            names=named + (f" (+{more})" if more > 0 else ""),
        )
    return CustomerId(found[0].id) if found else None

"""What the customers screen reads and writes, as functions of a session for `TaskManager.read` / `write` (no
widget is touched here).

Each returns plain values from the ledger's services: the customer list joined with the ageing of what each owes,
one customer's statement (their tab and their credit) and reminder, and the writes (a payment, a customer added
or changed).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.money import Money
from pos.ledger.people.customers import (
    CustomerInfo,
    add_customer,
    edit_customer,
    get_customer,
    kasbon_balance,
    list_customers,
)
from pos.ledger.people.deposits import customer_credit
from pos.ledger.people.kasbon import (
    Reminder,
    StatementLine,
    customer_statement,
    kasbon_ageing,
    reminder,
)
from pos.ledger.prices import groups, loyalty
from pos.ledger.shop import settings
from pos.ledger.spreadsheet.spreadsheet import ImportResult, import_customers

LIST_LIMIT = 500


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """A row of the list: who, how to reach them, their limit, what they owe and how old that debt is."""

    id: uuid.UUID
    name: str
    phone: str
    credit_limit: int
    balance: int
    buckets: tuple[int, int, int, int]  # 0-30, 31-60, 61-90, over 90 days
    oldest: dt.date | None
    credit: int = 0  # kept with the shop (titipan): shown beside what they owe, never netted into it

    @property
    def over_limit(self) -> bool:
        return self.balance > self.credit_limit


@dataclass(frozen=True, slots=True)
class CustomerDetail:
    info: CustomerInfo
    balance: int
    ledger: tuple[StatementLine, ...]  # their statement: the tab and the credit, event by event
    reminder: Reminder | None  # None when their credit covers the tab, or for one who never bought on kasbon
    credit: int = 0
    group: str = ""  # the customer's group (its prices and kasbon limit), or ''
    points: int | None = None  # loyalty points held today, while the shop gives points


@dataclass(frozen=True, slots=True)
class CustomerDraft:
    """What the add/edit form holds; `id` is None for a new customer."""

    id: uuid.UUID | None
    name: str
    phone: str
    address: str
    credit_limit: Money
    is_active: bool = True


def read_customers(session: Session, query: str) -> tuple[CustomerLine, ...]:
    """Customers matching `query` (part of a name or phone), biggest debts first, with their ageing."""
    rows = list_customers(session, query, limit=LIST_LIMIT)
    ageing = {a.customer_id: a for a in kasbon_ageing(session)}
    lines = []
    for row in rows:
        aged = ageing.get(row.id)
        lines.append(
            CustomerLine(
                row.id,
                row.name,
                row.phone,
                row.credit_limit,
                row.balance,
                aged.buckets if aged else (0, 0, 0, 0),
                aged.oldest if aged else None,
                row.credit,
            )
        )
    return tuple(lines)


def read_detail(session: Session, customer_id: uuid.UUID) -> CustomerDetail:
    info = get_customer(session, customer_id)
    values = settings.load(session)
    rule = loyalty.points_rule(values)
    today = business_date(utc_now(), values.timezone)
    return CustomerDetail(
        info,
        kasbon_balance(session, customer_id).rupiah,
        tuple(customer_statement(session, customer_id)),
        reminder(session, customer_id),
        customer_credit(session, customer_id).rupiah,
        groups.group_name(session, info.group_id),
        loyalty.points_balance(session, customer_id, today) if rule.in_use else None,
    )


def save_customer(session: Session, draft: CustomerDraft) -> uuid.UUID:
    """Add the customer, or change the one `draft.id` names; returns its id."""
    if draft.id is None:
        return add_customer(
            session, draft.name, phone=draft.phone, address=draft.address, credit_limit=draft.credit_limit
        )
    edit_customer(
        session,
        draft.id,
        name=draft.name,
        phone=draft.phone,
        address=draft.address,
        credit_limit=draft.credit_limit,
        is_active=draft.is_active,
    )
    return draft.id


def import_customer_sheet(session: Session, path: Path, columns: dict[str, str], _sku_barcodes: bool) -> ImportResult:
    """The sheet import's importer, run in its dialog's write."""
    return import_customers(session, path, columns=columns)

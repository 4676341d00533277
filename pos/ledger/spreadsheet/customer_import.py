"""Importing kasbon customers from a sheet, all or nothing: new customers added, and an existing one (same name
and phone) given the sheet's address and credit limit.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.people import customers
from pos.ledger.schema import Customer
from pos.ledger.schema.parties import CUSTOMER_NAME_LENGTH
from pos.ledger.spreadsheet.sheet_cells import (
    Cell,
    Noted,
    money_cell,
)
from pos.ledger.spreadsheet.sheet_cells import limited_text as _limited
from pos.ledger.spreadsheet.sheet_cells import phone_cell as _phone
from pos.ledger.spreadsheet.sheet_files import (
    SheetSource,
    load_sheet,
)
from pos.ledger.spreadsheet.sheet_headers import CUSTOMER_ALIASES
from pos.ledger.spreadsheet.sheet_rows import (
    Columns,
    ImportResult,
    RowProblem,
    RowReader,
    SheetRejected,
    data_rows,
    find_layout,
    name_key,
    opening_labels,
    plain,
)

CUSTOMER_COLUMNS: Final = ("nama", "telepon", "alamat", "batas_kasbon")
# Field lengths of the tables, checked here because SQLite would store longer text without a word.
_MAX_ADDRESS: Final = 200


@dataclass(slots=True)
class _CustomerRow:
    row: int
    name: str
    phone: str
    address: str | None
    limit: int | None


def _credit_limit(value: Cell) -> int | Noted[int]:
    amount = money_cell(value)
    if plain(amount) < 0:
        raise InvalidInput(N_("A credit limit cannot be negative."))
    return amount


def _customer_key(name: str, phone: str) -> tuple[str, str]:
    return name_key(name), re.sub(r"\D", "", phone)


def import_customers(session: Session, path: SheetSource, *, columns: Columns | None = None) -> ImportResult:
    """Add and update kasbon customers from a spreadsheet, all or nothing; raises `SheetRejected`.

    A row is an existing customer when name (ignoring case and spacing) and phone digits both agree, so two
    different Pak Budis stay two customers; its address and credit limit are then updated (blank cells keep them).
    What a customer owes today is left to the opening balances (`opening_sheets`).
    """
    sheet = load_sheet(path)
    layout = find_layout(sheet, CUSTOMER_ALIASES, ("nama",), columns)
    existing: dict[tuple[str, str], tuple[uuid.UUID, str, int]] = {}
    for r in session.execute(
        select(Customer.id, Customer.name, Customer.phone, Customer.address, Customer.credit_limit)
    ):
        existing.setdefault(_customer_key(r.name, r.phone), (r.id, r.address, r.credit_limit))
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    rows: list[_CustomerRow] = []
    first: dict[tuple[str, str], int] = {}
    for number, values in data_rows(sheet, layout, notes):
        reader = RowReader(layout, number, values, problems, notes)
        name = reader.get("nama", lambda v: _limited(v, CUSTOMER_NAME_LENGTH))
        if name is None and reader.ok:
            reader.problem("nama", N_("The name is missing."))
        phone = reader.get("telepon", _phone) or ""
        address = reader.get("alamat", lambda v: _limited(v, _MAX_ADDRESS))
        limit = reader.get("batas_kasbon", _credit_limit)
        if name is not None:
            other = first.setdefault(_customer_key(name, phone), number)
            if other != number:
                reader.problem("nama", N_("{name} is also on row {other}."), name=name, other=other)
        if reader.ok and name is not None:
            rows.append(_CustomerRow(number, name, phone, address, limit))
    if problems:
        raise SheetRejected(problems)
    created = updated = unchanged = 0
    row_ids: dict[int, uuid.UUID] = {}
    for row in rows:
        found = existing.get(_customer_key(row.name, row.phone))
        if found is None:
            row_ids[row.row] = customers.add_customer(
                session, row.name, phone=row.phone, address=row.address or "", credit_limit=Money(row.limit or 0)
            )
            created += 1
            continue
        cid, address, limit = found
        row_ids[row.row] = cid
        new_address = row.address if row.address is not None and row.address != address else None
        new_limit = Money(row.limit) if row.limit is not None and row.limit != limit else None
        if new_address is None and new_limit is None:
            unchanged += 1
            continue
        customers.edit_customer(session, cid, address=new_address, credit_limit=new_limit)
        updated += 1
    return ImportResult(created, updated, unchanged, layout.skipped, tuple(notes), row_ids, opening_labels(layout))
